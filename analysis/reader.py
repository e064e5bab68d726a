"""Read an article file into metadata and body paragraphs.

Layout understood (any of it may be missing)::

    Title line
    By [Author Name](#)          <- byline, Markdown links stripped
    May 13, 2012                 <- date line, stored as ISO 8601
    The Outlet                   <- outlet line
    body paragraph ...
    Author Name is <role>.       <- bio line: author_role
    The views expressed ...      <- opinion disclaimer
    Original url: <https://...>  <- url

Key-value headers (``Title: …``, ``Author: …``, ``Date: …``, ``Source: …``, ``URL: …``)
and a Markdown ``# Title`` are understood too.  Blocks are separated by blank lines;
a text without blank lines is read one paragraph per line.  Sentence splitting is
done later by the spaCy parse (see :mod:`analysis.score`).

Other formats go through the same :func:`read_article`, chosen by content and extension
(see :mod:`analysis.formats`): saved HTML pages, Markdown, ``.docx``, and one-row CSV/JSONL
files; a corpus of many rows is read with :func:`read_corpus`.

Messy text is normalised before paragraphs are cut (:func:`normalize_text`): Windows and old
Mac line endings, non-breaking and other Unicode spaces, soft hyphens, zero-width characters,
control characters, decomposed accents (NFC), hyphenation across line breaks and UTF-8 read
as cp1252 ("â€œ" → "“"). Curly quotes, apostrophes and dashes are kept as written.

Bounds: a paragraph longer than :data:`MAX_PARAGRAPH_CHARS` characters (a text whose line
breaks were lost) is cut at sentence ends into parts of at most that size, with a warning,
so that no single spaCy parse is huge (spaCy's own ``nlp.max_length`` is 1,000,000 characters)
and scoring time stays linear in the length of the text.

Language: scores are English-only. A text that is confidently not English raises
:class:`InputError` (``<file>: text looks like <language>, not English; scores are English-only``)
unless ``allow_non_english=True`` is passed or ``FRAMING_ALLOW_NON_ENGLISH=1`` is set; then it is
read with that message in ``Article.warnings``. A text too short to judge only warns.
See :mod:`analysis.language`.
"""
from __future__ import annotations

import codecs
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Mapping

from .errors import InputError

MAX_BYTES = 5_000_000  # documented size limit for one article file (HTML and .docx: 5x, corpora: 40x)
MAX_PARAGRAPH_CHARS = 10_000  # longer paragraphs are cut at sentence ends (about 1,700 words)
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
# Every suffix read_article understands (TEXT_SUFFIXES is what the CLI collects from a folder).
ARTICLE_SUFFIXES = TEXT_SUFFIXES | {".markdown", ".html", ".htm", ".xhtml", ".docx", ".csv", ".tsv", ".jsonl",
                                    ".ndjson", ".json"}
FALLBACK_ENCODINGS = ("cp1251", "cp1252", "latin-1")
ALLOW_NON_ENGLISH_ENV = "FRAMING_ALLOW_NON_ENGLISH"
META_KEYS = ("title", "author", "date", "outlet", "url", "author_role")

_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MON = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)}
_MONTH_RE = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY_RE = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DATE_PATTERNS = (
    re.compile(rf"^{_WEEKDAY_RE}{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})$", re.I),
    re.compile(rf"^{_WEEKDAY_RE}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+(?P<year>\d{{4}})$", re.I),
    re.compile(r"^(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?:[T ][\d:.+Z-]*)?$"),
)
# A date line without a year ("Thursday 6 March", "May 27"): a header line, kept as written.
_YEARLESS_DATES = (
    re.compile(rf"^{_WEEKDAY_RE}{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?$", re.I),
    re.compile(rf"^{_WEEKDAY_RE}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE}$", re.I),
)
_MONTH_YEAR = re.compile(rf"^{_MONTH_RE}\s+(?P<year>\d{{4}})$", re.I)  # "September 2028"
# What a header's date line may carry around the date: a dateline's place ("Dorvany, 14 March
# 2031"), a verb ("Issued 17 August", "Published on 3 May 2024") and a time ("…, 18:00 local time").
_DATE_PLACE = re.compile(r"^(?!(?i:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?|"
                         + _MONTH_RE.replace("(?P<mon>", "(?:")
                         + r")\b)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},\s+")  # not "Thursday, 6 March"
