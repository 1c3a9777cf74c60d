"""Bytes to text: UTF-8 (with or without a byte-order mark), UTF-16/32 with a
byte-order mark, else the encoding charset-normalizer detects.

Binary content (no encoding gives plausible text) is rejected with the reason.
"""
from __future__ import annotations

import codecs

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


def decode_table(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of a file of records (CSV, JSONL).

    A file that is UTF-8 but for a few lines stays UTF-8: the bytes that are not
    become lone surrogates (U+DC80-U+DCFF), so only the records holding them are
    rejected and every other record is read. Only a file whose non-ASCII lines
    are all invalid UTF-8, and that are at least a quarter of its lines, is
    decoded with the detected encoding (a Latin-1 or cp1252 export).
    """
    found = _bom(raw)
    if found:
        return found
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lines = raw.split(b"\n")
    valid = invalid = 0
    for line in lines:
        if not line.isascii():
            try:
                line.decode("utf-8")
                valid += 1
            except UnicodeDecodeError:
                invalid += 1
    if valid == 0 and invalid * 4 >= len(lines):
        found = _detected(raw)
        # The guess must keep every line break where the bytes have one: on a
        # few bytes charset-normalizer may guess UTF-16, which would merge lines.
        if found is not None and "\x00" not in found[0] and found[0].count("\n") == raw.count(b"\n"):
            return found
    return raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff"), "utf-8"


def bad_unicode(value: str, from_escape: bool = False) -> str | None:
    """Why a string cannot be stored (a lone surrogate), or None when it can.

    `from_escape`: the string comes from a JSON escape ("\\ud83d"), not from bytes.
    """
    try:
        value.encode("utf-8")
        return None
    except UnicodeEncodeError as err:
        char = value[err.start]
        if not from_escape and 0xDC80 <= ord(char) <= 0xDCFF:  # an undecodable byte kept by decode_table
            return f"not valid UTF-8 (byte 0x{ord(char) - 0xDC00:02x} at character {err.start})"
        return f"not valid Unicode (lone surrogate U+{ord(char):04X} at character {err.start})"
