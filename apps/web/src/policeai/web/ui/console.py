"""The Police.AI console for certifiers: register an AI system, take a release, run its
reliability suite, and certify, reject, suspend, reinstate or revoke it, each with a reason
that is published. The same registry application and console service as the JSON console."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Response

from policeai.core.errors import NotFoundError, PoliceAIError
from policeai.registry.certification.rules import MODEL_CARD_SECTIONS, RULES
from policeai.registry.demo import DEMO_TOOLS
from policeai.web.controllers.console import CERTIFICATION_PURPOSE
from policeai.web.registry_service import Console, app_registry
from policeai.web.service import actor_for
from policeai.web.ui.casepage import platform_of
from policeai.web.ui.forms import MAX_TEXT, Form, form_of
from policeai.web.ui.sessions import allow, flash
from policeai.web.ui.templating import LONDON, page

FormData = URLEncodedBody[dict[str, Any]]
DECISIONS = {
    "reject": "Rejected",
    "suspend": "Suspended",
    "reinstate": "Reinstated",
    "revoke": "Revoked",
}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def console_of(request: Request[Any, Any, Any]) -> Console:
    actor = actor_for(request.user, CERTIFICATION_PURPOSE)
    return Console(app_registry(request.app.state), platform_of(request), actor)


def _json(form: Form, name: str, label: str) -> Any:
    raw = form.text(name, label, required=True, max_length=MAX_TEXT)
    if name in form.errors:
        return None
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        form.fail(
            name,
            f"{label[:1].upper()}{label[1:]} is not valid JSON: {exc.msg} at line {exc.lineno}",
        )
        return None
    if not isinstance(value, dict):
        form.fail(name, f"{label[:1].upper()}{label[1:]} must be a JSON object")
        return None
    return value


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def _model_card_for(slug: str) -> dict[str, Any]:
    for tool in DEMO_TOOLS:
        if tool.plugin_id == slug:
            try:
                return tool.model_card()
            except ImportError:
                break
    return dict.fromkeys(MODEL_CARD_SECTIONS, "")


class ConsolePages(Controller):
    path = "/console"
    guards = [allow("certifier")]  # noqa: RUF012 - Litestar reads it as a class attribute

    # -- entries ------------------------------------------------------------------------------

    def _index(
        self, request: Request[Any, Any, Any], form: Form | None = None, status_code: int = 200
    ) -> Response[Any]:
        registry = app_registry(request.app.state)
        entries = [registry.get_entry(listed["entry_id"]) for listed in registry.list_entries()]
        return page(
            request,
            "console/index.html",
            status_code=status_code,
            title="Police.AI console",
            entries=entries,
            form=form or Form({"atrs": ""}),
        )

    @get("/", name="console", media_type=MediaType.HTML, sync_to_thread=True)
    def index(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """Every AI system in the registry and the standing of each release."""
        return self._index(request)

    @post("/entries", media_type=MediaType.HTML, sync_to_thread=True)
    def register(self, request: Request[Any, Any, Any], data: FormData) -> Response[Any]:
        form = form_of(data)
        slug = form.text("slug", "the system's slug (its plugin id)", required=True, max_length=64)
        if slug and not SLUG.match(slug):
            form.fail(
                "slug",
                "A slug is 3-64 lower-case letters, digits and hyphens, such as record-entry",
            )
        atrs = _json(form, "atrs", "the ATRS record")
        if form.ok:
            try:
                console_of(request).register(slug, atrs)
            except PoliceAIError as exc:
                form.message = str(exc)
        if not form.ok:
            return self._index(request, form, status_code=422)
        flash(request, f"Registered {slug}.")
        return Redirect(path=f"/console/entries/{slug}", status_code=303)

    def _entry(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        form: Form | None = None,
        status_code: int = 200,
    ) -> Response[Any]:
        registry = app_registry(request.app.state)
        entry = registry.get_entry_by_slug(slug)
        platform = platform_of(request)
        if form is None:
            loaded = platform.host.loaded.get(slug)
            manifest = msgspec.to_builtins(loaded.manifest) if loaded else {}
            version = manifest.get("version", "")
            form = Form(
                {
                    "version": version,
                    "wheel_filename": (
                        f"{slug.replace('-', '_')}-{version or 'VERSION'}-py3-none-any.whl"
                    ),
                    "wheel_sha256": "",
                    "manifest": _pretty(manifest) if manifest else "",
                    "model_card": _pretty(_model_card_for(slug)),
                }
            )
        return page(
            request,
            "console/entry.html",
            status_code=status_code,
            title=f"{entry['name']} in the registry",
            entry=entry,
            form=form,
        )

    @get("/entries/{slug:str}", media_type=MediaType.HTML, sync_to_thread=True)
    def entry(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[Any]:
        return self._entry(request, slug)

    @post("/entries/{slug:str}/releases", media_type=MediaType.HTML, sync_to_thread=True)
    def submit(
        self, request: Request[Any, Any, Any], slug: FromPath[str], data: FormData
    ) -> Response[Any]:
        """Take a vendor's release: version, wheel file name and SHA-256, manifest, model card."""
        form = form_of(data)
        version = form.text("version", "the version", required=True, max_length=40)
        wheel = form.text("wheel_filename", "the wheel's file name", required=True, max_length=200)
        if wheel and not wheel.endswith(".whl"):
            form.fail("wheel_filename", "The wheel's file name must end in .whl")
        sha = form.text("wheel_sha256", "the wheel's SHA-256", required=True, max_length=64).lower()
        if sha and not SHA256.match(sha):
            form.fail("wheel_sha256", "The SHA-256 must be 64 hexadecimal digits")
        manifest = _json(form, "manifest", "the plugin manifest")
        model_card = _json(form, "model_card", "the model card")
        release = None
        if form.ok:
            try:
                release = console_of(request).submit(
                    slug,
                    version=version,
                    wheel_filename=wheel,
                    wheel_sha256=sha,
                    manifest=manifest,
                    model_card=model_card,
                )
            except NotFoundError:
                raise
            except PoliceAIError as exc:
                form.message = str(exc)
        if release is None:
            return self._entry(request, slug, form, status_code=422)
        flash(request, f"Release {version} of {slug} submitted for certification.")
        return Redirect(path=f"/console/releases/{release['release_id']}", status_code=303)

    # -- releases -----------------------------------------------------------------------------

    def _release(
        self,
        request: Request[Any, Any, Any],
        release_id: FromPath[UUID],
        forms: dict[str, Form] | None = None,
        status_code: int = 200,
    ) -> Response[Any]:
        release = console_of(request).release(release_id)
        exemptable = {rule.id for rule in RULES if rule.exemptable}
        return page(
            request,
            "console/release.html",
            status_code=status_code,
            title=f"{release['slug']} {release['version']}",
            release=release,
            forms=forms or {},
            decisions=DECISIONS,
            exemptable=[
                r for r in release["ledger"] if r["status"] == "todo" and r["rule_id"] in exemptable
            ],
        )

    @get("/releases/{release_id:uuid}", media_type=MediaType.HTML, sync_to_thread=True)
    def release(self, request: Request[Any, Any, Any], release_id: FromPath[UUID]) -> Response[Any]:
        """The release: its reports, certification history and rule ledger, and what may be
        done with it now."""
        return self._release(request, release_id)

    def _act(
        self,
        request: Request[Any, Any, Any],
        release_id: FromPath[UUID],
        form: Form,
        key: str,
        action: Any,
        done: str,
    ) -> Response[Any]:
        if form.ok:
            try:
                action(console_of(request))
            except NotFoundError:
                raise
            except PoliceAIError as exc:
                form.message = str(exc)
        if not form.ok:
            return self._release(request, release_id, {key: form}, status_code=422)
        flash(request, done)
        return Redirect(path=f"/console/releases/{release_id}", status_code=303)

    @post("/releases/{release_id:uuid}/run-suite", media_type=MediaType.HTML, sync_to_thread=True)
    def run_suite(
        self, request: Request[Any, Any, Any], release_id: FromPath[UUID]
    ) -> Response[Any]:
        """Run the capability's reliability suite on the tool as installed here; record the
        report, pass or fail."""
        return self._act(
            request,
            release_id,
            Form(),
            "suite",
            lambda console: console.run_suite(release_id),
            "The reliability suite ran and its report is recorded.",
        )

    @post("/releases/{release_id:uuid}/certify", media_type=MediaType.HTML, sync_to_thread=True)
    def certify(
        self, request: Request[Any, Any, Any], release_id: FromPath[UUID], data: FormData
    ) -> Response[Any]:
        form = form_of(data)
        reason = form.text("reason", "why it is certified", required=True, max_length=10_000)
        raw = str(form.get("expires_on") or "").strip()
        expires: datetime | None = None
        if not raw:
            form.fail("expires_on", "Enter the date the certificate expires")
        else:
            try:
                expires = datetime.combine(
                    date.fromisoformat(raw), time(23, 59), tzinfo=LONDON
                ).astimezone(UTC)
            except ValueError:
                form.fail("expires_on", "Enter the expiry as a date, for example 2027-01-31")
        if expires is not None and expires <= datetime.now(UTC):
            form.fail("expires_on", "The certificate must expire in the future")
        return self._act(
            request,
            release_id,
            form,
            "certify",
            lambda console: console.certify(release_id, expires, reason, form.version()),
            "Certified.",
        )

    @post("/releases/{release_id:uuid}/exempt", media_type=MediaType.HTML, sync_to_thread=True)
    def exempt(
        self, request: Request[Any, Any, Any], release_id: FromPath[UUID], data: FormData
    ) -> Response[Any]:
        form = form_of(data)
        rule_id = form.choice("rule_id", "the rule", [r.id for r in RULES if r.exemptable])
        reason = form.text("reason", "why the release is exempt", required=True, max_length=10_000)
        return self._act(
            request,
            release_id,
            form,
            "exempt",
            lambda console: console.exempt(release_id, rule_id, reason, form.version()),
            f"Exempted from {rule_id}.",
        )

    @post(
        "/releases/{release_id:uuid}/{action:str}", media_type=MediaType.HTML, sync_to_thread=True
    )
    def decide(
        self,
        request: Request[Any, Any, Any],
        release_id: FromPath[UUID],
        action: FromPath[str],
        data: FormData,
    ) -> Response[Any]:
        """Reject, suspend, reinstate or revoke the release, with the reason (published)."""
        if action not in DECISIONS:
            raise NotFoundError(f"no console action {action!r}")
        form = form_of(data)
        reason = form.text(
            "reason", "the reason (it is published)", required=True, max_length=10_000
        )
        return self._act(
            request,
            release_id,
            form,
            action,
            lambda console: console.change(action, release_id, reason, form.version()),
            f"{DECISIONS[action]}.",
        )
