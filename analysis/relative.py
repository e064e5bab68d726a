"""Stance relative to the opponent, for two sides in a zero-sum conflict.

In a conflict of two sides, what a paragraph says of one is also said of the other: "Officers
fired tear gas into the square" frames the people in the square, and "the ministry restored order
after the looting" frames whoever looted. When the sides file names two ``opposed`` sides, each
side's paragraph score moves against its opponent's by :data:`SCALE` of the opponent's score:

* both sides named: ``stance = clip(own − SCALE × opponent's, −1, 1)``; the evidence row
  (``relative:``) carries the ``− SCALE × opponent's`` part;
* one side named, the other not named in the paragraph but somewhere in the article: the unnamed
  side is *implied* at ``− SCALE × opponent's``; its one evidence row (``implied:``) points at the
  opponent's first mention in the paragraph.

The article summary still counts a side's ``n_paragraphs`` where it is named, and the implied ones
apart (``n_implied``).
"""
from __future__ import annotations

SCALE = 0.5


def relative_scores(scores: dict, paragraphs, doc_mentions, sides) -> tuple[dict, list[dict], set]:
    """``scores``: (paragraph, side) → stance or None, from one backend. Returns the new scores,
    one evidence row per score that moved, and the keys of the implied ones."""
    if len(sides.opposed) != 2:
        return scores, [], set()
    named = {m.side for mentions in doc_mentions for m in mentions}
    out, rows, implied = dict(scores), [], set()
    for para, mentions in zip(paragraphs, doc_mentions):
        for side, other in (sides.opposed, sides.opposed[::-1]):
            own, value = scores.get((para.index, side)), scores.get((para.index, other))
            if not value:
                continue
            anchor = next((m for m in mentions if m.side == (other if own is None else side)), None)
            if anchor is None or (own is None and side not in named):
                continue
            shift = round(-SCALE * value, 4)
            if own is None:
                out[(para.index, side)] = shift
                implied.add((para.index, side))
                why = f"implied: no mention of {sides.actor(side).label} here; the reverse of"
            else:
                out[(para.index, side)] = round(max(-1.0, min(1.0, own + shift)), 4)
                why = f"relative: {own:+.2f} for the side itself, moved against"
            rows.append({"paragraph": para.index, "sentence": anchor.sentence, "side": side,
                         "text": anchor.text, "start": anchor.start, "end": anchor.end, "weight": shift,
                         "detail": f"{why} this paragraph's {other} stance ({value:+.2f}) × {SCALE}"})
    return out, rows, implied
