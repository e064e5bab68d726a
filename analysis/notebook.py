"""Helpers for the notebooks: load an article or a scored table with a one-line message on failure,
keep the output quiet, and build the small tables the notebooks show."""
from __future__ import annotations

import json
import os
import re
import sys
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from .errors import FramingError

CUE_CLASSES = ["factive", "neutral", "distancing", "denial", "discrediting"]


class NotebookStop(Exception):
    """Raised to stop a notebook with a plain message; IPython shows it without a long traceback."""

    def _render_traceback_(self):  # IPython hook: show only the message
        return [f"Stopped: {self}"]


def quiet() -> None:
    """Silence what would clutter a notebook's output: Python warnings and model-loading progress bars.

    Call it before scoring. Warnings the reader must see (an article's encoding fallback) are in
    ``summary["warnings"]``, which the notebooks print.
    """
    warnings.filterwarnings("ignore")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if "transformers" in sys.modules:  # already imported: its settings were read at import time
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()


def score_or_stop(article: str | Path, **options):
    """Score ``article``; a bad file stops the notebook with one clear line instead of a traceback."""
    from .score import score_article

    try:
        return score_article(article, **options)
    except FramingError as exc:
        raise NotebookStop(str(exc)) from None


def short(text: str, width: int = 90) -> str:
    """Shorten long text for a table cell."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def listing(items: Iterable[str], empty: str = "none") -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"``."""
    items = [str(i) for i in items]
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def sign(value, margin: float = 0.0) -> int | None:
    """−1, 0 or +1 for a score (0 when ``|value| <= margin``); None when the score is missing."""
    if value is None or pd.isna(value):
        return None
    return 1 if value > margin else -1 if value < -margin else 0


# ---------------------------------------------------------------------------------------------
# Notebook 04: evaluative words with no side

