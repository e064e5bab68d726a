"""Charts for the notebooks. Each chart function takes the package's tables and returns ``(fig, ax)``.

Colours come from the Okabe–Ito palette (safe for colour-blind readers) and each side keeps
the same colour in every chart (:data:`SIDE_COLORS`); cue classes use black, grey, yellow, brown
and purple so that no bar is mistaken for a side. Stance heat maps use ColorBrewer's
PuOr scale (orange = unfavourable, purple = favourable), which is also colour-blind safe and
does not reuse a side's colour for a direction.

:func:`evidence_html` renders an article with its evidence highlighted (the "chart" of
notebook 05); :func:`save_figure` writes byte-identical PNG and SVG files.
"""
from __future__ import annotations

import html
import math
import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.patches import Patch
import numpy as np
import pandas as pd

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
SIDE_COLORS = {
    "government": "#0072B2",
    "protesters": "#D55E00",
    "media": "#009E73",
    "rights_groups": "#CC79A7",
    "international": "#E69F00",
    "other": "#56B4E9",
    "": "#999999",
}
UNRESOLVED = "unresolved"
SENTIMENT_COLOR = "#999999"  # sentiment (tone) is never drawn in a side's colour
# Cue classes never reuse a side's colour (a bar's colour must not read as a side); they differ in
# lightness as well as hue, so they stay apart for every kind of colour vision.
CUE_COLORS = {
    "factive": "#000000",
    "neutral": "#BBBBBB",
    "distancing": "#F0E442",
    "denial": "#A6761D",
    "discrediting": "#5E3C99",
}
CUE_ORDER = list(CUE_COLORS)
SPLIT_COLORS = {"dev": "#999999", "heldout": "#000000", "all": "#56B4E9"}
STANCE_CMAP = "PuOr"  # ColorBrewer: orange (−1) … white … purple (+1)


def side_color(side: str) -> str:
    """The side's fixed colour; other names get a stable colour from the palette."""
    if side in SIDE_COLORS:
        return SIDE_COLORS[side]
    if side == UNRESOLVED:
        return SIDE_COLORS[""]
    return OKABE_ITO[sum(map(ord, side)) % len(OKABE_ITO)]


def side_label(side: str) -> str:
    """A side's name for a chart: ``rights_groups`` → ``rights groups``; empty → ``unresolved``."""
    return side.replace("_", " ") if side else UNRESOLVED


def side_columns(paragraphs: pd.DataFrame) -> list[str]:
    """Sides scored in a paragraphs table (from its ``stance_<side>`` columns, first backend only)."""
    return [c[len("stance_"):] for c in paragraphs.columns if c.startswith("stance_") and "__" not in c]


def backend_suffixes(paragraphs: pd.DataFrame) -> list[str]:
    """Column suffixes of the stance backends in a paragraphs table: ``""`` for the first, then ``"minilm"``…"""
    found = [""]
    for column in paragraphs.columns:
        if column.startswith("stance_") and "__" in column:
            suffix = column.split("__", 1)[1]
            if suffix not in found:
                found.append(suffix)
    return found


def _stance_column(side: str, backend: str | None) -> str:
    return f"stance_{side}" + (f"__{backend}" if backend else "")


def _style(ax, title: str, xlabel: str, ylabel: str) -> None:
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)


def _ordered_legend(ax, last: list[str]) -> None:
    """A legend outside the axes, in drawing order except that the ``last`` labels go at the end."""
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: (labels[i] in last, i))
    ax.legend([handles[i] for i in order], [labels[i] for i in order], frameon=False,
              bbox_to_anchor=(1.01, 1), loc="upper left")


def sentiment_by_paragraph(paragraphs: pd.DataFrame, title: str = "Sentiment by paragraph"):
    """Bars of each paragraph's mean sentence sentiment, in grey as in every chart (side colours are for sides)."""
    fig, ax = plt.subplots(figsize=(8, 3.5))
    values = paragraphs["sentiment"].astype(float).fillna(0).to_numpy()
    ax.bar(paragraphs["paragraph"], values, color=SENTIMENT_COLOR)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylim(-1, 1)
    ax.set_xticks(paragraphs["paragraph"])
    _style(ax, title, "paragraph", "sentiment (−1 … 1)")
    fig.tight_layout()
    return fig, ax


def attribution_table(attributions: pd.DataFrame) -> pd.DataFrame:
    """Counts of attributions per source side (rows) and cue class (columns, in :data:`CUE_ORDER`)."""
    frame = attributions.assign(source_side=attributions["source_side"].fillna("").replace("", UNRESOLVED))
    table = pd.crosstab(frame["source_side"], frame["cue_class"]).reindex(columns=CUE_ORDER, fill_value=0)
    table = table.loc[sorted(table.index, key=lambda s: (s == UNRESOLVED, s))]
    table.columns.name, table.index.name = "cue class", "source side"
    return table


