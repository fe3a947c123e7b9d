"""Read-only commands on a damaged or missing history, and bad output paths.

``export`` must never move, create or change a file in the data folder,
must export everything readable, and must exit non-zero when it could not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.models import Conversation, Message, Role
from desktop_app.store.conversations import open_database


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A history whose small conversation is readable and whose big one is scrambled."""
    data = tmp_path / "data"
    store, _ = open_database(data / "history.sqlite3")
    store.save_conversation(Conversation(id="small", title="Small"))
    store.add_message(Message("s1", "small", Role.USER, "still readable"))
    store.save_conversation(Conversation(id="big", title="Big"))
    for i in range(40):
        store.add_message(Message(f"b{i}", "big", Role.USER, "x" * 3000))
    store.close()
    raw = bytearray((data / "history.sqlite3").read_bytes())
    page = 4096
    for offset in range(len(raw) - 20 * page, len(raw) - 2 * page):  # the big one's text
        raw[offset] = (raw[offset] * 7 + 13) % 256
    (data / "history.sqlite3").write_bytes(bytes(raw))
    return data


def test_export_of_a_damaged_history_salvages_and_moves_nothing(
    damaged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _listing(damaged)
    out = tmp_path / "out.json"
    code = main(["--data-dir", str(damaged), "export", "--all", "--format", "json", "-o", str(out)])
    assert _listing(damaged) == before
    exported = {c["id"] for c in json.loads(out.read_text())["conversations"]}
    assert exported == {"small"}
    assert code == 1
    assert "damaged" in capsys.readouterr().err


def test_export_with_no_history_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "empty"
    data.mkdir()
    assert main(["--data-dir", str(data), "export", "--all"]) == 0
    assert "no history" in capsys.readouterr().err
    assert list(data.iterdir()) == []


@pytest.fixture
def history(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    store, _ = open_database(data / "history.sqlite3")
    store.save_conversation(Conversation(id="c1", title="Soup"))
    store.close()
    return data


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_export_to_a_missing_folder_is_a_sentence(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    target = tmp_path / "missing" / "deeper" / "out"
    args = ["--data-dir", str(history), "export", "--all", "--format", fmt, "-o", str(target)]
    assert main(args) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "missing").exists()


def test_json_export_to_a_folder_is_a_sentence(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(history), "export", "--all", "-o", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_backup_to_a_missing_folder_is_a_sentence_and_creates_nothing(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "missing" / "dir" / "x"
    assert main(["--data-dir", str(history), "backup", str(dest)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "missing").exists()


def test_markdown_files_of_ids_with_the_same_prefix_do_not_overwrite(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    store, _ = open_database(data / "history.sqlite3")
    for cid in ("../../../a", "../../../b"):  # both: chat-________.md
        store.save_conversation(Conversation(id=cid, title="Chat"))
    store.close()
    folder = tmp_path / "md"
    args = ["--data-dir", str(data), "export", "--all", "--format", "markdown", "-o", str(folder)]
    assert main(args) == 0
    assert len(list(folder.iterdir())) == 2


def test_export_of_an_empty_history_file_says_there_is_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "history.sqlite3").write_bytes(b"")
    assert main(["--data-dir", str(data), "export", "--all"]) == 0
    assert "no history" in capsys.readouterr().err


def test_import_reports_cut_links_in_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = Path(__file__).parents[2] / "fixtures" / "hostile"
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "import", str(corpus / "parent-cycle.json")]) == 0
    assert "start a branch of their own" in capsys.readouterr().err
