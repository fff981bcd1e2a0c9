"""The rectification ledger (整改台账): rounds, units, feedback tree, measures.

Business rules are plain functions in services.py, importing_*.py and
exporting.py; views only call them.
"""
