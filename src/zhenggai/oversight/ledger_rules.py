"""The ledger-only quality rules (整改质量体检 on ledger data), and the text rules of
``zhenggai.quality`` run over each unit's measures.

Each rule reads a whole set of units in one or two queries (the dashboard's query count
does not grow with units) and returns ``LedgerFlag`` rows whose message quotes the
evidence and says what to do. Rule codes are the ones ``zhenggai check`` uses where a
rule applies to both.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef

from zhenggai import quality
from zhenggai.ledger.models import Finding, Measure

TEXT_RULES = ["intent_as_done", "empty_words", "copy_paste", "off_topic"]

# code → (中文名称, 每处扣分, 说明)
LEDGER_RULES: dict[str, tuple[str, int, str]] = {
    "no_evidence": ("销号无佐证", 20, "措施已标为完成，却没有任何佐证材料。应补充可以核查的材料，否则不应销号。"),
    "evidence_reuse": ("佐证材料重复使用", 15, "同一文件（SHA-256 相同）同时作为不同问题或单位措施的佐证。应核实每项措施各自的整改证据。"),
    "deadline_rush": ("临期突击销号", 10, "完成时限前几天集中销号。应抽查这些事项是否真正整改到位。"),
    "closed_before_acting": ("未报进展即销号", 15, "措施已完成，却从未报送过整改进展。应核实整改过程。"),
    "stale_long_term": ("长期坚持无后续", 10, "长期坚持事项过了复核日期仍无进展报送。应督促定期报告落实情况。"),
    "coverage": ("措施要素缺失", 10, "问题没有整改措施，或措施缺少责任人、完成时限。应补齐。"),
}
RUSH_DAYS = 3
RUSH_MIN = 5


@dataclass(frozen=True)
class LedgerFlag:
    rule: str
    unit_id: int
    message: str
    measure_id: int | None = None
    finding_id: int | None = None

    @property
    def name(self) -> str:
        return rule_name(self.rule)

    @property
    def weight(self) -> int:
        return rule_weight(self.rule)

    @property
    def explanation(self) -> str:
        """What the rule means and what to do (the legend beside the evidence the message quotes)."""
        return rule_explanation(self.rule)


def rule_name(code: str) -> str:
    if code in LEDGER_RULES:
        return LEDGER_RULES[code][0]
    return quality.RULES[code].name if code in quality.RULES else code


def rule_explanation(code: str) -> str:
    if code in LEDGER_RULES:
        return LEDGER_RULES[code][2]
    return quality.RULES[code].explanation if code in quality.RULES else ""


def rule_weight(code: str) -> int:
    if code in LEDGER_RULES:
        return LEDGER_RULES[code][1]
    return quality.RULES[code].weight if code in quality.RULES else 0


def _short(text: str, n: int = 30) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n] + "…"


def _live(unit_ids: Iterable[int], only: Iterable[int] | None = None):
    """The live measures of the units; ``only`` narrows to some of them (a page of the ledger).

    With ``only`` the query is by id alone, which SQLite answers by primary key, where the
    unit's index would walk the whole unit: the flags carry their unit, and measure_flags
    keeps those of its unit."""
    if only is not None:
        return Measure.objects.active().filter(id__in=sorted(only), finding__archived_at__isnull=True).order_by()
    return Measure.objects.active().filter(finding__unit_id__in=list(unit_ids), finding__archived_at__isnull=True)


def no_evidence(unit_ids: Iterable[int], today: dt.date, only: Iterable[int] | None = None) -> list[LedgerFlag]:
    qs = (_live(unit_ids, only).filter(status=Measure.Status.COMPLETED).annotate(n=Count("evidence")).filter(n=0)
          .values_list("id", "finding_id", "finding__unit_id", "text"))
    return [LedgerFlag("no_evidence", u, f"措施“{_short(t)}”已标为完成，但没有上传任何佐证材料。", m, f)
            for m, f, u, t in qs]


def evidence_reuse(unit_ids: Iterable[int], today: dt.date, only: Iterable[int] | None = None) -> list[LedgerFlag]:
    from zhenggai.workflow.models import Evidence

    ids = set(unit_ids)
    only = None if only is None else set(only)
    # The same bytes anywhere in the installation (another unit's measure counts too), flagged on these units.
    shas = (Evidence.objects.filter(measure__in=_live(ids)) if only is None
            else Evidence.objects.filter(measure_id__in=sorted(only)))  # the loop keeps these units' flags only
    shas = shas.order_by().values("sha256")
    rows = list(Evidence.objects.filter(sha256__in=shas, measure__archived_at__isnull=True).order_by("uploaded_at", "id")
                .values_list("sha256", "name", "measure_id", "measure__finding_id", "measure__finding__unit_id", "measure__text"))
    first: dict[str, tuple] = {}
    out = []
    seen: set[tuple[str, int]] = set()
    for sha, name, mid, fid, uid, text in rows:
        if sha not in first:
            first[sha] = (name, mid, fid, uid, text)
            continue
        _, m0, f0, u0, t0 = first[sha]
        if (f0 == fid and u0 == uid) or (sha, mid) in seen or uid not in ids or (only is not None and mid not in only):
            continue
        seen.add((sha, mid))
        if u0 != uid:  # the unit's own pages show this: nothing of the other unit's ledger is quoted
            message = f"佐证材料“{_short(name)}”（SHA-256 {sha[:12]}…）与另一单位一项措施所附文件完全相同。"
        else:
            message = (f"佐证材料“{_short(name)}”（SHA-256 {sha[:12]}…）与另一问题的措施“{_short(t0, 20)}”"
                       "所附文件完全相同。")
        out.append(LedgerFlag("evidence_reuse", uid, message, mid, fid))
    return out


def closed_on_units(unit_ids: Iterable[int]) -> dict[int, dt.date]:
    """workflow.queries.closed_on's rule (the last approval to 已销号), selected by unit
    rather than by a list of measure ids, which would outgrow SQLite's variable limit."""
    from django.utils import timezone

    from zhenggai.workflow.models import AuditEvent

    rows = (AuditEvent.objects.filter(unit_id__in=list(unit_ids), action="workflow.close.approve", data__to="closed")
            .values("measure_id").annotate(last=Max("at")).values_list("measure_id", "last"))
    return {mid: timezone.localtime(at).date() for mid, at in rows}


