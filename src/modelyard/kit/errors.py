"""The ModelyardError hierarchy, rendered as RFC 9457 problem details.

Each class knows its HTTP status, a stable machine `code`, a title, and a default
`hint` that tells the user how to recover. Routers never build error responses by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, Field

PROBLEM_CONTENT_TYPE = "application/problem+json"


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Path of the bad field, e.g. ['body', 'email']")
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details, with Modelyard's stable `code` and a recovery `hint`."""

    type: str = Field(description="URI identifying the problem type")
    title: str
    status: int
    detail: str
    code: str = Field(description="Stable machine-readable code; never changes meaning")
    hint: str = Field(description="What to do to recover")
    request_id: str | None = None
    errors: list[FieldError] | None = None


class ModelyardError(Exception):
    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"
    title: ClassVar[str] = "Internal server error"
    default_detail: ClassVar[str] = "Something went wrong on our side."
    default_hint: ClassVar[str] = "Try again; if it keeps happening, report the request id."

    def __init__(
        self,
        detail: str | None = None,
        *,
        hint: str | None = None,
        errors: list[FieldError] | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.detail = detail or self.default_detail
        self.hint = hint or self.default_hint
        self.errors = errors
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})
        super().__init__(self.detail)

    def to_problem(self, request_id: str | None = None) -> dict[str, Any]:
        problem = Problem(
            type=f"urn:modelyard:problem:{self.code}",
            title=self.title,
            status=self.status,
            detail=self.detail,
            code=self.code,
            hint=self.hint,
            request_id=request_id,
            errors=self.errors,
        ).model_dump(exclude_none=True)
        return {**self.extra, **problem}


class BadRequest(ModelyardError):
    status = 400
    code = "bad_request"
    title = "Bad request"
    default_detail = "The request could not be understood."
    default_hint = "Check the request against the API documentation at /api/docs."


class MalformedJSON(BadRequest):
    code = "malformed_json"
    title = "Malformed JSON"
    default_detail = "The request body is not valid JSON."
    default_hint = "Send a valid JSON document with Content-Type: application/json."


class NotAuthenticated(ModelyardError):
    status = 401
    code = "not_authenticated"
    title = "Not authenticated"
    default_detail = "You need to be signed in to do this."
    default_hint = "Log in, or send an API key as 'Authorization: Bearer myd_…'."


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"
    title = "Invalid credentials"
    default_detail = "The email or password is not correct."
    default_hint = "Check the email and password and try again."


class InvalidApiKey(NotAuthenticated):
    code = "invalid_api_key"
    title = "Invalid API key"
    default_detail = "The API key is unknown, revoked or expired."
    default_hint = "Create a new API key in the workspace settings."


class PermissionDenied(ModelyardError):
    status = 403
    code = "permission_denied"
    title = "Permission denied"
    default_detail = "Your role does not allow this action."
    default_hint = "Ask a workspace owner or admin for a role that allows it."


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"
    title = "CSRF check failed"
    default_detail = "The request is missing a valid CSRF token or comes from a foreign origin."
    default_hint = "Send the X-CSRF-Token header with the value of the modelyard_csrf cookie."


class NotFound(ModelyardError):
    status = 404
    code = "not_found"
    title = "Not found"
    default_detail = "The resource does not exist or you do not have access to it."
    default_hint = "Check the id, and that you are a member of the workspace it belongs to."


class MethodNotAllowed(ModelyardError):
    status = 405
    code = "method_not_allowed"
    title = "Method not allowed"
    default_detail = "This resource does not support that method."
    default_hint = "See /api/docs for the methods each resource supports."


class Conflict(ModelyardError):
    status = 409
    code = "conflict"
    title = "Conflict"
    default_detail = "The request conflicts with the current state of the resource."
    default_hint = "Reload the resource and try again."


class PayloadTooLarge(ModelyardError):
    status = 413
    code = "payload_too_large"
    title = "Payload too large"
    default_detail = "The request body is larger than this endpoint accepts."
    default_hint = "Send a smaller body; upload large files through the datasets API."


class UnsupportedMediaType(ModelyardError):
    status = 415
    code = "unsupported_media_type"
    title = "Unsupported media type"
    default_detail = "This endpoint accepts application/json bodies only."
    default_hint = "Send the body as JSON with Content-Type: application/json."


class ValidationFailed(ModelyardError):
    status = 422
    code = "validation_failed"
    title = "Validation failed"
    default_detail = "Some fields are missing or invalid."
    default_hint = "Fix the fields listed in 'errors' and send the request again."


class RateLimited(ModelyardError):
    status = 429
    code = "rate_limited"
    title = "Too many requests"
    default_detail = "Too many requests in a short time."
    default_hint = "Wait for the number of seconds in the Retry-After header, then try again."


class ServiceUnavailable(ModelyardError):
    status = 503
    code = "service_unavailable"
    title = "Service unavailable"
    default_detail = "A service Modelyard depends on is not reachable."
    default_hint = "Retry in a few seconds; an operator can run 'modelyard doctor' to diagnose."


class LibraryProblem(ModelyardError):
    """A typed error from a library (storage, dataset ingest, engine) shown as a problem.

    Those libraries know nothing of HTTP, but their errors carry a stable `code`, a
    `status` and a `hint`, which this class carries into the response unchanged.
    """

    def __init__(
        self, *, status: int, code: str, detail: str, hint: str, extra: Mapping[str, Any]
    ) -> None:
        super().__init__(detail, hint=hint, extra=extra)
        self.problem_status = status
        self.problem_code = code

    @classmethod
    def of(cls, error: Exception) -> LibraryProblem:
        details = getattr(error, "details", None)
        extra = details() if callable(details) else {}
        return cls(
            status=int(getattr(error, "status", 500)),
            code=str(getattr(error, "code", "internal_error")),
            detail=str(getattr(error, "message", None) or error),
            hint=str(getattr(error, "hint", "") or ModelyardError.default_hint),
            extra=extra,
        )

    def to_problem(self, request_id: str | None = None) -> dict[str, Any]:
        problem = super().to_problem(request_id)
        title = self.problem_code.replace("_", " ").capitalize()
        return {
            **problem,
            "type": f"urn:modelyard:problem:{self.problem_code}",
            "code": self.problem_code,
            "status": self.problem_status,
            "title": title,
        }


def problem_responses(*errors: type[ModelyardError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the error classes a route can raise, grouped by status."""
    by_status: dict[int, list[type[ModelyardError]]] = {}
    for error in _with_common(errors):
        by_status.setdefault(error.status, []).append(error)
    return {
        status: {
            "model": Problem,
            "description": "; ".join(f"`{e.code}`: {e.title}" for e in classes),
            "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status, classes in sorted(by_status.items())
    }


def _with_common(errors: Iterable[type[ModelyardError]]) -> list[type[ModelyardError]]:
    unique: dict[str, type[ModelyardError]] = {}
    candidates: list[type[ModelyardError]] = [*errors, ValidationFailed, ModelyardError]
    for error in candidates:
        unique.setdefault(error.code, error)
    return list(unique.values())
