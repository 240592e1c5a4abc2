"""Errors as pages: sign-in redirects, 403 pages that say why, 404s that leak nothing, and
platform errors with the message meant for the person who caused them."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.response import Redirect
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from policeai.core.errors import NotFoundError, PoliceAIError
from policeai.web.ui.templating import page

log = logging.getLogger("policeai.web.ui")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "object-src 'none'"
)


async def security_headers(response: Response[Any]) -> Response[Any]:
    """No framing, no inline scripts, nothing from elsewhere, and pages with personal data
    kept out of caches."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def sign_in_redirect(request: Request[Any, Any, Any], exc: NotAuthorizedException) -> Response[Any]:
    """Send the browser to sign in, coming back here afterwards (for a page it asked for)."""
    target = "/sign-in"
    if request.method == "GET" and not is_htmx(request):
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target += "?next=" + quote(wanted, safe="/")
    if is_htmx(request):
        return Response(content="", status_code=200, headers={"HX-Redirect": target})
    return Redirect(path=target, status_code=303)


def refused(request: Request[Any, Any, Any], exc: PermissionDeniedException) -> Response[Any]:
    if exc.detail == "CSRF token verification failed":
        reason = (
            "The form could not be accepted: its security token was missing or out of date. "
            "Nothing was saved. Go back, reload the page and try again."
        )
    else:
        reason = exc.detail
    return page(request, "error.html", status_code=403, heading="Not allowed", reason=reason)


def not_found(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    reason = str(exc.detail if isinstance(exc, HTTPException) else exc)
    reason = reason[:1].upper() + reason[1:]
    return page(
        request,
        "error.html",
        status_code=404,
        heading="Not found",
        reason=f"{reason}. It does not exist, or it is not in your force's records.",
    )


def platform_error(request: Request[Any, Any, Any], exc: PoliceAIError) -> Response[Any]:
    if isinstance(exc, NotFoundError):
        return not_found(request, exc)
    return page(
        request,
        "error.html",
        status_code=exc.status_code,
        heading="That could not be done",
        reason=str(exc),
    )


def http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if exc.status_code == 404:
        return not_found(request, exc)
    reason = exc.detail
    if isinstance(exc, ValidationException):
        reason = "The request was not valid: " + "; ".join(
            str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in (exc.extra or [])
        )
    response = page(
        request, "error.html", status_code=exc.status_code, heading="Error", reason=reason
    )
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


def unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return page(
        request,
        "error.html",
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
        heading="Something went wrong",
        reason="An unexpected error happened on the server. It has been logged; nothing "
        "you did caused it. Try again, and tell the service desk if it happens again.",
    )


UI_EXCEPTION_HANDLERS: dict[Any, Any] = {
    NotAuthorizedException: sign_in_redirect,
    PermissionDeniedException: refused,
    PoliceAIError: platform_error,
    HTTPException: http_error,
    Exception: unexpected,
}
