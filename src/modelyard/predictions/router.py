"""HTTP for deployments (workspace-scoped) and for real-time predictions and actuals.

The predict route is written for speed: it reads the raw JSON body, authenticates through
in-process caches and never touches the database when the caches are warm.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import math
import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response, status

from modelyard.auth import service as auth
from modelyard.auth.dependencies import CSRF_HEADER, SESSION_COOKIE
from modelyard.auth.errors import ApiKeyNotFound
from modelyard.auth.principal import Principal
from modelyard.auth.schemas import ApiKeyCreated, ApiKeyOut
from modelyard.authz.guard import ACCESS_ATTRIBUTE, FULL_SCOPE_HINT, WorkspaceAccess, require
from modelyard.authz.permissions import Permission, role_allows
from modelyard.kit.dependencies import DbSession, Paging, end_transaction
from modelyard.kit.errors import (
    InvalidApiKey,
    MalformedJSON,
    NotAuthenticated,
    PayloadTooLarge,
    PermissionDenied,
    problem_responses,
)
from modelyard.kit.pagination import split_page
from modelyard.kit.schemas import Page
from modelyard.predictions import service
from modelyard.predictions.problems import (
    DeploymentNameTaken,
    DeploymentNotFound,
    InvalidRecords,
    ModelNotServable,
    NothingToRollBack,
    TooManyActuals,
    TooManyRows,
    VersionAlreadyServed,
    VersionOfAnotherModel,
)
from modelyard.predictions.runtime import (
    PredictionRuntime,
    Serving,
    new_prediction_ids,
    serving_of,
)
from modelyard.predictions.schemas import (
    ActualsRequest,
    ActualsResult,
    DeploymentCreate,
    DeploymentKeyCreate,
    DeploymentKeyOut,
    DeploymentOut,
    DeploymentRevisionOut,
    DeploymentUpdate,
    KeyMaker,
    PredictRequest,
    PredictResponse,
    PromoteRequest,
    RollbackRequest,
)
from modelyard.predictions.scoring import RecordErrors, Scorer
from modelyard.registry.problems import ModelVersionNotFound
from modelyard.workspaces.errors import WorkspaceNotFound

if TYPE_CHECKING:
    from modelyard.models import Deployment, ModelVersion

router = APIRouter(
    prefix="/workspaces/{workspace_id}",
    tags=["deployments"],
    responses=problem_responses(NotAuthenticated, PermissionDenied, WorkspaceNotFound),
)
predict_router = APIRouter(
    prefix="/deployments",
    tags=["predictions"],
    responses=problem_responses(NotAuthenticated, PermissionDenied, DeploymentNotFound),
)
DeploymentId = Annotated[str, Path(max_length=40)]
KeyId = Annotated[str, Path(max_length=40)]
ReadAccess = Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_READ))]
DeployAccess = Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_DEPLOY))]
# Above this many rows, scoring runs in a thread so the event loop keeps serving.
INLINE_ROWS = 64


def runtime_of(request: Request) -> PredictionRuntime:
    runtime: PredictionRuntime = request.app.state.predictions
    return runtime


def deployment_out(deployment: Deployment) -> DeploymentOut:
    return DeploymentOut(
        id=deployment.id,
        workspace_id=deployment.workspace_id,
        name=deployment.name,
        description=deployment.description,
        model_id=deployment.model_id,
        model_version_id=deployment.model_version_id,
        status=deployment.status,
        revision=deployment.revision,
        unseen_categories=deployment.unseen_categories,
        log_sample_rate=deployment.log_sample_rate,
        created_by=deployment.created_by,
        created_at=deployment.created_at,
        updated_at=deployment.updated_at,
        predict_url=f"/api/v1/deployments/{deployment.id}/predict",
    )


async def _warm(runtime: PredictionRuntime, version: ModelVersion) -> None:
    """Load the version's scorer before it serves, so no request pays for (or fails on) it."""
    try:
        await runtime.warm(
            version.id,
            version.task,
            dict(version.signature),
            [str(c) for c in version.lineage.get("classes", ())],
            dict(version.artifacts),
        )
    except Exception as error:
        raise ModelNotServable(
            f"Model version {version.id} could not be loaded for scoring: {type(error).__name__}."
        ) from error


