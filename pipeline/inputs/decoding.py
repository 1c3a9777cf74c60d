"""Bytes to text: UTF-8 (with or without a byte-order mark), UTF-16/32 with a
byte-order mark, else the encoding charset-normalizer detects.

Binary content (no encoding gives plausible text) is rejected with the reason.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = ((codecs.BOM_UTF8, "utf-8", "utf-8"),
         (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"))
# On short Italian texts charset-normalizer finds cp1250/cp1258 as likely as
# cp1252 (and cp1258 turns "così" into "coś"): a Western encoding wins a tie.
_WESTERN = ("cp1252", "iso8859_15", "latin_1")


class Undecodable(ValueError):
    pass


def _bom(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding) when a byte-order mark says the encoding and the rest decodes with it."""
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), name
            except UnicodeDecodeError:
                return None
    return None


def _detected(raw: bytes) -> tuple[str, str] | None:
    matches = from_bytes(raw)
    best = matches.best()
    if best is None:
        return None
    western = next((m for m in matches if m.encoding in _WESTERN and m.chaos <= best.chaos), None)
    chosen = western or best
    return str(chosen), chosen.encoding


def _utf8_error(raw: bytes, err: UnicodeDecodeError) -> str:
    return f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})"


def decode_document(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of a one-document file; Undecodable for binary content."""
    found = _bom(raw)
    if found:
        return found
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        not_utf8 = _utf8_error(raw, err)
    found = _detected(raw)
    if found is None or "\x00" in found[0]:
        raise Undecodable(f"binary or undecodable content: {not_utf8} and no other text encoding fits")
    return found


def table_encoding(path: Path) -> str:
    """The codec to read a file of records (CSV, JSONL) with, line by line.

    A file that is UTF-8 but for a few lines stays UTF-8: read with the
    `surrogateescape` handler, the bytes that are not become lone surrogates
    (U+DC80-U+DCFF), so only the records holding them are rejected and every
    other record is read. Only a file whose non-ASCII lines are all invalid
    UTF-8, and that are at least a quarter of its lines, is read with the
    detected encoding (a Latin-1 or cp1252 export).
    """
    with open(path, "rb") as handle:
        head = handle.read(4)
        for bom, _codec, name in _BOMS:
            if head.startswith(bom):
                return "utf-8-sig" if name == "utf-8" else name  # these codecs drop the mark
        handle.seek(0)
        lines = valid = invalid = 0
        for line in handle:  # one pass, a line at a time: the file is never held whole
            lines += 1
            if not line.isascii():
                try:
                    line.decode("utf-8")
                    valid += 1
                except UnicodeDecodeError:
                    invalid += 1
    if invalid and not valid and invalid * 4 >= lines:
        found = _detected(path.read_bytes())
        # The guess must keep the line breaks: on a few bytes charset-normalizer
        # may guess UTF-16, which would merge lines.
        if found is not None and "\x00" not in found[0] and "\n".encode(found[1], "ignore") == b"\n":
            return found[1]
    return "utf-8"


def encoding_name(codec: str) -> str:
    """The name recorded in `documents.encoding` (utf-8-sig is UTF-8 with a byte-order mark)."""
    return "utf-8" if codec == "utf-8-sig" else codec


def bad_unicode(value: str, encoding: str = "utf-8", from_escape: bool = False) -> str | None:
    """Why a string cannot be stored (a lone surrogate), or None when it can.

    `encoding`: the one the string was read with (a byte it could not decode is
    U+DC80-U+DCFF); `from_escape`: the string comes from a JSON escape ("\\ud83d").
    """
    try:
        value.encode("utf-8")
        return None
    except UnicodeEncodeError as err:
        char = value[err.start]
        if not from_escape and 0xDC80 <= ord(char) <= 0xDCFF:  # an undecodable byte kept by surrogateescape
            shown = "UTF-8" if encoding_name(encoding) == "utf-8" else encoding
            return f"not valid {shown} (byte 0x{ord(char) - 0xDC00:02x} at character {err.start})"
        return f"not valid Unicode (lone surrogate U+{ord(char):04X} at character {err.start})"
