"""Every report in ../shared/corpus: valid output, and hand-checked outlines where we have them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from zhenggai.parsing import parse_file

from .gold import CORPUS, SHARED, compare, load_gold

SCHEMA_PATH = Path(__file__).parents[2] / "src" / "zhenggai" / "parsing" / "report.schema.json"
AD = re.compile(r"公文素材|微信|dadawk|paidbegin|paidend|订阅|仅供学习|倒卖")


@pytest.fixture(scope="module")
def parsed(corpus_files):
    return {p.name: [r.to_dict() for r in parse_file(p)] for p in corpus_files}


def _extends(ours, theirs, where="schema"):
    """Every key of the shared schema is in ours with the same value, except for
    descriptions and for objects that only gained properties (an additive extension)."""
    if isinstance(theirs, dict):
        assert isinstance(ours, dict), where
        for k, v in theirs.items():
            if k == "description":
                continue
            assert k in ours, f"{where}.{k} dropped"
            _extends(ours[k], v, f"{where}.{k}")
    else:
        assert ours == theirs, where


def test_packaged_schema_extends_the_shared_one():
    shared = SHARED / "schema" / "report.schema.json"
    if not shared.exists():
        pytest.skip("shared schema not found")
    ours = json.loads(SCHEMA_PATH.read_text())
    _extends(ours, json.loads(shared.read_text()))
    # The added fields are optional: the shared examples stay valid.
    validator = jsonschema.Draft202012Validator(ours)
    for p in sorted((SHARED / "schema" / "examples").glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        for r in data if isinstance(data, list) else [data]:
            assert not list(validator.iter_errors(r)), p.name
    assert set(ours["properties"]) - set(json.loads(shared.read_text())["properties"]) >= {"document_kind", "confidence"}


def test_every_report_validates_and_is_complete(parsed):
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert len(parsed) == 27
    for name, reports in parsed.items():
        assert reports, name
        for r in reports:
            errors = [e.message for e in validator.iter_errors(r)]
            assert not errors, (name, errors[:3])
            assert r["title"] or r["organization"], name
            assert r["inspection"]["kind"] in ("巡视", "巡察"), name
            assert r["findings"], name
            assert r["source"].startswith(name)


def test_no_advert_text_leaks(parsed):
    for name, reports in parsed.items():
        for r in reports:
            leaks = AD.findall(json.dumps(r, ensure_ascii=False))
            assert not leaks, (name, leaks[:3])


def test_compilations_are_split(parsed):
    assert [r["organization"] for r in parsed["001-21.txt"]] == ["中共赣州市水利局党组", "中共洪江区工委", "中共南安市住房和城乡建设局党组"]
    assert len(parsed["001-14.txt"]) == 2 and len(parsed["001-24.txt"]) == 2
    assert sum(len(v) for v in parsed.values()) == 31


GOLD = load_gold() if CORPUS.is_dir() else {}


@pytest.mark.parametrize("source", sorted(GOLD))
def test_hand_checked_outline(parsed, source):
    """Titles, nesting, dates and figures as checked by hand; measures and status nearly all."""
    expected = GOLD[source]
    got = parsed[source]
    assert len(got) == len(expected)
    for e, g in zip(expected, got):
        res = compare(e, g)
        wrong = [k for k, v in res.items() if v is False]
        assert not wrong, wrong
        matched, n_expected, n_got = res["tree.nodes"]
        assert matched == n_expected == n_got
        assert res["tree.measures"] >= 0.9 * n_expected
        assert res["tree.status"] >= 0.9 * n_expected


def test_hand_checked_totals(parsed):
    """Across all gold files every measure count agrees, and statuses on at least 99% of items."""
    nodes = measures = status = 0
    for source, expected in GOLD.items():
        for e, g in zip(expected, parsed[source]):
            res = compare(e, g)
            nodes += res["tree.nodes"][1]
            measures += res["tree.measures"]
            status += res["tree.status"]
    assert nodes > 400
    assert measures == nodes
    assert status / nodes >= 0.99


def test_full_examples_measure_texts(parsed):
    """The four fully hand-parsed examples: every measure reads as written there."""
    for source, expected in GOLD.items():
        for e, g in zip(expected, parsed[source]):
            if "full" not in e:
                continue
            exp = [m for f in _walk(e["full"]["findings"]) for m in f["measures"]]
            got = [m for f in _walk(g["findings"]) for m in f["measures"]]
            # The examples cut each measure to its first 60 characters.
            assert len(got) == len(exp), source
            differ = [(a, b[:60]) for a, b in zip(exp, got) if b[:60] != a[:60]]
            assert not differ, (source, differ[:2])


def _walk(findings):
    for f in findings:
        yield f
        yield from _walk(f["children"])