async def _after_change(
    request: Request,
    db: DbSession,
    deployment: Deployment,
    version: ModelVersion | None,
    old_version_id: str | None,
) -> None:
    """Commit, then update this process's view at once (other processes within the TTL).

    `version` None: the deployment is gone. The old version's scorer is dropped unless
    another deployment still serves it.
    """
    deployment_id = deployment.id
    await end_transaction(db)
    evict = None
    if old_version_id is not None and (version is None or version.id != old_version_id):
        evict = None if await service.version_is_deployed(db, old_version_id) else old_version_id
    serving = None if version is None else serving_of(deployment, version)
    runtime_of(request).remember(deployment_id, serving, evict_version_id=evict)


# --- deployments ----------------------------------------------------------------------------


@router.post(
    "/deployments",
    status_code=status.HTTP_201_CREATED,
    name="create",
    responses=problem_responses(ModelVersionNotFound, DeploymentNameTaken, ModelNotServable),
)
async def create_deployment(
    body: DeploymentCreate, access: DeployAccess, db: DbSession, request: Request
) -> DeploymentOut:
    """Deploy a model version under a name; it serves predictions at once."""
    version = await service.version_for_deployment(db, access.workspace_id, body.model_version_id)
    await _warm(runtime_of(request), version)
    deployment = await service.create_deployment(db, access.workspace_id, access.principal, body)
    await _after_change(request, db, deployment, version, None)
    return deployment_out(deployment)


@router.get("/deployments", name="list")
async def list_deployments(access: ReadAccess, db: DbSession, page: Paging) -> Page[DeploymentOut]:
    rows = await service.list_deployments(db, access.workspace_id, page)
    items, cursor = split_page(rows, page, lambda d: d.id)
    return Page(items=[deployment_out(d) for d in items], next_cursor=cursor)


@router.get(
    "/deployments/{deployment_id}", name="get", responses=problem_responses(DeploymentNotFound)
)
async def get_deployment(
    deployment_id: DeploymentId, access: ReadAccess, db: DbSession
) -> DeploymentOut:
    return deployment_out(await service.get_deployment(db, access.workspace_id, deployment_id))


@router.patch(
    "/deployments/{deployment_id}", name="update", responses=problem_responses(DeploymentNotFound)
)
async def update_deployment(
    deployment_id: DeploymentId,
    body: DeploymentUpdate,
    access: DeployAccess,
    db: DbSession,
    request: Request,
) -> DeploymentOut:
    """Change the description, the unseen-category policy, the log sample rate or the status."""
    deployment, version = await service.update_deployment(
        db, access.workspace_id, deployment_id, body
    )
    await _after_change(request, db, deployment, version, None)
    return deployment_out(deployment)


@router.post(
    "/deployments/{deployment_id}/promote",
    name="promote",
    responses=problem_responses(
        DeploymentNotFound,
        ModelVersionNotFound,
        VersionAlreadyServed,
        VersionOfAnotherModel,
        ModelNotServable,
    ),
)
async def promote(
    deployment_id: DeploymentId,
    body: PromoteRequest,
    access: DeployAccess,
    db: DbSession,
    request: Request,
) -> DeploymentOut:
    """Serve another version. It is loaded first; requests in flight finish on the old one."""
    deployment, version = await service.version_to_promote(
        db, access.workspace_id, deployment_id, body.model_version_id
    )
    await _warm(runtime_of(request), version)
    old = deployment.model_version_id
    await service.promote(db, deployment, version, access.principal, body.comment)
    await _after_change(request, db, deployment, version, old)
    return deployment_out(deployment)


