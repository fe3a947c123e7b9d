"""Files become attachments: text in any common encoding, PDF text, caps said out loud."""

from __future__ import annotations

import pytest

from desktop_app.core.attachments import AttachmentKind
from desktop_app.services.attachment_prep import (
    AttachmentError,
    EncodedImage,
    Limits,
    prepare,
    read_and_prepare,
)
from tests.unit.services.pdf_maker import pdf_with_pages


class NoImages:
    def reencode(self, data: bytes, max_side: int) -> EncodedImage | None:
        return None


CODEC = NoImages()


def test_utf8_code_is_kept_whole_with_its_name_only() -> None:
    source = "def 你好():\n    return 42\n".encode()
    attachment = prepare(source, "C:\\Users\\ana\\src\\hello.py", CODEC, Limits())
    assert attachment.kind is AttachmentKind.FILE and attachment.name == "hello.py"
    assert attachment.data == source and not attachment.truncated
    assert attachment.mime == "text/x-python"


def test_a_gbk_log_is_read_in_its_own_encoding() -> None:
    attachment = prepare("错误: 磁盘已满\n".encode("gb18030"), "app.log", CODEC, Limits())
    assert (attachment.data or b"").decode() == "错误: 磁盘已满\n"


def test_utf16_with_a_bom_is_text() -> None:
    attachment = prepare("a,b\n1,2\n".encode("utf-16"), "t.csv", CODEC, Limits())
    assert (attachment.data or b"").decode() == "a,b\n1,2\n" and attachment.mime == "text/csv"


def test_a_binary_file_is_refused_with_a_sentence() -> None:
    with pytest.raises(AttachmentError, match="binary file, not text"):
        prepare(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "a.out", CODEC, Limits())


def test_a_file_over_the_cap_is_cut_and_says_so() -> None:
    attachment = prepare(b"x" * 5000, "big.txt", CODEC, Limits(text_max_bytes=1000))
    assert attachment.truncated and attachment.size == 1000 and attachment.original_size == 5000


def test_the_cap_never_splits_a_character() -> None:
    attachment = prepare(("中" * 400).encode(), "zh.md", CODEC, Limits(text_max_bytes=1000))
    assert (attachment.data or b"").decode() == "中" * 333


def test_pdf_text_is_extracted() -> None:
    pdf = pdf_with_pages(["Invoice 2026-17", "Total due: 40 EUR"])
    attachment = prepare(pdf, "invoice.pdf", CODEC, Limits())
    text = (attachment.data or b"").decode()
    assert "Invoice 2026-17" in text and "Total due: 40 EUR" in text
    assert attachment.mime == "application/pdf" and attachment.note == ""


def test_a_scanned_pdf_with_no_text_says_so() -> None:
    attachment = prepare(pdf_with_pages(["", ""]), "scan.pdf", CODEC, Limits())
    assert attachment.data == b"" and "no text layer (2 pages" in attachment.note


def test_a_damaged_pdf_is_refused_with_a_sentence() -> None:
    with pytest.raises(AttachmentError, match="could not be read as a PDF"):
        prepare(b"%PDF-1.4\n garbage", "broken.pdf", CODEC, Limits())


def test_an_image_the_codec_cannot_read_is_refused() -> None:
    with pytest.raises(AttachmentError, match="could not be read as an image"):
        prepare(b"\x89PNG\r\n\x1a\nnot really", "x.png", CODEC, Limits())


def test_a_missing_file_is_a_sentence_not_a_crash(tmp_path: object) -> None:
    with pytest.raises(AttachmentError, match="could not be read"):
        read_and_prepare("/nonexistent/dir/notes.txt", CODEC, Limits())
