"""Our own reports (own_meta_documents.py): what the opening, the totals and the closing say.

The outline documents (own_documents.py) check the tree; these check the
metadata, figures, contacts, statuses and measures of reports written the ways
the corpus does not write them. Each expected value was made by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from zhenggai.parsing import parse_text

from .own_meta_documents import META_DOCS
from .test_own_documents import assert_outline, flat

SCHEMA = json.loads((Path(__file__).parents[2] / "src" / "zhenggai" / "parsing" / "report.schema.json").read_text("utf-8"))


def _parse(name):
    (r,) = parse_text(META_DOCS[name]["text"], source=f"{name}.txt")
    return r


@pytest.mark.parametrize("name", list(META_DOCS))
def test_metadata(name):
    r, d = _parse(name), META_DOCS[name]
    got = {"title": r.title, "organization": r.organization, "inspection": r.inspection.to_dict()}
    assert got == d["meta"]


@pytest.mark.parametrize("name", list(META_DOCS))
def test_statistics(name):
    assert _parse(name).statistics.to_dict() == META_DOCS[name]["statistics"]


@pytest.mark.parametrize("name", list(META_DOCS))
def test_contact(name):
    assert _parse(name).contact.to_dict() == META_DOCS[name]["contact"]


@pytest.mark.parametrize("name", list(META_DOCS))
def test_statuses_and_measures(name):
    r, d = _parse(name), META_DOCS[name]
    assert_outline(flat(r.findings), d["outline"])
    for title, measures in d["measures"].items():
        (f,) = [f for f in r.all_findings() if f.title == title]
        assert f.measures == measures
    assert not list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(r.to_dict()))