def attributions_by_side(attributions: pd.DataFrame, title: str = "Whose claims, and how the author frames them"):
    """Stacked horizontal bars: attributions per source side, split by cue class."""
    table = attribution_table(attributions)
    labels = [side_label("" if s == UNRESOLVED else s) for s in table.index]
    fig, ax = plt.subplots(figsize=(8, 0.6 * max(len(table), 2) + 1.5))
    left = np.zeros(len(table))
    for cls in CUE_ORDER:
        ax.barh(labels, table[cls].to_numpy(), left=left, color=CUE_COLORS[cls], label=cls, edgecolor="#333333",
                linewidth=0.4)
        left += table[cls].to_numpy()
    ax.invert_yaxis()
    for tick, side in zip(ax.get_yticklabels(), table.index):
        tick.set_color(side_color(side))
    if table.empty:
        ax.set_yticks([])
        ax.text(0.5, 0.5, "no attributions found", transform=ax.transAxes, ha="center", va="center", color="#555555")
    ax.legend(title="cue class", bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _style(ax, title, "attributions", "source side")
    fig.tight_layout()
    return fig, ax


def framing_arc(paragraphs: pd.DataFrame, sides: list[str] | None = None,
                title: str = "Stance toward each side across the article", backend: str | None = None):
    """Stance per side as lines, sentiment as grey bars; a side's absent paragraphs get a × in a strip below.

    ``backend`` picks another backend's columns (``stance_<side>__<backend>``); None = the first.
    """
    sides = sides or side_columns(paragraphs)
    fig, ax = plt.subplots(figsize=(9, 4))
    x = paragraphs["paragraph"].to_numpy()
    ax.bar(x, paragraphs["sentiment"].astype(float).fillna(0), color=SENTIMENT_COLOR, alpha=0.6, width=0.6,
           label="sentiment")
    strip = []
    for i, side in enumerate(sides):
        y = paragraphs[_stance_column(side, backend)].to_numpy(dtype=float)
        ax.plot(x, y, marker="o", color=side_color(side), label=f"stance: {side_label(side)}", linewidth=2)
        absent = np.isnan(y)
        level = -1.2 - 0.12 * i
        strip.append(level)
        if absent.any():
            ax.scatter(x[absent], np.full(absent.sum(), level), marker="x", color=side_color(side),
                       label=f"{side_label(side)} not mentioned", zorder=3)
    ax.axhline(0, color="black", linewidth=0.8)
    bottom = min(strip, default=-1.05) - 0.1
    ax.set_ylim(bottom, 1.05)
    ax.set_yticks([-1, -0.5, 0, 0.5, 1])
    if strip:
        ax.axhspan(bottom, -1.1, color="#F2F2F2", zorder=0)
        ax.text(x.min() - 0.5 if len(x) else 0, (bottom - 1.1) / 2, "absent ", ha="right", va="center",
                fontsize=8, color="#555555")
    ax.set_xticks(x)
    ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    suffix = f" ({backend})" if backend else ""
    _style(ax, title + suffix, "paragraph", "score (−1 … 1)")
    fig.tight_layout()
    return fig, ax


def stance_matrix(paragraphs: pd.DataFrame, sides: list[str] | None = None,
                  backends: list[str] | None = None) -> pd.DataFrame:
    """Stance per (side, backend) row and paragraph column; NaN where the side is absent.

    ``backends`` are column suffixes as in :func:`backend_suffixes`; the first backend is ``""``.
    The index is a (side, backend suffix) MultiIndex.
    """
    sides = sides or side_columns(paragraphs)
    backends = backend_suffixes(paragraphs) if backends is None else backends
    rows = {}
    for side in sides:
        for backend in backends:
            column = _stance_column(side, backend)
            if column in paragraphs:
                rows[(side, backend)] = paragraphs[column].astype(float).to_numpy()
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=paragraphs["paragraph"].tolist())
    frame.index = pd.MultiIndex.from_tuples(list(rows), names=["side", "backend"])
    return frame


