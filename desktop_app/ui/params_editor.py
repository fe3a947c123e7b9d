"""A small form that edits :class:`GenerationParams`.

Shared by the settings window (the defaults for new chats) and the
per-conversation popover, so both speak the same words and limits. Every
optional number has a "Default" position at the bottom of its range: that
means "send nothing, let the server decide", which is what most people want
and what ``None`` means in ``GenerationParams``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.models import REASONING_EFFORTS, GenerationParams

_FLOAT_STEP = 0.05
_SEED_MAX = 2**31 - 1
_MAX_TOKENS_MAX = 1_000_000


def _float_box(parent: QWidget, low: float, high: float, default_text: str) -> QDoubleSpinBox:
    """A spin box whose lowest position (one step below ``low``) means "Default"."""
    box = QDoubleSpinBox(parent)
    box.setDecimals(2)
    box.setSingleStep(_FLOAT_STEP)
    box.setRange(low - _FLOAT_STEP, high)
    box.setSpecialValueText(default_text)
    box.setValue(box.minimum())
    return box


def _float_value(box: QDoubleSpinBox) -> float | None:
    return None if box.value() <= box.minimum() + 1e-9 else round(box.value(), 2)


def _int_value(box: QSpinBox) -> int | None:
    return None if box.value() == box.minimum() else box.value()


class ParamsEditor(QWidget):
    """Temperature, top-p, max tokens, seed, penalties, stop sequences, JSON mode.

    Args:
        parent: The owning widget.
        defaults: What "Reset to defaults" restores (the app's defaults in the
            settings window; the settings' defaults in a conversation).

    Signals:
        changed: the user edited a value (not emitted by :meth:`set_params`).
    """

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, defaults: GenerationParams | None = None
    ) -> None:
        super().__init__(parent)
        self._defaults = defaults or GenerationParams()
        self._loading = False
        self._build()
        self.set_params(self._defaults)

    # ---------------------------------------------------------------- API

    def params(self) -> GenerationParams:
        """The values as shown."""
        stops = tuple(line for line in self.stop.toPlainText().splitlines() if line.strip())
        return GenerationParams(
            temperature=_float_value(self.temperature),
            top_p=_float_value(self.top_p),
            max_tokens=_int_value(self.max_tokens),
            seed=_int_value(self.seed),
            stop=stops,
            presence_penalty=_float_value(self.presence_penalty),
            frequency_penalty=_float_value(self.frequency_penalty),
            json_mode=self.json_mode.isChecked(),
            reasoning_effort=self.reasoning_effort.currentData(),
        )

    def set_params(self, params: GenerationParams) -> None:
        """Show ``params`` without emitting :attr:`changed`."""
        self._loading = True
        try:
            for box, value in (
                (self.temperature, params.temperature),
                (self.top_p, params.top_p),
                (self.presence_penalty, params.presence_penalty),
                (self.frequency_penalty, params.frequency_penalty),
            ):
                box.setValue(box.minimum() if value is None else value)
            for ibox, ivalue in ((self.max_tokens, params.max_tokens), (self.seed, params.seed)):
                ibox.setValue(ibox.minimum() if ivalue is None else ivalue)
            self.stop.setPlainText("\n".join(params.stop))
            self.json_mode.setChecked(params.json_mode)
            effort = self.reasoning_effort.findData(params.reasoning_effort)
            self.reasoning_effort.setCurrentIndex(max(effort, 0))
        finally:
            self._loading = False

    def set_defaults(self, defaults: GenerationParams) -> None:
        """Change what "Reset to defaults" restores."""
        self._defaults = defaults

    def reset(self) -> None:
        """Restore the defaults, as if the user had typed them."""
        self.set_params(self._defaults)
        self.changed.emit()

    # ------------------------------------------------------------ internals

    def _build(self) -> None:
        default = self.tr("Default")
        self.temperature = _float_box(self, 0.0, 2.0, default)
        self.top_p = _float_box(self, 0.0, 1.0, default)
        self.presence_penalty = _float_box(self, -2.0, 2.0, default)
        self.frequency_penalty = _float_box(self, -2.0, 2.0, default)
        self.max_tokens = QSpinBox(self)
        self.max_tokens.setRange(0, _MAX_TOKENS_MAX)
        self.max_tokens.setSpecialValueText(default)
        self.seed = QSpinBox(self)
        self.seed.setRange(-1, _SEED_MAX)
        self.seed.setSpecialValueText(self.tr("Random"))
        self.stop = QPlainTextEdit(self)
        self.stop.setTabChangesFocus(True)
        self.stop.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.stop.setPlaceholderText(self.tr("One stop sequence per line"))
        self.json_mode = QCheckBox(self.tr("Ask for a JSON object (JSON mode)"), self)
        self.reset_button = QPushButton(self.tr("Reset to defaults"), self)
        self.reasoning_effort = QComboBox(self)
        self.reasoning_effort.addItem(default, None)
        efforts = {"low": self.tr("Low"), "medium": self.tr("Medium"), "high": self.tr("High")}
        for value in REASONING_EFFORTS:
            self.reasoning_effort.addItem(efforts[value], value)
        self._describe()
        form = QFormLayout()
        form.addRow(self.tr("&Temperature:"), self.temperature)
        form.addRow(self.tr("Top &p:"), self.top_p)
        form.addRow(self.tr("&Max tokens:"), self.max_tokens)
        form.addRow(self.tr("S&eed:"), self.seed)
        form.addRow(self.tr("Presence penalty:"), self.presence_penalty)
        form.addRow(self.tr("Frequency penalty:"), self.frequency_penalty)
        form.addRow(self.tr("&Stop sequences:"), self.stop)
        form.addRow("", self.json_mode)
        form.addRow(self.tr("&Reasoning effort:"), self.reasoning_effort)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self._connect()

    def _describe(self) -> None:
        """Accessible names and tooltips: what a screen reader and a hover say."""
        for widget, name, tip in (
            (self.temperature, self.tr("Temperature"), self.tr("Higher is more varied.")),
            (self.top_p, self.tr("Top p"), self.tr("Nucleus sampling cut-off.")),
            (self.max_tokens, self.tr("Maximum tokens"), self.tr("Longest reply allowed.")),
            (self.seed, self.tr("Seed"), self.tr("Same seed, same reply (if supported).")),
            (self.presence_penalty, self.tr("Presence penalty"), ""),
            (self.frequency_penalty, self.tr("Frequency penalty"), ""),
            (self.stop, self.tr("Stop sequences"), self.tr("The reply ends at any of these.")),
            (self.json_mode, self.tr("JSON mode"), self.tr("Not every server supports it.")),
            (self.reset_button, self.tr("Reset parameters to defaults"), ""),
            (
                self.reasoning_effort,
                self.tr("Reasoning effort"),
                self.tr("How hard a thinking model thinks; Default sends nothing."),
            ),
        ):
            widget.setAccessibleName(name)
            if tip:
                widget.setToolTip(tip)

    def _connect(self) -> None:
        for box in (self.temperature, self.top_p, self.presence_penalty, self.frequency_penalty):
            box.valueChanged.connect(self._edited)
        self.max_tokens.valueChanged.connect(self._edited)
        self.seed.valueChanged.connect(self._edited)
        self.stop.textChanged.connect(self._edited)
        self.json_mode.toggled.connect(self._edited)
        self.reasoning_effort.currentIndexChanged.connect(self._edited)
        self.reset_button.clicked.connect(self.reset)

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()
