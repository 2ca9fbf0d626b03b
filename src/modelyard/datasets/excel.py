"""Excel workbooks (.xlsx): refuse zip bombs before anything is extracted, then read sheet 1.

An .xlsx file is a zip archive. Before calamine (through fastexcel) sees it, the archive's
central directory is inspected: entry count, declared uncompressed sizes and compression
ratios. Declared sizes can lie, so every entry is then decompressed once in a bounded stream:
Python's zipfile stops at the declared size and the CRC check fails if there was more.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

from modelyard.datasets.errors import ArchiveBomb, EmptyFile, HeaderOnly, UnsupportedFormat
from modelyard.datasets.sniffing import check_column_names

_REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
_SMALL_ENTRY = 1024 * 1024  # ratios of tiny entries mean nothing


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    max_uncompressed_bytes: int = 1024**3
    max_ratio: float = 200.0
    max_entries: int = 10_000


def check_archive(path: Path, limits: ArchiveLimits) -> None:
    """Refuse archives that are not workbooks, or that would expand beyond ``limits``."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_declared(entries, limits)
            names = {entry.filename for entry in entries}
            if not all(part in names for part in _REQUIRED_PARTS):
                raise UnsupportedFormat(
                    "The file is a zip archive but not an Excel workbook.",
                    hint="Upload the data file itself (CSV, Parquet, .xlsx or JSON Lines).",
                )
            for entry in entries:
                _drain(archive, entry)
    except zipfile.BadZipFile as exc:
        raise ArchiveBomb(
            f"The workbook is damaged or its declared sizes do not match its content ({exc})."
        ) from exc


def _check_declared(entries: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    if len(entries) > limits.max_entries:
        raise ArchiveBomb(f"The workbook has {len(entries)} parts; at most {limits.max_entries}.")
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise UnsupportedFormat(
                "The workbook is encrypted.", hint="Remove the password and upload it again."
            )
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _SMALL_ENTRY and ratio > limits.max_ratio:
            raise ArchiveBomb(
                f"The part {entry.filename!r} expands {ratio:.0f} times; "
                f"at most {limits.max_ratio:.0f} is accepted."
            )
    if total > limits.max_uncompressed_bytes:
        raise ArchiveBomb(
            f"The workbook expands to {total} bytes; at most "
            f"{limits.max_uncompressed_bytes} are accepted."
        )


def _drain(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    with archive.open(entry) as stream:
        while stream.read(1024 * 1024):
            pass


def read_first_sheet(path: Path, *, max_columns: int) -> pl.DataFrame:
    """The first worksheet, its first row taken as column names."""
    try:
        reader = fastexcel.read_excel(str(path))
        header = reader.load_sheet(0, header_row=None, n_rows=1, eager=True)
    except Exception as exc:  # calamine reports damaged workbooks with its own error types
        raise UnsupportedFormat(f"The workbook cannot be read ({exc}).") from exc
    names = [_cell_text(values) for values in header.to_pydict().values()]
    if not names:
        raise EmptyFile("The first worksheet is empty.")
    check_column_names(names, max_columns)
    frame = reader.load_sheet(0, header_row=0, schema_sample_rows=10_000).to_polars()
    if frame.height == 0:
        raise HeaderOnly("The first worksheet has column names but no rows.")
    return frame


def _cell_text(values: list[object]) -> str:
    return "" if not values or values[0] is None else str(values[0])