def deadline_rush(unit_ids: Iterable[int], today: dt.date, only: Iterable[int] | None = None) -> list[LedgerFlag]:
    """A day with at least RUSH_MIN closings of measures due within RUSH_DAYS after it (a unit-wide
    flag: ``only`` does not narrow it, the burst is the unit's)."""
    ids = list(unit_ids)
    live = list(_live(ids).filter(status=Measure.Status.COMPLETED).values_list("id", "finding__unit_id", "deadline"))
    closed = closed_on_units(ids)
    days: Counter = Counter()
    for mid, uid, deadline in live:
        on = closed.get(mid)
        if on and deadline and 0 <= (deadline - on).days <= RUSH_DAYS:
            days[(uid, on)] += 1
    return [LedgerFlag("deadline_rush", uid, f"{on:%Y年%-m月%-d日}一天销号 {n} 项，均在完成时限前{RUSH_DAYS}天内。")
            for (uid, on), n in sorted(days.items(), key=lambda kv: (kv[0][0], kv[0][1])) if n >= RUSH_MIN]


def closed_before_acting(unit_ids: Iterable[int], today: dt.date, only: Iterable[int] | None = None) -> list[LedgerFlag]:
    qs = (_live(unit_ids, only).filter(status=Measure.Status.COMPLETED).annotate(n=Count("progress_reports")).filter(n=0)
          .values_list("id", "finding_id", "finding__unit_id", "text"))
    return [LedgerFlag("closed_before_acting", u, f"措施“{_short(t)}”已完成销号，但系统中没有一次进展报送。", m, f)
            for m, f, u, t in qs]


def stale_long_term(unit_ids: Iterable[int], today: dt.date, only: Iterable[int] | None = None) -> list[LedgerFlag]:
    qs = (_live(unit_ids, only).filter(status=Measure.Status.LONG_TERM, review_date__lt=today)
          .annotate(last=Max("progress_reports__created_at"))
          .values_list("id", "finding_id", "finding__unit_id", "text", "review_date", "last"))
    out = []
    for m, f, u, t, review, last in qs:
        if last is None or last.date() < review:
            out.append(LedgerFlag("stale_long_term", u, f"长期坚持措施“{_short(t)}”复核日期为{review:%Y年%-m月%-d日}，"
                                  "此后没有报送进展。", m, f))
    return out


