"""Hostile files through every upload of the site: evidence with a progress report or a closing request,
the ledger import, the people import, photos on the public opinion form, the inspection group's
feedback document and the photos of a sample check.

Each file gets one Chinese message and changes nothing: no row in any table (a failed import keeps its
job, marked failed with the reason, as the clerk's record of the attempt) and no file left in the data
directory. Zip bombs and entity expansion are refused while reading, in seconds.
"""

from __future__ import annotations

import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.hostile import harness as H
from tests.hostile import payloads as P

# (who, page that shows the form, the form's file field, hidden fields naming the form)
UPLOADS = [
    ("caiwu", "/flow/measures/{measure}/", "files", {"text": "本月完成盘点", "percent": "50"}, "/flow/measures/{measure}/report/"),
    ("caiwu", "/flow/measures/{measure}/", "files", {"summary": "已全部完成"}, "/flow/measures/{measure}/close/"),
    ("demo", "/units/{unit}/import/", "file", {}, None),
    ("demo", "/units/{unit}/people/", "file", {"form": "file"}, None),
    (None, "/gk/{public}/yijian/", "photos", {"text": "村口的路灯一直不亮"}, None),
    ("zuzhang", "/units/{unit}/feedback-draft/", "file", {"form": "draft"}, None),
    ("xunchaban", "/oversight/units/{unit}/", "photos", {"result": "match", "notes": "核查相符"}, "/oversight/samples/{item}/record/"),
]
# A failed import keeps its job (state 失败, with the reason) and the task row that ran it.
RECORDS_OF_REFUSAL = {"ledger_importjob", "django_tasks_database_dbtaskresult"}
SECONDS = 20  # per file, on a loaded 2-core machine; a bomb inflated in memory takes minutes


def _open_measure(world):
    """A measure of the reporter's department that is still open (progress and closing requests allowed)."""
    from zhenggai.ledger.models import Measure, Membership

    dept = Membership.objects.get(user=world.users["caiwu"]).department
    return (Measure.objects.active().filter(finding__unit=world.unit, lead_department=dept)
            .exclude(status__in=[Measure.Status.COMPLETED, Measure.Status.LONG_TERM]).order_by("pk").first())


def test_every_upload_refuses_every_hostile_file_in_chinese_and_changes_nothing(world, client, settings):
    measure = _open_measure(world)
    assert measure is not None
    ids = {"measure": measure.pk, "unit": world.unit.pk, "public": world.own["public_id"][0],
           "item": world.own["item_id"][0]}
    files = P.hostile_files()
    problems, count = [], 0
    for login, page, field, data, action in UPLOADS:
        client.logout()
        if login:
            client.force_login(world.users[login])
        page = page.format(**ids)
        action = (action or page).format(**ids)
        r = client.get(page)
        assert r.status_code == 200, (login, page, r.status_code)
        assert f'name="{field}"' in r.content.decode(), (page, field)  # the page does offer this upload
        for label, name, content in files:
            count += 1
            before, on_disk = H.fingerprint(), H.files_under(settings.DATA_DIR)
            client.cookies.pop("messages", None)
            started = time.monotonic()
            with transaction.atomic():
                try:
                    r = client.post(action, {**data, field: SimpleUploadedFile(name, content)})
                except Exception as e:
                    problems.append(f"{action} [{label}]: 500 {type(e).__name__}: {str(e)[:160]}")
                    transaction.set_rollback(True)
                    continue
                if r.status_code == 302 and "/imports/" in r["Location"]:
                    r = client.get(r["Location"])  # the import's own page tells how it ended
                after, disk_after = H.fingerprint(), H.files_under(settings.DATA_DIR)
                job_errors = _failed_job_errors()
                transaction.set_rollback(True)
            took = time.monotonic() - started
            where = f"{login or '匿名'} {action} [{label}]"
            if r.status_code >= 500:
                problems.append(f"{where}: {r.status_code}")
            if took > SECONDS:
                problems.append(f"{where}: 用了 {took:.0f} 秒")
            told = H.messages_of(r) + job_errors
            base = name.replace("\x00", "").rsplit("/", 1)[-1]
            told = [t.replace(name, " ").replace(base, " ") for t in told]
            if not told:
                problems.append(f"{where}: 没有任何提示（{r.status_code}）")
            for text in told:
                if H.english_words(text):
                    problems.append(f"{where}: 英文提示 {H.english_words(text)[:5]} «{text[:120]}»")
            diff = set(H.changed(before, after)) - RECORDS_OF_REFUSAL
            if diff or disk_after - on_disk:
                problems.append(f"{where}: 改了数据 {sorted(diff)[:5]} {sorted(disk_after - on_disk)[:3]}")
    assert not problems, f"{len(problems)} 处问题（共 {count} 次上传）：\n" + "\n".join(problems)


def _failed_job_errors() -> list[str]:
    from zhenggai.ledger.models import ImportJob, ImportState

    job = ImportJob.objects.order_by("-pk").first()
    if job is None or job.state != ImportState.FAILED:
        return []
    return [str(e) for e in job.errors or []]


def test_text_in_every_encoding_is_read_by_the_import(world, client, settings):
    """Not hostile, only unusual: a .txt feedback in GB18030 or UTF-16 reads like UTF-8 (no 500, no mojibake)."""
    from zhenggai.ledger.models import ImportJob

    text = "中共测试局党组关于巡察反馈意见的整改情况\n\n一、落实方面\n\n1.台账管理不规范的问题。一是建立台账。\n"
    client.force_login(world.users["demo"])
    for encoding in ("gb18030", "utf-16", "utf-8-sig"):
        r = client.post(f"/units/{world.unit.pk}/import/",
                        {"file": SimpleUploadedFile(f"反馈（{encoding}）.txt", text.encode(encoding))})
        assert r.status_code == 302, (encoding, r.status_code)
        job = ImportJob.objects.order_by("-pk").first()
        assert job.state != "failed", (encoding, job.errors)
        assert "台账管理不规范" in str(job.plan), encoding
