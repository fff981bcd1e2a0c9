"""Classifying problems into the taxonomy of the inspection work, transparently.

Every class has keywords and example titles (taxonomy.json beside this module,
editable). A title belongs to the class whose keywords it contains most (the
characters of the matched keywords are summed); a title with no keyword goes
to the class of its nearest example by character TF-IDF. An office's
corrections (title → class) are applied first and also become examples, so a
correction helps the titles that resemble it. Every answer says why.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .normalise import core

DEFAULT = Path(__file__).with_name("taxonomy.json")


class TaxonomyError(Exception):
    """A taxonomy or corrections file that cannot be used, said in Chinese."""


@dataclass(frozen=True)
class Classification:
    code: str
    name: str
    method: str  # "correction", "keyword" or "example"
    evidence: str  # the keywords, the example, or the correction, in Chinese
    score: float = 0.0

    @property
    def reason(self) -> str:
        label = {"correction": "人工更正", "keyword": "关键词", "example": "最相近示例"}[self.method]
        return f"{label}：{self.evidence}"


@dataclass(frozen=True)
class Klass:
    code: str
    name: str
    keywords: tuple[str, ...]
    examples: tuple[str, ...]


class Taxonomy:
    def __init__(self, classes: list[Klass], corrections: dict[str, str] | None = None):
        if not classes:
            raise TaxonomyError("分类表中没有任何类别")
        self.classes = {k.code: k for k in classes}
        self.order = [k.code for k in classes]
        owner: dict[str, str] = {}
        for k in classes:
            for kw in k.keywords:
                owner.setdefault(kw, k.code)
        self._owner = owner
        words = sorted(owner, key=len, reverse=True)  # the longest keyword wins where two overlap
        self._keywords = re.compile("|".join(map(re.escape, words))) if words else None
        self.corrections: dict[str, str] = {}
        for title, klass in (corrections or {}).items():
            self.corrections[core(title)] = self._code_of(klass, title)
        self._examples: list[tuple[str, str]] = [(core(e), k.code) for k in classes for e in k.examples]
        self._examples += [(t, c) for t, c in self.corrections.items()]
        self._vectoriser = None

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None, corrections: str | Path | None = None) -> Taxonomy:
        data = _read_json(Path(path) if path else DEFAULT, "分类表")
        try:
            classes = [
                Klass(c["code"], c["name"], tuple(c.get("keywords", ())), tuple(c.get("examples", ())))
                for c in data["classes"]
            ]
        except (KeyError, TypeError) as e:
            raise TaxonomyError(f"分类表格式不对：每一类需要 code、name、keywords、examples（缺少 {e}）") from None
        fixes = load_corrections(corrections) if corrections else {}
        return cls(classes, fixes)

    def _code_of(self, klass: str, title: str) -> str:
        for k in self.classes.values():
            if klass in (k.code, k.name) or k.name.startswith(klass):
                return k.code
        raise TaxonomyError(f"更正“{title}”指定的类别“{klass}”不在分类表中")

    # -- classifying -----------------------------------------------------------------------
    def keyword_scores(self, text: str) -> dict[str, int]:
        scores: dict[str, int] = {}
        if self._keywords is not None:
            for m in self._keywords.finditer(text):
                code = self._owner[m.group(0)]
                scores[code] = scores.get(code, 0) + len(m.group(0))
        return scores

    def keywords_in(self, text: str, code: str) -> list[str]:
        return list(dict.fromkeys(m.group(0) for m in self._keywords.finditer(text) if self._owner[m.group(0)] == code))

    def by_keywords(self, title: str) -> Classification | None:
        text = core(title)
        scores = self.keyword_scores(text)
        if not scores:
            return None
        best = max(self.order, key=lambda c: (scores.get(c, 0), -self.order.index(c)))
        words = self.keywords_in(text, best)
        return Classification(best, self.classes[best].name, "keyword", "、".join(words), float(scores[best]))

    def classify(self, title: str) -> Classification:
        return self.classify_many([title])[0]

    def classify_many(self, titles: list[str]) -> list[Classification]:
        out: list[Classification | None] = []
        pending: list[int] = []
        for i, title in enumerate(titles):
            key = core(title)
            if key in self.corrections:
                code = self.corrections[key]
                out.append(Classification(code, self.classes[code].name, "correction", "本单位更正", 1.0))
                continue
            found = self.by_keywords(title)
            out.append(found)
            if found is None:
                pending.append(i)
        if pending:
            for i, found in zip(pending, self._nearest([titles[i] for i in pending])):
                out[i] = found
        return out  # type: ignore[return-value]

    def _nearest(self, titles: list[str]) -> list[Classification]:
        from sklearn.feature_extraction.text import TfidfVectorizer

        if self._vectoriser is None:
            vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
            matrix = vec.fit_transform([t for t, _ in self._examples])
            self._vectoriser = (vec, matrix)
        vec, matrix = self._vectoriser
        sims = vec.transform([core(t) for t in titles]) @ matrix.T
        result = []
        for row in range(sims.shape[0]):
            r = sims.getrow(row)
            if r.nnz:
                j = int(r.indices[r.data.argmax()])
                score = float(r.data.max())
            else:
                j, score = 0, 0.0
            text, code = self._examples[j]
            result.append(Classification(code, self.classes[code].name, "example", f"“{text}”（相似度 {score:.2f}）", score))
        return result


def _read_json(path: Path, what: str):
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise TaxonomyError(f"{path}: 无法读取{what}（{e.strerror}）") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise TaxonomyError(f"{path}: {what}不是有效的 UTF-8 JSON（{e}）") from None


def load_corrections(path: str | Path) -> dict[str, str]:
    """Corrections as JSON ({"标题": "类别"} or [{"title": …, "class": …}]) or as lines 标题<TAB或,>类别."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        data = _read_json(p, "更正文件")
        if isinstance(data, dict):
            return {str(k): str(v) for k, v in data.items()}
        try:
            return {str(d["title"]): str(d["class"]) for d in data}
        except (KeyError, TypeError):
            raise TaxonomyError(f"{p}: 更正文件应为 {{\"标题\": \"类别\"}} 或 [{{\"title\": …, \"class\": …}}]") from None
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except OSError as e:
        raise TaxonomyError(f"{p}: 无法读取更正文件（{e.strerror}）") from None
    except UnicodeDecodeError:
        raise TaxonomyError(f"{p}: 更正文件不是 UTF-8 文本") from None
    fixes: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        title, sep, klass = line.rpartition("\t") if "\t" in line else line.rpartition(",")
        if not sep or not title.strip() or not klass.strip():
            raise TaxonomyError(f"{p} 第{n}行：应为“问题标题,类别”")
        fixes[title.strip()] = klass.strip()
    return fixes
