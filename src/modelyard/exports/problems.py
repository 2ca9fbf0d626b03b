from modelyard.kit.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


class ExportNotFound(NotFound):
    code = "export_not_found"
    title = "Export not found"
    default_detail = "The export does not exist in this workspace."
    default_hint = "List a model version's exports with GET …/model-versions/{version_id}/exports."


class ExportFormatUnavailable(ValidationFailed):
    """Unknown format, or one the model version cannot be exported to; `formats` says why."""

    code = "export_format_unavailable"
    title = "Export format not available"
    default_hint = (
        "Choose a format that GET …/model-versions/{version_id}/export-formats lists as available."
    )


class ExportNotReady(Conflict):
    code = "export_not_ready"
    title = "Export not ready"
    default_detail = "The export has not succeeded, so there is nothing to download."
    default_hint = "Wait until the export's status is 'succeeded', or start a new export."


class DownloadLinkInvalid(PermissionDenied):
    code = "download_link_invalid"
    title = "Download link invalid"
    default_detail = "The download link is malformed or was altered."
    default_hint = (
        "Use the link exactly as returned, or ask for a new one with "
        "POST …/exports/{export_id}/download-links."
    )


class DownloadLinkExpired(PermissionDenied):
    code = "download_link_expired"
    title = "Download link expired"
    default_detail = "The download link has expired."
    default_hint = "Ask for a new link with POST …/exports/{export_id}/download-links."
