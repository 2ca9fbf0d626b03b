"""Why a file could not become a dataset.

Each class has a stable ``code``, the HTTP ``status`` the API should answer with and a default
``hint``. ``line`` (1-based, as an editor counts) and ``column`` (a name, or "column 3" when the
file has no usable header) say where, when the reader knows.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DatasetError(Exception):
    code: ClassVar[str] = "dataset_invalid"
    status: ClassVar[int] = 422
    default_hint: ClassVar[str] = "Check the file and upload it again."

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        where = _where(line, column)
        super().__init__(f"{message} ({where})" if where else message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint
        self.line = line
        self.column = column

    def details(self) -> dict[str, Any]:
        """Machine-readable extras for a problem response."""
        return {
            key: value
            for key, value in (("line", self.line), ("column", self.column))
            if value is not None
        }


def _where(line: int | None, column: str | None) -> str:
    parts = []
    if line is not None:
        parts.append(f"line {line}")
    if column is not None:
        parts.append(f"column {column!r}")
    return ", ".join(parts)


class EmptyFile(DatasetError):
    code = "dataset_empty_file"
    default_hint = "The file has no content. Export the data again and upload the new file."


class HeaderOnly(DatasetError):
    code = "dataset_no_rows"
    default_hint = "The file has column names but no rows of data. Upload a file with data rows."


class RaggedRows(DatasetError):
    code = "dataset_ragged_rows"
    default_hint = (
        "Every row must have as many fields as the header. Check for a missing or extra "
        "delimiter on that line, or quote fields that contain the delimiter."
    )


class UnclosedQuote(DatasetError):
    code = "dataset_unclosed_quote"
    default_hint = (
        "A quoted field is never closed. Close the quote on that line, or double any quote "
        'character inside a quoted field ("").'
    )


class MalformedFile(DatasetError):
    code = "dataset_malformed"
    default_hint = "The file does not follow its format at this position. Fix it and try again."


class DuplicateColumnNames(DatasetError):
    code = "dataset_duplicate_columns"
    default_hint = "Give every column a unique name in the header row."


class EmptyColumnName(DatasetError):
    code = "dataset_empty_column_name"
    default_hint = "Give every column a name in the header row."


class TooManyColumns(DatasetError):
    code = "dataset_too_many_columns"
    default_hint = "Remove unused columns before uploading, or ask the operator to raise the limit."


class UnsupportedFormat(DatasetError):
    code = "dataset_unsupported_format"
    default_hint = "Upload CSV, TSV, Parquet, Excel (.xlsx) or JSON Lines."


class UnsupportedEncoding(DatasetError):
    code = "dataset_unsupported_encoding"
    default_hint = "Save the file as UTF-8 and upload it again."


class ExtensionMismatch(DatasetError):
    code = "dataset_extension_mismatch"
    default_hint = "Rename the file so that its extension matches its content."


class PickleRefused(DatasetError):
    code = "dataset_pickle_refused"
    default_hint = (
        "Pickle files can run code when opened, so they are never loaded. "
        "Save the data as Parquet or CSV instead."
    )


class ArchiveBomb(DatasetError):
    code = "dataset_archive_bomb"
    default_hint = (
        "The workbook expands to far more data than its size suggests. "
        "Save it again from a spreadsheet program, or upload the data as CSV or Parquet."
    )


class UnsupportedColumnType(DatasetError):
    code = "dataset_unsupported_column_type"
    default_hint = "Flatten nested values (lists, objects) into plain columns before uploading."


class SampleNotFound(DatasetError):
    code = "sample_not_found"
    status = 404
    default_hint = "List the sample datasets to see the available names."
