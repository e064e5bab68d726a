"""Content-addressed cache for corpus runs, in one SQLite file (``<cache dir>/cache.sqlite``).

Two tables:

* ``parses``: one spaCy ``DocBin`` per paragraph, keyed by sha256(paragraph text, parser model,
  spaCy version). Nothing else changes a parse, so a new sides file or lexicon reuses it.
* ``scores``: one scored article (its tables as Arrow IPC, article.json and the warnings to
  print), keyed by sha256(the file's path and bytes, Pipeline.fingerprint, the analysis
  package's code and data). Any change to the file, a backend, a lexicon, the sides or the
  code misses and rescores that article; a hit skips even reading the file's layout.

Every write is one SQLite transaction, so an interrupted run leaves a valid cache. The blobs
are Arrow IPC, JSON and msgpack (no pickle): loading a cache never runs code.
"""
from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import zlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

FORMAT = "framing-cache-1"  # bump when the layout of a cached value changes


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256(FORMAT.encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Hash of the package's modules and data files: an upgrade or a local edit invalidates scores."""
    root = resources.files("analysis")
    h = hashlib.sha256()
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".json", ".npz", ".safetensors"} and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(str(root))).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def parse_key(text: str, parser: str) -> str:
    import spacy

    return digest("parse", parser, spacy.__version__, text)


def score_key(path: str, data: bytes, fingerprint: dict) -> str:
    return digest("score", json.dumps(fingerprint, sort_keys=True), code_digest(), path, data)


# ---- values --------------------------------------------------------------------------------

# DocBin.to_bytes / from_bytes, with msgpack called directly: srsly's wrapper rescans the installed
# packages' entry points on every call, which costs more than serialising a paragraph.
# tests/test_corpus.py checks that the bytes are DocBin's own, so the layout cannot drift unseen.

def pack_docs(docs) -> list[bytes]:
    """One DocBin per doc (no user data): tags, POS, lemmas, morphology, parse, sentences, entities."""
    import numpy
    from spacy.tokens import DocBin
    from srsly.msgpack._packer import Packer

    packer, out = Packer(use_bin_type=True), []
    for doc in docs:
        b = DocBin(store_user_data=False, docs=[doc])
        msg = {"version": b.version, "attrs": b.attrs, "tokens": numpy.vstack(b.tokens).tobytes("C"),
               "spaces": numpy.vstack(b.spaces).tobytes("C"),
               "lengths": numpy.asarray([len(b.tokens[0])], dtype="int32").tobytes("C"),
               "strings": sorted(b.strings), "cats": b.cats, "flags": b.flags, "span_groups": b.span_groups}
        out.append(zlib.compress(packer.pack(msg)))
    return out


def unpack_doc(data: bytes, vocab):
    """The doc packed by :func:`pack_docs` (``DocBin().from_bytes(data)``, faster)."""
    import numpy
    from spacy.tokens import DocBin
    from srsly.msgpack._unpacker import unpackb

    msg = unpackb(zlib.decompress(data), raw=False)
    b = DocBin(attrs=(), store_user_data=False)
    b.attrs, b.strings = msg["attrs"], set(msg["strings"])
    n = int(numpy.frombuffer(msg["lengths"], dtype="int32")[0])
    b.tokens = [numpy.frombuffer(msg["tokens"], dtype="uint64").reshape((n, len(b.attrs)))]
    b.spaces = [numpy.frombuffer(msg["spaces"], dtype=bool).reshape((n, 1))]
    b.cats, b.span_groups, b.flags, b.user_data = msg["cats"], msg["span_groups"], msg["flags"], [None]
    return next(iter(b.get_docs(vocab)))


def pack_scores(summary: dict, tables: dict, notes: list[str]) -> bytes:
    """article.json, the article's DataFrames and its warnings → one msgpack blob of JSON and Arrow IPC."""
    import pyarrow as pa
    from srsly.msgpack._packer import Packer

    packed = {}
    for name, frame in tables.items():
        table = pa.Table.from_pandas(frame, preserve_index=False)
        sink = io.BytesIO()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        packed[name] = sink.getvalue()
    summary = json.dumps(summary, ensure_ascii=False)
    return Packer(use_bin_type=True).pack({"summary": summary, "tables": packed, "notes": list(notes)})


def unpack_scores(blob: bytes) -> tuple[dict, dict, list[str]]:
    """The inverse of :func:`pack_scores`: (summary, {name: pyarrow.Table}, warnings)."""
    import pyarrow as pa
    from srsly.msgpack._unpacker import unpackb

    data = unpackb(blob, raw=False)
    tables = {n: pa.ipc.open_stream(b).read_all() for n, b in data["tables"].items()}
    return json.loads(data["summary"]), tables, data["notes"]


# ---- the store ------------------------------------------------------------------------------

class Cache:
    """The SQLite store; only the main process writes to it (workers get and return bytes)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.folder / "cache.sqlite", timeout=60)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        with self.db:
            self.db.execute("CREATE TABLE IF NOT EXISTS parses (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            self.db.execute("CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, value BLOB NOT NULL)")

    def get(self, table: str, keys) -> dict[str, bytes]:
        keys, found = list(dict.fromkeys(keys)), {}
        for i in range(0, len(keys), 500):  # SQLite's limit on parameters
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT key, value FROM {_table(table)} WHERE key IN ({marks})", chunk))
        return found

    def put(self, table: str, items: dict[str, bytes]) -> None:
        if items:
            with self.db:  # one transaction: all of it or none
                self.db.executemany(f"INSERT OR REPLACE INTO {_table(table)} (key, value) VALUES (?, ?)",
                                    items.items())

    def close(self) -> None:
        self.db.close()


def _table(name: str) -> str:
    if name not in ("parses", "scores"):
        raise ValueError(f"unknown cache table {name!r}")
    return name
