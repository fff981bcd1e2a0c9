"""The closing workflow's verbs: one function each. Views, CLI, demo and tests call these.

Each verb: find who the user is on the unit (ledger.access), look the transition
up in states.TABLE (TransitionRefused → WorkflowError with a Chinese message),
check the role (NotAllowed), change everything in one transaction, save only
changed fields, and leave an AuditEvent with a namespaced action code
(workflow.<object>.<verb>). Measure changes also carry that code as their
simple-history change reason, so the ledger's history names them too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone

from zhenggai.ledger.access import Access, access_for
from zhenggai.ledger.models import LedgerError, Measure, Unit

from . import evidence as ev
from . import notices, permissions, states
from .models import (
    Approval,
    AuditEvent,
    CloseRequest,
    Comment,
    Decision,
    Evidence,
    Extension,
    ExtensionState,
    Handover,
    HandoverField,
    Lookback,
    LookbackState,
    ProgressReport,
    RequestState,
    WorkflowSettings,
)
from .queries import due_reports, missing_reporters  # noqa: F401  (public API, see queries.py)

S = Measure.Status
MAX_TEXT = 5000


class WorkflowError(LedgerError):
    """A workflow rule refused the change; the message is shown to the user."""


class NotAllowed(WorkflowError):
    """The user's role may not do this (views answer 403)."""


# --- helpers -----------------------------------------------------------------


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return timezone.localdate()


def _access(user, unit: Unit) -> Access:
    access = access_for(user, unit)
    if access is None:
        raise NotAllowed("您不是这个单位的整改工作成员")
    return access


