"""Django's SQLite backend, keeping the query planner's statistics fresh (see base.py)."""
