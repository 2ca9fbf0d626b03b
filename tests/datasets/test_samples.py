"""The sample datasets shipped in the package: catalog, files, and what profiling makes of them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from modelyard.datasets.errors import SampleNotFound
from modelyard.datasets.ingest import ingest_to_parquet
from modelyard.datasets.profile_models import TaskType
from modelyard.datasets.profiling import profile_parquet
from modelyard.datasets.samples import SampleDataset, get_sample, list_samples, open_sample

NAMES = [sample.name for sample in list_samples()]


def test_catalog_covers_every_task() -> None:
    samples = list_samples()
    assert NAMES == ["titanic", "penguins", "default", "diamonds"]
    assert {s.task for s in samples} == set(TaskType)
    for sample in samples:
        assert sample.description.endswith(".")
        assert sample.licence
        assert sample.source
    assert get_sample("penguins").target == "species"


def test_unknown_sample() -> None:
    with pytest.raises(SampleNotFound) as info:
        get_sample("../catalog")
    assert info.value.status == 404
    with pytest.raises(SampleNotFound):
        open_sample("nope")


@pytest.mark.parametrize("name", NAMES)
def test_files_match_the_catalog(name: str) -> None:
    sample = get_sample(name)
    with open_sample(name) as stream:
        data = stream.read()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header, body = rows[0], rows[1:]
    assert len(body) == sample.rows
    assert len(header) == sample.columns
    assert sample.target in header


@pytest.mark.parametrize("name", NAMES)
def test_samples_ingest_and_profile_with_their_target_first(tmp_path: Path, name: str) -> None:
    sample: SampleDataset = get_sample(name)
    source = tmp_path / sample.file
    with open_sample(name) as stream:
        source.write_bytes(stream.read())
    result = ingest_to_parquet(source, tmp_path / "data.parquet", filename=sample.file)
    assert result.rows == sample.rows
    profile = profile_parquet(tmp_path / "data.parquet")
    best = profile.target_suggestions[0]
    assert (best.column, best.task) == (sample.target, sample.task)
