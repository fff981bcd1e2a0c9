"""The round's verbs: prepare and hand over feedback, keep milestones, publish and answer
共性问题, record 日常监督. Each takes the actor and checks it through ``zhenggai.ledger.access``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from zhenggai.ledger import access, services as ledger
from zhenggai.ledger.models import Finding, InspectionRound, LedgerError, Lead, Measure, Suggestion, Unit
from zhenggai.ledger.permissions import Perm

from . import outline
from .models import (
    DEFAULT_DAYS, CommonAnswer, CommonProblem, FeedbackDraft, MilestoneDone, MilestoneKind, RoundMilestone,
    SupervisionActivity,
)


def _unit_access(actor, unit: Unit, perm: Perm) -> access.Access:
    a = access.access_for(actor, unit)
    if a is None:
        raise Http404("没有这个单位")
    if not a.may(perm):
        raise PermissionDenied("您的角色不能进行这项操作")
    return a


def _round_access(actor, rnd: InspectionRound, perm: Perm) -> None:
    from zhenggai.supervision.access import round_for

    round_for(actor, rnd.id, perm)


# ---- feedback: the group drafts, then hands over (移交) ---------------------------------

def draft_for(unit: Unit) -> FeedbackDraft:
    return FeedbackDraft.objects.get_or_create(unit=unit)[0]


@transaction.atomic
def save_draft(actor, unit: Unit, text: str) -> outline.Feedback:
    """Keep the group's outline; refuses what cannot be read, and a draft already handed over."""
    _unit_access(actor, unit, Perm.ENTER_FEEDBACK)
    draft = FeedbackDraft.objects.select_for_update().get(pk=draft_for(unit).pk)
    if draft.state == FeedbackDraft.State.HANDED_OVER:
        raise LedgerError("反馈意见已移交，不能再修改；请在整改台账中调整")
    try:
        fb = outline.read(text)
    except outline.OutlineError as e:
        raise LedgerError(str(e)) from None
    draft.content, draft.updated_by = fb.to_json(), actor
    draft.save()
    return fb


def from_document(report) -> outline.Feedback:
    """A parsed feedback document (zhenggai.parsing) as an outline: top level → aspects."""
    fb = outline.Feedback()
    for node in report.findings:
        if node.children:
            fb.aspects.append(outline.Aspect(node.title, [outline.Problem(c.title, [g.title for g in c.children])
                                                          for c in node.children]))
        else:
            if not fb.aspects or fb.aspects[-1].title != "反馈问题":
                fb.aspects.append(outline.Aspect("反馈问题"))
            fb.aspects[-1].problems.append(outline.Problem(node.title))
    return fb


@transaction.atomic
def hand_over(actor, unit: Unit, on: dt.date | None = None) -> int:
    """Move the draft into the unit's ledger on the feedback date: aspects, problems, their
    specific points, suggestions and the leads (which only the allowed roles ever see)."""
    _unit_access(actor, unit, Perm.ENTER_FEEDBACK)
    draft = FeedbackDraft.objects.select_for_update().get(pk=draft_for(unit).pk)
    if draft.state == FeedbackDraft.State.HANDED_OVER:
        raise LedgerError("反馈意见已移交")
    fb = outline.Feedback.from_json(draft.content or {})
    if fb.problem_count == 0:
        raise LedgerError("反馈意见还没有问题，不能移交")
    if Finding.objects.active().filter(unit=unit).exists():
        raise LedgerError("该单位台账中已有反馈问题，不能重复移交")
    on = on or timezone.localdate()
    for i, a in enumerate(fb.aspects, start=1):
        aspect = ledger.add_finding(unit, Finding.Level.ASPECT, a.title, number=str(i), user=actor)
        for j, p in enumerate(a.problems, start=1):
            problem = ledger.add_finding(unit, Finding.Level.PROBLEM, p.title, parent=aspect, number=str(j), user=actor)
            for k, d in enumerate(p.description, start=1):
                ledger.add_finding(unit, Finding.Level.ITEM, d, parent=problem, number=str(k), user=actor)
    for i, s in enumerate(fb.suggestions):
        Suggestion.objects.create(unit=unit, text=s, position=i)
    for s in fb.leads:
        Lead.objects.create(unit=unit, summary=s, transferred_on=on)
    draft.state, draft.handed_over_on, draft.handed_over_by = FeedbackDraft.State.HANDED_OVER, on, actor
    draft.save()
    if unit.feedback_date is None:
        unit.feedback_date = on
        unit.save(update_fields=["feedback_date"])
    return fb.problem_count


