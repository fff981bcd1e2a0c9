"""A synthetic province for scale tests (``zhenggai gen-load``, benchmarks/scale.py).

Rounds of inspection, each with its units, feedback trees, measures, progress
reports, users and memberships, written with bulk inserts (no history rows: the
data is generated, nobody changed it). Rounds are dated backwards from today, the
newest first, so the newest round looks the same whatever the number of rounds:
benchmarks compare the same pages in a small and a large database. Older rounds
are mostly settled, with a tail of overdue items, as real ledgers are.

Everything is deterministic (positions, not random numbers), so two runs with the
same shape give the same ledger.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from .models import Department, Finding, InspectionRound, Measure, Membership, Role, Unit

DEPARTMENTS = ("办公室", "组织人事科", "财务科", "业务一科", "业务二科", "机关党委")
ASPECTS = ("贯彻党中央决策部署和上级工作要求", "落实全面从严治党战略部署", "落实新时代党的组织路线")
BATCH = 2000
# Days between the feedback of two consecutive rounds.
ROUND_GAP = 30


@dataclass(frozen=True)
class Shape:
    rounds: int = 50
    units: int = 40  # per round
    problems: int = 30  # per unit
    measures: int = 4  # per problem
    reports: int = 12  # progress reports per measure

    @property
    def total_measures(self) -> int:
        return self.rounds * self.units * self.problems * self.measures


PROVINCE = Shape()
# 4,000 measures: one round of the same 40 units, 25 problems each.
SMALL = Shape(rounds=1, units=40, problems=25, measures=4, reports=12)


@dataclass
class Generated:
    rounds: int = 0
    units: int = 0
    measures: int = 0
    reports: int = 0
    users: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"已生成 {self.rounds} 个轮次、{self.units} 个单位、{self.measures} 条措施、"
                f"{self.reports} 条进展报送、{self.users} 个用户，用时 {self.seconds:.1f} 秒")


def _status(i: int, deadline: dt.date, today: dt.date) -> str:
    """Long-past deadlines are mostly settled (5% still open: the overdue tail); recent ones are mixed."""
    k = (i * 37) % 100
    if deadline < today - dt.timedelta(days=30):
        return (Measure.Status.COMPLETED if k < 88 else Measure.Status.LONG_TERM if k < 95
                else Measure.Status.IN_PROGRESS)
    return (Measure.Status.COMPLETED if k < 15 else Measure.Status.IN_PROGRESS if k < 70
            else Measure.Status.NOT_STARTED)


def generate(shape: Shape = PROVINCE, *, prefix: str = "模拟", password: str | None = None,
             today: dt.date | None = None, progress: Callable[[str], None] | None = None) -> Generated:
    """Write ``shape.rounds`` rounds; each round in its own transaction (a failure loses one round at most)."""
    today = today or timezone.localdate()
    t0 = time.perf_counter()
    out = Generated()
    hashed = make_password(password) if password else make_password(None)  # unusable without --password
    for r in range(shape.rounds):
        with transaction.atomic():
            feedback = today - dt.timedelta(days=60 + ROUND_GAP * r)
            rnd = InspectionRound.objects.create(
                name=f"{prefix}省委第{shape.rounds - r}轮巡视", kind="巡视", inspector=f"{prefix}省委",
                round=f"第{shape.rounds - r}轮", types="常规巡视", start=feedback - dt.timedelta(days=90),
                end=feedback - dt.timedelta(days=30))
            units = Unit.objects.bulk_create(
                Unit(inspection=rnd, name=f"{prefix}单位{r + 1:02d}-{u + 1:03d}", group=f"省委第{u % 12 + 1}巡视组",
                     feedback_date=feedback) for u in range(shape.units))
            n_measures, n_reports, n_users = add_units(rnd, units, shape, feedback, today, hashed,
                                                       username=f"{prefix}-{rnd.id}")
        out.rounds += 1
        out.units += len(units)
        out.measures += n_measures
        out.reports += n_reports
        out.users += n_users
        if progress:
            progress(f"轮次 {r + 1}/{shape.rounds}：{out.measures} 条措施，{out.reports} 条进展报送，"
                     f"{time.perf_counter() - t0:.0f} 秒")
    out.seconds = time.perf_counter() - t0
    return out


def add_units(rnd: InspectionRound, units: list[Unit], shape: Shape, feedback: dt.date, today: dt.date,
              hashed_password: str, *, username: str) -> tuple[int, int, int]:
    """Departments, feedback trees, measures, reports and people for units already created."""
    # Imported here: the ledger does not depend on the workflow app, only this generator fills both.
    from zhenggai.workflow.models import CloseRequest, ProgressReport, WorkflowSettings

    User = get_user_model()
    depts = Department.objects.bulk_create(
        Department(unit=unit, name=name) for unit in units for name in DEPARTMENTS)
    by_unit = {unit.id: depts[i * len(DEPARTMENTS):(i + 1) * len(DEPARTMENTS)] for i, unit in enumerate(units)}
    WorkflowSettings.objects.bulk_create(WorkflowSettings(unit=unit, lookback_days=[90, 180]) for unit in units)

    # People: per unit an office clerk, a leader, a discipline inspector and one reporter per department;
    # per round one inspection-office user (reads every unit of the round through one membership).
    people = []
    for ui, unit in enumerate(units):
        people += [User(username=f"{username}-{ui + 1}-{role}", password=hashed_password, last_name=last,
                        first_name=first) for role, last, first in
                   (("office", "整", f"改办{ui + 1}"), ("leader", "领", f"导{ui % 7}"), ("supervisor", "纪", f"检{ui + 1}"))]
        people += [User(username=f"{username}-{ui + 1}-rep{d + 1}", password=hashed_password) for d in range(len(DEPARTMENTS))]
    people.append(User(username=f"{username}-inspection", password=hashed_password))
    people = User.objects.bulk_create(people, batch_size=BATCH)
    per = 3 + len(DEPARTMENTS)
    members = []
    for ui, unit in enumerate(units):
        office, leader, supervisor, *reporters = people[ui * per:(ui + 1) * per]
        members += [Membership(user=office, unit=unit, role=Role.OFFICE),
                    Membership(user=leader, unit=unit, role=Role.LEADER),
                    Membership(user=supervisor, unit=unit, role=Role.SUPERVISOR)]
        members += [Membership(user=u, unit=unit, role=Role.REPORTER, department=d)
                    for u, d in zip(reporters, by_unit[unit.id])]
    members.append(Membership(user=people[-1], unit=units[0], role=Role.INSPECTION_OFFICE))
    Membership.objects.bulk_create(members, batch_size=BATCH)

    aspects = Finding.objects.bulk_create(
        Finding(unit=unit, level=Finding.Level.ASPECT, number=f"{'一二三'[a]}、", title=f"{ASPECTS[a]}方面", sort_key=f"{a + 1:04d}")
        for unit in units for a in range(len(ASPECTS)))
    problems = Finding.objects.bulk_create(
        (Finding(unit=unit, parent=aspects[ui * len(ASPECTS) + p % len(ASPECTS)], level=Finding.Level.PROBLEM,
                 number=f"{p // len(ASPECTS) + 1}.", title=f"问题{p + 1}：制度执行不到位，台账记录不完整，监督检查不够有力",
                 sort_key=f"{p % len(ASPECTS) + 1:04d}.{p // len(ASPECTS) + 1:04d}")
         for ui, unit in enumerate(units) for p in range(shape.problems)), batch_size=BATCH)
    unit_of_problem = [ui for ui in range(len(units)) for _ in range(shape.problems)]
    measures = []
    for pi, problem in enumerate(problems):
        ui = unit_of_problem[pi]
        dl = by_unit[units[ui].id]
        for k in range(shape.measures):
            i = pi * shape.measures + k
            deadline = feedback + dt.timedelta(days=30 + (i * 41) % 150)
            status = _status(i, deadline, today)
            long_term = status == Measure.Status.LONG_TERM
            measures.append(Measure(
                finding=problem, position=k + 1,
                text=f"整改措施{k + 1}：修订相关制度，建立工作台账，按月调度推进并通报进展情况（{i + 1}）",
                target="建立长效机制", kind=Measure.Kind.LONG_TERM if long_term else Measure.Kind.DEADLINE,
                status=status, leader=f"领导{ui % 7}", lead_department=dl[i % len(dl)], person=f"责任人{i % 40}",
                deadline=deadline, review_date=today + dt.timedelta(days=90) if long_term else None))
    measures = Measure.objects.bulk_create(measures, batch_size=BATCH)
    through = Measure.departments.through
    # One measure in three is shared with a second department (the one three places further on).
    through.objects.bulk_create(
        (through(measure_id=m.id, department_id=by_unit[units[unit_of_problem[i // shape.measures]].id][(i + 3) % len(DEPARTMENTS)].id)
         for i, m in enumerate(measures) if i % 3 == 0), batch_size=BATCH)

    # Progress reports, written by the department's reporter, spread evenly from the feedback to today
    # (at most half a year: a measure is reported on while it is being worked on).
    reporter_of = {d.id: people[ui * per + 3 + j] for ui, unit in enumerate(units) for j, d in enumerate(by_unit[unit.id])}
    now = timezone.now()
    start = timezone.make_aware(dt.datetime.combine(feedback, dt.time(9)))
    step = (min(now, start + dt.timedelta(days=180)) - start) / max(1, shape.reports)
    n_reports = 0
    batch = []
    for m in measures:
        author = reporter_of[m.lead_department_id]
        for k in range(shape.reports):
            batch.append(ProgressReport(measure_id=m.id, author_id=author.id,
                                        created_at=start + step * k + dt.timedelta(minutes=m.id % 300),
                                        text=f"第{k + 1}次进展：已按计划推进，相关材料已归档", percent=min(100, 8 * (k + 1))))
        if len(batch) >= 10 * BATCH:
            ProgressReport.objects.bulk_create(batch, batch_size=BATCH)
            n_reports += len(batch)
            batch = []
    ProgressReport.objects.bulk_create(batch, batch_size=BATCH)
    n_reports += len(batch)
    # A pending close request on each unit's first measure in progress and on one in twenty more:
    # every office's inbox has work in it.
    first_open: dict[int, int] = {}
    for i, m in enumerate(measures):
        if m.status == Measure.Status.IN_PROGRESS:
            first_open.setdefault(unit_of_problem[i // shape.measures], m.id)
    chosen = set(first_open.values())
    CloseRequest.objects.bulk_create(
        (CloseRequest(measure_id=m.id, requested_by_id=reporter_of[m.lead_department_id].id, requested_at=now,
                      summary="已完成整改，佐证材料已上传", stage="pending_office")
         for i, m in enumerate(measures)
         if m.status == Measure.Status.IN_PROGRESS and (m.id in chosen or i % 20 == 0)), batch_size=BATCH)
    return len(measures), n_reports, len(people)


def add_big_unit(rnd: InspectionRound, name: str, problems: int, measures: int = 4, reports: int = 0,
                 today: dt.date | None = None) -> Unit:
    """One unit with many measures in an existing round (the 10,000-row export of benchmarks/scale.py)."""
    today = today or timezone.localdate()
    feedback = today - dt.timedelta(days=60)  # as the newest generated round
    with transaction.atomic():
        unit = Unit.objects.create(inspection=rnd, name=name, group="省委第一巡视组", feedback_date=feedback)
        add_units(rnd, [unit], Shape(1, 1, problems, measures, reports), feedback, today, make_password(None),
                  username=f"big-{unit.id}")
    return unit
