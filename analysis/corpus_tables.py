"""Corpus-level Parquet tables: one file per table, one row group per block of articles.

``OUT/<table>.parquet`` for paragraphs, sentences, attributions, mentions, evidence (the
per-article tables with a leading ``slug`` column) and ``articles`` (article.json flattened,
one row per article). Files are written to a temporary name and renamed into place by
:meth:`CorpusWriter.commit`, so readers never see a half-written corpus.

Column types are fixed by name where known (ids and offsets int64, scores float64, text
string) and otherwise taken from the first row group; every later row group is cast to
that schema, so the files are valid whatever the first articles happen to contain.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP_ARTICLES = 500
INT_COLUMNS = {"paragraph", "sentence", "start", "end", "n_sentences", "n_paragraphs", "n_attributions"}
FLOAT_COLUMNS = {"sentiment", "weight"}
FLOAT_PREFIXES = ("stance_", "net_stance_", "agent_of_harm_share_", "patient_of_harm_share_",
                  "agreement_sign_agreement_", "agreement_mean_abs_diff_")
INT_PREFIXES = ("n_", "agreement_paragraphs_")
SKIP_SUMMARY_KEYS = {"sides", "stance_backends", "backends", "backend_agreement"}


def article_row(summary: dict, backend_slugs: dict[str, str]) -> dict:
    """Flatten article.json: scalars as they are, lists joined by newlines, per-side stats as <stat>_<side>."""
    row = {}
    for key, value in summary.items():
        if key in SKIP_SUMMARY_KEYS:
            continue
        if isinstance(value, dict):
            row.update({f"{key}_{k}": v for k, v in value.items() if not isinstance(v, (dict, list))})
        elif isinstance(value, (list, tuple)):
            row[key] = "\n".join(map(str, value))
        else:
            row[key] = value
    for side, stats in (summary.get("sides") or {}).items():
        row.update({f"{stat}_{side}": v for stat, v in stats.items()})
    for name, per_side in list((summary.get("stance_backends") or {}).items())[1:]:  # the first is "sides"
        suffix = backend_slugs.get(name, name)
        for side, stats in per_side.items():
            row.update({f"{stat}_{side}__{suffix}": v for stat, v in stats.items()})
    for name, per_side in (summary.get("backend_agreement") or {}).items():  # each backend against the first
        suffix = backend_slugs.get(name, name)
        for side, stats in per_side.items():
            row.update({f"agreement_{stat}_{side}__{suffix}": v for stat, v in stats.items()})
    return row


def _type_for(name: str, seen: pa.DataType | None) -> pa.DataType:
    base = name.split("__")[0]
    if base in INT_COLUMNS:
        return pa.int64()
    if base in FLOAT_COLUMNS or base.startswith(FLOAT_PREFIXES):
        return pa.float64()
    if base.startswith(INT_PREFIXES) and (seen is None or pa.types.is_integer(seen) or pa.types.is_null(seen)):
        return pa.int64()
    if seen is None or pa.types.is_null(seen) or pa.types.is_large_string(seen):
        return pa.string()
    return seen


class TableWriter:
    """Streams one Parquet file; the schema is fixed by the first row group."""

    def __init__(self, path: Path):
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        self.schema: pa.Schema | None = None
        self.writer: pq.ParquetWriter | None = None
        self.dropped: set[str] = set()

    def write(self, tables: list[pa.Table]) -> None:
        if self.schema is None:
            seen: dict[str, pa.DataType] = {}
            for table in tables:
                for field in table.schema:
                    if field.name not in seen or pa.types.is_null(seen[field.name]):
                        seen[field.name] = field.type
            self.schema = pa.schema([(n, _type_for(n, t)) for n, t in seen.items()])
            self.writer = pq.ParquetWriter(self.tmp, self.schema)
        self.writer.write_table(pa.concat_tables([self._conform(t) for t in tables]))

    def _conform(self, table: pa.Table) -> pa.Table:
        extra = set(table.column_names) - set(self.schema.names) - self.dropped
        if extra:
            self.dropped |= extra
            print(f"framing: warning: {self.path.name}: column(s) {', '.join(sorted(extra))} appeared after "
                  "the first row group and are left out", file=sys.stderr)
        columns = [table.column(f.name).cast(f.type) if f.name in table.column_names
                   else pa.nulls(table.num_rows, f.type) for f in self.schema]
        return pa.Table.from_arrays(columns, schema=self.schema)

    def commit(self) -> None:
        if self.writer is None:  # no rows at all: still a valid (empty) file
            pq.write_table(pa.table({"slug": pa.array([], pa.string())}), self.tmp)
        else:
            self.writer.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.tmp.unlink(missing_ok=True)


class CorpusWriter:
    """Collects scored articles and writes the corpus tables in row groups of ``ROW_GROUP_ARTICLES``."""

    def __init__(self, out_dir: str | Path, tables: tuple[str, ...], backend_slugs: dict[str, str]):
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.names = (*tables, "articles")
        self.writers = {n: TableWriter(self.out / f"{n}.parquet") for n in self.names}
        self.slugs = backend_slugs
        self.buffer: dict[str, list[pa.Table]] = {n: [] for n in self.names}
        self.rows: list[dict] = []

    def add(self, slug: str, summary: dict, tables: dict[str, pa.Table]) -> None:
        for name, table in tables.items():
            if name in self.buffer:
                slugs = pa.array([slug] * table.num_rows, pa.string())
                self.buffer[name].append(table.replace_schema_metadata(None).add_column(0, "slug", slugs))
        self.rows.append({**article_row(summary, self.slugs), "slug": slug})
        if len(self.rows) >= ROW_GROUP_ARTICLES:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        keys = list(dict.fromkeys(k for row in self.rows for k in row))  # union, in first-seen order
        self.buffer["articles"] = [pa.table({k: pa.array([row.get(k) for row in self.rows]) for k in keys})]
        for name, tables in self.buffer.items():
            self.writers[name].write(tables)
        self.buffer = {n: [] for n in self.names}
        self.rows = []

    def commit(self) -> list[Path]:
        self.flush()
        for writer in self.writers.values():
            writer.commit()
        return [w.path for w in self.writers.values()]

    def abort(self) -> None:
        for writer in self.writers.values():
            writer.abort()
