"""The case web app under Litestar's test client (see ``ui_helpers``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from litestar.testing import TestClient
from ui_helpers import make_platform

from policeai.core.platform import Platform
from policeai.web.app import create_app
from policeai.web.ui.setup import THROTTLE_STORE


@pytest.fixture(scope="session")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Any]]:
    platform = make_platform(tmp_path_factory.mktemp("ui"))
    with TestClient(app=create_app(platform)) as test_client:
        yield test_client


@pytest.fixture
def platform(client: TestClient[Any]) -> Platform:
    return client.app.state.platform


@pytest.fixture
def forget_failed_sign_ins(client: TestClient[Any]) -> Iterator[None]:
    """Clear the sign-in throttle's counts after the test."""
    yield
    anyio.run(client.app.stores.get(THROTTLE_STORE).delete_all)
