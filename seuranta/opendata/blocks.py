"""A table's files made block by block, each block kept for the next build.

The tables' rows are the bulk of the open data: the observations are some 50,000
rows at national scale, written as CSV, JSON, Finnish-Excel CSV and a workbook
sheet. Each file is made of blocks of BLOCK_ROWS rows, and what a block became in
each file is kept (downloads.py keeps them in the build's work folder): after one
changed value, one block is made again, not 50,000 rows (1 s of the open data's
process at national scale). A block is known by a digest of its rows, where it
starts, and what it was made as (the kind of file and all else that decides it);
tests compare files made with kept blocks with files made without, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from seuranta.digest import digest

BLOCK_ROWS = 500  # a table's rows per block

T = TypeVar("T")


class Blocks:
    """What blocks of rows were made as. `known`: those of the last build, by key (see
    above), taken when `check` says a kept value has the right shape (a cache read back
    from disk is checked, not trusted); `made`: those of this build, to keep for the
    next; `reused` counts the blocks taken. Without `keep`, nothing is looked up or kept
    (no digests)."""

    def __init__(self, known: Mapping[str, object] | None = None, keep: bool = True) -> None:
        self.known = known if isinstance(known, Mapping) else {}
        self.keep = keep
        self.made: dict[str, object] = {}
        self.reused = 0
        self._digests: dict[int, tuple[list[list[str]], list[str]]] = {}  # by id(rows), with rows held

    def each(self, rows: list[list[str]], made_as: str, make: Callable[[int, list[list[str]]], T],
             check: Callable[[object], bool]) -> Iterator[tuple[int, list[list[str]], T]]:
        """Each block of `rows` with the row it starts at and what it is made as: kept, or
        `make(start, block)`, called block by block in order. `made_as` names what a block
        becomes and everything that decides it besides its rows and start."""
        digests = self._rows_digests(rows) if self.keep else []
        kind = digest(made_as) if self.keep else ""
        for n, start in enumerate(range(0, len(rows), BLOCK_ROWS)):
            block = rows[start:start + BLOCK_ROWS]
            key = f"{digests[n]} {start} {kind}" if self.keep else ""
            kept = self.known.get(key) if self.keep else None
            if kept is not None and check(kept):
                self.reused += 1
                made: T = kept  # type: ignore[assignment]  # (its shape checked)
            else:
                made = make(start, block)
            if self.keep:
                self.made[key] = made
            yield start, block, made

    def _rows_digests(self, rows: list[list[str]]) -> list[str]:
        """A digest of each block of `rows`, worked out once for all it is made as."""
        known = self._digests.get(id(rows))
        if known is None or known[0] is not rows:
            known = self._digests[id(rows)] = (rows, [digest(repr(rows[start:start + BLOCK_ROWS]))
                                                      for start in range(0, len(rows), BLOCK_ROWS)])
        return known[1]