@dataclass
class Coverage:
    unit: Unit
    problems: int = 0
    without_measures: list[Finding] = field(default_factory=list)
    measures_without_owner: int = 0


def coverage(rnd: InspectionRound) -> list[Coverage]:
    """Per unit: every fed-back problem has measures, and every measure a person and a deadline."""
    rows = []
    for unit in Unit.objects.active().filter(inspection=rnd).order_by("name"):
        leaves = (Finding.objects.active().filter(unit=unit).exclude(level=Finding.Level.ASPECT)
                  .annotate(kids=Count("children", filter=Q(children__archived_at__isnull=True)),
                            n=Count("measures", filter=Q(measures__archived_at__isnull=True))))
        row = Coverage(unit)
        for f in leaves:
            if f.level == Finding.Level.PROBLEM:
                row.problems += 1
            if f.kids == 0 and f.n == 0:
                row.without_measures.append(f)
        row.measures_without_owner = Measure.objects.active().filter(finding__unit=unit).filter(
            Q(person="") | Q(deadline__isnull=True, kind="deadline")).count()
        rows.append(row)
    return rows


# ---- milestones -----------------------------------------------------------------------

def milestones(rnd: InspectionRound) -> list[RoundMilestone]:
    """The round's milestones, with the defaults of its kind for any not yet set."""
    have = {m.kind: m for m in RoundMilestone.objects.filter(inspection=rnd)}
    defaults = DEFAULT_DAYS.get(rnd.kind, DEFAULT_DAYS["巡察"])
    for kind in MilestoneKind:
        if kind not in have:
            have[kind] = RoundMilestone.objects.get_or_create(inspection=rnd, kind=kind,
                                                              defaults={"days": defaults[kind]})[0]
    return sorted(have.values(), key=lambda m: (m.days, m.kind))


@transaction.atomic
def set_milestone_days(actor, rnd: InspectionRound, days: dict[str, int]) -> None:
    _round_access(actor, rnd, Perm.ROUND_RULES)
    for m in milestones(rnd):
        if m.kind in days:
            value = int(days[m.kind])
            if not 1 <= value <= 1000:
                raise LedgerError(f"{m.get_kind_display()}：天数应在 1 到 1000 之间")
            if value != m.days:
                m.days = value
                m.save(update_fields=["days"])


@transaction.atomic
def record_milestone(actor, unit: Unit, kind: str, done_on: dt.date, note: str = "") -> MilestoneDone:
    a = access.access_for(actor, unit)
    if a is None:
        raise Http404("没有这个单位")
    if not (a.can_write or a.may(Perm.ROUND_RULES)):
        raise PermissionDenied("只有本单位整改办或巡视巡察办可以登记时间节点")
    if kind not in MilestoneKind.values:
        raise LedgerError("没有这个时间节点")
    if done_on > timezone.localdate():
        raise LedgerError("完成日期不能晚于今天")
    for old in MilestoneDone.objects.active().filter(unit=unit, kind=kind):
        old.archived_at = timezone.now()
        old.save(update_fields=["archived_at"])
    return MilestoneDone.objects.create(unit=unit, kind=kind, done_on=done_on, note=note[:300], recorded_by=actor)


@dataclass(frozen=True)
class MilestoneState:
    kind: str
    label: str
    due: dt.date | None
    done_on: dt.date | None

    def status(self, today: dt.date) -> str:
        if self.done_on:
            return "按时完成" if self.due is None or self.done_on <= self.due else "逾期完成"
        if self.due is None:
            return "待定（未设反馈日期）"
        if self.due < today:
            return "已逾期"
        return "即将到期" if (self.due - today).days <= 7 else "未到期"

    def missed(self, today: dt.date) -> bool:
        return self.due is not None and self.done_on is None and self.due < today


