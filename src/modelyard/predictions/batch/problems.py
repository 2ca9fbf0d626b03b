from modelyard.kit.errors import Conflict, NotFound, ValidationFailed


class BatchPredictionNotFound(NotFound):
    code = "batch_prediction_not_found"
    title = "Batch prediction not found"
    default_detail = "The batch prediction does not exist in this deployment."
    default_hint = "List the deployment's batch predictions with GET …/batch-predictions."


class BatchInputColumnsMissing(ValidationFailed):
    code = "batch_input_columns_missing"
    title = "Input columns missing"
    default_hint = (
        "The file must hold every column the model was trained on (see the model version's "
        "`signature`); extra columns are kept in the output but not used."
    )


class BatchOutputNotReady(Conflict):
    code = "batch_output_not_ready"
    title = "Output not ready"
    default_detail = "The batch prediction has not finished successfully yet."
    default_hint = "Wait until its status is `succeeded` (see `progress`), then download it."


class BatchAlreadyFinished(Conflict):
    code = "batch_already_finished"
    title = "Batch prediction already finished"
    default_detail = "The batch prediction has already finished; there is nothing to cancel."
    default_hint = "Start a new batch prediction if you need another run."


class InvalidBatchOption(ValidationFailed):
    code = "invalid_batch_option"
    title = "Invalid batch prediction option"
    default_hint = "Use output_format `csv` or `parquet`, and include_inputs `true` or `false`."
