"""What the chosen model can take, asked of the server once and remembered.

The UI asks :meth:`ModelCapabilities.known` synchronously (at send time, and
to warn about the context window) and refreshes in the background when an
attachment is added; a profile override fills what the server does not say.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from desktop_app.core.attachments import BYTES_PER_TOKEN, Attachment, estimate_tokens
from desktop_app.core.capabilities import ModelInfo, ModelOverride, override_for


class ModelCapabilities:
    def __init__(
        self,
        probe: Callable[[str], Awaitable[ModelInfo]] | None,
        overrides: Callable[[], tuple[ModelOverride, ...]],
    ) -> None:
        self._probe = probe
        self._overrides = overrides
        self._server: dict[str, ModelInfo] = {}

    def known(self, model: str) -> ModelInfo:
        """The server's word where it gave one, else the profile's override."""
        return self._server.get(model, ModelInfo()).merged(override_for(self._overrides(), model))

    async def refresh(self, model: str) -> ModelInfo:
        if model and model not in self._server and self._probe is not None:
            self._server[model] = await self._probe(model)
        return self.known(model)

    def forget(self) -> None:
        """The server changed (settings): ask again next time."""
        self._server.clear()


def estimated_total(texts: Sequence[str], attachments: Sequence[Attachment]) -> int:
    """A rough token count of a request: its texts plus the attachments'."""
    chars = sum(len(t.encode("utf-8")) for t in texts)
    return chars // BYTES_PER_TOKEN + sum(estimate_tokens(a) for a in attachments)