def coverage(unit_ids: Iterable[int], today: dt.date, only: Iterable[int] | None = None) -> list[LedgerFlag]:
    ids = list(unit_ids)
    # Problems (leaves that are not aspects) without a live measure, found in SQL: the ledger page
    # asks for this on every page and must not read the unit's whole tree to find a few.
    children = Finding.objects.active().filter(parent_id=OuterRef("pk"))
    measures = Measure.objects.active().filter(finding_id=OuterRef("pk"))
    rowless = (Finding.objects.active().filter(unit_id__in=ids).exclude(level="aspect")
               .exclude(Exists(children)).exclude(Exists(measures)).values_list("id", "unit_id", "title"))
    out = [LedgerFlag("coverage", u, f"问题“{_short(t)}”没有任何整改措施。", None, f) for f, u, t in rowless]
    for m, f, u, t, person, deadline, kind in _live(ids, only).exclude(status__in=[Measure.Status.COMPLETED]).values_list(
            "id", "finding_id", "finding__unit_id", "text", "person", "deadline", "kind"):
        missing = [w for w, gone in (("责任人", not (person or "").strip()),
                                     ("完成时限", deadline is None and kind != Measure.Kind.LONG_TERM)) if gone]
        if missing:
            out.append(LedgerFlag("coverage", u, f"措施“{_short(t)}”缺少{'、'.join(missing)}。", m, f))
    return out


RULES = [no_evidence, evidence_reuse, deadline_rush, closed_before_acting, stale_long_term, coverage]


_MEMO: OrderedDict[int, tuple[tuple, list[LedgerFlag]]] = OrderedDict()
_MEMO_SIZE = 64  # units; a key holds its unit's titles and texts (about 1 MB for 4,000 measures)
_memo_lock = threading.Lock()


def text_flags(unit_ids: Iterable[int]) -> list[LedgerFlag]:
    """zhenggai.quality's text rules over each unit's measures, in ledger order (two queries).

    The rules are pure, so each unit's result is remembered by exactly what they read (its
    rows, compared in full, not by a digest): the ledger page asks for the same unit's flags
    on every page and filter, and checking a 4,000-measure unit takes about half a second
    where reading its texts takes a few milliseconds."""
    ids = list(unit_ids)
    findings = list(Finding.objects.active().filter(unit_id__in=ids).order_by("unit_id", "sort_key", "id")
                    .values_list("id", "unit_id", "parent_id", "level", "title"))
    measures: dict[int, list[tuple]] = defaultdict(list)  # unit → its measure rows
    for row in (_live(ids).order_by("finding_id", "position", "id")
                .values_list("finding__unit_id", "id", "finding_id", "text", "status")):
        measures[row[0]].append(row[1:])
    by_unit: dict[int, list[tuple]] = defaultdict(list)
    for row in findings:
        by_unit[row[1]].append(row)
    out: list[LedgerFlag] = []
    for uid, rows in by_unit.items():
        key = (tuple(TEXT_RULES), tuple(rows), tuple(measures.get(uid, ())))
        digest = hash(key)  # computed once; a hit is then compared in full
        with _memo_lock:
            hit = _MEMO.get(digest)
            if hit is not None and hit[0] == key:
                _MEMO.move_to_end(digest)
                found = hit[1]
            else:
                found = None
        if found is None:
            found = _check_unit(uid, rows, key[2])
            with _memo_lock:
                _MEMO[digest] = (key, found)
                while len(_MEMO) > _MEMO_SIZE:
                    _MEMO.popitem(last=False)
        out.extend(found)
    return out


def _check_unit(uid: int, findings: list[tuple], measure_rows: tuple) -> list[LedgerFlag]:
    measures: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for mid, fid, text, status in measure_rows:
        measures[fid].append((mid, text, status))
    titles = {f: t for f, _, _, _, t in findings}
    parent_of = {f: p for f, _, p, _, _ in findings}
    parents = set(parent_of.values())
    items, refs = [], []
    for f, _, _, _, _ in findings:
        ms = measures.get(f, [])
        ctx, p = [], parent_of[f]
        while p:
            ctx.insert(0, titles.get(p, ""))
            p = parent_of.get(p)
        status = "completed" if ms and all(s == Measure.Status.COMPLETED for _, _, s in ms) else "ongoing"
        items.append(quality.Item(titles[f], tuple(t for _, t, _ in ms), status, tuple(ctx), f not in parents, f))
        refs.append((f, [m for m, _, _ in ms]))
    out: list[LedgerFlag] = []
    for flag in quality.run(quality.Subject(tuple(items)), TEXT_RULES):
        if flag.item is None:
            out.append(LedgerFlag(flag.rule, uid, flag.message))
            continue
        fid, mids = refs[flag.item]
        mid = mids[flag.measure] if flag.measure is not None and flag.measure < len(mids) else None
        out.append(LedgerFlag(flag.rule, uid, flag.message, mid, fid))
    return out


