"""One place that turns errors into JSON responses: ``{"error": message}`` and a status."""

from __future__ import annotations

import logging

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from policeai.core.errors import PoliceAIError

log = logging.getLogger("policeai.web")


def platform_error(_request: Request, exc: PoliceAIError) -> Response[dict[str, str]]:
    """A platform error carries a message meant for the person who caused it."""
    return Response({"error": str(exc)}, status_code=exc.status_code)


def http_error(_request: Request, exc: HTTPException) -> Response[dict[str, object]]:
    body: dict[str, object] = {"error": exc.detail}
    if isinstance(exc, ValidationException) and exc.extra:
        body["details"] = exc.extra
    return Response(body, status_code=exc.status_code, headers=exc.headers)


def unexpected_error(request: Request, exc: Exception) -> Response[dict[str, str]]:
    """Log the failure with its traceback; tell the client only that it happened."""
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return Response(
        {"error": "an unexpected error happened on the server; it has been logged"},
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
    )


EXCEPTION_HANDLERS = {
    PoliceAIError: platform_error,
    HTTPException: http_error,
    Exception: unexpected_error,
}
