from modelyard.kit.errors import (
    Conflict,
    ModelyardError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)


class DeploymentNotFound(NotFound):
    code = "deployment_not_found"
    title = "Deployment not found"
    default_detail = "The deployment does not exist, or it is not serving."
    default_hint = "List the workspace's deployments with GET …/workspaces/{id}/deployments."


class DeploymentNameTaken(Conflict):
    code = "deployment_name_taken"
    title = "Deployment name taken"
    default_detail = "The workspace already has a deployment with this name."
    default_hint = "Choose another name, or promote a new version on the existing deployment."


class NothingToRollBack(Conflict):
    code = "nothing_to_roll_back"
    title = "Nothing to roll back to"
    default_detail = "The deployment has no earlier version to go back to."
    default_hint = "Promote a version explicitly with POST …/deployments/{id}/promote."


class VersionAlreadyServed(Conflict):
    code = "version_already_served"
    title = "Version already served"
    default_detail = "The deployment already serves this model version."
    default_hint = "Promote a different version."


class VersionOfAnotherModel(Conflict):
    code = "version_of_another_model"
    title = "Version of another model"
    default_detail = "The version belongs to another model than the one the deployment serves."
    default_hint = (
        "Promote a version of the deployment's model, or create a new deployment for the other "
        "model with POST …/deployments."
    )


class ModelNotServable(Conflict):
    code = "model_not_servable"
    title = "Model cannot be served"
    default_detail = "The model version has no usable scoring artifact."
    default_hint = "Deploy a version produced by a finished training job."


class DeploymentKeyOnly(PermissionDenied):
    code = "deployment_key_only"
    title = "API key bound to a deployment"
    default_detail = "This API key may only predict on (and send actuals to) its deployment."
    default_hint = "Use a workspace API key, or sign in, for anything else."


class InvalidRecords(ValidationFailed):
    code = "invalid_records"
    title = "Invalid prediction input"
    default_detail = "Some records do not match the model's input signature."
    default_hint = "Fix the fields listed in `errors`; the model's columns are in `signature`."


class TooManyRows(ModelyardError):
    status = 413
    code = "too_many_rows"
    title = "Too many rows for a real-time prediction"
    default_detail = "The request holds more records than one real-time prediction accepts."
    default_hint = "Send fewer records per request, or score the file with a batch prediction."


class TooManyActuals(ModelyardError):
    status = 413
    code = "too_many_actuals"
    title = "Too many actuals in one request"
    default_detail = "The request holds more actuals than one request accepts."
    default_hint = "Send the labels in several requests."
