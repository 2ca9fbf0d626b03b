"""ingest_to_parquet on real files written to tmp_path: every format, every bad file."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from modelyard.datasets.errors import (
    DatasetError,
    DuplicateColumnNames,
    EmptyColumnName,
    EmptyFile,
    ExtensionMismatch,
    HeaderOnly,
    MalformedFile,
    PickleRefused,
    RaggedRows,
    TooManyColumns,
    UnclosedQuote,
    UnsupportedColumnType,
    UnsupportedEncoding,
    UnsupportedFormat,
)
from modelyard.datasets.ingest import (
    INFER_SCHEMA_ROWS,
    CsvOptions,
    IngestLimits,
    ingest_to_parquet,
)
from modelyard.datasets.sniffing import FileFormat


def ingest(
    tmp_path: Path, name: str, content: bytes, **kwargs: object
) -> tuple[pl.DataFrame, object]:
    source = tmp_path / name
    source.write_bytes(content)
    target = tmp_path / "out.parquet"
    result = ingest_to_parquet(source, target, filename=name, **kwargs)  # type: ignore[arg-type]
    assert result.parquet_bytes == target.stat().st_size
    return pl.read_parquet(target), result


def refuse(tmp_path: Path, name: str, content: bytes, **kwargs: object) -> DatasetError:
    source = tmp_path / name
    source.write_bytes(content)
    target = tmp_path / "out.parquet"
    with pytest.raises(DatasetError) as info:
        ingest_to_parquet(source, target, filename=name, **kwargs)  # type: ignore[arg-type]
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]  # nothing partial left behind
    assert info.value.hint
    return info.value


# -- accepted files ---------------------------------------------------------------------------


def test_csv_with_types(tmp_path: Path) -> None:
    frame, result = ingest(
        tmp_path,
        "people.csv",
        b"id,name,age,score,joined,member\n"
        b"1,Ann,31,0.5,2021-01-02,true\n"
        b'2,"Smith, J",,1.25,2022-03-04,false\n',
    )
    assert frame.schema == {
        "id": pl.Int64,
        "name": pl.String,
        "age": pl.Int64,
        "score": pl.Float64,
        "joined": pl.Date,
        "member": pl.Boolean,
    }
    assert frame.rows() == [
        (1, "Ann", 31, 0.5, date(2021, 1, 2), True),
        (2, "Smith, J", None, 1.25, date(2022, 3, 4), False),
    ]
    assert result.model_dump() == {  # type: ignore[attr-defined]
        "format": FileFormat.CSV,
        "rows": 2,
        "columns": 6,
        "column_names": ["id", "name", "age", "score", "joined", "member"],
        "encoding": "utf-8",
        "delimiter": ",",
        "has_header": True,
        "parquet_bytes": (tmp_path / "out.parquet").stat().st_size,
    }


def test_tsv_semicolons_and_pipes(tmp_path: Path) -> None:
    frame, result = ingest(tmp_path, "a.tsv", b"a\tb\n1\tx y\n")
    assert result.format is FileFormat.TSV  # type: ignore[attr-defined]
    assert frame.rows() == [(1, "x y")]
    frame, _ = ingest(tmp_path, "b.csv", b"a;b\n1;2\n")
    assert frame.columns == ["a", "b"]
    frame, _ = ingest(tmp_path, "c.txt", b"a|b\n1|2\n")
    assert frame.rows() == [(1, 2)]


def test_quoted_newlines_blank_lines_and_crlf(tmp_path: Path) -> None:
    frame, _ = ingest(
        tmp_path,
        "notes.csv",
        b'id,note\r\n1,"line one\r\nline two"\r\n\r\n2,"say ""hi"""\r\n\r\n',
    )
    assert frame.rows() == [(1, "line one\r\nline two"), (2, 'say "hi"')]


def test_utf8_bom(tmp_path: Path) -> None:
    frame, result = ingest(
        tmp_path, "bom.csv", b"\xef\xbb\xbfname,city\nJos\xc3\xa9,M\xc3\xa1laga\n"
    )
    assert frame.columns == ["name", "city"]
    assert frame.rows() == [("José", "Málaga")]
    assert result.encoding == "utf-8-sig"  # type: ignore[attr-defined]


