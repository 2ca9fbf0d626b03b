"""Structural checks of delimited text: every row as wide as the header, every quote closed.

polars pads short rows with nulls and reads an unclosed quote to the end of the file, so the
shape is checked separately, in two steps:

1. ``scan_lines`` — one multi-threaded polars pass over the raw lines counts the
   delimiters outside quoted sections (about a second per GB). It flags lines of the wrong
   width, and lines with an odd number of quotes (which may also be legitimate line breaks
   inside a quoted field).
2. ``locate_problem`` — only when step 1 flags something: Python's csv reader walks the file
   from the start and returns the exact error, with its line and column, or None when the
   flagged lines were valid multi-line fields after all.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import polars as pl

from modelyard.datasets.errors import DatasetError, MalformedFile, RaggedRows, UnclosedQuote
from modelyard.datasets.sniffing import CsvDialect

# A byte that does not occur in text files, so each physical line arrives as one field.
_NO_SEPARATOR = "\x1f"


@dataclass(frozen=True, slots=True)
class LineScan:
    first_suspect: int | None
    """1-based number of the first line that may be malformed."""
    blank_lines: int


def scan_lines(path: Path, dialect: CsvDialect) -> LineScan:
    """Find the first line that may be malformed, and count blank lines, in one pass."""
    line = pl.col("line")
    quote, delimiter = dialect.quote_char, dialect.delimiter
    quoted_section = f"{re.escape(quote)}[^{re.escape(quote)}]*{re.escape(quote)}"
    quotes = line.str.count_matches(quote, literal=True)
    outside_quotes = (
        pl.when(quotes > 0).then(line.str.replace_all(quoted_section, "")).otherwise(line)
    )
    fields = outside_quotes.str.count_matches(delimiter, literal=True) + 1
    blank = line.is_null() | (line.str.len_bytes() == 0) | (line == "\r")
    suspect = ~blank & ((fields != dialect.columns) | (quotes % 2 == 1))
    lines = pl.scan_csv(
        path,
        has_header=False,
        separator=_NO_SEPARATOR,
        quote_char=None,
        schema={"line": pl.String},
        truncate_ragged_lines=True,
        raise_if_empty=False,
    )
    found = (
        lines.with_row_index("number", offset=1)
        .select(first=pl.when(suspect).then(pl.col("number")).min(), blank=blank.sum())
        .collect(engine="streaming")
    )
    first, blanks = found.row(0) if found.height else (None, 0)
    return LineScan(
        first_suspect=int(first) if first is not None else None, blank_lines=int(blanks or 0)
    )


class _Lines:
    """Feeds lines to csv.reader, remembering where the current record started."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self.consumed = 0
        self.record_start = 1
        self.record_first_line = ""

    def start_record(self) -> None:
        self.record_start = self.consumed + 1
        self.record_first_line = ""

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        text = next(self._handle)
        if self.consumed + 1 == self.record_start:
            self.record_first_line = text
        self.consumed += 1
        return text


def locate_problem(path: Path, dialect: CsvDialect) -> DatasetError | None:
    """The first structural error in the file, or None if it has none."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = _Lines(handle)
        reader = csv.reader(
            lines, delimiter=dialect.delimiter, quotechar=dialect.quote_char, strict=True
        )
        while True:
            lines.start_record()
            try:
                record = next(reader)
            except StopIteration:
                return None
            except csv.Error as exc:
                return _classify(str(exc), lines, dialect)
            if record and len(record) != dialect.columns:
                return _ragged(record, lines.record_start, dialect)


def _ragged(record: list[str], line: int, dialect: CsvDialect) -> RaggedRows:
    expected, found = dialect.columns, len(record)
    if found > expected:
        column = f"column {expected + 1}"
        detail = f"an extra field after the last column ({found} fields, expected {expected})"
    else:
        column = dialect.column_names[found]
        detail = f"only {found} of {expected} fields; {column!r} and later are missing"
    return RaggedRows(f"The row has {detail}.", line=line, column=column)


def _classify(message: str, lines: _Lines, dialect: CsvDialect) -> DatasetError:
    if "unexpected end of data" in message or "field larger than field limit" in message:
        index = _open_quote_field(lines.record_first_line, dialect)
        detail = "" if "end of data" in message else " (or holds more than 128 KiB)"
        return UnclosedQuote(
            f"A quoted field starts here and is never closed{detail}.",
            line=lines.record_start,
            column=_column_name(index, dialect),
        )
    return MalformedFile(
        f"The row cannot be read as delimited text ({message}).", line=lines.record_start
    )


def _open_quote_field(text: str, dialect: CsvDialect) -> int | None:
    """Index of the field whose quote is still open at the end of ``text``."""
    field, quoted = 0, False
    for char in text:
        if char == dialect.quote_char:
            quoted = not quoted
        elif char == dialect.delimiter and not quoted:
            field += 1
    return field if quoted else None


def _column_name(index: int | None, dialect: CsvDialect) -> str | None:
    if index is None:
        return None
    if index < dialect.columns:
        return dialect.column_names[index]
    return f"column {index + 1}"
