"""Training rows for the minilm heads from hand-labelled whole articles (read-only input).

    python scripts/article_sentences.py     # writes data/stance/article_sentences.csv

Two sources, both labelled per paragraph and side (−1, 0, +1, or empty when not mentioned):

* ``dev-gold``: the `dev` documents of data/gold/manifest.yaml. Held-out documents are never read,
  and neither are the articles under analysis in seeds/ (the seed's labels check the suite; they
  do not train it);
* ``training-article``: the articles in data/stance/articles/ (listed in its manifest-*.yaml),
  written and labelled for training only.

For every labelled paragraph and side, each sentence in which the suite finds a mention of that
side becomes one row with the paragraph's label: the sentences the `minilm` backend scores, in the
register of real articles. Deterministic: rows in manifest, paragraph and sentence order.
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pandas as pd
import yaml

from analysis.score import score_article

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "stance" / "article_sentences.csv"
ARTICLES = ROOT / "data" / "stance" / "articles"
COLUMNS = ("text", "target", "label", "source", "doc", "paragraph", "sentence")


def rows_for(name: str, path: Path, stance: pd.DataFrame, source: str) -> list[dict]:
    scores = score_article(path, stance=["rules"])
    sides = [c for c in stance.columns if c not in ("paragraph", "note")]
    text = {(int(r.paragraph), int(r.sentence)): r.text.strip() for r in scores.sentences.itertuples()}
    found = {(int(m.paragraph), m.side, int(m.sentence)) for m in scores.mentions.itertuples()}
    rows = []
    for labels in stance.itertuples():
        paragraph = int(labels.paragraph)
        for side in sides:
            label = getattr(labels, side)
            if label == "":
                continue
            for number in sorted(n for p, s, n in found if p == paragraph and s == side):
                rows.append({"text": text[(paragraph, number)], "target": side, "label": int(float(label)),
                             "source": source, "doc": name, "paragraph": paragraph, "sentence": number})
    return rows


def build(gold_dir: Path, root: Path) -> list[dict]:
    """Rows from the dev documents of ``gold_dir``, leaving out ``root/seeds``. Only the manifest
    and the dev documents' own files are opened: held-out labels and texts are never read, and an
    entry without an explicit ``split`` is an error rather than a training document."""
    seeds = (root / "seeds").resolve()
    manifest = yaml.safe_load((gold_dir / "manifest.yaml").read_text("utf-8"))
    rows = []
    for entry in manifest["documents"] if isinstance(manifest, dict) else manifest:
        if "split" not in entry:
            raise ValueError(f"{gold_dir / 'manifest.yaml'}: document {entry['name']!r} has no split")
        path = root / entry["path"]
        if entry["split"] != "dev" or seeds in path.resolve().parents:
            continue
        stance = pd.read_csv(gold_dir / f"{entry['name']}.stance.csv", keep_default_na=False, dtype=str)
        rows.extend(rows_for(entry["name"], path, stance, "dev-gold"))
    return rows


def build_articles(articles_dir: Path, root: Path) -> list[dict]:
    """Rows from the training articles listed in ``articles_dir/manifest-*.yaml``."""
    rows = []
    for manifest in sorted(articles_dir.glob("manifest-*.yaml")):
        for entry in yaml.safe_load(manifest.read_text("utf-8")):
            stance = pd.read_csv(articles_dir / f"{entry['name']}.stance.csv", keep_default_na=False, dtype=str)
            rows.extend(rows_for(entry["name"], root / entry["path"], stance, "training-article"))
    return rows


def main() -> int:
    rows = build(ROOT / "data" / "gold", ROOT) + build_articles(ARTICLES, ROOT)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(OUT)
    for source in ("dev-gold", "training-article"):
        chosen = [r for r in rows if r["source"] == source]
        print(f"{OUT.relative_to(ROOT)}: {len(chosen)} {source} rows from {len({r['doc'] for r in chosen})} documents",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
