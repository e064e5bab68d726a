"""Score an article paragraph by paragraph: sentences, sentiment, attribution, stance, evidence."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from . import __version__
from .agreement import backend_agreement
from .agency import person_noun
from .reader import Article, read_article
from .sentiment import get_sentiment

PARAGRAPH_COLUMNS = ["paragraph", "text", "n_sentences", "sentiment"]
SENTENCE_COLUMNS = ["paragraph", "sentence", "text", "start", "end", "sentiment"]
EVIDENCE_COLUMNS = ["paragraph", "sentence", "measure", "side", "text", "start", "end", "weight", "detail"]
ATTRIBUTION_COLUMNS = [
    "paragraph", "sentence", "source", "source_side", "cue", "cue_lemma", "cue_class", "kind",
    "content", "start", "end",
]
PRONOUN_SOURCES = {"he", "she", "they", "it", "i", "you"}
MENTION_COLUMNS = ["paragraph", "sentence", "side", "text", "start", "end", "role", "verb", "verb_class", "labels",
                   "via"]


def _person_before(doc, mentions, after: int, before: int | None, pronoun: str) -> str | None:
    """Side of "she said" / "he said" from the nearest person mentioned since the paragraph's last
    named source ("Orell has not been back … she said"): a name or a singular person noun."""
    if before is None or pronoun not in ("he", "she", "i"):
        return None
    for m in sorted(mentions, key=lambda m: -m.start):
        if not after < m.start < before or m.via in ("author", "quoted-speaker", "pronoun"):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.root.tag_ in ("NNP", "NN") and (
                span.root.pos_ == "PROPN" or person_noun(span.root)):
            return m.side
    return None


@dataclass
class ArticleScores:
    """Everything scored for one article; the DataFrames follow the README's data dictionary."""

    article: Article
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    evidence: pd.DataFrame
    attributions: pd.DataFrame
    mentions: pd.DataFrame
    summary: dict = field(default_factory=dict)


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class Pipeline:
    """The backends and lexicons one scoring run uses; build it once for a whole corpus."""

    sentiment: object
    stance: tuple
    cues: object
    sides: object

    @property
    def fingerprint(self) -> dict:
        """Everything besides the text that changes the output (for caches and article.json)."""
        from . import article_pull, relative
        from .agency import load_agency
        from .nlp import model_name

        return {"sentiment": self.sentiment.version, "stance": [b.version for b in self.stance],
                "parser": model_name(), "cues": self.cues.version, "sides": self.sides.version,
                "agency": load_agency().version, "relative": relative.SCALE, "article_pull": article_pull.PULL,
                "package": __version__}


@lru_cache(maxsize=8)
def build_pipeline(sentiment: str = "vader", stance: tuple[str, ...] = ("rules",), sides: str | None = None,
                   cues: str | None = None) -> Pipeline:
    """Create (and cache) the backends named by the options."""
    from .cues import load_cues
    from .sides import load_sides
    from .stance import get_stance

    return Pipeline(get_sentiment(sentiment), tuple(get_stance(n) for n in stance), load_cues(cues), load_sides(sides))


def parse(article: Article) -> list:
    """spaCy docs of the article's paragraphs, in order."""
    from .nlp import load_nlp

    return list(load_nlp().pipe([p.text for p in article.paragraphs], batch_size=64))


def score_article(
    source: str | Path | Article,
    sentiment: str = "vader",
    stance: str | list[str] = "rules",
    sides: str | Path | None = None,
    cues: str | Path | None = None,
) -> ArticleScores:
    """Read (unless given an :class:`Article`) and score one article."""
    article = source if isinstance(source, Article) else read_article(source)
    stance_names = (stance,) if isinstance(stance, str) else tuple(stance)
    pipeline = build_pipeline(sentiment, stance_names, None if sides is None else str(sides),
                              None if cues is None else str(cues))
    return score_parsed(article, parse(article), pipeline)


