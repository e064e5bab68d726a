"""Charts for the notebooks. Each function takes the package's tables and returns ``(fig, ax)``.

Colours come from the Okabe–Ito palette (safe for colour-blind readers) and each side keeps
the same colour in every chart.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
SIDE_COLORS = {
    "government": "#0072B2",
    "protesters": "#D55E00",
    "media": "#009E73",
    "rights_groups": "#CC79A7",
    "international": "#E69F00",
    "": "#999999",
}
CUE_COLORS = {
    "factive": "#0072B2",
    "neutral": "#999999",
    "distancing": "#E69F00",
    "denial": "#CC79A7",
    "discrediting": "#D55E00",
}
CUE_ORDER = list(CUE_COLORS)


def side_color(side: str) -> str:
    """The side's fixed colour; other names get a stable colour from the palette."""
    if side in SIDE_COLORS:
        return SIDE_COLORS[side]
    return OKABE_ITO[sum(map(ord, side)) % len(OKABE_ITO)]


def side_columns(paragraphs: pd.DataFrame) -> list[str]:
    """Sides scored in a paragraphs table (from its ``stance_<side>`` columns, first backend only)."""
    return [c[len("stance_"):] for c in paragraphs.columns if c.startswith("stance_") and "__" not in c]


def _style(ax, title: str, xlabel: str, ylabel: str) -> None:
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)


def sentiment_by_paragraph(paragraphs: pd.DataFrame, title: str = "Sentiment by paragraph"):
    fig, ax = plt.subplots(figsize=(8, 3.5))
    values = paragraphs["sentiment"].fillna(0).to_numpy()
    colors = ["#0072B2" if v >= 0 else "#D55E00" for v in values]
    ax.bar(paragraphs["paragraph"], values, color=colors)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylim(-1, 1)
    ax.set_xticks(paragraphs["paragraph"])
    _style(ax, title, "paragraph", "sentiment (−1 … 1)")
    fig.tight_layout()
    return fig, ax


def attributions_by_side(attributions: pd.DataFrame, title: str = "Whose claims, and how the author frames them"):
    """Stacked horizontal bars: attributions per source side, split by cue class."""
    frame = attributions.assign(source_side=attributions["source_side"].fillna("").replace("", "unresolved"))
    table = pd.crosstab(frame["source_side"], frame["cue_class"]).reindex(columns=CUE_ORDER, fill_value=0)
    table = table.loc[sorted(table.index, key=lambda s: (s == "unresolved", s))]
    fig, ax = plt.subplots(figsize=(8, 0.6 * max(len(table), 2) + 1.5))
    left = np.zeros(len(table))
    for cls in CUE_ORDER:
        ax.barh(table.index, table[cls], left=left, color=CUE_COLORS[cls], label=cls)
        left += table[cls].to_numpy()
    ax.invert_yaxis()
    ax.legend(title="cue class", bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _style(ax, title, "attributions", "source side")
    fig.tight_layout()
    return fig, ax


def framing_arc(paragraphs: pd.DataFrame, sides: list[str] | None = None,
                title: str = "Stance toward each side across the article"):
    """Stance per side as lines (gaps where a side is absent, marked ×), sentiment as grey bars."""
    sides = sides or side_columns(paragraphs)
    fig, ax = plt.subplots(figsize=(9, 4))
    x = paragraphs["paragraph"].to_numpy()
    ax.bar(x, paragraphs["sentiment"].fillna(0), color="#BBBBBB", width=0.6, label="sentiment")
    for side in sides:
        y = paragraphs[f"stance_{side}"].to_numpy(dtype=float)
        ax.plot(x, y, marker="o", color=side_color(side), label=f"stance: {side}", linewidth=2)
        absent = np.isnan(y)
        if absent.any():
            ax.scatter(x[absent], np.zeros(absent.sum()), marker="x", color=side_color(side),
                       label=f"{side} absent", zorder=3)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xticks(x)
    ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    _style(ax, title, "paragraph", "score (−1 … 1)")
    fig.tight_layout()
    return fig, ax


def agency_by_side(mentions: pd.DataFrame, sides: list[str] | None = None,
                   title: str = "Who harms whom: mentions as agent or patient of harm"):
    """Grouped bars: per side, mentions that are agent of harm and patient of harm."""
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
    ax.set_xticks(x, sides)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False)
    _style(ax, title, "side", "mentions")
    fig.tight_layout()
    return fig, ax


def compare_articles(summary: pd.DataFrame, sides: list[str] | None = None,
                     title: str = "Net stance per side, by article"):
    """Grouped horizontal bars of ``net_stance_<side>`` for each article (one row per article)."""
    sides = sides or [c[len("net_stance_"):] for c in summary.columns if c.startswith("net_stance_")]
    fig, ax = plt.subplots(figsize=(8, 0.7 * max(len(summary), 2) + 1.5))
    y = np.arange(len(summary))
    height = 0.8 / max(len(sides), 1)
    for i, side in enumerate(sides):
        ax.barh(y + i * height - 0.4 + height / 2, summary[f"net_stance_{side}"].fillna(0), height,
                color=side_color(side), label=side)
    ax.set_yticks(y, summary["slug"])
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.legend(frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    _style(ax, title, "net stance (−1 … 1)", "")
    fig.tight_layout()
    return fig, ax


def save_figure(fig, stem: str | Path) -> list[Path]:
    """Write ``stem.png`` and ``stem.svg`` deterministically (fixed hash salt, no dates or versions)."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"svg.hashsalt": "framing-analysis", "svg.fonttype": "path"}):
        fig.savefig(stem.with_suffix(".svg"), format="svg", metadata={"Date": None, "Creator": None})
    fig.savefig(stem.with_suffix(".png"), format="png", dpi=100, metadata={"Software": None})
    return [stem.with_suffix(".png"), stem.with_suffix(".svg")]
