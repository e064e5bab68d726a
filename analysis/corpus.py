"""Score many articles: stream them in batches through the parser and scorers, with a cache and an engine.

The main process reads the files, looks them up in the cache (:mod:`analysis.cache`), hands the
rest in batches to the engine (:mod:`analysis.engines`) and writes the results in input order as
they come back: per-article CSV folders (:mod:`analysis.output`), corpus Parquet tables
(:mod:`analysis.corpus_tables`), or both. Workers (:func:`score_batch`) parse only the
paragraphs the cache lacks, score the articles and return bytes; only the main process writes
to the cache. A few batches are in flight at a time, so memory does not grow with the corpus.
"""
from __future__ import annotations

import csv
import dataclasses
import math
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, pack_docs, pack_scores, parse_key, score_key, unpack_doc, unpack_scores
from .engines import open_engine, ordered
from .errors import InputError
from .output import TABLES, write_json, write_scores
from .reader import read_article

FORMATS = ("csv", "parquet", "both")
HASH_LIMIT = 64 * 2**20  # larger files are not cached (the reader refuses them anyway)
PARSE_BATCH = 64


@dataclass(frozen=True)
class Options:
    """The scoring options; each worker rebuilds the same pipeline from them."""

    sentiment: str = "vader"
    stance: tuple[str, ...] = ("rules",)
    sides: str | None = None
    cues: str | None = None

    def pipeline(self):
        from .score import build_pipeline

        return build_pipeline(self.sentiment, tuple(self.stance), self.sides, self.cues)


@dataclass
class Report:
    inputs: int = 0
    scored: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, problem)
    reused_scores: int = 0  # articles taken whole from the cache
    parsed: int = 0  # paragraphs run through spaCy
    reused_parses: int = 0  # paragraphs taken from the parse cache
    outputs: list[Path] = field(default_factory=list)
    skipped_file: Path | None = None  # OUT/skipped.csv, when written

    def describe(self) -> str:
        return (f"framing: {self.scored} of {self.inputs} article(s) scored; {self.reused_scores} reused whole "
                f"from the cache, {self.parsed} paragraph(s) parsed, {self.reused_parses} parse(s) reused")


@dataclass
class _Entry:
    path: str
    key: str | None = None  # score-cache key: the file's path and bytes, the pipeline, the code
    article: object = None  # read only when the cache has no score for it
    notes: tuple[str, ...] = ()  # warnings from reading it
    blob: bytes | None = None  # the scored article (see cache.pack_scores)
    error: str | None = None


# ---- worker side ----------------------------------------------------------------------------

def _parse(texts: list[str]) -> list:
    from .nlp import load_nlp

    return list(load_nlp().pipe(texts, batch_size=PARSE_BATCH))


def score_batch(options: Options, items: list, keep_parses: bool) -> tuple[list, dict]:
    """Parse what is missing and score each article.

    ``items`` are (article, paragraph keys, cached DocBins or None, warnings from reading). Returns
    one ``(blob, error)`` per item and, if ``keep_parses``, the new DocBins by key.
    """
    from .nlp import load_nlp
    from .score import score_parsed

    pipeline, vocab = options.pipeline(), load_nlp().vocab
    missing = {k: p.text for article, keys, cached, _ in items
               for p, k, c in zip(article.paragraphs, keys, cached) if c is None}
    try:
        docs = dict(zip(missing, _parse(list(missing.values()))))
    except Exception:  # e.g. a paragraph over spaCy's max_length: parse per article below to isolate it
        docs = {}
    results = []
    for article, keys, cached, notes in items:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                todo = list(dict.fromkeys(k for k, c in zip(keys, cached) if c is None and k not in docs))
                docs.update(zip(todo, _parse([missing[k] for k in todo])))
                parsed = [docs[k] if c is None else unpack_doc(c, vocab) for k, c in zip(keys, cached)]
                scores = score_parsed(article, parsed, pipeline)
            notes = [*notes, *(str(w.message) for w in caught if issubclass(w.category, UserWarning))]
            results.append((pack_scores(scores.summary, {n: getattr(scores, n) for n in TABLES}, notes), None))
        except Exception as exc:  # one bad article is reported and skipped, never the whole run
            results.append((None, f"{article.path}: could not be scored ({type(exc).__name__}: {exc})"))
    return results, dict(zip(docs, pack_docs(docs.values()))) if keep_parses else {}


# ---- main side ------------------------------------------------------------------------------

def _read(entry: _Entry) -> None:
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            entry.article = read_article(entry.path)
        entry.notes = tuple(str(w.message) for w in caught if issubclass(w.category, UserWarning))
    except InputError as exc:
        entry.error = str(exc)


def _file_key(path: str, fingerprint: dict) -> str | None:
    try:
        p = Path(path)
        return score_key(path, p.read_bytes(), fingerprint) if p.stat().st_size <= HASH_LIMIT else None
    except OSError:  # read_article reports it
        return None


def _prepare(batch: list[Path], cache: Cache | None, fingerprint: dict, parser: str, options: Options):
    """Take what the cache has, read the rest: ``((entries, todo, stats), worker args or None)``."""
    entries = [_Entry(str(path)) for path in batch]
    if cache is not None:
        for e in entries:
            e.key = _file_key(e.path, fingerprint)
        hits = cache.get("scores", [e.key for e in entries if e.key])
        for e in entries:
            e.blob = hits.get(e.key)
    todo = [e for e in entries if e.blob is None]
    for e in todo:
        _read(e)
    todo = [e for e in todo if e.article is not None]
    keys = [[parse_key(p.text, parser) for p in e.article.paragraphs] for e in todo]
    found = cache.get("parses", [k for ks in keys for k in ks]) if cache is not None and todo else {}
    items = [(e.article, ks, [found.get(k) for k in ks], e.notes) for e, ks in zip(todo, keys)]
    stats = (len({k for ks in keys for k in ks} - set(found)), sum(k in found for ks in keys for k in ks))
    return (entries, todo, stats), ((options, items, cache is not None) if items else None)


