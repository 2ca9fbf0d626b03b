"""The committed openapi.json is the app's document; operation ids are stable and unique."""

from __future__ import annotations

import json

from modelyard.app import create_app
from modelyard.settings import Settings
from tests.conftest import REPO_ROOT

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def current_document() -> dict[str, object]:
    return create_app(Settings(data_dir="/tmp/modelyard-openapi")).openapi()


def test_committed_openapi_matches_the_app() -> None:
    committed = json.loads((REPO_ROOT / "openapi.json").read_text())
    assert committed == json.loads(json.dumps(current_document())), (
        "openapi.json is out of date: run `make openapi` and commit it"
    )


def test_operation_ids_are_unique_and_tagged() -> None:
    paths = current_document()["paths"]
    assert isinstance(paths, dict)
    ids = [
        op["operationId"]
        for item in paths.values()
        for method, op in item.items()
        if method in HTTP_METHODS
    ]
    assert len(ids) == len(set(ids))
    assert "workspaces-list" in ids
    assert "auth-login" in ids
    assert "api_keys-create" in ids
    assert all("-" in operation_id for operation_id in ids)


def test_every_operation_documents_problem_responses() -> None:
    paths = current_document()["paths"]
    assert isinstance(paths, dict)
    for path, item in paths.items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation["responses"]
            assert "422" in responses and "500" in responses, (method, path)
            problem = responses["500"]["content"]["application/problem+json"]["schema"]
            assert problem == {"$ref": "#/components/schemas/Problem"}
