"""Queries shared by every table of numbered versions (dataset versions, model versions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

VersionT = TypeVar("VersionT")


async def latest_per_parent(
    session: AsyncSession,
    version_type: type[VersionT],
    parent: InstrumentedAttribute[str],
    number: InstrumentedAttribute[int],
    parent_ids: Sequence[str],
) -> dict[str, VersionT]:
    """The highest-numbered version of each parent, in one query; parents without one are absent."""
    if not parent_ids:
        return {}
    newest = (
        select(parent.label("parent_id"), func.max(number).label("number"))
        .where(parent.in_(parent_ids))
        .group_by(parent)
        .subquery()
    )
    statement: Any = select(version_type).join(
        newest, (parent == newest.c.parent_id) & (number == newest.c.number)
    )
    rows = (await session.execute(statement)).scalars()
    return {getattr(row, parent.key): row for row in rows}
