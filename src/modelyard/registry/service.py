"""Registry rules: versions come from finished jobs; stages move with a recorded trail."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth.principal import Principal
from modelyard.kit.clock import utcnow
from modelyard.kit.ids import new_id
from modelyard.kit.pagination import PageRequest
from modelyard.models import ModelShare, ModelVersion, RegisteredModel, StageTransition
from modelyard.registry import repository
from modelyard.registry.problems import (
    InvalidComparison,
    InvalidShareTarget,
    ModelInUse,
    ModelNotFound,
    ModelVersionNotFound,
    ShareNotFound,
)
from modelyard.registry.schemas import Comparison, ModelVersionSummary, Stage
from modelyard.storage import ArtifactStore
from modelyard.workspaces import service as workspaces


async def register_version(
    session: AsyncSession,
    *,
    workspace_id: str,
    model_name: str,
    job_id: str,
    dataset_version_id: str,
    created_by: str | None,
    task: str,
    target: str,
    metric: str,
    algorithm: str,
    metrics: dict[str, Any],
    leaderboard: list[dict[str, Any]],
    feature_importance: dict[str, Any],
    signature: dict[str, Any],
    lineage: dict[str, Any],
    artifacts: dict[str, str],
) -> ModelVersion:
    """Add a version (to a new or existing model). `job_id` is unique: one version per job."""
    model = await repository.get_model_by_name(session, workspace_id, model_name)
    if model is None:
        model = RegisteredModel(
            id=new_id("mdl"),
            workspace_id=workspace_id,
            name=model_name,
            task=task,
            created_by=created_by,
        )
        session.add(model)
        await session.flush()
    version = ModelVersion(
        id=new_id("mv"),
        model_id=model.id,
        workspace_id=workspace_id,
        number=await repository.next_version_number(session, model.id),
        job_id=job_id,
        dataset_version_id=dataset_version_id,
        stage=Stage.NONE,
        task=task,
        target=target,
        metric=metric,
        algorithm=algorithm,
        metrics=metrics,
        leaderboard=leaderboard,
        feature_importance=feature_importance,
        signature=signature,
        lineage=lineage,
        artifacts=artifacts,
        created_by=created_by,
    )
    session.add(version)
    await session.flush()
    return version


async def list_models(
    session: AsyncSession, workspace_id: str, page: PageRequest
) -> tuple[Sequence[RegisteredModel], dict[str, ModelVersion]]:
    models = await repository.list_models(session, workspace_id, page)
    return models, await repository.latest_versions(session, [m.id for m in models[: page.limit]])


async def get_model(
    session: AsyncSession, workspace_id: str, model_id: str
) -> tuple[RegisteredModel, ModelVersion | None]:
    model = await repository.get_model(session, workspace_id, model_id)
    if model is None:
        raise ModelNotFound()
    latest = await repository.latest_versions(session, [model.id])
    return model, latest.get(model.id)


async def list_versions(
    session: AsyncSession, workspace_id: str, model_id: str, page: PageRequest
) -> Sequence[ModelVersion]:
    model, _ = await get_model(session, workspace_id, model_id)
    return await repository.list_versions(session, workspace_id, model.id, page)


async def get_version(session: AsyncSession, workspace_id: str, version_id: str) -> ModelVersion:
    version = await repository.get_version(session, workspace_id, version_id)
    if version is None:
        raise ModelVersionNotFound()
    return version


async def change_stage(
    session: AsyncSession,
    workspace_id: str,
    principal: Principal,
    version_id: str,
    stage: Stage,
    comment: str,
) -> ModelVersion:
    version = await get_version(session, workspace_id, version_id)
    if version.stage == stage:
        return version
    session.add(
        StageTransition(
            id=new_id("stg"),
            model_version_id=version.id,
            from_stage=version.stage,
            to_stage=stage,
            actor_id=principal.user_id,
            comment=comment,
        )
    )
    version.stage = stage
    await session.flush()
    return version


async def stage_history(
    session: AsyncSession, workspace_id: str, version_id: str
) -> Sequence[StageTransition]:
    version = await get_version(session, workspace_id, version_id)
    return await repository.transitions(session, version.id)


async def compare(session: AsyncSession, workspace_id: str, ids: Sequence[str]) -> Comparison:
    unique = list(dict.fromkeys(ids))
    if not 2 <= len(unique) <= 5:
        raise InvalidComparison(f"Got {len(unique)} distinct version ids.")
    versions = {v.id: v for v in await repository.get_versions(session, workspace_id, unique)}
    if len(versions) != len(unique):
        raise ModelVersionNotFound("Some of the versions do not exist in this workspace.")
    ordered = [versions[i] for i in unique]
    metrics: dict[str, dict[str, Any]] = {}
    importance: dict[str, dict[str, float | None]] = {}
    for version in ordered:
        for name, value in version.metrics.items():
            metrics.setdefault(name, {})[version.id] = value
        for feature, value in (version.feature_importance.get("permutation") or {}).items():
            importance.setdefault(feature, {})[version.id] = value
    parameters = {
        v.id: (v.leaderboard[0].get("params", {}) if v.leaderboard else {}) for v in ordered
    }
    return Comparison(
        versions=[ModelVersionSummary.model_validate(v) for v in ordered],
        metrics=metrics,
        parameters=parameters,
        importance=importance,
    )


async def dependents_of_dataset_versions(
    session: AsyncSession, dataset_version_ids: Sequence[str]
) -> list[dict[str, Any]]:
    """The model versions trained on these dataset versions (their lineage needs them)."""
    rows = await repository.versions_trained_on(session, dataset_version_ids)
    return [
        {
            "model_id": model.id,
            "model_name": model.name,
            "model_version_id": version.id,
            "model_version_number": version.number,
            "dataset_version_id": version.dataset_version_id,
        }
        for version, model in rows
    ]


async def delete_model(
    session: AsyncSession, store: ArtifactStore, workspace_id: str, model_id: str
) -> None:
    """Delete a model with its versions, their artifacts and export files (shares go with it).

    Refused while a deployment serves one of its versions (a 409 listing the deployments).
    """
    model, _ = await get_model(session, workspace_id, model_id)
    dependents = await repository.deployments_of_model(session, model.id)
    if dependents:
        names = sorted({d["deployment_name"] for d in dependents})
        raise ModelInUse(
            f"{len(dependents)} deployment(s) serve this model: {', '.join(names)}.",
            extra={"dependents": dependents},
        )
    versions = await repository.list_versions_of_model(session, model.id, PageRequest(limit=10_000))
    keys = {key for version in versions for key in version.artifacts.values()}
    keys.update(await repository.export_keys_of_model(session, model.id))
    await session.delete(model)
    await session.flush()
    for key in sorted(keys):
        await asyncio.to_thread(store.delete, key)


async def share_model(
    session: AsyncSession,
    workspace_id: str,
    principal: Principal,
    model_id: str,
    target_workspace_id: str,
) -> ModelShare:
    """Grant another workspace read-only access; sharing again after a revoke restores it."""
    model, _ = await get_model(session, workspace_id, model_id)
    if target_workspace_id == workspace_id:
        raise InvalidShareTarget()
    await workspaces.get_workspace(session, target_workspace_id)
    share = await repository.get_share(session, model.id, target_workspace_id)
    if share is None:
        share = ModelShare(
            id=new_id("shr"), model_id=model.id, target_workspace_id=target_workspace_id
        )
        session.add(share)
    share.granted_by = principal.user_id
    share.revoked_at = None
    await session.flush()
    return share


async def list_shares(
    session: AsyncSession, workspace_id: str, model_id: str
) -> Sequence[ModelShare]:
    model, _ = await get_model(session, workspace_id, model_id)
    return await repository.list_shares(session, model.id)


async def revoke_share(
    session: AsyncSession, workspace_id: str, model_id: str, share_id: str
) -> None:
    model, _ = await get_model(session, workspace_id, model_id)
    share = await repository.get_share_by_id(session, model.id, share_id)
    if share is None or share.revoked_at is not None:
        raise ShareNotFound()
    share.revoked_at = utcnow()
    await session.flush()


async def list_shared_models(
    session: AsyncSession, workspace_id: str, page: PageRequest
) -> tuple[Sequence[RegisteredModel], dict[str, ModelVersion], dict[str, str]]:
    """The models shared with a workspace, their latest versions and their owners' names."""
    models = await repository.list_shared_models(session, workspace_id, page)
    shown = models[: page.limit]
    latest = await repository.latest_versions(session, [m.id for m in shown])
    owners = await workspaces.names_of(session, [m.workspace_id for m in shown])
    return models, latest, owners


async def get_shared_model(
    session: AsyncSession, workspace_id: str, model_id: str
) -> tuple[RegisteredModel, ModelVersion | None, str]:
    model = await repository.get_shared_model(session, workspace_id, model_id)
    if model is None:
        raise ModelNotFound()
    latest = await repository.latest_versions(session, [model.id])
    owner = await workspaces.names_of(session, [model.workspace_id])
    return model, latest.get(model.id), owner.get(model.workspace_id, "")


async def list_shared_versions(
    session: AsyncSession, workspace_id: str, model_id: str, page: PageRequest
) -> Sequence[ModelVersion]:
    model, _, _ = await get_shared_model(session, workspace_id, model_id)
    return await repository.list_versions_of_model(session, model.id, page)


async def get_shared_version(
    session: AsyncSession, workspace_id: str, version_id: str
) -> ModelVersion:
    version = await repository.get_shared_version(session, workspace_id, version_id)
    if version is None:
        raise ModelVersionNotFound()
    return version
