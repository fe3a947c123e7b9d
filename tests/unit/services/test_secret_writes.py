"""Keyring writes never block the caller, land in order, and are never dropped silently."""

from __future__ import annotations

import asyncio
import threading

import pytest
from keyring.errors import KeyringLocked

from desktop_app.core.errors import KeyringFailedError
from desktop_app.core.notices import Notice
from desktop_app.services.secret_writes import KeyChoice, SecretWrites, keep_secrets
from desktop_app.store.secrets import SERVICE_NAME, KeyringSecretStore
from tests.unit.services.conditions import until
from tests.unit.store.test_secrets import MemoryKeyring


class QuietKeyring(MemoryKeyring):
    """keyring registers every backend class: below ``fail`` (0), discovery never picks these."""

    priority = -1


class BlockingKeyring(QuietKeyring):
    """A keyring whose writes wait for ``release`` (a locked collection, a prompt)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.entered = threading.Event()
        self.writer_threads: list[str] = []

    def set_password(self, service: str, username: str, password: str) -> None:
        self.writer_threads.append(threading.current_thread().name)
        self.entered.set()
        assert self.release.wait(10), "the test never released the keyring"
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        assert self.release.wait(10)
        super().delete_password(service, username)


class BrokenKeyring(QuietKeyring):
    """A backend whose library fails with something that is not a KeyringError."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("dbus went away")


class LockedKeyring(QuietKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")


class Notes:
    def __init__(self) -> None:
        self.said: list[str] = []

    def report(self, notice: Notice) -> None:
        self.said.append(notice.text)


def _writes(backend: MemoryKeyring) -> tuple[SecretWrites, Notes]:
    notes = Notes()
    return SecretWrites(KeyringSecretStore(backend), notes), notes


def test_a_write_returns_before_a_blocked_keyring_and_the_new_key_is_used_at_once() -> None:
    backend = BlockingKeyring()
    writes, _ = _writes(backend)

    async def run() -> None:
        writes.set_key("work", "sk-new")  # would hang here if it called the backend
        assert writes.get_key("work") == "sk-new"  # the app uses it now
        assert backend.saved == {} and writes.pending == 1
        await asyncio.to_thread(backend.entered.wait, 10)
        assert backend.writer_threads and "MainThread" not in backend.writer_threads
        backend.release.set()
        await until(lambda: not writes.writing)
        assert backend.saved == {(SERVICE_NAME, "work"): "sk-new"} and writes.pending == 0

    asyncio.run(run())


def test_a_later_write_is_never_overtaken_by_an_earlier_one() -> None:
    backend = BlockingKeyring()
    writes, _ = _writes(backend)

    async def run() -> None:
        writes.set_key("work", "sk-1")
        await asyncio.to_thread(backend.entered.wait, 10)  # sk-1 is inside the keyring call
        writes.set_key("work", "sk-2")
        writes.set_key("other", "sk-other")
        writes.delete_key("other")
        writes.set_key("work", "sk-3")
        assert writes.get_key("work") == "sk-3" and writes.get_key("other") is None
        backend.release.set()
        await until(lambda: not writes.writing)
        assert backend.saved == {(SERVICE_NAME, "work"): "sk-3"}

    asyncio.run(run())


def test_a_write_cut_off_by_a_cancelled_task_is_finished_by_the_quit_wait() -> None:
    backend = BlockingKeyring()
    writes, _ = _writes(backend)

    async def run() -> None:
        writes.set_key("work", "sk-1")
        await asyncio.to_thread(backend.entered.wait, 10)
        writes.set_key("work", "sk-2")
        assert writes._writer is not None
        writes._writer.cancel()  # the loop shutting down, say: the thread goes on
        await until(lambda: not writes.writing)
        backend.release.set()
        assert await writes.flush(10) == 0
        assert backend.saved == {(SERVICE_NAME, "work"): "sk-2"}

    asyncio.run(run())


@pytest.mark.parametrize("backend_type", [LockedKeyring, BrokenKeyring])
def test_a_refused_write_is_said_once_and_the_key_works_for_the_session(
    backend_type: type[MemoryKeyring],
) -> None:
    writes, notes = _writes(backend_type())

    async def run() -> None:
        writes.set_key("work", "sk-typed")
        await until(lambda: not writes.writing)
        writes.set_key("work", "sk-again")
        await until(lambda: not writes.writing)

    asyncio.run(run())
    assert notes.said == [KeyringFailedError.default_message]
    assert "memory for this session" in notes.said[0]
    assert writes.get_key("work") == "sk-again" and writes.pending == 0


def test_quitting_waits_for_a_slow_keyring_then_asks_and_never_drops_silently(
    caplog: pytest.LogCaptureFixture,
) -> None:
    backend = BlockingKeyring()
    writes, _ = _writes(backend)
    asked: list[int] = []

    async def wait_then_release(left: int) -> KeyChoice:
        asked.append(left)
        backend.release.set()  # the user unlocked the keyring meanwhile
        return KeyChoice.WAIT

    async def run() -> str:
        writes.set_key("work", "sk-typed")
        return await keep_secrets(writes, wait_then_release, grace_s=0.05)

    assert asyncio.run(run()) == "saved"
    assert asked == [1] and backend.saved == {(SERVICE_NAME, "work"): "sk-typed"}

    stuck = BlockingKeyring()
    writes, _ = _writes(stuck)

    async def give_up(left: int) -> KeyChoice:
        return KeyChoice.DISCARD

    async def quit_now() -> str:
        writes.set_key("work", "sk-lost")
        return await keep_secrets(writes, give_up, grace_s=0.05)

    assert asyncio.run(quit_now()) == "discarded"
    assert "not saved to the keyring" in caplog.text and "sk-lost" not in caplog.text
    stuck.release.set()


def test_reads_go_through_and_writes_made_before_the_loop_wait_for_it() -> None:
    backend = QuietKeyring()
    backend.saved[(SERVICE_NAME, "old")] = "sk-old"
    writes, _ = _writes(backend)
    writes.preload(["old"])  # start-up, on a worker thread in the app
    assert writes.get_key("old") == "sk-old" and writes.is_secure
    assert writes.problem is None and "Quiet" in writes.backend_name
    writes.set_key("early", "sk-early")  # no loop runs yet: queued, used at once
    assert writes.get_key("early") == "sk-early" and writes.pending == 1

    async def run() -> int:
        return await writes.flush()

    assert asyncio.run(run()) == 0 and backend.saved[(SERVICE_NAME, "early")] == "sk-early"


def test_quitting_waits_for_a_keyring_call_in_flight_and_says_when_one_is_stuck() -> None:
    """A keyring thread returning during interpreter teardown aborted the app (exit -6)."""
    import threading

    from desktop_app.services.secret_writes import KEYRING_THREAD, settle_keyring_threads

    answered, stuck = threading.Event(), threading.Event()
    finishing = threading.Thread(target=answered.wait, name=KEYRING_THREAD, daemon=True)
    finishing.start()
    threading.Timer(0.05, answered.set).start()  # the call comes back soon
    assert settle_keyring_threads(grace_s=10.0)
    assert not finishing.is_alive()  # waited for, not left to meet the teardown

    waiting = threading.Thread(target=stuck.wait, name=KEYRING_THREAD, daemon=True)
    waiting.start()  # a prompt nobody answers
    try:
        assert not settle_keyring_threads(grace_s=0.05)
    finally:
        stuck.set()
        waiting.join()
