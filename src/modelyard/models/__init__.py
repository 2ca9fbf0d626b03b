"""SQLAlchemy ORM models, one module per table. Import them all here for Alembic."""

from modelyard.kit.db import Base
from modelyard.models.api_key import ApiKey
from modelyard.models.dataset import Dataset
from modelyard.models.dataset_version import DatasetVersion
from modelyard.models.invitation import Invitation
from modelyard.models.membership import Membership
from modelyard.models.user import User
from modelyard.models.user_session import UserSession
from modelyard.models.workspace import Workspace

__all__ = [
    "ApiKey",
    "Base",
    "Dataset",
    "DatasetVersion",
    "Invitation",
    "Membership",
    "User",
    "UserSession",
    "Workspace",
]
