"""Problems of storage connections and of importing objects through them."""

from modelyard.kit.errors import Conflict, ModelyardError, NotFound, ValidationFailed


class ConnectionNotFound(NotFound):
    code = "storage_connection_not_found"
    title = "Storage connection not found"
    default_detail = "The storage connection does not exist in this workspace."
    default_hint = "List the workspace's connections with GET …/storage-connections."


class ConnectionNameTaken(Conflict):
    code = "storage_connection_name_taken"
    title = "Connection name taken"
    default_detail = "Another storage connection of this workspace has this name."
    default_hint = "Choose another name, or update the existing connection."


class InvalidConnection(ValidationFailed):
    code = "storage_connection_invalid"
    title = "Invalid storage connection"
    default_detail = "The storage connection's settings are not valid."
    default_hint = "Fix the fields named in the detail and send the request again."


class EndpointRefused(ValidationFailed):
    code = "storage_endpoint_refused"
    title = "Endpoint refused"
    default_detail = "The endpoint URL resolves to an address Modelyard may not connect to."
    default_hint = (
        "Use an endpoint on a public address. To reach object storage on a private network, "
        "the operator can set MODELYARD_ALLOW_PRIVATE_ENDPOINTS=true."
    )


class ConnectorBackendMissing(ModelyardError):
    status = 501
    code = "storage_connector_missing"
    title = "Connector not installed"
    default_detail = "This server cannot read from this kind of object storage."
    default_hint = "Ask the operator to install the fsspec backend named in the detail."


class CredentialsUnreadable(ModelyardError):
    status = 500
    code = "storage_credentials_unreadable"
    title = "Credentials unreadable"
    default_detail = "The connection's credentials cannot be decrypted with the server's secret."
    default_hint = (
        "The server secret changed since the connection was saved. "
        "Enter the credentials again (PATCH the connection)."
    )


class InvalidObjectUrl(ValidationFailed):
    code = "import_url_invalid"
    title = "Invalid object URL"
    default_detail = "The URL does not name an object in cloud storage."
    default_hint = (
        "Give the full URL of one object, e.g. s3://bucket/folder/data.csv, "
        "gs://bucket/data.parquet or az://container/data.csv."
    )


class UrlOutsideConnection(ValidationFailed):
    code = "import_url_outside_connection"
    title = "URL outside the connection"
    default_detail = "The URL is not inside the bucket and prefix this connection may read."
    default_hint = (
        "Import only objects under the connection's bucket and prefix, or ask an admin "
        "to create a connection for that location."
    )


class ImportObjectNotFound(ValidationFailed):
    code = "import_object_not_found"
    title = "Object not found"
    default_detail = "No object exists at this URL."
    default_hint = "Check the URL; list the bucket with your cloud console to find the object."


class ImportAccessDenied(ValidationFailed):
    code = "import_access_denied"
    title = "Access denied by the storage"
    default_detail = "The object storage refused the connection's credentials for this object."
    default_hint = "Check the connection's credentials and the bucket's permissions."


class ImportSourceUnavailable(ModelyardError):
    status = 502
    code = "import_source_unavailable"
    title = "Object storage unavailable"
    default_detail = "The object storage did not answer."
    default_hint = "Retry in a moment; check the connection's endpoint and region."
