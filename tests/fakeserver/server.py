"""The fake OpenAI-compatible server process (stdlib only).

Every request is appended to the log file as one JSON line (the bearer token
replaced by a short hash, never logged), and so is every client disconnect
(``{"event": "disconnect", …}``), so tests can prove what was sent and that a
cancelled stream really closed the connection.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import select
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakeserver import mcp_calls, replies, thinking
from tests.fakeserver.replies import Script

FEW_TOKENS = 4


class ClientGone(Exception):
    """The client closed the connection while we were streaming."""


class FakeHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, log_path: str, require_key: str | None, models: list[str]):
        super().__init__(("127.0.0.1", port), Handler)
        self.log_path = log_path
        self.require_key = require_key
        self.models = models
        self.lock = threading.Lock()
        self.seen_once: set[str] = set()
        self.counter = 0

    def log(self, entry: dict[str, Any]) -> None:
        entry = {"ts": time.time(), **entry}
        with self.lock, open(self.log_path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")

    def first_time(self, key: str) -> bool:
        with self.lock:
            if key in self.seen_once:
                return False
            self.seen_once.add(key)
            return True

    def next_id(self) -> str:
        with self.lock:
            self.counter += 1
            return f"chatcmpl-fake-{self.counter}"


def _hash_auth(value: str) -> str:
    token = value[7:] if value.lower().startswith("bearer ") else value
    return "Bearer " + hashlib.sha256(token.encode()).hexdigest()[:12]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FakeHTTPServer

    def setup(self) -> None:
        """Once per TCP connection: logged, so tests can see connections reused."""
        super().setup()
        self.server.log({"event": "connection", "peer": self.client_address[1]})

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the JSON log is the record."""

    # ------------------------------------------------------------ entry points

    def do_GET(self) -> None:
        self._log_request(None)
        if self.path.split("?")[0] == "/v1/models":
            if self._auth_ok():
                data = [
                    {"id": m, "object": "model", "owned_by": "fakeserver"}
                    for m in self.server.models
                ]
                self._json(200, {"object": "list", "data": data})
            return
        self._json(
            404, {"error": {"message": f"No such route: GET {self.path}", "code": "not_found"}}
        )

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        self._log_request(body)
        if self.path.split("?")[0] != "/v1/chat/completions":
            self._json(
                404, {"error": {"message": f"No such route: POST {self.path}", "code": "not_found"}}
            )
            return
        if not isinstance(body, dict):
            self._json(400, {"error": {"message": "Request body is not a JSON object"}})
            return
        if not self._auth_ok():
            return
        script = replies.parse_script(body)
        if self._scripted_error(script, body):
            return
        try:
            if body.get("stream"):
                self._stream(script, body)
            else:
                self._whole(script, body)
        except (ClientGone, BrokenPipeError, ConnectionResetError):
            self.server.log({"event": "disconnect", "path": self.path})
            self.close_connection = True

    # ------------------------------------------------------------------ parts

    def _log_request(self, body: Any) -> None:
        headers = {k: v for k, v in self.headers.items()}
        for name in list(headers):
            if name.lower() == "authorization":
                headers[name] = _hash_auth(headers[name])
        self.server.log(
            {"method": self.command, "path": self.path, "headers": headers, "body": body}
        )

    def _bearer(self) -> str:
        value = self.headers.get("Authorization") or ""
        return value[7:] if value.lower().startswith("bearer ") else value

    def _auth_ok(self) -> bool:
        key = self.server.require_key
        if key is None or self._bearer() == key:
            return True
        self._unauthorized()
        return False

    def _unauthorized(self) -> None:
        # Echo the token like some proxies do, so tests prove the client redacts it.
        message = f"Incorrect API key provided: {self._bearer() or '(none)'}."
        self._json(
            401,
            {
                "error": {
                    "message": message,
                    "type": "invalid_request_error",
                    "code": "invalid_api_key",
                }
            },
        )

    def _scripted_error(self, script: Script, body: dict[str, Any]) -> bool:
        retry = {"Retry-After": "1"}
        if script.has("401"):
            self._unauthorized()
        elif script.has("429") or (
            script.has("429once") and self.server.first_time(script.raw_key)
        ):
            self._json(429, {"error": replies.ERRORS["429"][1]}, retry)
        elif script.has("500html") or script.has("502html"):
            status, phrase = (
                (500, "Internal Server Error") if script.has("500html") else (502, "Bad Gateway")
            )
            self._send(status, replies.html_page(status, phrase), "text/html; charset=utf-8")
        elif script.has("redirect"):
            # Hostile: a 302 whose body looks like a good reply.
            fake = b'data: {"choices":[{"index":0,"delta":{"content":"forged"}}]}\n\n'
            self._send(
                302,
                fake + b"data: [DONE]\n\n",
                "text/event-stream",
                {"Location": "http://127.0.0.1:9/elsewhere/v1"},
            )
        elif script.has("bigheaders"):
            # Hostile: response headers past the client's parser limit (h11: 100 KB).
            self._send(200, b"data: [DONE]\n\n", "text/event-stream", {"X-Junk": "a" * 200_000})
        elif script.has("done-only"):
            self._send(200, b"data: [DONE]\n\n", "text/event-stream")
        elif script.has("no-stream-options") and "stream_options" in body:
            msg = "Unrecognized request argument supplied: stream_options"
            self._json(400, {"error": {"message": msg, "type": "invalid_request_error"}})
        elif script.has("no-max-tokens") and "max_tokens" in body:
            msg = (
                "Unsupported parameter: 'max_tokens' is not supported with this model. "
                "Use 'max_completion_tokens' instead."
            )
            self._json(
                400,
                {
                    "error": {
                        "message": msg,
                        "type": "invalid_request_error",
                        "code": "unsupported_parameter",
                    }
                },
            )
        else:
            for name in ("403", "404", "400ctx", "quota", "400image"):
                if script.has(name):
                    status, error = replies.ERRORS[name]
                    self._json(status, {"error": error})
                    return True
            return False
        return True

    def _send(
        self, status: int, data: bytes, content_type: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, payload: Any, extra: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json", extra)

    def _whole(self, script: Script, body: dict[str, Any]) -> None:
        text = replies.reply_text(script, self.server.server_address[1])
        payload = {
            "id": self.server.next_id(),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model") or "fake-model",
            "choices": [
                {
                    "index": 0,
                    "message": (
                        thinking.whole_message(script.think, text)
                        if script.think
                        else replies.whole_message(script, text)
                    ),
                    "logprobs": None,
                    "finish_reason": replies.finish_reason(script),
                }
            ],
            "usage": replies.usage(body, len(replies.tokens(text))),
        }
        self._json(200, payload)

    # -------------------------------------------------------------- streaming

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _event(self, payload: Any) -> None:
        self._write_chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")

    def _pause(self, seconds: float) -> None:
        """Sleep, but notice at once if the client hung up (readable + EOF)."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            readable, _, _ = select.select([self.connection], [], [], max(0.0, min(left, 0.05)))
            if readable:
                try:
                    if self.connection.recv(1, socket.MSG_PEEK) == b"":
                        raise ClientGone
                except (ConnectionResetError, OSError) as exc:
                    raise ClientGone from exc
            if left <= 0:
                return

    def _stream(self, script: Script, body: dict[str, Any]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        if script.has("hang"):
            self._pause(60)
            return
        delay = script.slow_ms / 1000
        base = {
            "id": self.server.next_id(),
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model") or "fake-model",
            "system_fingerprint": "fp_fake",
        }

        def chunk(delta: dict[str, Any], finish: str | None = None) -> None:
            self._pause(delay)
            self._event(
                {
                    **base,
                    "choices": [
                        {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
                    ],
                }
            )

        chunk({"role": "assistant", "content": ""})
        text = replies.reply_text(script, self.server.server_address[1])
        planned = mcp_calls.plan(body)  # [call:NAME]: tool calls, then the final text
        text = planned.text if planned is not None and not planned.calls else text
        pieces = replies.tokens(text)
        broken = {"stream-error", "malformed", "drop"} & script.flags
        if broken:
            pieces = pieces[:FEW_TOKENS]
        for delta in thinking.thinking_deltas(script.think):
            chunk(delta)
        if script.think and script.has("length"):
            pieces = []  # the limit ran out while it was still thinking
        if planned is not None and planned.calls:
            for delta in mcp_calls.deltas(planned.calls):
                chunk(delta)
            pieces = []
        elif script.has("tool") or script.has("function"):
            for delta in replies.tool_deltas(script):
                chunk(delta)
            pieces = []
        for piece in pieces:
            chunk({"content": piece})
        if script.has("drop"):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.server.log({"event": "dropped", "path": self.path})
            self.close_connection = True
            return
        if script.has("stream-error"):
            self._event(
                {
                    "error": {
                        "message": "The model crashed while generating.",
                        "type": "server_error",
                        "code": None,
                    }
                }
            )
        elif script.has("malformed"):
            self._write_chunk(b'data: {"choices": [{"delta": {"content": "oops"\n\n')
        elif not script.has("nodone"):
            called = planned is not None and bool(planned.calls)
            chunk({}, "tool_calls" if called else replies.finish_reason(script))
            options = body.get("stream_options")
            if isinstance(options, dict) and options.get("include_usage"):
                self._pause(delay)
                self._event({**base, "choices": [], "usage": replies.usage(body, len(pieces))})
            self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")  # the zero-length chunk ends the body cleanly
        self.server.log({"event": "complete", "path": self.path})

    def finish(self) -> None:
        # The socket may be gone: dropped on purpose ([drop]) or by the client.
        with contextlib.suppress(OSError):
            super().finish()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakeserver")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", required=True)
    parser.add_argument("--require-key", default=None)
    parser.add_argument("--models", default="fake-model,fake-model-large")
    args = parser.parse_args(argv)
    models = [m for m in args.models.split(",") if m]
    server = FakeHTTPServer(args.port, args.log, args.require_key, models)
    print(f"LISTENING {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.stdout.flush()
    return 0
