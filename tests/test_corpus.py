"""Corpus runs: Parquet tables, the parse and score caches, skip-and-report, determinism, engines."""
import csv
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import analysis.corpus as corpus
from analysis.cli import main
from analysis.output import TABLES

ARTICLES = {
    "port-strike.txt": """Port Strike Spreads

By Lena Marlow

March 3, 2019

The Valley Post

Dockworkers blocked the port gates on Monday. "We will stay until wages are paid," said union leader Ines Novak.

Police said officers used tear gas after protesters threw stones.

According to hospital records, nine people were injured.
""",
    "city-talks.txt": """Talks Collapse in Dunmere

The mayor said the strikers had refused a fair offer. Union members denied the claim.

Soldiers detained three students near the market, witnesses said.
""",
    "quiet-day.md": "Officials said the march through the square was peaceful.\n",
}


@pytest.fixture
def corpus_dir(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def parses(monkeypatch):
    """Every paragraph text handed to spaCy, in order."""
    seen: list[str] = []
    real = corpus._parse

    def counting(texts):
        seen.extend(texts)
        return real(texts)

    monkeypatch.setattr(corpus, "_parse", counting)
    return seen


def score(*args):
    return main(["score", *map(str, args)])


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_parquet_tables_one_row_per_article(corpus_dir, tmp_path, capsys):
    out = tmp_path / "out"
    assert score(corpus_dir, "--out", out, "--format", "parquet", "--quiet") == 0
    assert capsys.readouterr().out.strip() == str(out)
    names = {p.name for p in out.iterdir()}
    assert {f"{t}.parquet" for t in (*TABLES, "articles")} <= names
    assert {"skipped.csv", "corpus.json", ".cache"} <= names
    assert not [n for n in names if n.startswith(".") and n != ".cache"]  # no temporary files left
    articles = pd.read_parquet(out / "articles.parquet")
    assert articles["slug"].tolist() == ["city-talks", "port-strike", "quiet-day"]  # input (sorted) order
    port = articles.set_index("slug").loc["port-strike"]
    assert port["title"] == "Port Strike Spreads" and port["author"] == "Lena Marlow"
    assert port["date"] == "2019-03-03" and port["outlet"] == "The Valley Post" and port["n_paragraphs"] == 3
    for column in ("net_stance_government", "n_paragraphs_protesters", "agent_of_harm_share_government",
                   "patient_of_harm_share_protesters", "author_side"):
        assert column in articles.columns
    for table in TABLES:
        frame = pd.read_parquet(out / f"{table}.parquet")
        assert frame.columns[0] == "slug", table
        assert set(frame["slug"]) <= set(articles["slug"])
    paragraphs = pd.read_parquet(out / "paragraphs.parquet")
    assert paragraphs.groupby("slug").size().to_dict() == {"city-talks": 2, "port-strike": 3, "quiet-day": 1}
    assert list(csv.reader((out / "skipped.csv").open())) == [["file", "problem"]]


def test_parquet_matches_per_article_csv(corpus_dir, tmp_path):
    out = tmp_path / "out"
    assert score(corpus_dir, "--out", out, "--format", "both", "--quiet") == 0
    sentences = pd.read_parquet(out / "sentences.parquet")
    for slug in ("port-strike", "city-talks"):
        from_csv = pd.read_csv(out / slug / "sentences.csv", keep_default_na=False)
        mine = sentences[sentences.slug == slug].drop(columns="slug").reset_index(drop=True)
        assert mine["text"].tolist() == from_csv["text"].tolist()
        assert mine["start"].tolist() == from_csv["start"].tolist()


def test_rerun_parses_nothing_and_a_changed_paragraph_only_that(corpus_dir, tmp_path, parses):
    out = tmp_path / "out"
    assert score(corpus_dir, "--out", out, "--format", "parquet", "--quiet") == 0
    assert len(parses) == 6  # every paragraph once
    first = files_of(out)

    parses.clear()
    assert score(corpus_dir, "--out", out, "--format", "parquet", "--quiet") == 0
    assert parses == []  # unchanged corpus: no parsing at all
    assert files_of(out) == first  # and byte-identical tables

    path = corpus_dir / "port-strike.txt"
    path.write_text(path.read_text().replace("nine people", "eleven people"), encoding="utf-8")
    assert score(corpus_dir, "--out", out, "--format", "parquet", "--quiet") == 0
    assert parses == ["According to hospital records, eleven people were injured."]
    evidence = pd.read_parquet(out / "paragraphs.parquet")
    assert "eleven people" in " ".join(evidence["text"])


def test_cached_and_fresh_outputs_are_identical(corpus_dir, tmp_path):
    fresh, cached = tmp_path / "fresh", tmp_path / "cached"
    assert score(corpus_dir, "--out", fresh, "--format", "both", "--no-cache", "--quiet") == 0
    assert score(corpus_dir, "--out", cached, "--format", "both", "--quiet") == 0
    assert score(corpus_dir, "--out", cached, "--format", "both", "--quiet") == 0  # from the cache
    assert not (fresh / ".cache").exists()
    for slug in ("port-strike", "city-talks", "quiet-day"):
        assert files_of(fresh / slug) == files_of(cached / slug), slug
    assert files_of(fresh) == files_of(cached)


def test_new_sides_file_reuses_the_parse(corpus_dir, tmp_path, parses):
    out = tmp_path / "out"
    assert score(corpus_dir, "--out", out, "--format", "parquet", "--quiet") == 0
    sides = tmp_path / "sides.yaml"
    sides.write_text("extends: default\nversion: hospitals-1\nsides:\n  medics:\n    aliases: [hospital, doctor]\n")
    parses.clear()
    assert score(corpus_dir, "--out", out, "--format", "parquet", "--sides", sides, "--quiet") == 0
    assert parses == []  # rescored from cached parses
    assert "stance_medics" in pd.read_parquet(out / "paragraphs.parquet").columns
    assert "net_stance_medics" in pd.read_parquet(out / "articles.parquet").columns


def test_bad_files_are_skipped_and_listed(corpus_dir, tmp_path, capsys):
    (corpus_dir / "b-empty.txt").write_text("  \n")
    (corpus_dir / "c-binary.txt").write_bytes(b"\x00\x01\x02 not text")
    out = tmp_path / "out"
    assert score(corpus_dir, "--out", out, "--format", "parquet", "--quiet") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("framing: error: ") and "b-empty.txt: empty file" in err[0]
    assert "c-binary.txt: binary" in err[1]
    assert err[-1].startswith("framing: 2 of 5 input(s) failed") and "skipped.csv" in err[-1]
    rows = list(csv.DictReader((out / "skipped.csv").open()))
    assert [Path(r["file"]).name for r in rows] == ["b-empty.txt", "c-binary.txt"]
    assert pd.read_parquet(out / "articles.parquet")["slug"].tolist() == ["city-talks", "port-strike", "quiet-day"]


def test_an_article_that_fails_to_score_is_skipped(corpus_dir, tmp_path, monkeypatch, capsys):
    import analysis.score

    real = analysis.score.score_parsed

    def flaky(article, docs, pipeline):
        if article.slug == "city-talks":
            raise RuntimeError("extractor bug")
        return real(article, docs, pipeline)

    monkeypatch.setattr(analysis.score, "score_parsed", flaky)
    out = tmp_path / "out"
    assert score(corpus_dir, "--out", out, "--quiet") == 2  # csv: the default for a small input
    err = capsys.readouterr().err
    assert "city-talks.txt: could not be scored (RuntimeError: extractor bug)" in err
    assert sorted(p.name for p in out.iterdir()) == ["port-strike", "quiet-day", "skipped.csv"]


def test_outputs_do_not_depend_on_workers_or_batches(corpus_dir, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert score(corpus_dir, "--out", one, "--format", "both", "--no-cache", "--quiet") == 0
    assert score(corpus_dir, "--out", two, "--format", "both", "--no-cache", "--quiet",
                 "--workers", "2", "--batch-size", "1") == 0
    assert files_of(one) == files_of(two)
    for slug in ("port-strike", "city-talks", "quiet-day"):
        assert files_of(one / slug) == files_of(two / slug)


def test_auto_format_switches_to_parquet_for_many_inputs(corpus_dir, tmp_path, monkeypatch, capsys):
    import analysis.cli

    monkeypatch.setattr(analysis.cli, "AUTO_PARQUET", 3)
    out = tmp_path / "out"
    assert score(corpus_dir, "--out", out) == 0
    assert (out / "articles.parquet").exists() and not (out / "port-strike").exists()
    assert "writing corpus tables" in capsys.readouterr().err


def test_interrupted_run_keeps_cache_and_old_tables(corpus_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert score(corpus_dir, "--out", out, "--format", "parquet", "--quiet") == 0
    before = files_of(out)
    (corpus_dir / "zz-new.txt").write_text("Strikers marched to the square.\n")
    calls = []
    real = corpus.score_batch

    def interrupted(*args):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(corpus, "score_batch", interrupted)
    (corpus_dir / "port-strike.txt").write_text(ARTICLES["port-strike.txt"].replace("nine", "ten"))
    assert score(corpus_dir, "--out", out, "--format", "parquet", "--quiet", "--batch-size", "1") == 130
    assert files_of(out) == before  # the tables of the last complete run, no temporary files
    monkeypatch.setattr(corpus, "score_batch", real)
    report = corpus.run(sorted(corpus_dir.iterdir()), out, fmt="parquet", cache_dir=out / ".cache", quiet=True)
    assert report.reused_scores == 3 and report.scored == 4  # the finished work was kept in the cache


def test_dask_engine_matches_local(corpus_dir, tmp_path):
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert score(corpus_dir, "--out", local, "--format", "parquet", "--no-cache", "--quiet") == 0
    assert score(corpus_dir, "--out", dask, "--format", "parquet", "--no-cache", "--quiet",
                 "--engine", "dask", "--workers", "2") == 0
    assert files_of(local) == files_of(dask)
    for table in (*TABLES, "articles"):
        assert pq.read_table(local / f"{table}.parquet").equals(pq.read_table(dask / f"{table}.parquet"))


def test_parse_cache_values_are_docbins(nlp):
    from spacy.tokens import DocBin

    from analysis.cache import pack_docs, unpack_doc

    docs = list(nlp.pipe(["Police said the strikers threw stones at the Interior Ministry in Dunmere.", "Yes."]))
    packed = pack_docs(docs)
    assert packed == [DocBin(store_user_data=False, docs=[d]).to_bytes() for d in docs]  # spaCy's own format
    for doc, data in zip(docs, packed):
        back = unpack_doc(data, nlp.vocab)
        assert back.to_json() == doc.to_json()  # tags, lemmas, parse, sentences, entities
        assert [t.morph.to_json() for t in back] == [t.morph.to_json() for t in doc]
