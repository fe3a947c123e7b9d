"""Keyring writes off the UI thread: the new value is used at once, stored later.

A locked Secret Service collection or a macOS Keychain prompt blocks the
caller of ``set_password`` until the user answers, so Settings → Apply, the
welcome form and the Tools page must never write the keyring themselves.
:class:`SecretWrites` wraps the real secret store: a write goes into its
in-memory view at once (so the next request already uses the new key) and is
persisted by one background task, one write at a time on a worker thread,
so a later write of an entry is never overtaken by an earlier one. A keyring
that refuses ends in one sentence through the reporting port, and the value
stays usable for the session. Quitting waits (bounded) for what is still
queued, or asks (:func:`keep_secrets`): a key the user typed is never dropped
silently.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from enum import StrEnum
from itertools import count
from typing import TYPE_CHECKING, Any, TypeVar

from desktop_app.core.errors import KeyringFailedError, PlaintextKeyringError, SecretStoreError
from desktop_app.core.notices import Notice
from desktop_app.core.ports import Reporter, SecretStore

if TYPE_CHECKING:
    # asyncio loads after the window's first paint: imported where it is used.
    import asyncio

log = logging.getLogger(__name__)
T = TypeVar("T")

#: How long quitting waits for the keyring before it asks.
QUIT_GRACE_S = 5.0
#: The name of every thread a keyring call runs on (:func:`in_daemon_thread`).
KEYRING_THREAD = "keyring"


def memory_notice(secrets: SecretStore) -> str | None:
    """Why keys are only kept in memory (the sentence to show), or None if they are not."""
    if secrets.is_secure:
        return None
    problem = getattr(secrets, "problem", None)
    if problem == "plaintext":
        return PlaintextKeyringError.default_message
    if problem == "failed":
        return KeyringFailedError.default_message
    return SecretStoreError.default_message


class SecretWrites:
    """Satisfies ``core.ports.SecretStore``: reads through, writes in the background.

    The writing task is its own (started on the first write inside the
    running loop, not a ``TaskManager`` task): quitting cancels every task,
    and the writes must go on while quitting waits for them (:meth:`flush`).

    Args:
        inner: The real store (``store.secrets.KeyringSecretStore``); its calls may block.
        reporter: Where a refused write is said.
    """

    def __init__(self, inner: SecretStore, reporter: Reporter) -> None:
        self._inner = inner
        self._reporter = reporter
        self._writer: asyncio.Task[None] | None = None
        #: Values written this session: what the app uses, whatever the keyring did.
        self._view: dict[str, str | None] = {}
        #: Entries not yet in the keyring: the newest value and its serial number.
        self._queue: dict[str, tuple[int, str | None]] = {}
        self._serial = count()
        #: The write on a worker thread now; it outlives a cancelled task, and the
        #: next drain waits for it before writing that entry again.
        self._inflight: tuple[str, int, asyncio.Future[bool]] | None = None
        self._drain_lock: asyncio.Lock | None = None
        self._told = False

    # ------------------------------------------------------------ the port

    @property
    def is_secure(self) -> bool:
        return self._inner.is_secure

    @property
    def backend_name(self) -> str:
        return self._inner.backend_name

    @property
    def problem(self) -> str | None:
        """The inner store's reason for memory only ("missing", "failed", "plaintext")."""
        return getattr(self._inner, "problem", None)

    def get_key(self, profile_id: str) -> str | None:
        if profile_id in self._view:
            return self._view[profile_id]
        return self._inner.get_key(profile_id)

    def set_key(self, profile_id: str, key: str) -> None:
        self._put(profile_id, key)

    def delete_key(self, profile_id: str) -> None:
        self._put(profile_id, None)

    def preload(self, entries: Iterable[str]) -> None:
        """Read ``entries`` from the keyring; for a worker thread (start-up)."""
        preload = getattr(self._inner, "preload", None)
        if callable(preload):
            preload(list(entries))
        else:
            for entry in entries:
                self._inner.get_key(entry)

    # -------------------------------------------------------------- writes

    @property
    def pending(self) -> int:
        """Writes not yet in the keyring (queued or on their way)."""
        return len(self._queue)

    @property
    def writing(self) -> bool:
        """Whether the writing task runs now."""
        return self._writer is not None and not self._writer.done()

    def _put(self, entry: str, value: str | None) -> None:
        import asyncio

        self._view[entry] = value
        self._queue[entry] = (next(self._serial), value)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # before the loop runs: the first write after it starts takes these too
        if not self.writing:
            self._writer = loop.create_task(self.drain(), name="keyring-writes")
            self._writer.add_done_callback(_log_failure)

    async def drain(self) -> None:
        """Persist every queued write, oldest first, one at a time; then return."""
        import asyncio

        if self._drain_lock is None:
            self._drain_lock = asyncio.Lock()
        async with self._drain_lock:
            while self._queue or self._inflight is not None:
                if self._inflight is None:
                    entry, (serial, value) = next(iter(self._queue.items()))
                    future = in_daemon_thread(self._persist, entry, value)
                    self._inflight = (entry, serial, future)
                entry, serial, future = self._inflight
                failure: Exception | None = None
                try:
                    fell_back = await asyncio.shield(future)
                except Exception as error:  # a backend's own failure, not a keyring "no"
                    failure, fell_back = error, True
                self._inflight = None
                if self._queue.get(entry, (None,))[0] == serial:
                    del self._queue[entry]  # unless a newer value came meanwhile
                if fell_back:
                    self._refused(failure)

    def _persist(self, entry: str, value: str | None) -> bool:
        """On a worker thread: write one entry; True when the keyring just refused."""
        was_secure = self._inner.is_secure
        if value is None:
            self._inner.delete_key(entry)
        else:
            self._inner.set_key(entry, value)
        return was_secure and not self._inner.is_secure

    def _refused(self, failure: Exception | None) -> None:
        if failure is not None:
            # The exception comes from the backend and never holds the value.
            log.warning("keyring write failed (%s); kept in memory", type(failure).__name__)
        if not self._told:
            self._told = True
            self._reporter.report(Notice.warning(KeyringFailedError.default_message))

    async def flush(self, timeout_s: float = QUIT_GRACE_S) -> int:
        """Wait (at most ``timeout_s``) for queued writes; how many are still not saved."""
        import asyncio

        if self._queue or self._inflight is not None:
            try:
                await asyncio.wait_for(self.drain(), timeout_s)
            except TimeoutError:
                log.warning("%d keyring write(s) still waiting", self.pending)
        return self.pending


