"""Implied stance: a side framed through its opponent.

In a conflict of two sides, a paragraph often names one and frames the other by implication:
"Officers fired tear gas into the square" says something about the people in the square, and
"Shops were looted and the ministry restored order" about whoever looted. When the sides file
names two ``opposed`` sides, a paragraph that scores one of them and names no one of the other,
in an article that names the other somewhere, scores the other at the reverse of its opponent's
stance, at :data:`SCALE` of its size. Every such score is an evidence row whose span is the
opponent's first mention in the paragraph. The article summary still counts a side's
``n_paragraphs`` where it is named, and the implied ones apart (``n_implied``).
"""
from __future__ import annotations

SCALE = 0.5


def implied_scores(scores: dict, paragraphs, doc_mentions, sides) -> tuple[dict, list[dict]]:
    """``scores``: (paragraph, side) → stance or None, from one backend. Returns the scores with
    the implied ones filled in, and one evidence row per implied score."""
    if len(sides.opposed) != 2:
        return scores, []
    named = {m.side for mentions in doc_mentions for m in mentions}
    out, rows = dict(scores), []
    for para, mentions in zip(paragraphs, doc_mentions):
        for side, other in (sides.opposed, sides.opposed[::-1]):
            value = scores.get((para.index, other))
            if scores.get((para.index, side)) is not None or side not in named or not value:
                continue
            anchor = next((m for m in mentions if m.side == other), None)
            if anchor is None:
                continue
            implied = round(-SCALE * value, 4)
            out[(para.index, side)] = implied
            rows.append({"paragraph": para.index, "sentence": anchor.sentence, "side": side,
                         "text": anchor.text, "start": anchor.start, "end": anchor.end, "weight": implied,
                         "detail": f"implied: no mention of {sides.actor(side).label} here; the reverse of "
                                   f"this paragraph's {other} stance ({value:+.2f}) × {SCALE}"})
    return out, rows


def implied_keys(scores: dict, implied: dict) -> set:
    """The (paragraph, side) keys that :func:`implied_scores` filled in."""
    return {k for k, v in implied.items() if v is not None and scores.get(k) is None}
