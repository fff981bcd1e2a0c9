"""Text hygiene at the boundary: what is stored can always be exported.

A value typed into a form, read from a spreadsheet or parsed from a document may
hold characters that XML (Word, Excel, the HTML downloads) cannot carry: control
characters such as \\x01 or \\x0b, or noncharacters such as U+FFFE. Stored once,
such a value breaks every later export. So every text field of the project's
models is cleaned on save (one ``pre_save`` receiver, connected in
``LedgerConfig.ready``) and existing rows by a data migration per app.

Spreadsheet formula neutralising lives here too: every export that writes a CSV
or spreadsheet cell passes its text through :func:`spreadsheet_text`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Apps whose stored rows the data migration cleans; saves are cleaned in these and every later
# zhenggai app (see covers). Django's own apps are left alone.
APPS = ("ledger", "workflow", "outcomes", "reports", "supervision")

# C0 controls but tab and newline, DEL, C1 controls, surrogates, and every
# Unicode noncharacter (U+FDD0..U+FDEF and the last two code points of each plane).
_BAD = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"\\U{p:04x}fffe\\U{p:04x}ffff" for p in range(17))
    + "]"
)


def clean_text(value: str) -> str:
    """NFC, line breaks as \\n, no control characters but tab and newline, no noncharacters."""
    if not value:
        return value
    if value.isascii() and value.isprintable():
        return value  # the common case: nothing to do
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _BAD.sub("", value))


def is_clean(value: str) -> bool:
    return clean_text(value) == value


def text_fields(model) -> list[str]:
    """Attribute names of the model's concrete CharField/TextField columns (EmailField etc. included)."""
    from django.db import models

    return [f.attname for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]


def clean_instance(instance: Any) -> list[str]:
    """Clean every text field of an unsaved or about-to-be-saved instance; the names changed."""
    changed = []
    for name in text_fields(type(instance)):
        value = getattr(instance, name)
        if isinstance(value, str):
            cleaned = clean_text(value)
            if cleaned != value:
                setattr(instance, name, cleaned)
                changed.append(name)
    return changed


def covers(model) -> bool:
    """Whether saves of this model are cleaned: the five apps above and any later zhenggai app."""
    return model._meta.app_label in APPS or model.__module__.startswith("zhenggai.")


def clean_on_save(sender, instance, raw: bool = False, **kwargs) -> None:
    """pre_save receiver: fixtures (raw) are loaded as they are."""
    if raw or not covers(sender):
        return
    clean_instance(instance)


def clean_rows(model, batch: int = 500) -> int:
    """Clean existing rows of one model in place (used by the data migrations); rows changed.

    Only rows that need it are written, with ``update()`` so no history record or
    signal fires: the text was unusable, not a change anyone made.
    """
    fields = text_fields(model)
    if not fields:
        return 0
    changed = 0
    for row in model._base_manager.values_list("pk", *fields).iterator(chunk_size=batch):
        pk, values = row[0], row[1:]
        fixed = {f: clean_text(v) for f, v in zip(fields, values) if isinstance(v, str) and clean_text(v) != v}
        if fixed:
            model._base_manager.filter(pk=pk).update(**fixed)
            changed += 1
    return changed


def clean_app(apps, app_label: str) -> int:
    """Migration helper: clean every model of ``app_label`` in the migration's state."""
    return sum(clean_rows(model) for model in apps.get_app_config(app_label).get_models())


# --- spreadsheets ----------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: str) -> bool:
    """Whether a spreadsheet could read this text as the start of a formula."""
    return bool(value) and value.startswith(_FORMULA_START)


def spreadsheet_text(value: str) -> str:
    """A text cell that Excel, WPS or LibreOffice will not run as a formula.

    A leading = + - @ (or a tab or carriage return before one) makes a spreadsheet
    treat the cell as a formula (=HYPERLINK(…), =cmd|…, @SUM(…)); a leading
    apostrophe keeps it text, as OWASP recommends for CSV.
    """
    if formula_like(value):
        return "'" + value
    return value


def spreadsheet_value(value: Any) -> Any:
    """:func:`spreadsheet_text` for strings; other values unchanged."""
    return spreadsheet_text(value) if isinstance(value, str) else value