_DATE_VERB = re.compile(r"^(?:last\s+)?(?:issued|published|posted|updated|released|dated)(?:\s+on)?:?\s+", re.I)
_DATE_TIME = re.compile(r",?\s+(?i:at\s+)?\d{1,2}[:.]\d{2}(?:\s*(?i:[ap]\.?m\.?))?(?:\s+(?:(?i:local time)|[A-Z]{2,4}))?$")
_BYLINE = re.compile(r"^by\s+(?P<name>\S.*)$", re.I)
_KEY_VALUE = re.compile(
    r"^(?P<key>title|headline|author|byline|by|date|published|outlet|source|publication|url|link)\s*:\s*(?P<value>.+)$",
    re.I,
)
_URL_LINE = re.compile(r"^(?:original\s+)?(?:url|link|source url)\s*:\s*<?(?P<url>\S+?)>?$", re.I)
_DISCLAIMER = re.compile(
    r"(views|opinions) expressed .{0,80}(do not|don't) necessarily (reflect|represent)"
    r"|^this (article|piece|story) (was )?(originally )?(first )?(appeared|published)",
    re.I,
)
_BIO = re.compile(
    r"^(?P<name>[A-Z][\w.'’\u2024-]*(?:\s+[A-Z][\w.'’\u2024-]*){0,4}),?\s+(?:is|was|serves as|has been)\s+"
    r"(?P<role>[^.!?]{3,200})[.!]?$"
)
# A letter's closing line: "Signed, The Board of …", "Yours sincerely, Jane Doe" (a name follows).
_CLOSE_WORDS = (r"(?i:signed|sincerely|yours (?:sincerely|faithfully|truly)|respectfully(?: yours)?|"
                r"with best wishes|best wishes|kind regards|regards)")
_SIGNATURE = re.compile(rf"^{_CLOSE_WORDS}\s*[,:]\s*(?P<name>[A-Z].*)$")
# the same closing on a line of its own, the name on the next: "Yours sincerely," / "Ana Ruiz"
_CLOSING = re.compile(rf"^{_CLOSE_WORDS}\s*[,:]?$")
_NAME_CONNECTORS = {"of", "the", "and", "for", "on", "behalf", "de", "van", "von", "der", "la", "le", "du", "al", "&"}
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SENTENCE_END = ("." , "!", "?", "\"", "”", "’", "'", ":", ";", ")")


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph; ``index`` is 1-based over the body."""

    index: int
    text: str


@dataclass(frozen=True)
class Article:
    """An article's metadata and body paragraphs, as read from one file."""

    path: str
    slug: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    author_role: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = field(default=())
    language: str | None = None  # ISO 639-1 code from analysis.language ("en"; "und" if undetermined)
    source_format: str = "text"  # text | markdown | html | docx | csv | jsonl

    @property
    def metadata(self) -> dict:
        return {
            "slug": self.slug,
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "outlet": self.outlet,
            "url": self.url,
            "author_role": self.author_role,
        }


def slugify(name: str) -> str:
    """File stem → lower-case slug of letters, digits and hyphens."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "article"


def decode_bytes(data: bytes, path: str) -> tuple[str, str, list[str]]:
    """Decode ``data``: utf-8, utf-8-sig, UTF-16/32 with a BOM, then a warned fallback. Returns text, encoding, warnings."""
    for bom, encoding in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                          (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{path}: starts with a {encoding.upper()} byte-order mark but is not valid "
                                 f"{encoding.upper()}") from None
            if _looks_binary(text):
                raise InputError(f"{path}: binary or undecodable file, not a text article")
            return text, encoding, []
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes), not a text article")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig", []
        except UnicodeDecodeError:
            data = data[3:]  # a UTF-8 mark on text that is not UTF-8: try the fallbacks below
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in FALLBACK_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        candidates.append((enc, text))
    if not candidates:
        raise InputError(f"{path}: binary or undecodable file, not a text article")
    enc, text = candidates[0]
    if enc == "cp1251" and len(candidates) > 1 and _mixed_script(text):
        enc, text = candidates[1]  # "Cafй", "naпve": Western text with accents, not Cyrillic
    msg = f"{path}: not valid UTF-8; decoded as {enc}"
    warnings.warn(msg, stacklevel=3)
    return text, enc, [msg]


def _mixed_script(text: str) -> bool:
    """Many words mix Latin and Cyrillic letters: the text was not cp1251 (real Cyrillic words are all-Cyrillic)."""
    cyrillic = mixed = 0
    for word in re.findall(r"[^\W\d_]+", text[:200_000]):
        if any("\u0400" <= ch <= "\u04ff" for ch in word):
            cyrillic += 1
            mixed += any("a" <= ch.lower() <= "z" for ch in word)
    return mixed > 0 and mixed >= 0.2 * cyrillic


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\r\t\f")
    return bad / len(sample) > 0.05


_MOJIBAKE = re.compile("â€[œ\u009d™˜“”¦]|â€\u201d|Ã[©¨¤¶¼¡³±§]")
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
_INVISIBLE = re.compile("[\ufeff\u200b\u2060\u00ad]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def repair_mojibake(text: str) -> tuple[str, bool]:
    """UTF-8 that was decoded as cp1252 ("â€œ" for "“", "Ã©" for "é") → the intended text, if it round-trips."""
    if len(_MOJIBAKE.findall(text)) < 2:
        return text, False
    try:
        fixed = text.encode("cp1252", errors="framing-c1").decode("utf-8")
    except UnicodeError:
        return text, False
    return fixed, True


def _c1_as_bytes(error: UnicodeEncodeError):
    """cp1252 leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D undefined; mojibake keeps them as U+0081 ... U+009D."""
    chunk = error.object[error.start:error.end]
    if all(ord(ch) < 256 for ch in chunk):
        return bytes(ord(ch) for ch in chunk), error.end
    raise error


codecs.register_error("framing-c1", _c1_as_bytes)


def normalize_text(text: str) -> str:
    """Line endings, Unicode spaces, invisible and control characters, NFC; hyphenation across line breaks.

    Curly quotes, apostrophes and dashes are kept as written (the attribution extractor reads them).
    """
    text = _SURROGATES.sub("\ufffd", text)  # lone surrogates cannot be written as UTF-8
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\x0c", "\n\n").replace("\x0b", "\n")
    text = text.replace("\u0085", "\n")
    text = re.sub("\u00ad[ \t]*\n[ \t]*", "", text)  # soft hyphen at a line end
    text = _INVISIBLE.sub("", text)
    text = _CONTROLS.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"(\w)- *\n *(?=[a-z])", r"\1", text)  # hyphen-\nated → hyphenated
    text = re.sub(r" +", " ", text)
    return text


def _line_groups(text: str) -> list[list[str]]:
    """The text's blank-line-separated blocks as their stripped lines; one single-line group per
    line if the text has no blank lines."""
    lines = [line.strip() for line in text.split("\n")]
    has_blank = any(not line for line in lines[_first_nonempty(lines):_last_nonempty(lines) + 1])
    if not has_blank:
        return [[line] for line in lines if line]
    groups, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def split_blocks(text: str, groups: list[list[str]] | None = None) -> list[str]:
    """Blank-line-separated blocks (lines inside a block joined); one block per line if no blank
    lines. ``groups``: the text's :func:`_line_groups`, when the caller has them already."""
    out: list[str] = []
    for n, block in enumerate(_line_groups(text) if groups is None else groups):
        if len(block) > 1 and all(_KEY_VALUE.match(strip_markdown(line)) for line in block):
            out.extend(block)  # a "Key: value" header written on consecutive lines
        elif n == 0 and _compact_header(block):
            out.extend(block)  # title, byline, date and outlet on consecutive lines
        else:
            out.append(_join_lines(block))
    return out


