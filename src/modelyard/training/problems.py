from modelyard.kit.errors import Conflict, NotFound, ValidationFailed


class TrainingJobNotFound(NotFound):
    code = "training_job_not_found"
    title = "Training job not found"
    default_detail = "The training job does not exist in this workspace."
    default_hint = "List the workspace's training jobs with GET …/training-jobs."


class TargetNotInDataset(ValidationFailed):
    code = "target_not_in_dataset"
    title = "Target column not in the dataset"
    default_hint = "Pick one of the dataset version's columns (see its `column_names`)."


class InvalidTrainingOption(ValidationFailed):
    code = "invalid_training_option"
    title = "Invalid training option"
    default_hint = "See the allowed values in the API documentation for training jobs."


class JobAlreadyFinished(Conflict):
    code = "job_already_finished"
    title = "Job already finished"
    default_detail = "The job has already finished; there is nothing to cancel."
    default_hint = "Start a new training job if you need another run."
