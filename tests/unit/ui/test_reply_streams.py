"""The per-token path: deltas are only buffered; rendering happens per flush."""

from __future__ import annotations

from desktop_app.render.markdown import MarkdownRenderer
from desktop_app.render.streaming import StreamingRenderer
from desktop_app.ui.reply_streams import ReplyStreams


def _streams() -> ReplyStreams:
    renderer = MarkdownRenderer()
    return ReplyStreams(lambda: StreamingRenderer(renderer))


def test_deltas_are_buffered_until_a_flush_feeds_them() -> None:
    streams = _streams()
    streams.start("r1")
    assert streams.add("r1", "Hello ") == 6
    assert streams.add("r1", "world") == 11
    assert streams.add("unknown", "x") is None
    fed = dict(streams.feed_all())
    assert list(fed) == ["r1"] and fed["r1"].text == "Hello world"
    assert list(streams.feed_all()) == []  # nothing new: nothing to render


def test_a_rebuilt_card_gets_the_whole_reply_and_unflushed_text_waits() -> None:
    streams = _streams()
    streams.start("r1")
    streams.add("r1", "# Title\n\nfirst part ")
    list(streams.feed_all())
    streams.add("r1", "second part")
    update = streams.restart("r1")
    assert update is not None and "Title" in update.committed_html + update.pending_html
    assert "second part" not in update.committed_html + update.pending_html
    list(streams.feed_all())
    [(message_id, text, _)] = streams.finish(["r1"])
    assert (message_id, text) == ("r1", "# Title\n\nfirst part second part")
    assert "r1" not in streams


def test_resume_continues_from_the_stored_text_and_finish_is_per_reply() -> None:
    streams = _streams()
    update = streams.resume("r1", "cut ")
    assert "cut" in update.pending_html + update.committed_html
    streams.start("r2")  # a newer reply, e.g. regenerated in the same conversation
    streams.add("r1", "and the rest")
    list(streams.feed_all())
    assert [t for _, t, _ in streams.finish(["r1"])] == ["cut and the rest"]
    assert "r2" in streams
