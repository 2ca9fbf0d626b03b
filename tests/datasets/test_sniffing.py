from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from modelyard.datasets.errors import (
    DatasetError,
    EmptyFile,
    ExtensionMismatch,
    MalformedFile,
    PickleRefused,
    TooManyColumns,
    UnsupportedEncoding,
    UnsupportedFormat,
)
from modelyard.datasets.sniffing import (
    FileFormat,
    Head,
    detect_encoding,
    detect_format,
    sniff_csv,
)


def head(data: bytes, complete: bool = True) -> Head:
    return Head(data=data, complete=complete)


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"a,b\n1,2\n", "data.csv", FileFormat.CSV),
        (b"a\tb\n1\t2\n", "data.tsv", FileFormat.CSV),  # the delimiter is decided by sniffing
        (b"a,b\n1,2\n", None, FileFormat.CSV),
        (b"a,b\n1,2\n", "data", FileFormat.CSV),
        (b"a,b\n1,2\n", "notes.txt", FileFormat.CSV),
        (b"PAR1\x15\x04", "x.parquet", FileFormat.PARQUET),
        (b"PAR1\x15\x04", None, FileFormat.PARQUET),
        (b"PK\x03\x04rest", "book.xlsx", FileFormat.XLSX),
        (b'{"a": 1}\n{"a": 2}\n', "rows.jsonl", FileFormat.JSONL),
        (b'  {"a": 1}\n', "rows.json", FileFormat.JSONL),
        (b'{"a": 1}\n', "rows.ndjson", FileFormat.JSONL),
    ],
)
def test_formats_are_detected_from_content(
    data: bytes, filename: str | None, expected: FileFormat
) -> None:
    assert detect_format(head(data), filename=filename) is expected


