"""The studio in a real browser (Debian's Chromium driven by Playwright): sign up, create a
character with a reference image, upload a motion, get coach feedback, render and watch progress reach 100 %,
play the video, share the character to another workspace, and see a viewer unable to edit."""

from __future__ import annotations

import io
import json

import httpx
import pytest
from mocap_data import MOCAP
from PIL import Image

from studio_support import LiveServer, make_settings, sign_up

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (48, 64), (200, 60, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_browser_session(tmp_path):
    with LiveServer(make_settings(tmp_path / "studio", workers=1)) as server, \
            playwright_api.sync_playwright() as p:
        with httpx.Client(base_url=server.url) as client:
            sign_up(client, "vic@studio.test", "Vic")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.set_default_timeout(15000)
        page.goto(server.url + "/")

        # Sign up (the UI signs in at once and opens the personal workspace, as its owner)
        page.fill("#login-email", "alice@studio.test")
        page.fill("#login-password", "correct horse")
        page.fill("#login-name", "Alice")
        page.click("#signup-submit")
        page.wait_for_selector("#app:not([hidden])")
        # the role arrives with the workspace list, a moment after the app shows: wait for it, then check
        page.wait_for_function("() => document.getElementById('role').textContent !== ''", timeout=15000)
        assert page.text_content("#role") == "owner"

        # Create a character and give it a reference image
        page.click("button[data-tab=characters]")
        page.fill("#character-id", "mara")
        page.fill("#character-name", "Mara")
        page.fill("#character-description", "a runner in a red jacket")
        page.click("#character-form button[type=submit]")
        card = page.wait_for_selector(".character[data-character=mara]")
        card.query_selector(".image-upload").set_input_files(
            {"name": "mara.png", "mimeType": "image/png", "buffer": png_bytes()})
        page.wait_for_selector(".character[data-character=mara] .thumbs img")
        page.set_input_files("#motion-file", str(MOCAP / "cmu_131_01_start_walk_stop.bvh"))
        page.click("#motion-form button[type=submit]")
        page.wait_for_selector("#motions .motion:has-text('cmu_131_01_start_walk_stop.bvh')")
        assert page.text_content("#motions .motion code").startswith("asset:"), "the reference a transfer names"
        width = page.eval_on_selector(".character[data-character=mara] .thumbs img",
                                      "img => img.complete ? img.naturalWidth : 0")
        assert width == 48, f"reference image shows {width} px wide, expected 48"

        # Type a prompt and see coach feedback
        page.click("button[data-tab=prompt]")
        page.fill("#prompt", "a woman jogs along the beach")
        page.wait_for_selector("#coach .enriched")
        assert page.text_content("#coach .enriched").strip()
        assert page.query_selector("#coach .diagnostic") is not None

        # Render: progress reaches 100 %, the video plays, the exports are listed beside it
        page.click("#render")
        page.wait_for_function("() => document.getElementById('progress').value === 100", timeout=60000)
        page.wait_for_selector("#player:not([hidden])")
        page.wait_for_function("() => document.getElementById('player').readyState >= 2", timeout=20000)
        page.eval_on_selector("#player", "v => { v.muted = true; return v.play(); }")
        page.wait_for_function("() => document.getElementById('player').currentTime > 0", timeout=20000)
        assert page.eval_on_selector("#player", "v => v.videoWidth") == 64
        assert "exports/camera.txt" in page.text_content("#exports")

        # The storyboard editor: the prompt parsed to JSON, edited, refused with the field named
        page.click("#storyboard-box summary")
        page.click("#parse")
        page.wait_for_function("() => document.getElementById('storyboard').value.includes('shots')")
        board = json.loads(page.input_value("#storyboard"))
        board["shots"][0]["duration_s"] = -1
        page.fill("#storyboard", json.dumps(board))
        page.click("#render")
        page.wait_for_selector("#notice:has-text('duration_s')")

        # A second workspace; share the character into it; Vic joins it as a viewer
        page.once("dialog", lambda dialog: dialog.accept("Team B"))
        page.click("#new-workspace")
        page.wait_for_function("() => document.getElementById('workspace').selectedOptions[0].text === 'Team B'")
        team_b = page.eval_on_selector("#workspace", "s => s.value")
        page.select_option("#workspace", label="Alice's workspace")
        page.wait_for_function("() => document.getElementById('role').textContent === 'owner'")
        page.click("button[data-tab=characters]")
        page.click(".character[data-character=mara] .share")
        page.select_option("#share-target", team_b)
        page.click("#share-confirm")
        page.wait_for_selector("#notice:has-text('Shared Mara')")
        page.select_option("#workspace", team_b)
        page.wait_for_selector(".character[data-character=mara] .origin")
        page.click("button[data-tab=members]")
        page.fill("#member-email", "vic@studio.test")
        page.select_option("#member-role", "viewer")
        page.click("#member-form button[type=submit]")
        page.wait_for_selector("#members td:has-text('vic@studio.test')")

        # Vic, a viewer, sees the shared character but nothing to edit with, and the API refuses
        page.click("#logout")
        page.wait_for_selector("#login:not([hidden])")
        page.fill("#login-email", "vic@studio.test")
        page.fill("#login-password", "correct horse")
        page.click("#login-submit")
        page.wait_for_selector("#app:not([hidden])")
        page.select_option("#workspace", team_b)
        page.wait_for_function("() => document.getElementById('role').textContent === 'viewer'")
        page.click("button[data-tab=characters]")
        page.wait_for_selector(".character[data-character=mara]")
        assert not page.is_visible("#character-form")
        assert page.query_selector(".character .share") is None
        assert page.query_selector(".character .image-upload") is None
        page.click("button[data-tab=prompt]")
        assert not page.is_visible("#render")
        status = page.evaluate("""async (id) => (await api('POST', `/api/workspaces/${id}/assets`,
            {kind: 'character', name: 'X', data: {id: 'x'}}).catch(e => e)).status""", int(team_b))
        assert status == 403, f"a viewer's edit got HTTP {status}, expected 403"
        assert not errors, errors
        browser.close()
