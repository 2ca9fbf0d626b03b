from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

ItemT = TypeVar("ItemT")


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(Schema, Generic[ItemT]):
    """A cursor-paginated list: pass `next_cursor` back as `cursor` for the next page."""

    items: list[ItemT]
    next_cursor: str | None = None
