from modelyard.kit.errors import NotFound, ValidationFailed


class DriftReportNotFound(NotFound):
    code = "drift_report_not_found"
    title = "Drift report not found"
    default_detail = "The deployment has no such drift report (or none yet)."
    default_hint = "Compute one now with POST …/deployments/{id}/drift-reports."


class AlertRuleNotFound(NotFound):
    code = "alert_rule_not_found"
    title = "Alert rule not found"
    default_detail = "The deployment has no such alert rule."
    default_hint = "List the deployment's rules with GET …/deployments/{id}/alert-rules."


class InvalidAlertRule(ValidationFailed):
    code = "invalid_alert_rule"
    title = "Invalid alert rule"
    default_hint = (
        "signal is one of drift_psi, error_rate, latency_p99_ms, request_rate, performance; "
        "a performance rule names its metric (accuracy, roc_auc, log_loss, rmse, mae)."
    )


class DriftReferenceUnavailable(ValidationFailed):
    code = "drift_reference_unavailable"
    title = "No training reference"
    default_detail = "Neither the training data nor its profile can be read for this model."
    default_hint = "Drift needs the dataset version the model was trained on; keep it."
