"""Demo drafts for ``zhenggai serve --demo``: invented narrative for the demo unit."""

from __future__ import annotations

import datetime as dt

from zhenggai.ledger.models import Unit

from .models import ReportDraft, ReportKind

BASIC = """青禾县农业农村局党组召开专题会议研究巡察反馈意见，成立由党组书记任组长的整改工作领导小组，下设整改办公室，逐条明确责任领导、牵头股室和完成时限。
整改办公室每月调度一次进度，对进展缓慢的事项发出提醒，对完成的事项组织复核后销号，并将整改情况纳入股室年度考核。"""

NEXT = """（一）紧盯未完成事项。对仍在推进的问题逐项明确下一阶段节点，班子成员按分工包联督导。
（二）抓好长效机制建设。对需长期坚持的事项建立定期检查制度，每半年开展一次自查。
（三）强化成果运用。把整改中形成的好做法固化为制度规定，推动农业农村重点工作落地见效。"""


def load_demo_drafts(unit: Unit, today: dt.date | None = None) -> ReportDraft:
    """The demo unit's 进展通报 draft with narrative and contact lines (kept if already edited)."""
    today = today or dt.date.today()
    draft, _ = ReportDraft.objects.get_or_create(
        unit=unit,
        kind=ReportKind.PROGRESS,
        defaults={
            "as_of": today,
            "basic": BASIC,
            "next_steps": NEXT,
            "phone": "0870-5550123",
            "address": "云岭市青禾县禾兴路88号青禾县农业农村局",
            "postcode": "675900",
            "email": "qhnyj_zg@example.cn",
        },
    )
    ReportDraft.objects.get_or_create(unit=unit, kind=ReportKind.DISPATCH,
                                      defaults={"as_of": today, "period_start": today - dt.timedelta(days=30)})
    return draft
