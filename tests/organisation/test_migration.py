"""The tree migration on a database made by the code before it (ledger 0002)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("ledger", "0002_historicalmeasure_looked_back_on_and_more")]


@pytest.mark.django_db(transaction=True)
def test_rounds_units_groups_and_office_memberships_are_carried_into_the_tree(django_user_model):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Round, Unit, Membership = (old.get_model("ledger", n) for n in ("InspectionRound", "Unit", "Membership"))
    User = old.get_model("auth", "User")
    r1 = Round.objects.create(name="市委2024年第一轮巡察", inspector="某市委")
    r2 = Round.objects.create(name="市委2025年第一轮巡察", inspector="某市委")
    r3 = Round.objects.create(name="县委2025年巡察", inspector="")
    u1 = Unit.objects.create(inspection=r1, name="中共某局党组", group="市委第一巡察组")
    u2 = Unit.objects.create(inspection=r2, name="中共某局党组", group="市委第三巡察组")
    u3 = Unit.objects.create(inspection=r3, name="中共某乡党委")
    ban = User.objects.create(username="ban")
    Membership.objects.create(user=ban, unit=u2, role="inspection_office")
    Membership.objects.create(user=User.objects.create(username="kezhang"), unit=u1, role="office")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = MigrationExecutor(connection).loader.project_state().apps
    Round, Unit, Grant, Body = (new.get_model("ledger", n) for n in ("InspectionRound", "Unit", "Grant", "Body"))

    bodies = {r.name: r.body for r in Round.objects.select_related("body")}
    assert bodies["市委2024年第一轮巡察"] == bodies["市委2025年第一轮巡察"]  # one inspecting body per 主体
    assert bodies["市委2024年第一轮巡察"].name == "某市委" and bodies["县委2025年巡察"].name == "巡视巡察机构"
    units = {u.id: u for u in Unit.objects.select_related("inspection_group")}
    assert units[u1.id].organisation_id == units[u2.id].organisation_id  # one history over two rounds
    assert units[u3.id].organisation_id != units[u1.id].organisation_id
    assert units[u1.id].inspection_group.name == "市委第一巡察组" and units[u3.id].inspection_group is None
    assert list(Grant.objects.values_list("user__username", "role", "inspection_id")) == [
        ("ban", "inspection_office", r2.id)
    ]
    ids = list(Round.objects.values_list("public_id", flat=True)) + list(Unit.objects.values_list("public_id", flat=True))
    assert len(set(ids)) == len(ids) == 6 and all(len(i) == 12 for i in ids)  # opaque, one per row
    for body in Body.objects.all():  # every path is its parent's path plus its own id
        parent = Body.objects.filter(pk=body.parent_id).first()
        assert body.path == (parent.path if parent else "/") + body.public_id + "/"
