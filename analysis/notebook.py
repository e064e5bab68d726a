"""Helpers for the notebooks: load an article or a scored table with a one-line message on failure,
keep the output quiet, and build the small tables the notebooks show."""
from __future__ import annotations

import json
import math
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


def usable_backends(names: Iterable[str]) -> list[str]:
    """The stance backends in ``names`` that can run here; one printed line for each one left out.

    A model backend needs the ``transformers`` extra; without it the notebook goes on with the
    rest (``rules`` always works) instead of stopping.
    """
    from .errors import MissingExtraError
    from .stance import get_stance

    kept = []
    for name in names:
        try:
            get_stance(name)
        except MissingExtraError as exc:
            print(f"left out the {name!r} stance backend: {exc}")
            continue
        kept.append(name)
    return kept or ["rules"]


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
        from .agency import load_agency

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


# summary_table column stem → the per-side statistic in article.json (and articles.parquet's <stat>_<side>)
SIDE_STATS = {"net_stance": "net_stance", "paragraphs": "n_paragraphs", "mentions": "n_mentions",
              "agent_share": "agent_of_harm_share", "patient_share": "patient_of_harm_share"}
SUMMARY_COLUMNS = ["slug", "title", "author_side", "n_paragraphs", "n_attributions"]


def _summary_row(summary: Mapping, cue_counts: Mapping[str, int] | None, sides: list[str],
                 extra: tuple[str, ...] = ()) -> dict:
    """One article's summary_table row; new side names are appended to ``sides``.

    ``cue_counts`` maps cue class → number of attributions (None: the attributions are unknown).
    ``extra`` are further metadata keys to copy (``outlet``, ``date``).
    """
    row = {"slug": summary.get("slug") or "", "title": summary.get("title") or "",
           **{key: summary.get(key) for key in extra},
           "author_side": summary.get("author_side") or "",
           "n_paragraphs": summary.get("n_paragraphs"), "n_attributions": summary.get("n_attributions")}
    for side, values in (summary.get("sides") or {}).items():
        if side not in sides:
            sides.append(side)
        row.update({f"{column}_{side}": values.get(stat) for column, stat in SIDE_STATS.items()})
    if cue_counts is not None:
        total = sum(int(n) for n in cue_counts.values())
        for cls in CUE_CLASSES:
            row[f"cue_{cls}"] = round(int(cue_counts.get(cls, 0)) / total, 4) if total else 0.0
    return row


