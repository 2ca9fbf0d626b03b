"""Deployment rules: create from a version, promote, roll back, stop, delete; actuals."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth import service as auth
from modelyard.auth.principal import ApiKeyScope, Principal
from modelyard.kit.clock import utcnow
from modelyard.kit.errors import FieldError
from modelyard.kit.ids import new_id
from modelyard.kit.pagination import PageRequest
from modelyard.models import (
    ApiKey,
    Deployment,
    DeploymentRevision,
    ModelVersion,
    PredictionActual,
    User,
)
from modelyard.predictions import repository
from modelyard.predictions.problems import (
    DeploymentNameTaken,
    DeploymentNotFound,
    InvalidRecords,
    ModelNotServable,
    NothingToRollBack,
    TooManyActuals,
    VersionAlreadyServed,
    VersionOfAnotherModel,
)
from modelyard.predictions.schemas import (
    ActualIn,
    ActualsResult,
    DeploymentCreate,
    DeploymentStatus,
    DeploymentUpdate,
)
from modelyard.registry import service as registry

MAX_ACTUALS_PER_REQUEST = 10_000


def servable(version: ModelVersion) -> None:
    if not ({"onnx", "model"} & set(version.artifacts)) or not version.signature.get("columns"):
        raise ModelNotServable(
            f"Model version {version.id} has no ONNX graph or fitted model, or no signature."
        )


async def version_for_deployment(
    session: AsyncSession, workspace_id: str, version_id: str
) -> ModelVersion:
    version = await registry.get_version(session, workspace_id, version_id)
    servable(version)
    return version


async def version_is_deployed(session: AsyncSession, version_id: str) -> bool:
    return await repository.version_is_deployed(session, version_id)


async def create_deployment(
    session: AsyncSession, workspace_id: str, principal: Principal, body: DeploymentCreate
) -> Deployment:
    version = await registry.get_version(session, workspace_id, body.model_version_id)
    servable(version)
    if await repository.get_deployment_by_name(session, workspace_id, body.name) is not None:
        raise DeploymentNameTaken()
    deployment = Deployment(
        id=new_id("dep"),
        workspace_id=workspace_id,
        name=body.name,
        description=body.description,
        model_id=version.model_id,
        model_version_id=version.id,
        status=DeploymentStatus.ACTIVE,
        revision=1,
        unseen_categories=body.unseen_categories,
        log_sample_rate=body.log_sample_rate,
        created_by=principal.user_id,
    )
    session.add(deployment)
    await session.flush()
    session.add(
        DeploymentRevision(
            id=new_id("dpr"),
            deployment_id=deployment.id,
            number=1,
            action="create",
            model_version_id=version.id,
            previous_version_id=None,
            actor_id=principal.user_id,
        )
    )
    await session.flush()
    return deployment


async def list_deployments(
    session: AsyncSession, workspace_id: str, page: PageRequest
) -> Sequence[Deployment]:
    return await repository.list_deployments(session, workspace_id, page)


async def get_deployment(
    session: AsyncSession, workspace_id: str, deployment_id: str
) -> Deployment:
    deployment = await repository.get_deployment(session, workspace_id, deployment_id)
    if deployment is None:
        raise DeploymentNotFound()
    return deployment


async def update_deployment(
    session: AsyncSession, workspace_id: str, deployment_id: str, body: DeploymentUpdate
) -> tuple[Deployment, ModelVersion]:
    deployment = await get_deployment(session, workspace_id, deployment_id)
    for name in ("description", "unseen_categories", "log_sample_rate", "status"):
        value = getattr(body, name)
        if value is not None:
            setattr(deployment, name, value)
    deployment.updated_at = utcnow()
    await session.flush()
    version = await registry.get_version(session, workspace_id, deployment.model_version_id)
    return deployment, version


async def _switch(
    session: AsyncSession,
    deployment: Deployment,
    version: ModelVersion,
    principal: Principal,
    action: str,
    comment: str,
) -> Deployment:
    previous = deployment.model_version_id
    deployment.model_version_id = version.id
    deployment.model_id = version.model_id
    deployment.revision += 1
    deployment.updated_at = utcnow()
    session.add(
        DeploymentRevision(
            id=new_id("dpr"),
            deployment_id=deployment.id,
            number=deployment.revision,
            action=action,
            model_version_id=version.id,
            previous_version_id=previous,
            actor_id=principal.user_id,
            comment=comment,
        )
    )
    await session.flush()
    return deployment


async def version_to_promote(
    session: AsyncSession, workspace_id: str, deployment_id: str, version_id: str
) -> tuple[Deployment, ModelVersion]:
    deployment = await get_deployment(session, workspace_id, deployment_id)
    version = await registry.get_version(session, workspace_id, version_id)
    if version.id == deployment.model_version_id:
        raise VersionAlreadyServed()
    if version.model_id != deployment.model_id:
        # A deployment serves one model: its monitoring, drift baseline and actuals compare
        # versions of that model, and its revisions name versions of it.
        raise VersionOfAnotherModel(
            f"Model version {version.id} belongs to another model than deployment "
            f"{deployment.name!r} serves."
        )
    servable(version)
    return deployment, version


async def promote(
    session: AsyncSession,
    deployment: Deployment,
    version: ModelVersion,
    principal: Principal,
    comment: str,
) -> Deployment:
    return await _switch(session, deployment, version, principal, "promote", comment)


async def version_to_roll_back_to(
    session: AsyncSession, workspace_id: str, deployment_id: str
) -> tuple[Deployment, ModelVersion]:
    """The version served before the current one (the previous revision's)."""
    deployment = await get_deployment(session, workspace_id, deployment_id)
    history = await repository.revisions(session, deployment.id)
    current = next((r for r in history if r.number == deployment.revision), None)
    if current is None or current.previous_version_id is None:
        raise NothingToRollBack()
    version = await registry.get_version(session, workspace_id, current.previous_version_id)
    servable(version)
    return deployment, version


async def roll_back(
    session: AsyncSession,
    deployment: Deployment,
    version: ModelVersion,
    principal: Principal,
    comment: str,
) -> Deployment:
    return await _switch(session, deployment, version, principal, "rollback", comment)


async def history(
    session: AsyncSession, workspace_id: str, deployment_id: str
) -> Sequence[DeploymentRevision]:
    deployment = await get_deployment(session, workspace_id, deployment_id)
    return await repository.revisions(session, deployment.id)


async def delete_deployment(session: AsyncSession, workspace_id: str, deployment_id: str) -> None:
    """Undeploy: the deployment, its revisions, records, actuals, stats and bound keys go."""
    deployment = await get_deployment(session, workspace_id, deployment_id)
    await session.delete(deployment)
    await session.flush()


async def create_deployment_key(
    session: AsyncSession,
    workspace_id: str,
    principal: Principal,
    deployment_id: str,
    name: str,
    expires_at: datetime | None,
) -> auth.IssuedApiKey:
    deployment = await get_deployment(session, workspace_id, deployment_id)
    return await auth.create_api_key(
        session,
        principal,
        name=name,
        scopes=[ApiKeyScope.FULL],
        expires_at=expires_at,
        workspace_id=workspace_id,
        deployment_id=deployment.id,
    )


async def list_deployment_keys(
    session: AsyncSession, workspace_id: str, deployment_id: str, page: PageRequest
) -> Sequence[tuple[ApiKey, User]]:
    deployment = await get_deployment(session, workspace_id, deployment_id)
    return await auth.list_deployment_keys(session, deployment.id, page)


async def revoke_deployment_key(
    session: AsyncSession, workspace_id: str, deployment_id: str, api_key_id: str
) -> None:
    """Any key bound to the deployment, whoever made it (it applies within the key cache TTL)."""
    deployment = await get_deployment(session, workspace_id, deployment_id)
    await auth.revoke_deployment_key(session, deployment.id, api_key_id)


def _canonical_actual(task: str, index: int, item: ActualIn) -> tuple[Any, FieldError | None]:
    value = item.actual
    loc: list[str | int] = ["body", "actuals", index, "actual"]
    if task == "regression":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, FieldError(loc=loc, msg="Expected a number (regression).", type="number")
        if not math.isfinite(float(value)):
            return None, FieldError(loc=loc, msg="Expected a finite number.", type="finite_number")
        return float(value), None
    if isinstance(value, float) and not math.isfinite(value):
        return None, FieldError(loc=loc, msg="Expected a class label.", type="label")
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), None
    return str(value), None


