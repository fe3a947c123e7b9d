"""Before sending: a model known not to see gets asked about, and a context too small is said.

Never silent: an image is not dropped behind the user's back. When the model
is known (from the server or the profile) not to accept images, the user
chooses: send anyway, remove the images, or choose another model. Unknown
never asks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.attachments import Attachment
from desktop_app.core.capabilities import ModelInfo, Vision
from desktop_app.services.model_caps import estimated_total


class VisionQuestion(QObject):
    """The three-way question, asked with ``open()`` (never a blocking ``exec``)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent

    def ask(
        self,
        model: str,
        send_anyway: Callable[[], None],
        remove_images: Callable[[], None],
        choose_model: Callable[[], None],
    ) -> QMessageBox:
        box = QMessageBox(self._parent)
        box.setObjectName("VisionQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("This model cannot see images"))
        box.setText(
            self.tr("“{}” does not accept images, so it would not see the ones attached.").format(
                model
            )
        )
        anyway = box.addButton(self.tr("Send anyway"), QMessageBox.ButtonRole.AcceptRole)
        remove = box.addButton(self.tr("Remove images and send"), QMessageBox.ButtonRole.ActionRole)
        other = box.addButton(self.tr("Choose another model"), QMessageBox.ButtonRole.RejectRole)
        actions = {anyway: send_anyway, remove: remove_images, other: choose_model}

        def clicked(button: object) -> None:
            action = actions.get(button)  # type: ignore[call-overload]
            if action is not None:
                action()

        box.buttonClicked.connect(clicked)
        box.open()
        return box


def needs_vision_question(info: ModelInfo, attachments: list[Attachment]) -> bool:
    return info.vision is Vision.NO and any(a.is_image for a in attachments)


def context_overflow(
    info: ModelInfo, texts: list[str], attachments: list[Attachment]
) -> tuple[int, int] | None:
    """(estimated tokens, context length) when the request would not fit, else None."""
    if not info.context_length:
        return None
    total = estimated_total(texts, attachments)
    return (total, info.context_length) if total > info.context_length else None
