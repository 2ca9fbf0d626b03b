"""The Docker build context: the Dockerfile's structure, and the server entrypoint it runs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from modelyard.exporters import FLAVORS
from modelyard.exporters.docker import APP_FILES, json_rows, post_json, running_server
from tests.exporters.conftest import TASKS, case_for

FLAVOR = FLAVORS["docker"]


def _instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", dockerfile)
    result = []
    for line in joined.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, arguments = stripped.partition(" ")
            result.append((keyword.upper(), arguments.strip()))
    return result


def _index(instructions: list[tuple[str, str]], keyword: str, contains: str = "") -> int:
    return next(i for i, (k, args) in enumerate(instructions) if k == keyword and contains in args)


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("docker")
    FLAVOR.export(case_for("binary", "ensemble").artifacts, destination)
    return destination


def test_dockerfile_structure(context: Path) -> None:
    instructions = _instructions((context / "Dockerfile").read_text())
    keywords = [keyword for keyword, _ in instructions]

    base = instructions[0]
    assert base[0] == "FROM"
    assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim(-\w+)?", base[1]), base
    assert keywords.count("FROM") == 1
    assert "ADD" not in keywords
    assert not any(re.search(r"\b(curl|wget|apt-get|apk)\b", args) for _, args in instructions)

    user = _index(instructions, "USER")
    assert instructions[user][1] not in {"root", "0", "0:0"}
    assert user > max(i for i, k in enumerate(keywords) if k == "RUN")

    copy_requirements = _index(instructions, "COPY", "requirements.txt")
    install = _index(instructions, "RUN", "pip install")
    copy_code = _index(instructions, "COPY", "scorer.py")
    assert copy_requirements < install < copy_code
    assert "-r requirements.txt" in instructions[install][1]
    assert "--no-cache-dir" in instructions[install][1]

    healthcheck = instructions[_index(instructions, "HEALTHCHECK")][1]
    assert ("CMD" in healthcheck and "/health" not in healthcheck) or "--check" in healthcheck
    command = instructions[_index(instructions, "CMD")][1]
    assert json.loads(command) == ["python", "server.py"]
    assert "EXPOSE" in keywords


def test_requirements_are_pinned_and_from_the_package_index(context: Path) -> None:
    for line in (context / "requirements.txt").read_text().splitlines():
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line), line


def test_dockerignore_admits_only_what_the_image_copies(context: Path) -> None:
    ignore = (context / ".dockerignore").read_text().split()
    allowed = {line[1:] for line in ignore if line.startswith("!")}
    instructions = _instructions((context / "Dockerfile").read_text())
    copied = {
        source
        for keyword, args in instructions
        if keyword == "COPY"
        for source in args.split()[:-1]
        if not source.startswith("--")
    }

    assert ignore[ignore.index("*") if "*" in ignore else -1] == "*"
    assert copied == allowed
    assert all((context / name).is_file() for name in copied)
    assert set(APP_FILES) <= copied


@pytest.mark.parametrize("task", TASKS)
def test_entrypoint_serves_with_parity(task: str, tmp_path: Path) -> None:
    case = case_for(task, "ensemble")
    FLAVOR.export(case.artifacts, tmp_path)

    report = FLAVOR.verify(case.artifacts, tmp_path, case.held_out)

    assert report.passed, report
    assert report.max_abs_diff <= 1e-4


def test_health_bad_rows_and_unknown_paths(context: Path) -> None:
    case = case_for("binary", "ensemble")
    with running_server(sys.executable, context) as base_url:
        with urllib.request.urlopen(f"{base_url}/health") as response:
            health = json.loads(response.read())
        port = base_url.rsplit(":", 1)[1]
        check = subprocess.run(
            [sys.executable, "server.py", "--check", "--port", port], cwd=context, check=False
        )
        with pytest.raises(urllib.error.HTTPError) as bad:
            post_json(f"{base_url}/predict", {"rows": [{"size": 1.0}]})
        with pytest.raises(urllib.error.HTTPError) as unknown:
            urllib.request.urlopen(f"{base_url}/nothing")
        scored = post_json(f"{base_url}/predict", json_rows(case.held_out.head(3)))
    error = json.loads(bad.value.read())
    bad.value.close()
    unknown.value.close()

    assert health == {"status": "ok", "model_version_id": "mv_binary_ensemble"}
    assert check.returncode == 0
    assert bad.value.code == 422
    assert "Missing input columns" in error["error"]
    assert unknown.value.code == 404
    assert [set(p) for p in scored["predictions"]] == [{"prediction", "probabilities"}] * 3


def test_healthcheck_fails_when_nothing_listens(context: Path) -> None:
    from modelyard.exporters.docker import free_port

    check = subprocess.run(
        [sys.executable, "server.py", "--check", "--port", str(free_port())],
        cwd=context,
        check=False,
    )

    assert check.returncode == 1
