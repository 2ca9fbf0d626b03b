from modelyard.kit.errors import Conflict, FieldError, NotFound, ValidationFailed


class EmailTaken(Conflict):
    code = "email_taken"
    title = "Email already registered"
    default_detail = "An account with this email already exists."
    default_hint = "Log in instead, or use another email address."


class WeakPassword(ValidationFailed):
    code = "weak_password"
    title = "Password too weak"
    default_hint = "Choose a longer passphrase: at least 10 characters, not a common password."

    def __init__(self, problems: list[str], field: str = "password") -> None:
        super().__init__(
            "The password is too weak: " + "; ".join(problems) + ".",
            errors=[FieldError(loc=["body", field], msg="; ".join(problems), type="weak_password")],
        )


class WrongPassword(ValidationFailed):
    code = "wrong_password"
    title = "Current password is wrong"
    default_detail = "The current password is not correct."
    default_hint = "Type your current password again, exactly as you set it."


class SessionNotFound(NotFound):
    code = "session_not_found"
    title = "Session not found"
    default_detail = "No active session of yours has this id."
    default_hint = "List your sessions with GET /api/v1/auth/sessions."


class ApiKeyNotFound(NotFound):
    code = "api_key_not_found"
    title = "API key not found"
    default_detail = "No active API key of yours has this id."
    default_hint = "List your API keys with GET /api/v1/api-keys."