def unassigned_labels(paragraphs: pd.DataFrame, mentions: pd.DataFrame, lexicon: Mapping[str, float] | None = None,
                      width: int = 70) -> pd.DataFrame:
    """Evaluative label words (``data/agency.yaml`` ``labels``) in the text that no side mention covers.

    These are words such as "perpetrators" that judge someone the suite did not link to a side;
    a reader can check whether they should count. Plural ``-s``/``-es`` forms are matched.
    """
    if lexicon is None:
        from .mentions import load_agency

        lexicon = load_agency().labels
    rows = []
    for _, para in paragraphs.iterrows():
        text = str(para["text"])
        here = mentions[mentions["paragraph"] == para["paragraph"]]
        spans = here[["start", "end"]].to_numpy().tolist()
        attached = set()  # label words the suite attached to a mention ("the crowd was unarmed")
        for cell in (here["labels"].fillna("") if "labels" in here else []):
            for label in filter(None, (part.strip() for part in str(cell).split(";"))):
                attached.update(label.rsplit(" ", 1)[0].lower().split())
        for match in re.finditer(r"[A-Za-z][A-Za-z'-]*", text):
            word = match.group().lower()
            lemma = next((w for w in (word, word[:-1], word[:-2]) if w in lexicon), None)
            if lemma is None or (word != lemma and not word.endswith("s")):
                continue
            if word in attached or any(s <= match.start() < e for s, e in spans):
                continue
            lo, hi = max(0, match.start() - width // 2), min(len(text), match.end() + width // 2)
            context = ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")
            rows.append({"paragraph": int(para["paragraph"]), "word": match.group(), "valence": lexicon[lemma],
                         "context": " ".join(context.split())})
    return pd.DataFrame(rows, columns=["paragraph", "word", "valence", "context"])


# ---------------------------------------------------------------------------------------------
# Notebook 06: stance against hand labels

def sign_confusion(table: pd.DataFrame, margin: float = 0.0) -> pd.DataFrame:
    """Gold label (rows −1/0/+1) against the predicted sign (columns −1/0/+1/absent), counts.

    ``table`` has ``gold`` and ``pred`` columns (as :func:`analysis.evaluate.stance_table`); rows
    whose gold label is empty (side not mentioned) are left out. ``margin`` as in :func:`sign`.
    """
    def label(value) -> str:
        s = sign(value, margin)
        return "absent" if s is None else f"{s:+d}" if s else "0"

    labelled = table[table["gold"].notna()]
    gold = [label(int(g)) for g in labelled["gold"]]
    pred = [label(v) for v in labelled["pred"]]
    out = pd.crosstab(pd.Series(gold, dtype=object), pd.Series(pred, dtype=object))
    out = out.reindex(index=["-1", "0", "+1"], columns=["-1", "0", "+1", "absent"], fill_value=0)
    out.index.name, out.columns.name = "gold", "predicted"
    return out


def backend_disagreements(stance: pd.DataFrame, first: str, second: str, margin: float = 0.0) -> pd.DataFrame:
    """Paragraph-side pairs where two backends' signs differ, with the gold label and who matched it.

    ``stance`` is :func:`analysis.evaluate.evaluate`'s ``stance`` table (``doc, paragraph, side,
    gold, pred, backend``). Only pairs with a gold label and at least one predicted score are kept.
    """
    keys = ["doc", "paragraph", "side"]
    a = stance.loc[stance["backend"] == first, [*keys, "gold", "pred"]].rename(columns={"pred": first})
    b = stance.loc[stance["backend"] == second, [*keys, "pred"]].rename(columns={"pred": second})
    both = a.merge(b, on=keys, how="inner")
    both = both[both["gold"].notna() & (both[first].notna() | both[second].notna())]
    differ = [sign(v, margin) != sign(w, margin) for v, w in zip(both[first], both[second])]
    out = both[differ].copy()
    gold = out["gold"].astype(int)
    right1 = [sign(v, margin) == g for v, g in zip(out[first], gold)]
    right2 = [sign(v, margin) == g for v, g in zip(out[second], gold)]
    out["gold"] = gold
    out["right"] = [first if r1 and not r2 else second if r2 and not r1 else "neither"
                    for r1, r2 in zip(right1, right2)]
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Notebook 07: one row per article

def _parts(item) -> tuple[dict, pd.DataFrame | None]:
    """``summary`` and ``attributions`` of an ArticleScores, a mapping, or a scored folder on disk."""
    if hasattr(item, "summary") and hasattr(item, "attributions"):
        return item.summary, item.attributions
    if isinstance(item, Mapping):
        return dict(item["summary"]), item.get("attributions")
    folder = Path(item)
    if not (folder / "article.json").is_file():
        raise FramingError(f"{folder}: not a scored article folder (no article.json)")
    summary = json.loads((folder / "article.json").read_text("utf-8"))
    csv = folder / "attributions.csv"
    attributions = pd.read_csv(csv, keep_default_na=False) if csv.is_file() else None
    return summary, attributions


def summary_table(items: Iterable) -> pd.DataFrame:
    """One row per article: size, net stance and agency per side, and the cue-class mix of its attributions.

    ``items`` may be :class:`~analysis.score.ArticleScores`, mappings with ``summary`` (the
    article.json dict) and ``attributions`` (a DataFrame), or paths of folders written by
    ``framing score`` (``article.json`` + ``attributions.csv``). Columns:
    ``slug, title, author_side, n_paragraphs, n_attributions``, then per side
    ``net_stance_<side>, paragraphs_<side>, mentions_<side>, agent_share_<side>, patient_share_<side>``,
    then ``cue_<class>``: the share of the article's attributions in each cue class.
    """
    records, sides = [], []
    for item in items:
        summary, attributions = _parts(item)
        row = {"slug": summary.get("slug", ""), "title": summary.get("title") or "",
               "author_side": summary.get("author_side") or "",
               "n_paragraphs": summary.get("n_paragraphs"), "n_attributions": summary.get("n_attributions")}
        for side, values in (summary.get("sides") or {}).items():
            if side not in sides:
                sides.append(side)
            row[f"net_stance_{side}"] = values.get("net_stance")
            row[f"paragraphs_{side}"] = values.get("n_paragraphs")
            row[f"mentions_{side}"] = values.get("n_mentions")
            row[f"agent_share_{side}"] = values.get("agent_of_harm_share")
            row[f"patient_share_{side}"] = values.get("patient_of_harm_share")
        if attributions is not None:
            counts = attributions["cue_class"].value_counts()
            total = int(counts.sum())
            for cls in CUE_CLASSES:
                row[f"cue_{cls}"] = round(int(counts.get(cls, 0)) / total, 4) if total else 0.0
        records.append(row)
    columns = ["slug", "title", "author_side", "n_paragraphs", "n_attributions"]
    for side in sides:
        columns += [f"{k}_{side}" for k in ("net_stance", "paragraphs", "mentions", "agent_share", "patient_share")]
    columns += [f"cue_{cls}" for cls in CUE_CLASSES]
    return pd.DataFrame(records).reindex(columns=columns)


def score_many(paths: Iterable[str | Path], **options) -> tuple[list, list[str]]:
    """Score several articles; a bad file is skipped with a one-line note instead of stopping."""
    from .score import score_article

    scored, skipped, seen = [], [], set()
    for path in paths:
        key = os.path.realpath(path)
        if key in seen:
            continue
        seen.add(key)
        try:
            scored.append(score_article(path, **options))
        except FramingError as exc:
            skipped.append(str(exc))
    return scored, skipped
