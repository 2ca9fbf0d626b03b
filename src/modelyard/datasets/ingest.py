"""Turning an uploaded file into the dataset's Parquet file, once.

``ingest_to_parquet`` is a pure function of two local paths: it detects the format from the
content, validates structure and header, and writes Parquet with polars' streaming engine, so
memory stays bounded whatever the file size (Excel excepted: a workbook is at most about a
million rows and its expanded size is capped before it is read).
"""

from __future__ import annotations

import codecs
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict

from modelyard.datasets.csv_checks import locate_problem, scan_lines
from modelyard.datasets.errors import (
    DatasetError,
    HeaderOnly,
    MalformedFile,
    UnsupportedColumnType,
    UnsupportedEncoding,
)
from modelyard.datasets.excel import ArchiveLimits, check_archive, read_first_sheet
from modelyard.datasets.sniffing import (
    CsvDialect,
    FileFormat,
    Head,
    check_column_names,
    detect_encoding,
    detect_format,
    sniff_csv,
)

INFER_SCHEMA_ROWS = 10_000
_MAX_TYPE_RETRIES = 20
_PARSE_FAILURE = re.compile(
    r"could not parse `(?P<value>.*?)` as dtype `(?P<dtype>[^`]+)` at column '(?P<name>.*?)' "
    r"\(column number (?P<number>\d+)\)",
    re.DOTALL,
)
_CONVERSION_FAILURE = re.compile(
    r"conversion from `str` to `[^`]+` failed in column '(?P<name>.*?)'", re.DOTALL
)
_SUPPORTED_TYPES = (
    pl.Boolean,
    pl.String,
    pl.Categorical,
    pl.Enum,
    pl.Date,
    pl.Datetime,
    pl.Time,
    pl.Duration,
    pl.Decimal,
    pl.Null,
)


@dataclass(frozen=True, slots=True)
class IngestLimits:
    max_columns: int = 2_000
    archive: ArchiveLimits = field(default_factory=ArchiveLimits)


@dataclass(frozen=True, slots=True)
class CsvOptions:
    """Overrides for what sniffing would decide; None means "detect"."""

    delimiter: str | None = None
    has_header: bool | None = None
    encoding: str | None = None
    quote_char: str = '"'


class IngestResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    format: FileFormat
    rows: int
    columns: int
    column_names: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    has_header: bool | None = None
    parquet_bytes: int


def ingest_to_parquet(
    source: Path,
    destination: Path,
    *,
    filename: str | None = None,
    limits: IngestLimits | None = None,
    csv_options: CsvOptions | None = None,
    work_dir: Path | None = None,
) -> IngestResult:
    """Validate ``source`` and write it as Parquet to ``destination``.

    ``filename`` is the name the user gave the file (only its extension is used, to catch a
    mismatch with the content). ``work_dir`` holds temporary files (a transcoded copy of a
    non-UTF-8 text file). On any error ``destination`` is left absent and a DatasetError says
    what is wrong and where.
    """
    limits = limits or IngestLimits()
    head = Head.read(source)
    fmt = detect_format(head, filename=filename)
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        if fmt is FileFormat.PARQUET:
            result = _parquet(source, partial, limits)
        elif fmt is FileFormat.XLSX:
            result = _xlsx(source, partial, limits)
        elif fmt is FileFormat.JSONL:
            result = _jsonl(source, partial, head, limits)
        else:
            options = csv_options or CsvOptions()
            prefer_tab = bool(filename) and Path(filename or "").suffix.lower() in (".tsv", ".tab")
            result = _delimited(source, partial, head, limits, options, prefer_tab, work_dir)
        if result.rows == 0:
            raise HeaderOnly("The file has column names but no rows of data.")
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return result.model_copy(update={"parquet_bytes": destination.stat().st_size})


def _summary(fmt: FileFormat, parquet: Path, **extra: object) -> IngestResult:
    metadata = pq.read_metadata(parquet)
    names = list(metadata.schema.to_arrow_schema().names)
    return IngestResult.model_validate(
        {
            "format": fmt,
            "rows": metadata.num_rows,
            "columns": len(names),
            "column_names": names,
            "parquet_bytes": 0,
            **extra,
        }
    )


def check_column_types(schema: pl.Schema) -> None:
    for name, dtype in schema.items():
        if not (dtype.is_numeric() or isinstance(dtype, _SUPPORTED_TYPES)):
            raise UnsupportedColumnType(
                f"The column holds {dtype} values, which are not supported.", column=name
            )


