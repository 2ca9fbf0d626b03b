"""All SQL for registered models, versions and stage transitions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.pagination import PageRequest, paginate
from modelyard.kit.versions import latest_per_parent
from modelyard.models import (
    Deployment,
    Export,
    ModelShare,
    ModelVersion,
    RegisteredModel,
    StageTransition,
)


async def get_model(
    session: AsyncSession, workspace_id: str, model_id: str
) -> RegisteredModel | None:
    statement = select(RegisteredModel).where(
        RegisteredModel.id == model_id, RegisteredModel.workspace_id == workspace_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_model_by_name(
    session: AsyncSession, workspace_id: str, name: str
) -> RegisteredModel | None:
    statement = select(RegisteredModel).where(
        RegisteredModel.workspace_id == workspace_id, RegisteredModel.name == name
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def list_models(
    session: AsyncSession, workspace_id: str, page: PageRequest
) -> Sequence[RegisteredModel]:
    statement = select(RegisteredModel).where(RegisteredModel.workspace_id == workspace_id)
    return (await session.execute(paginate(statement, RegisteredModel.id, page))).scalars().all()


async def next_version_number(session: AsyncSession, model_id: str) -> int:
    statement = select(func.coalesce(func.max(ModelVersion.number), 0)).where(
        ModelVersion.model_id == model_id
    )
    return int((await session.execute(statement)).scalar_one()) + 1


async def list_versions(
    session: AsyncSession, workspace_id: str, model_id: str, page: PageRequest
) -> Sequence[ModelVersion]:
    statement = select(ModelVersion).where(
        ModelVersion.workspace_id == workspace_id, ModelVersion.model_id == model_id
    )
    return (await session.execute(paginate(statement, ModelVersion.id, page))).scalars().all()


async def get_version(
    session: AsyncSession, workspace_id: str, version_id: str
) -> ModelVersion | None:
    statement = select(ModelVersion).where(
        ModelVersion.id == version_id, ModelVersion.workspace_id == workspace_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_versions(
    session: AsyncSession, workspace_id: str, ids: Sequence[str]
) -> Sequence[ModelVersion]:
    statement = select(ModelVersion).where(
        ModelVersion.workspace_id == workspace_id, ModelVersion.id.in_(ids)
    )
    return (await session.execute(statement)).scalars().all()


async def versions_of_job(session: AsyncSession, job_id: str) -> Sequence[ModelVersion]:
    return (
        (await session.execute(select(ModelVersion).where(ModelVersion.job_id == job_id)))
        .scalars()
        .all()
    )


async def transitions(session: AsyncSession, version_id: str) -> Sequence[StageTransition]:
    statement = (
        select(StageTransition)
        .where(StageTransition.model_version_id == version_id)
        .order_by(StageTransition.id)
    )
    return (await session.execute(statement)).scalars().all()


async def latest_versions(
    session: AsyncSession, model_ids: Sequence[str]
) -> dict[str, ModelVersion]:
    return await latest_per_parent(
        session, ModelVersion, ModelVersion.model_id, ModelVersion.number, model_ids
    )


async def versions_trained_on(
    session: AsyncSession, dataset_version_ids: Sequence[str]
) -> Sequence[tuple[ModelVersion, RegisteredModel]]:
    if not dataset_version_ids:
        return []
    statement = (
        select(ModelVersion, RegisteredModel)
        .join(RegisteredModel, RegisteredModel.id == ModelVersion.model_id)
        .where(ModelVersion.dataset_version_id.in_(dataset_version_ids))
        .order_by(ModelVersion.id)
    )
    return [(version, model) for version, model in (await session.execute(statement)).all()]


async def get_share(
    session: AsyncSession, model_id: str, target_workspace_id: str
) -> ModelShare | None:
    statement = select(ModelShare).where(
        ModelShare.model_id == model_id, ModelShare.target_workspace_id == target_workspace_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_share_by_id(session: AsyncSession, model_id: str, share_id: str) -> ModelShare | None:
    statement = select(ModelShare).where(ModelShare.id == share_id, ModelShare.model_id == model_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def list_shares(session: AsyncSession, model_id: str) -> Sequence[ModelShare]:
    statement = (
        select(ModelShare)
        .where(ModelShare.model_id == model_id, ModelShare.revoked_at.is_(None))
        .order_by(ModelShare.id)
    )
    return (await session.execute(statement)).scalars().all()


def _shared_with(target_workspace_id: str) -> Any:
    return (
        select(ModelShare.model_id)
        .where(
            ModelShare.target_workspace_id == target_workspace_id, ModelShare.revoked_at.is_(None)
        )
        .scalar_subquery()
    )


async def list_shared_models(
    session: AsyncSession, target_workspace_id: str, page: PageRequest
) -> Sequence[RegisteredModel]:
    statement = select(RegisteredModel).where(
        RegisteredModel.id.in_(_shared_with(target_workspace_id))
    )
    return (await session.execute(paginate(statement, RegisteredModel.id, page))).scalars().all()


async def get_shared_model(
    session: AsyncSession, target_workspace_id: str, model_id: str
) -> RegisteredModel | None:
    statement = select(RegisteredModel).where(
        RegisteredModel.id == model_id, RegisteredModel.id.in_(_shared_with(target_workspace_id))
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_shared_version(
    session: AsyncSession, target_workspace_id: str, version_id: str
) -> ModelVersion | None:
    statement = select(ModelVersion).where(
        ModelVersion.id == version_id, ModelVersion.model_id.in_(_shared_with(target_workspace_id))
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def list_versions_of_model(
    session: AsyncSession, model_id: str, page: PageRequest
) -> Sequence[ModelVersion]:
    statement = select(ModelVersion).where(ModelVersion.model_id == model_id)
    return (await session.execute(paginate(statement, ModelVersion.id, page))).scalars().all()


async def export_keys_of_model(session: AsyncSession, model_id: str) -> list[str]:
    """The stored zips of exports of this model's versions (deleted with the model)."""
    statement = (
        select(Export.artifact_key)
        .join(ModelVersion, ModelVersion.id == Export.model_version_id)
        .where(ModelVersion.model_id == model_id, Export.artifact_key.is_not(None))
    )
    return [key for key in (await session.execute(statement)).scalars() if key]


async def deployments_of_model(session: AsyncSession, model_id: str) -> list[dict[str, Any]]:
    """The deployments serving a version of this model (they block its deletion)."""
    statement = (
        select(Deployment, ModelVersion)
        .join(ModelVersion, ModelVersion.id == Deployment.model_version_id)
        .where(ModelVersion.model_id == model_id)
        .order_by(Deployment.name)
    )
    return [
        {
            "deployment_id": deployment.id,
            "deployment_name": deployment.name,
            "model_version_id": version.id,
            "model_version_number": version.number,
        }
        for deployment, version in (await session.execute(statement)).all()
    ]
