"""No lost update: an edit form carries the version it was loaded from, a stale save is refused.

The version of a record is the id of its latest django-simple-history record
(every save, and every change of a tracked many-to-many, writes one), so the
refusal can say who changed which fields since the form was loaded. Records
without history use their ``updated_at``. A record that did not exist when the
form was loaded has the version ``new``.

Views wrap the service call in :func:`editing`: one transaction, the row locked,
the version compared, then the change. A refused save changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone

from .models import LedgerError

NEW = "new"
FIELD = "version"


class StaleEdit(LedgerError):
    """Someone saved the record after this form was loaded; nothing was saved."""


class VersionField(forms.CharField):
    """The hidden field every edit form carries (name it ``version``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("label", "")
        super().__init__(**kwargs)


def _history(obj):
    manager = getattr(obj, "history", None)  # django-simple-history's manager, if the model has one
    return manager if hasattr(manager, "order_by") else None


def token_for(obj: Any | None) -> str:
    """The version of ``obj`` as stored now (``new`` if it is not stored)."""
    if obj is None or obj.pk is None:
        return NEW
    history = _history(obj)
    if history is not None:
        last = history.order_by("-history_id").values_list("history_id", flat=True).first()
        return str(last or 0)
    if any(f.name == "updated_at" for f in type(obj)._meta.concrete_fields):
        stamp = type(obj)._base_manager.filter(pk=obj.pk).values_list("updated_at", flat=True).first()
        return stamp.isoformat() if stamp else NEW
    return _digest(obj)


def _digest(obj: Any) -> str:
    """A record with neither history nor ``updated_at``: the digest of what is stored (``c`` + 16 hex digits)."""
    import hashlib
    import json

    names = [f.attname for f in type(obj)._meta.concrete_fields]
    row = type(obj)._base_manager.filter(pk=obj.pk).values_list(*names).first()
    if row is None:
        return NEW
    return "c" + hashlib.sha256(json.dumps(row, default=str, ensure_ascii=False).encode()).hexdigest()[:16]


def group_token(objs) -> str:
    """One version for a set of records edited on one form (a round's milestones): the latest history id."""
    from django.db.models import Max

    objs = [o for o in objs if o is not None and o.pk is not None]
    if not objs:
        return NEW
    last = type(objs[0]).history.filter(id__in=[o.pk for o in objs]).aggregate(m=Max("history_id"))["m"]
    return str(last or 0)


def check_group(objs, token: str | None, what: str) -> None:
    """:func:`check` for a set of records with history (call inside a transaction; rows are locked here)."""
    if not well_formed(token):
        raise StaleEdit(MISSING)
    objs = [o for o in objs if o is not None and o.pk is not None]
    if objs:
        list(type(objs[0])._base_manager.select_for_update().filter(pk__in=[o.pk for o in objs]).values_list("pk", flat=True))
    if group_token(objs) == token:
        return
    found = [line for o in objs for line in changes_since(o, token)] if token.isdigit() else []
    if not found and token.isdigit():
        return
    detail = "；".join(found[-10:]) if found else "已被他人修改"
    raise StaleEdit(
        f"未保存：您打开页面后，{what}{'有了新的修改：' + detail if found else detail}。"
        "为免覆盖他人的修改，您的内容没有保存；请刷新页面，在最新内容上重新修改。"
    )


def tokens_for(model, objs) -> dict[Any, str]:
    """pk → version for many records of one model with history, in one query (a page of forms)."""
    from django.db.models import Max

    pks = [o.pk for o in objs if o is not None and o.pk is not None]
    if not pks:
        return {}
    rows = model.history.filter(id__in=pks).values("id").annotate(last=Max("history_id")).values_list("id", "last")
    return {pk: str(last) for pk, last in rows}


def _who(user) -> str:
    if user is None:
        return "系统"
    # Chinese names read family name first (王芳), not Django's "first last".
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field of the history model only
        return name


def _changed_fields(record) -> list[str]:
    prev = record.prev_record
    if record.history_type == "+" or prev is None:
        return ["新建"]
    skip = {"updated_at", "updated_by", "updated_by_id"}
    delta = record.diff_against(prev)
    return [n for n in delta.changed_fields if n not in skip]


def changes_since(obj: Any, token: str) -> list[str]:
    """'王芳 12月01日 10:20 修改了 完成时限、整改进展' for each save after ``token`` that changed a field.

    Saves that touched no field the user edits (印发 stamps the draft, say) are left out.
    """
    history = _history(obj)
    model = type(obj)
    if history is None:
        return []
    records = history.select_related("history_user").order_by("history_id")
    if token.isdigit():
        records = records.filter(history_id__gt=int(token))
    out = []
    for rec in records[:50]:
        fields = _changed_fields(rec)
        if fields:
            out.append(describe(rec.history_user, rec.history_date, None if fields == ["新建"] else [_label(model, f) for f in fields]))
    return out[-10:]


def describe(user, when, labels: list[str] | None) -> str:
    """One change as the refusal names it: who, when, which fields (None: created the record)."""
    stamp = timezone.localtime(when).strftime("%m月%d日 %H:%M")
    what = "新建了这条记录" if labels is None else (
        "修改了" + "、".join(dict.fromkeys(labels)) if labels else "保存了这条记录")
    return f"{_who(user)} {stamp} {what}"


MISSING = ("未保存：这次提交没有带上页面打开时的版本号，无法确认期间是否有人修改过，您的内容没有保存。"
           "请刷新页面，在最新内容上重新修改。")


def well_formed(token: str | None) -> bool:
    """A token this module hands out: ``new``, a history id, or an ``updated_at`` timestamp."""
    if not token or len(token) > 40:
        return False
    if token == NEW or token.isdigit():
        return True
    if len(token) == 17 and token[0] == "c" and all(ch in "0123456789abcdef" for ch in token[1:]):
        return True  # a digest (_digest)
    try:
        dt.datetime.fromisoformat(token)
    except ValueError:
        return False
    return True


def check(obj: Any | None, token: str | None, what: str = "这条记录", since: Callable[[Any, str], list[str]] | None = None) -> None:
    """Refuse when ``obj`` changed after the form was loaded at ``token``.

    A request without a version (``token`` None, or one this module never hands
    out) is refused too: without it nobody can tell whether the save would
    overwrite someone else's, and an edit path that skips the check is exactly
    how updates got lost.
    """
    if not well_formed(token):
        raise StaleEdit(MISSING)
    current = token_for(obj)
    if current == (token or NEW):
        return
    found = (since or changes_since)(obj, token) if obj is not None else []
    if not found and since is None and token.isdigit() and _history(obj) is not None:
        return  # only saves that changed nothing the form holds (e.g. 印发 stamping the draft)
    detail = "；".join(found) if found else "已被他人修改"
    raise StaleEdit(
        f"未保存：您打开页面后，{what}{'有了新的修改：' + detail if found else detail}。"
        "为免覆盖他人的修改，您的内容没有保存；请刷新页面，在最新内容上重新修改。"
    )


@contextmanager
def editing(obj: Any | None, token: str | None, what: str = "这条记录",
            since: Callable[[Any, str], list[str]] | None = None) -> Iterator[None]:
    """One transaction: lock the row, compare the version, then let the caller save."""
    with transaction.atomic():
        if obj is not None and obj.pk is not None:
            list(type(obj)._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True))
        check(obj, token, what, since)
        yield


def posted(data) -> str | None:
    """The version a POST carried (None if it carried none: :func:`check` refuses that)."""
    return data.get(FIELD) if FIELD in data else None
