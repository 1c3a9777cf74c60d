"""Bytes to text without guesswork: UTF-8 (with or without a byte-order mark),
UTF-16/32 with a byte-order mark; a file that is UTF-8 but for a few bytes stays
UTF-8, the bad bytes replaced by U+FFFD and counted in a warning; only when most
of its non-ASCII bytes are not UTF-8 is the encoding detected (charset-normalizer),
and then cp1252, the usual single-byte encoding of Italian text, comes before any
other single-byte code page. The encoding and a confidence are recorded.

Binary content (no encoding gives plausible text) is rejected with the reason.
"""
from __future__ import annotations

import codecs
from pathlib import Path
from typing import NamedTuple

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from charset_normalizer.utils import is_multi_byte_encoding

# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = ((codecs.BOM_UTF8, "utf-8", "utf-8"),
         (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"))
# Italian text that is not UTF-8 is nearly always Windows-1252 (or Latin-1, its subset for
# letters): on short texts charset-normalizer finds cp1250/cp1258 as likely (and cp1258 turns
# "così" into "coś"), so cp1252 wins whenever it decodes the bytes and no multi-byte encoding
# (UTF-16 without a mark, Shift-JIS ...) was found.
WESTERN = "cp1252"


class Undecodable(ValueError):
    pass


class Decoded(NamedTuple):
    text: str
    encoding: str
    confidence: float  # 1.0 for a byte-order mark or valid UTF-8; else how clean the text reads
    replaced: int = 0  # bytes not valid UTF-8, replaced by U+FFFD

    @property
    def warning(self) -> str | None:
        if not self.replaced:
            return None
        return f"{self.replaced} byte(s) not valid UTF-8 replaced by U+FFFD"


def _bom(raw: bytes) -> Decoded | None:
    """The text when a byte-order mark says the encoding and the rest decodes with it."""
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw[len(bom):].decode(codec), name, 1.0)
            except UnicodeDecodeError:
                return None
    return None


def _confidence(text: str) -> float:
    """1 - charset-normalizer's mess ratio (odd symbols, mixed scripts ...) of a decoded text."""
    return round(max(0.0, 1.0 - mess_ratio(text, maximum_threshold=1.0)), 3)


def _detected(raw: bytes) -> Decoded | None:
    matches = from_bytes(raw)
    best = matches.best()
    if best is None:
        return None  # no encoding gives text: binary
    if not is_multi_byte_encoding(best.encoding):
        try:
            text = raw.decode(WESTERN)
            return Decoded(text, WESTERN, _confidence(text))
        except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
            pass
    text = str(best)
    return Decoded(text, best.encoding, _confidence(text))


def _utf8_error(raw: bytes, err: UnicodeDecodeError) -> str:
    return f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})"


def _mostly_utf8(raw: bytes) -> Decoded | None:
    """UTF-8 with the bad bytes replaced, when most non-ASCII bytes are valid UTF-8 (a stray byte
    in a UTF-8 file is a damaged UTF-8 file, not a file in another encoding)."""
    escaped = raw.decode("utf-8", "surrogateescape")
    bad = sum(1 for c in escaped if "\udc80" <= c <= "\udcff")
    non_ascii = sum(1 for b in raw if b >= 0x80)
    good = non_ascii - bad
    if good < bad:
        return None
    text = "".join("\ufffd" if "\udc80" <= c <= "\udcff" else c for c in escaped)
    return Decoded(text, "utf-8", round(good / non_ascii, 3), bad)


def decode_document(raw: bytes) -> Decoded:
    """The text of a one-document file; Undecodable for binary content."""
    found = _bom(raw)
    if found:
        return found
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", 1.0)
    except UnicodeDecodeError as err:
        not_utf8 = _utf8_error(raw, err)
    found = _mostly_utf8(raw) or _detected(raw)
    if found is None or "\x00" in found.text:
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
                return ("utf-8-sig" if name == "utf-8" else name), 1.0  # these codecs drop the mark
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
        if found is not None and "\x00" not in found.text and "\n".encode(found.encoding, "ignore") == b"\n":
            return found.encoding, found.confidence
    return "utf-8", round(valid / (valid + invalid), 3) if invalid else 1.0


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
