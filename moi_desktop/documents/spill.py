"""Rows kept in a temporary file so a report of any size is laid out in bounded memory.

A renderer reads the report's rows once (they may come straight from a database cursor), spills
what it needs of each row here, and reads the file back as many times as its layout passes need.
Rows are lists (or tuples) of plain values — str, numbers, None, dates and datetimes. Batches of
rows go out as one pickle each, so memory holds one batch, not the report.

Pickle, not JSON: the file is this process's own scratch space — created here, unnamed, read back
only by the renderer that wrote it — so nothing outside the program ever feeds it, and pickle keeps
dates as they are and writes/reads a batch several times faster (a row's repeated strings, such as
a cell's value and its raw copy, are stored once).

The file lives beside the document being written (the caller's directory: the same disk, the same
access as the output itself) and is removed on close; on POSIX it has no name at all.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

BATCH = 1000


class RowSpill:
    """Append rows, then iterate them (any number of times, in order)."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self._file = tempfile.TemporaryFile(prefix=".moi-rows-", dir=directory)
        self._batch: list[Sequence[Any]] = []
        self.count = 0

    def append(self, row: Sequence[Any]) -> None:
        self._batch.append(row)
        self.count += 1
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            pickle.dump(self._batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._batch = []

    def __iter__(self) -> Iterator[Any]:  # each row as appended
        self._flush()
        self._file.seek(0)
        while True:
            try:
                batch = pickle.load(self._file)  # noqa: S301 - our own unnamed scratch file (see above)
            except EOFError:
                return
            yield from batch

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RowSpill:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
