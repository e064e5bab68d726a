"""Real-world input formats through the same read_article: HTML pages, Markdown, .docx, CSV/JSONL corpora."""
import json

import pytest

from analysis import InputError, read_article
from analysis.formats import detect_format, markdown_to_text, read_corpus
from analysis.reader import MAX_BYTES

docx = pytest.importorskip("docx")

BODY = [
    "Dockworkers blocked the port gates on Monday. “We will stay until wages are paid,” said union leader Ines Mora.",
    "Police said officers used tear gas after protesters threw stones. The mayor called the strike illegal.",
    "According to hospital records, nine people were injured, and the union said talks had collapsed.",
]

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour Strike Enters Second Week | Northern Courier</title>
<meta name="author" content="Tomas Reyes">
<meta property="og:site_name" content="Northern Courier">
<meta property="og:title" content="Harbour Strike Enters Second Week">
<meta property="article:published_time" content="2018-06-02T09:00:00Z">
<link rel="canonical" href="https://courier.example/2018/06/02/harbour-strike">
<script>window.tracker = function () { return "Subscribe now to read more"; };</script>
<style>body { font-family: serif; }</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour Strike Enters Second Week</h1>
""" + "\n".join(f"<p>{p}</p>" for p in BODY) + """
</article>
<aside class="related"><h3>Related</h3><a href="/x">Five things to do this weekend</a></aside>
<footer><p>© 2018 Northern Courier. All rights reserved. Subscribe now!</p></footer>
</body></html>
"""


def _docx(path, paragraphs, title_style=None, **props):
    document = docx.Document()
    for name, value in props.items():
        setattr(document.core_properties, name, value)
    if title_style:
        document.add_paragraph(title_style, style="Title")
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


# --- detection ------------------------------------------------------------------------------

@pytest.mark.parametrize("data,suffix,kind", [
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", ".txt", "html"),  # content wins
    (b"  \n<html><body>x</body></html>", "", "html"),
    (b"<p>Police said so.</p>", ".htm", "html"),
    (b"Plain words about <b>bold</b> claims.", ".txt", "text"),
    (b"PK\x03\x04rest-of-zip", ".bin", "docx"),
    (b"a,text\n1,x\n", ".csv", "csv"),
    (b'{"text": "Police said so."}\n', ".txt", "jsonl"),  # content: a JSON line with a text field
    (b'{"text": "Police said so."}\n', ".jsonl", "jsonl"),
    (b"# Title\n\nPolice said so.\n", ".md", "markdown"),
    (b"# Title\n\n**Bold** and [a link](https://x.org).\n\n- one\n- two\n", ".txt", "markdown"),
    (b"By [Askhat Daulbayev](#)\n\nPolice said so.\n", ".txt", "text"),  # one Markdown trace is not enough
])
def test_detect_format(data, suffix, kind):
    assert detect_format(data, suffix) == kind


@pytest.mark.parametrize("data,suffix,message", [
    (b"%PDF-1.7\n...", ".pdf", "a PDF file; extract its text first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".doc", "old binary Word .doc"),
    (b"{\\rtf1\\ansi Police said so.}", ".rtf", "an RTF file"),
    (b"this is not a zip", ".docx", "corrupt .docx"),
])
def test_detect_refuses_unsupported(data, suffix, message):
    with pytest.raises(InputError, match=message):
        detect_format(data, suffix, "file" + suffix)


# --- HTML -----------------------------------------------------------------------------------

def test_html_page_metadata_and_body(write):
    art = read_article(write("harbour.html", PAGE))
    assert art.source_format == "html"
    assert art.title == "Harbour Strike Enters Second Week"
    assert art.author == "Tomas Reyes"
    assert art.date == "2018-06-02"
    assert art.outlet == "Northern Courier"
    assert art.url == "https://courier.example/2018/06/02/harbour-strike"
    assert [p.text for p in art.paragraphs] == BODY  # curly quotes kept; no menu, title, footer, script
    assert art.slug == "harbour" and art.language == "en"


def test_html_saved_as_txt_is_read_as_html(write):
    art = read_article(write("saved-page.txt", PAGE))
    assert art.source_format == "html" and [p.text for p in art.paragraphs] == BODY


def test_html_declared_charset(write):
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("©", "\u00e9")
    art = read_article(write("cp1252.html", page.encode("cp1252", errors="replace")))
    assert art.encoding == "windows-1252" and art.warnings == ()
    assert art.paragraphs[0].text == BODY[0]


def test_html_without_article_body(write):
    page = ("<html><head><title>Northern Courier</title></head><body><nav><a href='/'>Home</a> "
            "<a href='/news'>News</a></nav><footer>© 2018</footer></body></html>")
    with pytest.raises(InputError, match=r"menu\.html: no article text found in the HTML page"):
        read_article(write("menu.html", page))


def test_html_without_trafilatura_names_the_install(write, monkeypatch):
    import sys

    from analysis.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if it (or lxml_html_clean) failed to import
    with pytest.raises(MissingExtraError, match=r"page\.html: reading HTML needs 'trafilatura'"):
        read_article(write("page.html", PAGE))


def test_html_never_fetches(write, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("reading a saved page must not open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert read_article(write("offline.html", PAGE)).title == "Harbour Strike Enters Second Week"


def test_html_size_limit_is_larger_than_text(write, monkeypatch):
    import analysis.reader as reader

    monkeypatch.setattr(reader, "MAX_BYTES", 2000)
    assert read_article(write("ok.html", PAGE)).title  # 2.3 kB page: under 5x the text limit
    with pytest.raises(InputError, match="over the 2,000-byte limit"):
        read_article(write("big.txt", "Police said so. " * 200))


# --- Markdown -------------------------------------------------------------------------------

MARKDOWN = """---
title: Water Protest Ends
author: [Ana Ruiz, Ben Ode]
date: 2020-07-09
---

