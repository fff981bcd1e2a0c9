"""Thin views: access helper, small form, service call, message, redirect or partial."""
