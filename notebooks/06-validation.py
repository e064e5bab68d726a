# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 06 · Validation
#
# **Question: how often does the suite agree with a careful human reader?**
#
# `data/gold/` holds hand labels for a few short texts (see `data/gold/README.md`): every
# attribution (source, cue, cue class, content) and, for every paragraph, the stance toward each
# side (−1, 0, +1, or empty when the side is not mentioned), labelled by the rules of
# `docs/annotation-guidelines.md`. `analysis.evaluate` scores each text and compares:
#
# * **attributions**: a predicted and a gold attribution are paired when their cues overlap in the
#   same paragraph; source and content count as found when their spans overlap by at least 30%;
# * **stance**: *sign agreement* is the share of paragraphs with a gold label of −1 or +1 whose
#   predicted score has the same sign (a missing score counts as wrong); *presence agreement* is how
#   often the suite and the annotator agree on whether the side is mentioned at all;
# * **article direction**: the net stance (±0.1 counts as neutral) against the annotator's
#   favoured / opposed / neutral for the whole article.
#
# Documents in the `heldout` split were written last and never used for tuning; agreement there
# is the honest estimate. A second annotator labelled the stance of every text again without
# seeing the first labels (`data/gold/second-annotator/`); how often the two agree is the most a
# program can be expected to match.

# %% tags=["parameters"]
ARTICLE = "../seeds/learning-from-zhanaozen.txt"
SIDES = None  # not used here: the gold labels are for the default sides
SENTIMENT = "vader"
STANCE = ["rules", "minilm", "minilm-tuned", "minilm-pair"]
FIGURES = None  # a folder to save the charts as PNG and SVG, or None
GOLD = "../data/gold"  # the hand labels
ROOT = ".."  # the folder the manifest's paths are relative to

# %%
# %matplotlib inline
import json
import os
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from analysis import annotators, charts
from analysis.evaluate import evaluate, load_gold, stance_by_split
from analysis.notebook import NotebookStop, backend_disagreements, listing, quiet, sign_confusion, usable_backends

quiet()
STANCE = usable_backends(STANCE)  # a model backend without its extra is left out, with a note
pd.set_option("display.max_colwidth", 60)
try:
    gold = load_gold(GOLD, ROOT)
except FileNotFoundError as exc:
    raise NotebookStop(f"no hand labels: {exc.filename} is missing") from None
result = evaluate(GOLD, ROOT, stance=STANCE)
splits = stance_by_split(result)
backends = list(result["stance_overall"])
here = next((d for d in gold if os.path.realpath(d.path) == os.path.realpath(ARTICLE)), None)  # ARTICLE's labels
pairs = annotators.label_pairs(GOLD, ROOT)  # both annotators' stance labels, where a second one exists

# %% [markdown]
# ## The hand-labelled documents

# %%
pd.DataFrame([{"document": d.name, "split": d.split, "register": d.register,
               **{f"expected: {side}": value for side, value in d.directions.items()}} for d in gold]) \
    .set_index("document")

# %% [markdown]
# ## Attributions: precision and recall
# P (precision): the share of the suite's attributions that match a gold one, for the cue, the
# source and the content. R (recall): the share of gold attributions the suite found. *class acc.*
# and *kind acc.*: how often a matched cue has the gold cue class and kind.

# %%
attribution = result["attribution"].set_index(["split", "doc"]).sort_index(level="split", kind="stable")
overall = pd.DataFrame([result["attribution_overall"]], index=pd.MultiIndex.from_tuples([("all", "all")],
                                                                                        names=["split", "doc"]))
short_names = {"n_gold": "gold", "n_pred": "found", "cue_precision": "cue P", "cue_recall": "cue R",
               "source_precision": "source P", "source_recall": "source R", "content_precision": "content P",
               "content_recall": "content R", "cue_class_accuracy": "class acc.", "kind_accuracy": "kind acc."}
pd.concat([attribution, overall]).round(2).rename(columns=short_names)

# %% [markdown]
# ## Stance: agreement per backend and split

# %%
stance_metrics = pd.DataFrame([{"split": split, "backend": backend, **metrics}
                               for split, per_backend in splits.items() for backend, metrics in per_backend.items()])
stance_metrics.set_index(["split", "backend"]).round(2)