def _summary_frame(records: list[dict], sides: list[str], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    columns = [*SUMMARY_COLUMNS[:2], *extra, *SUMMARY_COLUMNS[2:]]
    for side in sides:
        columns += [f"{column}_{side}" for column in SIDE_STATS]
    columns += [f"cue_{cls}" for cls in CUE_CLASSES]
    return pd.DataFrame(records).reindex(columns=columns)


def summary_table(items: Iterable) -> pd.DataFrame:
    """One row per article: size, net stance and agency per side, and the cue-class mix of its attributions.

    ``items`` may be :class:`~analysis.score.ArticleScores`, mappings with ``summary`` (the
    article.json dict) and ``attributions`` (a DataFrame), or paths of folders written by
    ``framing score`` (``article.json`` + ``attributions.csv``). Columns:
    ``slug, title, author_side, n_paragraphs, n_attributions``, then per side
    ``net_stance_<side>, paragraphs_<side>, mentions_<side>, agent_share_<side>, patient_share_<side>``,
    then ``cue_<class>``: the share of the article's attributions in each cue class.
    For a corpus written as Parquet tables, see :func:`corpus_summary`.
    """
    records, sides = [], []
    for item in items:
        summary, attributions = _parts(item)
        counts = None if attributions is None else attributions["cue_class"].value_counts().to_dict()
        records.append(_summary_row(summary, counts, sides))
    return _summary_frame(records, sides)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def corpus_summary(folder: str | Path) -> pd.DataFrame:
    """:func:`summary_table` for a corpus folder written by ``framing score DIR --format parquet`` (or ``both``).

    Reads only the columns it needs: the article metadata and per-side statistics from
    ``articles.parquet`` and ``slug, cue_class`` from ``attributions.parquet``, so it stays small for
    thousands of articles. Same columns as :func:`summary_table`, plus ``outlet`` and ``date``
    (ISO ``YYYY-MM-DD`` as the reader stored it, or empty) after ``title``; rows in corpus order.
    """
    import pyarrow.parquet as pq

    folder = Path(folder)
    path = folder / "articles.parquet"
    if not path.is_file():
        raise FramingError(f"{folder}: not a corpus folder (no articles.parquet); "
                           "write one with `framing score DIR --format parquet`")
    names = pq.read_schema(path).names
    sides = [n[len("net_stance_"):] for n in names if n.startswith("net_stance_") and "__" not in n]
    meta = [n for n in ("slug", "title", "outlet", "date", "author_side", "n_paragraphs", "n_attributions")
            if n in names]
    stats = [f"{stat}_{side}" for side in sides for stat in SIDE_STATS.values() if f"{stat}_{side}" in names]
    articles = pd.read_parquet(path, columns=meta + stats)
    counts: dict | None = None
    cues = folder / "attributions.parquet"
    if cues.is_file():
        counts = {}
        if "cue_class" in pq.read_schema(cues).names:  # a corpus without any attribution has only "slug"
            attributions = pd.read_parquet(cues, columns=["slug", "cue_class"])
            counts = attributions.groupby(["slug", "cue_class"], sort=False).size()
            counts = {slug: group.droplevel(0).to_dict() for slug, group in counts.groupby(level=0, sort=False)}
    records, seen = [], []
    for values in articles.to_dict("records"):
        values = {k: None if _missing(v) else v for k, v in values.items()}
        summary = {**{k: values.get(k) for k in meta},
                   "sides": {side: {stat: values.get(f"{stat}_{side}") for stat in SIDE_STATS.values()}
                             for side in sides}}
        records.append(_summary_row(summary, None if counts is None else counts.get(values["slug"], {}), seen,
                                    extra=("outlet", "date")))
    table = _summary_frame(records, sides, extra=("outlet", "date"))
    for key in ("outlet", "date"):
        table[key] = table[key].fillna("").astype(str)
    return table


UNDATED, NO_OUTLET = "undated", "(no outlet)"


def article_periods(dates: Iterable) -> tuple[pd.Series, str]:
    """Each article's period: ``("year", "2019")``-style labels, or months (``"2019-03"``) when the
    dated articles span less than two years. Returns (labels, ``"year"`` or ``"month"``); an
    article without a readable ISO date gets :data:`UNDATED`.
    """
    dates = pd.Series(list(dates), dtype=object)
    parsed = pd.to_datetime(dates.where(dates.astype(str).str.match(r"^\d{4}-\d{2}-\d{2}$"), None),
                            errors="coerce", format="%Y-%m-%d")
    known = parsed.dropna()
    unit = "month" if len(known) and (known.max() - known.min()).days < 2 * 365 else "year"
    labels = parsed.dt.strftime("%Y-%m" if unit == "month" else "%Y")
    return labels.astype(object).where(parsed.notna(), UNDATED), unit


def stance_by(table: pd.DataFrame, groups: Iterable, sides: list[str] | None = None) -> pd.DataFrame:
    """Mean net stance per side for each group of articles (an outlet, a period…).

    ``table`` is :func:`corpus_summary` or :func:`summary_table`; ``groups`` gives each row's group.
    Columns: ``articles`` (how many in the group), then per side ``net_stance_<side>`` (the mean
    over the group's articles that mention the side; NaN if none does) and ``articles_<side>``
    (how many of them mention it). Rows are sorted by group label.
    """
    sides = sides or [c[len("net_stance_"):] for c in table.columns if c.startswith("net_stance_")]
    key = pd.Series(list(groups), index=table.index, name="group", dtype=object)
    grouped = table.groupby(key, sort=True)
    out = pd.DataFrame({"articles": grouped.size()})
    for side in sides:
        values = table[f"net_stance_{side}"].astype(float).groupby(key, sort=True)
        out[f"net_stance_{side}"] = values.mean()
        out[f"articles_{side}"] = values.count()
    out.index.name = None
    return out


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
