"""FastAPI dependencies shared by every domain: database session, settings, pagination."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.db import session_scope
from modelyard.kit.pagination import MAX_LIMIT, PageRequest
from modelyard.kit.ratelimit import RateLimiter
from modelyard.kit.tasks import dispatch_after_commit
from modelyard.settings import Settings
from modelyard.storage import ArtifactStore


async def get_db(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's unit of work: committed after the route returns, rolled back on error."""
    async with session_scope(request.app.state.sessionmaker) as session:
        yield session
    await dispatch_after_commit(request)


async def end_transaction(db: AsyncSession) -> None:
    """Commit now, before long streaming I/O, so the request holds no database lock meanwhile.

    Later queries in the request start a new transaction, committed as usual at its end.
    """
    await db.commit()


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> ArtifactStore:
    store: ArtifactStore = request.app.state.store
    return store


def get_rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


def page_request(
    cursor: Annotated[
        str | None, Query(max_length=64, description="`next_cursor` of the previous page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> PageRequest:
    return PageRequest(cursor=cursor, limit=limit)


# scope="function": the commit happens before the response is sent, so a client that
# got 201 can rely on the row existing for its next request.
DbSession = Annotated[AsyncSession, Depends(get_db, scope="function")]
AppSettings = Annotated[Settings, Depends(get_settings)]
Limiter = Annotated[RateLimiter, Depends(get_rate_limiter)]
Store = Annotated[ArtifactStore, Depends(get_store)]
Paging = Annotated[PageRequest, Depends(page_request)]
