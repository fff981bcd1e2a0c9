"""Demo content for the public side: the progress report issued and approved for publication,
two opinions from the QR form (one answered) and a few ratings, so `make demo` shows 码上监督."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from zhenggai.ledger.models import Unit

from . import opinions, publishing
from .models import Opinion


def enrich(unit: Unit) -> None:
    from zhenggai.reports import services as reports
    from zhenggai.reports.models import IssuedReport, ReportDraft, ReportKind

    if Opinion.objects.filter(unit=unit).exists():
        return  # loaded before
    draft = ReportDraft.objects.filter(unit=unit, kind=ReportKind.PROGRESS).first()
    office = get_user_model().objects.filter(memberships__unit=unit, memberships__role="office").first()
    if draft is None or office is None:
        return
    issued = IssuedReport.objects.filter(unit=unit, kind=ReportKind.PROGRESS).first() or reports.issue(draft, office)
    pub = publishing.published().filter(issued=issued).first() or publishing.approve(issued, office)
    first, _code = opinions.submit(unit, "村里的灌溉渠去年修过，但今年雨季又有一段塌了，希望再去看看。",
                                   publication=pub, item=pub.items[0]["n"] if pub.items else None)
    opinions.take_up(first, office, "转项目股现场核实")
    opinions.answer(first, office, "经现场核实，已安排施工单位在本月内完成修复，并纳入回头看。感谢您的监督。")
    opinions.submit(unit, "建议把惠农补贴的发放名单在村务公开栏多贴一段时间。", name="", phone="")
    for value in ("satisfied", "satisfied", "basic", "unsatisfied"):
        opinions.rate(pub, value)
