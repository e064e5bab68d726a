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
Each row also records ``spans``, where in the sentence the suite found that side
(``start-end;start-end``, character offsets in ``text``): the tokens the head pools for the target;
and ``offset``, where the sentence starts in its paragraph, whose text is in
``data/stance/article_paragraphs.csv`` (the head also reads the paragraph around the sentence).

The script also writes ``data/stance/invented_spans.csv``: the same spans for each invented row of
``data/stance/sentences.csv``, each sentence read on its own as a one-paragraph article (empty when
the suite finds no mention of the row's target there).
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pandas as pd
import yaml

from analysis.reader import read_text
from analysis.score import score_article
from analysis.stance_models import format_spans

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "stance" / "article_sentences.csv"
ARTICLES = ROOT / "data" / "stance" / "articles"
COLUMNS = ("text", "target", "label", "source", "doc", "paragraph", "sentence", "spans", "offset")
PARAGRAPHS = ROOT / "data" / "stance" / "article_paragraphs.csv"
PARAGRAPH_COLUMNS = ("doc", "paragraph", "text")
INVENTED = ROOT / "data" / "stance" / "sentences.csv"
INVENTED_SPANS = ROOT / "data" / "stance" / "invented_spans.csv"


def _starts(scores) -> dict:
    """(paragraph, sentence) → where the sentence's stripped text starts in the paragraph."""
    return {(int(r.paragraph), int(r.sentence)): int(r.start) + len(r.text) - len(r.text.lstrip())
            for r in scores.sentences.itertuples()}


def _spans(scores) -> dict:
    """(paragraph, side, sentence) → the mention spans within the sentence's stripped text, as stored."""
    starts = _starts(scores)
    spans: dict = {}
    for m in scores.mentions.itertuples():
        key = (int(m.paragraph), m.side, int(m.sentence))
        start = starts[(key[0], key[2])]
        spans.setdefault(key, set()).add((int(m.start) - start, int(m.end) - start))
    return {key: format_spans(sorted(value)) for key, value in spans.items()}


def rows_for(name: str, path: Path, stance: pd.DataFrame, source: str) -> list[dict]:
    """One row per labelled paragraph, side and sentence mentioning the side; each row also carries
    its paragraph's text as ``context`` (written to article_paragraphs.csv, not to the rows' file)."""
    scores = score_article(path, stance=["rules"])
    sides = [c for c in stance.columns if c not in ("paragraph", "note")]
    text = {(int(r.paragraph), int(r.sentence)): r.text.strip() for r in scores.sentences.itertuples()}
    paragraphs = {int(r.paragraph): r.text for r in scores.paragraphs.itertuples()}
    starts = _starts(scores)
    spans = _spans(scores)
    found = set(spans)
    rows = []
    for labels in stance.itertuples():
        paragraph = int(labels.paragraph)
        for side in sides:
            label = getattr(labels, side)
            if label == "":
                continue
            for number in sorted(n for p, s, n in found if p == paragraph and s == side):
                sentence, offset = text[(paragraph, number)], starts[(paragraph, number)]
                if paragraphs[paragraph][offset:offset + len(sentence)] != sentence:
                    raise ValueError(f"{path}: paragraph {paragraph}: sentence {number} is not at its offset")
                rows.append({"text": sentence, "target": side, "label": int(float(label)),
                             "source": source, "doc": name, "paragraph": paragraph, "sentence": number,
                             "spans": spans[(paragraph, side, number)], "offset": offset,
                             "context": paragraphs[paragraph]})
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


def invented_spans(frame: pd.DataFrame) -> list[dict]:
    """Where the suite finds each target side in each invented sentence, read as a one-paragraph
    article (an empty ``spans`` when it finds none): the spans the backend would pool over."""
    rows = []
    for text in dict.fromkeys(frame["text"]):
        article = read_text(text + "\n", path="<sentence>")
        if [p.text for p in article.paragraphs] != [text]:
            raise ValueError(f"{INVENTED}: the reader changes the sentence {text[:60]!r}")
        # the row's text is the whole paragraph, which spaCy may cut into several sentences: the
        # spans are the mentions' paragraph offsets, so they index the text the head embeds
        found: dict = {}
        for m in score_article(article).mentions.itertuples():
            found.setdefault(m.side, set()).add((int(m.start), int(m.end)))
        for target in sorted(frame.loc[frame["text"] == text, "target"].unique()):
            rows.append({"text": text, "target": target, "spans": format_spans(sorted(found.get(target, ())))})
    return rows


def _write(path: Path, rows: list[dict], columns) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(path)


def main() -> int:
    rows = build(ROOT / "data" / "gold", ROOT) + build_articles(ARTICLES, ROOT)
    _write(OUT, rows, COLUMNS)
    paragraphs = {(r["doc"], r["paragraph"]): r["context"] for r in rows}
    _write(PARAGRAPHS, [{"doc": d, "paragraph": p, "text": t} for (d, p), t in paragraphs.items()], PARAGRAPH_COLUMNS)
    spans = invented_spans(pd.read_csv(INVENTED))
    _write(INVENTED_SPANS, spans, ("text", "target", "spans"))
    print(f"{INVENTED_SPANS.relative_to(ROOT)}: {sum(bool(r['spans']) for r in spans)} of {len(spans)} invented "
          "rows with a mention of their target", file=sys.stderr)
    for source in ("dev-gold", "training-article"):
        chosen = [r for r in rows if r["source"] == source]
        print(f"{OUT.relative_to(ROOT)}: {len(chosen)} {source} rows from {len({r['doc'] for r in chosen})} documents",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
