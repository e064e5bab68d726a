"""Accuracy against the hand labels in ``data/gold/`` (read-only).

    python -m analysis.evaluate [--gold data/gold] [--stance rules --stance minilm] [--split dev|heldout]

Attribution: predicted and gold attributions are paired when their cue spans overlap in the
same paragraph. Source and content count as found when the paired spans overlap by at least
30% (characters shared / characters in the union), as the Gender Gap Tracker reports quote
matching; an empty gold source must be predicted empty. Cue-class accuracy is over pairs.
Stance: sign agreement over paragraphs whose gold label is −1 or +1 (a missing score counts
as wrong); article direction compares the net stance (±0.1) with the manifest's direction.
Where a second annotator labelled the same texts (``data/gold/second-annotator/``), the
tables end with the inter-annotator agreement (:mod:`analysis.annotators`).
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

OVERLAP = 0.3
DIRECTION_MARGIN = 0.1


@dataclass
class GoldDoc:
    name: str
    path: Path
    split: str
    register: str
    directions: dict
    attributions: pd.DataFrame
    stance: pd.DataFrame


def load_gold(gold_dir: str | Path = "data/gold", root: str | Path = ".") -> list[GoldDoc]:
    gold_dir, root = Path(gold_dir), Path(root)
    manifest = yaml.safe_load((gold_dir / "manifest.yaml").read_text("utf-8"))
    docs = manifest["documents"] if isinstance(manifest, dict) else manifest
    out = []
    for doc in docs:
        name = doc["name"]
        read = lambda suffix: pd.read_csv(gold_dir / f"{name}.{suffix}.csv", keep_default_na=False, dtype=str)  # noqa: E731
        directions = doc.get("direction") or doc.get("expected_direction") or {}
        out.append(GoldDoc(name, root / doc["path"], doc.get("split", "dev"), doc.get("register", ""),
                           directions, read("attributions"), read("stance")))
    return out


def _span(text: str, needle: str, near: int = 0, nth: int | None = None,
          within: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Span of ``needle`` in ``text``: its ``nth`` occurrence, or the one nearest to ``near``, preferring
    occurrences inside ``within`` (a predicted attribution's own span)."""
    if not needle:
        return None
    hits, i = [], text.find(needle)
    while i >= 0:
        hits.append(i)
        i = text.find(needle, i + 1)
    if not hits:
        return None
    if nth is not None:
        start = hits[min(nth, len(hits) - 1)]
    else:
        inside = [h for h in hits if within and within[0] <= h and h + len(needle) <= within[1]]
        start = min(inside or hits, key=lambda h: abs(h - near))
    return start, start + len(needle)