_CREDIT = re.compile(r"^(?:interview|words|reporting|written|text|story)\s+by\s+(?P<name>[A-Z].*)$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^([-*•·]|\d+[.)])\s+")


def _stacked_line(line: str) -> str | None:
    """What a stacked header's line is: ``key`` ("Date: …"), ``byline``, ``date``, ``capitals``
    (a body's name), ``heading`` (no sentence end), ``sentence`` (a notice in full sentences) or
    ``salutation`` ("Dear Parents,"); None for a line no header has (a list item, a wrapped line)."""
    plain = strip_markdown(line)
    words = plain.split()
    if not words or len(words) > 40 or _LIST_ITEM.match(line) or not re.match(r"[A-Z0-9\"'“‘(\[]", plain) or \
            plain.endswith(("-", "–", "—")) or words[-1].lower().strip(",") in _OPEN_ENDINGS:
        return None
    byline = _BYLINE.match(plain) or _CREDIT.match(plain)
    if _KEY_VALUE.match(plain):
        return "key"
    if byline and _name_words(byline.group("name")):
        return "byline"
    if date_line(plain) or _dated_tail(plain):
        return "date"
    if plain.isupper():
        return "capitals"
    if re.match(r"^Dear\s+[A-Z][^.!?]*,$", plain):
        return "salutation"
    return "sentence" if plain.endswith((".", "!", "?")) else "heading"


def _dated_tail(line: str) -> tuple[str, str] | None:
    """("The Vellmark Review", "22 May") from "The Vellmark Review, 22 May": an outlet line ending in a date."""
    tail = re.match(r"^(?P<head>.+?),\s+(?P<date>[^,]+)$", line)
    if tail and len(tail.group("head").split()) > 1 and _is_heading(tail.group("head")):
        date = date_line(tail.group("date"))
        return (tail.group("head"), date) if date else None
    return None


def _stacked_header(groups: list[list[str]]) -> bool:
    """The first block is a header of several lines in a text written one line per paragraph: every
    later block but the last two (a sign-off may span lines) is a single line, the first line reads
    like a title, and every line is a header's (:func:`_stacked_line`); a line in full sentences
    only after a body's name, a byline or a date ("This summary is not part of the judgment."), so
    a title above a first paragraph, dialogue or a wrapped paragraph stays body. Layouts the
    compact-header and "Key: value" rules read are left to them."""
    if len(groups) < 4 or not 2 <= len(groups[0]) <= 8:
        return False
    lines = groups[0]
    if _compact_header(lines) or all(_KEY_VALUE.match(strip_markdown(line)) for line in lines):
        return False
    if any(len(group) > 1 for group in groups[1:-2]) or sum(len(g) == 1 for g in groups[1:]) < 3:
        return False
    kinds = [_stacked_line(line) for line in lines]
    title = strip_markdown(lines[0])
    if None in kinds or kinds[0] in ("sentence", "salutation") or len(title.split()) > 20 or \
            title.endswith((".", ",", ":", ";")):
        return False
    anchored = False
    for kind in kinds:
        if kind == "sentence" and not anchored:
            return False
        anchored = anchored or kind in ("capitals", "byline", "date", "key")
    return True