# %% [markdown]
# The `minilm` head and the `minilm-tuned` encoder train on sentences of the dev texts (not the seed, never a held-out text; see
# `data/stance/README.md`), so its `dev` rows above, and the ensemble's, are partly in-sample. The
# honest estimate for dev is the cross-validation the training scripts wrote: six folds of whole
# dev documents, each fold scored by models trained without it, over every polar dev paragraph but the
# seed's (a side the suite does not find counts as wrong). An `_unread` row, when there is one,
# counts only the dev documents nobody read the errors of (`errors_read: false` in the manifest):
# the rules were not developed on them, so they do not overrate the rules' share. The shipped
# shares were chosen on such a row in stop 14; since those texts' errors were read in stop 15 no
# document is unread, and over all dev texts the grid overrates the rules' share.
# The `minilm-tuned` rows combine `rules` with the fine-tuned encoder instead of the head, and the
# `minilm-pair` rows with the mean of the two models' out-of-fold values. Since stop 19 the shipped
# `ensemble` is the `minilm-pair` row at 0.3 (0.3 × rules + 0.35 × each model); the rules' share is
# stop 14's. Since stop 24 the `minilm-pair` row (`after_opponent_and_pull`) blends the backends'
# own scores and then moves the blend against the opponent and toward the rest of the article, as
# the suite does; there 0.3 is inside the plateau (0.30–0.55) and the low end of it, since the grid
# overrates the rules' share.

# %%
cv_dir = Path(ROOT) / "data" / "stance"
grids = {}
for model, name in (("minilm", "ensemble_cv.json"), ("minilm-tuned", "ensemble_cv_tuned.json"),
                    ("minilm-pair", "ensemble_cv_pair.json")):
    if (cv_dir / name).is_file():
        for config, grid in json.loads((cv_dir / name).read_text("utf-8"))["sign_agreement"].items():
            grids[f"{model}, {config}"] = grid
if grids:
    cross_validated = pd.DataFrame({
        "model alone": {row: grid["0.00"] for row, grid in grids.items()},
        "rules 0.3 / model 0.7": {row: grid["0.30"] for row, grid in grids.items()},
        "rules 0.5 / model 0.5": {row: grid["0.50"] for row, grid in grids.items()},
        "rules 0.6 / model 0.4": {row: grid["0.60"] for row, grid in grids.items()},
        "rules alone": {row: grid["1.00"] for row, grid in grids.items()},
    }).rename_axis("model, trained on")
else:
    cross_validated = Markdown(f"No cross-validation results in `{cv_dir}`.")
cross_validated

# %% [markdown]
# ## How far two annotators agree
# The same sign agreement with the second annotator in the place of a backend (*sign_agreement*:
# over the first annotator's polar labels; *reverse_sign_agreement*: over the second's; *opposite*:
# one says +1, the other −1), and Cohen's kappa over the four labels (−1, 0, +1, not mentioned).
# The second table scores each backend against the second annotator's polar labels.

# %%
if len(pairs):
    ceiling = pd.DataFrame(annotators.by_split(pairs)).T.rename_axis("split") \
        .astype({"n_cells": int, "n_polar_first": int, "opposite": int})
    against_second = pd.DataFrame(annotators.backend_vs_second(result["stance"], pairs)).T.rename_axis("backend") \
        .astype({"n_polar": int})
else:
    ceiling = against_second = Markdown(f"No second annotator's labels in `{GOLD}/{annotators.SECOND}/`.")
ceiling

# %%
against_second

# %% [markdown]
# ## Confusion: gold label against predicted sign
# Rows: the annotator's label. Columns: the sign of the predicted score (as the sign-agreement metric
# counts it: any positive score is +1), or *absent* when the suite found no mention of the side.
# Paragraphs where the annotator found no mention are left out.

# %%
pd.concat({backend: sign_confusion(result["stance"][result["stance"]["backend"] == backend])
           for backend in backends}, axis=1)

# %% [markdown]
# ## Article direction

# %%
directions = result["directions"].pivot_table(index=["split", "doc", "side", "expected"], columns="backend",
                                               values="predicted", aggfunc="first", sort=False)
directions.columns.name = "predicted by"
directions

# %% [markdown]
# ## Where the backends disagree
# Paragraph-side pairs with a gold label where two backends give different signs, and which one
# matched the annotator.

# %%
if len(backends) > 1:
    disagree = backend_disagreements(result["stance"], backends[0], backends[1])
    shown = pd.crosstab(disagree["doc"], disagree["right"], margins=True, margins_name="all") \
        .reindex(columns=[*backends[:2], "neither", "all"], fill_value=0) \
        .rename_axis(index="document", columns="matched the annotator")
