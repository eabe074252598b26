"""`/docs` works in a real browser under the site's Content-Security-Policy (not bypassed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.processes import clean_env, run, serving

pytestmark = pytest.mark.e2e

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def test_swagger_ui_renders_the_api_under_the_strict_policy(tmp_path: Path) -> None:
    env = clean_env(f"sqlite:///{tmp_path / 'seguimiento.db'}", tmp_path)
    assert run(env, tmp_path, "init").returncode == 0
    with serving(env, tmp_path) as client, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(base_url=str(client.base_url))
            refused: list[str] = []
            page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
            page.goto("/docs")
            expect(page.get_by_text("/api/v1/agreements").first).to_be_visible(timeout=20_000)
            assert not [m for m in refused if "Content Security Policy" in m], refused
        finally:
            browser.close()
