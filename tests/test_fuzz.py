"""Property-based fuzzing: arbitrary text and bytes never raise anything but the package's own errors.

Bounded for CI: each test runs at most 60 examples (30 for the slower full pipeline), with no per-example
deadline; the whole file takes well under 30 s. ``FRAMING_FUZZ_EXAMPLES=2000`` runs a longer hunt locally. With CI set, hypothesis is derandomized (same examples
every run); locally each run explores new ones. No example database is written into the repository.
"""
import os
import warnings

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from analysis import read_article, read_text  # noqa: E402
from analysis.errors import FramingError  # noqa: E402

EXAMPLES = int(os.environ.get("FRAMING_FUZZ_EXAMPLES", "60"))  # raise it for a long local hunt
settings.register_profile("framing", max_examples=EXAMPLES, deadline=None, database=None,
                          derandomize=bool(os.environ.get("CI")),
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("framing")

QUOTES = ['"', "“", "”", "«", "»", "'", "‘", "’", "„", "‹", "›", "`", "''", '""']
WORDS = ["said", "says", "claimed", "denied", "according to", "Police", "police", "protesters", "we", "We", "our",
         "the", "minister", "told", "reporters", "that", "it", "was", "false", "Ines Mora", "strikers", "government",
         "attacked", "were", "beaten", "by", "officers", "who", ",", ".", "?", "!", ":", ";", "—", "–", "-", "(", ")",
         "\n", "\n\n", " ", "  ", "\t", "\u00a0", "\u200b", "\ufeff", "\r\n", "…", "#", "*", "By", "2019", "Title:"]

# Text built from the extractors' own vocabulary, random quote marks and empty pieces: it reaches the
# quote pairing, reporting-clause and mention code far more often than uniform random Unicode.
pieces = st.one_of(st.sampled_from(QUOTES), st.sampled_from(WORDS), st.text(max_size=6), st.just(""))
newsish = st.lists(pieces, max_size=60).map(lambda parts: " ".join(parts))
any_text = st.one_of(st.text(max_size=400), newsish,
                     st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))


def only_framing_errors(call, *args, **kwargs):
    """Run ``call``; a FramingError (the documented type) is fine, anything else fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return call(*args, **kwargs)
        except FramingError:
            return None


@given(text=any_text)
def test_read_text_never_crashes(text):
    article = only_framing_errors(read_text, text, path="fuzz.txt")
    if article is not None:
        assert article.paragraphs and all(p.text.strip() for p in article.paragraphs)
        assert [p.index for p in article.paragraphs] == list(range(1, len(article.paragraphs) + 1))
        for p in article.paragraphs:
            p.text.encode("utf-8")  # always writable


SUFFIXES = [".txt", ".md", ".html", ".docx", ".csv", ".tsv", ".jsonl", ".json", ""]


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@given(data=st.one_of(st.binary(max_size=600), any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.sampled_from([b"PK\x03\x04", b"<html>", b"<!DOCTYPE html><p>", b"{", b"[", b"text\n",
                                       b'{"text": ""}', b"\xff\xfe", b"\xef\xbb\xbf", b"%PDF-", b"{\\rtf"])
                      .flatmap(lambda head: st.binary(max_size=300).map(lambda tail: head + tail))),
       suffix=st.sampled_from(SUFFIXES))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_read_article_never_crashes(fuzz_dir, data, suffix):
    path = fuzz_dir / f"input{suffix}"
    path.write_bytes(data)
    only_framing_errors(read_article, path)


@given(rows=st.lists(st.lists(st.one_of(any_text, st.sampled_from(QUOTES)), min_size=1, max_size=4), max_size=5),
       header=st.lists(st.sampled_from(["text", "title", "author", "date", "id", "url", "", "Text", "x"]),
                       min_size=1, max_size=5))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_corpus_csv_never_crashes(fuzz_dir, rows, header):
    import csv
    import io

    from analysis.formats import read_corpus

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = fuzz_dir / "corpus.csv"
    path.write_text(buffer.getvalue().replace("\ud800", ""), encoding="utf-8", errors="replace")
    only_framing_errors(read_corpus, path)


@pytest.fixture(scope="module")
def parsed(nlp):
    from analysis.cues import load_cues
    from analysis.sides import load_sides

    return nlp, load_cues(), load_sides()


@given(text=any_text)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_attribution_extract_never_crashes(parsed, text):
    from analysis.attribution import extract

    nlp, cues, _ = parsed
    doc = nlp(text)
    for att in only_framing_errors(extract, doc, cues) or []:
        assert 0 <= att.start <= att.end <= len(doc.text)
        assert doc.text[att.cue_start:att.cue_end] == att.cue


@given(text=any_text, author_side=st.sampled_from([None, "government", "protesters"]))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_mentions_never_crash(parsed, text, author_side):
    from analysis.mentions import mentions

    nlp, _, sides = parsed
    doc = nlp(text)
    for m in only_framing_errors(mentions, doc, sides, author_side) or []:
        assert doc.text[m.start:m.end] == m.text


@given(text=newsish)
@settings(max_examples=max(EXAMPLES // 2, 10), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_whole_pipeline_never_crashes(nlp, text):
    """read_text → score_article (sentiment, attributions, mentions, rules stance) end to end."""
    from analysis import score_article

    article = only_framing_errors(read_text, text, path="fuzz.txt")
    if article is None:
        return
    scores = only_framing_errors(score_article, article)
    if scores is not None:
        assert len(scores.paragraphs) == len(article.paragraphs)
        assert scores.paragraphs["sentiment"].dropna().between(-1, 1).all()
