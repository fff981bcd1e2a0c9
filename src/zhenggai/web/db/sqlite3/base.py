"""Django's SQLite backend plus ``PRAGMA optimize`` when a connection closes, as SQLite advises
for short-lived connections (Django opens one per request).

SQLite keeps no statistics unless ANALYZE runs; without them the planner guesses, and on a
province's ledger it may walk an index over every unit's rows instead of starting from the
unit's findings. ``PRAGMA optimize`` analyses only the tables this connection used whose size
changed a lot since their last analysis (usually none, and then it costs microseconds). It
is asked first what it would do, so that the write lock is taken only when there is work;
the analysis is bounded (``analysis_limit``) and gives way at once to a busy writer.
"""

from __future__ import annotations

import sqlite3

from django.db.backends.sqlite3 import base

# Rows examined per index by an automatic ANALYZE: enough for the planner, a few milliseconds.
ANALYSIS_LIMIT = 400


def optimize(conn: sqlite3.Connection) -> list[str]:
    """Run the ANALYZEs ``PRAGMA optimize`` finds needed on ``conn``; returns them (empty: nothing to do)."""
    if conn.in_transaction:
        return []  # never inside someone's transaction: ANALYZE would be committed or rolled back with it
    todo = [row[0] for row in conn.execute("PRAGMA optimize(3)").fetchall()]  # 0x01: only report, 0x02: ANALYZE
    if not todo:
        return []
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    try:
        conn.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        conn.execute("PRAGMA busy_timeout=50")  # another writer is busy: skip, the next close will do it
        conn.execute("PRAGMA optimize")
    except sqlite3.Error:
        return []
    finally:
        try:
            conn.execute(f"PRAGMA busy_timeout={int(timeout)}")
        except sqlite3.Error:
            pass
    return todo


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self):
        if self.connection is not None and not self.in_atomic_block:
            try:
                optimize(self.connection)
            except sqlite3.Error:
                pass  # statistics are an optimisation: closing must never fail for them
        return super()._close()