async def record_actuals(
    session: AsyncSession, deployment_id: str, task: str, items: Sequence[ActualIn]
) -> ActualsResult:
    """Attach late labels to prediction ids; sending one again replaces it."""
    if len(items) > MAX_ACTUALS_PER_REQUEST:
        raise TooManyActuals(
            f"{len(items)} actuals; at most {MAX_ACTUALS_PER_REQUEST} per request."
        )
    values: dict[str, tuple[Any, datetime]] = {}
    errors: list[FieldError] = []
    now = utcnow()
    for index, item in enumerate(items):
        value, error = _canonical_actual(task, index, item)
        if error is not None:
            errors.append(error)
            continue
        values[item.prediction_id] = (value, item.observed_at or now)
    if errors:
        raise InvalidRecords("Some actuals do not fit the model's task.", errors=errors[:50])
    ids = list(values)
    existing: dict[str, PredictionActual] = {}
    known: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        existing.update(await repository.actuals_for(session, deployment_id, chunk))
        known |= await repository.known_prediction_ids(session, deployment_id, chunk)
    for prediction_id, (value, observed_at) in values.items():
        row = existing.get(prediction_id)
        if row is None:
            session.add(
                PredictionActual(
                    id=new_id("act"),
                    deployment_id=deployment_id,
                    prediction_id=prediction_id,
                    actual=value,
                    observed_at=observed_at,
                )
            )
        else:
            row.actual = value
            row.observed_at = observed_at
    await session.flush()
    return ActualsResult(
        accepted=len(values),
        replaced=len(existing),
        unmatched=[i for i in ids if i not in known][:1000],
    )