def _overlap(a, b) -> float:
    if a is None or b is None:
        return 0.0
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def match_attributions(gold: pd.DataFrame, pred: pd.DataFrame, paragraphs: dict[int, str]) -> pd.DataFrame:
    """One row per gold or predicted attribution with pairing and per-field correctness."""
    rows = []
    for p, text in paragraphs.items():
        g = gold[gold["paragraph"].astype(int) == p]
        r = pred[pred["paragraph"] == p]
        g_items, seen = [], {}
        for _, row in g.iterrows():  # the k-th gold row with a cue string is its k-th occurrence
            cue = _span(text, row["cue"], nth=seen.get(row["cue"], 0))
            seen[row["cue"]] = seen.get(row["cue"], 0) + 1
            near = cue[0] if cue else 0
            g_items.append((row, cue, _span(text, row["source"], near), _span(text, row["content"], near)))
        r_items = []
        for _, row in r.iterrows():
            cue = _span(text, row["cue"], int(row["start"]), within=(int(row["start"]), int(row["end"])))
            near = cue[0] if cue else 0
            r_items.append((row, cue, _span(text, row["source"], near), _span(text, row["content"], near)))
        used = set()
        for gi, (grow, gcue, gsrc, gcon) in enumerate(g_items):
            best, best_score = None, 0.0
            for ri, (_, rcue, _, _) in enumerate(r_items):
                if ri in used:
                    continue
                score = _overlap(gcue, rcue)
                if score > best_score:
                    best, best_score = ri, score
            if best is None:
                rows.append({"paragraph": p, "status": "missed", "gold_cue": grow["cue"], "pred_cue": "",
                             "gold_class": grow["cue_class"], "pred_class": "", "source_ok": False,
                             "content_ok": False, "kind_ok": False, "side_ok": False, "gold_source": grow["source"],
                             "pred_source": ""})
                continue
            used.add(best)
            prow, _, psrc, pcon = r_items[best]
            source_ok = (not grow["source"] and not prow["source"]) or _overlap(gsrc, psrc) >= OVERLAP
            rows.append({"paragraph": p, "status": "matched", "gold_cue": grow["cue"], "pred_cue": prow["cue"],
                         "gold_class": grow["cue_class"], "pred_class": prow["cue_class"],
                         "source_ok": bool(source_ok), "content_ok": _overlap(gcon, pcon) >= OVERLAP,
                         "kind_ok": grow["kind"] == prow["kind"],
                         "side_ok": (grow.get("source_side", "") or "") in ("", "other") and not prow["source_side"]
                         or grow.get("source_side", "") == prow["source_side"], "gold_source": grow["source"],
                         "pred_source": prow["source"]})
        for ri, (prow, *_rest) in enumerate(r_items):
            if ri not in used:
                rows.append({"paragraph": p, "status": "spurious", "gold_cue": "", "pred_cue": prow["cue"],
                             "gold_class": "", "pred_class": prow["cue_class"], "source_ok": False,
                             "content_ok": False, "kind_ok": False, "side_ok": False, "gold_source": "",
                             "pred_source": prow["source"]})
    return pd.DataFrame(rows, columns=["paragraph", "status", "gold_cue", "pred_cue", "gold_class", "pred_class",
                                       "source_ok", "content_ok", "kind_ok", "side_ok", "gold_source", "pred_source"])


def attribution_metrics(matches: pd.DataFrame) -> dict:
    n_gold = int((matches["status"] != "spurious").sum())
    n_pred = int((matches["status"] != "missed").sum())
    pairs = matches[matches["status"] == "matched"]

    def pr(correct: int) -> tuple[float, float]:
        return (round(correct / n_pred, 3) if n_pred else 1.0, round(correct / n_gold, 3) if n_gold else 1.0)

    out = {"n_gold": n_gold, "n_pred": n_pred}
    for field, correct in (("cue", len(pairs)), ("source", int(pairs["source_ok"].sum())),
                           ("content", int(pairs["content_ok"].sum()))):
        out[f"{field}_precision"], out[f"{field}_recall"] = pr(correct)
    out["cue_class_accuracy"] = round(float((pairs["gold_class"] == pairs["pred_class"]).mean()), 3) if len(pairs) else 1.0
    out["kind_accuracy"] = round(float(pairs["kind_ok"].mean()), 3) if len(pairs) else 1.0
    out["source_side_accuracy"] = round(float(pairs["side_ok"].mean()), 3) if len(pairs) else 1.0
    return out


def _sign(value, margin: float = DIRECTION_MARGIN) -> int | None:
    if value is None or pd.isna(value):
        return None
    return 1 if value > margin else -1 if value < -margin else 0


def stance_table(gold: pd.DataFrame, paragraphs: pd.DataFrame, sides: list[str], suffix: str = "") -> pd.DataFrame:
    """Gold label vs predicted score for every paragraph and side."""
    rows = []
    for _, g in gold.iterrows():
        p = int(g["paragraph"])
        pred_row = paragraphs[paragraphs["paragraph"] == p]
        for side in sides:
            if side not in g:
                continue
            label = g[side]
            value = pred_row[f"stance_{side}{suffix}"].iloc[0] if len(pred_row) else None
            rows.append({"paragraph": p, "side": side, "gold": int(float(label)) if label != "" else None,
                         "pred": None if value is None or pd.isna(value) else round(float(value), 4)})
    return pd.DataFrame(rows, columns=["paragraph", "side", "gold", "pred"])


