"""Sentence sentiment in [-1, 1], with the words or labels behind each score.

Backends come from :data:`SENTIMENT`, chosen by name:

* ``vader`` (default, offline): VADER's compound score; evidence is every lexicon word
  in the sentence with its valence (divided by 4 to land in [-1, 1], and flipped by
  VADER's negation factor when one of the three preceding words negates it).
* ``transformers:<hub id or folder>``: a Hugging Face text-classification model; the
  label probabilities are mapped onto [-1, 1] (negative −1, neutral 0, positive +1;
  *n* stars → (n − 3) / 2) and averaged by probability.
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import NamedTuple

from .errors import BackendError
from .hf import load_kwargs, require_transformers, resolve_model
from .registry import Registry

SENTIMENT = Registry("sentiment")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


class Cue(NamedTuple):
    """One piece of evidence inside a sentence: a span, its weight and why."""

    text: str
    start: int
    end: int
    weight: float
    detail: str


class Scored(NamedTuple):
    score: float
    evidence: list[Cue]


@SENTIMENT.register("vader")
class VaderSentiment:
    name = "vader"

    def __init__(self):
        from vaderSentiment.vaderSentiment import NEGATE, N_SCALAR, SentimentIntensityAnalyzer

        self._analyzer = SentimentIntensityAnalyzer()
        self._negate = {w.lower() for w in NEGATE}
        self._n_scalar = N_SCALAR

    @property
    def version(self) -> str:
        return "vader-3.3.2"

    def score(self, texts: list[str]) -> list[Scored]:
        return [self._score_one(text) for text in texts]

    def _score_one(self, text: str) -> Scored:
        compound = self._analyzer.polarity_scores(text)["compound"]
        lexicon = self._analyzer.lexicon
        words = list(_WORD.finditer(text))
        evidence = []
        for i, match in enumerate(words):
            word = match.group().lower().replace("’", "'")
            valence = lexicon.get(word)
            if valence is None:
                continue
            before = {w.group().lower().replace("’", "'") for w in words[max(0, i - 3):i]}
            negated = bool(before & self._negate) or any(w.endswith("n't") for w in before)
            weight = valence / 4 * (self._n_scalar if negated else 1)
            detail = f"vader valence {valence:+.1f}" + (" (negated)" if negated else "")
            evidence.append(Cue(match.group(), match.start(), match.end(), round(weight, 4), detail))
        return Scored(round(compound, 4), evidence)


def label_value(label: str, n_labels: int, index: int) -> float:
    """Map a classifier label onto [-1, 1]."""
    name = label.lower()
    stars = re.match(r"^(\d)\s*stars?$", name)
    if stars:
        return (int(stars.group(1)) - 3) / 2
    if name.startswith("neg"):
        return -1.0
    if name.startswith("neu"):
        return 0.0
    if name.startswith("pos"):
        return 1.0
    if n_labels == 2:
        return (-1.0, 1.0)[index]
    if n_labels == 3:
        return (-1.0, 0.0, 1.0)[index]
    if n_labels == 5:
        return (index - 2) / 2
    raise BackendError(f"cannot map label {label!r} of a {n_labels}-label model onto [-1, 1]; use a model whose "
                       "labels are negative/neutral/positive or 1-5 stars")


@SENTIMENT.register("transformers", needs_argument=True)
class TransformersSentiment:
    def __init__(self, model: str):
        self.model_id = model
        self.name = f"transformers:{model}"
        require_transformers()
        self._path = resolve_model(model)

    @property
    def version(self) -> str:
        return self.name

    @cached_property
    def _pipeline(self):
        transformers = require_transformers()
        kwargs = load_kwargs()
        tokenizer = transformers.AutoTokenizer.from_pretrained(self._path, trust_remote_code=False)
        model = transformers.AutoModelForSequenceClassification.from_pretrained(self._path, **kwargs)
        model.eval()
        return transformers.pipeline("text-classification", model=model, tokenizer=tokenizer, top_k=None, device=-1)

    def score(self, texts: list[str]) -> list[Scored]:
        if not texts:
            return []
        pipe = self._pipeline
        config = pipe.model.config
        order = {label: i for i, label in sorted(config.id2label.items())}
        outputs = pipe(list(texts), truncation=True, batch_size=16)
        results = []
        for text, output in zip(texts, outputs):
            total = 0.0
            for item in output:
                label = item["label"]
                total += item["score"] * label_value(label, len(order), order.get(label, 0))
            top = max(output, key=lambda item: item["score"])
            cue = Cue(text, 0, len(text), round(total, 4), f"{top['label']} p={top['score']:.2f}")
            results.append(Scored(round(max(-1.0, min(1.0, total)), 4), [cue]))
        return results


def get_sentiment(name: str = "vader"):
    """Create a sentiment backend from its registry name."""
    return SENTIMENT.create(name)
