"""A force's HTTP client of the Police.AI registry: the catalogue, log proofs and wheels.

Nothing fetched here is trusted as it arrives: the catalogue is verified with the pinned key
(:func:`policeai.registry.catalogue.verify_catalogue`), log proofs with
:mod:`policeai.registry.merkle`, and a wheel against the SHA-256 the verified catalogue gives.
This module only fetches, bounds sizes and turns network failures into clear errors.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import httpx

from policeai.core.errors import NotFoundError, PoliceAIError
from policeai.registry.wheels import WheelHashError, check_filename

__all__ = [
    "MAX_CATALOGUE_BYTES",
    "MAX_WHEEL_BYTES",
    "RegistryClient",
    "RegistryFetchError",
    "normalise_project",
    "project_of_wheel",
]

MAX_CATALOGUE_BYTES = 64 << 20
MAX_PAGE_BYTES = 8 << 20
MAX_WHEEL_BYTES = 2 << 30
_PROJECT_SEPARATORS = re.compile(r"[-_.]+")


class RegistryFetchError(PoliceAIError):
    """The registry could not be reached, or answered with something unusable."""

    status_code = 502


def normalise_project(name: str) -> str:
    """A project name normalised as PEP 503 says: lower case, runs of ``-_.`` become ``-``."""
    return _PROJECT_SEPARATORS.sub("-", name).lower()


def project_of_wheel(filename: str) -> str:
    """The normalised project name of a wheel file (its distribution part)."""
    return normalise_project(check_filename(filename).split("-", 1)[0])


class _Links(HTMLParser):
    """The ``href`` of every anchor of a PEP 503 project page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


class RegistryClient:
    """The registry at ``base_url`` (the address that serves ``/catalogue.json``)."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        parsed = urlparse(base_url)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise RegistryFetchError(
                f"the registry address {base_url!r} is not an http:// or https:// URL"
            )
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(timeout=timeout_s, transport=transport, follow_redirects=True)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -----------------------------------------------------------------------------

    @contextmanager
    def _chunks(self, url: str, limit: int, **params: Any) -> Iterator[Iterator[bytes]]:
        """The body of a 200 answer from ``url``, in chunks, refused past ``limit`` bytes."""
        try:
            with self._http.stream("GET", url, params=params or None) as response:
                _check_status(response, url)
                yield _bounded(response.iter_bytes(), url, limit)
        except httpx.HTTPError as exc:
            raise RegistryFetchError(f"cannot fetch {url}: {exc}") from None

    def _get(self, url: str, limit: int, **params: Any) -> bytes:
        with self._chunks(url, limit, **params) as chunks:
            return b"".join(chunks)

    def _json(self, path: str, **params: Any) -> dict[str, Any]:
        url = f"{self.base_url}{path}"
        try:
            value = json.loads(self._get(url, MAX_PAGE_BYTES, **params))
        except ValueError:
            raise RegistryFetchError(f"{url} did not answer with JSON") from None
        if not isinstance(value, dict):
            raise RegistryFetchError(f"{url} did not answer with a JSON object")
        return value

    # -- the catalogue and the log ------------------------------------------------------------

    def catalogue_text(self) -> str:
        """The signed catalogue's text, unverified."""
        url = f"{self.base_url}/catalogue.json"
        try:
            return self._get(url, MAX_CATALOGUE_BYTES).decode("utf-8")
        except UnicodeDecodeError:
            raise RegistryFetchError(f"{url} is not UTF-8 text") from None

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        """The log's consistency proof from ``old_size`` to ``new_size``, unverified."""
        answer = self._json("/log/proof/consistency", old=old_size, new=new_size)
        nodes = answer.get("proof")
        if (
            answer.get("old_size") != old_size
            or answer.get("new_size") != new_size
            or not isinstance(nodes, list)
        ):
            raise RegistryFetchError("the registry's consistency proof is malformed")
        proof = []
        for node in nodes:
            try:
                raw = base64.b64decode(node, validate=True) if isinstance(node, str) else b""
            except (binascii.Error, ValueError):
                raw = b""
            if len(raw) != 32:
                raise RegistryFetchError("the registry's consistency proof holds a bad hash")
            proof.append(raw)
        return proof

    # -- wheels -------------------------------------------------------------------------------

    def wheel_url(self, index_url: str, filename: str) -> str:
        """The address the PEP 503 index at ``index_url`` gives for the wheel ``filename``."""
        page = f"{index_url.rstrip('/')}/{project_of_wheel(filename)}/"
        parser = _Links()
        parser.feed(self._get(page, MAX_PAGE_BYTES).decode("utf-8", errors="replace"))
        for href in parser.hrefs:
            url = urljoin(page, href).split("#", 1)[0]
            if unquote(urlparse(url).path.rsplit("/", 1)[-1]) == filename:
                return url
        raise NotFoundError(f"the index at {index_url} does not offer {filename}")

    def download_wheel(self, url: str, directory: Path, filename: str, sha256: str) -> Path:
        """Download ``url`` into ``directory/filename`` if its bytes have ``sha256``.

        Raises:
            WheelHashError: the bytes have another SHA-256; the file is deleted.
            RegistryFetchError: the download failed or was too large.
        """
        target = Path(directory) / check_filename(filename)
        digest = hashlib.sha256()
        try:
            with self._chunks(url, MAX_WHEEL_BYTES) as chunks, target.open("wb") as handle:
                for chunk in chunks:
                    digest.update(chunk)
                    handle.write(chunk)
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
        if digest.hexdigest() != sha256:
            target.unlink()
            raise WheelHashError(
                f"the wheel {filename} downloaded from {url} has SHA-256 {digest.hexdigest()}, "
                f"but the verified catalogue says {sha256}: refusing to install it"
            )
        return target


def _check_status(response: httpx.Response, url: str) -> None:
    if response.status_code != 200:
        response.read()
        raise RegistryFetchError(
            f"the registry answered {response.status_code} for {url}{_reason(response)}"
        )


def _bounded(chunks: Iterator[bytes], url: str, limit: int) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise RegistryFetchError(f"{url} sent more than {limit} bytes: refused")
        yield chunk


def _reason(response: httpx.Response) -> str:
    """The registry's own error message, if it gave one as ``{"error": ...}``."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return ""
    return f": {error}" if isinstance(error, str) and error else ""