class _Sink:
    """Writes finished articles in input order: per-article CSV folders, Parquet tables, or both."""

    def __init__(self, out: Path, fmt: str, pipeline, echo_paths: bool):
        self.out, self.fmt, self.echo_paths = out, fmt, echo_paths
        self.slugs: dict[str, int] = {}
        self.tables = None
        if fmt != "csv":
            from .corpus_tables import CorpusWriter

            self.tables = CorpusWriter(out, TABLES, {b.name: b.slug for b in pipeline.stance})

    def add(self, entry: _Entry, summary: dict, tables: dict) -> None:
        from .reader import Article
        from .score import ArticleScores

        slug = summary["slug"]
        self.slugs[slug] = self.slugs.get(slug, 0) + 1
        if self.slugs[slug] > 1:  # two inputs with the same file name
            slug = summary["slug"] = f"{slug}-{self.slugs[slug]}"
        if self.fmt != "parquet":
            article = Article(path=entry.path, slug=slug) if entry.article is None else \
                dataclasses.replace(entry.article, slug=slug)
            frames = {n: tables[n].to_pandas() for n in TABLES}
            target = write_scores(ArticleScores(article, summary=summary, **frames), self.out)
            if self.echo_paths:
                print(target)
        if self.tables is not None:
            self.tables.add(slug, summary, tables)

    def commit(self, report: Report, fingerprint: dict) -> None:
        if self.tables is not None:
            report.outputs = self.tables.commit()
            self.tables = None
            write_json({"inputs": report.inputs, "scored": report.scored, "skipped": len(report.skipped),
                        "format": self.fmt, "fingerprint": fingerprint}, self.out / "corpus.json")
        path = self.out / "skipped.csv"
        if self.fmt != "csv" or (report.skipped and report.scored):  # a run that wrote nothing leaves no folder
            _write_skipped(report.skipped, path)
            report.skipped_file = path
        elif not report.skipped:
            path.unlink(missing_ok=True)  # a list left by an earlier run no longer applies

    def abort(self) -> None:
        if self.tables is not None:
            self.tables.abort()


def _write_skipped(skipped: list[tuple[str, str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        rows = csv.writer(handle, lineterminator="\n")
        rows.writerow(["file", "problem"])
        rows.writerows(skipped)
    tmp.replace(path)


def run(files: list[Path], out: str | Path, options: Options = Options(), fmt: str = "csv",
        engine: str = "local", workers: int = 1, scheduler: str | None = None, cache_dir: str | Path | None = None,
        batch_size: int = 32, quiet: bool = False) -> Report:
    """Score ``files`` into ``out``; a bad file is reported on stderr, listed in the report and skipped."""
    from tqdm import tqdm

    from .nlp import model_name

    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    pipeline = options.pipeline()  # a bad backend name fails here, before any output
    fingerprint, parser = pipeline.fingerprint, model_name()
    out, report = Path(out), Report(inputs=len(files))
    parallel = engine != "local" or workers > 1
    # Small corpora get smaller batches so that every worker has work; outputs do not depend on it.
    size = max(1, min(batch_size, math.ceil(len(files) / (4 * workers)))) if parallel else max(1, batch_size)
    batches = (files[i:i + size] for i in range(0, len(files), size))
    sink = _Sink(out, fmt, pipeline, echo_paths=fmt == "csv" and (quiet or len(files) < 2))
    cache = bar = None
    try:
        # First, so that local workers fork before this process starts threads (tqdm, SQLite, Arrow);
        # torch backends are not fork-safe, so they get spawned workers.
        light = options.sentiment == "vader" and set(options.stance) <= {"rules"}
        with open_engine(engine, workers, scheduler, fork=light) as executor:
            cache = Cache(cache_dir) if cache_dir else None
            bar = tqdm(total=len(files), unit="article", disable=quiet or len(files) < 2, file=sys.stderr)
            tasks = (_prepare(batch, cache, fingerprint, parser, options) for batch in batches)
            for tag, result in ordered(executor, score_batch, tasks, window=2 * workers + 1 if parallel else 1):
                _finish(*tag, result or ([], {}), cache, sink, report, bar)
        sink.commit(report, fingerprint)
    finally:
        if bar is not None:
            bar.close()
        sink.abort()
        if cache is not None:
            cache.close()
    return report


def _finish(entries, todo, stats, result, cache, sink, report, bar) -> None:
    """Take one batch back from a worker: cache it, report its errors, write its articles in order."""
    results, new = result
    report.reused_scores += sum(e.blob is not None for e in entries)
    for e, (blob, error) in zip(todo, results):
        e.blob, e.error = blob, error
    if cache is not None:  # parses first: a score is never cached without its parses
        cache.put("parses", new)
        cache.put("scores", {e.key: e.blob for e in todo if e.blob is not None and e.key})
    report.parsed += stats[0]
    report.reused_parses += stats[1]
    for e in entries:
        bar.update(1)
        if e.error is not None:
            report.skipped.append((e.path, e.error))
            bar.write(f"framing: error: {e.error}", file=sys.stderr)
            continue
        summary, tables, notes = unpack_scores(e.blob)
        for note in notes:
            bar.write(f"framing: warning: {note}", file=sys.stderr)
        sink.add(e, summary, tables)
        report.scored += 1
