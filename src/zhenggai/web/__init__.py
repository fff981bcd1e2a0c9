"""The Django project of the web system: settings, URLs, WSGI.

Business rules live in ``zhenggai.ledger``; this package only wires them up.
"""
