"""The JSON API is documented by its OpenAPI schema; pages are not part of it."""

from __future__ import annotations

from fastapi.testclient import TestClient

API_ROUTES = {
    ("get", "/api/couples"),
    ("post", "/api/couples"),
    ("get", "/api/couples/{couple_id}"),
    ("delete", "/api/couples/{couple_id}"),
    ("get", "/api/couples/{couple_id}/overview"),
    ("post", "/api/couples/{couple_id}/partner"),
    ("get", "/api/couples/{couple_id}/quiz"),
    ("get", "/api/couples/{couple_id}/quiz/items"),
    ("post", "/api/couples/{couple_id}/quiz"),
    ("get", "/api/couples/{couple_id}/conversations"),
    ("post", "/api/couples/{couple_id}/conversations"),
    ("delete", "/api/couples/{couple_id}/conversations/{conversation_id}"),
    ("get", "/api/couples/{couple_id}/analysis"),
    ("post", "/api/couples/{couple_id}/analysis"),
    ("post", "/api/couples/{couple_id}/simulate"),
    ("get", "/api/couples/{couple_id}/plan"),
    ("post", "/api/couples/{couple_id}/plan"),
    ("get", "/api/couples/{couple_id}/journal"),
    ("post", "/api/couples/{couple_id}/journal/entries"),
    ("delete", "/api/couples/{couple_id}/journal/entries/{entry_id}"),
    ("post", "/api/couples/{couple_id}/journal/checkins"),
    ("get", "/api/couples/{couple_id}/journal/trends"),
    ("get", "/api/couples/{couple_id}/therapists"),
    ("post", "/api/couples/{couple_id}/therapists"),
    ("delete", "/api/couples/{couple_id}/therapists/{therapist_id}"),
    ("get", "/api/therapist/couples"),
    ("post", "/api/auth/register"),
    ("post", "/api/auth/login"),
    ("post", "/api/auth/logout"),
    ("get", "/api/auth/me"),
    ("get", "/api/session"),
}


def test_schema_lists_every_api_route_and_no_page(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    found = {(m, path) for path, ops in schema["paths"].items() for m in ops}
    assert found == API_ROUTES
    assert all(path.startswith("/api/") for _, path in found)


def test_every_operation_is_described(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert op.get("summary"), f"{method} {path} has no summary"
            assert op.get("tags"), f"{method} {path} has no tag"


def test_upload_is_documented_as_multipart(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    body = schema["paths"]["/api/couples/{couple_id}/conversations"]["post"]["requestBody"]
    assert body["content"]["multipart/form-data"]["schema"]["required"] == ["file"]


def test_docs_page_is_served(client: TestClient) -> None:
    r = client.get("/api/docs")
    assert r.status_code == 200
    assert "/api/openapi.json" in r.text