@router.post(
    "/deployments/{deployment_id}/rollback",
    name="rollback",
    responses=problem_responses(DeploymentNotFound, NothingToRollBack, ModelNotServable),
)
async def roll_back(
    deployment_id: DeploymentId,
    body: RollbackRequest,
    access: DeployAccess,
    db: DbSession,
    request: Request,
) -> DeploymentOut:
    """Serve again the version served before the current one."""
    deployment, version = await service.version_to_roll_back_to(
        db, access.workspace_id, deployment_id
    )
    await _warm(runtime_of(request), version)
    old = deployment.model_version_id
    await service.roll_back(db, deployment, version, access.principal, body.comment)
    await _after_change(request, db, deployment, version, old)
    return deployment_out(deployment)


@router.get(
    "/deployments/{deployment_id}/revisions",
    name="revisions",
    responses=problem_responses(DeploymentNotFound),
)
async def revisions(
    deployment_id: DeploymentId, access: ReadAccess, db: DbSession
) -> list[DeploymentRevisionOut]:
    """Every change of the served version, newest first: create, promote, rollback."""
    return [
        DeploymentRevisionOut.model_validate(r)
        for r in await service.history(db, access.workspace_id, deployment_id)
    ]


@router.delete(
    "/deployments/{deployment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="delete",
    responses=problem_responses(DeploymentNotFound),
)
async def delete_deployment(
    deployment_id: DeploymentId, access: DeployAccess, db: DbSession, request: Request
) -> None:
    """Undeploy: predict answers 404; its records, actuals, stats and bound keys are deleted."""
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    old = deployment.model_version_id
    await service.delete_deployment(db, access.workspace_id, deployment_id)
    await _after_change(request, db, deployment, None, old)


@router.post(
    "/deployments/{deployment_id}/api-keys",
    status_code=status.HTTP_201_CREATED,
    name="create_key",
    responses=problem_responses(DeploymentNotFound),
)
async def create_deployment_key(
    deployment_id: DeploymentId, body: DeploymentKeyCreate, access: DeployAccess, db: DbSession
) -> ApiKeyCreated:
    """An API key that may only predict on (and send actuals to) this deployment."""
    issued = await service.create_deployment_key(
        db, access.workspace_id, access.principal, deployment_id, body.name, body.expires_at
    )
    return ApiKeyCreated(**ApiKeyOut.model_validate(issued.record).model_dump(), key=issued.key)


@router.get(
    "/deployments/{deployment_id}/api-keys",
    name="list_keys",
    responses=problem_responses(DeploymentNotFound),
)
async def list_deployment_keys(
    deployment_id: DeploymentId, access: DeployAccess, db: DbSession, page: Paging
) -> Page[DeploymentKeyOut]:
    """Every live key bound to this deployment, with who made it (secrets are never shown)."""
    rows = await service.list_deployment_keys(db, access.workspace_id, deployment_id, page)
    items, cursor = split_page(rows, page, lambda row: row[0].id)
    return Page(
        items=[
            DeploymentKeyOut(
                id=key.id,
                name=key.name,
                prefix=key.prefix,
                deployment_id=deployment_id,
                created_by=KeyMaker(id=user.id, name=user.name, email=user.email),
                expires_at=key.expires_at,
                last_used_at=key.last_used_at,
                created_at=key.created_at,
            )
            for key, user in items
        ],
        next_cursor=cursor,
    )


@router.delete(
    "/deployments/{deployment_id}/api-keys/{api_key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="revoke_key",
    responses=problem_responses(DeploymentNotFound, ApiKeyNotFound),
)
async def revoke_deployment_key(
    deployment_id: DeploymentId, api_key_id: KeyId, access: DeployAccess, db: DbSession
) -> None:
    """Revoke a key bound to this deployment, whoever made it; every server process refuses it
    within the prediction cache's lifetime (MODELYARD_PREDICT_CACHE_TTL_S)."""
    await service.revoke_deployment_key(db, access.workspace_id, deployment_id, api_key_id)


