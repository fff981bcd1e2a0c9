"""Common problems across reports: grouping similar titles and a taxonomy.

Pure Python (scikit-learn for TF-IDF), no Django: the command line runs it over
a folder of published reports, and the ledger can run it over its problems.
"""

from __future__ import annotations

from .grouping import Group, group_titles
from .taxonomy import Classification, Taxonomy, TaxonomyError

__all__ = ["Classification", "Group", "Taxonomy", "TaxonomyError", "group_titles"]
