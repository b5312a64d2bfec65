"""Turn bytes into text: byte-order marks, UTF-16 without one, UTF-8, detected legacy encodings, binary refused."""

from __future__ import annotations

import re
from codecs import BOM_UTF8, BOM_UTF16_BE, BOM_UTF16_LE, BOM_UTF32_BE, BOM_UTF32_LE

import charset_normalizer

from .htmltext import html_to_text, looks_like_html

__all__ = ["decode_text", "html_to_text", "looks_like_html"]

BINARY_REASON = "looks like a binary file, not text"
REPLACED_WARNING = "invalid UTF-8 decoded with replacement characters"
CP1252_WARNING = "not UTF-8: decoded as Windows-1252 (Latin-1)"
SNIFF_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (BOM_UTF32_LE, "utf-32"),
    (BOM_UTF32_BE, "utf-32"),  # before UTF-16: same first bytes
    (BOM_UTF8, "utf-8-sig"),
    (BOM_UTF16_LE, "utf-16"),
    (BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\b\x1b")
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# Legacy encodings charset-normalizer may choose between when text is not UTF-8: Western
# (the fallback), Japanese, Chinese, Korean and Cyrillic. A short list keeps its guesses sane:
# unrestricted, it read German as mac_iceland and KOI8-R as Shift-JIS.
LEGACY_CODECS = ("cp1252", "cp932", "euc_jp", "gb18030", "big5", "cp949", "koi8_r", "cp1251")
DETECT_BYTES = 16 * 1024
CODEC_NAMES = {
    "cp932": "Shift-JIS (cp932)",
    "euc_jp": "EUC-JP",
    "gb18030": "GB18030",
    "big5": "Big5",
    "cp949": "EUC-KR (cp949)",
    "koi8_r": "KOI8-R",
    "cp1251": "Windows-1251",
}


def bom_encoding(sample: bytes) -> str | None:
    """Return the codec named by a byte-order mark at the start of sample, if any."""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec
    return None


def looks_binary(sample: bytes) -> bool:
    """Tell whether bytes without a BOM are binary: NUL bytes or mostly control bytes."""
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.10


def choose_encoding(sample: bytes, *, complete: bool) -> tuple[str, list[str]]:
    """Pick the codec for text starting with sample; raise ValueError when it is binary.

    complete says whether sample is the whole text (else a cut-off multibyte
    character at its end is not held against UTF-8).
    """
    codec = bom_encoding(sample)
    if codec:
        return codec, []
    codec = bomless_utf16(sample)
    if codec:
        return codec, [f"no byte-order mark: decoded as {codec.upper()}"]
    if looks_binary(sample):
        raise ValueError(BINARY_REASON)
    checked = sample if complete else sample[: max(0, len(sample) - 3)]
    try:
        checked.decode("utf-8")
        return "utf-8", []
    except UnicodeDecodeError:
        pass
    valid = len(_UTF8_MULTIBYTE.findall(checked))
    invalid = len(_HIGH_BYTE.findall(checked)) - sum(len(m) for m in _UTF8_MULTIBYTE.findall(checked))
    if valid and valid >= invalid:
        return "utf-8", [REPLACED_WARNING]
    codec = detect_legacy(checked[:DETECT_BYTES])
    if codec != "cp1252":
        return codec, [f"not UTF-8: decoded as {CODEC_NAMES.get(codec, codec)} (detected)"]
    return "cp1252", [CP1252_WARNING]


def bomless_utf16(sample: bytes) -> str | None:
    """Return 'utf-16-le' or 'utf-16-be' for UTF-16 text without a byte-order mark, else None.

    Text that is mostly ASCII has a NUL in every other byte in UTF-16; the
    other bytes must then decode cleanly to mostly ASCII text with no NUL
    (b"\\x00\\xff" * 100 is valid UTF-16 too, but it is binary).
    """
    sample = sample[:SNIFF_BYTES]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0 : pairs * 2 : 2], sample[1 : pairs * 2 : 2]
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.6 * pairs and other.count(0) <= 0.05 * pairs:
            try:
                text = sample[: pairs * 2].decode(codec)
            except UnicodeDecodeError:
                continue
            ascii_share = sum(c.isascii() for c in text) / len(text)
            if ascii_share >= 0.6 and "\x00" not in text and not looks_binary(text.encode("utf-8", "replace")):
                return codec
    return None


def detect_legacy(sample: bytes) -> str:
    """Return the most likely legacy encoding of non-UTF-8 bytes (charset-normalizer), cp1252 on a tie or no guess."""
    matches = list(charset_normalizer.from_bytes(sample, cp_isolation=list(LEGACY_CODECS)))
    if not matches:
        return "cp1252"
    best = matches[0]
    for match in matches:  # Western wins unless another reading is clearly better
        if match.encoding == "cp1252" and (match.chaos, -match.coherence) <= (best.chaos, -best.coherence):
            return "cp1252"
    if best.encoding not in LEGACY_CODECS or not _reads_as_script(str(best), best.encoding):
        return "cp1252"
    return best.encoding


MIN_NATIVE_LETTERS = 4
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_CJK = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff01-\uff5e]")


def _reads_as_script(text: str, codec: str) -> bool:
    """Tell whether text decoded with a Cyrillic or East Asian codec is mostly in that script.

    On short Western text charset-normalizer can prefer Windows-1251 ('naïve'
    read as 'naпve'); a real Russian or Japanese message is mostly its own letters.
    """
    letters = [c for c in text if c.isalpha()]
    foreign = [c for c in letters if not c.isascii()]
    if not foreign:
        return False
    script = _CYRILLIC if codec in ("koi8_r", "cp1251") else _CJK
    native = sum(1 for c in foreign if script.match(c))
    if native < MIN_NATIVE_LETTERS:  # two odd bytes are not evidence of Korean
        return False
    if script is _CYRILLIC:
        return native >= 0.9 * len(foreign) and native >= 0.5 * len(letters)
    return native >= 0.9 * len(foreign)


def decode_with(data: bytes, codec: str) -> str:
    """Decode data with codec, never failing: bad UTF-8 becomes U+FFFD, undefined cp1252 bytes Latin-1."""
    if codec == "cp1252":
        return unescape_cp1252(data.decode("cp1252", errors="surrogateescape"))
    return data.decode(codec, errors="replace")


def unescape_cp1252(text: str) -> str:
    """Map surrogate-escaped bytes (those cp1252 leaves undefined) to their Latin-1 characters."""
    return re.sub("[\udc80-\udcff]", lambda m: chr(ord(m.group()) - 0xDC00), text)


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes to text and say what was guessed; raise ValueError for binary data."""
    codec, warnings = choose_encoding(data, complete=True)
    text = decode_with(data, codec)
    if codec.startswith(("utf-16", "utf-32")) and "\ufffd" in text and REPLACED_WARNING not in warnings:
        warnings = [*warnings, f"invalid {codec.upper()} decoded with replacement characters"]
    return text, list(warnings)