# --- predictions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictAccess:
    serving: Serving
    principal: Principal
    started: float


async def _principal(request: Request, runtime: PredictionRuntime) -> Principal:
    authorization = request.headers.get("authorization", "")
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() == "bearer" and credential:
        return await runtime.principal_for_key(credential.strip())
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise NotAuthenticated()
    async with runtime.open_session() as db:
        principal, record = await auth.principal_from_session_token(db, token)
    sent = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(sent.encode(), record.csrf_token.encode()):
        from modelyard.kit.errors import CsrfFailed

        raise CsrfFailed()
    return principal


async def _access(request: Request, deployment_id: str, *, serving_only: bool) -> PredictAccess:
    started = time.perf_counter()
    runtime = runtime_of(request)
    principal = await _principal(request, runtime)
    serving = await runtime.serving(deployment_id)
    if serving is None or (serving_only and not serving.active):
        raise DeploymentNotFound()
    bound = principal.api_key_deployment_id
    if (bound is not None and bound != serving.deployment_id) or not principal.sees_workspace(
        serving.workspace_id
    ):
        raise DeploymentNotFound()
    role = await runtime.role(serving.workspace_id, principal.user_id)
    if role is None:
        raise DeploymentNotFound()
    if not role_allows(role, Permission.PREDICT):
        raise PermissionDenied(f"Your role '{role}' does not allow '{Permission.PREDICT}'.")
    if principal.read_only:
        raise PermissionDenied("This API key is read-only.", hint=FULL_SCOPE_HINT)
    limit = runtime.settings.predict_rate_limit
    if limit:
        await request.app.state.rate_limiter.hit(
            limit, "predict", principal.api_key_id or principal.user_id
        )
    return PredictAccess(serving=serving, principal=principal, started=started)


async def predict_access(
    request: Request, deployment_id: Annotated[str, Path(max_length=40)]
) -> PredictAccess:
    """A member allowed to predict in the deployment's workspace, or a key bound to it."""
    return await _access(request, deployment_id, serving_only=True)


async def actuals_access(
    request: Request, deployment_id: Annotated[str, Path(max_length=40)]
) -> PredictAccess:
    return await _access(request, deployment_id, serving_only=False)


setattr(predict_access, ACCESS_ATTRIBUTE, f"deployment:{Permission.PREDICT}")
setattr(actuals_access, ACCESS_ATTRIBUTE, f"deployment:{Permission.PREDICT}")


def _records_of(payload: Any) -> tuple[list[Any], str, bool]:
    if not isinstance(payload, dict):
        raise InvalidRecords(
            "The body must be a JSON object with `record` or `records`.",
            errors=[_field(["body"], "Expected an object.", "object_type")],
        )
    explain = payload.get("explain", False)
    if not isinstance(explain, bool):
        raise InvalidRecords(errors=[_field(["body", "explain"], "Expected a boolean.", "bool")])
    if "records" in payload and "record" not in payload:
        records = payload["records"]
        if not isinstance(records, list):
            raise InvalidRecords(
                errors=[_field(["body", "records"], "Expected a list of objects.", "list_type")]
            )
        return records, "records", explain
    if "record" in payload and "records" not in payload:
        return [payload["record"]], "record", explain
    raise InvalidRecords(
        "Send exactly one of `record` (an object) or `records` (a list of objects).",
        errors=[_field(["body", "records"], "Missing `record` or `records`.", "missing")],
    )


def _field(loc: list[str | int], msg: str, kind: str) -> Any:
    from modelyard.kit.errors import FieldError

    return FieldError(loc=loc, msg=msg, type=kind)


def _finite(values: list[Any]) -> list[Any]:
    return [v if not isinstance(v, float) or math.isfinite(v) else None for v in values]