def stance_metrics(table: pd.DataFrame) -> dict:
    polar = table[table["gold"].isin([-1, 1])]
    agree = [(_sign(v, 0.0) or 0) == g for g, v in zip(polar["gold"], polar["pred"])]
    present_gold = table["gold"].notna()
    present_pred = table["pred"].notna()
    return {
        "n_polar": len(polar),
        "sign_agreement": round(sum(agree) / len(agree), 3) if agree else None,
        "presence_agreement": round(float((present_gold == present_pred).mean()), 3) if len(table) else None,
    }


def direction(net: float | None) -> str:
    sign = _sign(net)
    return {1: "favoured", -1: "opposed", 0: "neutral", None: "absent"}[sign]


def evaluate(gold_dir="data/gold", root=".", stance=("rules",), split: str | None = None) -> dict:
    """Score every gold document and compare. Returns DataFrames and metric dicts."""
    from .score import score_article

    docs = [d for d in load_gold(gold_dir, root) if split in (None, d.split)]
    att_rows, stance_rows, direction_rows, match_frames = [], [], [], []
    for doc in docs:
        scores = score_article(doc.path, stance=list(stance))
        paragraphs = {int(r.paragraph): r.text for r in scores.paragraphs.itertuples()}
        if len(paragraphs) != len(doc.stance):
            # the labels are by paragraph number: a reader change that splits or merges blocks
            # would shift every label after it, silently
            raise ValueError(f"{doc.path}: the reader finds {len(paragraphs)} body paragraphs, "
                             f"{doc.name}.stance.csv labels {len(doc.stance)}")
        matches = match_attributions(doc.attributions, scores.attributions, paragraphs).assign(doc=doc.name)
        match_frames.append(matches)
        att_rows.append({"doc": doc.name, "split": doc.split, **attribution_metrics(matches)})
        sides = [c for c in doc.stance.columns if c not in ("paragraph", "note")]
        for i, backend in enumerate(stance):
            name = scores.summary["backends"]["stance"][i]
            suffix = "" if i == 0 else f"__{name.split(':')[0]}"
            table = stance_table(doc.stance, scores.paragraphs, sides, suffix).assign(doc=doc.name, backend=name)
            stance_rows.append(table)
            for side in sides:
                net = scores.summary["stance_backends"][name][side]["net_stance"]
                expected = doc.directions.get(side, "")
                direction_rows.append({"doc": doc.name, "split": doc.split, "register": doc.register.split(" (")[0],
                                       "backend": name, "side": side,
                                       "expected": expected, "net_stance": net, "predicted": direction(net),
                                       "ok": direction(net) == expected})
    stance_all = pd.concat(stance_rows, ignore_index=True) if stance_rows else pd.DataFrame()
    matches_all = pd.concat(match_frames, ignore_index=True) if match_frames else pd.DataFrame()
    per_backend = {}
    for name, group in stance_all.groupby("backend", sort=False):
        metrics = stance_metrics(group)
        dirs = [r for r in direction_rows if r["backend"] == name]
        metrics["direction_accuracy"] = round(sum(r["ok"] for r in dirs) / len(dirs), 3) if dirs else None
        per_backend[name] = metrics
    return {
        "attribution": pd.DataFrame(att_rows),
        "attribution_overall": attribution_metrics(matches_all) if len(matches_all) else {},
        "matches": matches_all,
        "stance": stance_all,
        "stance_overall": per_backend,
        "directions": pd.DataFrame(direction_rows),
    }


