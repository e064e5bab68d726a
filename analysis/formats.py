"""Article formats besides plain text: saved HTML pages, Markdown, ``.docx``, and CSV/JSONL corpora.

:func:`analysis.reader.read_article` picks the reader by **content first, then extension**
(:func:`detect_format`):

* a zip archive (``PK``) is read as ``.docx``; a ``.docx`` name on anything else is a corrupt file;
  an OLE (old ``.doc``), PDF or RTF file is refused with a message saying what to save it as;
* text starting with ``<!DOCTYPE html``, ``<html``, ``<head`` or ``<body`` (or a ``.html``/``.htm``
  name on text with tags) is a saved web page, read **offline** with trafilatura: title, author,
  date, site name (→ outlet) and canonical URL from the page's metadata, body paragraphs from
  its main content (menus, footers and comments dropped). Nothing is ever fetched;
* ``.csv``/``.tsv`` and ``.jsonl``/``.ndjson``/``.json`` (or text whose first line is a JSON object
  with a ``text`` field) are corpora: one article per row, see :func:`read_corpus`.
  ``read_article`` accepts a corpus of exactly one row and refuses several;
* ``.md``/``.markdown`` (or a ``.txt`` with at least three kinds of Markdown markup) is converted to
  plain paragraphs: ``# Title`` → title, YAML front matter → metadata, emphasis, links, images,
  code and HTML tags stripped, each list item its own paragraph, block quotes unquoted;
* anything else is plain text (:func:`analysis.reader.read_text`).

Every format ends in :func:`analysis.reader.read_text`, so normalisation, the header/footer rules,
the long-paragraph bound and the English-only check are the same for all of them. Size limits:
:data:`analysis.reader.MAX_BYTES` for text, 5x that for HTML and ``.docx`` (markup and images are
not text), 40x for a corpus file (each row's text still at most ``MAX_BYTES``).

Corpus columns (names matched case-insensitively; the first one present is used):

* text: ``text`` (or ``body``, ``content``, ``full_text``, ``fulltext``, ``maintext``, ``article_text``);
* metadata: ``title``/``headline``, ``author``/``authors``/``byline``, ``date``/``published``/
  ``publish_date``/``date_published``/``publication_date``, ``outlet``/``source``/``publication``/
  ``media_name``/``sitename``/``publisher``, ``url``/``link``, ``author_role``;
* slug: ``slug``/``id``/``doc_id``/``article_id`` (else ``<file stem>-<row>``; repeats get ``-2``, ``-3``).
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
import warnings
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Iterator

from . import reader
from .errors import InputError, MissingExtraError
from .reader import Article, _same_words, decode_bytes, parse_date, read_text, slugify

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
DOCX_SUFFIXES = {".docx"}
CSV_SUFFIXES = {".csv", ".tsv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CORPUS_SUFFIXES = CSV_SUFFIXES | JSONL_SUFFIXES

TEXT_COLUMNS = ("text", "body", "content", "full_text", "fulltext", "maintext", "article_text")
META_COLUMNS = {
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline"),
    "date": ("date", "published", "publish_date", "published_at", "date_published", "publication_date"),
    "outlet": ("outlet", "source", "publication", "media_name", "sitename", "site_name", "publisher"),
    "url": ("url", "link", "canonical_url"),
    "author_role": ("author_role",),
}
ID_COLUMNS = ("slug", "id", "doc_id", "article_id")
# Author names that word processors put in a file's properties, not a byline.
PLACEHOLDER_AUTHORS = {"python-docx", "microsoft office user", "administrator", "admin", "user", "author",
                       "unknown", "owner", "windows user", "microsoft account"}
PYTHON_DOCX_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15)
MIN_BODY_WORDS = 5  # an HTML page needs one line of at least this many words to have an article body

_HTML_START = re.compile(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{2,40})", re.I)


# ---------------------------------------------------------------- detection

def size_limit(suffix: str) -> int:
    """The byte limit for one file with this suffix (see the module docstring)."""
    suffix = suffix.lower()
    if suffix in HTML_SUFFIXES or suffix in DOCX_SUFFIXES:
        return 5 * reader.MAX_BYTES
    if suffix in CORPUS_SUFFIXES:
        return 40 * reader.MAX_BYTES
    return reader.MAX_BYTES


def detect_format(data: bytes, suffix: str = "", name: str = "<file>") -> str:
    """``text``, ``markdown``, ``html``, ``docx``, ``csv`` or ``jsonl``, from content and extension.

    Raises :class:`InputError` for formats that are recognised but not read (PDF, old .doc, RTF) and
    for a ``.docx`` name on a file that is not a zip archive.
    """
    suffix = suffix.lower()
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise InputError(f"{name}: an old binary Word .doc (OLE) file; save it as .docx or .txt")
    if data.startswith(b"%PDF-"):
        raise InputError(f"{name}: a PDF file; extract its text first (e.g. 'pdftotext') and read the .txt")
    if suffix in DOCX_SUFFIXES:
        raise InputError(f"{name}: corrupt .docx (not a zip archive); open and re-save it in Word, or save it as .txt")
    head = _head_text(data)
    if head.startswith("{\\rtf"):
        raise InputError(f"{name}: an RTF file; save it as .docx or .txt")
    if _HTML_START.match(head) or (suffix in HTML_SUFFIXES and re.search(r"<[A-Za-z!/]", head)):
        return "html"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in JSONL_SUFFIXES or _looks_like_jsonl(head):
        return "jsonl"
    if suffix in MARKDOWN_SUFFIXES or _looks_like_markdown(head):
        return "markdown"
    return "text"


def _head_text(data: bytes) -> str:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").lstrip("\ufeff \t\r\n")
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")


def _looks_like_jsonl(head: str) -> bool:
    first = head.split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    try:
        record = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and any(_norm(k) in TEXT_COLUMNS for k in record)


def _looks_like_markdown(head: str) -> bool:
    signals = (
        r"(?m)^#{1,6}\s+\S",  # ATX heading
        r"\[[^\]\n]+\]\((?:https?://|/|#)[^)\s]*\)",  # link
        r"\*\*\S[^*\n]*\*\*|__\S[^_\n]*__",  # strong emphasis
        r"(?m)^\s*[-*+]\s+\S.*\n\s*[-*+]\s+\S",  # a list of at least two items
        r"(?m)^(```|~~~)",  # fenced code
        r"(?m)^>\s",  # block quote
    )
    return sum(bool(re.search(pattern, head)) for pattern in signals) >= 3


def read_bytes_as(kind: str, data: bytes, name: str, *, allow_non_english: bool | None = None) -> Article:
    """Read ``data`` (the bytes of the file ``name``) as the format ``kind`` from :func:`detect_format`."""
    if kind == "html":
        return read_html(data, name, allow_non_english=allow_non_english)
    if kind == "docx":
        return read_docx(data, name, allow_non_english=allow_non_english)
    if kind in ("csv", "jsonl"):
        articles = list(_corpus_articles(kind, data, name, allow_non_english, skip_bad_rows=False))
        if len(articles) == 1:
            return articles[0]
        raise InputError(f"{name}: a corpus of {len(articles)} texts, not one article; read it with "
                         "analysis.reader.read_corpus (one Article per row)")
    text, encoding, notes = decode_bytes(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty file (whitespace only)")
    if kind == "markdown":
        return read_text(markdown_to_text(text), path=name, encoding=encoding, notes=tuple(notes),
                         allow_non_english=allow_non_english, source_format="markdown")
    return read_text(text, path=name, encoding=encoding, notes=tuple(notes), allow_non_english=allow_non_english)


# ---------------------------------------------------------------- HTML

def _decode_html(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """UTF-8 (or a BOM), else the charset the page declares, else the reader's warned fallback."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-8-sig"), "utf-8", []
        except UnicodeDecodeError:
            pass
        declared = _CHARSET.search(data[:4096])
        if declared:
            encoding = declared.group(1).decode("ascii").lower()
            try:
                codecs.lookup(encoding)
                return data.decode(encoding), encoding, []
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_bytes(data, name)


