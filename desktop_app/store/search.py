"""Full-text search over messages and titles that accepts any text a user types.

The MATCH expression is never the user's text: each term becomes a quoted
FTS5 string (``"`` doubled), so quotes, ``*``, ``-``, ``:`` and parentheses
are just characters to find. The trigram tokenizer makes Chinese and other
unsegmented scripts searchable by substring; terms under three characters
cannot use trigrams, so they filter with LIKE (on the FTS candidates, or on
a bounded window of recent rows when no term is long enough). Without FTS5
the same search runs as a LIKE scan.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from typing import Any

from desktop_app.core.history import ConversationSummary, SearchFilters, SearchHit, Snippet
from desktop_app.core.models import Role
from desktop_app.store import tool_search
from desktop_app.store.rows import SUMMARY_COLUMNS, summary_from_row

#: Newest matches considered before ranking; bounds the cost of common words.
MAX_CANDIDATES = 500
#: Newest rows scanned with LIKE for 1–2 character queries.
SHORT_SCAN_ROWS = 20000
TRIGRAM = 3
SNIPPET_CONTEXT = 60

_TERM = re.compile(r'"([^"]*)"|(\S+)')


def parse_query(text: str) -> list[str]:
    """Split user input into literal terms; ``"a phrase"`` stays one term."""
    terms: list[str] = []
    for match in _TERM.finditer(text.replace("\x00", "")):
        phrase, word = match.groups()
        term = phrase.strip() if phrase is not None else word.strip('"')
        if term and term not in terms:
            terms.append(term)
    return terms


def match_expression(terms: list[str]) -> str:
    """An FTS5 query that ANDs each term as a literal quoted string."""
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def make_snippet(text: str, terms: list[str], context: int = SNIPPET_CONTEXT) -> Snippet:
    """A window around the first match, split into (text, is_match) segments."""
    if not terms:
        return ((text[: context * 2], False),) if text else ()
    pattern = re.compile(
        "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    first = pattern.search(text)
    start = 0 if first is None else max(0, first.start() - context)
    end = min(len(text), (0 if first is None else first.end()) + context * 2)
    window = " ".join(text[start:end].split())
    segments: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    pos = 0
    for m in pattern.finditer(window):
        if m.start() > pos:
            segments.append((window[pos : m.start()], False))
        segments.append((m.group(0), True))
        pos = m.end()
    if pos < len(window):
        segments.append((window[pos:], False))
    if end < len(text):
        segments.append(("…", False))
    return tuple(segments)


def _filter_sql(filters: SearchFilters, short: list[str]) -> tuple[str, list[Any]]:
    """WHERE fragments over ``m`` (messages) and ``c`` (conversations)."""
    parts: list[str] = []
    args: list[Any] = []
    if not filters.include_trashed:
        parts.append("c.trashed_at IS NULL")
    if filters.since is not None:
        parts.append("m.created_at >= ?")
        args.append(filters.since)
    if filters.until is not None:
        parts.append("m.created_at <= ?")
        args.append(filters.until)
    if filters.roles:
        parts.append(f"m.role IN ({', '.join('?' * len(filters.roles))})")
        args.extend(r.value for r in filters.roles)
    if filters.conversation_id is not None:
        parts.append("m.conversation_id = ?")
        args.append(filters.conversation_id)
    for term in short:
        parts.append("m.content LIKE ? ESCAPE '\\'")
        args.append(like_pattern(term))
    return (" AND ".join(parts) or "1"), args


def _score(text: str, terms: list[str]) -> float:
    """BM25-like term frequency with length normalisation; lower is better.

    FTS5's ``bm25()`` first counts, over the whole index, how many rows hold
    each term; with trigrams and millions of rows that alone took 60+ ms for
    a common Chinese word. Every candidate matches the same terms, so that
    corpus-wide factor barely changes the order among them; we skip it.
    """
    folded = text.casefold()
    hits = sum(min(folded.count(t.casefold()), 10) for t in terms)
    return -hits / (0.25 + 0.75 * len(text) / 400)


def _candidates(
    conn: sqlite3.Connection, terms: list[str], filters: SearchFilters, fts: bool, limit: int
) -> list[int]:
    """Message seqs, best first: the newest matches, ranked by :func:`_score`."""
    long = [t for t in terms if len(t) >= TRIGRAM]
    short = [t for t in terms if len(t) < TRIGRAM]
    if fts and long:
        where, args = _filter_sql(filters, short)
        sql = f"""SELECT f.rowid, m.content FROM messages_fts f
            JOIN messages m ON m.seq = f.rowid JOIN conversations c ON c.id = m.conversation_id
            WHERE messages_fts MATCH ? AND {where} ORDER BY f.rowid DESC LIMIT ?"""  # noqa: S608
        rows = conn.execute(sql, [match_expression(long), *args, MAX_CANDIDATES]).fetchall()
    else:
        where, args = _filter_sql(filters, terms)
        window = f"(SELECT * FROM messages ORDER BY seq DESC LIMIT {SHORT_SCAN_ROWS})"  # noqa: S608
        sql = f"""SELECT m.seq, m.content FROM {window if fts else "messages"} m
            JOIN conversations c ON c.id = m.conversation_id
            WHERE {where} ORDER BY m.seq DESC LIMIT ?"""  # noqa: S608
        rows = conn.execute(sql, [*args, MAX_CANDIDATES]).fetchall()
    ranked = sorted(rows, key=lambda r: (_score(r[1], terms), -r[0]))
    return [int(r[0]) for r in ranked[:limit]]


def _reasoning_candidates(
    conn: sqlite3.Connection, terms: list[str], filters: SearchFilters, limit: int
) -> list[int]:
    """Replies whose thinking holds every term, newest first (opt-in, so a LIKE scan).

    Thinking is kept out of the FTS index: answers are what people look for,
    and thinking is often ten times longer. The scan is bounded like short terms.
    """
    where, args = _filter_sql(filters, [])
    likes = " AND ".join("m.reasoning LIKE ? ESCAPE '\\'" for _ in terms)
    window = f"(SELECT * FROM messages WHERE reasoning IS NOT NULL ORDER BY seq DESC LIMIT {SHORT_SCAN_ROWS})"  # noqa: E501, S608
    sql = f"""SELECT m.seq FROM {window} m JOIN conversations c ON c.id = m.conversation_id
        WHERE {where} AND {likes} ORDER BY m.seq DESC LIMIT ?"""  # noqa: S608
    rows = conn.execute(sql, [*args, *map(like_pattern, terms), limit]).fetchall()
    return [int(r[0]) for r in rows]


def _message_hits(
    conn: sqlite3.Connection, terms: list[str], filters: SearchFilters, fts: bool, limit: int
) -> list[SearchHit]:
    hits = _hits_for(conn, _candidates(conn, terms, filters, fts, limit), terms, "content")
    if tool_search.wanted(filters) and len(hits) < limit:
        hits += _tool_call_hits(conn, terms, filters, fts, limit - len(hits), hits)
    if filters.include_reasoning and len(hits) < limit:
        found = {h.message_id for h in hits}
        more = _reasoning_candidates(conn, terms, filters, limit)
        thought = _hits_for(conn, more, terms, "reasoning")
        hits += [h for h in thought if h.message_id not in found][: limit - len(hits)]
    return hits


def _tool_call_hits(
    conn: sqlite3.Connection,
    terms: list[str],
    filters: SearchFilters,
    fts: bool,
    limit: int,
    found: list[SearchHit],
) -> list[SearchHit]:
    """Replies whose tool calls (name, arguments) hold every term; the snippet shows the call."""
    long = [t for t in terms if len(t) >= TRIGRAM] if fts else []
    rest = [like_pattern(t) for t in terms if t not in long]
    seen = {h.message_id for h in found}
    rows = tool_search.candidates(conn, long, rest, _filter_sql(filters, []), fts, limit)
    hits = _hits_for(conn, [seq for seq, _ in rows], terms, "content")
    return [
        replace(hit, snippet=make_snippet(text, terms))
        for hit, (_, text) in zip(hits, rows, strict=True)
        if hit.message_id not in seen
    ]


def _hits_for(
    conn: sqlite3.Connection, seqs: list[int], terms: list[str], column: str
) -> list[SearchHit]:
    """Hits for these message rows, the snippet cut from ``column`` (ours, never input)."""
    hits = []
    for seq in seqs:
        row = conn.execute(
            f"""SELECT m.id, m.conversation_id, c.title, m.role, m.created_at, m.{column},
                (SELECT count(*) FROM messages p
                 WHERE p.conversation_id = m.conversation_id AND p.seq < m.seq)
            FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.seq = ?""",  # noqa: S608
            (seq,),
        ).fetchone()
        hits.append(
            SearchHit(
                conversation_id=row[1],
                conversation_title=row[2],
                message_id=row[0],
                role=Role(row[3]),
                created_at=row[4],
                snippet=make_snippet(row[5] or "", terms),
                position=row[6],
            )
        )
    return hits


def _title_rows(
    conn: sqlite3.Connection, terms: list[str], fts: bool, limit: int, include_trashed: bool
) -> list[tuple[Any, ...]]:
    long = [t for t in terms if len(t) >= TRIGRAM]
    short = [t for t in terms if len(t) < TRIGRAM]
    live = "1" if include_trashed else "c.trashed_at IS NULL"
    likes = "".join(" AND c.title LIKE ? ESCAPE '\\'" for _ in (short if fts and long else terms))
    like_args = [like_pattern(t) for t in (short if fts and long else terms)]
    cols = ", ".join("c." + c.strip() for c in SUMMARY_COLUMNS.split(","))
    if fts and long:
        sql = f"""SELECT {cols} FROM titles_fts t JOIN conversations c ON c.seq = t.rowid
            WHERE titles_fts MATCH ? AND {live}{likes} ORDER BY t.rank LIMIT ?"""  # noqa: S608
        return conn.execute(sql, [match_expression(long), *like_args, limit]).fetchall()
    sql = f"""SELECT {cols} FROM conversations c WHERE {live}{likes}
        ORDER BY c.updated_at DESC LIMIT ?"""  # noqa: S608
    return conn.execute(sql, [*like_args, limit]).fetchall()


def search_titles(
    conn: sqlite3.Connection, query: str, limit: int, *, fts: bool, include_trashed: bool = False
) -> list[ConversationSummary]:
    """Conversations whose title contains every term (the sidebar filter)."""
    terms = parse_query(query)
    if not terms:
        return []
    return [summary_from_row(r) for r in _title_rows(conn, terms, fts, limit, include_trashed)]


def search(
    conn: sqlite3.Connection, query: str, filters: SearchFilters, limit: int, *, fts: bool
) -> list[SearchHit]:
    """Title matches first (a strong signal), then ranked message matches."""
    terms = parse_query(query)
    if not terms or limit <= 0:
        return []
    hits: list[SearchHit] = []
    if not filters.roles and filters.conversation_id is None:
        for s in search_titles(
            conn, query, max(1, limit // 4), fts=fts, include_trashed=filters.include_trashed
        ):
            if (filters.since is None or s.updated_at >= filters.since) and (
                filters.until is None or s.updated_at <= filters.until
            ):
                snippet = make_snippet(s.title, terms)
                hits.append(SearchHit(s.id, s.title, None, None, s.updated_at, snippet))
    return hits + _message_hits(conn, terms, filters, fts, limit - len(hits))