def stance_backends(paragraphs: pd.DataFrame, sides: list[str] | None = None, backends: list[str] | None = None,
                    names: dict[str, str] | None = None,
                    title: str = "Stance per paragraph, backend by backend"):
    """Heat map: one row per side and backend, one column per paragraph, value printed in each cell.

    Orange is unfavourable, purple favourable; a blank grey cell means the side is not mentioned.
    ``names`` maps a backend suffix to its display name (the first backend's suffix is ``""``).
    """
    matrix = stance_matrix(paragraphs, sides, backends)
    names = {"": "rules", **(names or {})}
    labels = [f"{side_label(side)} · {names.get(backend, backend)}" for side, backend in matrix.index]
    values = np.ma.masked_invalid(matrix.to_numpy(dtype=float))
    cmap = matplotlib.colormaps[STANCE_CMAP].with_extremes(bad="#EEEEEE")
    fig, ax = plt.subplots(figsize=(max(6.0, 0.55 * matrix.shape[1] + 3), 0.55 * len(matrix) + 1.6))
    image = ax.imshow(values, cmap=cmap, vmin=-1, vmax=1, aspect="auto")
    for (r, c), value in np.ndenumerate(matrix.to_numpy(dtype=float)):
        if math.isnan(value):
            continue
        ax.text(c, r, f"{value:+.1f}", ha="center", va="center", fontsize=8,
                color="white" if abs(value) > 0.6 else "black")
    ax.set_xticks(range(matrix.shape[1]), [str(p) for p in matrix.columns])
    ax.set_yticks(range(len(matrix)), labels)
    for tick, (side, _) in zip(ax.get_yticklabels(), matrix.index):
        tick.set_color(side_color(side))
    for r in range(1, len(matrix)):  # a line between sides
        if matrix.index[r][0] != matrix.index[r - 1][0]:
            ax.axhline(r - 0.5, color="white", linewidth=3)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("stance (−1 unfavourable … +1 favourable)", fontsize=8)
    ax.set_title(title, loc="left")
    ax.set_xlabel("paragraph (grey: side not mentioned)")
    fig.tight_layout()
    return fig, ax


def agency_by_side(mentions: pd.DataFrame, sides: list[str] | None = None,
                   title: str = "Who harms whom: mentions as agent or patient of harm"):
    """Grouped bars: per side, mentions that are agent of harm (solid) and patient of harm (hatched)."""
    harm = mentions[mentions["verb_class"] == "harm"]
    sides = sides or sorted(mentions["side"].unique())
    roles = ["agent", "patient"]
    counts = {role: [int(((harm["side"] == s) & (harm["role"] == role)).sum()) for s in sides] for role in roles}
    fig, ax = plt.subplots(figsize=(7, 3.5))
    x = np.arange(len(sides))
    width = 0.38
    for i, role in enumerate(roles):
        bars = ax.bar(x + (i - 0.5) * width, counts[role], width, label=f"{role} of harm",
                      color=[side_color(s) for s in sides], hatch="" if role == "agent" else "//",
                      edgecolor="white" if role == "agent" else "black")
        ax.bar_label(bars, padding=2)
    ax.set_xticks(x, [side_label(s) for s in sides])
    for tick, side in zip(ax.get_xticklabels(), sides):
        tick.set_color(side_color(side))
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylim(0, max([1, *counts["agent"], *counts["patient"]]) * 1.25)
    handles = [Patch(facecolor="#777777", edgecolor="white", label="agent of harm"),
               Patch(facecolor="#777777", edgecolor="black", hatch="//", label="patient of harm")]
    ax.legend(handles=handles, frameon=False)
    _style(ax, title, "side", "mentions")
    fig.tight_layout()
    return fig, ax


_LEADING = {"the", "a", "an", "some", "its", "their", "his", "her", "this", "these", "those", "that", "several",
            "many", "most", "all", "both", "each", "every", "such", "other", "any", "few", "number", "of",
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds",
            "thousands", "scores", "about", "around", "nearly", "almost", "more", "than", "at", "least"}


def name_of(text: str) -> str:
    """A mention's naming words: lower case, without leading articles, possessives and numbers.

    ``"Six senior officials"`` → ``"senior officials"``; ``"a number of young people"`` → ``"young people"``.
    The author's own ``we`` / ``our …`` is kept as written.
    """
    words = re.sub(r"\s+", " ", str(text)).strip().lower().split(" ")
    while len(words) > 1 and (words[0] in _LEADING or words[0].isdigit()):
        words = words[1:]
    return " ".join(words).strip(" ,.;:\"'“”‘’")


PRONOUNS = {"he", "she", "it", "they", "them", "their", "theirs", "his", "her", "hers", "its", "him", "who",
            "which", "that", "i", "me", "my", "you", "your", "one"}


