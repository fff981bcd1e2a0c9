"""Clean text stored before zhenggai.hygiene existed (control characters, noncharacters, NFC).

One migration for the five apps, so that a row saved before the pre_save cleaning
cannot break an export later. Only rows that need it are rewritten.
"""

from django.db import migrations

APPS = ("ledger", "workflow", "outcomes", "reports", "supervision")


def clean(apps, schema_editor):
    from zhenggai.hygiene import clean_app

    for label in APPS:
        clean_app(apps, label)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0008_merge_reimport_and_indexes"),
        ("workflow", "0001_initial"),
        ("outcomes", "0001_initial"),
        ("reports", "0001_initial"),
        ("supervision", "0001_initial"),
    ]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
