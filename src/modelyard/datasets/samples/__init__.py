"""Small public datasets shipped with Modelyard for the demo workspace and first steps.

``catalog.json`` beside this module describes each one; the files are plain CSV.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import IO

from pydantic import BaseModel, ConfigDict

from modelyard.datasets.errors import SampleNotFound
from modelyard.datasets.profile_models import TaskType


class SampleDataset(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    title: str
    file: str
    task: TaskType
    target: str
    rows: int
    columns: int
    description: str
    licence: str
    source: str


@cache
def list_samples() -> tuple[SampleDataset, ...]:
    """Every shipped sample, in catalog order."""
    text = resources.files(__package__).joinpath("catalog.json").read_text(encoding="utf-8")
    return tuple(SampleDataset.model_validate(item) for item in json.loads(text)["samples"])


def get_sample(name: str) -> SampleDataset:
    for sample in list_samples():
        if sample.name == name:
            return sample
    raise SampleNotFound(f"There is no sample dataset called {name!r}.")


def open_sample(name: str) -> IO[bytes]:
    """The sample's file as a binary stream; close it when done."""
    sample = get_sample(name)
    return resources.files(__package__).joinpath(sample.file).open("rb")
