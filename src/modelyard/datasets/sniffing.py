"""What a file is, judged from its first bytes rather than its name.

``detect_format`` recognises Parquet, Excel (.xlsx), JSON Lines and delimited text, and refuses
pickles, archives, legacy Office files and binary data. ``sniff_csv`` finds the delimiter, the
header and the column names of delimited text.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePath

from modelyard.datasets.errors import (
    DuplicateColumnNames,
    EmptyColumnName,
    EmptyFile,
    ExtensionMismatch,
    MalformedFile,
    PickleRefused,
    TooManyColumns,
    UnsupportedEncoding,
    UnsupportedFormat,
)

HEAD_BYTES = 1024 * 1024
DELIMITERS = (",", "\t", ";", "|")
_SNIFF_RECORDS = 500


class FileFormat(StrEnum):
    CSV = "csv"
    TSV = "tsv"
    PARQUET = "parquet"
    XLSX = "xlsx"
    JSONL = "jsonl"


_EXTENSIONS: dict[str, frozenset[FileFormat]] = {
    **dict.fromkeys(
        (".csv", ".tsv", ".tab", ".txt", ".dat"), frozenset({FileFormat.CSV, FileFormat.TSV})
    ),
    ".parquet": frozenset({FileFormat.PARQUET}),
    ".pq": frozenset({FileFormat.PARQUET}),
    ".xlsx": frozenset({FileFormat.XLSX}),
    ".xlsm": frozenset({FileFormat.XLSX}),
    ".jsonl": frozenset({FileFormat.JSONL}),
    ".ndjson": frozenset({FileFormat.JSONL}),
    ".json": frozenset({FileFormat.JSONL}),
    ".xls": frozenset(),
}
_PICKLE_EXTENSIONS = {".pkl", ".pickle", ".joblib", ".dill", ".sav", ".pt", ".pth", ".npy", ".npz"}
# Protocol 0 and 1 pickles are text; these are the openings Python itself writes.
_TEXT_PICKLE_OPENINGS = (b"(dp0", b"(lp0", b"(i", b"ccopy_reg\n", b"c__builtin__\n", b"cnumpy")
_ARCHIVES = {
    b"\x1f\x8b": "a gzip archive",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ\x00": "an xz archive",
    b"\x28\xb5\x2f\xfd": "a zstd archive",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"Rar!\x1a\x07": "a RAR archive",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Head:
    """The first bytes of a file, and whether they are the whole file."""

    data: bytes
    complete: bool

    @classmethod
    def read(cls, path: Path, size: int = HEAD_BYTES) -> Head:
        with path.open("rb") as handle:
            data = handle.read(size + 1)
        return cls(data=data[:size], complete=len(data) <= size)


@dataclass(frozen=True, slots=True)
class CsvDialect:
    delimiter: str
    quote_char: str
    has_header: bool
    column_names: tuple[str, ...]
    #: Numbers are written "1,5" (common with ";" as the delimiter in European exports).
    decimal_comma: bool = False

    @property
    def columns(self) -> int:
        return len(self.column_names)


def detect_format(head: Head, *, filename: str | None = None) -> FileFormat:
    """The format of a file from its first bytes; refuses what we never load."""
    extension = PurePath(filename).suffix.lower() if filename else ""
    if extension in _PICKLE_EXTENSIONS or _is_pickle(head.data):
        raise PickleRefused("Pickle and other Python object files are not accepted.")
    detected = _detect_content(head)
    expected = _EXTENSIONS.get(extension)
    if expected is not None and detected not in expected:
        raise ExtensionMismatch(
            f"The file is named {extension!r} but its content is {_describe(detected)}.",
            hint=f"Rename the file to {_preferred_extension(detected)} and upload it again.",
        )
    return detected


def _detect_content(head: Head) -> FileFormat:
    data = head.data
    if head.complete and not data.strip():
        raise EmptyFile("The file is empty.")
    if data.startswith(b"PAR1"):
        return FileFormat.PARQUET
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return FileFormat.XLSX  # confirmed (or refused) when the archive is opened
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnsupportedFormat(
            "This is a legacy Office file (such as .xls), which is not supported.",
            hint="Save it as .xlsx or CSV from your spreadsheet program.",
        )
    for magic, name in _ARCHIVES.items():
        if data.startswith(magic):
            raise UnsupportedFormat(
                f"The file is {name}.", hint="Extract the file and upload the data file itself."
            )
    text = decode_head(head)
    if _CONTROL.search(text[:65536]):
        raise UnsupportedFormat("The file holds binary data, not a table.")
    stripped = text.lstrip()
    if stripped.startswith("["):
        raise UnsupportedFormat(
            "JSON arrays are not supported.",
            hint="Write one JSON object per line (JSON Lines) and upload that.",
        )
    if stripped.startswith("{"):
        return FileFormat.JSONL
    return FileFormat.CSV


def _is_pickle(data: bytes) -> bool:
    return (len(data) >= 2 and data[0] == 0x80 and 2 <= data[1] <= 5) or data.startswith(
        _TEXT_PICKLE_OPENINGS
    )


def _describe(fmt: FileFormat) -> str:
    return {
        FileFormat.CSV: "delimited text (CSV)",
        FileFormat.TSV: "tab-separated text",
        FileFormat.PARQUET: "Parquet",
        FileFormat.XLSX: "an Excel workbook (or another zip archive)",
        FileFormat.JSONL: "JSON",
    }[fmt]


def _preferred_extension(fmt: FileFormat) -> str:
    return {
        FileFormat.CSV: ".csv",
        FileFormat.TSV: ".tsv",
        FileFormat.PARQUET: ".parquet",
        FileFormat.XLSX: ".xlsx",
        FileFormat.JSONL: ".jsonl",
    }[fmt]


def detect_encoding(head: Head) -> str:
    """``utf-8-sig``, ``utf-8``, ``cp1252`` or ``latin-1``; UTF-16/32 are refused."""
    data = head.data
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        raise UnsupportedEncoding("The file is encoded as UTF-16 or UTF-32.")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The head may end in the middle of a multi-byte character.
        if not (not head.complete and exc.start >= len(data) - 3 and exc.end == len(data)):
            return _single_byte_encoding(data)
    return "utf-8"


def _single_byte_encoding(data: bytes) -> str:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def decode_head(head: Head, encoding: str | None = None) -> str:
    """The head as text, without a trailing partial character."""
    decoder = codecs.getincrementaldecoder(encoding or detect_encoding(head))(errors="replace")
    return decoder.decode(head.data, final=head.complete)


def sniff_csv(
    head: Head,
    *,
    encoding: str,
    max_columns: int,
    delimiter: str | None = None,
    has_header: bool | None = None,
    quote_char: str = '"',
    prefer_tab: bool = False,
) -> CsvDialect:
    """Delimiter, header and column names of delimited text, checked against ``max_columns``."""
    text = decode_head(head, encoding)
    if not head.complete:
        cut = text.rfind("\n")
        if cut < 0:
            _refuse_long_first_line(text, delimiter or ",", max_columns)
        text = text[: cut + 1]
    if delimiter is None:
        delimiter = _sniff_delimiter(text, quote_char, prefer_tab=prefer_tab)
    records = _records(text, delimiter, quote_char)
    if not records:
        raise EmptyFile("The file has no rows.")
    first = records[0]
    if has_header is None:
        has_header = _looks_like_header(first, records[1:])
    names = tuple(first) if has_header else tuple(f"column_{i + 1}" for i in range(len(first)))
    check_column_names(names, max_columns)
    body = records[1:] if has_header else records
    return CsvDialect(
        delimiter=delimiter,
        quote_char=quote_char,
        has_header=has_header,
        column_names=names,
        decimal_comma=delimiter != "," and _uses_decimal_comma(body),
    )


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_DECIMAL_POINT = re.compile(r"[+-]?\d+\.\d+")


def _uses_decimal_comma(records: list[list[str]]) -> bool:
    fields = [field.strip() for record in records for field in record]
    return any(_DECIMAL_COMMA.fullmatch(f) for f in fields) and not any(
        _DECIMAL_POINT.fullmatch(f) for f in fields
    )


def check_column_names(names: tuple[str, ...] | list[str], max_columns: int) -> None:
    if len(names) > max_columns:
        raise TooManyColumns(
            f"The file has {len(names)} columns; the limit is {max_columns}.", line=1
        )
    seen: set[str] = set()
    for index, name in enumerate(names):
        if not name.strip():
            raise EmptyColumnName(
                f"Column {index + 1} has no name.", line=1, column=f"column {index + 1}"
            )
        if name in seen:
            raise DuplicateColumnNames(
                f"The column name {name!r} appears more than once.", line=1, column=name
            )
        seen.add(name)


def _refuse_long_first_line(text: str, delimiter: str, max_columns: int) -> None:
    if text.count(delimiter) + 1 > max_columns:
        raise TooManyColumns(
            f"The file has more than {max_columns} columns; the limit is {max_columns}.", line=1
        )
    raise MalformedFile(
        f"The first line is longer than {HEAD_BYTES} bytes.",
        line=1,
        hint="Check that the file is a table with one row per line.",
    )


def _records(text: str, delimiter: str, quote_char: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar=quote_char)
    records: list[list[str]] = []
    try:
        for record in reader:
            if record:
                records.append(record)
            if len(records) >= _SNIFF_RECORDS:
                break
    except csv.Error:
        pass  # the structural check reports it with its line number
    return records


def _sniff_delimiter(text: str, quote_char: str, *, prefer_tab: bool) -> str:
    best, best_score = ",", (0, 0.0, 0)
    for candidate in DELIMITERS:
        counts = [len(r) for r in _records(text, candidate, quote_char)]
        if not counts or max(counts) < 2:
            continue
        mode = max(set(counts), key=counts.count)
        consistency = counts.count(mode) / len(counts)
        bonus = 1 if prefer_tab and candidate == "\t" else 0
        score = (bonus, consistency, mode if mode > 1 else 0)
        if score > best_score:
            best, best_score = candidate, score
    return best


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _is_number(value: str) -> bool:
    return _NUMBER.fullmatch(value.strip()) is not None


def _looks_like_header(first: list[str], body: list[list[str]]) -> bool:
    """A first row of text above numeric columns is a header; numbers in it are data."""
    if not body:
        return True
    for index, value in enumerate(first):
        column = [row[index] for row in body if index < len(row) and row[index].strip()]
        numeric = bool(column) and sum(map(_is_number, column)) >= 0.9 * len(column)
        if numeric and value.strip() and not _is_number(value):
            return True
    return not any(_is_number(value) for value in first)
