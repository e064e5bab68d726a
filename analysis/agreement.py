"""How far several stance backends agree on one article (article.json ``backend_agreement``)."""
from __future__ import annotations

import math

NEUTRAL = 0.1  # scores within ±0.1 count as neutral when signs are compared (as in notebook 03)


def _sign(value: float) -> int:
    return 0 if abs(value) <= NEUTRAL else (1 if value > 0 else -1)


def backend_agreement(first: dict, others: dict[str, dict], paragraphs: list[int], sides: list[str]) -> dict:
    """Each further backend against the first, per side, over the paragraphs both scored.

    ``first`` and each value of ``others`` map ``(paragraph, side)`` to a score or None. Returns
    ``{backend: {side: {"paragraphs": n, "sign_agreement": share, "mean_abs_diff": d}}}``; the
    share and the difference are None when no paragraph has both scores.
    """
    out = {}
    for name, scores in others.items():
        per_side = {}
        for side in sides:
            pairs = [(first.get((p, side)), scores.get((p, side))) for p in paragraphs]
            pairs = [(a, b) for a, b in pairs if a is not None and b is not None
                     and not (isinstance(a, float) and math.isnan(a)) and not (isinstance(b, float) and math.isnan(b))]
            n = len(pairs)
            per_side[side] = {
                "paragraphs": n,
                "sign_agreement": round(sum(_sign(a) == _sign(b) for a, b in pairs) / n, 4) if n else None,
                "mean_abs_diff": round(sum(abs(a - b) for a, b in pairs) / n, 4) if n else None,
            }
        out[name] = per_side
    return out
