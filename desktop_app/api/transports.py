"""The HTTP clients of one ``ChatClient``: the current one, and replaced ones until idle.

A proxy or CA change needs a new ``httpx.AsyncClient``, but a reply may
still stream on the old one. The old one used to be kept until quit, so
every settings change left a client (and its connections) behind; here each
replaced client is closed as soon as no request uses it.
"""

from __future__ import annotations

import asyncio

import httpx


class Transports:
    """Hands out the current client and counts the requests on each."""

    def __init__(self, current: httpx.AsyncClient) -> None:
        self.current = current
        self._stale: list[httpx.AsyncClient] = []
        self._in_use: dict[httpx.AsyncClient, int] = {}
        self._closing: set[asyncio.Task[None]] = set()

    @property
    def open_count(self) -> int:
        """Clients not closed yet: the current one plus replaced ones still in use."""
        return 1 + len(self._stale)

    def replace(self, new: httpx.AsyncClient) -> None:
        self._stale.append(self.current)
        self.current = new
        self._close_idle_soon()

    def acquire(self) -> httpx.AsyncClient:
        """The client for one request; pair with :meth:`release`."""
        http = self.current
        self._in_use[http] = self._in_use.get(http, 0) + 1
        return http

    def release(self, http: httpx.AsyncClient) -> None:
        left = self._in_use.get(http, 1) - 1
        if left > 0:
            self._in_use[http] = left
            return
        self._in_use.pop(http, None)
        if http in self._stale:
            self._close_idle_soon()

    async def aclose(self) -> None:
        for client in [*self._stale, self.current]:
            await client.aclose()
        self._stale.clear()

    def _close_idle_soon(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop yet: the next release or aclose() closes them
        task = loop.create_task(self._close_idle())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def _close_idle(self) -> None:
        idle = [c for c in self._stale if not self._in_use.get(c)]
        self._stale = [c for c in self._stale if self._in_use.get(c)]
        for client in idle:
            await client.aclose()