def mention_names(mentions: pd.DataFrame, pronouns: bool = False) -> pd.DataFrame:
    """How each side is named: one row per (side, name) with counts, paragraphs and evaluative labels.

    Third-person pronouns ("they", "their") name nobody and are left out unless ``pronouns``;
    the author's "we" / "our …" is kept.
    """
    columns = ["side", "name", "mentions", "paragraphs", "labels"]
    frame = mentions.assign(name=mentions["text"].map(name_of), labels=mentions["labels"].fillna(""))
    if not pronouns:
        frame = frame[~frame["name"].isin(PRONOUNS)]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for (side, name), group in frame.groupby(["side", "name"], sort=True):
        labels = sorted({part.strip() for cell in group["labels"] for part in cell.split(";") if part.strip()})
        rows.append({"side": side, "name": name, "mentions": len(group),
                     "paragraphs": ", ".join(str(p) for p in sorted(set(group["paragraph"]))),
                     "labels": "; ".join(labels)})
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["side", "mentions", "name"], ascending=[True, False, True], kind="stable") \
              .reset_index(drop=True)


def label_words(mentions: pd.DataFrame, sides: list[str] | None = None, top: int = 6,
                title: str = "The words that name each side"):
    """Horizontal bars: each side's most frequent names (top ``top``), coloured by side.

    A name carrying an evaluative label (``rioters −0.5``) gets the label printed after its bar.
    """
    names = mention_names(mentions)
    if not sides:
        sides = sorted(names["side"].unique())
    parts = [names[names["side"] == s].head(top) for s in sides]
    table = pd.concat(parts, ignore_index=True) if parts else names
    fig, ax = plt.subplots(figsize=(8, 0.32 * max(len(table), 3) + 1.4))
    y = np.arange(len(table))
    ax.barh(y, table["mentions"], color=[side_color(s) for s in table["side"]], height=0.7)
    for yi, (count, labels) in enumerate(zip(table["mentions"], table["labels"])):
        ax.text(count + 0.05, yi, f" {labels}" if labels else "", va="center", fontsize=8, color="#333333")
    ax.set_yticks(y, table["name"])
    for tick, side in zip(ax.get_yticklabels(), table["side"]):
        tick.set_color(side_color(side))
    ax.invert_yaxis()
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, max([1, *table["mentions"]]) * 1.6)
    handles = [Patch(color=side_color(s), label=side_label(s)) for s in sides]
    ax.legend(handles=handles, frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    _style(ax, title, "mentions", "")
    fig.tight_layout()
    return fig, ax


def evidence_by_paragraph(evidence: pd.DataFrame, paragraphs: pd.DataFrame | None = None,
                          sides: list[str] | None = None, measure: str = "stance",
                          title: str = "What pushes each stance score: evidence weights by paragraph"):
    """Per paragraph and side: the sum of positive weights (up) and of negative weights (down, hatched).

    A black diamond marks the net sum. For the rules backend the paragraph's score is tanh of that sum.
    """
    rows = evidence[evidence["measure"] == measure]
    sides = sides or [s for s in sorted(rows["side"].unique()) if s]
    numbers = (paragraphs["paragraph"].tolist() if paragraphs is not None
               else sorted(evidence["paragraph"].unique().tolist()))
    fig, ax = plt.subplots(figsize=(9, 4))
    x = np.arange(len(numbers))
    width = 0.8 / max(len(sides), 1)
    for i, side in enumerate(sides):
        mine = rows[rows["side"] == side]
        pos = [float(mine.loc[(mine["paragraph"] == p) & (mine["weight"] > 0), "weight"].sum()) for p in numbers]
        neg = [float(mine.loc[(mine["paragraph"] == p) & (mine["weight"] < 0), "weight"].sum()) for p in numbers]
        at = x + (i - (len(sides) - 1) / 2) * width
        ax.bar(at, pos, width, color=side_color(side), label=f"{side_label(side)}: for")
        ax.bar(at, neg, width, color=side_color(side), hatch="//", edgecolor="white", alpha=0.7,
               label=f"{side_label(side)}: against")
        net = np.array(pos) + np.array(neg)
        has = np.array([bool(((mine["paragraph"] == p)).any()) for p in numbers])
        ax.scatter(at[has], net[has], marker="D", color="black", s=16, zorder=3,
                   label="net (sum)" if i == 0 else None)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, [str(p) for p in numbers])
    _ordered_legend(ax, last=["net (sum)"])
    _style(ax, title, "paragraph", "sum of evidence weights")
    fig.tight_layout()
    return fig, ax


