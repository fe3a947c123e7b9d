"""The attachment settings on the General page: image size, file cap, older images."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QSpinBox, QWidget

from desktop_app.core.settings import Settings


class AttachmentSettings(QWidget):
    """Three numbers, each a setting of issue 15.

    Signals:
        edited: the user changed one.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image_px = QSpinBox(self)
        self.image_px.setRange(256, 8192)
        self.image_px.setSingleStep(256)
        self.image_px.setSuffix(self.tr(" px"))
        self.image_px.setAccessibleName(self.tr("Longest side of an attached image"))
        self.text_kb = QSpinBox(self)
        self.text_kb.setRange(1, 100_000)
        self.text_kb.setSuffix(self.tr(" KB"))
        self.text_kb.setAccessibleName(self.tr("Largest text sent from one file"))
        self.image_turns = QSpinBox(self)
        self.image_turns.setRange(0, 1000)
        self.image_turns.setSpecialValueText(self.tr("All"))
        self.image_turns.setAccessibleName(self.tr("Recent turns whose images are sent again"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Images up to:"), self.image_px)
        form.addRow(self.tr("Text of a file up to:"), self.text_kb)
        form.addRow(self.tr("Resend images of the last turns:"), self.image_turns)
        for box in (self.image_px, self.text_kb, self.image_turns):
            box.valueChanged.connect(self.edited)

    def load(self, settings: Settings) -> None:
        self.blockSignals(True)
        self.image_px.setValue(settings.attach_image_max_px)
        self.text_kb.setValue(settings.attach_text_max_kb)
        self.image_turns.setValue(settings.attach_image_turns)
        self.blockSignals(False)

    def store(self, settings: Settings) -> Settings:
        return replace(
            settings,
            attach_image_max_px=self.image_px.value(),
            attach_text_max_kb=self.text_kb.value(),
            attach_image_turns=self.image_turns.value(),
        )
