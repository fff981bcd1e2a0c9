"""The supervision dashboard (整改监督看板): one row per unit the user may supervise.

Every figure comes from ledger.figures (the one definition of each count and rate); the
queries read all the chosen units at once, so their number does not grow with the units.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from zhenggai.ledger import figures
from zhenggai.ledger.access import overview_rounds_qs, visible_units
from zhenggai.ledger.models import Finding, InspectionRound, Measure, Unit
from zhenggai.ledger.models.rounds import newest_first

from . import evaluation
from .ledger_rules import LedgerFlag, UnitQuality, rule_name, unit_quality
from .models import DEFAULT_STEPS, CheckResult, Notice, NoticeState, RoundSettings, SampleItem


@dataclass
class UnitRow:
    unit: Unit
    figures: figures.Figures
    unreported: int = 0
    missed: list = field(default_factory=list)  # MilestoneState
    quality: UnitQuality | None = None
    notices_open: int = 0
    notice_step: str = ""
    escalations: int = 0
    mismatches: int = 0
    sampled: int = 0
    evaluation: evaluation.Evaluation | None = None
    last_step: bool = False  # a notice has reached the ladder's last step (a veto)
    opinions: figures.OpinionFigures = field(default_factory=figures.OpinionFigures)  # 码上监督: opinions and ratings

    @property
    def overdue(self) -> int:
        return self.figures.tally.overdue

    def facts(self) -> dict[str, Any]:
        return {"rate_by_problem": self.figures.rate, "rate_by_measure": self.figures.rate_by_measure,
                "quality": self.quality.score if self.quality else 100, "overdue": self.overdue,
                "mismatches": self.mismatches, "missed_milestones": len(self.missed),
                "escalations": self.escalations, "last_step": self.last_step,
                "ratings": self.opinions.rated, "ratings_satisfied": self.opinions.satisfied,
                "ratings_basic": self.opinions.basic, "ratings_unsatisfied": self.opinions.unsatisfied}


def supervised_units(user, round_id: int | None = None, body_id: int | None = None):
    """Units of the rounds the user reads whole (巡视巡察办, 纪委监委, 组织部, upper 巡视办)."""
    rounds = overview_rounds_qs(user)
    if round_id:
        rounds = rounds.filter(pk=round_id)
    if body_id:
        rounds = rounds.filter(body_id=body_id)
    return (visible_units(user).filter(inspection__in=rounds).select_related("inspection__body")
            .order_by("inspection__name", "name"))


def _figures(ids: list[int], today: dt.date) -> dict[int, figures.Figures]:
    by_finding: dict[int, list[figures.MeasureFact]] = defaultdict(list)
    for fid, status, deadline in (Measure.objects.active().filter(finding__unit_id__in=ids, finding__archived_at__isnull=True)
                                  .order_by().values_list("finding_id", "status", "deadline")):
        by_finding[fid].append(figures.MeasureFact(status, deadline))
    rows = list(Finding.objects.active().filter(unit_id__in=ids).values_list("id", "parent_id", "level", "unit_id"))
    parents = {p for _, p, _, _ in rows if p}
    per_unit: dict[int, list] = defaultdict(list)
    for fid, _, level, uid in rows:
        per_unit[uid].append(figures.FindingFact(level, fid in parents, tuple(by_finding.get(fid, ()))))
    return {uid: figures.tally(per_unit.get(uid, ()), today) for uid in ids}


def _unreported(units: list[Unit], today: dt.date) -> Counter:
    """Open measures not reported this period (the workflow's due_reports rule, for all units in one query)."""
    from zhenggai.workflow.models import CloseRequest, ProgressReport, RequestState, WorkflowSettings
    from zhenggai.workflow.periods import period_of

    cadence = dict(WorkflowSettings.objects.filter(unit__in=units).values_list("unit_id", "cadence"))
    tz = timezone.get_current_timezone()
    starts = {u.id: dt.datetime.combine(period_of(cadence.get(u.id, "monthly"), today)[0], dt.time.min, tzinfo=tz)
              for u in units}
    pending = CloseRequest.objects.filter(state=RequestState.PENDING).values("measure_id")
    last = ProgressReport.objects.filter(measure=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    out: Counter = Counter()
    for uid, at in (Measure.objects.active().filter(finding__unit__in=units, finding__archived_at__isnull=True,
                                                    status__in=[Measure.Status.NOT_STARTED, Measure.Status.IN_PROGRESS])
                    .exclude(id__in=pending).annotate(last=Subquery(last)).values_list("finding__unit_id", "last")):
        if at is None or at < starts[uid]:
            out[uid] += 1
    return out


def _missed(units: list[Unit], today: dt.date) -> dict[int, list]:
    """inspection.services' milestone states, read for every unit in two queries."""
    from zhenggai.inspection.models import MilestoneDone, RoundMilestone
    from zhenggai.inspection.services import MilestoneState

    ms: dict[int, list] = defaultdict(list)
    for m in RoundMilestone.objects.filter(inspection_id__in={u.inspection_id for u in units}):
        ms[m.inspection_id].append(m)
    done = {(d.unit_id, d.kind): d.done_on for d in MilestoneDone.objects.active().filter(unit__in=units)}
    out = {}
    for u in units:
        states = [MilestoneState(m.kind, m.get_kind_display(), m.due_for(u), done.get((u.id, m.kind))) for m in ms[u.inspection_id]]
        missed = [s for s in states if s.missed(today)]
        if missed:
            out[u.id] = missed
    return out


def rows(units, today: dt.date | None = None) -> list[UnitRow]:
    today = today or timezone.localdate()
    units = list(units)
    ids = [u.id for u in units]
    figs = _figures(ids, today)
    unrep = _unreported(units, today) if units else Counter()
    missed = _missed(units, today) if units else {}
    qual = unit_quality(ids, today) if units else {}
    notices: dict[int, list[Notice]] = defaultdict(list)
    for n in Notice.objects.filter(unit_id__in=ids).order_by("id"):
        notices[n.unit_id].append(n)
    mism = Counter(SampleItem.objects.filter(sample__unit_id__in=ids, result=CheckResult.MISMATCH)
                   .values_list("sample__unit_id", flat=True))
    sampled = Counter(SampleItem.objects.filter(sample__unit_id__in=ids).values_list("sample__unit_id", flat=True))
    schemes = dict(RoundSettings.objects.filter(inspection_id__in={u.inspection_id for u in units})
                   .values_list("inspection_id", "scheme"))
    steps = dict(RoundSettings.objects.filter(inspection_id__in={u.inspection_id for u in units})
                 .values_list("inspection_id", "steps"))
    public = figures.unit_opinion_figures(ids) if units else {}
    out = []
    for u in units:
        ns = notices[u.id]
        open_ = [n for n in ns if n.is_open]
        n_steps = len(steps.get(u.inspection_id) or DEFAULT_STEPS)
        r = UnitRow(u, figs[u.id], unrep[u.id], missed.get(u.id, []), qual.get(u.id), len(open_),
                    open_[-1].name if open_ else "", sum(1 for n in ns if n.state == NoticeState.ESCALATED),
                    mism[u.id], sampled[u.id])
        r.last_step = any(n.step >= n_steps - 1 for n in ns)
        r.opinions = public[u.id]
        r.evaluation = evaluation.evaluate(r.facts(), schemes.get(u.inspection_id) or {})
        out.append(r)
    return out


SORTS = {
    "score": lambda r: -(r.evaluation.score if r.evaluation else 0),
    "rate": lambda r: -r.figures.rate,
    "overdue": lambda r: -r.overdue,
    "quality": lambda r: r.quality.score if r.quality else 100,
    "opinions": lambda r: r.opinions.received,  # fewest first: units the public has not reached come up
    "unanswered": lambda r: -r.opinions.open,
}

# 群众意见 filter: units with none (未收到群众意见), with opinions not yet answered.
OPINION_FILTERS = {"none": ("未收到群众意见", lambda r: r.opinions.none),
                   "open": ("有未答复意见", lambda r: r.opinions.open > 0)}


def ranked(rs: list[UnitRow], sort: str = "score", grade: str = "", opinions: str = "") -> list[UnitRow]:
    if grade:
        rs = [r for r in rs if r.evaluation and r.evaluation.grade == grade]
    if opinions in OPINION_FILTERS:
        rs = [r for r in rs if OPINION_FILTERS[opinions][1](r)]
    return sorted(rs, key=lambda r: (SORTS.get(sort, SORTS["score"])(r), r.unit.name))


def totals(rs: list[UnitRow]) -> dict[str, Any]:
    problems = sum(r.figures.problems for r in rs)
    done = sum(r.figures.completed for r in rs)
    measures = sum(r.figures.measures for r in rs)
    mdone = sum(r.figures.measures_done for r in rs)
    return {"units": len(rs), "problems": problems, "done": done, "rate": figures.completion_rate(done, problems),
            "measures": measures, "measures_done": mdone, "measure_rate": figures.completion_rate(mdone, measures),
            "overdue": sum(r.overdue for r in rs), "unreported": sum(r.unreported for r in rs),
            "missed": sum(len(r.missed) for r in rs), "notices": sum(r.notices_open for r in rs),
            "rules": rule_counts(rs),
            "opinions": sum(r.opinions.received for r in rs), "answered": sum(r.opinions.answered for r in rs),
            "unanswered": sum(r.opinions.open for r in rs), "silent": sum(1 for r in rs if r.opinions.none),
            "ratings": sum(r.opinions.rated for r in rs),
            "grades": sorted(Counter(r.evaluation.grade for r in rs if r.evaluation).items(), key=lambda kv: "好较好一般差".find(kv[0]))}


def rule_counts(rs: list[UnitRow]) -> list[tuple[str, str, int, int]]:
    """(code, 名称, flags, units flagged) over the rows, most flags first."""
    flags: Counter = Counter()
    units: Counter = Counter()
    for r in rs:
        if r.quality:
            by = r.quality.by_rule
            flags.update(by)
            units.update(by.keys())
    return [(c, rule_name(c), n, units[c]) for c, n in flags.most_common()]


def trend(units, today: dt.date | None = None, months: int = 12) -> list[tuple[str, int, Decimal]]:
    """Per month: measures closed that month and the cumulative 完成率（按措施） at its end
    (closing dates from the workflow's approvals; today's measure count as the base)."""
    from .ledger_rules import closed_on_units

    today = today or timezone.localdate()
    units = list(units)
    live = list(Measure.objects.active().filter(finding__unit__in=units, finding__archived_at__isnull=True)
                .values_list("id", "status"))
    done = {m for m, s in live if s == Measure.Status.COMPLETED}
    dates = {m: d for m, d in closed_on_units([u.id for u in units]).items() if m in done}
    per: Counter = Counter(f"{d:%Y-%m}" for d in dates.values())
    keys = []
    y, m = today.year, today.month
    for _ in range(months):
        keys.insert(0, f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    before = sum(n for k, n in per.items() if k < keys[0])
    out, running = [], before
    for k in keys:
        running += per.get(k, 0)
        out.append((k, per.get(k, 0), figures.completion_rate(running, len(live))))
    return out


def failing_items(unit: Unit, today: dt.date) -> list[dict[str, str]]:
    """What a 督办 notice lists: red warnings (overdue measures), missed milestones, quality flags."""
    from zhenggai.supervision import warnings as w

    items: list[dict[str, str]] = []
    for text, deadline in (Measure.objects.active().filter(finding__unit=unit, finding__archived_at__isnull=True,
                                                          deadline__lt=today).exclude(status__in=w.SETTLED)
                           .order_by("deadline", "id").values_list("text", "deadline")):
        items.append({"kind": "逾期措施（红色预警）", "text": f"{text}（完成时限{deadline:%Y年%-m月%-d日}，已逾期{(today - deadline).days}天）"})
    for s in _missed([unit], today).get(unit.id, []):
        items.append({"kind": "逾期时间节点", "text": f"{s.label}（应于{s.due:%Y年%-m月%-d日}前完成）"})
    for f in unit_quality([unit.id], today)[unit.id].flags:
        items.append({"kind": f"质量提示：{rule_name(f.rule)}", "text": f.message})
    return items


def flags_of(unit: Unit, today: dt.date) -> list[LedgerFlag]:
    return unit_quality([unit.id], today)[unit.id].flags


def body_choices(user) -> list[tuple[int, str]]:
    return sorted({(r.body_id, r.body.name) for r in overview_rounds_qs(user).select_related("body") if r.body_id},
                  key=lambda t: t[1])


def round_choices(user) -> list[InspectionRound]:
    return list(overview_rounds_qs(user).order_by(*newest_first()))