def read_html(data: bytes, name: str = "<html>", *, allow_non_english: bool | None = None) -> Article:
    """A saved web page → Article, with trafilatura, offline (the page is never fetched)."""
    text, encoding, notes = _decode_html(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty file (whitespace only)")
    try:
        import trafilatura
    except ImportError as exc:
        raise MissingExtraError(
            f"{name}: reading HTML needs 'trafilatura' (with 'lxml_html_clean'): "
            "run 'pip install -e .' in the project (or 'pip install trafilatura lxml_html_clean')"
        ) from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = trafilatura.bare_extraction(
                text, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
                include_links=False, include_formatting=False, deduplicate=False)
    except (ValueError, TypeError, AttributeError, LookupError, RecursionError, MemoryError) as exc:
        raise InputError(f"{name}: cannot parse the HTML page ({type(exc).__name__})") from exc
    except Exception as exc:  # lxml's own errors on hostile markup
        if type(exc).__module__.startswith(("lxml", "trafilatura", "htmldate", "courlan", "justext")):
            raise InputError(f"{name}: cannot parse the HTML page ({type(exc).__name__})") from exc
        raise
    found = _as_dict(doc)
    title = _clean(found.get("title"))
    lines = [line.strip() for line in (found.get("text") or "").split("\n") if line.strip()]
    while lines and title and _same_words(lines[0], title):
        lines.pop(0)
    words = sum(len(line.split()) for line in lines)
    if not any(len(line.split()) >= MIN_BODY_WORDS for line in lines):
        raise InputError(f"{name}: no article text found in the HTML page (only {words} word"
                         f"{'' if words == 1 else 's'} of menus or boilerplate); save the article's text as .txt "
                         "and read that")
    author = _clean(found.get("author"))
    meta = {
        "title": title,
        "author": author.replace("; ", ", ").replace(";", ", ") if author else None,
        "date": parse_date(found.get("date") or "") or _clean(found.get("date")),
        "outlet": _clean(found.get("sitename")),
        "url": _clean(found.get("url")),
    }
    return read_text("\n\n".join(lines), path=name, encoding=encoding, notes=tuple(notes),
                     allow_non_english=allow_non_english, meta=meta, source_format="html")


def _as_dict(doc) -> dict:
    if doc is None:
        return {}
    if isinstance(doc, dict):
        return doc
    if hasattr(doc, "as_dict"):
        return doc.as_dict()
    return {k: getattr(doc, k, None) for k in ("title", "author", "date", "sitename", "url", "text")}


def _clean(value) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s+", " ", str(value)).strip()
    return value or None


# ---------------------------------------------------------------- Markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FENCE = re.compile(r"^(```|~~~)")
_REF_DEF = re.compile(r"^\[[^\]]+\]:\s*\S+")
_RULE = re.compile(r"^([-*_])(?:[ \t]*\1){2,}$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_SETEXT = re.compile(r"^(=+|-+)$")
_ATX = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_ITEM = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^(?:>\s?)+")


def inline_markdown(text: str) -> str:
    """Strip inline Markdown: images, links, code, emphasis, HTML tags, escapes, hard breaks."""
    text = re.sub(r"!\[([^\]\n]*)\]\([^)\n]*\)", "", text)  # images
    text = re.sub(r"\[([^\]\n]+)\]\([^)\n]*\)", r"\1", text)  # links
    text = re.sub(r"\[([^\]\n]+)\]\[[^\]\n]*\]", r"\1", text)  # reference links
    text = re.sub(r"<((?:https?|mailto):[^>\s]+)>", r"\1", text)  # autolinks
    text = re.sub(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", "", text)  # inline HTML tags
    text = re.sub(r"`([^`\n]*)`", r"\1", text)
    text = re.sub(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*", r"\1", text)
    text = re.sub(r"__(?=\S)([^_\n]+?)(?<=\S)__", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])", r"\1", text)
    text = re.sub(r"~~(?=\S)([^~\n]+?)(?<=\S)~~", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>|\"'])", r"\1", text)  # escapes
    return re.sub(r"(?:[ \t]{2,}|\\)$", "", text)  # hard line breaks


def _front_matter(text: str) -> tuple[list[str], str]:
    """YAML front matter → ``Key: value`` header lines the reader understands, and the rest of the text."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return [], text
    import yaml

    try:
        data = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, RecursionError, ValueError):
        return [], text
    if not isinstance(data, dict):
        return [], text
    header = []
    for key, label in (("title", "Title"), ("author", "Author"), ("authors", "Author"), ("date", "Date"),
                       ("outlet", "Source"), ("source", "Source"), ("publication", "Source"), ("url", "URL")):
        value = data.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v is not None)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        if value not in (None, "") and not isinstance(value, dict):
            line = " ".join(str(value).split())
            if line and not any(h.startswith(f"{label}:") for h in header):
                header.append(f"{label}: {line}")
    return header, text[match.end():]


def markdown_to_text(text: str) -> str:
    """Markdown → the plain layout :func:`analysis.reader.read_text` reads (``# Title`` kept for the title)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    header, text = _front_matter(text)
    out: list[str] = []
    in_fence = False
    seen_content = bool(header)
    first_line = None  # index in ``out`` of the first line of content
    for raw in text.split("\n"):
        line = raw.strip()
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence or _REF_DEF.match(line) or _TABLE_RULE.match(line) and "-" in line and "|" in line:
            continue
        if _SETEXT.match(line) and out and out[-1].strip() and not _ITEM.match(out[-1]):
            first = line[0] == "=" and first_line == len(out) - 1 and not header
            previous = out.pop()
            out.extend(["", ("# " if first else "") + previous, ""])
            seen_content = True
            continue
        if _RULE.match(line):
            out.append("")
            continue
        line = _QUOTE.sub("", line)
        heading = _ATX.match(line)
        if heading:
            title = inline_markdown(heading.group(2)).strip()
            first = len(heading.group(1)) == 1 and not seen_content
            out.extend(["", ("# " if first else "") + title, ""])
            seen_content = seen_content or bool(title)
            continue
        item = _ITEM.match(line)
        if item:
            out.extend(["", inline_markdown(item.group(1))])
            seen_content = True
            continue
        out.append(inline_markdown(line))
        if line and first_line is None:
            first_line = len(out) - 1
        seen_content = seen_content or bool(line)
    body = "\n".join(out)
    return "\n".join(header) + "\n\n" + body if header else body


# ---------------------------------------------------------------- .docx

def read_docx(data: bytes, name: str = "<docx>", *, allow_non_english: bool | None = None) -> Article:
    """A Word ``.docx`` → Article: body paragraphs; title, author and creation date from the properties."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise InputError(f"{name}: corrupt .docx (not a readable zip archive: {exc})") from exc
    names = {m.filename for m in members}
    if "word/document.xml" not in names:
        raise InputError(f"{name}: a zip archive without word/document.xml: not a Word .docx (corrupt, "
                         "or another kind of archive)")
    unpacked = sum(m.file_size for m in members)
    if unpacked > 20 * reader.MAX_BYTES:
        raise InputError(f"{name}: .docx unpacks to {unpacked:,} bytes, over the {20 * reader.MAX_BYTES:,}-byte limit")
    try:
        import docx
    except ImportError as exc:
        raise MissingExtraError(f"{name}: reading .docx needs 'python-docx': run 'pip install -e .' in the project") from exc
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [(_style_name(p), p.text) for p in document.paragraphs]
        props = document.core_properties
        core_title, core_author, created = props.title, props.author, props.created
    except Exception as exc:  # python-docx, lxml and zipfile raise many types on a damaged file
        raise InputError(f"{name}: corrupt .docx ({type(exc).__name__}: {str(exc)[:120]})") from exc
    texts = [(style, text.strip()) for style, text in paragraphs if text and text.strip()]
    if not texts:
        raise InputError(f"{name}: empty file (the .docx has no text paragraphs)")
    title = None
    for k, (style, text) in enumerate(texts[:3]):
        if style.lower() in ("title", "heading 1", "heading1"):
            title = text
            del texts[k]
            break
    title = title or _clean(core_title)
    if not texts:
        raise InputError(f"{name}: empty file (the .docx has only a title)")
    meta = {"title": title} if title else {}
    article = read_text("\n\n".join(text for _, text in texts), path=name, encoding="docx",
                        allow_non_english=allow_non_english, meta=meta, source_format="docx")
    author = _clean(core_author)
    if author and author.lower() in PLACEHOLDER_AUTHORS:
        author = None
    date = None
    if isinstance(created, datetime) and created.replace(tzinfo=None) != PYTHON_DOCX_TEMPLATE_CREATED:
        date = created.date().isoformat()
    if article.date and (parse_date(article.date) or not date):
        date = article.date  # a full date in the text wins; one without a year yields to the file's
    return replace(article, author=article.author or author, date=date)


def _style_name(paragraph) -> str:
    try:
        style = paragraph.style
        return (style.name or "") if style is not None else ""
    except (KeyError, AttributeError, ValueError):
        return ""


# ---------------------------------------------------------------- corpora

def _norm(column) -> str:
    return re.sub(r"\s+", "_", str(column).strip().lstrip("\ufeff").lower())


def read_corpus(path: str | Path, *, allow_non_english: bool | None = None, skip_bad_rows: bool = False) -> list[Article]:
    """Every row of a CSV/TSV or JSONL/JSON corpus as an :class:`Article` (see the module docstring).

    A row that cannot be read (empty text, not English, ...) raises :class:`InputError` naming the
    file and the row; with ``skip_bad_rows=True`` it is skipped with a warning instead.
    """
    return list(iter_corpus(path, allow_non_english=allow_non_english, skip_bad_rows=skip_bad_rows))


def iter_corpus(path: str | Path, *, allow_non_english: bool | None = None,
                skip_bad_rows: bool = False) -> Iterator[Article]:
    """Like :func:`read_corpus`, one Article at a time."""
    p = Path(path)
    name = str(path)
    data = reader.read_file_bytes(p, name, "a corpus file", 40 * reader.MAX_BYTES, "corpus limit")
    kind = detect_format(data, p.suffix, name)
    if kind not in ("csv", "jsonl"):
        raise InputError(f"{name}: not a corpus file (a .csv/.tsv with a header row and a 'text' column, or "
                         ".jsonl with a 'text' field); read a single article with read_article")
    return _corpus_articles(kind, data, name, allow_non_english, skip_bad_rows)


def _corpus_articles(kind: str, data: bytes, name: str, allow_non_english, skip_bad_rows) -> Iterator[Article]:
    text, encoding, notes = decode_bytes(data, name)
    records = _csv_records(text, name) if kind == "csv" else _json_records(text, name)
    stem = slugify(Path(name).stem)
    slugs: dict[str, int] = {}
    columns, rows = records
    text_column = next((c for c in TEXT_COLUMNS if c in columns), None)
    if text_column is None:
        shown = ", ".join(sorted(columns)[:12]) or "none"
        what = "column" if kind == "csv" else "field"
        raise InputError(f"{name}: no 'text' {what} ({what}s: {shown}); a corpus needs one {what} named "
                         f"text (or {', '.join(TEXT_COLUMNS[1:4])}) holding each article's text")
    meta_columns = {key: next((c for c in names if c in columns), None) for key, names in META_COLUMNS.items()}
    known = {k: None for k in ("title", "author", "date", "outlet", "url")} if any(meta_columns.values()) else {}
    id_column = next((c for c in ID_COLUMNS if c in columns), None)
    return _corpus_rows(rows, name, stem, slugs, text_column, meta_columns, known, id_column, encoding,
                        tuple(notes), allow_non_english, skip_bad_rows)


def _corpus_rows(rows, name, stem, slugs, text_column, meta_columns, known, id_column, encoding, notes,
                 allow_non_english, skip_bad_rows) -> Iterator[Article]:
    for where, number, record in rows:
        try:
            yield _row_article(record, where, number, name, stem, slugs, text_column, meta_columns, known,
                               id_column, encoding, notes, allow_non_english)
        except InputError as exc:
            if not skip_bad_rows:
                raise
            warnings.warn(f"skipped: {exc}", stacklevel=2)


def _row_article(record, where, number, name, stem, slugs, text_column, meta_columns, known, id_column,
                 encoding, notes, allow_non_english) -> Article:
    label = f"{name} {where}"
    body = record.get(text_column)
    if body is None:
        raise InputError(f"{label}: no '{text_column}' value")
    if not isinstance(body, str):
        raise InputError(f"{label}: '{text_column}' is a {type(body).__name__}, not text")
    if not body.strip():
        raise InputError(f"{label}: empty text")
    if len(body) > reader.MAX_BYTES:
        raise InputError(f"{label}: text is {len(body):,} characters, over the {reader.MAX_BYTES:,} limit")
    meta = dict(known)
    for key, column in meta_columns.items():
        if column is not None:
            value = _value(record.get(column))
            if key == "date" and value:
                value = parse_date(value) or value
            meta[key] = value
    raw_id = _value(record.get(id_column)) if id_column else None
    slug = slugify(raw_id) if raw_id else f"{stem}-{number}"
    slugs[slug] = slugs.get(slug, 0) + 1
    if slugs[slug] > 1:
        slug = f"{slug}-{slugs[slug]}"
    article = read_text(body, path=label, slug=slug, encoding=encoding, notes=notes,
                        allow_non_english=allow_non_english, meta=meta,
                        source_format="csv" if where.startswith("row") else "jsonl")
    return replace(article, path=name)


def _value(value) -> str | None:
    if value is None or isinstance(value, (dict, bool)):
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v is not None and not isinstance(v, (dict, list)))
    return _clean(value)


def _csv_records(text: str, name: str) -> tuple[set[str], list]:
    sample = text[:65536]
    if Path(name).suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        try:
            delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0] or sample, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, len(text) + 1))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as exc:
        raise InputError(f"{name}: not valid CSV ({exc})") from exc
    finally:
        csv.field_size_limit(old_limit)
    rows = [row for row in rows if row]  # blank lines; a row of empty cells is kept (and named in errors)
    if not rows:
        raise InputError(f"{name}: empty file (no CSV rows)")
    header = [_norm(c) for c in rows[0]]
    columns = {c for c in header if c}
    records = []
    for number, row in enumerate(rows[1:], start=1):
        record = {}
        for column, cell in zip(header, row):
            if column and column not in record:
                record[column] = cell
        records.append((f"row {number}", number, record))
    if not records and columns:
        if any(c in TEXT_COLUMNS for c in columns):
            raise InputError(f"{name}: a header row but no data rows")
    return columns, records


def _json_records(text: str, name: str) -> tuple[set[str], list]:
    stripped = text.lstrip("\ufeff \t\r\n")
    items: list[tuple[str, int, object]] = []
    if stripped.startswith("["):  # a JSON array of objects
        try:
            data = json.loads(stripped)
        except (ValueError, RecursionError) as exc:
            raise InputError(f"{name}: not valid JSON ({_json_error(exc)})") from exc
        if not isinstance(data, list):
            raise InputError(f"{name}: JSON must be a list of objects or one object per line")
        items = [(f"item {n}", n, record) for n, record in enumerate(data, start=1)]
    else:
        whole = None
        if stripped.startswith("{") and "\n" in stripped.strip():
            try:  # one pretty-printed JSON object
                whole = json.loads(stripped)
            except (ValueError, RecursionError):
                whole = None
        if isinstance(whole, dict):
            items = [("item 1", 1, whole)]
        number = 0
        for line_no, line in enumerate(text.split("\n") if not items else (), start=1):
            line = line.strip().lstrip("\ufeff")
            if not line:
                continue
            try:
                record = json.loads(line)
            except (ValueError, RecursionError) as exc:
                raise InputError(f"{name} line {line_no}: not valid JSON ({_json_error(exc)})") from exc
            number += 1
            items.append((f"line {line_no}", number, record))
    for where, _, record in items:
        if not isinstance(record, dict):
            raise InputError(f"{name} {where}: not a JSON object with a 'text' field")
    if not items:
        raise InputError(f"{name}: empty file (no JSON records)")
    columns: set[str] = set()
    records = []
    for where, number, record in items:
        normed = {}
        for key, value in record.items():
            normed.setdefault(_norm(key), value)
        columns.update(normed)
        records.append((where, number, normed))
    return columns, records


def _json_error(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return getattr(exc, "msg", None) or str(exc)[:120]