# -- Parquet and JSON Lines ------------------------------------------------------------------


def _parquet(source: Path, target: Path, limits: IngestLimits) -> IngestResult:
    try:
        arrow_schema = pq.read_schema(source)
        lazy = pl.scan_parquet(source)
        schema = lazy.collect_schema()
    except Exception as exc:  # pyarrow and polars each have their own error types
        raise MalformedFile(f"The file is not a readable Parquet file ({exc}).") from exc
    check_column_names(list(arrow_schema.names), limits.max_columns)
    check_column_types(schema)
    try:
        lazy.sink_parquet(target, engine="streaming")
    except pl.exceptions.PolarsError as exc:
        raise MalformedFile(f"The Parquet file is damaged ({exc}).") from exc
    return _summary(FileFormat.PARQUET, target)


def _jsonl(source: Path, target: Path, head: Head, limits: IngestLimits) -> IngestResult:
    encoding = detect_encoding(head)
    if encoding not in ("utf-8", "utf-8-sig"):
        raise UnsupportedEncoding("JSON Lines files must be UTF-8.")
    try:
        # Inferring from every line costs a pass (~8 s/GB) but a key first seen after the
        # inference window would otherwise be dropped without a word.
        schema = pl.scan_ndjson(source, infer_schema_length=None).collect_schema()
        check_column_names(list(schema.names()), limits.max_columns)
        check_column_types(schema)
        pl.scan_ndjson(source, schema=schema).sink_parquet(target, engine="streaming")
    except pl.exceptions.PolarsError as exc:
        raise _locate_json_problem(source) or MalformedFile(
            f"The file cannot be read as JSON Lines ({_first_line(exc)})."
        ) from exc
    return _summary(FileFormat.JSONL, target, encoding=encoding)