def _read_stacked(lines: list[str], meta: dict, known: frozenset) -> None:
    """Metadata from a stacked header's lines: "Key: value" lines, a byline ("By …", "Interview
    by …"), a date line or an outlet line ending in a date ("The Vellmark Review, 22 May"), the first
    other line as the title, and as the outlet the first line ending in a date, else the first line
    in capitals, else the first later heading."""
    def put(key, value):
        if value and not meta.get(key) and key not in known:
            meta[key] = value

    outlets = []  # (rank, position, line)
    for n, line in enumerate(lines):
        plain = strip_markdown(line)
        kind = _stacked_line(line)
        if kind == "key":
            key_value = _KEY_VALUE.match(plain)
            if not meta.get(key_value.group("key").lower()):
                _set_key_value(meta, key_value.group("key").lower(), key_value.group("value").strip())
        elif kind == "byline" and not meta.get("author") and "author" not in known:
            _put_byline(meta, (_BYLINE.match(plain) or _CREDIT.match(plain)).group("name"))
        elif kind == "date" and (tail := _dated_tail(plain)):
            outlets.append((0, n, tail[0]))
            put("date", tail[1])
        elif kind == "date":
            put("date", date_line(plain))
        elif kind == "capitals" or (kind == "heading" and (meta.get("title") or "title" in known)):
            if _is_heading(plain):
                outlets.append((1 if kind == "capitals" else 2, n, plain))
        elif kind == "heading":
            put("title", plain)
    put("outlet", min(outlets)[2] if outlets else None)


def _name_words(name: str) -> bool:
    """A person's or a body's name: capitalised words, with lower-case connectors ("the Office of
    the Prosecutor", "Lena Vos and Idris Oke", "Dr. Ana Ruiz")."""
    words = name.rstrip(" .").replace(",", " ").split()
    return 0 < len(words) <= 12 and any(w[:1].isupper() for w in words) and all(
        w[:1].isupper() or w in _NAME_CONNECTORS for w in words)


def _compact_header(lines: list[str]) -> bool:
    """The first block is a header written without blank lines: a title line, then at most one
    byline (a capitalised name), at most one date line and at most one outlet line."""
    if not 2 <= len(lines) <= 5:
        return False
    plain = [strip_markdown(line) for line in lines]
    title = plain[0]
    bylined = any(_BYLINE.match(line) and _name_words(_BYLINE.match(line).group("name")) for line in plain[1:])
    # a long title (a case name, a report's full title) is still a title when a byline follows it
    if _BYLINE.match(title) or date_line(title) or len(title.split()) > (30 if bylined else 20) or \
            title.endswith((".", ",", ":", ";")):
        return False  # a title may end in "?", "!", a quote or a bracket, not like a wrapped sentence
    bylines = dates = others = dotted = 0
    for line in plain[1:]:
        byline = _BYLINE.match(line)
        if byline and _name_words(byline.group("name")):
            bylines += 1
        elif date_line(line):
            dates += 1
            dotted += line.endswith(".")
        elif _is_heading(line):
            others += 1
        else:
            return False
    if not bylines and (dotted or title.split()[-1] in _OPEN_ENDINGS):
        return False  # "… approved the new port plan for\nSeptember 2028.": a wrapped sentence
    return bylines + dates > 0 and bylines <= 1 and dates <= 1 and others <= 1


# Words a title does not end with but a wrapped line of prose often does.
# ("in", "on" end headlines too: "Students dig in", "Ten years on")
_OPEN_ENDINGS = {"a", "an", "the", "of", "at", "to", "for", "by", "with", "from", "and", "or", "but",
                 "until", "after", "before", "since", "that", "which", "who", "as", "into", "than"}


def _join_lines(lines: list[str]) -> str:
    if len(lines) > 1 and _CLOSING.match(lines[0]) and _name_words(lines[1].rstrip(" .,")):
        return "\n".join(lines)  # a sign-off: "Yours sincerely," / name / role, one per line
    if all(re.match(r"^([-*•·]|\d+[.)])\s+", line) for line in lines[1:]) and len(lines) > 1:
        return "\n".join(lines)  # keep a bullet list readable
    return " ".join(lines)


def _first_nonempty(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if line), 0)


