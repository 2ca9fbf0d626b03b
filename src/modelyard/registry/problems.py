from modelyard.kit.errors import Conflict, NotFound, ValidationFailed


class ModelNotFound(NotFound):
    code = "model_not_found"
    title = "Model not found"
    default_detail = "The model does not exist in this workspace."
    default_hint = "List the workspace's models with GET …/models."


class ModelVersionNotFound(NotFound):
    code = "model_version_not_found"
    title = "Model version not found"
    default_detail = "The model version does not exist in this workspace."
    default_hint = "List a model's versions with GET …/models/{model_id}/versions."


class InvalidComparison(ValidationFailed):
    code = "invalid_comparison"
    title = "Cannot compare these versions"
    default_hint = "Pass 2 to 5 version ids of this workspace, comma-separated, in `ids`."


class ShareNotFound(NotFound):
    code = "model_share_not_found"
    title = "Share not found"
    default_detail = "The model is not shared under this id."
    default_hint = "List the model's shares with GET …/models/{model_id}/shares."


class InvalidShareTarget(Conflict):
    code = "invalid_share_target"
    title = "Cannot share with this workspace"
    default_detail = "A model cannot be shared with the workspace it belongs to."
    default_hint = "Share it with another workspace's id."


class ModelInUse(Conflict):
    code = "model_in_use"
    title = "Model in use"
    default_detail = "Deployments serve versions of this model; deleting it would stop them."
    default_hint = (
        "Promote another model on the deployments listed in `dependents`, or delete them."
    )
