"""The query planner has statistics: SQLite analyses stale tables when a connection closes
(PRAGMA optimize, as SQLite advises), and ``refresh_statistics`` analyses after bulk loads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from zhenggai.ledger import loadgen
from zhenggai.web import config
from zhenggai.web.db import refresh_statistics


def _stat_rows(path: Path) -> list[tuple]:
    check = sqlite3.connect(path)
    try:
        if not check.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return []
        return check.execute("SELECT tbl, idx FROM sqlite_stat1 ORDER BY tbl, idx").fetchall()
    finally:
        check.close()


def test_closing_a_sqlite_connection_analyses_the_tables_it_used_once(tmp_path, monkeypatch, django_db_blocker):
    from django.db.utils import ConnectionHandler

    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = config.database(tmp_path)
    assert settings["ENGINE"] == "zhenggai.web.db.sqlite3"
    with django_db_blocker.unblock():
        conn = ConnectionHandler({"default": settings})["default"]
        with conn.cursor() as c:
            c.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, unit INTEGER, state TEXT)")
            c.execute("CREATE INDEX item_unit ON item (unit, state)")
            c.executemany("INSERT INTO item (unit, state) VALUES (%s, %s)", [(i % 50, "open") for i in range(2000)])
        assert _stat_rows(tmp_path / "zhenggai.sqlite3") == []
        with conn.cursor() as c:
            c.execute("SELECT COUNT(*) FROM item WHERE unit = %s AND state = %s", [7, "open"])  # uses the index
            assert c.fetchone()[0] == 40
        conn.close()
        assert ("item", "item_unit") in _stat_rows(tmp_path / "zhenggai.sqlite3")
        # Nothing changed since: the next close finds nothing to do.
        again = ConnectionHandler({"default": settings})["default"]
        with again.cursor() as c:
            c.execute("SELECT COUNT(*) FROM item WHERE unit = %s", [3])
            c.execute("PRAGMA optimize(3)")  # report only: what a close would analyse
            assert c.fetchall() == []
        again.close()


@pytest.mark.django_db
def test_refresh_statistics_after_a_bulk_load_analyses_the_ledger():
    loadgen.generate(loadgen.Shape(rounds=1, units=2, problems=3, measures=2, reports=1), prefix="统计")
    refresh_statistics()
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            c.execute("SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema()")
        analysed = {row[0] for row in c.fetchall()}
    assert {"ledger_measure", "ledger_finding"} <= analysed
