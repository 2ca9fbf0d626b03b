"""Cursor pagination over time-sortable ids: the cursor is the last id of a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute

RowT = TypeVar("RowT")
SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")

MAX_LIMIT = 200


@dataclass(frozen=True)
class PageRequest:
    cursor: str | None = None
    limit: int = 50


def paginate(
    statement: SelectT, id_column: InstrumentedAttribute[str], page: PageRequest
) -> SelectT:
    """Newest first; one extra row tells whether there is a next page."""
    if page.cursor:
        statement = statement.where(id_column < page.cursor)
    return statement.order_by(id_column.desc()).limit(page.limit + 1)


def split_page(
    rows: Sequence[RowT], page: PageRequest, cursor_of: Any
) -> tuple[list[RowT], str | None]:
    items = list(rows[: page.limit])
    has_more = len(rows) > page.limit
    return items, (cursor_of(items[-1]) if has_more and items else None)
