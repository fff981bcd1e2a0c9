"""Non-sequential ids for rounds and units (addressed from the public pages and the API).

Added empty, filled one row at a time (a callable default would give every existing row the
same value), then made unique.
"""

from django.db import migrations, models

import zhenggai.ledger.models.organisation
from zhenggai.ledger.models.organisation import new_public_id


def fill(apps, schema_editor):
    for name in ("InspectionRound", "Unit"):
        model = apps.get_model("ledger", name)
        for pk in model.objects.filter(public_id__isnull=True).values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(public_id=new_public_id())


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_carry_rounds_into_tree")]

    operations = [
        migrations.AddField("inspectionround", "public_id", models.CharField(max_length=16, null=True, editable=False)),
        migrations.AddField("unit", "public_id", models.CharField(max_length=16, null=True, editable=False)),
        migrations.AddField("historicalinspectionround", "public_id",
                            models.CharField(max_length=16, null=True, editable=False)),
        migrations.AddField("historicalunit", "public_id", models.CharField(max_length=16, null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField("inspectionround", "public_id", models.CharField(
            max_length=16, unique=True, default=zhenggai.ledger.models.organisation.new_public_id, editable=False)),
        migrations.AlterField("unit", "public_id", models.CharField(
            max_length=16, unique=True, default=zhenggai.ledger.models.organisation.new_public_id, editable=False)),
        migrations.AlterField("historicalinspectionround", "public_id", models.CharField(
            max_length=16, db_index=True, default=zhenggai.ledger.models.organisation.new_public_id, editable=False)),
        migrations.AlterField("historicalunit", "public_id", models.CharField(
            max_length=16, db_index=True, default=zhenggai.ledger.models.organisation.new_public_id, editable=False)),
    ]
