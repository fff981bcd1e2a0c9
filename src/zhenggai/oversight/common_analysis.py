"""共性问题分析 on the web: group the problems of the rounds an inspecting body reads and
classify them into the taxonomy, as a 生成任务 (ledger/jobs.py) with progress.

The grouping and the taxonomy are zhenggai.analysis (pure Python, the same the `zhenggai
analyze` command uses). What is added here is the ledger's side: which problems are in the
scope (the dashboard's: board.supervised_units), the office's corrections (CategoryCorrection,
kept and fed to every later run of the scope), and publishing a group as a 共性问题 through
inspection.services.publish_common.

Reading is for everyone who reads the rounds whole; correcting a class and publishing are
for the round's 巡视巡察办 (Perm.ROUND_RULES): an upper level reads lower levels' problems only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zhenggai.analysis import Taxonomy, TaxonomyError, group_titles
from zhenggai.analysis.normalise import core
from zhenggai.ledger import jobs
from zhenggai.ledger.access import round_roles
from zhenggai.ledger.models import Finding, GeneratedJob, InspectionRound, LedgerError, Unit
from zhenggai.ledger.permissions import Perm, allows
from zhenggai.supervision.access import round_for

from . import board
from . import jobs as board_jobs
from .models import CategoryCorrection

KIND = "oversight.analysis"
MAX_PROBLEMS = 200_000  # the grouping is measured at 100,000 titles (benchmarks/analyze.py)


def taxonomy_classes() -> list[tuple[str, str]]:
    t = Taxonomy.load()
    return [(code, t.classes[code].name) for code in t.order]


def problems_in(user, scope: dict[str, Any]) -> list[tuple[int, str, int, int]]:
    """(finding id, title, unit id, round id) of every live problem in the scope, in ledger order."""
    units = board.supervised_units(user, scope.get("round"), scope.get("body"))
    return list(Finding.objects.active().filter(unit__in=units, level=Finding.Level.PROBLEM)
                .order_by("unit__inspection_id", "unit_id", "sort_key", "id")
                .values_list("id", "title", "unit_id", "unit__inspection_id"))


def latest_corrections(finding_ids) -> dict[int, CategoryCorrection]:
    """The latest correction of each of these problems (earlier ones are superseded, not deleted)."""
    out: dict[int, CategoryCorrection] = {}
    ids = list(finding_ids)
    for i in range(0, len(ids), 5000):
        for c in CategoryCorrection.objects.filter(finding_id__in=ids[i:i + 5000]).order_by("corrected_at", "id"):
            out[c.finding_id] = c
    return out


def taxonomy_for(finding_ids) -> Taxonomy:
    """The taxonomy with the scope's corrections: corrected titles take their class and lead similar ones."""
    base = Taxonomy.load()
    fixes = {c.title: c.code for c in latest_corrections(finding_ids).values()}
    try:
        return Taxonomy(list(base.classes.values()), fixes)
    except TaxonomyError:  # a class removed from taxonomy.json since: that correction no longer applies
        return Taxonomy(list(base.classes.values()), {t: c for t, c in fixes.items() if c in base.classes})


def run(job: GeneratedJob, user, progress: jobs.Progress) -> jobs.Output:
    problems = problems_in(user, job.scope)
    n = len(problems)
    if not n:
        raise LedgerError("所选范围内没有问题可以分析")
    if n > MAX_PROBLEMS:
        raise LedgerError(f"所选范围内有 {n} 个问题，超过一次分析的上限 {MAX_PROBLEMS}；请按轮次或机构缩小范围")
    ids = [p[0] for p in problems]
    titles = [p[1] for p in problems]
    progress(0, 2 * n, f"正在比对 {n} 个问题的相似程度")
    groups = group_titles(titles)
    progress(n, 2 * n, f"已分组，正在分类 {n} 个问题")
    classes = taxonomy_for(ids).classify_many(titles)
    progress(2 * n, 2 * n, "正在整理结果")
    unit_of = {p[0]: p[2] for p in problems}
    round_of = {p[0]: p[3] for p in problems}
    out_groups = []
    for g in groups:
        members = [ids[i] for i in g.members]
        out_groups.append({"name": g.name, "members": members,
                           "units": len({unit_of[m] for m in members}), "rounds": len({round_of[m] for m in members})})
    units = dict(Unit.objects.filter(pk__in=set(unit_of.values())).values_list("id", "name"))
    rounds = {r.id: r.name + (f"（{r.body.name}）" if r.body_id else "")
              for r in InspectionRound.objects.filter(pk__in=set(round_of.values())).select_related("body")}
    result = {
        "problems": [[p[0], p[1], p[2], p[3]] for p in problems],
        "classes": [[c.code, c.name, c.method, c.evidence] for c in classes],
        "groups": out_groups,
        "units": {str(k): v for k, v in units.items()},
        "rounds": {str(k): v for k, v in rounds.items()},
        "counts": Counter(c.name for c in classes).most_common(),
    }
    return jobs.Output(result=result, stage=f"已分析 {n} 个问题，找到 {len(out_groups)} 组相似问题")


def register() -> None:
    jobs.register(KIND, jobs.Kind("共性问题分析", board_jobs.allowed, run, page="oversight:analysis_result"))


def start(user, params) -> GeneratedJob:
    scope = board_jobs.scope_from(params)
    scope.pop("grade", None)
    scope.pop("sort", None)
    return jobs.start(user, KIND, scope, board_jobs.describe(user, scope))