def _last_nonempty(lines: list[str]) -> int:
    return max((i for i, line in enumerate(lines) if line), default=0)


def parse_date(text: str) -> str | None:
    """A date line → ``YYYY-MM-DD``; None if the line is not just a date."""
    line = text.strip().rstrip(".")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(line)
        if not match:
            continue
        mon = match.group("mon")
        month = int(mon) if mon.isdigit() else _MON.get(mon[:3].lower())
        try:
            return datetime(int(match.group("year")), month, int(match.group("day"))).date().isoformat()
        except (TypeError, ValueError):
            return None
    return None


def date_line(text: str) -> str | None:
    """A header's date line: ``YYYY-MM-DD`` when it has a year, ``YYYY-MM`` for a month and year,
    else the date as written ("14 March"); None if not a date. A dateline's place, a verb such as
    "Issued" and a time of day around the date are allowed and dropped."""
    line = text.strip().rstrip(".")
    for strip in (_DATE_VERB, _DATE_PLACE, _DATE_TIME):
        bare = strip.sub("", line, count=1)
        line = bare if bare else line
    line = line.strip().rstrip(",")
    month_year = _MONTH_YEAR.match(line)
    if month_year:
        return f"{month_year.group('year')}-{_MON[month_year.group('mon')[:3].lower()]:02d}"
    return parse_date(line) or (line if any(p.match(line) for p in _YEARLESS_DATES) else None)


def strip_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = re.sub(r"^#+\s*", "", text)
    return re.sub(r"[*_`]+", "", text).strip()


def _is_heading(block: str) -> bool:
    """Short line that does not end like a sentence: a title or outlet line."""
    if "\n" in block or block.startswith(("-", "*", "•")) and not block.startswith("#"):
        return False
    words = block.split()
    return 0 < len(words) <= 16 and not block.rstrip().endswith(_SENTENCE_END)


def _title_before_byline(blocks: list[str]) -> bool:
    """A first line that reads like sentences ("We Sat Down. They Answered With Batons.") is still a
    title when a byline follows it, and so is a long one (a case name, a report's full title)."""
    first = blocks[0]
    if len(blocks) < 2 or "\n" in first or len(first.split()) > 30:
        return False
    byline = _BYLINE.match(strip_markdown(blocks[1]))
    if not byline or blocks[1].rstrip().endswith(_SENTENCE_END) and not blocks[1].rstrip().endswith("."):
        return False
    words = byline.group("name").replace(" and ", " ").rstrip(". ").split()
    if 0 < len(words) <= 6 and all(w[:1].isupper() for w in words):
        return True  # "By Halla Vendrup", not "By noon …"
    # a body's byline ("By the Press Office, Dorvany Court") when a date line follows it
    return _name_words(byline.group("name")) and len(blocks) > 2 and bool(date_line(strip_markdown(blocks[2])))


def _title_before_date(blocks: list[str]) -> bool:
    """A short first line ending in "?", "!", a quote or a bracket ("Will the Port Reopen?") is a
    title when a date line follows it, or an outlet line and then a date line."""
    first = strip_markdown(blocks[0])
    if "\n" in first or not 0 < len(first.split()) <= 20 or first.endswith((".", ",", ":", ";")) or \
            first.split()[-1] in _OPEN_ENDINGS:
        return False
    following = [strip_markdown(b) for b in blocks[1:3]]
    dated = [bool(date_line(b)) and not b.endswith(".") for b in following]
    return bool(dated) and (dated[0] or len(dated) > 1 and _is_heading(following[0]) and dated[1])


def _read_header(blocks: list[str], meta: dict, known: frozenset = frozenset()) -> int:
    """Consume header blocks from the top; fill ``meta``; return the index of the first body block.

    ``known`` names fields the file format already gave (HTML meta tags, corpus columns): a heading is
    never guessed to be one of those, and a byline or date line at the top is dropped as header.
    """
    i = 0
    while i < len(blocks) and i < 8:
        block = blocks[i]
        plain = strip_markdown(block)
        kv = _KEY_VALUE.match(plain)
        byline = _BYLINE.match(plain)
        date = date_line(plain)
        if kv:
            _set_key_value(meta, kv.group("key").lower(), kv.group("value").strip())
        elif byline and len(plain.split()) <= 12 and (not meta.get("author") or "author" in known):
            if not meta.get("author"):
                _put_byline(meta, byline.group("name"))
        elif date and (not meta.get("date") or "date" in known):
            if not meta.get("date"):
                meta["date"] = date
        elif _is_heading(block) or block.startswith("#") or i == 0 and (
                _title_before_byline(blocks) or _title_before_date(blocks)):
            if meta.get("title") and _same_words(plain, meta["title"]):
                pass  # the title repeated (a page's <h1>, a Markdown heading after front matter)
            elif not meta.get("title") and "title" not in known:
                meta["title"] = plain
            elif not meta.get("outlet") and "outlet" not in known:
                meta["outlet"] = re.sub(r"\s+", " ", plain)
            else:
                break
        else:
            break
        i += 1
    return i