def test_latin1(tmp_path: Path) -> None:
    frame, result = ingest(
        tmp_path, "l.csv", "name,city\nJosé,Málaga\nZoë,Köln\n".encode("latin-1")
    )
    assert frame.rows() == [("José", "Málaga"), ("Zoë", "Köln")]
    assert result.encoding == "cp1252"  # type: ignore[attr-defined]
    frame, result = ingest(tmp_path, "l2.csv", b"name\n\x81\xe9\n")
    assert result.encoding == "latin-1"  # type: ignore[attr-defined]
    assert frame.rows() == [("\x81é",)]


def test_non_utf8_bytes_after_the_sniffed_head(tmp_path: Path) -> None:
    head = b"name,n\n" + b"plain,1\n" * 200_000  # more than the sniffed head
    frame, result = ingest(tmp_path, "late.csv", head + "Málaga,2\n".encode("cp1252"))
    assert result.encoding == "cp1252"  # type: ignore[attr-defined]
    assert frame["name"][-1] == "Málaga"
    assert frame.height == 200_001


def test_explicit_encoding_that_is_wrong(tmp_path: Path) -> None:
    error = refuse(tmp_path, "x.csv", b"a\n\xe9\n", csv_options=CsvOptions(encoding="utf-8"))
    assert isinstance(error, UnsupportedEncoding)


def test_no_header(tmp_path: Path) -> None:
    frame, result = ingest(tmp_path, "n.csv", b"1,2.5\n3,4.5\n")
    assert frame.columns == ["column_1", "column_2"]
    assert frame.height == 2
    assert result.has_header is False  # type: ignore[attr-defined]
    frame, _ = ingest(tmp_path, "h.csv", b"1,2\n3,4\n", csv_options=CsvOptions(has_header=True))
    assert frame.columns == ["1", "2"]


def test_types_widen_when_a_late_row_does_not_fit(tmp_path: Path) -> None:
    rows = [f"{i},{i},2020-01-01,{i}" for i in range(INFER_SCHEMA_ROWS + 50)]
    rows += ["1.5,7,2020-01-02,x", "2.5,oops,not a date,y"]
    frame, _ = ingest(tmp_path, "late.csv", ("a,b,c,d\n" + "\n".join(rows) + "\n").encode())
    assert frame.schema == {"a": pl.Float64, "b": pl.String, "c": pl.String, "d": pl.String}
    assert frame["a"][-1] == 2.5
    assert frame["b"][-1] == "oops"


def test_datetimes(tmp_path: Path) -> None:
    frame, _ = ingest(tmp_path, "t.csv", b"at\n2024-01-02T03:04:05\n2024-05-06T07:08:09\n")
    assert frame["at"].to_list() == [datetime(2024, 1, 2, 3, 4, 5), datetime(2024, 5, 6, 7, 8, 9)]
    frame, _ = ingest(tmp_path, "tz.csv", b"at\n2024-01-02T03:04:05+02:00\n")
    assert frame.schema["at"] == pl.Datetime("us", "UTC")
    assert frame["at"][0].replace(tzinfo=None) == datetime(2024, 1, 2, 1, 4, 5)


