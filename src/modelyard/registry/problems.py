from modelyard.kit.errors import NotFound, ValidationFailed


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