def _same_words(a: str, b: str) -> bool:
    words = lambda text: re.findall(r"\w+", text.casefold())  # noqa: E731
    return words(a) == words(b)


def _set_key_value(meta: dict, key: str, value: str) -> None:
    value = strip_markdown(value)
    if key in ("title", "headline"):
        meta.setdefault("title", value)
    elif key in ("author", "byline", "by"):
        meta.setdefault("author", _clean_author(value))
    elif key in ("date", "published"):
        meta.setdefault("date", parse_date(value) or value)
    elif key in ("outlet", "source", "publication"):
        meta.setdefault("outlet", value)
    elif key in ("url", "link"):
        meta.setdefault("url", value.strip("<>"))


# "Aurel Kostin, retired lieutenant general": a name, a comma, then a role in lower case
_BYLINE_ROLE = re.compile(r"^(?P<name>[^,]+),\s+(?P<role>[a-z][^,]*\s[^,]+)$")
# what follows a byline's comma without being a role: a co-author, a place, an outlet, a credit line
_NOT_ROLE = re.compile(r"^(?:and|with|in|for|from|at|on|the|via|updated|reporting|additional|agencies)\b")


def _put_byline(meta: dict, text: str) -> None:
    """The byline's author, and a role written after the name in lower case ("By Jane Doe, retired
    judge"): the role is kept as ``byline_role``, the author's role when no bio gives one."""
    author = _clean_author(text)
    split = _BYLINE_ROLE.match(author)
    if split and _name_words(split.group("name")) and not _NOT_ROLE.match(split.group("role")):
        author = split.group("name").strip()
        meta["byline_role"] = _clean_role(split.group("role"))
    meta["author"] = author


def _clean_author(name: str) -> str:
    name = strip_markdown(name)
    name = re.sub(r"^by\s+", "", name, flags=re.I)
    return re.sub(r"\s+", " ", name).strip(" ,")


def _read_footer(blocks: list[str], start: int, meta: dict) -> int:
    """Consume footer blocks from the bottom; return the end index (exclusive) of the body."""
    end = len(blocks)
    while end > start:
        block = strip_markdown(blocks[end - 1])
        url = _URL_LINE.match(block)
        if url:
            meta.setdefault("url", url.group("url").strip("<>"))
        elif _DISCLAIMER.search(block) and len(block.split()) <= 60:
            pass
        elif signer := _signer(block):
            meta.setdefault("author", signer[0])
            if signer[1]:
                meta.setdefault("author_role", signer[1])
        elif bio := _bio_match(block, meta.get("author")):
            meta.setdefault("author_role", _clean_role(bio[1]))
            meta.setdefault("author", bio[0])
        elif body := _boilerplate(block, meta):
            meta.setdefault("author", body)
        else:
            break
        end -= 1
    return end


# A press release's "about us" line: "Halvard Minerals plc is a copper producer headquartered in …"
_BOILERPLATE = re.compile(r"^(?:The\s+)?(?P<name>[A-Z][\w&.'’-]*(?:\s+(?:[A-Z][\w&.'’-]*|of|the|and|for|plc|ltd|inc|&))*)"
                          r"\s+(?:is|was|has been)\s+(?:a|an|the|one)\s+[^.!?]+[.!]?$")


def _boilerplate(block: str, meta: dict) -> str | None:
    """The body a one-sentence "about" footer describes ("The Coalition of Valley Cooperatives is an
    association of …"), when the header names it (outlet, title or author line); else None."""
    match = _BOILERPLATE.match(block) if len(block.split()) <= 45 and "\n" not in block else None
    if not match or len(match.group("name").split()) < 2:
        return None
    name = match.group("name").casefold()
    named = " ".join(str(meta.get(k) or "") for k in ("outlet", "title", "author")).casefold()
    return match.group("name") if name in named else None


_CONTACT = re.compile(r"@|https?://|www\.|^[+(]?\d[\d\s().-]{6,}$")


def _signer(block: str) -> tuple[str, str | None] | None:
    """The name in a letter's closing ("Signed, The Board of …"; "Yours sincerely," then the name
    and a role on lines of their own) and the role, or None. Of the lines after the name, dates,
    e-mail addresses, links and phone numbers are dropped; the rest is the role ("Headteacher, St
    Mary's School"), unless each is a person's name of two or three words: then they are co-signers."""
    lines = block.split("\n")
    if len(lines) > 1 and _CLOSING.match(lines[0]):
        name = lines[1].rstrip(" .,")
        rest = [line.strip(" .,") for line in lines[2:]
                if not date_line(line) and not _CONTACT.search(line) and line.strip(" .,")]
        if not _name_words(name) or any(len(line.split()) > 12 for line in rest):
            return None
        if rest and all(2 <= len(line.split()) <= 3 and "," not in line and _name_words(line) for line in rest):
            return ", ".join([name] + rest), None
        return name, ", ".join(rest) or None
    match = _SIGNATURE.match(block)
    return (match.group("name").rstrip(" ."), None) if match and _name_words(match.group("name")) else None


