"""What each role may do: the one role → permission table.

Who holds which role on which unit or round is data (Membership, Grant) resolved by
``zhenggai.ledger.access``; what a role allows is decided here and nowhere else. The object
half (a reporter's own department, a leader's area) stays with ``access.Access``, and the
workflow's verbs with ``workflow.states``; both ask this table for the role half of reads.
"""

from __future__ import annotations

from enum import StrEnum

from .models.rounds import Role


class Perm(StrEnum):
    VIEW = "view"                      # open the unit's ledger, pages, lists and charts
    EDIT = "edit"                      # change the ledger, import, set up, issue reports
    COMMENT = "comment"                # write a comment on a measure (changes no state)
    SEE_LEADS = "see_leads"            # the confidential 移交问题线索
    OVERVIEW = "overview"              # read across all units of a round
    ROUND_RULES = "round_rules"        # set the round's warning rule and milestones; publish 共性问题
    ENTER_FEEDBACK = "enter_feedback"  # prepare a unit's feedback and hand it over (移交)
    RECORD_SUPERVISION = "record_supervision"  # record 日常监督 (列席、听取汇报、现场检查、约谈…)
    PUBLISH = "publish"                # approve an issued report for publication (批准公开), mark 不予公开


TABLE: dict[str, frozenset[Perm]] = {
    Role.OFFICE: frozenset({Perm.VIEW, Perm.EDIT, Perm.COMMENT, Perm.SEE_LEADS, Perm.PUBLISH}),
    Role.REPORTER: frozenset({Perm.VIEW, Perm.COMMENT}),
    Role.LEADER: frozenset({Perm.VIEW, Perm.COMMENT, Perm.PUBLISH}),
    Role.SUPERVISOR: frozenset({Perm.VIEW, Perm.COMMENT, Perm.SEE_LEADS}),
    Role.INSPECTION_OFFICE: frozenset({Perm.VIEW, Perm.COMMENT, Perm.SEE_LEADS, Perm.OVERVIEW, Perm.ROUND_RULES,
                                       Perm.ENTER_FEEDBACK}),
    Role.INSPECTION_GROUP: frozenset({Perm.VIEW, Perm.COMMENT, Perm.SEE_LEADS, Perm.OVERVIEW, Perm.ENTER_FEEDBACK}),
    Role.DISCIPLINE: frozenset({Perm.VIEW, Perm.COMMENT, Perm.SEE_LEADS, Perm.OVERVIEW, Perm.RECORD_SUPERVISION}),
    Role.ORGANISATION_DEPT: frozenset({Perm.VIEW, Perm.COMMENT, Perm.OVERVIEW, Perm.RECORD_SUPERVISION}),
    # An upper 巡视办 reads lower bodies' rounds and nothing more.
    Role.UPPER_OFFICE: frozenset({Perm.VIEW, Perm.OVERVIEW}),
}


def allows(roles: frozenset[str] | set[str], perm: Perm) -> bool:
    """Whether any of these roles carries the permission."""
    return any(perm in TABLE.get(r, frozenset()) for r in roles)


def rows() -> list[tuple[str, list[str]]]:
    """(role label, permission labels) in Chinese, for the help page."""
    labels = {Perm.VIEW: "查看", Perm.EDIT: "修改台账", Perm.COMMENT: "评论", Perm.SEE_LEADS: "查看问题线索",
              Perm.OVERVIEW: "全轮次总览", Perm.ROUND_RULES: "设置轮次规则、发布共性问题",
              Perm.ENTER_FEEDBACK: "起草和移交反馈意见", Perm.RECORD_SUPERVISION: "记录日常监督",
              Perm.PUBLISH: "批准公开"}
    return [(Role(r).label, [labels[p] for p in Perm if p in perms]) for r, perms in TABLE.items()]