else:
    disagree = pd.DataFrame(columns=["doc", "paragraph", "side", "right"])
    shown = Markdown("Only one stance backend was run; add another to `STANCE` to compare.")
shown

# %% [markdown]
# The disagreements on this article's own paragraphs (the full list for every document is in `disagree`):

# %%
disagree[disagree["doc"] == (here.name if here else None)].drop(columns="doc").round(2) \
    .set_index(["paragraph", "side"])

# %% [markdown]
# ## This article against its hand labels

# %%
if here is None:
    own = Markdown(f"`{os.path.basename(ARTICLE)}` has no hand labels in `{GOLD}`; the tables above are "
                   "about the labelled documents only.")
else:
    mine = result["stance"][result["stance"]["doc"] == here.name]
    mine = mine.assign(gold=mine["gold"].map(lambda g: "" if pd.isna(g) else f"{int(g):+d}" if g else "0"))
    own = mine.set_index(["paragraph", "side", "gold", "backend"])["pred"].unstack("backend") \
        .reindex(columns=backends).round(2)
own

# %%
agreement = pd.DataFrame({split: {b: m["sign_agreement"] for b, m in splits[split].items()}
                          for split in ("dev", "heldout") if split in splits}).reindex(backends)
polar = result["stance"][(result["stance"]["backend"] == backends[0]) & result["stance"]["gold"].isin([-1, 1])]
baseline = float(polar["gold"].value_counts(normalize=True).max()) if len(polar) else None
fig, ax = charts.agreement_by_backend(agreement, baseline=baseline)
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/06-agreement-by-backend")

# %% [markdown]
# ## Reading the chart

# %%
o = result["attribution_overall"]
lines = [f"On {len(gold)} hand-labelled documents ({o['n_gold']} gold attributions), the suite finds "
         f"attribution cues with precision {o['cue_precision']:.2f} and recall {o['cue_recall']:.2f}, the "
         f"right source for {o['source_recall']:.0%} of gold attributions, and the right cue class for "
         f"{o['cue_class_accuracy']:.0%} of the cues it finds."]
for backend in backends:
    parts = [f"{split} {splits[split][backend]['sign_agreement']:.2f}" for split in ("dev", "heldout")
             if split in splits and splits[split][backend]["sign_agreement"] is not None]
    lines.append(f"Stance sign agreement for **{backend}**: {listing(parts)} "
                 f"(over {splits['all'][backend]['n_polar']} polar paragraph labels); article direction right "
                 f"in {splits['all'][backend]['direction_accuracy']:.0%} of document-side pairs.")
if len(pairs):
    human = annotators.annotator_metrics(pairs)
    best = max(backends, key=lambda b: splits["all"][b]["sign_agreement"] or 0)
    lines.append(f"Two annotators agree on the sign of {human['sign_agreement']:.0%} of the first one's polar labels "
                 f"(kappa {human['kappa']:.2f}, {human['opposite']} opposite signs): that is the ceiling. The best "
                 f"backend here, **{best}**, reaches {splits['all'][best]['sign_agreement']:.0%}.")
if baseline is not None:
    lines.append(f"Always guessing the most common gold sign would agree {baseline:.0%} of the time: a backend "
                 "below the dashed line does no better than that guess.")
if len(disagree):
    won = disagree["right"].value_counts()
    lines.append(f"Where the backends disagree in sign ({len(disagree)} paragraph-side pairs), "
                 + listing(f"{name} matched the annotator {int(won.get(name, 0))} times" for name in [*backends[:2],
                                                                                                  "neither"]) + ".")
Markdown("\n\n".join(lines))

# %% [markdown]
# Attribution extraction is the most reliable part of the suite; paragraph stance is the least.
# Read the stance charts of notebooks 03 and 07 as pointers to paragraphs worth reading, not as
# verdicts, and open notebook 05 to see the words behind any score.

# %% tags=["remove-cell"]
# Check that the prose above still holds.
worst_attribution = min(o["cue_recall"], o["cue_precision"])
assert all(m["sign_agreement"] is None or m["sign_agreement"] < worst_attribution
           for m in splits["all"].values())
assert not len(pairs) or all(m["sign_agreement"] is None or m["sign_agreement"] <= human["sign_agreement"] + 0.05
                             for m in splits["all"].values())
