"""The export / import / backup sub-commands, run as a user would."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.models import Conversation, Message, Role
from desktop_app.store.conversations import open_database


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    store, _ = open_database(data / "history.sqlite3")
    for cid, title in (("c1", "Soup"), ("c2", "Bread")):
        store.save_conversation(Conversation(id=cid, title=title))
        store.add_message(Message(f"{cid}-u", cid, Role.USER, f"how to make {title}"))
    store.close()
    return data


def test_export_all_as_json_then_import_into_another_history(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all.json"
    assert (
        main(["--data-dir", str(data_dir), "export", "--all", "--format", "json", "-o", str(out)])
        == 0
    )
    assert {c["title"] for c in json.loads(out.read_text())["conversations"]} == {"Soup", "Bread"}
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "import", str(out)]) == 0
    assert main(["--data-dir", str(other), "import", str(out)]) == 0
    assert "0 conversation(s); 2 were already" in capsys.readouterr().err
    conn = sqlite3.connect(other / "history.sqlite3")
    assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 2
    conn.close()


def test_export_markdown_writes_one_file_per_conversation(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "md"
    assert (
        main(
            [
                "--data-dir",
                str(data_dir),
                "export",
                "--all",
                "--format",
                "markdown",
                "-o",
                str(folder),
            ]
        )
        == 0
    )
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["bread-c2.md", "soup-c1.md"]
    assert "how to make Soup" in (folder / "soup-c1.md").read_text()


def test_export_one_conversation_to_stdout(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            ["--data-dir", str(data_dir), "export", "--conversation", "c2", "--format", "markdown"]
        )
        == 0
    )
    assert capsys.readouterr().out.startswith("# Bread")


def test_unknown_ids_and_bad_files_fail_with_a_sentence(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "export", "--conversation", "nope"]) == 2
    assert "No conversation with id nope" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "import", str(tmp_path / "missing.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_backup_writes_a_readable_copy(data_dir: Path, tmp_path: Path) -> None:
    dest = tmp_path / "copy.sqlite3"
    assert main(["--data-dir", str(data_dir), "backup", str(dest)]) == 0
    conn = sqlite3.connect(dest)
    assert conn.execute("SELECT count(*) FROM conversations").fetchone()[0] == 2
    conn.close()
    assert main(["--data-dir", str(data_dir), "backup"]) == 0
    assert len(list((data_dir / "backups").glob("history-*.sqlite3"))) == 1
