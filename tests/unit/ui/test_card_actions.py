"""A card's action survives its trip through a Qt signal or an ``action:`` href."""

from __future__ import annotations

from desktop_app.ui.card_actions import CardAction, decode, encode


def test_every_action_reads_back_as_itself_with_its_argument() -> None:
    for action in CardAction:
        assert decode(encode(action)) == (action, "")
    assert encode(CardAction.COPY_CODE, "2") == "copy-code:2"
    assert decode("copy-code:2") == (CardAction.COPY_CODE, "2")
    link = "https://example.com/a:b?c=d"
    assert decode(encode(CardAction.LINK_FAILED, link)) == (CardAction.LINK_FAILED, link)


def test_text_no_card_produces_is_ignored() -> None:
    assert decode("javascript:alert(1)") is None
    assert decode("") is None
