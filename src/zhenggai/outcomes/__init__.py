"""Outcomes the reports count: accountability, money, rules and meetings."""
