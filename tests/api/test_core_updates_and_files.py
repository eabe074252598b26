"""The update routes of SPEC §4: progress reports, evidence files uploaded and served back."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.api.core_world import World, agreement_url, assert_error, snapshot
from workflow.models import Agreement, EvidenceFile
from workflow.runtime.settings import Settings

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


# --- updates and evidence files ---------------------------------------------------------------


def test_a_json_update_records_progress(api: TestClient, world: World) -> None:
    r = api.post(
        agreement_url(world) + "/updates",
        json={"note": "Avance", "progress": 30, "evidence_url": "https://iecm.mx/oficio.pdf"},
        headers=world.own_head.headers,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["note"], body["progress"], body["by"]) == ("Avance", 30, world.own_head.user.name)
    assert body["evidence_url"] == "https://iecm.mx/oficio.pdf" and body["file"] is None
    assert api.get(agreement_url(world), headers=world.member.headers).json()["progress"] == 30


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"note": "x", "progress": 101}, "«progress» debe ser menor o igual que 100"),
        ({"note": "x", "progress": -1}, "«progress» debe ser mayor o igual que 0"),
        ({"note": ""}, "«note» no puede estar vacío"),
        ({"note": "  "}, "«note» no puede estar vacío"),
        ({}, "«note» es obligatorio"),
        ({"note": "x", "evidence_url": "ftp://x"}, "«evidence_url» no tiene el formato esperado"),
        ({"note": "x", "autor": "yo"}, "«autor» no es un campo admitido"),
    ],
)
def test_invalid_updates_answer_422_and_change_nothing(
    api: TestClient, world: World, session: Session, body: dict[str, Any], words: str
) -> None:
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.post(agreement_url(world) + "/updates", json=body, headers=world.own_head.headers)
    assert words in assert_error(r, 422, "invalid")["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before


def test_a_multipart_update_stores_a_pdf_served_back_to_readers(
    api: TestClient, world: World, settings: Settings
) -> None:
    r = api.post(
        agreement_url(world) + "/updates",
        data={"note": "Oficio de cumplimiento", "progress": "100"},
        files={"file": ("oficio firmado.pdf", PDF, "application/pdf")},
        headers=world.own_head.headers,
    )
    assert r.status_code == 201, r.text
    file = r.json()["file"]
    assert (file["filename"], file["size"]) == ("oficio firmado.pdf", len(PDF))
    got = api.get(file["url"], headers=world.member.headers)
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["x-content-type-options"] == "nosniff"
    assert "oficio" in got.headers["content-disposition"]
    assert len(list(settings.files_dir.iterdir())) == 1
    assert_error(api.get(file["url"]), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("filename", "content", "words"),
    [
        ("informe.pdf", EXE, "no corresponde a un archivo .pdf"),
        ("foto.webp", b"<!doctype html><script>x()</script>", "no corresponde a un archivo .webp"),
        ("programa.exe", EXE, "no es de un tipo admitido"),
        ("vacío.pdf", b"", "está vacío"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_not_kept(
    api: TestClient,
    world: World,
    session: Session,
    settings: Settings,
    filename: str,
    content: bytes,
    words: str,
) -> None:
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.post(
        agreement_url(world) + "/updates",
        data={"note": "Evidencia"},
        files={"file": (filename, content, "application/pdf")},
        headers=world.own_head.headers,
    )
    assert words in assert_error(r, 422, "invalid")["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before
    assert not settings.files_dir.exists() or list(settings.files_dir.iterdir()) == []
    assert session.scalar(select(EvidenceFile.id)) is None


def test_a_file_over_the_limit_is_refused(
    api: TestClient, world: World, session: Session, settings: Settings
) -> None:
    settings.max_upload_mb = 1
    big = PDF + b"0" * (1024 * 1024)
    r = api.post(
        agreement_url(world) + "/updates",
        data={"note": "Evidencia"},
        files={"file": ("grande.pdf", big, "application/pdf")},
        headers=world.own_head.headers,
    )
    assert "supera el máximo de 1 MB" in assert_error(r, 422, "invalid")["detail"]
    assert not settings.files_dir.exists() or list(settings.files_dir.iterdir()) == []
    assert session.scalar(select(EvidenceFile.id)) is None


def test_an_unknown_file_answers_404(api: TestClient, world: World) -> None:
    assert_error(api.get("/api/v1/files/999999", headers=world.member.headers), 404, "not_found")
