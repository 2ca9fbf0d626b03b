"""HTTP for the model registry: models, versions, stages, comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from modelyard.authz.guard import WorkspaceAccess, require
from modelyard.authz.permissions import Permission
from modelyard.kit.dependencies import DbSession, Paging, Store
from modelyard.kit.errors import NotAuthenticated, PermissionDenied, problem_responses
from modelyard.kit.pagination import split_page
from modelyard.kit.schemas import Page
from modelyard.registry import service
from modelyard.registry.problems import (
    InvalidComparison,
    InvalidShareTarget,
    ModelInUse,
    ModelNotFound,
    ModelVersionNotFound,
    ShareNotFound,
)
from modelyard.registry.schemas import (
    Comparison,
    ModelVersionOut,
    ModelVersionSummary,
    RegisteredModelOut,
    ShareCreate,
    ShareOut,
    StageChange,
    StageTransitionOut,
)
from modelyard.workspaces.errors import WorkspaceNotFound

if TYPE_CHECKING:
    from modelyard.models import ModelVersion, RegisteredModel

router = APIRouter(
    prefix="/workspaces/{workspace_id}",
    tags=["models"],
    responses=problem_responses(NotAuthenticated, PermissionDenied, WorkspaceNotFound),
)
ModelId = Annotated[str, Path(max_length=40)]
VersionId = Annotated[str, Path(max_length=40)]
ReadAccess = Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_READ))]


def model_out(
    model: RegisteredModel, latest: ModelVersion | None, owner_name: str | None = None
) -> RegisteredModelOut:
    return RegisteredModelOut(
        id=model.id,
        workspace_id=model.workspace_id,
        workspace_name=owner_name,
        name=model.name,
        description=model.description,
        task=model.task,
        created_at=model.created_at,
        updated_at=model.updated_at,
        latest_version=ModelVersionSummary.model_validate(latest) if latest is not None else None,
    )


@router.get("/models", name="list")
async def list_models(access: ReadAccess, db: DbSession, page: Paging) -> Page[RegisteredModelOut]:
    models, latest = await service.list_models(db, access.workspace_id, page)
    items, cursor = split_page(models, page, lambda model: model.id)
    return Page(items=[model_out(m, latest.get(m.id)) for m in items], next_cursor=cursor)


@router.get("/models/{model_id}", name="get", responses=problem_responses(ModelNotFound))
async def get_model(model_id: ModelId, access: ReadAccess, db: DbSession) -> RegisteredModelOut:
    return model_out(*await service.get_model(db, access.workspace_id, model_id))


@router.get(
    "/models/{model_id}/versions", name="list_versions", responses=problem_responses(ModelNotFound)
)
async def list_versions(
    model_id: ModelId, access: ReadAccess, db: DbSession, page: Paging
) -> Page[ModelVersionSummary]:
    versions = await service.list_versions(db, access.workspace_id, model_id, page)
    items, cursor = split_page(versions, page, lambda version: version.id)
    return Page(items=[ModelVersionSummary.model_validate(v) for v in items], next_cursor=cursor)


@router.get(
    "/model-versions/compare",
    name="compare",
    responses=problem_responses(InvalidComparison, ModelVersionNotFound),
)
async def compare_versions(
    access: ReadAccess,
    db: DbSession,
    ids: Annotated[str, Query(max_length=300, description="2 to 5 comma-separated version ids")],
) -> Comparison:
    """Metrics, best parameters and feature importance side by side."""
    return await service.compare(
        db, access.workspace_id, [i.strip() for i in ids.split(",") if i.strip()]
    )


@router.get(
    "/model-versions/{version_id}",
    name="get_version",
    responses=problem_responses(ModelVersionNotFound),
)
async def get_version(version_id: VersionId, access: ReadAccess, db: DbSession) -> ModelVersionOut:
    """Metrics, full leaderboard, feature importance, input signature, lineage, artifacts."""
    return ModelVersionOut.model_validate(
        await service.get_version(db, access.workspace_id, version_id)
    )


@router.post(
    "/model-versions/{version_id}/stage",
    name="change_stage",
    responses=problem_responses(ModelVersionNotFound),
)
async def change_stage(
    version_id: VersionId,
    body: StageChange,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_WRITE))],
    db: DbSession,
) -> ModelVersionOut:
    """Move a version to none, staging, production or archived; the change is recorded."""
    version = await service.change_stage(
        db, access.workspace_id, access.principal, version_id, body.stage, body.comment
    )
    return ModelVersionOut.model_validate(version)


@router.get(
    "/model-versions/{version_id}/stage-history",
    name="stage_history",
    responses=problem_responses(ModelVersionNotFound),
)
async def stage_history(
    version_id: VersionId, access: ReadAccess, db: DbSession
) -> list[StageTransitionOut]:
    """Every stage change of the version: who, when, from, to."""
    return [
        StageTransitionOut.model_validate(t)
        for t in await service.stage_history(db, access.workspace_id, version_id)
    ]


@router.delete(
    "/models/{model_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="delete",
    responses=problem_responses(ModelNotFound, ModelInUse),
)
async def delete_model(
    model_id: ModelId,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_WRITE))],
    db: DbSession,
    store: Store,
) -> None:
    """Delete a model, all its versions and their artifacts; refused (409) while deployed."""
    await service.delete_model(db, store, access.workspace_id, model_id)


@router.post(
    "/models/{model_id}/shares",
    status_code=status.HTTP_201_CREATED,
    name="share",
    responses=problem_responses(ModelNotFound, InvalidShareTarget),
)
async def share_model(
    model_id: ModelId,
    body: ShareCreate,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_SHARE))],
    db: DbSession,
) -> ShareOut:
    """Give another workspace read-only access to this model and its versions."""
    share = await service.share_model(
        db, access.workspace_id, access.principal, model_id, body.workspace_id
    )
    return ShareOut.model_validate(share)


@router.get(
    "/models/{model_id}/shares", name="list_shares", responses=problem_responses(ModelNotFound)
)
async def list_shares(model_id: ModelId, access: ReadAccess, db: DbSession) -> list[ShareOut]:
    return [
        ShareOut.model_validate(s)
        for s in await service.list_shares(db, access.workspace_id, model_id)
    ]


@router.delete(
    "/models/{model_id}/shares/{share_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="revoke_share",
    responses=problem_responses(ModelNotFound, ShareNotFound),
)
async def revoke_share(
    model_id: ModelId,
    share_id: Annotated[str, Path(max_length=40)],
    access: Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_SHARE))],
    db: DbSession,
) -> None:
    """Take back a share; the other workspace loses access at once."""
    await service.revoke_share(db, access.workspace_id, model_id, share_id)


@router.get("/shared-models", name="list_shared")
async def list_shared_models(
    access: ReadAccess, db: DbSession, page: Paging
) -> Page[RegisteredModelOut]:
    """Models other workspaces shared with this one (read-only)."""
    models, latest, owners = await service.list_shared_models(db, access.workspace_id, page)
    items, cursor = split_page(models, page, lambda model: model.id)
    return Page(
        items=[model_out(m, latest.get(m.id), owners.get(m.workspace_id)) for m in items],
        next_cursor=cursor,
    )


@router.get(
    "/shared-models/{model_id}", name="get_shared", responses=problem_responses(ModelNotFound)
)
async def get_shared_model(
    model_id: ModelId, access: ReadAccess, db: DbSession
) -> RegisteredModelOut:
    return model_out(*await service.get_shared_model(db, access.workspace_id, model_id))


@router.get(
    "/shared-models/{model_id}/versions",
    name="list_shared_versions",
    responses=problem_responses(ModelNotFound),
)
async def list_shared_versions(
    model_id: ModelId, access: ReadAccess, db: DbSession, page: Paging
) -> Page[ModelVersionSummary]:
    versions = await service.list_shared_versions(db, access.workspace_id, model_id, page)
    items, cursor = split_page(versions, page, lambda version: version.id)
    return Page(items=[ModelVersionSummary.model_validate(v) for v in items], next_cursor=cursor)


@router.get(
    "/shared-model-versions/{version_id}",
    name="get_shared_version",
    responses=problem_responses(ModelVersionNotFound),
)
async def get_shared_version(
    version_id: VersionId, access: ReadAccess, db: DbSession
) -> ModelVersionOut:
    return ModelVersionOut.model_validate(
        await service.get_shared_version(db, access.workspace_id, version_id)
    )
