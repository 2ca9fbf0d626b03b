"""Platform errors of the datasets domain (the ingest library has its own in errors.py)."""

from modelyard.kit.errors import Conflict, NotFound, ValidationFailed


class DatasetNotFound(NotFound):
    code = "dataset_not_found"
    title = "Dataset not found"
    default_detail = "The dataset does not exist in this workspace."
    default_hint = "List the workspace's datasets with GET …/datasets."


class DatasetVersionNotFound(NotFound):
    code = "dataset_version_not_found"
    title = "Dataset version not found"
    default_detail = "The dataset version does not exist in this workspace."
    default_hint = "List the versions with GET …/datasets/{dataset_id}/versions."


class ColumnNotFound(NotFound):
    code = "column_not_found"
    title = "Column not found"
    default_detail = "The dataset version has no column with this name."
    default_hint = "The version's `column_names` lists its columns."


class ProfileNotReady(Conflict):
    code = "profile_not_ready"
    title = "Profile not ready"
    default_detail = "The profile of this dataset version is still being computed."
    default_hint = "Poll the version until `profile_status` is `ready`; it takes seconds."


class DatasetInUse(Conflict):
    code = "dataset_in_use"
    title = "Dataset in use"
    default_detail = "Models were trained on this dataset; deleting it would break their lineage."
    default_hint = "Delete or archive the models listed in `dependents` first."


class UploadMissingFile(ValidationFailed):
    code = "upload_missing_file"
    title = "No file in the upload"
    default_detail = "The multipart body has no `file` part."
    default_hint = "Send the data file as a multipart/form-data part named `file`."
