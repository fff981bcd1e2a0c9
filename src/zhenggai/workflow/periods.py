"""Reporting periods for a cadence (weekly / half-monthly / monthly). Django-free."""

from __future__ import annotations

import calendar
import datetime as dt


def period_of(cadence: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The reporting period containing `today`, first and last day inclusive.

    Weeks start on Monday (the working week); half-months are the 1st–15th and the 16th–end.
    """
    if cadence == "weekly":
        start = today - dt.timedelta(days=today.weekday())
        return start, start + dt.timedelta(days=6)
    last = calendar.monthrange(today.year, today.month)[1]
    if cadence == "half_monthly":
        if today.day <= 15:
            return today.replace(day=1), today.replace(day=15)
        return today.replace(day=16), today.replace(day=last)
    if cadence == "monthly":
        return today.replace(day=1), today.replace(day=last)
    raise ValueError(f"unknown cadence: {cadence!r}")
