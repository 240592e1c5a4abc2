"""Requests the API fuzzing (``test_api_fuzz.py``) once answered with a server error or that
the OpenAPI description did not describe; each now gets a clear 4xx, and the description says
what the API accepts."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from policeai.core.platform import Platform
from policeai.core.settings import Settings
from policeai.web.app import create_app

PASSWORD = "correct horse battery"


def headers(purpose: str | None = "checking the API", **extra: str) -> dict[str, str]:
    token = base64.b64encode(f"pc.jones:{PASSWORD}".encode()).decode()
    return {
        "Authorization": f"Basic {token}",
        **({"X-Purpose": purpose} if purpose else {}),
        **extra,
    }


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Any]]:
    data_dir: Path = tmp_path_factory.mktemp("regressions")
    settings = Settings.from_env(
        {"POLICEAI_DATA_DIR": str(data_dir), "POLICEAI_SECRET_KEY": "test-secret"}
    )
    platform = Platform(settings)
    platform.users.add(
        username="pc.jones",
        force="demo",
        role="officer",
        display_name="PC Jones",
        password=PASSWORD,
    )
    with TestClient(app=create_app(platform)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def case_id(client: TestClient[Any]) -> str:
    body = {
        "narrative": "A bicycle was taken from the rack outside the library.",
        "location": "Library, Market Square",
        "reported_at": "2026-01-10T09:30:00Z",
    }
    response = client.post("/api/cases", json=body, headers=headers())
    assert response.status_code == 201, response.text
    return response.json()["case_id"]


def assert_client_error(response: Any, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    text = response.json()["error"] + str(response.json().get("details", ""))
    for word in words:
        assert word in text, text


def test_an_offset_past_what_a_database_holds_is_refused_not_a_crash(
    client: TestClient[Any],
) -> None:
    # Was a 500: OverflowError (Python int too large to convert to SQLite INTEGER).
    response = client.get("/api/cases?offset=1806926635395966842099990528", headers=headers())

    assert_client_error(response, 400, "offset")
    assert client.get(f"/api/cases?offset={2**31 - 1}", headers=headers()).status_code == 200


def test_a_status_filter_names_the_statuses_there_are(client: TestClient[Any]) -> None:
    response = client.get("/api/cases?status=shut", headers=headers())

    assert_client_error(response, 400, "status", "shut")
    schema = client.get("/schema/openapi.json").json()
    listing = schema["paths"]["/api/cases"]["get"]["parameters"]
    status = next(p["schema"] for p in listing if p["name"] == "status")
    assert set(status["enum"]) == {"open", "closed", None}


@pytest.mark.parametrize(
    "value",
    [
        "²",  # str.isdigit() says yes, int() says no: was a 500
        "1" * 5000,  # past Python's limit on converting digits to an int: was a 500
        "1" * 19,  # past a 64-bit version number
        '""3""',
    ],
)
def test_an_if_match_that_is_no_version_number_is_refused(
    client: TestClient[Any], case_id: str, value: str
) -> None:
    sent = {**headers(), "If-Match": value.encode("latin-1")}  # as a server decodes it

    response = client.post(f"/api/cases/{case_id}/close", json={}, headers=sent)

    assert_client_error(response, 400, "If-Match")


@pytest.mark.parametrize(
    ("method", "path", "body", "where"),
    [
        # Was a 500: SQLite's FTS5 read the NUL as the end of an unterminated string.
        ("GET", "/api/cases?q=bicycle%00rack", None, "query parameter 'q'"),
        ("GET", "/api/entities?key=vrm%3ADS19%00KXE", None, "query parameter 'key'"),
        # Recorded, a NUL stopped the case projection for good on PostgreSQL.
        (
            "POST",
            "/api/cases",
            {"narrative": "a\u0000b", "location": "x", "reported_at": "2026-01-10T09:30:00Z"},
            "$.narrative",
        ),
        (
            "POST",
            "/api/cases/{case_id}/statements",
            {"text": "ok", "author": "A\u0000"},
            "$.author",
        ),
        (
            "POST",
            "/api/cases/{case_id}/entities",
            {"entity_type": "person", "role": "witness", "identifiers": {"phone\u0000": "1"}},
            "$.identifiers (a key)",
        ),
    ],
)
def test_a_nul_character_anywhere_in_a_request_is_refused_with_where_it_is(
    client: TestClient[Any],
    case_id: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    where: str,
) -> None:
    response = client.request(method, path.format(case_id=case_id), json=body, headers=headers())

    assert_client_error(response, 400, where, "NUL")


def test_a_nul_character_in_a_header_is_refused(client: TestClient[Any]) -> None:
    response = client.get("/api/cases", headers=headers(purpose="looking\x00around"))

    assert_client_error(response, 400, "x-purpose", "NUL")


def test_a_json_string_that_spells_out_backslash_u0000_is_just_text(
    client: TestClient[Any], case_id: str
) -> None:
    body = {"text": "The note read \\u0000 in biro.", "author": "PC Jones"}

    response = client.post(f"/api/cases/{case_id}/statements", json=body, headers=headers())

    assert response.status_code == 201, response.text


def test_the_description_says_which_bodies_refuse_unknown_fields_and_what_headers_hold(
    client: TestClient[Any],
) -> None:
    schema = client.get("/schema/openapi.json").json()
    components = schema["components"]["schemas"]
    statement = schema["paths"]["/api/cases/{case_id}/statements"]["post"]

    # The API refuses unknown fields: the description no longer invites them.
    for name in ("OpenCase", "NewStatement", "NewEntity", "NewInvocation", "NewInstallation"):
        assert components[name]["additionalProperties"] is False, name
    parameters = {p["name"]: p["schema"] for p in statement["parameters"]}
    assert parameters["X-Purpose"]["maxLength"] == 200
    assert parameters["If-Match"]["pattern"]
    listing = schema["paths"]["/api/cases"]["get"]["parameters"]
    offset = next(p["schema"] for p in listing if p["name"] == "offset")
    assert offset["maximum"] == 2**31 - 1
