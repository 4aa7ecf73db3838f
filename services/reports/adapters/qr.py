"""Printable QR codes of the channels' friend-add links (segno: pure Python, no image library).

Error correction M (15 %): enough for a sticker that gets scuffed in a toilet stall, while keeping
the code small enough for a business card. The SVG scales without loss for print; the PNG is for
documents that take only bitmaps.
"""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, title: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=4, title=title, xmldecl=True)
    return buffer.getvalue()


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()