def _locate_json_problem(source: Path) -> DatasetError | None:
    with source.open(encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                return MalformedFile(f"Invalid JSON: {exc.msg}.", line=number)
            if not isinstance(value, dict):
                return MalformedFile("Each line must be one JSON object.", line=number)
    return None


def _xlsx(source: Path, target: Path, limits: IngestLimits) -> IngestResult:
    check_archive(source, limits.archive)
    frame = read_first_sheet(source, max_columns=limits.max_columns)
    check_column_types(frame.schema)
    frame.write_parquet(target)
    return _summary(FileFormat.XLSX, target)


# -- delimited text ---------------------------------------------------------------------------


def _delimited(
    source: Path,
    target: Path,
    head: Head,
    limits: IngestLimits,
    options: CsvOptions,
    prefer_tab: bool,
    work_dir: Path | None,
) -> IngestResult:
    encoding = options.encoding or detect_encoding(head)
    with _utf8_copy(source, encoding, work_dir) as text_path:
        dialect = sniff_csv(
            head,
            encoding=encoding,
            max_columns=limits.max_columns,
            delimiter=options.delimiter,
            has_header=options.has_header,
            quote_char=options.quote_char,
            prefer_tab=prefer_tab,
        )
        try:
            blank_lines = _check_structure(text_path, dialect)
        except _NotUtf8:
            if options.encoding is not None or encoding not in ("utf-8", "utf-8-sig"):
                raise UnsupportedEncoding(f"The file is not valid {encoding}.") from None
            # The head was UTF-8 but a later part is not: read the file as a legacy encoding.
            legacy = CsvOptions(
                delimiter=dialect.delimiter,
                has_header=dialect.has_header,
                encoding="cp1252",
                quote_char=dialect.quote_char,
            )
            return _delimited(source, target, head, limits, legacy, prefer_tab, work_dir)
        _convert_csv(text_path, target, dialect, drop_blank_rows=blank_lines > 0)
    fmt = FileFormat.TSV if dialect.delimiter == "\t" else FileFormat.CSV
    return _summary(
        fmt, target, encoding=encoding, delimiter=dialect.delimiter, has_header=dialect.has_header
    )


class _NotUtf8(Exception):
    pass


def _check_structure(path: Path, dialect: CsvDialect) -> int:
    """Raise the first structural error; return the number of blank lines."""
    try:
        scan = scan_lines(path, dialect)
    except pl.exceptions.ComputeError as exc:
        if "utf-8" in str(exc).lower():
            raise _NotUtf8 from exc
        raise
    if scan.first_suspect is not None:
        problem = locate_problem(path, dialect)
        if problem is not None:
            raise problem
    return scan.blank_lines


@contextmanager
def _utf8_copy(source: Path, encoding: str, work_dir: Path | None) -> Iterator[Path]:
    """The file itself when it is UTF-8, else a transcoded temporary copy."""
    if encoding in ("utf-8", "utf-8-sig"):
        yield source
        return
    handle, name = tempfile.mkstemp(prefix="modelyard-utf8-", suffix=".csv", dir=work_dir)
    os.close(handle)
    copy = Path(name)
    try:
        try:
            _transcode(source, copy, encoding)
        except UnicodeDecodeError:
            _transcode(source, copy, "latin-1")  # cp1252 leaves five bytes undefined
        yield copy
    finally:
        copy.unlink(missing_ok=True)


def _transcode(source: Path, target: Path, encoding: str) -> None:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(4 * 1024 * 1024):
            writer.write(decoder.decode(chunk).encode("utf-8"))
        writer.write(decoder.decode(b"", final=True).encode("utf-8"))


def _scan_csv(
    path: Path,
    dialect: CsvDialect,
    overrides: dict[str, pl.DataType],
    *,
    parse_dates: bool = False,
) -> pl.LazyFrame:
    return pl.scan_csv(
        path,
        separator=dialect.delimiter,
        quote_char=dialect.quote_char,
        has_header=dialect.has_header,
        new_columns=None if dialect.has_header else list(dialect.column_names),
        infer_schema_length=INFER_SCHEMA_ROWS,
        schema_overrides=overrides or None,
        try_parse_dates=parse_dates,
        raise_if_empty=False,
        decimal_comma=dialect.decimal_comma,
    )


def _convert_csv(path: Path, target: Path, dialect: CsvDialect, *, drop_blank_rows: bool) -> None:
    """Write Parquet, widening a column's type whenever a later row does not fit the guess.

    Dates are recognised on the inference rows, then parsed as a separate step: the reader's
    own ``try_parse_dates`` costs three times the CPU. polars reads a blank line as a row of
    nulls; like other CSV readers we skip it instead.
    """
    guessed = _scan_csv(path, dialect, {}, parse_dates=True).collect_schema()
    temporal = {name: dtype for name, dtype in guessed.items() if dtype.is_temporal()}
    widened: dict[str, pl.DataType] = {}
    for _ in range(_MAX_TYPE_RETRIES):
        dates = {name: dtype for name, dtype in temporal.items() if name not in widened}
        reader = _scan_csv(path, dialect, {**dict.fromkeys(dates, pl.String()), **widened})
        rows = reader.with_columns(_parse_temporal(name, dtype) for name, dtype in dates.items())
        if drop_blank_rows:
            rows = rows.filter(~pl.all_horizontal(pl.all().is_null()))
        try:
            rows.sink_parquet(target, engine="streaming")
            return
        except (pl.exceptions.ComputeError, pl.exceptions.InvalidOperationError) as exc:
            wider = _widen(str(exc), reader.collect_schema(), widened)
            if wider is None:
                raise locate_problem(path, dialect) or MalformedFile(
                    f"The file cannot be read as delimited text ({_first_line(exc)})."
                ) from exc
            widened = wider
    raise MalformedFile("The column types could not be determined.")


def _parse_temporal(name: str, dtype: pl.DataType) -> pl.Expr:
    column = pl.col(name).str
    if isinstance(dtype, pl.Datetime):
        return column.to_datetime(time_unit=dtype.time_unit, time_zone=dtype.time_zone)
    if isinstance(dtype, pl.Date):
        return column.to_date()
    return column.to_time()


def _widen(
    message: str, reader_schema: pl.Schema, widened: dict[str, pl.DataType]
) -> dict[str, pl.DataType] | None:
    """The overrides that get past the failure in ``message``, or None if none would."""
    conversion = _CONVERSION_FAILURE.search(message)
    if conversion is not None and conversion["name"] in reader_schema:
        return {**widened, conversion["name"]: pl.String()}  # not a date after all
    match = _PARSE_FAILURE.search(message)
    if match is None:
        return None
    names = list(reader_schema.names())
    index = int(match["number"]) - 1
    if not 0 <= index < len(names):
        return None
    name = names[index]
    current = reader_schema[name]
    if current == pl.String:
        return None  # strings always parse: the failure is structural
    wider: pl.DataType = pl.Float64() if current.is_integer() else pl.String()
    return {**widened, name: wider}


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