def test_parquet(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pl.DataFrame({"a": [1, 2, None], "b": ["x", "y", "z"]}).write_parquet(source)
    target = tmp_path / "out.parquet"
    result = ingest_to_parquet(source, target, filename="in.parquet")
    assert result.format is FileFormat.PARQUET
    assert pl.read_parquet(target).rows() == [(1, "x"), (2, "y"), (None, "z")]


def test_jsonl(tmp_path: Path) -> None:
    lines = [{"a": 1, "b": "x", "c": True}, {"a": 2, "b": None}, {"a": 3.5, "b": "z", "c": False}]
    content = "\n".join(json.dumps(line) for line in lines).encode() + b"\n\n"
    frame, result = ingest(tmp_path, "rows.jsonl", content)
    assert result.format is FileFormat.JSONL  # type: ignore[attr-defined]
    assert frame.schema == {"a": pl.Float64, "b": pl.String, "c": pl.Boolean}
    assert frame.rows() == [(1.0, "x", True), (2.0, None, None), (3.5, "z", False)]


# -- refused files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "error", "line", "column"),
    [
        ("empty.csv", b"", EmptyFile, None, None),
        ("bom-only.csv", b"\xef\xbb\xbf", EmptyFile, None, None),
        ("header.csv", b"a,b,c\n", HeaderOnly, None, None),
        ("header-blank.csv", b"a,b,c\n\n\n", HeaderOnly, None, None),
        ("short.csv", b"a,b,c\n1,2,3\n4,5\n6,7,8\n", RaggedRows, 3, "c"),
        ("long.csv", b"a,b,c\n1,2,3\n4,5,6,7\n", RaggedRows, 3, "column 4"),
        ("spaces.csv", b"a,b\n1,2\n \n", RaggedRows, 3, "b"),
        ("unclosed.csv", b'a,b,c\n1,2,3\n4,"5,6\n7,8,9\n', UnclosedQuote, 3, "b"),
        ("unclosed-end.csv", b'a,b,c\n1,2,3\n4,5,"6\n', UnclosedQuote, 3, "c"),
        ("dup.csv", b"a,b,a\n1,2,3\n", DuplicateColumnNames, 1, "a"),
        ("noname.csv", b"a,,c\n1,2,3\n", EmptyColumnName, 1, "column 2"),
        ("blankname.csv", b"a, ,c\n1,2,3\n", EmptyColumnName, 1, "column 2"),
        ("model.pkl", b"\x80\x04\x95", PickleRefused, None, None),
        ("data.csv", b"PAR1garbage", ExtensionMismatch, None, None),
        ("garbage.csv", bytes(range(256)) * 8, UnsupportedFormat, None, None),
        ("bad.jsonl", b'{"a": 1}\n{"a": 2,}\n', MalformedFile, 2, None),
        ("list.jsonl", b'{"a": 1}\n[1, 2]\n', MalformedFile, 2, None),
        ("nested.jsonl", b'{"a": 1, "b": {"c": 2}}\n', UnsupportedColumnType, None, "b"),
        ("latin.jsonl", '{"a": "é"}\n'.encode("latin-1"), UnsupportedEncoding, None, None),
        ("broken.parquet", b"PAR1 this is not really parquet PAR1", MalformedFile, None, None),
    ],
)
def test_bad_files(
    tmp_path: Path,
    name: str,
    content: bytes,
    error: type[DatasetError],
    line: int | None,
    column: str | None,
) -> None:
    refused = refuse(tmp_path, name, content)
    assert isinstance(refused, error), refused
    assert refused.line == line
    assert refused.column == column
    assert refused.details() == {
        k: v for k, v in {"line": line, "column": column}.items() if v is not None
    }


def test_ragged_row_deep_in_a_large_file(tmp_path: Path) -> None:
    rows = ["1,2,3"] * 300_000
    rows[250_000] = "1,2"
    error = refuse(tmp_path, "deep.csv", ("a,b,c\n" + "\n".join(rows) + "\n").encode())
    assert isinstance(error, RaggedRows)
    assert error.line == 250_002
    assert "line 250002" in str(error)


def test_too_many_columns(tmp_path: Path) -> None:
    header = ",".join(f"c{i}" for i in range(30)) + "\n"
    error = refuse(
        tmp_path, "wide.csv", (header + header).encode(), limits=IngestLimits(max_columns=20)
    )
    assert isinstance(error, TooManyColumns)
    assert error.code == "dataset_too_many_columns"
    source = tmp_path / "wide.parquet"
    pl.DataFrame({f"c{i}": [i] for i in range(30)}).write_parquet(source)
    with pytest.raises(TooManyColumns):
        ingest_to_parquet(source, tmp_path / "o.parquet", limits=IngestLimits(max_columns=20))


