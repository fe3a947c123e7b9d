"""The tool loop's two limits on the Tools page: rounds of calls, and one call's time."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QSpinBox, QWidget

from desktop_app.core.settings import RANGES, Settings


def _bounds(name: str) -> tuple[int, int]:
    """The spin box's range is the one a settings file is held to (core.settings.RANGES)."""
    low, high = RANGES[name]
    return int(low), int(high)


class ToolLimits(QWidget):
    """``tool_round_limit`` and ``tool_timeout_s`` (issue 16), saved with the dialog.

    Signals:
        edited: the user changed one.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rounds = QSpinBox(self)
        self.rounds.setRange(*_bounds("tool_round_limit"))
        self.rounds.setAccessibleName(self.tr("Rounds of tool calls in one reply"))
        self.rounds.setToolTip(
            self.tr("After this many rounds the model is stopped and a notice says so.")
        )
        self.timeout = QSpinBox(self)
        self.timeout.setRange(*_bounds("tool_timeout_s"))
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setAccessibleName(self.tr("Time limit of one tool call"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Rounds of tool calls, at most:"), self.rounds)
        form.addRow(self.tr("A tool call may take up to:"), self.timeout)
        for box in (self.rounds, self.timeout):
            box.valueChanged.connect(self.edited)

    def load(self, settings: Settings) -> None:
        self.blockSignals(True)
        self.rounds.setValue(settings.tool_round_limit)
        self.timeout.setValue(round(settings.tool_timeout_s))
        self.blockSignals(False)

    def store(self, settings: Settings) -> Settings:
        return replace(
            settings,
            tool_round_limit=self.rounds.value(),
            tool_timeout_s=float(self.timeout.value()),
        )
