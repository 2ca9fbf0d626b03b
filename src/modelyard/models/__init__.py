"""SQLAlchemy ORM models, one module per table. Import them all here for Alembic."""

from modelyard.kit.db import Base
from modelyard.models.alert_event import AlertEvent
from modelyard.models.alert_rule import AlertRule
from modelyard.models.api_key import ApiKey
from modelyard.models.batch_prediction import BatchPrediction
from modelyard.models.dataset import Dataset
from modelyard.models.dataset_version import DatasetVersion
from modelyard.models.deployment import Deployment
from modelyard.models.deployment_revision import DeploymentRevision
from modelyard.models.deployment_stat import DeploymentStat
from modelyard.models.drift_report import DriftReport
from modelyard.models.export import Export
from modelyard.models.invitation import Invitation
from modelyard.models.job import Job
from modelyard.models.job_event import JobEvent
from modelyard.models.membership import Membership
from modelyard.models.model_share import ModelShare
from modelyard.models.model_version import ModelVersion
from modelyard.models.prediction_actual import PredictionActual
from modelyard.models.prediction_record import PredictionRecord
from modelyard.models.registered_model import RegisteredModel
from modelyard.models.stage_transition import StageTransition
from modelyard.models.storage_connection import StorageConnection
from modelyard.models.user import User
from modelyard.models.user_session import UserSession
from modelyard.models.worker import Worker
from modelyard.models.workspace import Workspace

__all__ = [
    "AlertEvent",
    "AlertRule",
    "ApiKey",
    "Base",
    "BatchPrediction",
    "Dataset",
    "DatasetVersion",
    "Deployment",
    "DeploymentRevision",
    "DeploymentStat",
    "DriftReport",
    "Export",
    "Invitation",
    "Job",
    "JobEvent",
    "Membership",
    "ModelShare",
    "ModelVersion",
    "PredictionActual",
    "PredictionRecord",
    "RegisteredModel",
    "StageTransition",
    "StorageConnection",
    "User",
    "UserSession",
    "Worker",
    "Workspace",
]
