"""Closing workflow (issue 4): progress reports, evidence, close requests and approvals,
deadline extensions, handovers and look-backs (回头看).

states.py holds the one transition table and imports nothing from Django;
services.py has one function per verb; views only call those.
"""
