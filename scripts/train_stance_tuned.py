"""Fine-tune all-MiniLM-L6-v2 with low-rank adapters for the `minilm-tuned` stance backend (CPU).

    python scripts/train_stance_tuned.py          # ~7 min: writes analysis/data/stance_tuned.safetensors
    python scripts/train_stance_tuned.py --cv     # first a six-fold cross-validation over the dev
                                                  # texts (~35 min more): data/stance/tuned_cv.csv and
                                                  # data/stance/tuned_metrics.json

Rows: the same as scripts/train_stance_head.py (data/stance/sentences.csv and
data/stance/article_sentences.csv, with the side's mention spans). Model: the encoder with a LoRA
adapter (analysis/lora.py, rank 8, alpha 16) on the six linear layers of each of its six layers,
and one linear head over [mean-pooled sentence, mean of the side's mention tokens] (each
L2-normalised) with three rows per side (against, neutral, for). Loss: cross-entropy on the row's
side, classes weighted to balance within each side. AdamW (adapters 1e-3, head 3e-3, weight decay
0.01), batches of 16 drawn in a seeded order (sorted by length within groups of 128 to save
padding), a learning rate ramped up linearly over the first 6% of steps and then decayed
linearly to zero over the rest, three epochs. Seeds are fixed and torch runs on two
threads, so the same CSVs on the same machine give the same tensors; :func:`save` writes the
header with sorted metadata keys, so they give the same bytes too.

The cross-validation holds out each fold's dev documents (the folds of train_stance_head.py),
trains on the invented train split and the other rows, and scores the held-out sentences; the
paragraph value is the mean over its sentences of P(for) − P(against), as the backend computes it.
"""
from __future__ import annotations

import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from safetensors.torch import save as safetensors_bytes
from torch import nn

from analysis.lora import adapter_tensors, add_adapters
from analysis.stance_models import Embedder, parse_spans

import train_stance_head as base  # a sibling in scripts/, on the path when this file is run

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "analysis" / "data" / "stance_tuned.safetensors"
CV_ROWS = ROOT / "data" / "stance" / "tuned_cv.csv"
METRICS = ROOT / "data" / "stance" / "tuned_metrics.json"
VERSION = "minilm-tuned-3"
SIDES = ("government", "protesters")
RANK, ALPHA, EPOCHS, BATCH = 8, 16.0, 3, 16
LR_ADAPTER, LR_HEAD, DECAY, WARMUP = 1e-3, 3e-3, 0.01, 0.06


def rows() -> list[tuple[str, list, int, int, str]]:
    """(text, spans, side index, class index, group) for every labelled row; group: `invented-train`,
    `invented-test`, or the article row's document."""
    frame = pd.read_csv(base.DATA)
    articles = pd.read_csv(base.ARTICLE_ROWS, keep_default_na=False)
    out = [(t, s, SIDES.index(g), int(y) + 1, f"invented-{split}")
           for t, s, g, y, split in zip(frame["text"], base.invented_spans(frame), frame["target"],
                                        frame["label"], frame["split"])]
    out += [(t, parse_spans(s), SIDES.index(g), int(y) + 1, f"{src}:{d}:{p}")
            for t, s, g, y, src, d, p in zip(articles["text"], articles["spans"], articles["target"],
                                             articles["label"], articles["source"], articles["doc"],
                                             articles["paragraph"])]
    return out


def batches(items: list, rng: np.random.Generator) -> list[list[int]]:
    order = rng.permutation(len(items))
    out = []
    for m in range(0, len(order), BATCH * 8):
        group = sorted(order[m:m + BATCH * 8], key=lambda j: (len(items[j][0]), j))
        out += [group[i:i + BATCH] for i in range(0, len(group), BATCH)]
    return [out[i] for i in rng.permutation(len(out))]


