"""Usage reports: a force administrator sends the force's invocation digests and monthly
figures to the registry (:func:`policeai.registry.usage.receive_usage_report`)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.datastructures import State
from litestar.exceptions import PermissionDeniedException
from litestar.params import JSONBody

from policeai.registry.usage import UsageReceipt, UsageReport, receive_usage_report
from policeai.web.auth import force_admin_only
from policeai.web.registry_http import STATE_KEY, PublicRegistry


class UsageReportController(Controller):
    path = "/registry/usage-reports"
    tags = ["public registry"]  # noqa: RUF012 - Litestar reads it as a class attribute
    guards = [force_admin_only]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post("/", operation_id="reportUsage", status_code=200, sync_to_thread=True)
    def report(
        self, request: Request[Any, Any, Any], state: State, data: JSONBody[UsageReport]
    ) -> UsageReceipt:
        """Log a force's invocation digests (once per invocation, however often they are
        sent) and store its monthly figures; every digest's leaf index comes back, for
        inclusion proofs later. Only a force administrator of the reporting force may send."""
        if data.force != request.user.get("force"):
            raise PermissionDeniedException(
                "a force administrator reports their own force's usage only"
            )
        public: PublicRegistry = state[STATE_KEY]
        public.key()  # refuse (503) rather than log leaves no checkpoint signs
        return receive_usage_report(data, public.log, public.engine)
