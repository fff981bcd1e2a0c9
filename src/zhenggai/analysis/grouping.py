"""Grouping similar problem titles (共性问题).

Titles are compared by character n-gram TF-IDF with cosine similarity, in
blocks so that 100,000 titles fit in memory. Groups are formed greedily: the
title with the most close neighbours founds a group with its neighbours that
are still free, then the next. Unlike joining every pair above the threshold,
this never chains unlike titles into one group through intermediaries. A group
is named by its most central title (closest to the group's centroid).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import dataclass

import numpy as np

from .normalise import core

THRESHOLD = 0.5
BLOCK = 2048
PARALLEL_FROM = 20_000  # titles: below this, starting processes costs more than it saves
MAX_WORKERS = 4


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
    neighbours = _neighbours(x, threshold)
    degree = np.array([len(nb) for nb in neighbours])
    free = np.ones(n, dtype=bool)
    groups: list[Group] = []
    for i in np.lexsort((np.arange(n), -degree)):  # most neighbours first, then document order
        if not free[i]:
            continue
        nb = neighbours[i]
        members = set(nb[free[nb]].tolist()) | {int(i)}
        free[list(members)] = False
        if len(members) >= min_size:
            groups.append(_named(titles, x, sorted(members)))
    groups.sort(key=lambda g: (-g.size, g.members[0]))
    return groups


def _neighbours(x, threshold: float) -> list[np.ndarray]:
    """For each title, the titles at least ``threshold`` alike (itself included), block by block.

    Large sets are spread over the cores: the blocks are independent, and the
    worker processes share the matrix with this one (fork, copy on write)."""
    global _shared
    n = x.shape[0]
    starts = list(range(0, n, BLOCK))
    with _lock:
        _shared = (x, x.T.tocsr(), threshold)
        blocks = _run_blocks(n, starts)
        _shared = None
    out: list[np.ndarray] = []
    for indptr, indices in blocks:
        out.extend(indices[indptr[r]:indptr[r + 1]] for r in range(len(indptr) - 1))
    return out


def _run_blocks(n: int, starts: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    try:
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        if n >= PARALLEL_FROM and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                blocks = pool.map(_block, starts)
            return blocks
    except OSError:  # no processes to be had (limits, sandbox): one core will do
        pass
    return [_block(start) for start in starts]


_shared = None  # (matrix, its transpose, threshold) while _neighbours runs
_lock = threading.Lock()  # one grouping at a time shares _shared with its workers


def _block(start: int) -> tuple[np.ndarray, np.ndarray]:
    x, xt, threshold = _shared
    sims = (x[start:start + BLOCK] @ xt).tocsr()
    sims.data[sims.data < threshold] = 0
    sims.eliminate_zeros()
    return sims.indptr, sims.indices


def _named(titles: list[str], x, members: list[int]) -> Group:
    rows = x[members]
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    scores = rows @ centroid
    best = members[int(np.argmax(scores))]
    ordered = [best] + [m for m in members if m != best]
    return Group(titles[best], tuple(ordered))