def train(items: list, log=sys.stderr):
    """The tuned encoder (an :class:`Embedder` in training mode with adapters) and the head."""
    torch.manual_seed(0)
    embed = Embedder(train=True)
    names = add_adapters(embed.model, RANK, ALPHA)
    head = nn.Linear(2 * embed.model.config.hidden_size, 3 * len(SIDES))
    nn.init.zeros_(head.weight)
    nn.init.zeros_(head.bias)
    sides = np.array([it[2] for it in items])
    ys = np.array([it[3] for it in items])
    weights = np.zeros((len(SIDES), 3))
    for k in range(len(SIDES)):
        counts = np.bincount(ys[sides == k], minlength=3)
        weights[k] = counts.sum() / (3 * np.maximum(counts, 1))
    adapters = [p for p in embed.model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW([{"params": adapters, "lr": LR_ADAPTER},
                             {"params": list(head.parameters()), "lr": LR_HEAD}], weight_decay=DECAY)
    steps = EPOCHS * math.ceil(len(items) / BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: rate(s, steps))
    rng = np.random.default_rng(0)
    step = 0
    for epoch in range(EPOCHS):
        total = 0.0
        for n, chosen in enumerate(batches(items, rng), 1):
            logits = head(embed.encode([items[j][0] for j in chosen], [items[j][1] for j in chosen]))
            side = torch.tensor(sides[chosen])
            y = torch.tensor(ys[chosen])
            picked = logits.view(len(chosen), len(SIDES), 3)[torch.arange(len(chosen)), side]
            w = torch.tensor(weights[sides[chosen], ys[chosen]], dtype=torch.float32)
            loss = (nn.functional.cross_entropy(picked, y, reduction="none") * w).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            schedule.step()
            step += 1
            total += loss.item()
        print(f"epoch {epoch + 1}/{EPOCHS}: mean loss {total / n:.3f} ({step}/{steps} steps)", file=log, flush=True)
    embed.model.eval()
    return embed, names, head


def rate(step: int, steps: int) -> float:
    """The learning-rate factor at `step` of `steps`: a linear ramp to 1 over the first WARMUP share
    of the steps, then a linear decay to 0 over the rest."""
    warm = max(1, round(WARMUP * steps))
    if step < warm:
        return (step + 1) / warm
    return max(0.0, (steps - step) / max(1, steps - warm))


def values(embed, head, items: list) -> list[float]:
    """P(for) − P(against) of each row, for its side."""
    out = []
    with torch.inference_mode():
        for i in range(0, len(items), 64):
            chunk = items[i:i + 64]
            logits = head(embed.encode([it[0] for it in chunk], [it[1] for it in chunk]))
            side = torch.tensor([it[2] for it in chunk])
            P = torch.softmax(logits.view(len(chunk), len(SIDES), 3)[torch.arange(len(chunk)), side], -1)
            out += (P[:, 2] - P[:, 0]).tolist()
    return out


def cross_validate(items: list) -> dict:
    articles = pd.read_csv(base.ARTICLE_ROWS, keep_default_na=False)
    fold_of = base.folds(articles)
    fold = [fold_of.get(g.split(":")[1], -1) if g.startswith("dev-gold:") else -1 for *_, g in items]
    scored = []
    for k in range(base.FOLDS):
        held = [j for j, f in enumerate(fold) if f == k]
        use = [it for it, f in zip(items, fold) if f != k and it[4] != "invented-test"]
        embed, _, head = train(use)
        for j, v in zip(held, values(embed, head, [items[j] for j in held])):
            _, doc, paragraph = items[j][4].split(":")
            scored.append({"fold": k, "doc": doc, "paragraph": int(paragraph), "side": SIDES[items[j][2]],
                           "label": items[j][3] - 1, "value": round(v, 6)})
        print(f"fold {k + 1}/{base.FOLDS} scored", file=sys.stderr, flush=True)
    table = pd.DataFrame(scored)
    write_csv(table, CV_ROWS)
    cells = table.groupby(["doc", "paragraph", "side"]).agg(label=("label", "first"), value=("value", "mean"))
    polar = cells[cells["label"] != 0].reset_index()
    polar["hit"] = np.sign(polar["value"]) == polar["label"]
    metrics = {"version": VERSION, "folds": base.FOLDS,
               "dev_cross_validation": {side: {"sign_agreement": round(float(part["hit"].mean()), 3),
                                               "n_polar_paragraphs": int(len(part))}
                                        for side, part in polar.groupby("side")},
               "overall": round(float(polar["hit"].mean()), 3)}
    tmp = METRICS.with_suffix(".tmp")
    tmp.write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(METRICS)
    return metrics


def write_csv(table: pd.DataFrame, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    table.to_csv(tmp, index=False, lineterminator="\n")
    tmp.replace(path)


def save(tensors: dict, metadata: dict, path: Path) -> None:
    """Write a safetensors file whose bytes depend only on the tensors and metadata: safetensors
    writes the metadata keys in hash order, which changes from one call to the next, so the header
    is written again with sorted keys (same length, same offsets). Atomic: a temp file, then rename."""
    data = bytearray(safetensors_bytes(tensors, metadata=metadata))
    size = struct.unpack("<Q", data[:8])[0]
    header = json.dumps(json.loads(data[8:8 + size]), sort_keys=True, separators=(",", ":")).encode()
    if len(header) > size:
        raise ValueError(f"{path}: the sorted header does not fit in {size} bytes")
    data[8:8 + size] = header.ljust(size, b" ")
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bytes(data))
    tmp.replace(path)


def main(argv: list[str]) -> int:
    torch.set_num_threads(2)
    items = rows()
    if "--cv" in argv:
        print(json.dumps(cross_validate(items), indent=2, sort_keys=True))
    embed, names, head = train(items)
    tensors = adapter_tensors(embed.model, names)
    tensors["head.weight"] = head.weight.detach().clone().contiguous()
    tensors["head.bias"] = head.bias.detach().clone().contiguous()
    save(tensors, {"rank": str(RANK), "alpha": str(ALPHA), "heads": ",".join(SIDES), "version": VERSION}, OUT)
    print(f"{OUT}: {len(names)} adapted layers, heads {', '.join(SIDES)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