# The one sentence a bio may have after it: "She writes here in a personal capacity.", "This essay
# is adapted from his book."
_BIO_TAIL = re.compile(r"^(?:(?:he|she|they|his|her|their)\s|(?:this|the)\s+(?:essay|article|piece|extract|"
                       r"excerpt|column|op-ed|text|chapter|commentary|views)\b)", re.I)


_WORD = re.compile(r"\w[\w'’-]*")


def _bio_match(block: str, author: str | None) -> tuple[str, str] | None:
    """(name, role) of the bio sentence of a footer block ("Jane Doe is the mayor of Y."), or None.
    When the author is known (from the byline or a sign-off), one short sentence of the usual kind
    may follow the bio ("This essay is adapted from her book."). The bio must name the author's
    surname as a word. The full stops of abbreviations ("Fr.", "St.") end no sentence."""
    if len(block.split()) > 45:
        return None
    match = _bio_sentence(block, author)
    if match is None and author and _ABBREVIATION.search(block):
        # "Fr. Anselm Kiery is the parish priest of St. Odran's": only for a bio naming the author in full
        match = _bio_sentence(_ABBREVIATION.sub(lambda m: m.group(0)[:-1] + _MASK, block), author)
        named = _WORD.findall(match.group("name").replace(_MASK, ".").lower()) if match else []
        if match and not all(w in named for w in _WORD.findall(author.lower())):
            match = None
    if match is None:
        return None
    return match.group("name").replace(_MASK, "."), match.group("role").replace(_MASK, ".")


_ABBREVIATION = re.compile(r"\b(?:Dr|Fr|St|Mr|Mrs|Ms|Mt|Prof|Rev|Gen|Lt|Col|Capt|Sgt|Cllr|Jr|Sr|No)\.")
_MASK = "\u2024"  # one dot leader, in the place of a full stop that ends no sentence


def _bio_sentence(block: str, author: str | None) -> re.Match | None:
    match = _BIO.match(block) if block.count(". ") <= 1 else None
    surname = _WORD.findall(author)[-1].lower() if author and _WORD.search(author) else None
    if match is None and surname:
        first, _, rest = block.partition(". ")
        if rest and ". " not in rest.rstrip(". ") and len(rest.split()) <= 20 and _BIO_TAIL.match(rest):
            match = _BIO.match(first + ".")
    if not match:
        return None
    if surname:
        return match if surname in _WORD.findall(match.group("name").lower()) else None
    return match if len(match.group("name").split()) >= 2 else None  # "Jane Doe is …", not "Police were …"


def _clean_role(role: str) -> str:
    role = re.sub(r"^(?:a|an|the)\s+", "", role.strip(), flags=re.I)
    return role.rstrip(" .")


