"""The demo city, and for every URL parameter the real ids of objects inside and outside a user's units."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest

# Values of the string parameters of the URL patterns; a new pattern with a new parameter fails
# test_every_route_parameter_is_known until its values are added here.
STR_VALUES = {
    "name": {"flow/measures/<int:measure_id>/<str:name>/": ["report", "close", "approve", "return", "long_term",
                                                            "reopen", "extension", "lookback", "schedule", "comment"],
             "units/<int:unit_id>/dashboard/<str:name>.svg": ["status", "aspects", "departments"],
             "oversight/<str:name>.svg": ["rates", "trend"]},
    "what": ["accountability", "money", "rule", "meeting"],
    "kind": ["progress", "final", "dispatch"],
    "fmt": {"units/<int:unit_id>/reports/tables.<str:fmt>": ["docx", "xlsx"],
            "units/<int:unit_id>/public/qr-<str:target>.<str:fmt>": ["png", "svg"],
            "units/<int:unit_id>/export/<str:which>.<str:fmt>": ["xlsx", "csv"],
            None: ["docx", "txt", "html"]},
    "which": ["ledger", "problems", "tasks", "responsibilities"],
    "target": ["page", "opinion"],
}


@dataclass
class World:
    """Ids of the demo city: ``own[param]`` belongs to the clerk's unit (青禾县农业农村局, this round),
    ``foreign[param]`` to a unit none of the unit-level demo users belongs to."""

    unit: object
    other: object
    third: object = None  # a unit of the round with a ledger, where none of the unit-level demo users works
    own: dict[str, list] = field(default_factory=dict)
    foreign: dict[str, list] = field(default_factory=dict)
    third_ids: dict[str, list] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)


def _ids_of(unit) -> dict[str, list]:
    from zhenggai.ledger.models import Finding, ImportJob, Measure
    from zhenggai.oversight.models import Notice, SampleItem
    from zhenggai.outcomes import services as outcomes
    from zhenggai.public.models import Opinion, OpinionPhoto, Publication
    from zhenggai.reports.models import IssuedReport
    from zhenggai.workflow.models import Evidence, Extension

    measures = list(Measure.objects.filter(finding__unit=unit).order_by("pk"))
    by_status = {}
    for m in measures:
        by_status.setdefault(m.status, m.pk)
    ids = {
        "unit_id": [unit.pk],
        "round_id": [unit.inspection_id],
        "measure_id": list(by_status.values()),
        "finding_id": list(Finding.objects.filter(unit=unit, level=Finding.Level.PROBLEM).values_list("pk", flat=True)[:2]),
        "extension_id": list(Extension.objects.filter(measure__finding__unit=unit).values_list("pk", flat=True)[:1]),
        "evidence_id": list(Evidence.objects.filter(measure__finding__unit=unit).values_list("pk", flat=True)[:1]),
        "issued_id": list(IssuedReport.objects.filter(unit=unit).values_list("pk", flat=True)[:1]),
        "opinion_id": list(Opinion.objects.filter(unit=unit).values_list("pk", flat=True)[:1]),
        "photo_id": list(OpinionPhoto.objects.filter(opinion__unit=unit).values_list("pk", flat=True)[:1]),
        "notice_id": list(Notice.objects.filter(unit=unit).values_list("pk", flat=True)[:1]),
        "item_id": list(SampleItem.objects.filter(sample__unit=unit).values_list("pk", flat=True)[:1]),
        "job_id": list(ImportJob.objects.filter(unit=unit).values_list("pk", flat=True)[:1]),
        "public_id": [unit.public_id, *Publication.objects.filter(unit=unit).values_list("public_id", flat=True)[:1]],
    }
    ids["pk"] = []
    for what, model in outcomes.MODELS.items():
        ids["pk"] += [(what, pk) for pk in model.objects.filter(unit=unit).values_list("pk", flat=True)[:1]]
    return ids


def _workbook() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["问题", "整改措施", "责任领导", "责任部门", "完成时限"])
    ws.append(["测试导入的问题", "测试导入的措施", "王振华", "办公室", "2027-06-30"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _photo(unit) -> None:
    """One opinion photo in the clerk's unit, sent through the public form as a visitor would."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from PIL import Image

    img = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(img, "PNG")
    Client().post(f"/gk/{unit.public_id}/yijian/", {
        "text": "路灯坏了很久没人修", "photos": SimpleUploadedFile("现场.png", img.getvalue(), "image/png")})


@pytest.fixture
def world(db, settings, tmp_path, client):
    """The demo city with one import waiting for confirmation and one opinion photo in the clerk's unit."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenggai.ledger import demo
    from zhenggai.ledger.models import Membership
    from zhenggai.setup.demo import LOGINS

    settings.DATA_DIR = tmp_path / "data"
    demo.load_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    unit = Membership.objects.get(user=users["demo"]).unit
    other = Membership.objects.get(user=users["linye"]).unit
    client.force_login(users["demo"])
    r = client.post(f"/units/{unit.pk}/import/", {"file": SimpleUploadedFile("任务分解表.xlsx", _workbook())})
    assert r.status_code == 302, r.content.decode()[:500]
    client.logout()
    _photo(unit)
    from zhenggai.ledger.models import Unit

    logins = [login for login, *_ in [*LOGINS, ("shuji",)]]
    members = set(Membership.objects.filter(user__username__in=logins).values_list("unit_id", flat=True))
    third = (Unit.objects.filter(inspection=unit.inspection, findings__measures__isnull=False)
             .exclude(pk__in=members).distinct().order_by("pk").first())
    w = World(unit=unit, other=other, third=third, users={login: users[login] for login, *_ in [*LOGINS, ("shuji",)]})
    w.own, w.foreign = _ids_of(unit), _ids_of(other)
    w.third_ids = _ids_of(third)
    return w
