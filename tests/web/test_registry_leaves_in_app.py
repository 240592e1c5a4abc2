"""The running app turns every registry change into a leaf of the transparency log."""

from __future__ import annotations

import time

from litestar.testing import TestClient

from policeai.core.context import Actor, acting_as
from policeai.core.platform import Platform
from policeai.registry.demo import demo_atrs
from policeai.registry.keys import generate_key, signing_key_path
from policeai.registry.transparency.leaves import decode_leaf
from policeai.web.app import create_app
from policeai.web.registry_http import STATE_KEY
from policeai.web.registry_service import app_registry

VENDOR = Actor("vendor.okafor", "policeai", "registration", role="officer")


def test_a_registry_change_made_while_the_app_runs_becomes_a_leaf(settings_for) -> None:
    settings = settings_for("sqlite")
    generate_key(signing_key_path(settings))
    app = create_app(Platform(settings))
    with TestClient(app) as client:
        registry = app_registry(client.app.state)
        with acting_as(VENDOR):
            registry.register_entry("leafy-tool", demo_atrs())
        log = client.app.state[STATE_KEY].log
        deadline = time.monotonic() + 20
        kinds: list[str] = []
        while time.monotonic() < deadline:
            kinds = [decode_leaf(log.leaf(i).entry).event for i in range(log.size())]
            if "EntryRegistered" in kinds:
                break
            time.sleep(0.1)
    assert "EntryRegistered" in kinds