def split_long(text: str, limit: int | None = None) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` characters at sentence ends (else at spaces, else anywhere)."""
    limit = limit or MAX_PARAGRAPH_CHARS
    if len(text) <= limit:
        return [text]
    parts, start = [], 0
    ends = [m.end() for m in re.finditer(r"[.!?…][\"”’»)\]]*\s+", text)]
    k = 0
    while len(text) - start > limit:
        stop = start + limit
        while k < len(ends) and ends[k] <= start:
            k += 1
        cut = None
        while k < len(ends) and ends[k] <= stop:  # the last sentence end that fits
            cut = ends[k]
            k += 1
        if cut is None or cut <= start + limit // 4:  # no sentence end in reach: the last space
            space = text.rfind(" ", start + limit // 4, stop)
            cut = space + 1 if space > start else stop
        parts.append(text[start:cut].strip())
        start = cut
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _allow_non_english(flag: bool | None) -> bool:
    if flag is not None:
        return flag
    return os.environ.get(ALLOW_NON_ENGLISH_ENV, "").strip().lower() not in ("", "0", "false", "no")


def check_language(paragraphs, path: str, allow_non_english: bool | None = None) -> tuple[str, list[str]]:
    """The language code of the body and the warnings; raise InputError when it is surely not English."""
    from .language import detect_language

    guess = detect_language("\n".join(p.text for p in paragraphs))
    if guess.english:
        return guess.code, []
    message = f"{path}: text looks like {guess.describe()}, not English; scores are English-only"
    if guess.confident and not _allow_non_english(allow_non_english):
        raise InputError(f"{message} (to score it anyway: read_article(path, allow_non_english=True) "
                         f"or {ALLOW_NON_ENGLISH_ENV}=1)")
    if not guess.confident:
        message += (" (few English function words, but no other language recognised)" if guess.code == "und"
                    else " (too little text to be sure)")
    warnings.warn(message, stacklevel=3)
    return guess.code, [message]


def read_text(text: str, path: str = "<text>", slug: str | None = None, encoding: str = "utf-8",
              notes: tuple[str, ...] = (), *, allow_non_english: bool | None = None,
              meta: Mapping[str, str | None] | None = None, source_format: str = "text") -> Article:
    """Parse already-decoded text into an :class:`Article`.

    ``meta`` holds metadata the file format already gave (HTML meta tags, .docx properties, corpus
    columns): its non-empty values win over the text's own header, and no heading is guessed to be
    a field it names. ``allow_non_english`` (default: the ``FRAMING_ALLOW_NON_ENGLISH`` environment
    variable) reads a text that is not English, with a warning, instead of raising InputError.
    """
    if len(text) > MAX_BYTES:
        raise InputError(f"{path}: text is {len(text):,} characters, over the {MAX_BYTES:,} limit")
    text, repaired = repair_mojibake(text)
    notes = tuple(notes) + ((f"{path}: repaired UTF-8 that had been decoded as cp1252 (â€œ → “)",) if repaired else ())
    text = normalize_text(text)
    if not text.strip():
        raise InputError(f"{path}: empty file (no text)")
    groups = _line_groups(text)
    blocks = split_blocks(text, groups)
    given = {k: v for k, v in (meta or {}).items() if k in META_KEYS}
    found: dict = {k: v for k, v in given.items() if v}
    if _stacked_header(groups):  # blocks[0] is the first group joined: neither rule above split it
        _read_stacked(groups[0], found, frozenset(given))
        start = 1 + _read_header(blocks[1:], found, frozenset(given))
    else:
        start = _read_header(blocks, found, frozenset(given))
    end = _read_footer(blocks, start, found)
    if found.get("byline_role"):
        found.setdefault("author_role", found.pop("byline_role"))
    body = blocks[start:end]
    if not body:  # everything looked like header: treat the blocks as body after all
        body = blocks[start:] or blocks
    pieces: list[str] = []
    for n, block in enumerate(body, start=1):
        parts = split_long(block)
        if len(parts) > 1:
            notes += (f"{path}: paragraph {n} has {len(block):,} characters; cut into {len(parts)} paragraphs of "
                      f"at most {MAX_PARAGRAPH_CHARS:,} at sentence ends where possible (later paragraph numbers "
                      "shift)",)
        pieces.extend(parts)
    paragraphs = tuple(Paragraph(i, block) for i, block in enumerate(pieces, start=1))
    language, language_notes = check_language(paragraphs, path, allow_non_english)
    values = {k: found.get(k) or None for k in META_KEYS}
    return Article(
        path=path,
        slug=slug or slugify(Path(path).stem),
        paragraphs=paragraphs,
        encoding=encoding,
        warnings=tuple(notes) + tuple(language_notes),
        language=language,
        source_format=source_format,
        **values,
    )


def read_file_bytes(p: Path, name: str, kind: str, limit: int, limit_name: str) -> bytes:
    """The bytes of ``p``, or an :class:`InputError` naming ``name``: missing, a folder, too big, unreadable, empty."""
    if not p.exists():
        raise InputError(f"{name}: no such file")
    if p.is_dir():
        raise InputError(f"{name}: is a folder, not {kind}")
    size = p.stat().st_size
    if size > limit:
        raise InputError(f"{name}: file is {size:,} bytes, over the {limit:,}-byte {limit_name}")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError(f"{name}: empty file (no text)")
    return data


def read_article(path: str | Path, *, allow_non_english: bool | None = None) -> Article:
    """Read one article file. Raises :class:`InputError` with the file name and the problem.

    The format is chosen by content and extension (see :mod:`analysis.formats`): plain text,
    Markdown, a saved HTML page, ``.docx``, or a CSV/JSONL file with exactly one row (several rows:
    use :func:`read_corpus`).
    """
    from . import formats

    p = Path(path)
    name = str(path)
    data = read_file_bytes(p, name, "an article file", formats.size_limit(p.suffix), "limit")
    kind = formats.detect_format(data, p.suffix, name)
    if kind != "text":
        return formats.read_bytes_as(kind, data, name, allow_non_english=allow_non_english)
    text, encoding, notes = decode_bytes(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty file (whitespace only)")
    return read_text(text, path=name, encoding=encoding, notes=tuple(notes), allow_non_english=allow_non_english)


def read_corpus(path: str | Path, *, allow_non_english: bool | None = None, skip_bad_rows: bool = False) -> list[Article]:
    """Every row of a CSV/TSV/JSONL corpus with a ``text`` column, as Articles (see :mod:`analysis.formats`)."""
    from .formats import read_corpus as _read_corpus

    return _read_corpus(path, allow_non_english=allow_non_english, skip_bad_rows=skip_bad_rows)


def with_metadata(article: Article, **values) -> Article:
    """A copy of ``article`` with some fields replaced."""
    return replace(article, **values)