@dataclass
class UnitQuality:
    score: int
    flags: list[LedgerFlag]

    @property
    def by_rule(self) -> Counter:
        return Counter(f.rule for f in self.flags)


def unit_quality(unit_ids: Iterable[int], today: dt.date) -> dict[int, UnitQuality]:
    """Every flag per unit and a 0–100 score: each measure-level flag takes its weight off
    its problem, the score is the mean over problems with measures less unit-wide flags."""
    ids = list(unit_ids)
    flags = text_flags(ids)
    for rule in RULES:
        flags.extend(rule(ids, today))
    pairs = set(Measure.objects.active().filter(finding__unit_id__in=ids, finding__archived_at__isnull=True)
                .order_by().values_list("finding__unit_id", "finding_id"))
    items = Counter(u for u, _ in pairs)  # problems with measures, per unit
    out: dict[int, UnitQuality] = {}
    for uid in ids:
        mine = [f for f in flags if f.unit_id == uid]
        lost_by_item: Counter = Counter()
        whole = 0
        for f in mine:
            if f.finding_id is None:
                whole += f.weight
            else:
                lost_by_item[f.finding_id] += f.weight
        n = max(items.get(uid, 0), len(lost_by_item))
        mean = 100.0
        if n:
            mean = (sum(max(0, 100 - v) for v in lost_by_item.values()) + 100 * (n - len(lost_by_item))) / n
        out[uid] = UnitQuality(max(0, round(mean - whole)), mine)
    return out


@dataclass
class MeasureFlags:
    """The flags the ledger shows: per measure (a badge on its row), per problem as a whole (on
    the problem's first row), and those of the unit as a whole or of a problem without any
    measure, which has no row (a note above the table)."""

    by_measure: dict[int, list[LedgerFlag]]
    by_finding: dict[int, list[LedgerFlag]]
    unit_wide: list[LedgerFlag]

    def of(self, measure_id: int, finding_id: int | None = None) -> list[LedgerFlag]:
        """A row's flags: its measure's, and its problem's when ``finding_id`` is given."""
        mine = list(self.by_measure.get(measure_id, []))
        if finding_id is not None:
            mine += [f for f in self.by_finding.get(finding_id, []) if f.rule != "coverage"]
        return mine

    def notes(self) -> list[LedgerFlag]:
        rowless = [f for fs in self.by_finding.values() for f in fs if f.rule == "coverage"]
        return self.unit_wide + rowless

    @property
    def measure_ids(self) -> set[int]:
        return set(self.by_measure)


def measure_flags(unit_id: int, today: dt.date, only: Iterable[int] | None = None) -> MeasureFlags:
    """Every rule over one unit, the ledger-only ones narrowed to ``only`` (the measures of the
    page shown): a fixed number of queries whatever the number of rows. The text rules read the
    whole unit (a copy is judged against the measures before it) and are remembered by content."""
    keep = None if only is None else set(only)
    flags = [f for f in text_flags([unit_id]) if keep is None or f.measure_id is None or f.measure_id in keep]
    for rule in RULES:
        flags.extend(f for f in rule([unit_id], today, keep) if f.unit_id == unit_id)
    by: dict[int, list[LedgerFlag]] = defaultdict(list)
    by_finding: dict[int, list[LedgerFlag]] = defaultdict(list)
    wide: list[LedgerFlag] = []
    for f in flags:
        if f.measure_id is not None:
            by[f.measure_id].append(f)
        elif f.finding_id is not None:
            by_finding[f.finding_id].append(f)
        else:
            wide.append(f)
    return MeasureFlags(dict(by), dict(by_finding), wide)


def flagged_measure_ids(unit_id: int, today: dt.date) -> set[int]:
    """The unit's measures with a flag of their own: the ledger's 有质量问题 filter."""
    return measure_flags(unit_id, today).measure_ids