class KeyChoice(StrEnum):
    WAIT = "wait"
    DISCARD = "discard"


async def keep_secrets(
    writes: SecretWrites,
    ask: Callable[[int], Awaitable[KeyChoice]],
    grace_s: float = QUIT_GRACE_S,
) -> str:
    """At quit: wait for keys still on their way to the keyring, or ask; what happened."""
    while left := await writes.flush(grace_s):
        if await ask(left) is KeyChoice.DISCARD:
            log.error("quit with %d key(s) not saved to the keyring, by choice", left)
            return "discarded"
    return "saved"


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("keyring writes failed", exc_info=task.exception())


def in_daemon_thread(fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
    """``fn(*args)`` on a daemon thread, as a future of the running loop.

    Not ``asyncio.to_thread``: the default executor's threads are joined when
    the interpreter exits, so a keyring call stuck on a prompt nobody answers
    kept the app from quitting after its window had closed (seen on Xvfb with
    a locked GNOME Keyring and its unlock prompt open).
    """
    import asyncio

    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: tuple[T] | BaseException) -> None:
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome[0])

    def run() -> None:
        outcome: tuple[T] | BaseException
        try:
            outcome = (fn(*args),)
        except BaseException as error:  # handed to the loop, raised where awaited
            outcome = error
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile (quit)
            loop.call_soon_threadsafe(settle, outcome)

    threading.Thread(target=run, name=KEYRING_THREAD, daemon=True).start()
    return future


def settle_keyring_threads(grace_s: float = 2.0) -> bool:
    """Wait, up to ``grace_s`` in all, for keyring calls still on their threads.

    Returns False if one is still running then (a prompt nobody answers).
    A daemon thread that comes back from a keyring call while the
    interpreter tears down aborted the process ("FATAL: exception not
    rethrown", exit -6, seen when quitting while start-up's keyring read
    was in flight): the app waits for them, or ends before teardown.
    """
    deadline = time.monotonic() + grace_s
    for thread in threading.enumerate():
        if thread.name == KEYRING_THREAD and thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))
    return not any(t.name == KEYRING_THREAD and t.is_alive() for t in threading.enumerate())
