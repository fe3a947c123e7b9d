"""Typeset formulas in a message body: drawn from our cache only, copied as TeX;
footnote references scroll to their note inside the card."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.models import Message, Role
from desktop_app.render import formula
from desktop_app.render.markdown import CodeTheme, MarkdownRenderer
from desktop_app.ui.formula_images import formula_image
from desktop_app.ui.message_view import MessageBody, MessageCard

_IMAGE = QTextDocument.ResourceType.ImageResource.value


def _ink(image: QImage) -> int:
    """How many pixels are drawn (not transparent)."""
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 0
    )


def formula_names(body: MessageBody) -> list[str]:
    """The name of every image in a message body's document (the walk uses it too)."""
    names: list[str] = []
    block = body.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                names.append(fmt.toImageFormat().name())
            it += 1
        block = block.next()
    return names


def test_a_formula_is_drawn_from_the_cache_and_nothing_else(qtbot: QtBot) -> None:
    body = MessageBody()
    qtbot.addWidget(body)
    body.set_html(MarkdownRenderer().render("Let $x$ be $y_1$.").html)
    names = formula_names(body)
    assert len(names) == 2 and all(n.startswith("formula:") for n in names)
    image = body.loadResource(_IMAGE, QUrl(names[0]))
    assert isinstance(image, QImage) and image.width() > 4
    assert _ink(image) > 10, "the glyph itself is drawn, not only rules"
    for other in ("https://127.0.0.1:9/x.png", "file:///etc/passwd", "formula:" + "0" * 24):
        blank = body.loadResource(_IMAGE, QUrl(other))
        assert isinstance(blank, QImage) and blank.width() == 1 and _ink(blank) == 0


def test_a_dark_formula_is_drawn_in_light_ink() -> None:
    html = MarkdownRenderer().render("$x$", CodeTheme.DARK).html
    key = html.split("formula:", 1)[1].split('"', 1)[0]
    image = formula_image(QUrl(f"formula:{key}"), 1.0)
    assert image is not None
    drawn = [
        image.pixelColor(x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert drawn and min(c.lightness() for c in drawn) > 150


def test_a_formula_is_sharp_on_any_screen() -> None:
    """Supersampled on a 1x screen (thin strokes survive); native on denser ones."""
    found = formula.typeset("x", display=False, colour="#000000")
    assert found is not None
    for screen, drawn in ((1.0, 2.0), (2.0, 2.0), (3.0, 3.0)):
        image = formula_image(QUrl(f"formula:{found.key}"), screen)
        assert image is not None and image.devicePixelRatio() == drawn
        assert image.width() >= drawn * int(found.width)


def test_copying_a_selection_gives_the_tex(qtbot: QtBot) -> None:
    body = MessageBody()
    qtbot.addWidget(body)
    body.set_html(MarkdownRenderer().render("Area $\\pi r^2$ of a disc.").html)
    body.selectAll()
    data = body.createMimeDataFromSelection()
    assert data.text().strip() == "Area $\\pi r^2$ of a disc."
    assert not data.hasHtml(), "no HTML naming an image other apps could not load"


def test_a_footnote_reference_scrolls_to_its_note(qtbot: QtBot) -> None:
    text = "Claim[^1].\n\n" + "\n\n".join(f"Paragraph {i}." for i in range(80))
    text += "\n\n[^1]: The source.\n"
    card = MessageCard(Message(id="m", conversation_id="c", role=Role.ASSISTANT, content=text))
    card.body.set_html(MarkdownRenderer().render(text).html)
    area = QScrollArea()
    holder = QWidget()
    QVBoxLayout(holder).addWidget(card)
    area.setWidget(holder)
    area.setWidgetResizable(True)
    area.resize(500, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    assert area.verticalScrollBar().value() == 0
    card.body.anchorClicked.emit(QUrl("#fn-1"))
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > bar.maximum() // 2)


def test_display_math_committed_while_streaming_stays_centred(qtbot: QtBot) -> None:
    """``insertHtml`` drops the first inserted block's alignment; ours survives it."""
    body = MessageBody()
    qtbot.addWidget(body)
    renderer = MarkdownRenderer()
    body.begin_stream()
    body.apply_stream(renderer.render("Before.").html, "")
    body.apply_stream(renderer.render("$$\nz^2\n$$").html, "")
    block = body.document().begin()
    centred: list[bool] = []
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if it.fragment().charFormat().isImageFormat():
                centred.append(
                    bool(block.blockFormat().alignment() & Qt.AlignmentFlag.AlignHCenter)
                )
            it += 1
        block = block.next()
    assert centred == [True]
