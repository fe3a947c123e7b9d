"""Icons rendered from resources/icons/app.svg, and the .ico/.icns written by hand."""

from __future__ import annotations

import struct
from pathlib import Path

import icons
import pytest

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return icons.generate(tmp_path_factory.mktemp("icons"))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_pngs_have_their_sizes_and_are_not_blank(generated: dict[str, Path]) -> None:
    for size in icons.PNG_SIZES:
        data = generated[f"png{size}"].read_bytes()
        assert png_size(data) == (size, size)
    assert len(generated["png256"].read_bytes()) > 2000  # drawn, not an empty canvas


def test_ico_directory_points_at_png_payloads(generated: dict[str, Path]) -> None:
    data = generated["ico"].read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    for i, size in enumerate(icons.ICO_SIZES):
        w, h, _, _, planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert (w or 256, h or 256, planes, bpp) == (size, size, 1, 32)
        assert png_size(data[offset : offset + length]) == (size, size)


def test_icns_elements_cover_the_file(generated: dict[str, Path]) -> None:
    data = generated["icns"].read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    pos, seen = 8, {}
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        seen[kind] = png_size(data[pos + 8 : pos + length])[0]
        pos += length
    assert pos == len(data)
    assert seen == {kind: size for kind, size in icons.ICNS_TYPES}


@pytest.mark.qt_log_ignore("Cannot read file")  # the warning is the point of this test
def test_bad_svg_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text("<not svg")
    with pytest.raises(ValueError, match="not an SVG"):
        icons.render_pngs(bad, (16,))