def markdown(result: dict) -> str:
    """README-ready tables of an :func:`evaluate` result."""
    lines = ["| document | split | gold | predicted | source P | source R | cue P | cue R | content P | content R | cue-class acc. | source-side acc. |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in result["attribution"].itertuples():
        lines.append(f"| {r.doc} | {r.split} | {r.n_gold} | {r.n_pred} | {r.source_precision:.2f} | {r.source_recall:.2f} | "
                     f"{r.cue_precision:.2f} | {r.cue_recall:.2f} | {r.content_precision:.2f} | {r.content_recall:.2f} | "
                     f"{r.cue_class_accuracy:.2f} | {r.source_side_accuracy:.2f} |")
    o = result["attribution_overall"]
    lines.append(f"| **all** | | {o['n_gold']} | {o['n_pred']} | {o['source_precision']:.2f} | {o['source_recall']:.2f} | "
                 f"{o['cue_precision']:.2f} | {o['cue_recall']:.2f} | {o['content_precision']:.2f} | "
                 f"{o['content_recall']:.2f} | {o['cue_class_accuracy']:.2f} | {o['source_side_accuracy']:.2f} |")
    lines += ["", "| stance backend | split | polar paragraphs | sign agreement | presence agreement | article direction |",
              "|---|---|---:|---:|---:|---:|"]
    for split, per_backend in result.get("stance_by_split", {}).items():
        for name, m in per_backend.items():
            lines.append(f"| {name} | {split} | {m['n_polar']} | {m['sign_agreement']:.2f} | "
                         f"{m['presence_agreement']:.2f} | {m['direction_accuracy']:.2f} |")
    return "\n".join(lines + ["", net_stance_markdown(result["directions"])])


def net_stance_markdown(directions: pd.DataFrame) -> str:
    """Net stance per document and side, one column per backend, beside the expected direction."""
    if directions.empty:
        return ""
    backends = list(dict.fromkeys(directions["backend"]))
    sides = list(dict.fromkeys(directions["side"]))
    head = "| document | split | register | " + " | ".join(
        f"{side}: expected | " + " | ".join(b.split(":")[0] for b in backends) for side in sides) + " |"
    lines = [head, "|---|---|---|" + "".join(["---|" + "---:|" * len(backends)] * len(sides))]
    net = {(r.doc, r.side, r.backend): r.net_stance for r in directions.itertuples()}
    for doc in dict.fromkeys(directions["doc"]):
        rows = directions[directions["doc"] == doc]
        cells = []
        for side in sides:
            expected = rows[rows["side"] == side]["expected"]
            cells.append(expected.iloc[0] if len(expected) else "")
            values = [net.get((doc, side, b)) for b in backends]
            cells += ["" if v is None or pd.isna(v) else f"{v:+.2f}" for v in values]
        lines.append(f"| {doc} | {rows['split'].iloc[0]} | {rows['register'].iloc[0]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def stance_by_split(result: dict) -> dict:
    """Stance metrics per split (dev, heldout, all) and backend."""
    out = {}
    splits = dict(result["directions"][["doc", "split"]].drop_duplicates().values)
    stance = result["stance"].assign(split=lambda t: t["doc"].map(splits))
    for split in ("dev", "heldout", "all"):
        part = stance if split == "all" else stance[stance["split"] == split]
        dirs = result["directions"] if split == "all" else result["directions"][result["directions"]["split"] == split]
        out[split] = {}
        for name, group in part.groupby("backend", sort=False):
            m = stance_metrics(group)
            d = dirs[dirs["backend"] == name]
            m["direction_accuracy"] = round(float(d["ok"].mean()), 3) if len(d) else None
            out[split][name] = m
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="data/gold")
    parser.add_argument("--stance", action="append", default=None)
    parser.add_argument("--split", default=None, choices=["dev", "heldout"])
    parser.add_argument("--markdown", action="store_true", help="print README-ready tables only")
    args = parser.parse_args(argv)
    result = evaluate(args.gold, stance=tuple(args.stance or ["rules"]), split=args.split)
    result["stance_by_split"] = stance_by_split(result)
    from . import annotators

    pairs = annotators.label_pairs(args.gold)
    if args.split:
        pairs = pairs[pairs["split"] == args.split]
    if args.markdown:
        print(markdown(result))
        if len(pairs):
            print()
            print(annotators.markdown(pairs, annotators.backend_vs_second(result["stance"], pairs)))
        return 0
    pd.set_option("display.width", 200)
    print("Attribution (per document)\n", result["attribution"].to_string(index=False), "\n")
    print("Attribution (all)", result["attribution_overall"], "\n")
    print("Stance", result["stance_overall"], "\n")
    print("Directions\n", result["directions"].to_string(index=False))
    if len(pairs):
        print("\nSecond annotator", annotators.by_split(pairs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
