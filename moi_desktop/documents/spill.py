"""Rows kept in a temporary file so a report of any size is laid out in bounded memory.

A renderer reads the report's rows once (they may come straight from a database cursor), spills
what it needs of each row here, and reads the file back as many times as its layout passes need.
Rows are lists of JSON values; dates and datetimes are kept as such (tagged objects). Batches of
rows go out as one JSON line each, so memory holds one batch, not the report.

The file lives beside the document being written (the caller's directory: the same disk, the same
access as the output itself) and is removed on close; on POSIX it has no name at all.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

BATCH = 1000
_DATE, _DATETIME = "$d", "$t"


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    raise TypeError(f"cannot keep a {type(value).__name__} in a report spill")


def _decode(obj: dict[str, str]) -> Any:
    if _DATE in obj:
        return date.fromisoformat(obj[_DATE])
    if _DATETIME in obj:
        return datetime.fromisoformat(obj[_DATETIME])
    return obj


class RowSpill:
    """Append rows, then iterate them (any number of times, in order)."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self._file = tempfile.TemporaryFile(prefix=".moi-rows-", dir=directory)
        self._batch: list[list[Any]] = []
        self.count = 0

    def append(self, row: list[Any]) -> None:
        self._batch.append(row)
        self.count += 1
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            line = json.dumps(self._batch, ensure_ascii=False, separators=(",", ":"), default=_encode)
            self._file.write(line.encode("utf-8") + b"\n")
            self._batch = []

    def __iter__(self) -> Iterator[list[Any]]:
        self._flush()
        self._file.seek(0)
        for line in self._file:
            yield from json.loads(line, object_hook=_decode)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RowSpill:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
