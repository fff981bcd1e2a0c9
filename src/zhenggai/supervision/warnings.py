"""Warning levels computed from deadlines: plain Python, no Django.

Offices run a three-light practice (绿、黄、红): a green notice some days before the
deadline to the person responsible, a yellow warning closer to it copied to the
leader in charge, a red warning once the deadline has passed, sent up to the
department, the office and the unit's principal leader. The days and the
recipients are configurable; the rule itself lives here so the reminder job,
the dashboard and the warning list can never disagree about an item's colour.

"Open" means any status other than completed / long-term: a status another app
adds (such as 待审核) stays open, and an overdue item is still open everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

COMPLETED = "completed"
LONG_TERM = "long_term"
SETTLED = frozenset({COMPLETED, LONG_TERM})

GREEN = "green"
YELLOW = "yellow"
RED = "red"
# Mildest first; a later level replaces an earlier one.
LEVELS = (GREEN, YELLOW, RED)

# Who may receive a warning, as the practice names them.
REPORTER = "reporter"  # 责任部门填报人 (the measure's departments)
LEADER = "leader"  # 分管领导 (leader whose area the measure is in)
OFFICE = "office"  # 整改办
PRINCIPAL = "principal"  # 单位主要负责人
SUPERVISOR = "supervisor"  # 纪检监督 (some offices copy red warnings to the discipline inspectors)
RECIPIENTS = (REPORTER, LEADER, OFFICE, PRINCIPAL, SUPERVISOR)


class WarningConfigError(ValueError):
    """Thresholds or recipients that cannot work; the message is shown in Chinese."""


@dataclass(frozen=True)
class Thresholds:
    """Days before the deadline when green and yellow start (red starts the day after it)."""

    green_days: int = 20
    yellow_days: int = 10

    def __post_init__(self) -> None:
        if self.yellow_days < 0 or self.green_days < 0:
            raise WarningConfigError("预警天数不能为负数")
        if self.yellow_days > self.green_days:
            raise WarningConfigError(
                f"黄色预警天数（{self.yellow_days}）不能大于绿色提示天数（{self.green_days}）"
            )


@dataclass(frozen=True)
class Recipients:
    """Which kinds of people receive each level (configurable per round or unit)."""

    green: frozenset[str] = frozenset({REPORTER})
    yellow: frozenset[str] = frozenset({REPORTER, LEADER})
    red: frozenset[str] = frozenset({REPORTER, LEADER, OFFICE, PRINCIPAL})

    def __post_init__(self) -> None:
        for level in LEVELS:
            unknown = set(getattr(self, level)) - set(RECIPIENTS)
            if unknown:
                raise WarningConfigError(f"未知的接收人类别：{'、'.join(sorted(unknown))}")

    def for_level(self, level: str) -> frozenset[str]:
        return getattr(self, level)


def is_open(status: str) -> bool:
    return status not in SETTLED


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Days until the deadline: 0 on the day itself, negative once it has passed."""
    return (deadline - today).days


def days_overdue(deadline: dt.date | None, status: str, today: dt.date) -> int:
    """Whole days past the deadline for an open item, else 0 (the deadline day is not overdue)."""
    if deadline is None or not is_open(status):
        return 0
    return max(0, (today - deadline).days)


def level_for(deadline: dt.date | None, status: str, today: dt.date, thresholds: Thresholds = Thresholds()) -> str | None:
    """The warning level of one measure today, or None (settled, no deadline, or far off)."""
    if deadline is None or not is_open(status):
        return None
    left = days_left(deadline, today)
    if left < 0:
        return RED
    if left <= thresholds.yellow_days:
        return YELLOW
    if left <= thresholds.green_days:
        return GREEN
    return None


def horizon(today: dt.date, thresholds: Thresholds) -> dt.date:
    """The latest deadline that can carry a warning today (for one indexed query)."""
    return today + dt.timedelta(days=max(thresholds.green_days, thresholds.yellow_days))


def rate(part: int, whole: int) -> float:
    """A percentage with one decimal, 0 for an empty whole (no division by zero on a new unit)."""
    return round(100.0 * part / whole, 1) if whole else 0.0
