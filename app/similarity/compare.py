"""Pairs of submissions that share more fingerprints than chance, with the matched regions.

Similarity of a pair = shared fingerprints / the smaller fingerprint set, after the starter's
k-grams are removed from both: the share of the shorter solution found in the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from app.similarity.fingerprints import Fingerprint, fingerprint, starter_hashes

THRESHOLD = 0.5
MIN_FINGERPRINTS = 4  # below this a solution is too small (or all starter) to judge


@dataclass(frozen=True)
class Document:
    key: int  # e.g. the attempt id
    label: str
    files: dict[str, str]

    @property
    def source(self) -> str:
        """All files as one text; a comment line names each file (comments are not
        fingerprinted, so the headers never match)."""
        return "\n".join(f"# file: {name}\n{self.files[name]}" for name in sorted(self.files))


@dataclass(frozen=True)
class Region:
    first_line: int
    last_line: int


@dataclass(frozen=True)
class Match:
    left: Document
    right: Document
    similarity: float
    shared: int
    left_regions: list[Region]
    right_regions: list[Region]


def _regions(prints: list[Fingerprint], shared: set[int]) -> list[Region]:
    spans = sorted((p.first_line, p.last_line) for p in prints if p.hash in shared)
    merged: list[list[int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [Region(a, b) for a, b in merged]


def similar_pairs(documents: list[Document], starter: dict[str, str],
                  threshold: float = THRESHOLD) -> list[Match]:
    """Every pair at or above `threshold`, most similar first."""
    given = starter_hashes("\n".join(starter[name] for name in sorted(starter)))
    prints = {d.key: [p for p in fingerprint(d.source) if p.hash not in given]
              for d in documents}
    sets = {key: {p.hash for p in found} for key, found in prints.items()}
    matches = []
    for left, right in combinations(documents, 2):
        a, b = sets[left.key], sets[right.key]
        if min(len(a), len(b)) < MIN_FINGERPRINTS:
            continue
        shared = a & b
        similarity = len(shared) / min(len(a), len(b))
        if similarity >= threshold:
            matches.append(Match(left, right, similarity, len(shared),
                                 _regions(prints[left.key], shared),
                                 _regions(prints[right.key], shared)))
    return sorted(matches, key=lambda m: m.similarity, reverse=True)
