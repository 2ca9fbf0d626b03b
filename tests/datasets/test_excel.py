"""Excel workbooks, and the zip bombs that pretend to be one."""

from __future__ import annotations

import zipfile
from pathlib import Path

import polars as pl
import pytest

from modelyard.datasets.errors import (
    ArchiveBomb,
    DatasetError,
    DuplicateColumnNames,
    EmptyColumnName,
    EmptyFile,
    HeaderOnly,
    TooManyColumns,
    UnsupportedFormat,
)
from modelyard.datasets.excel import ArchiveLimits, check_archive
from modelyard.datasets.ingest import IngestLimits, ingest_to_parquet
from modelyard.datasets.sniffing import FileFormat
from tests.datasets.builders import understate_sizes, write_xlsx


def test_workbook(tmp_path: Path) -> None:
    source = write_xlsx(
        tmp_path / "book.xlsx",
        [
            ["name", "age", "member", "city"],
            ["Ann", 31, True, "Oslo"],
            ["Bob", 45.5, False, None],
            ["Cy", None, True, "Rome"],
        ],
    )
    target = tmp_path / "out.parquet"
    result = ingest_to_parquet(source, target, filename="book.xlsx")
    assert result.format is FileFormat.XLSX
    assert result.rows == 3
    frame = pl.read_parquet(target)
    assert frame.schema == {
        "name": pl.String,
        "age": pl.Float64,
        "member": pl.Boolean,
        "city": pl.String,
    }
    assert frame.rows() == [
        ("Ann", 31.0, True, "Oslo"),
        ("Bob", 45.5, False, None),
        ("Cy", None, True, "Rome"),
    ]


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ([["a", "a"], [1, 2]], DuplicateColumnNames),
        ([["a", None, "c"], [1, "x", 3]], EmptyColumnName),
        ([["a", "b"]], HeaderOnly),
        ([], EmptyFile),
    ],
)
def test_bad_workbooks(tmp_path: Path, rows: list[list[object]], error: type[DatasetError]) -> None:
    source = write_xlsx(tmp_path / "bad.xlsx", rows)  # type: ignore[arg-type]
    with pytest.raises(error):
        ingest_to_parquet(source, tmp_path / "out.parquet", filename="bad.xlsx")
    assert not (tmp_path / "out.parquet").exists()


def test_too_many_columns(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "wide.xlsx", [[f"c{i}" for i in range(12)], list(range(12))])
    with pytest.raises(TooManyColumns):
        ingest_to_parquet(source, tmp_path / "o.parquet", limits=IngestLimits(max_columns=10))


def test_high_ratio_bomb_is_refused_before_extraction(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "bomb.xlsx", [["a"], [1]], padding=20_000_000)
    assert source.stat().st_size < 100_000
    with pytest.raises(ArchiveBomb) as info:
        ingest_to_parquet(source, tmp_path / "o.parquet", filename="bomb.xlsx")
    assert info.value.code == "dataset_archive_bomb"
    assert "expands" in info.value.message


def test_total_size_limit(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "big.xlsx", [["a"], [1]], padding=3_000_000)
    limits = ArchiveLimits(max_uncompressed_bytes=2_000_000, max_ratio=1e9)
    with pytest.raises(ArchiveBomb, match="expands to"):
        check_archive(source, limits)
    check_archive(source, ArchiveLimits(max_ratio=1e9))


def test_too_many_entries(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "many.xlsx", [["a"], [1]])
    with zipfile.ZipFile(source, "a") as archive:
        for i in range(30):
            archive.writestr(f"xl/media/{i}.bin", b"")
    with pytest.raises(ArchiveBomb, match="parts"):
        check_archive(source, ArchiveLimits(max_entries=20))


def test_bomb_that_lies_about_its_size(tmp_path: Path) -> None:
    """Declared sizes pass the checks; the bounded read notices the content is longer."""
    source = write_xlsx(tmp_path / "liar.xlsx", [["a"], [1]], padding=5_000_000)
    understate_sizes(source, 1000)
    with pytest.raises(ArchiveBomb, match="declared sizes"):
        ingest_to_parquet(source, tmp_path / "o.parquet", filename="liar.xlsx")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    source = tmp_path / "data.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    with pytest.raises(UnsupportedFormat, match="not an Excel workbook"):
        ingest_to_parquet(source, tmp_path / "o.parquet", filename="data.zip")


def test_encrypted_entries_are_refused(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "locked.xlsx", [["a"], [1]])
    data = bytearray(source.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset] |= 0x1  # general purpose flag bit 0: encrypted
            start += 4
    source.write_bytes(bytes(data))
    with pytest.raises(UnsupportedFormat, match="encrypted"):
        check_archive(source, ArchiveLimits())


def test_damaged_archive(tmp_path: Path) -> None:
    source = tmp_path / "cut.xlsx"
    source.write_bytes(write_xlsx(tmp_path / "full.xlsx", [["a"], [1]]).read_bytes()[:200])
    with pytest.raises(ArchiveBomb):
        ingest_to_parquet(source, tmp_path / "o.parquet", filename="cut.xlsx")


def test_unreadable_workbook(tmp_path: Path) -> None:
    """A well-formed archive whose sheet XML is garbage is refused, not a crash."""
    source = tmp_path / "junk.xlsx"
    write_xlsx(source, [["a"], [1]])
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = b"<not-a-workbook"
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(UnsupportedFormat, match="cannot be read"):
        ingest_to_parquet(source, tmp_path / "o.parquet", filename="junk.xlsx")
