"""Helpers for the notebooks: load an article or a scored table with a one-line message on failure."""
from __future__ import annotations

from pathlib import Path

from .errors import FramingError


class NotebookStop(Exception):
    """Raised to stop a notebook with a plain message; IPython shows it without a long traceback."""

    def _render_traceback_(self):  # IPython hook: show only the message
        return [f"Stopped: {self}"]


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
