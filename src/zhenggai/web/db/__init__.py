"""Database backends of zhenggai (settings ENGINE) and the planner's statistics."""

from __future__ import annotations


def refresh_statistics(full: bool = True, using: str = "default") -> None:
    """Give the query planner fresh statistics after a bulk load or a big import.

    Without them both planners guess, and guess wrong on a province's tables (a walk over every
    unit's measures instead of one unit's findings). ``full``: ANALYZE everything, as after
    ``zhenggai gen-load`` (a few seconds at 240,000 measures); otherwise only what SQLite's
    ``PRAGMA optimize`` finds stale, bounded (PostgreSQL's autovacuum does that by itself).
    """
    from django.db import connections

    conn = connections[using]
    if conn.vendor == "postgresql":
        if full:
            with conn.cursor() as cur:
                cur.execute("ANALYZE")
        return
    if conn.vendor != "sqlite":
        return
    conn.ensure_connection()
    if full:
        with conn.cursor() as cur:
            cur.execute("PRAGMA analysis_limit=0")
            cur.execute("ANALYZE")
    elif not conn.in_atomic_block:
        from .sqlite3.base import optimize

        optimize(conn.connection)