@pytest.mark.parametrize(
    ("data", "filename", "error", "code"),
    [
        (b"", "x.csv", EmptyFile, "dataset_empty_file"),
        (b"  \n\n", "x.csv", EmptyFile, "dataset_empty_file"),
        (pickle.dumps({"a": 1}), "x.csv", PickleRefused, "dataset_pickle_refused"),
        (pickle.dumps([1, 2], protocol=2), None, PickleRefused, "dataset_pickle_refused"),
        (pickle.dumps({"a": 1}, protocol=0), None, PickleRefused, "dataset_pickle_refused"),
        (b"a,b\n1,2\n", "model.pkl", PickleRefused, "dataset_pickle_refused"),
        (b"a,b\n1,2\n", "model.joblib", PickleRefused, "dataset_pickle_refused"),
        (b"PAR1\x00\x00", "data.csv", ExtensionMismatch, "dataset_extension_mismatch"),
        (b"a,b\n1,2\n", "data.parquet", ExtensionMismatch, "dataset_extension_mismatch"),
        (b"a,b\n1,2\n", "data.xlsx", ExtensionMismatch, "dataset_extension_mismatch"),
        (b"PK\x03\x04", "data.jsonl", ExtensionMismatch, "dataset_extension_mismatch"),
        (b"PK\x03\x04", "data.xls", ExtensionMismatch, "dataset_extension_mismatch"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "old.xls", UnsupportedFormat, None),
        (b"\x1f\x8b\x08\x00", "data.csv.gz", UnsupportedFormat, None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.png", UnsupportedFormat, None),
        (bytes(range(256)) * 4, None, UnsupportedFormat, "dataset_unsupported_format"),
        (b"\x7fELF\x02\x01\x01\x00", "a.out", UnsupportedFormat, None),
        (b'[{"a": 1}]', "rows.json", UnsupportedFormat, None),
        (b"\xff\xfea\x00,\x00b\x00", "utf16.csv", UnsupportedEncoding, None),
    ],
)
def test_refusals(
    data: bytes, filename: str | None, error: type[DatasetError], code: str | None
) -> None:
    with pytest.raises(error) as info:
        detect_format(head(data), filename=filename)
    assert info.value.hint
    if code:
        assert info.value.code == code


def test_extension_mismatch_names_the_right_extension() -> None:
    with pytest.raises(ExtensionMismatch) as info:
        detect_format(head(b"PAR1\x00"), filename="upload.CSV")
    assert ".parquet" in info.value.hint


@pytest.mark.parametrize(
    ("data", "complete", "expected"),
    [
        (b"a,b\n1,2\n", True, "utf-8"),
        ("name\ncafé\n".encode(), True, "utf-8"),
        (b"\xef\xbb\xbfa,b\n", True, "utf-8-sig"),
        ("name\ncafé €\n".encode("cp1252"), True, "cp1252"),
        (b"name\n\x81\xe9\n", True, "latin-1"),
        # A head that stops in the middle of a UTF-8 character is still UTF-8.
        ("name\ncafé".encode()[:-1], False, "utf-8"),
    ],
)
def test_encodings(data: bytes, complete: bool, expected: str) -> None:
    assert detect_encoding(head(data, complete)) == expected


def test_head_reads_at_most_its_size(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"x" * 100)
    assert Head.read(path, size=100).complete
    partial = Head.read(path, size=99)
    assert not partial.complete
    assert len(partial.data) == 99


@pytest.mark.parametrize(
    ("text", "delimiter", "has_header", "names"),
    [
        ("a,b,c\n1,2,3\n4,5,6\n", ",", True, ("a", "b", "c")),
        ("a;b;c\n1,5;2;3\n4,1;5;6\n", ";", True, ("a", "b", "c")),
        ("a\tb\n1\t2\n", "\t", True, ("a", "b")),
        ("a|b\n1|2\n", "|", True, ("a", "b")),
        ('name,note\n"Smith, J","a; b"\n"Doe, K","c"\n', ",", True, ("name", "note")),
        ("1,2,3\n4,5,6\n", ",", False, ("column_1", "column_2", "column_3")),
        ("id,2019,2020\n1,5,6\n2,7,8\n", ",", True, ("id", "2019", "2020")),
        ("x,y\nfoo,bar\n", ",", True, ("x", "y")),
        ("single\n1\n2\n", ",", True, ("single",)),
    ],
)
def test_csv_dialects(text: str, delimiter: str, has_header: bool, names: tuple[str, ...]) -> None:
    dialect = sniff_csv(head(text.encode()), encoding="utf-8", max_columns=100)
    assert dialect.delimiter == delimiter
    assert dialect.has_header is has_header
    assert dialect.column_names == names
    assert dialect.columns == len(names)


def test_overrides_win_over_sniffing() -> None:
    dialect = sniff_csv(
        head(b"1;2\n3;4\n"), encoding="utf-8", max_columns=10, delimiter=";", has_header=True
    )
    assert dialect.column_names == ("1", "2")


def test_partial_head_ignores_the_cut_line() -> None:
    text = b'a,b\n1,2\n3,4\n5,"unfinished'
    dialect = sniff_csv(head(text, complete=False), encoding="utf-8", max_columns=10)
    assert dialect.column_names == ("a", "b")


def test_first_line_longer_than_the_head() -> None:
    wide = ",".join(f"c{i}" for i in range(5000)).encode()
    with pytest.raises(TooManyColumns) as info:
        sniff_csv(head(wide, complete=False), encoding="utf-8", max_columns=1000)
    assert info.value.line == 1
    with pytest.raises(MalformedFile):
        sniff_csv(head(b"x" * 1000, complete=False), encoding="utf-8", max_columns=1000)


def test_decimal_comma_is_detected_only_without_decimal_points() -> None:
    def sniff(text: bytes) -> bool:
        return sniff_csv(head(text), encoding="utf-8", max_columns=10).decimal_comma

    assert sniff(b"a;b\n1,5;2\n3,25;4\n")
    assert not sniff(b"a;b\n1.5;2\n3,25;4\n")
    assert not sniff(b'a,b\n"1,5",2\n')  # a comma delimiter rules it out
    assert not sniff(b"a;b\nx;y\n")