def compare_articles(summary: pd.DataFrame, sides: list[str] | None = None,
                     title: str = "Net stance per side, by article", highlight: str | None = None):
    """Grouped horizontal bars of ``net_stance_<side>`` for each article (one row per article).

    ``highlight`` is a slug whose tick label is drawn bold and marked with ``▶``.
    """
    sides = _net_sides(summary, sides)
    fig, ax = plt.subplots(figsize=(9, 0.7 * max(len(summary), 2) + 1.5))
    _net_bars(ax, summary, sides, list(summary["slug"]), list(summary["slug"]), highlight)
    _style(ax, title, "net stance (−1 … 1; mean over the paragraphs that mention the side)", "")
    fig.tight_layout()
    return fig, ax


def _net_bars(ax, frame: pd.DataFrame, sides: list[str], keys: list, labels: list[str], highlight) -> None:
    """One group of horizontal ``net_stance_<side>`` bars per row; the ``highlight`` key bold and marked ▶."""
    y = np.arange(len(frame))
    height = 0.8 / max(len(sides), 1)
    for i, side in enumerate(sides):
        ax.barh(y + i * height - 0.4 + height / 2, frame[f"net_stance_{side}"].astype(float).fillna(0), height,
                color=side_color(side), label=side_label(side))
    ax.set_yticks(y, [f"▶ {t}" if key == highlight else t for key, t in zip(keys, labels)])
    for tick, key in zip(ax.get_yticklabels(), keys):
        if key == highlight:
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.legend(frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")


def _net_sides(grouped: pd.DataFrame, sides: list[str] | None) -> list[str]:
    return sides or [c[len("net_stance_"):] for c in grouped.columns if c.startswith("net_stance_")]


def stance_by_outlet(grouped: pd.DataFrame, sides: list[str] | None = None,
                     title: str = "Mean net stance per side, by outlet", highlight: str | None = None):
    """Grouped horizontal bars: the mean ``net_stance_<side>`` of each outlet's articles, one row per outlet.

    ``grouped`` is :func:`analysis.notebook.stance_by` (index = outlet, ``articles`` = how many);
    each tick reads ``outlet (n)``. ``highlight`` is an outlet drawn bold and marked with ``▶``.
    """
    sides = _net_sides(grouped, sides)
    fig, ax = plt.subplots(figsize=(9, 0.6 * max(len(grouped), 2) + 1.5))
    labels = [f"{name} ({int(n)})" for name, n in zip(grouped.index, grouped["articles"])]
    _net_bars(ax, grouped, sides, list(grouped.index), labels, highlight)
    _style(ax, title, "mean net stance of the outlet's articles (−1 … 1)", "outlet (number of articles)")
    fig.tight_layout()
    return fig, ax


def _period_range(labels: list[str], unit: str) -> list[str]:
    """Every period from the first label to the last (``"2019"`` years or ``"2019-03"`` months)."""
    if not labels:
        return []
    if unit == "month":
        return [str(p) for p in pd.period_range(min(labels), max(labels), freq="M")]
    return [str(y) for y in range(int(min(labels)), int(max(labels)) + 1)]


def stance_over_time(grouped: pd.DataFrame, sides: list[str] | None = None, unit: str = "year",
                     undated: int = 0, title: str = "Mean net stance per side, over time"):
    """Lines of the mean ``net_stance_<side>`` per period, over every period from the first to the last.

    ``grouped`` is :func:`analysis.notebook.stance_by` over periods (index ``"2019"`` or ``"2019-03"``,
    as :func:`analysis.notebook.article_periods`; an ``undated`` row is left out). Periods without
    articles are gaps in the lines; each period with articles is a tick ``period (n)``. ``undated``
    (the number of articles without a date) is noted under the chart.
    """
    sides = _net_sides(grouped, sides)
    dated = grouped[[str(i) != "undated" for i in grouped.index]]
    periods = _period_range([str(i) for i in dated.index], unit)
    fig, ax = plt.subplots(figsize=(9, 4))
    x = np.arange(len(periods))
    for side in sides:
        values = dated[f"net_stance_{side}"].astype(float)
        values.index = [str(i) for i in values.index]
        ax.plot(x, values.reindex(periods).to_numpy(dtype=float), marker="o", linewidth=2, color=side_color(side),
                label=side_label(side))
    counts = dated["articles"].set_axis([str(i) for i in dated.index])
    shown = [i for i, p in enumerate(periods) if counts.get(p, 0) > 0]
    step = max(1, math.ceil(len(shown) / 16))  # at most 16 labelled ticks
    shown = shown[::step]
    ax.set_xticks(x[shown], [f"{periods[i]}\n({int(counts[periods[i]])})" for i in shown])
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylim(-1, 1)
    if len(periods):
        ax.set_xlim(-0.5, len(periods) - 0.5)
    else:
        ax.text(0.5, 0.5, "no dated articles", transform=ax.transAxes, ha="center", va="center", color="#555555")
    ax.legend(frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    note = f"; {undated} undated article{'s' if undated != 1 else ''} not shown" if undated else ""
    _style(ax, title, f"{unit} (number of articles){note}", "mean net stance (−1 … 1)")
    fig.tight_layout()
    return fig, ax


def cue_mix(summary: pd.DataFrame, title: str = "How each article positions the claims it reports",
            highlight: str | None = None):
    """Stacked horizontal bars: share of each article's attributions per cue class (``cue_<class>`` columns)."""
    fig, ax = plt.subplots(figsize=(9, 0.55 * max(len(summary), 2) + 1.5))
    y = np.arange(len(summary))
    left = np.zeros(len(summary))
    for cls in CUE_ORDER:
        values = summary.get(f"cue_{cls}", pd.Series(0.0, index=summary.index)).astype(float).fillna(0).to_numpy()
        ax.barh(y, values, left=left, color=CUE_COLORS[cls], label=cls, edgecolor="#333333", linewidth=0.4)
        left += values
    ax.set_yticks(y, [f"▶ {s}" if s == highlight else s for s in summary["slug"]])
    for tick, slug in zip(ax.get_yticklabels(), summary["slug"]):
        if slug == highlight:
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.legend(title="cue class", frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    _style(ax, title, "share of the article's attributions", "")
    fig.tight_layout()
    return fig, ax


def agency_shares(summary: pd.DataFrame, sides: list[str] | None = None,
                  title: str = "Share of each side's mentions that do harm (solid) or suffer it (hatched)",
                  highlight: str | None = None):
    """Grouped horizontal bars per article: ``agent_share_<side>`` solid and ``patient_share_<side>`` hatched."""
    sides = sides or [c[len("agent_share_"):] for c in summary.columns if c.startswith("agent_share_")]
    fig, ax = plt.subplots(figsize=(9, 0.8 * max(len(summary), 2) + 1.5))
    y = np.arange(len(summary))
    n = 2 * max(len(sides), 1)
    height = 0.84 / n
    k = 0
    for side in sides:
        for role, hatch in (("agent", ""), ("patient", "//")):
            values = summary[f"{role}_share_{side}"].astype(float).fillna(0).to_numpy()
            ax.barh(y - 0.42 + (k + 0.5) * height, values, height, color=side_color(side), hatch=hatch,
                    edgecolor="white" if not hatch else "black", linewidth=0.5,
                    label=f"{side_label(side)}: {role} of harm")
            k += 1
    ax.set_yticks(y, [f"▶ {s}" if s == highlight else s for s in summary["slug"]])
    for tick, slug in zip(ax.get_yticklabels(), summary["slug"]):
        if slug == highlight:
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    largest = max([0.0, *(summary[f"{r}_share_{s}"].astype(float).max(skipna=True) for s in sides
                          for r in ("agent", "patient") if summary[f"{r}_share_{s}"].notna().any())])
    ax.set_xlim(0, min(1.0, max(0.3, round(largest * 1.25, 1))))
    ax.legend(frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    _style(ax, title, "share of the side's mentions", "")
    fig.tight_layout()
    return fig, ax


def agreement_by_backend(table: pd.DataFrame, baseline: float | None = None,
                         title: str = "Stance sign agreement with the hand labels"):
    """Grouped bars: rows of ``table`` are backends, columns are splits (dev, heldout…), values in [0, 1].

    ``baseline`` draws a dashed line (e.g. the score of always guessing the most common sign).
    """
    fig, ax = plt.subplots(figsize=(7, 3.6))
    x = np.arange(len(table))
    width = 0.8 / max(len(table.columns), 1)
    for i, split in enumerate(table.columns):
        values = table[split].astype(float).fillna(0).to_numpy()
        bars = ax.bar(x + (i - (len(table.columns) - 1) / 2) * width, values, width,
                      color=SPLIT_COLORS.get(split, OKABE_ITO[i % len(OKABE_ITO)]), label=str(split))
        ax.bar_label(bars, labels=[f"{v:.2f}" for v in values], padding=2, fontsize=8)
    if baseline is not None:
        ax.axhline(baseline, color="#333333", linestyle="--", linewidth=1.2,
                   label=f"most-common-sign baseline ({baseline:.2f})")
    ax.set_xticks(x, [str(b) for b in table.index])
    ax.set_ylim(0, 1.1)
    _ordered_legend(ax, last=[h for h in ax.get_legend_handles_labels()[1] if h.startswith("most-common")])
    _style(ax, title, "stance backend", "share of polar paragraphs")
    fig.tight_layout()
    return fig, ax


# ---------------------------------------------------------------------------------------------
# Evidence as HTML

WIDE_SPAN = 60  # characters; longer stance spans (a whole sentence's tone) get a paler tint
WORD_ALPHA, WIDE_ALPHA = 0.35, 0.12
MEASURE_ORDER = {"stance": 0, "attribution": 2, "sentiment": 3}  # stance:<backend> sorts as 1


def _measure_rank(measure: str) -> int:
    return MEASURE_ORDER.get(measure, 1 if measure.startswith("stance:") else 4)


def _tint(color: str, alpha: float) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _segment_style(rows: list[dict]) -> str:
    """Inline CSS for a text segment covered by evidence ``rows`` (already in display order)."""
    styles = []
    stance = [r for r in rows if r["measure"] == "stance"]
    if stance:
        colors = []
        for side in dict.fromkeys(r["side"] for r in stance):  # sides in display order
            narrowest = min(int(r["end"]) - int(r["start"]) for r in stance if r["side"] == side)
            c = _tint(side_color(side), WORD_ALPHA if narrowest <= WIDE_SPAN else WIDE_ALPHA)
            if c not in colors:
                colors.append(c)
        if len(colors) == 1:
            styles.append(f"background: {colors[0]}")
        else:  # horizontal bands, one per side, in a fixed order
            step = 100 / len(colors)
            stops = ", ".join(f"{c} {i * step:.0f}% {(i + 1) * step:.0f}%" for i, c in enumerate(colors))
            styles.append(f"background: linear-gradient(to bottom, {stops})")
    other = [r for r in rows if r["measure"].startswith("stance:")]
    if other:
        styles.append(f"box-shadow: inset 0 2px 0 {side_color(other[0]['side'])}")
    attribution = [r for r in rows if r["measure"] == "attribution"]
    if attribution:
        styles.append(f"border-bottom: 3px solid {side_color(attribution[0]['side'])}")
        styles.append("font-weight: 600")
    elif any(r["measure"] == "sentiment" for r in rows):
        styles.append("border-bottom: 2px dotted #555555")
    return "; ".join(styles)


def _tooltip(rows: list[dict]) -> str:
    lines = []
    for r in rows:
        side = side_label(r["side"]) if r["side"] else "—"
        lines.append(f"{r['measure']} · {side} · {float(r['weight']):+.2f} · {r['text']!s} — {r['detail']}")
    return "\n".join(lines)


def _paragraph_header(row: pd.Series, sides: list[str], suffixes: list[str], names: dict[str, str]) -> str:
    parts = [f"<b>¶{int(row['paragraph'])}</b>"]
    if "sentiment" in row and not pd.isna(row["sentiment"]):
        parts.append(f"sentiment {float(row['sentiment']):+.2f}")
    for side in sides:
        values = []
        for suffix in suffixes:
            value = row.get(_stance_column(side, suffix))
            if value is not None and not pd.isna(value):
                label = f" ({names.get(suffix, suffix)})" if len(suffixes) > 1 else ""
                values.append(f"{float(value):+.2f}{label}")
        shown = ", ".join(values) if values else "not mentioned"
        parts.append(f'<span style="color: {side_color(side)}">{html.escape(side_label(side))} {shown}</span>')
    return '<div class="fa-meta">' + " · ".join(parts) + "</div>"


def evidence_html(paragraphs: pd.DataFrame, evidence: pd.DataFrame, measures: list[str] | None = None,
                  names: dict[str, str] | None = None) -> str:
    """The article's paragraphs as HTML with every evidence span highlighted; hover a span for its rows.

    * stance (first backend): background in the side's colour (bands when several sides share a word),
      followed by the contribution's weight as a superscript in the side's colour;
    * stance of another backend (``stance:<name>``): a line above the span in the side's colour;
    * attribution cue: bold, underlined in the source side's colour (grey when unresolved);
    * sentiment word: dotted grey underline.

    Spans come from the evidence's ``start``/``end`` offsets into the paragraph text. Overlaps are
    resolved by cutting the text at every span boundary: each piece carries every row that covers it,
    in a fixed order (measure, side, start, end, detail), so the output is deterministic.
    All text is escaped with :func:`html.escape`.
    """
    names = {"": "rules", **(names or {})}
    rows = evidence if measures is None else evidence[evidence["measure"].isin(measures)]
    sides = side_columns(paragraphs)
    suffixes = backend_suffixes(paragraphs)
    present_measures = sorted(set(rows["measure"]), key=lambda m: (_measure_rank(m), m))
    out = ['<div class="fa-evidence">', _STYLE, _legend(rows, present_measures)]
    for _, para in paragraphs.iterrows():
        text = str(para["text"])
        mine = rows[rows["paragraph"] == para["paragraph"]]
        spans = []
        for r in mine.to_dict("records"):
            start, end = max(0, int(r["start"])), min(len(text), int(r["end"]))
            if end > start:
                r["side"] = "" if pd.isna(r["side"]) else str(r["side"])
                spans.append((start, end, r))
        spans.sort(key=lambda s: (_measure_rank(s[2]["measure"]), s[2]["measure"], s[2]["side"], s[0], s[1],
                                  str(s[2]["detail"])))
        cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
        pieces = []
        for a, b in zip(cuts, cuts[1:]):
            covering = [r for s, e, r in spans if s <= a and e >= b]
            chunk = html.escape(text[a:b])
            if covering:
                pieces.append(f'<span class="fa-ev" style="{_segment_style(covering)}" '
                              f'title="{html.escape(_tooltip(covering), quote=True)}">{chunk}</span>')
            else:
                pieces.append(chunk)
            ending = [r for s, e, r in spans if e == b and r["measure"] == "stance"]
            for r in ending:
                pieces.append(f'<sup class="fa-w" style="color: {side_color(r["side"])}">'
                              f'{float(r["weight"]):+.2f}</sup>')
        out.append(_paragraph_header(para, sides, suffixes, names))
        out.append('<p class="fa-text">' + "".join(pieces) + "</p>")
    out.append("</div>")
    return "\n".join(out)


_STYLE = """<style>
.fa-evidence { font-family: Georgia, serif; line-height: 1.9; max-width: 52em; }
.fa-evidence .fa-meta { font-family: sans-serif; font-size: 0.8em; color: #444; margin-top: 1.1em; }
.fa-evidence .fa-text { margin: 0.2em 0 0.6em 0; }
.fa-evidence .fa-ev { padding: 0 1px; border-radius: 2px; }
.fa-evidence .fa-w { font-family: sans-serif; font-size: 0.65em; font-weight: 600; margin-left: 3px; }
.fa-evidence .fa-legend { font-family: sans-serif; font-size: 0.8em; border: 1px solid #ddd; padding: 0.4em 0.8em;
  line-height: 2.1; }
.fa-evidence .fa-legend span.fa-ev { margin-right: 1.2em; }
</style>"""


def _legend(rows: pd.DataFrame, measures: list[str]) -> str:
    items = []
    stance_sides = sorted({str(s) for s in rows.loc[rows["measure"] == "stance", "side"] if s})
    for side in stance_sides:
        items.append(f'<span class="fa-ev" style="background: {_tint(side_color(side), WORD_ALPHA)}">'
                     f'stance evidence about {html.escape(side_label(side))}</span>'
                     f'<span class="fa-ev" style="background: {_tint(side_color(side), WIDE_ALPHA)}">'
                     f'(pale: a whole sentence)</span>')
    for measure in measures:
        if measure.startswith("stance:"):
            items.append(f'<span class="fa-ev" style="box-shadow: inset 0 2px 0 #555555">'
                         f'{html.escape(measure)} (a sentence the {html.escape(measure.split(":", 1)[1])} '
                         f'backend scored; line in the side\'s colour)</span>')
    if "attribution" in measures:
        att_sides = sorted({str(s) for s in rows.loc[rows["measure"] == "attribution", "side"].fillna("")})
        for side in att_sides:
            items.append(f'<span class="fa-ev" style="border-bottom: 3px solid {side_color(side)}; font-weight: 600">'
                         f'reporting cue, source: {html.escape(side_label(side))}</span>')
    if "sentiment" in measures:
        items.append('<span class="fa-ev" style="border-bottom: 2px dotted #555555">sentiment word (VADER lexicon)'
                     '</span>')
    note = ("Superscripts: the weight a stance contribution adds to its side's paragraph score. "
            "Hover any highlight for its measure, side, weight and detail.")
    return ('<div class="fa-legend"><b>Legend</b> ' + " ".join(items) + f"<br>{note}</div>")


def save_figure(fig, stem: str | Path) -> list[Path]:
    """Write ``stem.png`` and ``stem.svg`` deterministically (fixed hash salt, no dates or versions)."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"svg.hashsalt": "framing-analysis", "svg.fonttype": "path"}):
        fig.savefig(stem.with_suffix(".svg"), format="svg", metadata={"Date": None, "Creator": None})
    fig.savefig(stem.with_suffix(".png"), format="png", dpi=100, metadata={"Software": None})
    return [stem.with_suffix(".png"), stem.with_suffix(".svg")]