def test_unsupported_parquet_columns(tmp_path: Path) -> None:
    source = tmp_path / "nested.parquet"
    pl.DataFrame({"a": [1], "b": [[1, 2]]}).write_parquet(source)
    with pytest.raises(UnsupportedColumnType) as info:
        ingest_to_parquet(source, tmp_path / "o.parquet")
    assert info.value.column == "b"


def test_truncated_parquet(tmp_path: Path) -> None:
    source = tmp_path / "t.parquet"
    pl.DataFrame({"a": list(range(1000))}).write_parquet(source)
    source.write_bytes(source.read_bytes()[:-40])
    with pytest.raises(MalformedFile):
        ingest_to_parquet(source, tmp_path / "o.parquet")
    assert not (tmp_path / "o.parquet").exists()


def test_error_messages_read_well(tmp_path: Path) -> None:
    error = refuse(tmp_path, "short.csv", b"a,b,c\n1,2\n")
    assert error.code == "dataset_ragged_rows"
    assert error.status == 422
    assert str(error) == (
        "The row has only 2 of 3 fields; 'c' and later are missing. (line 2, column 'c')"
    )
    assert error.message.startswith("The row has only 2 of 3 fields")


def test_line_scan_counts_blank_lines_and_flags_suspects(tmp_path: Path) -> None:
    from modelyard.datasets.csv_checks import scan_lines
    from modelyard.datasets.sniffing import CsvDialect

    dialect = CsvDialect(delimiter=",", quote_char='"', has_header=True, column_names=("a", "b"))
    path = tmp_path / "x.csv"
    path.write_bytes(b'a,b\r\n1,2\r\n\r\n"x,y",3\r\n\r\n')
    scan = scan_lines(path, dialect)
    assert scan.first_suspect is None
    assert scan.blank_lines == 2
    path.write_bytes(b'a,b\n1,2\n"multi\nline",3\n')
    assert scan_lines(path, dialect).first_suspect == 3


@pytest.mark.parametrize(
    "filename", ["../../etc/x.csv", "a\x00b.csv", "données 😀.CSV", "C:\\x.csv"]
)
def test_hostile_file_names_only_lend_their_extension(tmp_path: Path, filename: str) -> None:
    source = tmp_path / "upload"
    source.write_bytes(b"a,b\n1,2\n")
    result = ingest_to_parquet(source, tmp_path / "out.parquet", filename=filename)
    assert result.rows == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.parquet", "upload"]


def test_unclosed_quote_swallowing_a_large_file(tmp_path: Path) -> None:
    body = b"".join(b"%d,text\n" % i for i in range(50_000))
    error = refuse(tmp_path, "q.csv", b'id,note\n1,"never closed\n' + body)
    assert isinstance(error, UnclosedQuote)
    assert (error.line, error.column) == (2, "note")


def test_jsonl_keys_and_types_that_appear_late(tmp_path: Path) -> None:
    lines = [json.dumps({"a": i}) for i in range(INFER_SCHEMA_ROWS + 50)]
    lines += [json.dumps({"a": 1, "late": "new"}), json.dumps({"a": "text"})]
    frame, _ = ingest(tmp_path, "late.jsonl", "\n".join(lines).encode())
    assert frame.schema == {"a": pl.String, "late": pl.String}
    assert frame.tail(2).rows() == [("1", "new"), ("text", None)]


def test_decimal_comma_with_semicolons(tmp_path: Path) -> None:
    frame, result = ingest(tmp_path, "eu.csv", b"name;price;qty\nTee;1,5;2\nCaf\xc3\xa9;-12,25;3\n")
    assert result.delimiter == ";"  # type: ignore[attr-defined]
    assert frame.schema == {"name": pl.String, "price": pl.Float64, "qty": pl.Int64}
    assert frame["price"].to_list() == [1.5, -12.25]
    frame, _ = ingest(tmp_path, "points.csv", b"a;b\n1.5;2,5\n")  # mixed: left as written
    assert frame["b"].to_list() == ["2,5"]
