"""What the status line says about the server: the last real outcome.

"Connected" only after the server answered (a reply or the model list),
"Offline" only after a request could not reach it; any later outcome
replaces the earlier one, so the line never says "Offline" while replies
arrive or "Connected" while every request fails.
"""

from __future__ import annotations

from enum import StrEnum

from desktop_app.core.errors import ChatError, NetworkError, RequestTimeoutError


class ServerState(StrEnum):
    UNKNOWN = "unknown"  # nothing asked yet this run
    CONNECTED = "connected"  # the server answered
    OFFLINE = "offline"  # the server could not be reached
    FAILING = "failing"  # the server answered with an error


def state_after(error: ChatError | None) -> ServerState:
    """The state a finished request leaves: None means it succeeded."""
    if error is None:
        return ServerState.CONNECTED
    if isinstance(error, NetworkError | RequestTimeoutError):
        return ServerState.OFFLINE
    return ServerState.FAILING
