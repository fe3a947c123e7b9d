"""History at scale: size, open, page, search, append, checkpoint — against a LIKE scan.

Usage::

    python -m bench.history_scale                      # 100,000 conversations, 2,000,000 messages
    python -m bench.history_scale --conversations 2000 --messages-per 20
    python -m bench.history_scale --conversations 10000 --images-mb 2000   # issue 15

With ``--images-mb N`` the same history is built twice, once without and once
with N MB of image attachments (incompressible 1.5 MB blobs on user messages,
a tenth of them in the 2,000-message chat), and each row is measured on both:
"ours" is the history with images, "baseline" the same one without.

The generated database is cached under ``bench/results/`` keyed by the
parameters, so a second run measures without regenerating. The baseline is
what clients without an index do: ``content LIKE '%term%'`` over every row.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from desktop_app.core.attachments import AttachmentKind
from desktop_app.core.models import Message, MessageStatus, Role, new_id
from desktop_app.store.conversations import SqliteConversationStore, open_database
from desktop_app.store.migrations import LATEST_VERSION

RESULTS = Path(__file__).resolve().parent / "results"
BIG_CONVERSATION = "big-conversation"
BIG_SIZE = 2000
RARE_WORD = "quizzaciously"
_EN_TEXT = (
    "the of and to in is you that it for was on are as with his they be at one have this from "
    "or had by word but what some we can out other were all there when up use your how said an "
    "each she which do their time if will way about many then them write would like so these her "
    "long make thing see him two has look more day could go come did number sound no most people "
    "model python server request error memory network thread cache index query window button "
    "function variable database latency token stream markdown render branch commit review deploy "
    "kubernetes docker container version release feature bug test debug compile runtime async "
    "await socket timeout retry header payload schema migration backup restore search ranking"
)
_ZH_TEXT = (
    "机器学习 人工智能 数据库 搜索引擎 自然语言 处理 模型 训练 推理 服务器 网络 请求 错误 "
    "内存 线程 缓存 索引 查询 窗口 按钮 函数 变量 延迟 流式 渲染 分支 提交 部署 容器 版本 "
    "发布 功能 测试 调试 编译 运行 异步 超时 重试 备份 恢复 排序 我们 你们 今天 明天 问题 答案"
)
EN_WORDS = _EN_TEXT.split()
ZH_PHRASES = _ZH_TEXT.split()
QUERIES = [
    "python", "database", "kubernetes", "memory", "stream", "error", "timeout", "render",
    "server request", "migration", "搜索引擎", "机器学习", "数据库", "自然语言",
    '"async await"', '"the model"', RARE_WORD, "backup restore", "cache index", "latency",
]  # fmt: skip


def _words(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        if rng.random() < 0.25:
            out.append(rng.choice(ZH_PHRASES))
        else:
            out.append(EN_WORDS[min(int(rng.paretovariate(0.9)) - 1, len(EN_WORDS) - 1)])
    if rng.random() < 0.00002:
        out.append(RARE_WORD)
    return " ".join(out)


def _rows(conversations: int, per: int, seed: int) -> Iterator[tuple[list[Any], list[Any]]]:
    """Batches of (conversation rows, message rows); one conversation is BIG_SIZE long."""
    rng = random.Random(seed)
    start = time.time() - 3 * 365 * 86400
    for base in range(0, conversations, 1000):
        convs: list[tuple[object, ...]] = []
        msgs: list[tuple[str, str, str | None, str, str, str, float]] = []
        for i in range(base, min(base + 1000, conversations)):
            cid = BIG_CONVERSATION if i == 0 else new_id()
            created = start + i * 900.0
            parent, count = None, BIG_SIZE if i == 0 else per
            for k in range(count):
                mid = new_id()
                role = "user" if k % 2 == 0 else "assistant"
                text = _words(rng, rng.randint(8, 30) if role == "user" else rng.randint(30, 120))
                msgs.append((mid, cid, parent, role, text, "complete", created + k * 20.0))
                parent = mid
            convs.append((cid, _words(rng, 4)[:60], created, created + count * 20.0, parent))
        yield convs, msgs


def generate(path: Path, conversations: int, per: int) -> None:
    """Bulk insert with the search index off, then let the store build it in one pass."""
    store, _ = open_database(path, fts=False, verify=False)
    store.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    for convs, msgs in _rows(conversations, per, seed=42):
        conn.executemany(
            "INSERT INTO conversations(id, title, created_at, updated_at, current_leaf_id) "
            "VALUES (?, ?, ?, ?, ?)",
            convs,
        )
        conn.executemany(
            "INSERT INTO messages(id, conversation_id, parent_id, role, content, status, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            msgs,
        )
    conn.execute("COMMIT")
    conn.close()
    store, _ = open_database(path, verify=False)  # builds the FTS index
    store.close()


IMAGE_BYTES = 1_500_000


def add_images(path: Path, megabytes: int, seed: int = 7) -> int:
    """Attach ``megabytes`` of distinct image blobs to user messages; returns how many."""
    count = max(1, megabytes * 1_000_000 // IMAGE_BYTES)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    rng = random.Random(seed)
    big = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM messages WHERE conversation_id = ? AND role = 'user'",
            (BIG_CONVERSATION,),
        )
    ]
    total_users = conn.execute("SELECT max(seq) FROM messages").fetchone()[0]
    conn.execute("BEGIN")
    for i in range(count):
        if i % 10 == 0 and big:
            owner = big[(i // 10) % len(big)]
        else:
            row = conn.execute(
                "SELECT id FROM messages WHERE seq >= ? AND role = 'user' LIMIT 1",
                (rng.randint(1, total_users),),
            ).fetchone()
            owner = row[0] if row else big[0]
        data = rng.randbytes(IMAGE_BYTES)
        sha = f"{i:064x}"  # distinct per blob; the bench never re-hashes
        conn.execute(
            "INSERT INTO blobs(sha256, size, data) VALUES (?, ?, ?)", (sha, len(data), data)
        )
        meta = (
            f'{{"name":"shot-{i}.png","mime":"image/png","size":{len(data)},'
            f'"kind":"{AttachmentKind.IMAGE.value}","width":2048,"height":1152}}'
        )
        conn.execute(
            "INSERT OR IGNORE INTO message_attachments(message_id, position, sha256, meta) "
            "VALUES (?, ?, ?, ?)",
            (owner, i, sha, meta),
        )
        if i % 100 == 99:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
    conn.execute("COMMIT")
    conn.close()
    return count


def _ms(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _row(
    metric: str, ours: float, goal: float | None, baseline: float | None = None
) -> dict[str, Any]:
    ratio = None if baseline is None or ours == 0 else baseline / ours
    return {
        "metric": metric,
        "ours": round(ours, 2),
        "baseline": None if baseline is None else round(baseline, 2),
        "ratio": None if ratio is None else round(ratio, 1),
        "goal": goal,
        "met": None if goal is None else ours <= goal,
    }


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def _like_baseline(path: Path, query: str) -> None:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    terms = (
        [t.strip('"') for t in query.split()] if not query.startswith('"') else [query.strip('"')]
    )
    where = " AND ".join("content LIKE ?" for _ in terms)
    conn.execute(
        f"SELECT id FROM messages WHERE {where} ORDER BY created_at DESC LIMIT 50",
        [f"%{t}%" for t in terms],
    ).fetchall()
    conn.close()


def _search_rows(store: SqliteConversationStore, path: Path) -> list[dict[str, Any]]:
    for q in QUERIES:  # warm the page cache the same way for both sides
        store.search(q, limit=20)
    ours = [_ms(partial(store.search, q, limit=20))[0] for q in QUERIES]
    base = [_ms(partial(_like_baseline, path, q))[0] for q in QUERIES]
    return [
        _row("search p50 (ms)", statistics.median(ours), None, statistics.median(base)),
        _row("search p95 (ms)", _pct(ours, 0.95), 50.0, _pct(base, 0.95)),
    ]


def _write_rows(store: SqliteConversationStore) -> list[dict[str, Any]]:
    parent = store.current_branch_tail(BIG_CONVERSATION, 1).messages[-1].id
    appends = []
    for _ in range(30):
        msg = Message(new_id(), BIG_CONVERSATION, Role.USER, _words(random.Random(1), 40), parent)
        appends.append(_ms(partial(store.add_message, msg))[0])
        parent = msg.id
    reply = Message(new_id(), BIG_CONVERSATION, Role.ASSISTANT, "", parent, MessageStatus.STREAMING)
    store.add_message(reply)
    text, checkpoints = "", []
    for i in range(30):
        text += _words(random.Random(i), 30) + " "
        checkpoints.append(_ms(partial(store.checkpoint_message, reply.id, text))[0])
    store.finalize_message(reply.id, status=MessageStatus.COMPLETE, content=text)
    return [
        _row("append a message, median (ms)", statistics.median(appends), 5.0),
        _row("checkpoint streaming text, median (ms)", statistics.median(checkpoints), 5.0),
    ]


def run(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(prog="python -m bench.history_scale")
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--messages-per", type=int, default=20)
    parser.add_argument("--cache-dir", type=Path, default=RESULTS)
    parser.add_argument("--images-mb", type=int, default=0)
    args = parser.parse_args(argv)
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    path = (
        args.cache_dir
        / f"history-{args.conversations}x{args.messages_per}-v{LATEST_VERSION}.sqlite3"
    )
    rows: list[dict[str, Any]] = []
    if not path.exists():
        t0 = time.perf_counter()
        generate(path, args.conversations, args.messages_per)
        rows.append(_row("generate (s)", time.perf_counter() - t0, None))
    if args.images_mb > 0:
        return rows + _with_and_without_images(path, args.images_mb)
    return rows + _measure(path)


def _with_and_without_images(plain: Path, megabytes: int) -> list[dict[str, Any]]:
    """Every row measured on the history with images ("ours") and without ("baseline")."""
    images = plain.with_name(plain.stem + f"-img{megabytes}mb.sqlite3")
    rows: list[dict[str, Any]] = []
    if not images.exists():
        t0 = time.perf_counter()
        shutil.copy(plain, images)
        count = add_images(images, megabytes)
        rows.append(_row(f"add {count} images of 1.5 MB (s)", time.perf_counter() - t0, None))
    # Interleaved and best of three each, so a busy machine's noise does not
    # land on one side only.
    without: dict[str, float] = {}
    with_images: dict[str, dict[str, Any]] = {}
    for _ in range(3):
        for r in _measure(plain):
            without[r["metric"]] = min(without.get(r["metric"], r["ours"]), r["ours"])
        for r in _measure(images):
            best = with_images.get(r["metric"])
            with_images[r["metric"]] = r if best is None or r["ours"] < best["ours"] else best
    for metric, r in with_images.items():
        rows.append(_row(metric + " [images]", r["ours"], r["goal"], without.get(metric)))
    return rows


def _measure(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    rows.append(_row("database size (MB)", size / 1e6, None))
    t0 = time.perf_counter()
    store, _ = open_database(path, verify=False)
    store.list_conversations(0, 50)
    rows.append(_row("open + first page of 50 (ms)", (time.perf_counter() - t0) * 1000, 20.0))
    rows.append(
        _row(
            "first page of 50, warm (ms)",
            min(_ms(lambda: store.list_conversations(0, 50), 5)),
            20.0,
        )
    )
    store.close()
    rows.append(
        _row("open with quick_check (ms)", _ms(lambda: open_database(path)[0].close())[0], None)
    )
    store, _ = open_database(path, verify=False)
    tail = _ms(lambda: store.current_branch_tail(BIG_CONVERSATION, 50), 5)
    rows.append(_row("open 2,000-message chat, newest 50 (ms)", max(tail), 20.0))
    rows += _search_rows(store, path)
    rows += _write_rows(store)
    store.close()
    return rows


def _print(rows: list[dict[str, Any]]) -> None:
    print(f"{'metric':44} {'ours':>10} {'baseline':>10} {'ratio':>7} {'goal':>6} met")
    for r in rows:
        cells = [("" if r[k] is None else str(r[k])) for k in ("ours", "baseline", "ratio", "goal")]
        met = "" if r["met"] is None else ("yes" if r["met"] else "NO")
        print(f"{r['metric']:44} {cells[0]:>10} {cells[1]:>10} {cells[2]:>7} {cells[3]:>6} {met}")


if __name__ == "__main__":
    _print(run(sys.argv[1:]))
