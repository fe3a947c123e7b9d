"""Search over the tool calls a reply asked for: each call's name and arguments.

A tool's *result* is a ``tool`` row whose text is its ``content``, so the
main index already holds it. The *call* lives in the asking reply's
``tool_calls`` JSON column (schema v1), which the main index (over
``content``) never saw: ``{"city": "Paris"}`` could not be found. This index
holds one text per reply with calls, ``name arguments`` per call, decoded
from the JSON (the column escapes non-ASCII, so "北京" is stored as
``\\u5317\\u4eac``; ``json_extract`` gives the characters back).

It is a regular FTS5 table (it keeps its own copy of that small text), kept
by triggers like the main index, and created and filled when missing by
``migrations.ensure_search_index``, outside ``user_version``: an older
history gets it on the first open where FTS5 exists, with no schema bump.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from desktop_app.core.history import SearchFilters
from desktop_app.core.models import Role

#: ``name arguments`` per call, one line each; a malformed column is taken as it is
#: (a trigger must never make storing a reply fail).
_TEXT = """CASE WHEN json_valid({col}) THEN (SELECT group_concat(
        coalesce(json_extract(value, '$.name'), '') || ' ' ||
        coalesce(json_extract(value, '$.arguments'), ''), char(10))
        FROM json_each({col})) ELSE {col} END"""

TOOL_CALLS_FTS = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS tool_calls_fts USING fts5(
        text, tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS tool_calls_fts_insert AFTER INSERT ON messages
        WHEN new.status != 'streaming' AND new.tool_calls IS NOT NULL BEGIN
        INSERT INTO tool_calls_fts(rowid, text) VALUES (new.seq, {_TEXT.format(col="new.tool_calls")});
        END""",  # noqa: E501, S608 (our own SQL, no input)
    """CREATE TRIGGER IF NOT EXISTS tool_calls_fts_delete AFTER DELETE ON messages
        WHEN old.tool_calls IS NOT NULL BEGIN
        DELETE FROM tool_calls_fts WHERE rowid = old.seq; END""",
    f"""CREATE TRIGGER IF NOT EXISTS tool_calls_fts_update AFTER UPDATE OF tool_calls, status
        ON messages WHEN old.tool_calls IS NOT NULL OR new.tool_calls IS NOT NULL BEGIN
        DELETE FROM tool_calls_fts WHERE rowid = old.seq;
        INSERT INTO tool_calls_fts(rowid, text)
        SELECT new.seq, {_TEXT.format(col="new.tool_calls")}
        WHERE new.status != 'streaming' AND new.tool_calls IS NOT NULL; END""",  # noqa: S608
]

FILL = f"""INSERT INTO tool_calls_fts(rowid, text)
    SELECT seq, {_TEXT.format(col="tool_calls")} FROM messages
    WHERE status != 'streaming' AND tool_calls IS NOT NULL"""  # noqa: S608

#: Newest replies with calls scanned when there is no index (or only short terms).
SCAN_ROWS = 20000


def ensure_index(conn: sqlite3.Connection) -> None:
    """Create and fill the index when this history has none yet (idempotent)."""
    exists = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
        "AND name = 'tool_calls_fts_insert'"
    ).fetchone()[0]
    if exists:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for sql in TOOL_CALLS_FTS:
            conn.execute(sql)
        conn.execute(FILL)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def candidates(
    conn: sqlite3.Connection,
    long: list[str],
    short_like: list[str],
    where: tuple[str, list[Any]],
    fts: bool,
    limit: int,
) -> list[tuple[int, str]]:
    """(seq, calls text) of replies whose calls hold every term, newest first.

    ``long`` terms go to the index (trigrams); ``short_like`` are LIKE
    patterns every text must also match; ``where`` filters ``m``/``c`` as
    the main search does.
    """
    clause, args = where
    likes = "".join(" AND t.text LIKE ? ESCAPE '\\'" for _ in short_like)
    if fts and long:
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long)
        sql = f"""SELECT t.rowid, t.text FROM tool_calls_fts t
            JOIN messages m ON m.seq = t.rowid JOIN conversations c ON c.id = m.conversation_id
            WHERE tool_calls_fts MATCH ? AND {clause}{likes} ORDER BY t.rowid DESC LIMIT ?"""  # noqa: S608
        rows = conn.execute(sql, [match, *args, *short_like, limit]).fetchall()
    else:
        window = f"""(SELECT seq, {_TEXT.format(col="tool_calls")} AS text FROM messages
            WHERE tool_calls IS NOT NULL ORDER BY seq DESC LIMIT {SCAN_ROWS})"""  # noqa: S608
        sql = f"""SELECT t.seq, t.text FROM {window} t
            JOIN messages m ON m.seq = t.seq JOIN conversations c ON c.id = m.conversation_id
            WHERE {clause}{likes} ORDER BY t.seq DESC LIMIT ?"""  # noqa: S608
        rows = conn.execute(sql, [*args, *short_like, limit]).fetchall()
    return [(int(r[0]), str(r[1] or "")) for r in rows]


def wanted(filters: SearchFilters) -> bool:
    """Calls are in replies: a search limited to other roles skips them."""
    return not filters.roles or Role.ASSISTANT in filters.roles
