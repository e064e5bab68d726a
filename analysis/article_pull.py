"""The rest of the article as context for each paragraph's stance.

A paragraph is read inside its article: "The ministry met the families on Tuesday" reads as
praise in a statement that thanks the ministry throughout, and as a footnote in one that
condemns it. Human annotators label that way, and a paragraph with little evidence of its own
(a score near zero) is the one where the article decides. So, after the backend and the
opponent step (:mod:`analysis.relative`), each score a side has moves toward the mean of that
side's scores in the article's *other* paragraphs:

``stance = clip(own + PULL × mean of the side's other paragraph scores, −1, 1)``

The evidence row (``article:``) carries the ``PULL × mean`` part (less, where the clip cuts it).
Empty scores stay empty, and an article of one paragraph has nothing to pull with. :data:`PULL` was chosen on the dev gold
texts (README, "Accuracy").
"""
from __future__ import annotations

PULL = 0.2


def pull_scores(scores: dict, paragraphs, doc_mentions, sides) -> tuple[dict, list[dict]]:
    """``scores``: (paragraph, side) → stance or None. Returns the new scores and one evidence
    row per score that moved."""
    out, rows = dict(scores), []
    if not PULL:
        return out, rows
    for side in sides.sides:
        values = {p.index: scores.get((p.index, side)) for p in paragraphs}
        known = {i: v for i, v in values.items() if v is not None and v == v}  # NaN is empty too
        if len(known) < 2:
            continue
        total = sum(known.values())
        partner = next((o for o in sides.opposed if o != side), None) if side in sides.opposed else None
        for para, mentions in zip(paragraphs, doc_mentions):
            own = known.get(para.index)
            if own is None:
                continue
            rest = (total - own) / (len(known) - 1)
            new = round(max(-1.0, min(1.0, own + PULL * rest)), 4)
            shift = round(new - own, 4)  # what was added, after clipping: the rows sum to the score
            if not shift:
                continue
            # the side's first mention; for an implied score, its opposed side's (as analysis.relative anchors it)
            anchor = next((m for m in mentions if m.side == side), None) or next(
                (m for m in mentions if m.side == partner), None) or next(
                (m for m in mentions if m.side in sides.sides), None)
            out[(para.index, side)] = new
            rows.append({"paragraph": para.index, "sentence": anchor.sentence if anchor else 0, "side": side,
                         "text": anchor.text if anchor else "", "start": anchor.start if anchor else 0,
                         "end": anchor.end if anchor else 0, "weight": shift,
                         "detail": f"article: {own:+.2f} in this paragraph, pulled toward the side's mean in the "
                                   f"other {len(known) - 1} paragraphs ({rest:+.2f}) × {PULL}"
                                   + (" (clipped at ±1)" if abs(own + PULL * rest) > 1 else "")})
    return out, rows