# ---- what the result page shows --------------------------------------------------------

@dataclass
class Row:
    finding_id: int
    title: str
    unit: str
    round: str
    round_id: int
    code: str
    name: str
    reason: str
    corrected: bool
    may_correct: bool


def may_rule(user, round_id: int, cache: dict[int, bool]) -> bool:
    """Whether the user is the round's 巡视巡察办 (corrections and publishing are theirs)."""
    if round_id not in cache:
        rnd = InspectionRound.objects.filter(pk=round_id).first()
        cache[round_id] = bool(rnd) and (user.is_superuser or allows(round_roles(user, rnd), Perm.ROUND_RULES))
    return cache[round_id]


def rows(user, result: dict[str, Any]) -> list[Row]:
    """Each problem with its class; a correction made since the run is shown as made."""
    problems = result.get("problems", [])
    fixes = latest_corrections([p[0] for p in problems])
    cache: dict[int, bool] = {}
    out = []
    for (fid, title, uid, rid), (code, name, method, evidence) in zip(problems, result.get("classes", [])):
        fix = fixes.get(fid)
        if fix is not None:  # the latest correction, even one made after this run
            code, name, method, evidence = fix.code, fix.name, "correction", "本单位更正"
        label = {"correction": "人工更正", "keyword": "关键词", "example": "最相近示例"}.get(method, method)
        out.append(Row(fid, title, result["units"].get(str(uid), ""), result["rounds"].get(str(rid), ""), rid,
                       code, name, f"{label}：{evidence}", method == "correction", may_rule(user, rid, cache)))
    return out


def group(result: dict[str, Any], index: int) -> dict[str, Any]:
    try:
        return result["groups"][int(index)]
    except (KeyError, IndexError, TypeError, ValueError):
        raise LedgerError("没有这组相似问题") from None


# ---- the office's verbs ---------------------------------------------------------------

@transaction.atomic
def correct_category(actor, finding_id, code: str) -> CategoryCorrection:
    """Record that a problem belongs to another class; later analyses of its scope use it."""
    try:
        finding = Finding.objects.active().select_related("unit__inspection").get(pk=int(finding_id),
                                                                                  level=Finding.Level.PROBLEM)
    except (Finding.DoesNotExist, TypeError, ValueError):
        from django.http import Http404

        raise Http404("没有这个问题") from None
    round_for(actor, finding.unit.inspection_id, Perm.ROUND_RULES)  # 404 outsiders, 403 readers
    classes = dict(taxonomy_classes())
    if code not in classes:
        raise LedgerError("请选择分类表中的类别")
    fix = CategoryCorrection.objects.create(finding=finding, title=core(finding.title)[:500], code=code,
                                            name=classes[code], corrected_by=actor)
    from zhenggai.workflow.services import log

    log(finding.unit, actor, "oversight.category.correct", None, f"{finding.title[:100]} → {classes[code]}",
        finding=finding.pk, code=code)
    return fix


@dataclass
class Targets:
    round: InspectionRound
    inside: list[Unit]  # the round's units (all choosable)
    outside: list[Unit]  # units outside the round a common problem may be pushed to
    chosen: set[int]  # prefilled: the group's units, or the same organisations' units in this round


def publish_targets(actor, rnd: InspectionRound, member_ids: list[int]) -> Targets:
    from zhenggai.inspection.services import push_targets

    inside = list(Unit.objects.active().filter(inspection=rnd).select_related("inspection").order_by("name"))
    outside = list(push_targets(actor, rnd))
    group_units = list(Unit.objects.filter(findings__id__in=member_ids).distinct().values_list("id", "organisation_id"))
    ids = {u for u, _ in group_units}
    orgs = {o for _, o in group_units if o is not None}
    chosen = {u.id for u in inside + outside if u.id in ids or (u.organisation_id is not None and u.organisation_id in orgs)}
    return Targets(rnd, inside, outside, chosen)


def publish_rounds(actor, member_ids: list[int]) -> list[InspectionRound]:
    """Rounds the actor may publish to: those they are 巡视巡察办 of, the group's rounds first (latest first)."""
    group_rounds = set(Finding.objects.filter(pk__in=member_ids).values_list("unit__inspection_id", flat=True))
    cache: dict[int, bool] = {}
    rounds = [r for r in board.round_choices(actor) if may_rule(actor, r.id, cache)]
    return sorted(rounds, key=lambda r: (r.id not in group_rounds, -r.created_at.timestamp(), -r.id))


def publish_group(actor, job: GeneratedJob, index: int, rnd: InspectionRound, title: str, description: str,
                  unit_ids: list[int]):
    """One step from a group to a 共性问题 of the round, for exactly the chosen units."""
    from zhenggai.inspection.services import publish_common

    g = group(job.result, index)
    targets = publish_targets(actor, rnd, g["members"])
    wanted = set(unit_ids)
    inside = [u for u in targets.inside if u.id in wanted]
    outside = [u for u in targets.outside if u.id in wanted]
    if len(inside) + len(outside) != len(wanted):
        raise LedgerError("所选单位中有不能对照本轮次共性问题的单位")
    if not inside:
        raise LedgerError("请至少选择一个本轮次须对照整改的单位")
    return publish_common(actor, rnd, title, description, extra_units=outside, units=inside,
                          source=f"共性问题分析：{g['name']}（{len(g['members'])} 个相似问题）")
