"""Carry an installation made before the organisation tree into it.

Every round gets the inspecting body its 巡视巡察主体 names (one body per distinct name, all
under one level node), every unit the organisation of its name under that level (the same
name in two rounds is one organisation, so its rounds become one history), every written
group a group record, and every 巡视巡察办 membership a grant over its round.
"""

from django.db import migrations

from zhenggai.ledger.models.organisation import new_public_id

DEFAULT_LEVEL = "本级"
DEFAULT_BODY = "巡视巡察机构"


def _node(Body, parent, kind, name, tier=""):
    found = Body.objects.filter(parent=parent, kind=kind, name=name).first()
    if found:
        return found
    pid = new_public_id()
    path = (parent.path if parent else "/") + pid + "/"
    return Body.objects.create(parent=parent, kind=kind, name=name, tier=tier, public_id=pid, path=path)


def forward(apps, schema_editor):
    Body = apps.get_model("ledger", "Body")
    Round = apps.get_model("ledger", "InspectionRound")
    Unit = apps.get_model("ledger", "Unit")
    Group = apps.get_model("ledger", "InspectionGroup")
    Membership = apps.get_model("ledger", "Membership")
    Grant = apps.get_model("ledger", "Grant")
    if not Round.objects.exists():
        return
    level = _node(Body, None, "level", DEFAULT_LEVEL)
    for rnd in Round.objects.filter(body__isnull=True):
        rnd.body = _node(Body, level, "inspecting", (rnd.inspector or "").strip() or DEFAULT_BODY)
        rnd.save(update_fields=["body"])
    for unit in Unit.objects.filter(organisation__isnull=True):
        unit.organisation = _node(Body, level, "organisation", unit.name)
        fields = ["organisation"]
        if (unit.group or "").strip():
            unit.inspection_group = Group.objects.get_or_create(inspection_id=unit.inspection_id, name=unit.group.strip())[0]
            fields.append("inspection_group")
        unit.save(update_fields=fields)
    seen = set()
    for m in Membership.objects.filter(role="inspection_office", archived_at__isnull=True).select_related("unit"):
        key = (m.user_id, m.unit.inspection_id)
        if key in seen or Grant.objects.filter(user_id=m.user_id, role="inspection_office", inspection_id=key[1]).exists():
            continue
        seen.add(key)
        Grant.objects.create(user_id=m.user_id, role="inspection_office", inspection_id=key[1], public_id=new_public_id())


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_organisation_tree_and_grants")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