def milestone_states(unit: Unit, rnd_milestones: list[RoundMilestone] | None = None) -> list[MilestoneState]:
    rnd_milestones = rnd_milestones if rnd_milestones is not None else milestones(unit.inspection)
    done = {d.kind: d.done_on for d in MilestoneDone.objects.active().filter(unit=unit)}
    return [MilestoneState(m.kind, m.get_kind_display(), m.due_for(unit), done.get(m.kind)) for m in rnd_milestones]


def missed_milestones(units, today: dt.date) -> dict[int, list[MilestoneState]]:
    """Missed milestones per unit id, for the overview and the warnings."""
    out = {}
    by_round: dict[int, list[RoundMilestone]] = {}
    for unit in units:
        ms = by_round.setdefault(unit.inspection_id, milestones(unit.inspection))
        missed = [s for s in milestone_states(unit, ms) if s.missed(today)]
        if missed:
            out[unit.id] = missed
    return out


# ---- 共性问题 and 举一反三 ----------------------------------------------------------------

@transaction.atomic
def publish_common(actor, rnd: InspectionRound, title: str, description: str = "",
                   extra_units: list[Unit] = (), units: list[Unit] | None = None, source: str = "") -> CommonProblem:
    """Publish a 共性问题 of the round. ``units``: the round's units it goes to (None: all of them);
    ``extra_units``: units outside the round it is pushed to. Logged on every unit it goes to."""
    _round_access(actor, rnd, Perm.ROUND_RULES)
    title = " ".join((title or "").split())
    if not title:
        raise LedgerError("共性问题不能为空")
    if units is not None and not units:  # none chosen would mean every unit: refused, not widened
        raise LedgerError("请至少选择一个本轮次须对照整改的单位")
    cp = CommonProblem.objects.create(inspection=rnd, title=title[:300], description=description or "",
                                      published_on=timezone.localdate(), published_by=actor)
    allowed = push_targets(actor, rnd)
    for u in extra_units:
        if not allowed.filter(pk=u.pk).exists():
            raise PermissionDenied("只能推送到本机构可见、本轮未巡察的单位")
        cp.extra_units.add(u)
    if units is not None:
        inside = set(Unit.objects.active().filter(inspection=rnd, pk__in=[u.pk for u in units]).values_list("pk", flat=True))
        if len(inside) != len({u.pk for u in units}):
            raise LedgerError("所选单位不在本轮次中")
        cp.units.add(*inside)
    from zhenggai.workflow.services import log

    for u in targets_of(cp):
        log(u, actor, "inspection.common.publish", None, cp.title, common_problem=cp.pk, round=rnd.pk,
            source=source[:200])
    return cp


def targets_of(cp: CommonProblem) -> list[Unit]:
    """The units that must answer a common problem: the chosen units of its round (or all of them), then those pushed to."""
    chosen = list(cp.units.all())
    inside = chosen or list(Unit.objects.active().filter(inspection=cp.inspection_id).order_by("name"))
    return inside + [u for u in cp.extra_units.all() if u not in inside]


def push_targets(actor, rnd: InspectionRound):
    """Units outside the round a common problem may be pushed to: the latest unit of each
    organisation the actor sees in other rounds, none of whose units is in this round."""
    inspected = Unit.objects.filter(inspection=rnd).values("organisation_id")
    others = (access.visible_units(actor).exclude(inspection=rnd).exclude(organisation_id__in=inspected)
              .order_by("organisation_id", "-inspection__created_at", "-id"))
    latest: dict[int | None, int] = {}
    for unit_id, org_id in others.values_list("id", "organisation_id"):
        latest.setdefault(org_id if org_id is not None else -unit_id, unit_id)
    return Unit.objects.filter(id__in=latest.values()).select_related("inspection").order_by("name")


def common_for(unit: Unit):
    """The common problems a unit must answer: its round's, and those pushed to it."""
    targeted = CommonProblem.objects.filter(units__isnull=False).values("pk")
    return (CommonProblem.objects.active()
            .filter((Q(inspection=unit.inspection_id) & (~Q(pk__in=targeted) | Q(units=unit))) | Q(extra_units=unit))
            .distinct().order_by("published_on", "id"))


