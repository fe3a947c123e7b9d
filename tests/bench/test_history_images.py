"""The image-heavy history variant of bench/history_scale.py runs (judges no figure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import history_scale

pytestmark = pytest.mark.bench


def test_the_images_variant_measures_both_histories(tmp_path: Path) -> None:
    sizes = ["--conversations", "40", "--messages-per", "4", "--images-mb", "4"]
    rows = history_scale.run([*sizes, "--cache-dir", str(tmp_path)])
    by_metric = {r["metric"]: r for r in rows}
    size = by_metric["database size (MB) [images]"]
    assert size["ours"] > size["baseline"] + 2.5  # the 2 blobs (3 MB) are really in the file
    assert "open 2,000-message chat, newest 50 (ms) [images]" in by_metric
    assert by_metric["search p95 (ms) [images]"]["baseline"] is not None