# Water Protest Ends

Residents **ended** their sit-in after [city officials](https://example.org/officials) promised *new* pipes.

## Background

- The pipes burst in May.
- Officials said repairs would take `weeks`.

> “We will be back,” said organiser Lina Park.

![a photo of the sit-in](sit-in.png)

```
print("not article text")
```

[1]: https://example.org/ref
"""


def test_markdown_file(write):
    art = read_article(write("water.md", MARKDOWN))
    assert art.source_format == "markdown"
    assert (art.title, art.author, art.date) == ("Water Protest Ends", "Ana Ruiz, Ben Ode", "2020-07-09")
    assert [p.text for p in art.paragraphs] == [
        "Residents ended their sit-in after city officials promised new pipes.",
        "Background",
        "The pipes burst in May.",
        "Officials said repairs would take weeks.",
        "“We will be back,” said organiser Lina Park.",
    ]


def test_markdown_hash_title_without_front_matter(write):
    art = read_article(write("t.markdown", "# Farmers Block Roads\n\n*By* Lee Chang\n\nFarmers blocked the "
                                          "highway for a **third** day.\n\n1. Talks resume Friday.\n2. Police "
                                          "stayed away.\n"))
    assert art.title == "Farmers Block Roads" and art.author == "Lee Chang"
    assert [p.text for p in art.paragraphs] == ["Farmers blocked the highway for a third day.",
                                                "Talks resume Friday.", "Police stayed away."]


def test_markdown_inline_keeps_prose():
    text = markdown_to_text("A snake_case_name, 5 * 3 = 15, and a_b stay; **bold** goes.\n")
    assert text.strip() == "A snake_case_name, 5 * 3 = 15, and a_b stay; bold goes."


def test_setext_title():
    from analysis import read_text

    text = markdown_to_text("Strike Ends\n===========\n\nWorkers went home.\n\nTalks\n-----\n\nThey resume.\n")
    art = read_text(text)
    assert art.title == "Strike Ends"
    assert [p.text for p in art.paragraphs] == ["Workers went home.", "Talks", "They resume."]


# --- .docx ----------------------------------------------------------------------------------

def test_docx_paragraphs_and_properties(tmp_path):
    from datetime import datetime

    path = _docx(tmp_path / "strike.docx", ["By Tomas Reyes", *BODY], title_style="Harbour Strike Enters Second Week",
                 author="Word User Name", created=datetime(2018, 6, 2, 10, 0))
    art = read_article(path)
    assert art.source_format == "docx"
    assert art.title == "Harbour Strike Enters Second Week"
    assert art.author == "Tomas Reyes"  # the byline wins over the file's author property
    assert art.date == "2018-06-02"  # from the creation date: the text has no date line
    assert [p.text for p in art.paragraphs] == BODY


@pytest.mark.parametrize("date_line,expected", [("Friday 9 May", "2018-06-02"), ("9 May 2019", "2019-05-09")])
def test_docx_date_line_without_a_year_yields_to_the_creation_date(tmp_path, date_line, expected):
    from datetime import datetime

    path = _docx(tmp_path / "strike.docx", ["By Tomas Reyes", date_line, *BODY], title_style="Harbour Strike",
                 created=datetime(2018, 6, 2, 10, 0))
    art = read_article(path)
    assert art.date == expected and [p.text for p in art.paragraphs] == BODY


def test_docx_core_title_and_author(tmp_path):
    path = _docx(tmp_path / "props.docx", BODY, title="Port Strike", author="Ines Mora")
    art = read_article(path)
    assert (art.title, art.author) == ("Port Strike", "Ines Mora")
    assert art.date is None  # python-docx's template date is not the article's date
    assert len(art.paragraphs) == 3


def test_docx_placeholder_author_ignored(tmp_path):
    art = read_article(_docx(tmp_path / "plain.docx", BODY))  # python-docx's default author is "python-docx"
    assert art.author is None and art.title is None


@pytest.mark.parametrize("damage,message", [
    (lambda data: data[: len(data) // 2], "corrupt .docx"),
    (lambda data: b"not a zip at all", "corrupt .docx"),
    (lambda data: data.replace(b"word/document.xml", b"word/documenX.xml"), "a zip archive without word/document.xml"),
])
def test_docx_corrupt(tmp_path, damage, message):
    path = _docx(tmp_path / "good.docx", BODY)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(damage(path.read_bytes()))
    with pytest.raises(InputError, match=rf"bad\.docx: ({message})"):
        read_article(bad)


def test_docx_with_broken_xml(tmp_path):
    import zipfile

    good = _docx(tmp_path / "good.docx", BODY)
    bad = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<w:document><unclosed" if item.filename == "word/document.xml" else data)
    with pytest.raises(InputError, match=r"broken\.docx: corrupt \.docx \(XMLSyntaxError"):
        read_article(bad)


def test_zip_that_is_not_docx(tmp_path):
    import zipfile

    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "Police said so.")
    with pytest.raises(InputError, match="without word/document.xml"):
        read_article(path)


def test_docx_zip_bomb_refused(tmp_path, monkeypatch):
    import analysis.reader as reader

    path = _docx(tmp_path / "bomb.docx", ["Police said the march was peaceful. " * 10_000])
    assert path.stat().st_size < 40_000
    monkeypatch.setattr(reader, "MAX_BYTES", 8000)  # file limit 5x: 40 kB; unpacked limit 20x: 160 kB
    with pytest.raises(InputError, match=r"bomb\.docx: \.docx unpacks to .* over the .*-byte limit"):
        read_article(path)


# --- CSV / JSONL corpora --------------------------------------------------------------------

CSV = (
    "id,Title,Author,date,outlet,URL,author_role,text\n"
    '101,Port Strike,Tomas Reyes,"June 2, 2018",Northern Courier,https://x.example/1,staff reporter,'
    f'"{BODY[0].replace(chr(34), chr(34) * 2)}\n\n{BODY[1]}"\n'
    f'102,Road Blockade,,2019-03-01,Valley Post,,,"Farmers blocked the highway for a third day, police said."\n'
    f'101,Duplicate Id,,,,,,"Officials said the talks would resume on Friday."\n'
)


def test_csv_corpus(write):
    articles = read_corpus(write("corpus.csv", CSV))
    assert [a.slug for a in articles] == ["101", "102", "101-2"]
    first = articles[0]
    assert (first.title, first.author, first.date, first.outlet, first.url, first.author_role) == (
        "Port Strike", "Tomas Reyes", "2018-06-02", "Northern Courier", "https://x.example/1", "staff reporter")
    assert [p.text for p in first.paragraphs] == BODY[:2]
    assert articles[1].author is None and articles[1].date == "2019-03-01"
    assert all(a.source_format == "csv" and a.path.endswith("corpus.csv") for a in articles)


def test_csv_semicolon_and_tsv(write):
    (a,) = read_corpus(write("semi.csv", "title;text\nOne;Police said the march was peaceful.\n"))
    assert a.title == "One" and a.slug == "semi-1"
    (b,) = read_corpus(write("tabs.tsv", "text\tauthor\nPolice said the march was peaceful.\tAna Ruiz\n"))
    assert b.author == "Ana Ruiz"


def test_csv_long_field_over_default_csv_limit(write):
    long = " ".join(["Police said the march was peaceful."] * 5000)  # 180 kB: over csv's 128 kB default
    (a,) = read_corpus(write("long.csv", f'text\n"{long}"\n'))
    assert sum(len(p.text) for p in a.paragraphs) >= len(long) - 100


def test_csv_without_text_column(write):
    path = write("notext.csv", "id,headline,summary\n1,Port Strike,Dockworkers walked out\n")
    with pytest.raises(InputError, match=r"notext\.csv: no 'text' column \(columns: headline, id, summary\)"):
        read_corpus(path)
    with pytest.raises(InputError, match="no 'text' column"):
        read_article(path)


def test_read_article_one_row_or_refuse(write):
    one = read_article(write("one.csv", "text,title\nPolice said the march was peaceful.,March\n"))
    assert one.title == "March" and one.paragraphs[0].text == "Police said the march was peaceful."
    with pytest.raises(InputError, match=r"many\.csv: a corpus of 3 texts, not one article; read it with .*read_corpus"):
        read_article(write("many.csv", CSV))


def test_bad_row_names_the_row_or_is_skipped(write):
    path = write("rows.csv", 'text\n"Police said the march was peaceful."\n"   "\n"Officials said talks resume."\n')
    with pytest.raises(InputError, match=r"rows\.csv row 2: empty text"):
        read_corpus(path)
    with pytest.warns(UserWarning, match="row 2: empty text"):
        articles = read_corpus(path, skip_bad_rows=True)
    assert [a.slug for a in articles] == ["rows-1", "rows-3"]


def test_jsonl_corpus(write):
    lines = [{"id": "a1", "text": BODY[0], "authors": ["Ana Ruiz", "Ben Ode"], "published": "2020-07-09T10:00:00Z"},
             {"id": "a2", "text": BODY[1], "title": None, "source": "Valley Post"}]
    path = write("c.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n")
    first, second = read_corpus(path)
    assert (first.slug, first.author, first.date) == ("a1", "Ana Ruiz, Ben Ode", "2020-07-09")
    assert (second.slug, second.outlet, second.title) == ("a2", "Valley Post", None)
    assert first.paragraphs[0].text == BODY[0] and first.source_format == "jsonl"


def test_json_array_corpus(write):
    path = write("c.json", json.dumps([{"text": BODY[0]}, {"text": BODY[2]}]))
    assert [a.slug for a in read_corpus(path)] == ["c-1", "c-2"]
    pretty = write("one.json", "\n" + json.dumps({"text": BODY[1], "title": "Gas"}, indent=2))
    assert read_article(pretty).title == "Gas"


@pytest.mark.parametrize("content,message", [
    ('{"text": "ok"}\n{"text": \n', r"bad\.jsonl line 2: not valid JSON"),
    ('{"title": "x"}\n', r"bad\.jsonl: no 'text' field \(fields: title\)"),
    ('["text"]\n', r"bad\.jsonl item 1: not a JSON object"),
    ('{"text": 42}\n', r"bad\.jsonl line 1: 'text' is a int, not text"),
    ("[" * 100_000 + "]" * 100_000, r"bad\.jsonl: not valid JSON \(nested too deeply\)"),
])
def test_jsonl_errors(write, content, message):
    with pytest.raises(InputError, match=message):
        read_corpus(write("bad.jsonl", content))


def test_read_corpus_on_a_text_file(write):
    with pytest.raises(InputError, match=r"plain\.txt: not a corpus file"):
        read_corpus(write("plain.txt", "Police said the march was peaceful.\n"))


def test_corpus_size_limit(write, monkeypatch):
    import analysis.reader as reader

    monkeypatch.setattr(reader, "MAX_BYTES", 50)
    path = write("big.csv", "text\n" + "\n".join(["Police said the march was peaceful."] * 3))
    assert len(read_corpus(path)) == 3  # 40x the text limit for the file ...
    with pytest.raises(InputError, match=r"big2\.csv row 1: text is .* over the 50 limit"):  # ... each row under it
        read_corpus(write("big2.csv", "text\n" + "Police said so. " * 10 + "\n"))


def test_scores_for_every_format(write, tmp_path):
    from analysis import score_article

    paths = [write("s.html", PAGE), write("s.md", "# Port Strike\n\n" + "\n\n".join(BODY)),
             _docx(tmp_path / "s.docx", BODY, title="Port Strike"),
             write("s.jsonl", json.dumps({"text": "\n\n".join(BODY), "title": "Port Strike"}) + "\n")]
    for path in paths:
        scores = score_article(path)
        assert len(scores.paragraphs) == 3, path
        assert (scores.attributions["cue"] == "said").any(), path
    assert MAX_BYTES  # the documented limit is importable from the reader