@transaction.atomic
def answer_common(actor, unit: Unit, problem: CommonProblem, answer: str, reason: str = "") -> CommonAnswer:
    """举一反三: adopted makes a problem in the unit's ledger (under 举一反三) for its own
    measures; not applicable needs a reason that the 巡视巡察办 accepts or returns."""
    _unit_access(actor, unit, Perm.EDIT)
    if not common_for(unit).filter(pk=problem.pk).exists():
        raise Http404("没有这个共性问题")
    reason = (reason or "").strip()
    if answer == CommonAnswer.Answer.NOT_APPLICABLE and not reason:
        raise LedgerError("答复“不存在此问题”须写明理由")
    if answer not in CommonAnswer.Answer.values:
        raise LedgerError("请选择答复方式")
    existing = CommonAnswer.objects.select_for_update().filter(problem=problem, unit=unit).first()
    if existing is not None and existing.state != CommonAnswer.State.RETURNED:
        raise LedgerError("已答复，等待巡视巡察办审核" if existing.state == CommonAnswer.State.PENDING else "已认可，无需再答复")
    finding = existing.finding if existing else None
    if answer == CommonAnswer.Answer.ADOPTED and finding is None:
        aspect = Finding.objects.active().filter(unit=unit, level=Finding.Level.ASPECT, title="举一反三").first()
        if aspect is None:
            aspect = ledger.add_finding(unit, Finding.Level.ASPECT, "举一反三", user=actor)
        finding = ledger.add_finding(unit, Finding.Level.PROBLEM, f"共性问题：{problem.title}", parent=aspect, user=actor)
    if existing is None:
        return CommonAnswer.objects.create(problem=problem, unit=unit, answer=answer, reason=reason, finding=finding,
                                           answered_by=actor)
    existing.answer, existing.reason, existing.finding = answer, reason, finding
    existing.state, existing.answered_by, existing.decision_note = CommonAnswer.State.PENDING, actor, ""
    existing.save()
    return existing


@transaction.atomic
def decide_common(actor, answer: CommonAnswer, accept: bool, note: str = "") -> CommonAnswer:
    _round_access(actor, answer.problem.inspection, Perm.ROUND_RULES)
    # Re-read under a row lock: of two deciders at the same moment, the second finds it decided.
    list(CommonAnswer.objects.select_for_update().filter(pk=answer.pk).values_list("pk", flat=True))
    answer.refresh_from_db(fields=["state", "answer", "finding"])
    if answer.state != CommonAnswer.State.PENDING:
        raise LedgerError("这条答复不在待审核状态")
    if not accept and not (note or "").strip():
        raise LedgerError("退回须写明理由")
    if accept and answer.answer == CommonAnswer.Answer.ADOPTED and not (
            answer.finding and Measure.objects.active().filter(finding=answer.finding).exists()):
        raise LedgerError("该单位还没有为这个共性问题制定整改措施")
    answer.state = CommonAnswer.State.ACCEPTED if accept else CommonAnswer.State.RETURNED
    answer.decided_by, answer.decision_note = actor, (note or "").strip()
    answer.save()
    return answer


# ---- 日常监督 ----------------------------------------------------------------------------

@transaction.atomic
def record_activity(actor, unit: Unit, kind: str, date: dt.date, people: str = "", found: str = "",
                    problems: list[Finding] = ()) -> SupervisionActivity:
    a = _unit_access(actor, unit, Perm.RECORD_SUPERVISION)
    if kind not in SupervisionActivity.Kind.values:
        raise LedgerError("请选择监督方式")
    if date > timezone.localdate():
        raise LedgerError("日期不能晚于今天")
    by = next((r for r in ("discipline", "org_dept") if r in a.roles), "discipline")
    act = SupervisionActivity.objects.create(unit=unit, by_role=by, kind=kind, date=date, people=people[:300],
                                             found=found, recorded_by=actor)
    for p in problems:
        if p.unit_id != unit.id:
            raise LedgerError("涉及的问题不属于本单位")
        act.problems.add(p)
    return act
