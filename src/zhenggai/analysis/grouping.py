"""Grouping similar problem titles (共性问题).

Titles are compared by character n-gram TF-IDF with cosine similarity, in
blocks so that 100,000 titles fit in memory. Groups are formed greedily: the
title with the most close neighbours founds a group with its neighbours that
are still free, then the next. Unlike joining every pair above the threshold,
this never chains unlike titles into one group through intermediaries. A group
is named by its most central title (closest to the group's centroid).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .normalise import core

THRESHOLD = 0.5
BLOCK = 2048


@dataclass(frozen=True)
class Group:
    name: str  # the most central title
    members: tuple[int, ...]  # indices into the titles given, central one first

    @property
    def size(self) -> int:
        return len(self.members)


def _vectors(titles: list[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [core(t) for t in titles]
    # In a large set the n-grams of the wrapping (关于…问题) and of the shortcomings every title has
    # (不到位、不规范) are in a large share of titles: they say nothing about the subject, and their
    # pairs would make the comparison quadratic. Dropped as noise.
    n = len(texts)
    max_df = 1.0 if n < 200 else 0.2 if n < 5000 else 0.02
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True, max_df=max_df, dtype=np.float32)
    try:
        return vec.fit_transform(texts)
    except ValueError:  # every title empty or every n-gram too common
        return None


def group_titles(titles: list[str], threshold: float = THRESHOLD, min_size: int = 2) -> list[Group]:
    """Groups of at least ``min_size`` similar titles, largest first."""
    n = len(titles)
    if n < min_size:
        return []
    x = _vectors(titles)
    if x is None:
        return []
    xt = x.T.tocsr()
    neighbours: list[np.ndarray] = []
    for start in range(0, n, BLOCK):
        sims = (x[start:start + BLOCK] @ xt).tocsr()
        sims.data[sims.data < threshold] = 0
        sims.eliminate_zeros()
        for row in range(sims.shape[0]):
            lo, hi = sims.indptr[row], sims.indptr[row + 1]
            neighbours.append(sims.indices[lo:hi])
    degree = np.array([len(nb) for nb in neighbours])
    free = np.ones(n, dtype=bool)
    groups: list[Group] = []
    for i in np.lexsort((np.arange(n), -degree)):  # most neighbours first, then document order
        if not free[i]:
            continue
        members = [int(j) for j in neighbours[i] if free[j]]
        if int(i) not in members:
            members.append(int(i))
        free[members] = False
        if len(members) >= min_size:
            groups.append(_named(titles, x, sorted(members)))
    groups.sort(key=lambda g: (-g.size, g.members[0]))
    return groups


def _named(titles: list[str], x, members: list[int]) -> Group:
    rows = x[members]
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    scores = rows @ centroid
    best = members[int(np.argmax(scores))]
    ordered = [best] + [m for m in members if m != best]
    return Group(titles[best], tuple(ordered))