PREDICT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": PredictRequest.model_json_schema(),
                "examples": {
                    "one": {"value": {"record": {"age": 42, "job": "engineer"}}},
                    "many": {"value": {"records": [{"age": 42}, {"age": 17}], "explain": True}},
                },
            }
        },
    }
}


@predict_router.post(
    "/{deployment_id}/predict",
    name="predict",
    response_model=PredictResponse,
    responses=problem_responses(
        InvalidRecords, TooManyRows, MalformedJSON, ModelNotServable, PayloadTooLarge, InvalidApiKey
    ),
    openapi_extra=PREDICT_BODY,
)
async def predict(
    request: Request, access: Annotated[PredictAccess, Depends(predict_access)]
) -> Response:
    """Score one record or a list of records with the deployment's current model version.

    Each record maps column name to value (numbers, strings, booleans, ISO dates; null =
    missing). Columns the model does not use are ignored with a warning. The response keeps
    the order of the records and gives each row a prediction id for later actuals.
    """
    runtime = runtime_of(request)
    serving = access.serving
    try:
        records, root, explain = _parse(await request.body(), runtime.settings.predict_max_rows)
        scorer = await _scorer(runtime, serving)
        try:
            validated = scorer.validate(records, reject_unseen=serving.reject_unseen, root=root)
        except RecordErrors as invalid:
            raise InvalidRecords(
                f"{len(invalid.errors)} field(s) do not match the model's input.",
                errors=invalid.errors,
            ) from invalid
    except (InvalidRecords, TooManyRows, MalformedJSON, ModelNotServable):
        runtime.log.count(serving.deployment_id, _ms(access.started), 0, error=True)
        raise
    if validated.rows > INLINE_ROWS:
        scored = await asyncio.to_thread(scorer.score, validated)
    else:
        scored = scorer.score(validated)
    ids = new_prediction_ids(validated.rows)
    warnings = validated.warnings
    contributions = None
    if explain:
        contributions = await asyncio.to_thread(scorer.explain, validated)
        if contributions is None:
            warnings = [*warnings, "Contributions are not available for this model version."]
    body = {
        "deployment_id": serving.deployment_id,
        "model_version_id": serving.model_version_id,
        "engine": scorer.engine,
        "prediction_ids": ids,
        "predictions": _finite(scored.predictions),
        "probabilities": scored.probabilities,
        "contributions": contributions,
        "warnings": warnings,
    }
    content = json.dumps(body, separators=(",", ":"), allow_nan=True).encode()
    latency = _ms(access.started)
    sample = serving.log_sample_rate >= 1.0 or random.random() < serving.log_sample_rate  # noqa: S311
    runtime.log.add(serving, ids, validated, scored, latency, sample)
    return Response(
        content,
        media_type="application/json",
        headers={"server-timing": f"predict;dur={latency:.3f}"},
    )


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _parse(raw: bytes, max_rows: int) -> tuple[list[Any], str, bool]:
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise MalformedJSON() from error
    records, root, explain = _records_of(payload)
    if len(records) > max_rows:
        raise TooManyRows(
            f"{len(records)} records; a real-time prediction takes at most {max_rows}."
        )
    if not records:
        raise InvalidRecords(errors=[_field(["body", root], "No records to score.", "empty")])
    return records, root, explain


async def _scorer(runtime: PredictionRuntime, serving: Serving) -> Scorer:
    try:
        return await runtime.scorer(serving)
    except Exception as error:
        raise ModelNotServable(
            f"The deployed model version could not be loaded: {type(error).__name__}."
        ) from error


@predict_router.post(
    "/{deployment_id}/actuals",
    name="actuals",
    responses=problem_responses(InvalidRecords, TooManyActuals),
)
async def send_actuals(
    body: ActualsRequest,
    access: Annotated[PredictAccess, Depends(actuals_access)],
    db: DbSession,
) -> ActualsResult:
    """Attach late ground truth to prediction ids (labels, or values for regression)."""
    return await service.record_actuals(
        db, access.serving.deployment_id, access.serving.task, body.actuals
    )
