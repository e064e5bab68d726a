"""Training rows for the minilm heads from the hand-labelled dev texts (read-only input).

    python scripts/gold_sentences.py     # writes data/stance/gold_sentences.csv

For every paragraph of every `dev` document in data/gold/manifest.yaml and each side the
annotator labelled (−1, 0 or +1), each sentence in which the suite finds a mention of that side
becomes one row with the paragraph's label: the sentences the `minilm` backend scores, in the
register of real articles. Held-out documents are never read, and neither are the articles under
analysis in seeds/ (the seed's labels check the suite; they do not train it). Deterministic: rows in manifest,
paragraph and sentence order.
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from analysis.evaluate import load_gold
from analysis.score import score_article

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "stance" / "gold_sentences.csv"
COLUMNS = ("text", "target", "label", "doc", "paragraph", "sentence")


def rows_for(doc) -> list[dict]:
    scores = score_article(doc.path, stance=["rules"])
    sides = [c for c in doc.stance.columns if c not in ("paragraph", "note")]
    text = {(int(r.paragraph), int(r.sentence)): r.text.strip() for r in scores.sentences.itertuples()}
    found = {(int(m.paragraph), m.side, int(m.sentence)) for m in scores.mentions.itertuples()}
    rows = []
    for gold in doc.stance.itertuples():
        paragraph = int(gold.paragraph)
        for side in sides:
            label = getattr(gold, side)
            if label == "":
                continue
            for number in sorted(n for p, s, n in found if p == paragraph and s == side):
                rows.append({"text": text[(paragraph, number)], "target": side, "label": int(float(label)),
                             "doc": doc.name, "paragraph": paragraph, "sentence": number})
    return rows


def build(gold_dir: Path, root: Path) -> list[dict]:
    """Rows from the dev documents of ``gold_dir``, leaving out held-out documents and ``root/seeds``."""
    seeds = (root / "seeds").resolve()
    docs = [doc for doc in load_gold(gold_dir, root)
            if doc.split == "dev" and seeds not in Path(doc.path).resolve().parents]
    return [row for doc in docs for row in rows_for(doc)]


def main() -> int:
    rows = build(ROOT / "data" / "gold", ROOT)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} rows from {len({r['doc'] for r in rows})} dev documents",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