def score_parsed(article: Article, docs: list, pipeline: Pipeline) -> ArticleScores:
    """Score an article whose paragraphs are already parsed (``docs`` in paragraph order)."""
    from .article_pull import pull_scores
    from .attribution import extract as extract_attributions
    from .mentions import mentions as find_mentions
    from .mentions import remember as remember_mentions
    from .nlp import doc_sents, model_name
    from .relative import relative_scores
    from .roster import author_side_of
    from .roster import learn as learn_roster
    from .stance import summarize

    sentiment_backend, stance_backends = pipeline.sentiment, pipeline.stance
    cue_lexicon, side_config = pipeline.cues, pipeline.sides
    roster = learn_roster(docs, side_config)
    author_side, author_via = author_side_of(article, side_config, roster)

    paragraph_rows, sentence_rows, evidence_rows, attribution_rows, mention_rows = [], [], [], [], []
    sentence_texts, sentence_keys = [], []
    for para, doc in zip(article.paragraphs, docs):
        for s_index, sent in enumerate(doc_sents(doc), start=1):
            text = sent.text.strip()
            if not text:
                continue
            offset = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            sentence_rows.append({"paragraph": para.index, "sentence": s_index, "text": text,
                                  "start": offset, "end": offset + len(text)})
            sentence_texts.append(text)
            sentence_keys.append((para.index, s_index, offset))

    for row, (p_index, s_index, offset), scored in zip(
        sentence_rows, sentence_keys, sentiment_backend.score(sentence_texts)
    ):
        row["sentiment"] = scored.score
        for cue in scored.evidence:
            evidence_rows.append({"paragraph": p_index, "sentence": s_index, "measure": "sentiment", "side": "",
                                  "text": cue.text, "start": offset + cue.start, "end": offset + cue.end,
                                  "weight": cue.weight, "detail": cue.detail})

    doc_attributions, doc_mentions = [], []
    last_side = None  # side of the latest named source, for "she said" / "they claimed"
    known: dict = roster.known()  # names and heads resolved earlier, and those learned from acts
    for para, doc in zip(article.paragraphs, docs):
        known["_paragraph"] = para.index  # two paragraphs with the same text may share one Doc
        found = extract_attributions(doc, cue_lexicon)
        plain = find_mentions(doc, side_config, author_side, known=known)
        remember_mentions(plain, doc, known)
        sides_of = []
        last_at = -1  # where this paragraph's latest named source starts
        for att in found:
            side = side_config.side_of_source(att, plain, author_side, doc)
            if side is None and att.source:  # "Dobrev said", after "Mira Dobrev, a union organiser"
                side = next((known[f"name:{w}"] for w in reversed(att.source.split()) if f"name:{w}" in known), None)
            if side is None and (att.source or "").lower() in PRONOUN_SOURCES:
                side = _person_before(doc, plain, last_at, att.source_start, att.source.lower()) or last_side
            elif side is not None or att.source:
                last_side = side
                last_at = att.source_start if att.source_start is not None else last_at
            sides_of.append(side)
        speaker_spans = tuple((a.content_start, a.content_end, s) for a, s in zip(found, sides_of)
                              if a.kind == "direct" and s)
        mentions = find_mentions(doc, side_config, author_side, speaker_spans, known) if speaker_spans else plain
        remember_mentions(mentions, doc, known)
        doc_mentions.append(mentions)
        doc_attributions.append([SimpleNamespace(**a._asdict(), source_side=s) for a, s in zip(found, sides_of)])
        for att, side in zip(found, sides_of):
            attribution_rows.append({
                "paragraph": para.index, "sentence": att.sentence, "source": att.source or "",
                "source_side": side or "", "cue": att.cue, "cue_lemma": att.cue_lemma,
                "cue_class": att.cue_class, "kind": att.kind, "content": att.content,
                "start": att.start, "end": att.end,
            })
            evidence_rows.append({"paragraph": para.index, "sentence": att.sentence, "measure": "attribution",
                                  "side": side or "", "text": att.cue, "start": att.cue_start,
                                  "end": att.cue_end, "weight": 1.0,
                                  "detail": f"{att.kind} {att.cue_class}: {att.source or '(no source)'}"})
        for m in mentions:
            mention_rows.append({"paragraph": para.index, **m.row()})

    sentences = _frame(sentence_rows, SENTENCE_COLUMNS)
    attributions = _frame(attribution_rows, ATTRIBUTION_COLUMNS)
    by_paragraph = sentences.groupby("paragraph")["sentiment"]
    n_sentences = Counter(row["paragraph"] for row in sentence_rows)
    for para, doc in zip(article.paragraphs, docs):
        n = n_sentences[para.index]
        paragraph_rows.append({"paragraph": para.index, "text": para.text, "n_sentences": n,
                               "sentiment": round(float(by_paragraph.get_group(para.index).mean()), 4) if n else None})
    paragraphs = _frame(paragraph_rows, PARAGRAPH_COLUMNS)

    stance_summary, stance_scores = {}, {}
    for i, backend in enumerate(stance_backends):
        result = backend.score(article, docs, doc_mentions, doc_attributions, side_config, sentences,
                               author_side=author_side)
        moved, moved_rows, implied = relative_scores(result.paragraph_scores, article.paragraphs, doc_mentions,
                                                     side_config)
        if moved_rows:  # the net stance is the mean before the article pull, which adds no evidence of its own
            result.summary = summarize(side_config, article, doc_mentions, moved, implied)
        pulled, pulled_rows = pull_scores(moved, article.paragraphs, doc_mentions, side_config)
        if moved_rows or pulled_rows:
            result.paragraph_scores = pulled
            result.evidence_rows += moved_rows + pulled_rows  # measure is set below, as for the backend's own rows
        stance_scores[backend.name] = result.paragraph_scores
        suffix = "" if i == 0 else f"__{backend.slug}"
        for side in side_config.sides:
            paragraphs[f"stance_{side}{suffix}"] = [result.paragraph_scores.get((p.index, side)) for p in article.paragraphs]
        for row in result.evidence_rows:  # the first backend's rows are measure=stance, others stance:<slug>
            evidence_rows.append({**row, "measure": "stance" if i == 0 else f"stance:{backend.slug}"})
        stance_summary[backend.name] = result.summary

    evidence = _frame(evidence_rows, EVIDENCE_COLUMNS).sort_values(
        ["paragraph", "sentence", "start", "measure", "end"], kind="stable").reset_index(drop=True)
    mentions = _frame(mention_rows, MENTION_COLUMNS)
    summary = {
        **article.metadata,
        "source_file": Path(article.path).name,
        "encoding": article.encoding,
        "n_paragraphs": len(article.paragraphs),
        "n_sentences": len(sentences),
        "n_attributions": len(attributions),
        "sides": stance_summary.get(stance_backends[0].name, {}) if stance_backends else {},
        "stance_backends": stance_summary,
        **({"backend_agreement": backend_agreement(
            stance_scores[stance_backends[0].name], {b.name: stance_scores[b.name] for b in stance_backends[1:]},
            [p.index for p in article.paragraphs], side_config.sides)} if len(stance_backends) > 1 else {}),
        "backends": {
            "sentiment": sentiment_backend.name,
            "stance": [b.name for b in stance_backends],
            "parser": model_name(),
            "cues": cue_lexicon.version,
            "sides": side_config.version,
        },
        "author_side": author_side or "",
        "author_side_via": author_via,
        "package_version": __version__,
        "warnings": list(article.warnings),
    }
    return ArticleScores(article, paragraphs, sentences, evidence, attributions, mentions, summary)