def _text(value: str | None, what: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise WorkflowError(f"请填写{what}")
    if len(value) > MAX_TEXT:
        raise WorkflowError(f"{what}过长（不超过 {MAX_TEXT} 字）")
    return value


def _stamp(obj, user, reason: str) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
    obj._change_reason = reason


def _save_measure(measure: Measure, user, code: str, **changes: Any) -> list[str]:
    changed = [k for k, v in changes.items() if getattr(measure, k) != v]
    if not changed:
        return []
    for k in changed:
        setattr(measure, k, changes[k])
    measure.updated_by = user if getattr(user, "is_authenticated", False) else None
    _stamp(measure, user, code)
    measure.save(update_fields=[*changed, "updated_at", "updated_by"])
    return changed


def log(unit: Unit, user, action: str, measure: Measure | None = None, reason: str = "", **data: Any) -> AuditEvent:
    """The audit event, and (in the same transaction) the messages to the people it concerns."""
    event = AuditEvent.objects.create(
        unit=unit, measure=measure, actor=user if getattr(user, "is_authenticated", False) else None,
        at=_now(), action=action, reason=reason, data=data,
    )
    if action != "workflow.handover":  # a handover is told once for all its measures, below
        notices.for_event(event)
    return event


def _locked(measure: Measure) -> Measure:
    """Re-read the measure under a row lock, so two approvers cannot both pass one stage."""
    fresh = Measure.objects.select_for_update().get(pk=measure.pk)
    if fresh.archived_at is not None:
        raise WorkflowError("这条措施已归档，不能办理")
    measure.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    return measure


def pending_request(measure: Measure) -> CloseRequest | None:
    return CloseRequest.objects.filter(measure=measure, state=RequestState.PENDING).first()


def state_of(measure: Measure) -> states.State:
    req = pending_request(measure)
    return states.derive(measure.status, req.stage if req else None)


def settings_for(unit: Unit) -> WorkflowSettings:
    """The unit's workflow settings (monthly reports, office-only closing, look-backs at 90 and 180 days by default)."""
    found, _ = WorkflowSettings.objects.get_or_create(unit=unit, defaults={"lookback_days": [90, 180]})
    return found


def _check(measure: Measure, user, verb: states.Verb) -> tuple[Access, states.State, states.Transition]:
    access = _access(user, measure.finding.unit)
    state = state_of(measure)
    try:
        t = states.transition(state, verb)
    except states.TransitionRefused as e:
        raise WorkflowError(str(e)) from None
    if not permissions.holds(access, t.roles, measure):
        raise NotAllowed(f"您的角色不能对这条措施{states.VERB_LABELS[verb]}")
    return access, state, t


def _attach(measure: Measure, user, files: Sequence[ev.Checked], **link: Any) -> list[Evidence]:
    if len(files) > ev.MAX_FILES:
        raise WorkflowError(f"一次最多上传 {ev.MAX_FILES} 个文件")
    root = Path(django_settings.DATA_DIR)
    out = []
    for f in files:
        ev.store(root, f)  # content-addressed: a rolled-back transaction leaves at most an unused file
        out.append(Evidence.objects.create(
            measure=measure, uploaded_by=user, uploaded_at=_now(), name=f.name, kind=f.kind, size=f.size,
            sha256=f.sha256, **link,
        ))
    return out


def snapshot(measure: Measure) -> dict[str, Any]:
    """A frozen copy of what an approver decided on: the measure, latest reports and every evidence hash."""
    return {
        "measure": {
            "id": measure.pk,
            "text": measure.text,
            "target": measure.target,
            "kind": measure.kind,
            "status": measure.status,
            "leader": measure.leader,
            "lead_department": measure.lead_department.name if measure.lead_department_id else "",
            "departments": sorted(measure.departments.values_list("name", flat=True)),
            "person": measure.person,
            "deadline": measure.deadline.isoformat() if measure.deadline else None,
            "original_deadline": measure.original_deadline.isoformat() if measure.original_deadline else None,
            "progress": measure.progress,
        },
        "reports": [
            {"at": r.created_at.isoformat(), "text": r.text, "percent": r.percent}
            for r in measure.progress_reports.all()[:5]
        ],
        "evidence": [
            {"id": e.pk, "name": e.name, "sha256": e.sha256, "size": e.size}
            for e in Evidence.objects.filter(measure=measure).order_by("id")
        ],
    }


# --- progress ------------------------------------------------------------------


@transaction.atomic
def report_progress(
    measure: Measure, user, text: str, percent: int | None = None, files: Sequence[ev.Checked] = ()
) -> ProgressReport:
    """报送进展: the report also becomes the ledger's 整改进展, and starts a not-started item."""
    measure = _locked(measure)
    _check(measure, user, states.Verb.REPORT)
    text = _text(text, "进展情况")
    if percent is not None and not 0 <= percent <= 100:
        raise WorkflowError("完成比例应在 0 到 100 之间")
    report = ProgressReport.objects.create(measure=measure, author=user, created_at=_now(), text=text, percent=percent)
    files_ = _attach(measure, user, files, report=report)
    status = S.IN_PROGRESS if measure.status == S.NOT_STARTED else measure.status
    _save_measure(measure, user, "workflow.progress.report", progress=text, status=status)
    log(measure.finding.unit, user, "workflow.progress.report", measure, text[:200],
        percent=percent, evidence=[e.sha256 for e in files_])
    return report


# --- closing -------------------------------------------------------------------


@transaction.atomic
def request_close(measure: Measure, user, summary: str, files: Sequence[ev.Checked] = ()) -> CloseRequest:
    """申请销号 with evidence: this upload or evidence reported earlier must exist."""
    measure = _locked(measure)
    _, _, t = _check(measure, user, states.Verb.REQUEST_CLOSE)
    summary = _text(summary, "整改完成情况")
    if not files and not Evidence.objects.filter(measure=measure).exists():
        raise WorkflowError("申请销号须附佐证材料，请上传至少一个文件")
    req = CloseRequest.objects.create(
        measure=measure, requested_by=user, requested_at=_now(), summary=summary, stage=t.targets[0]
    )
    files_ = _attach(measure, user, files, close_request=req)
    if measure.status == S.NOT_STARTED:
        _save_measure(measure, user, "workflow.close.request", status=S.IN_PROGRESS)
    log(measure.finding.unit, user, "workflow.close.request", measure, summary[:200],
        request=req.pk, evidence=[e.sha256 for e in files_])
    return req


@transaction.atomic
def approve(measure: Measure, user, reason: str = "") -> states.State:
    """审核通过 at the current stage; moves to the next configured stage or closes (销号)."""
    measure = _locked(measure)
    _, state, _ = _check(measure, user, states.Verb.APPROVE)
    reason = _text(reason, "审核意见", required=False)
    cfg = settings_for(measure.finding.unit)
    target = states.next_stage(state, cfg.leader_approval, cfg.acceptance)
    req = pending_request(measure)
    frozen = snapshot(measure)
    Approval.objects.create(
        request=req, stage=state, decision=Decision.APPROVED, approver=user, decided_at=_now(), reason=reason, snapshot=frozen
    )
    unit = measure.finding.unit
    if target == states.State.CLOSED:
        req.state, req.decided_at, req.stage = RequestState.APPROVED, _now(), ""
        req.save(update_fields=["state", "decided_at", "stage"])
        _save_measure(measure, user, "workflow.close.approve", status=S.COMPLETED)
        due = [_schedule(measure, user, _today() + dt.timedelta(days=int(d))) for d in cfg.lookback_days]
        log(unit, user, "workflow.close.approve", measure, reason, stage=state, to=target,
            evidence=[e["sha256"] for e in frozen["evidence"]], lookbacks=[d.isoformat() for d in due])
    else:
        req.stage = target
        req.save(update_fields=["stage"])
        log(unit, user, "workflow.close.approve", measure, reason, stage=state, to=target,
            evidence=[e["sha256"] for e in frozen["evidence"]])
    return target


@transaction.atomic
def return_for_rework(measure: Measure, user, reason: str) -> None:
    """退回整改 with a reason; the request stays as the record of the return."""
    measure = _locked(measure)
    _, state, _ = _check(measure, user, states.Verb.RETURN)
    reason = _text(reason, "退回理由")
    req = pending_request(measure)
    Approval.objects.create(
        request=req, stage=state, decision=Decision.RETURNED, approver=user, decided_at=_now(), reason=reason,
        snapshot=snapshot(measure),
    )
    req.state, req.decided_at = RequestState.RETURNED, _now()
    req.save(update_fields=["state", "decided_at"])
    log(measure.finding.unit, user, "workflow.close.return", measure, reason, stage=state)


@transaction.atomic
def mark_long_term(measure: Measure, user, review_date: dt.date, reason: str) -> None:
    """转为长期坚持 with the date of its next review; a pending request is settled by it."""
    measure = _locked(measure)
    _, state, _ = _check(measure, user, states.Verb.MARK_LONG_TERM)
    reason = _text(reason, "理由")
    if review_date is None or review_date <= _today():
        raise WorkflowError("复核日期应晚于今天")
    req = pending_request(measure)
    if req is not None:
        Approval.objects.create(
            request=req, stage=state, decision=Decision.APPROVED, approver=user, decided_at=_now(),
            reason=f"转为长期坚持：{reason}", snapshot=snapshot(measure),
        )
        req.state, req.decided_at, req.stage = RequestState.APPROVED, _now(), ""
        req.save(update_fields=["state", "decided_at", "stage"])
    # The kind follows the state (措施类型 长期坚持), and the old kind is kept for a later reopen.
    kind_before = measure.kind
    _save_measure(measure, user, "workflow.close.long_term", status=S.LONG_TERM, review_date=review_date,
                  kind=Measure.Kind.LONG_TERM)
    log(measure.finding.unit, user, "workflow.close.long_term", measure, reason, review_date=review_date.isoformat(),
        kind_before=kind_before)


def _kind_before_long_term(measure: Measure) -> str:
    """The kind a measure had before it was turned 长期坚持 (限期整改 when no record says otherwise)."""
    event = AuditEvent.objects.filter(measure=measure, action="workflow.close.long_term").order_by("-at", "-id").first()
    kind = (event.data or {}).get("kind_before") if event else None
    return kind if kind in Measure.Kind.values and kind != Measure.Kind.LONG_TERM else Measure.Kind.DEADLINE


@transaction.atomic
def reopen(measure: Measure, user, reason: str) -> None:
    """重新打开 a closed or long-term item; it counts as open (正在整改) again."""
    measure = _locked(measure)
    _, state, _ = _check(measure, user, states.Verb.REOPEN)
    reason = _text(reason, "重新打开的理由")
    changes: dict[str, Any] = {"status": S.IN_PROGRESS}
    if state == states.State.LONG_TERM and measure.kind == Measure.Kind.LONG_TERM:
        changes["kind"] = _kind_before_long_term(measure)
    _save_measure(measure, user, "workflow.close.reopen", **changes)
    log(measure.finding.unit, user, "workflow.close.reopen", measure, reason, **{"from": state})


# --- deadlines -----------------------------------------------------------------


@transaction.atomic
def request_extension(measure: Measure, user, new_deadline: dt.date, reason: str) -> Extension:
    """申请延期: only before the deadline passes, to a later date, one pending at a time."""
    measure = _locked(measure)
    _check(measure, user, states.Verb.REQUEST_EXTENSION)
    reason = _text(reason, "延期理由")
    if measure.deadline is None:
        raise WorkflowError("这条措施没有完成时限，无需延期")
    if _today() > measure.deadline:
        raise WorkflowError("已超过完成时限，不能再申请延期，请如实报送逾期原因")
    if new_deadline is None or new_deadline <= measure.deadline:
        raise WorkflowError("新的完成时限应晚于当前完成时限")
    if Extension.objects.filter(measure=measure, state=ExtensionState.PENDING).exists():
        raise WorkflowError("已有一份待审批的延期申请")
    ext = Extension.objects.create(
        measure=measure, requested_by=user, requested_at=_now(), reason=reason,
        old_deadline=measure.deadline, new_deadline=new_deadline,
    )
    log(measure.finding.unit, user, "workflow.extension.request", measure, reason,
        old=measure.deadline.isoformat(), new=new_deadline.isoformat())
    return ext


@transaction.atomic
def decide_extension(extension: Extension, user, approve: bool, reason: str = "") -> None:
    """批准 (the deadline moves; the first original deadline is kept) or 不予批准 (with a reason)."""
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    measure = _locked(extension.measure)
    access = _access(user, measure.finding.unit)
    cfg = settings_for(measure.finding.unit)
    if not permissions.holds(access, permissions.extension_roles(cfg.extension_approver), measure):
        raise NotAllowed(f"延期申请由{cfg.get_extension_approver_display()}审批")
    if extension.state != ExtensionState.PENDING:
        raise WorkflowError(f"这份延期申请已{extension.get_state_display()}，不能再审批")
    reason = _text(reason, "不予批准的理由" if not approve else "审批意见", required=not approve)
    extension.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
    extension.decided_by, extension.decided_at, extension.decision_reason = user, _now(), reason
    extension.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    unit = measure.finding.unit
    if approve:
        _save_measure(
            measure, user, "workflow.extension.approve",
            original_deadline=measure.original_deadline or extension.old_deadline, deadline=extension.new_deadline,
        )
        log(unit, user, "workflow.extension.approve", measure, reason, extension=extension.pk,
            old=extension.old_deadline.isoformat(), new=extension.new_deadline.isoformat())
    else:
        log(unit, user, "workflow.extension.refuse", measure, reason, extension=extension.pk)


@transaction.atomic
def hand_over(unit: Unit, user, field: str, predecessor: str, successor: str, reason: str) -> Handover:
    """整改责任交接: every open item of the predecessor goes to the successor, in one step."""
    access = _access(user, unit)
    if not permissions.is_office(access):
        raise NotAllowed("责任交接由整改办办理")
    if field not in HandoverField.values:
        raise WorkflowError("请选择交接的是责任领导还是责任人")
    predecessor = _text(predecessor, "原责任人")[:100]
    successor = _text(successor, "接任人")[:100]
    reason = _text(reason, "交接原因")
    if predecessor == successor:
        raise WorkflowError("接任人与原责任人相同")
    measures = list(
        Measure.objects.active().select_for_update()
        .filter(finding__unit=unit, **{field: predecessor})
        .exclude(status__in=[S.COMPLETED, S.LONG_TERM])
        .order_by("id")
    )
    if not measures:
        raise WorkflowError(f"“{predecessor}”名下没有未完成的整改措施")
    handover = Handover.objects.create(
        unit=unit, field=field, predecessor=predecessor, successor=successor, reason=reason, by=user, at=_now(),
        measure_ids=[m.pk for m in measures],
    )
    for m in measures:
        _save_measure(m, user, "workflow.handover", **{field: successor})
        log(unit, user, "workflow.handover", m, reason, field=field, old=predecessor, new=successor, handover=handover.pk)
    notices.for_handover(handover)
    return handover


# --- look-backs ----------------------------------------------------------------


def _schedule(measure: Measure, user, due_on: dt.date) -> dt.date:
    Lookback.objects.create(measure=measure, due_on=due_on, scheduled_by=user if getattr(user, "is_authenticated", False) else None)
    return due_on


@transaction.atomic
def schedule_lookback(measure: Measure, user, due_on: dt.date) -> Lookback:
    """安排回头看 of a closed or long-term item on a later date (closing already schedules the configured ones)."""
    measure = _locked(measure)
    access = _access(user, measure.finding.unit)
    if not permissions.is_office(access):
        raise NotAllowed("回头看由整改办安排")
    if state_of(measure) not in (states.State.CLOSED, states.State.LONG_TERM):
        raise WorkflowError("只有已销号或长期坚持的措施才安排回头看")
    if due_on is None or due_on <= _today():
        raise WorkflowError("回头看日期应晚于今天")
    _schedule(measure, user, due_on)
    log(measure.finding.unit, user, "workflow.lookback.schedule", measure, due_on=due_on.isoformat())
    return Lookback.objects.filter(measure=measure).latest("id")


@transaction.atomic
def record_lookback(measure: Measure, user, found: str, rebound: bool, lookback: Lookback | None = None) -> Lookback:
    """记录回头看: what was found; a rebound (反弹回潮) reopens the item."""
    measure = _locked(measure)
    _, state, _ = _check(measure, user, states.Verb.RECORD_LOOKBACK)
    found = _text(found, "检查情况")
    today = _today()
    if lookback is None:
        lookback = Lookback.objects.filter(measure=measure, state=LookbackState.SCHEDULED).order_by("due_on").first()
    elif lookback.measure_id != measure.pk or lookback.state != LookbackState.SCHEDULED:
        raise WorkflowError("这次回头看已经记录过了")
    if lookback is None:  # an unscheduled look-back is recorded as done today
        lookback = Lookback(measure=measure, due_on=today)
    lookback.state, lookback.done_on, lookback.done_by, lookback.found, lookback.rebound = (
        LookbackState.DONE, today, user, found, rebound,
    )
    lookback.save()
    changes: dict[str, Any] = {"looked_back_on": today}
    if rebound:
        changes["status"] = S.IN_PROGRESS
    code = "workflow.lookback.rebound" if rebound else "workflow.lookback.record"
    _save_measure(measure, user, code, **changes)
    log(measure.finding.unit, user, code, measure, found[:200], lookback=lookback.pk, **{"from": state})
    return lookback


# --- comments and settings --------------------------------------------------------


@transaction.atomic
def comment(measure: Measure, user, text: str) -> Comment:
    """监督意见: anyone who may read the measure may comment; nothing else changes."""
    access = _access(user, measure.finding.unit)
    if not access.can_comment:
        raise NotAllowed("您的角色不能发表意见")
    text = _text(text, "意见")
    c = Comment.objects.create(measure=measure, author=user, created_at=_now(), text=text)
    log(measure.finding.unit, user, "workflow.comment.add", measure, text[:200])
    return c


SETTINGS_FIELDS = ("cadence", "leader_approval", "acceptance", "extension_approver", "lookback_days")


@transaction.atomic
def update_settings(unit: Unit, user, **changes: Any) -> list[str]:
    access = _access(user, unit)
    if not permissions.is_office(access):
        raise NotAllowed("流程设置由整改办维护")
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise WorkflowError(f"未知设置: {', '.join(sorted(unknown))}")
    days = changes.get("lookback_days")
    if days is not None and (not all(isinstance(d, int) and 1 <= d <= 3650 for d in days) or len(days) > 6):
        raise WorkflowError("回头看间隔应为 1 到 3650 之间的天数，最多 6 个")
    cfg = settings_for(unit)
    changed = [k for k, v in changes.items() if getattr(cfg, k) != v]
    if not changed:
        return []
    for k in changed:
        setattr(cfg, k, changes[k])
    cfg.save(update_fields=[*changed, "updated_at"])
    log(unit, user, "workflow.settings.update", None, "", **{k: changes[k] for k in changed})
    return changed
