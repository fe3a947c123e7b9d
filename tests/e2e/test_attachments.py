"""A screenshot pasted from the clipboard reaches the model downscaled, and shows on its card."""

from __future__ import annotations

import base64
import json
import struct
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import CHAT_AREA, SCREEN_W, App, Desktop, kill_process, wait_until
from tests.e2e.test_interruptions import env_for
from tests.fakeserver.harness import FakeServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

#: The pasted picture's colour: nothing else in either theme is this blue.
MARK_RGB = (0x33, 0x66, 0xCC)


@pytest.fixture
def big_png(tmp_path: Path) -> Path:
    """A 3000x1600 screenshot-sized PNG, made with ImageMagick."""
    path = tmp_path / "screenshot.png"
    color = "#{:02x}{:02x}{:02x}".format(*MARK_RGB)
    subprocess.run(["convert", "-size", "3000x1600", f"xc:{color}", str(path)], check=True)
    return path


@pytest.fixture
def clipboard(desktop: Desktop, big_png: Path) -> Iterator[None]:
    """xclip owns the clipboard (in the foreground, so it is stopped by its pid)."""
    proc = subprocess.Popen(
        ["xclip", "-quiet", "-selection", "clipboard", "-t", "image/png", "-i", str(big_png)],
        env=desktop.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield
    kill_process(proc)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _mark_pixels(frame: bytes) -> int:
    """How many pixels of the chat area are the pasted picture's blue."""
    x0, x1, y0, y1 = CHAT_AREA
    mark = bytes(MARK_RGB)
    count = 0
    for y in range(y0, y1):
        row = frame[(y * SCREEN_W + x0) * 3 : (y * SCREEN_W + x1) * 3]
        count += sum(1 for x in range(0, len(row), 3) if row[x : x + 3] == mark)
    return count


@pytest.mark.parametrize(
    ("theme", "language"), [("light", ""), ("dark", "zh_CN")], ids=["light", "dark-zh"]
)
def test_a_pasted_screenshot_is_sent_downscaled_and_shown_as_a_thumbnail(
    make_app: Callable[..., App],
    server: FakeServer,
    clipboard: None,
    tmp_path: Path,
    theme: str,
    language: str,
) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "config").mkdir(parents=True)
    settings = {"theme": theme, "language": language}
    (data_dir / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    app = make_app(env_for(server), data_dir=data_dir).start()
    app.focus()
    app.key("ctrl+v")
    wait_until(
        lambda: app.query("SELECT count(*) FROM draft_attachments")[0][0] == 1,
        "the pasted image to become a chip (stored with the draft)",
        20,
        0.1,
    )
    app.screenshot("01-chip-in-composer")
    app.send("what is wrong here?")
    app.wait_reply(lambda m: m["status"] == "complete", "the reply")

    (request,) = [r for r in server.requests() if r["path"].endswith("/chat/completions")]
    parts = request["body"]["messages"][-1]["content"]
    assert parts[0] == {"type": "text", "text": "what is wrong here?"}
    url = parts[1]["image_url"]["url"]
    assert url.startswith("data:image/png;base64,")
    assert _png_size(base64.b64decode(url.split(",", 1)[1])) == (2048, 1092)

    frame = app.wait_painted(b"", "the card with its thumbnail")
    app.screenshot("02-card-with-thumbnail")
    # A 96 px thumbnail of a 2048x1092 picture: 96x51 px of its blue on the card.
    assert _mark_pixels(frame) >= 90 * 45
    assert app.quit() == 0
