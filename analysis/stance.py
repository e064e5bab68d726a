"""Stance toward each side, per paragraph, in [-1, 1], with the evidence behind it.

Backends from :data:`STANCE`, chosen by name:

* ``rules`` (default, offline): adds up weighted contributions (agency, labels,
  attribution credibility, sentiment next to the mention) and squashes the sum with tanh.
* ``minilm`` (alias ``transformers``): all-MiniLM-L6-v2 sentence and target-token embeddings with
  the logistic-regression heads shipped in ``data/stance_head.npz``; needs the extra.
* ``minilm-tuned``: all-MiniLM-L6-v2 fine-tuned for stance with low-rank adapters and its head
  (``data/stance_tuned.safetensors``); needs the extra.
* ``minilm-pair``: the mean of ``minilm`` and ``minilm-tuned``; ``ensemble``: 0.3 × ``rules`` +
  0.7 × ``minilm-pair`` (0.35 × each model); both need the extra.
* ``nli:<hub id or folder>``: zero-shot stance from an NLI model; needs the extra.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .mentions import is_passive, harm_roles, mood
from .nlp import doc_offsets, doc_text, doc_tokens
from .registry import Registry
from .sentiment import get_sentiment

STANCE = Registry("stance")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# Weights of the rules backend (documented in the README, "Methodology").
WEIGHTS = {
    "agent_harm": -0.6,
    "patient_harm": 0.4,
    "agent_prosocial": 0.4,
    # Wrongs that are not violence ("ignored the petition", "lied to the families"): half of harm.
    "agent_misconduct": -0.3,
    "patient_misconduct": 0.2,
    # Credibility of a side's own claims; an admission ("officials acknowledged that …") is a
    # factive cue whose content goes against the source's interest.
    "attribution": {"factive": 0.5, "neutral": 0.0, "distancing": -0.3, "denial": -0.2, "discrediting": -0.6,
                    "admission": -0.3},
    "accused_harm": -0.3,
    # Harm a side suffers with nobody named as doing it ("31 protesters were beaten", "officers
    # were treated for burns") counts a little against the other side, when it is in the paragraph.
    "implied_agent_harm": -0.3,
    # A negated act by a side ("did not attack", "never apologised") counts the other way, half as much;
    # acts in a condition or demand ("if they attack", "until the ministry pays") do not count.
    "negated": -0.5,
    "label_scale": 1.0,
    # Agency and labels inside a reported claim count as much as the author vouches for the claim.
    # A claim the author distances from ("claimed", "insisted") counts slightly the other way.
    # The author's own denial ("we deny that our members attacked …") counts the content the other
    # way, like a negated act.
    "content_scale": {"author": 1.0, "factive": 1.0, "neutral": 0.7, "distancing": -0.2, "denial": 0.4,
                      "discrediting": -0.5, "author_denial": -0.5},
    "context_scale": 0.25,
    "sentence_scale": 0.3,
    "author_side": 0.25,
    "context_window": 4,
}


# Factive cues that concede something against the speaker ("admitted", "acknowledged").
ADMISSION_CUES = {"admit", "acknowledge", "concede", "confess"}


@dataclass
class StanceResult:
    paragraph_scores: dict = field(default_factory=dict)  # (paragraph, side) -> float | None
    evidence_rows: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)


def _squash(total: float) -> float:
    return round(math.tanh(total), 4)


def summarize(sides, article, doc_mentions, scores: dict, implied: set = frozenset()) -> dict:
    """Per side: net stance (mean over paragraphs scored, implied ones included), paragraphs where
    the side is named, paragraphs where it is implied (:mod:`analysis.relative`), agency shares."""
    out = {}
    for side in sides.sides:
        values = [scores.get((p.index, side)) for p in article.paragraphs]
        present = [v for v in values if v is not None]
        n_implied = sum((p.index, side) in implied for p in article.paragraphs)
        ms = [m for mentions in doc_mentions for m in mentions if m.side == side]
        agent = sum(any(r.role == "agent" and r.verb_class == "harm" for r in m.relations) for m in ms)
        patient = sum(any(r.role == "patient" and r.verb_class == "harm" for r in m.relations) for m in ms)
        out[side] = {
            "net_stance": round(sum(present) / len(present), 4) if present else None,
            "n_paragraphs": len(present) - n_implied,
            "n_implied": n_implied,
            "n_mentions": len(ms),
            "agent_of_harm_share": round(agent / len(ms), 4) if ms else None,
            "patient_of_harm_share": round(patient / len(ms), 4) if ms else None,
        }
    return out


@STANCE.register("rules")
class RulesStance:
    """Transparent weighted rules; every contribution becomes an evidence row."""

    name = "rules"
    slug = "rules"
    version = "rules-7"

    def __init__(self):
        self._vader = get_sentiment("vader")

    def score(self, article, docs, doc_mentions, doc_attributions, sides, sentences=None,
              author_side=None) -> StanceResult:
        """``author_side``: the side the author writes for (:func:`analysis.roster.author_side_of`);
        when not given, the side the bio role names."""
        from .agency import load_agency

        agency = load_agency()
        result = StanceResult()
        if author_side is None:
            author_side = sides.side_of_role(article.author_role)
        tone = {} if sentences is None else {
            (int(r.paragraph), int(r.sentence)): (r.sentiment, r.text, int(r.start)) for r in sentences.itertuples()}
        for para, doc, mentions, attributions in zip(article.paragraphs, docs, doc_mentions, doc_attributions):
            tones = {s: v for (p, s), v in tone.items() if p == para.index}
            rows = self._contributions(doc, mentions, attributions, sides, agency, tones, author_side)
            for side in sides.sides:
                present = any(m.side == side for m in mentions)
                mine = [r for r in rows if r["side"] == side]
                total = sum(r["weight"] for r in mine)
                result.paragraph_scores[(para.index, side)] = _squash(total) if present else None
                for r in mine:
                    result.evidence_rows.append({"paragraph": para.index, "measure": "stance", **r})
        result.summary = summarize(sides, article, doc_mentions, result.paragraph_scores)
        return result

    def _contributions(self, doc, mentions, attributions, sides, agency, tones, author_side) -> list[dict]:
        rows, seen = [], set()
        side_names = set(sides.sides)
        if author_side in side_names:
            voice = next((m for m in mentions if m.side == author_side), None)
            if voice is not None:
                rows.append({"sentence": voice.sentence, "side": author_side, "text": voice.text,
                             "start": voice.start, "end": voice.end, "weight": WEIGHTS["author_side"],
                             "detail": "the author writes for this side"})

        def add(side, sentence, text, start, end, weight, detail, key):
            if not weight or key in seen:
                return
            seen.add(key)
            rows.append({"sentence": sentence, "side": side, "text": text, "start": start, "end": end,
                         "weight": round(weight, 4), "detail": detail})

        text_of_doc = doc_text(doc) if mentions else ""
        # An arrest or dispersal of people the text calls peaceful, unarmed or innocent is a wrong.
        wronged = {r.start for m in mentions if sum(v for _, v in m.labels) > 0
                   for r in m.relations if r.role == "patient" and r.verb_class == "coercion"}
        for m in mentions:
            if m.side not in side_names:
                continue
            for r in m.relations:
                if r.role == "agent" and r.verb_class == "coercion" and r.start in wronged:
                    r = r._replace(verb_class="misconduct")
                weight = {("agent", "harm"): WEIGHTS["agent_harm"], ("patient", "harm"): WEIGHTS["patient_harm"],
                          ("agent", "prosocial"): WEIGHTS["agent_prosocial"],
                          ("agent", "misconduct"): WEIGHTS["agent_misconduct"],
                          ("patient", "misconduct"): WEIGHTS["patient_misconduct"],
                          ("accused", "harm"): WEIGHTS["accused_harm"]}.get((r.role, r.verb_class), 0.0)
                verb = r.verb
                if weight:
                    token = doc.char_span(r.start, r.end, alignment_mode="expand")
                    how = mood(token.root) if token is not None else ""
                    if how == "irrealis":  # "if the police attack", "until the ministry pays"
                        weight = 0.0
                    elif how == "negated":  # "did not attack" counts for, "never apologised" against
                        weight = weight * WEIGHTS["negated"] if r.role == "agent" else 0.0
                        verb = "not " + verb
                text = text_of_doc[r.start:r.end]
                add(m.side, m.sentence, text, r.start, r.end, weight,
                    f"{r.role} of {r.verb_class} '{verb}' ({m.text})", ("rel", m.side, r.start, r.role))
            for word, valence in m.labels:
                start = _find(text_of_doc, word, m.start)
                add(m.side, m.sentence, word, start, start + len(word), valence * WEIGHTS["label_scale"],
                    f"label '{word}' ({m.text})", ("label", m.side, word, start))
        rows.extend(self._implied_agents(doc, mentions, sides, seen, agency))
        for att in attributions:
            side = att.source_side
            if side not in side_names:
                continue
            cls = "admission" if att.cue_lemma in ADMISSION_CUES else att.cue_class
            if cls == "factive" and _blames_itself(doc, att, side, mentions):
                cls = "admission"  # "the prosecutor's office confirmed that officers beat detainees"
            weight = WEIGHTS["attribution"].get(cls, 0.0)
            if att.kind == "author" and cls in ("denial", "distancing", "discrediting"):
                weight = 0.0  # "we reject the claim": the author's own word, not a claim it keeps at a distance
            add(side, att.sentence, att.cue, att.cue_start, att.cue_end, weight,
                f"own claim {cls} ({att.kind}: {att.source or 'author'})", ("att", side, att.cue_start))
        rows.extend(self._sentence_tone(doc, mentions, side_names, tones, seen, agency, attributions))
        rows.extend(self._context(doc, mentions, side_names, agency, seen))
        return [_inside_claims(row, attributions) for row in rows]

    def _implied_agents(self, doc, mentions, sides, seen, agency) -> list[dict]:
        """Harm done to a side by nobody named: a passive with no "by" agent or a suffering verb
        ("were beaten", "was hospitalised", "died"). It counts against the side's opponent
        (:meth:`analysis.sides.Sides.opponent`) when the opponent is in the paragraph."""
        suffering = agency.suffer_subject | agency.suffer_object
        rows = []
        present = {m.side for m in mentions}
        agents = {r.start for m in mentions for r in m.relations if r.role == "agent"}
        offsets = doc_offsets(doc)
        for m in mentions:
            other = sides.opponent(m.side) if m.side in sides.sides else None
            if other not in present:
                continue
            for r in m.relations:
                verb = offsets.get(r.start)
                if r.role != "patient" or r.verb_class != "harm" or r.start in agents or verb is None:
                    continue
                agentless = r.verb in suffering or (
                    is_passive(verb) and not any(c.dep_ == "agent" for c in verb.children))
                key = ("implied", other, r.start)
                if not agentless or mood(verb) or key in seen:
                    continue
                seen.add(key)
                rows.append({"sentence": m.sentence, "side": other, "text": doc_text(doc)[r.start:r.end],
                             "start": r.start, "end": r.end, "weight": WEIGHTS["implied_agent_harm"],
                             "detail": f"implied agent of harm '{r.verb}' done to {m.text} (no agent named)"})
        return rows

    def _sentence_tone(self, doc, mentions, side_names, tones, seen, agency, attributions=()) -> list[dict]:
        """A sentence about one side only, with no harm done by or to it: its tone is about that side.

        The tone is VADER's compound score of the sentence without its event words ("dead",
        "fire", "protest"…), which report what happened rather than judge anyone. A sentence
        that names the side only as a place ("unprecedented in <country>") is not about it, nor is
        one that names it only as the speaker of what it says: a complaint's tone is about what the
        speaker complains of (“They starved these departments,” said the union's president).
        """
        rows = []
        sources = [(a.source_start, a.source_end) for a in attributions if a.source_start is not None]
        cues = [(a.cue_start, a.cue_end) for a in attributions]
        quotes = [(a.content_start, a.content_end, a.source_side) for a in attributions
                  if a.kind == "direct" and a.content_start is not None and a.source_side]

        def speaks(m) -> bool:
            """The mention is the speaker: the source, the subject of the cue, or its own side inside its quote."""
            return m.via == "quoted-speaker" or any(s <= m.start < e for s, e in sources) or any(
                s <= m.start < e and side == m.side for s, e, side in quotes) or m.role == "agent" and any(
                s <= r.start < e for r in m.relations for s, e in cues)
        for number, (_, text, start) in sorted(tones.items()):
            here = [m for m in mentions if m.sentence == number and m.side in side_names]
            present = {m.side for m in here}
            if len(present) != 1 or any(r.verb_class == "harm" or r.role == "patient" and r.verb_class == "coercion"
                                        for m in here for r in m.relations):
                continue  # the words around harm, or an arrest, describe what was done
            if all(_only_a_place(doc, m) for m in here):
                continue
            if all(speaks(m) for m in here):
                continue
            if all(m.role == "agent" and m.verb in agency.attitude_verbs for m in here):
                (side,) = present  # "we condemn both decisions": the tone is about what is condemned,
                seen.update(("ctx", side, m.start) for m in here)  # so the words around us are not ours either
                continue
            masked = _WORD.sub(lambda w: "" if w.group().lower() in agency.event_words else w.group(), text)
            sentiment = self._vader._analyzer.polarity_scores(masked)["compound"]
            if abs(sentiment) < 0.05:
                continue
            (side,) = present
            seen.update(("ctx", side, m.start) for m in here)  # replaces the word-window context
            rows.append({"sentence": number, "side": side, "text": text, "start": start, "end": start + len(text),
                         "weight": round(sentiment * WEIGHTS["sentence_scale"], 4),
                         "detail": f"tone of a sentence about this side only ({sentiment:+.2f})"})
        return rows

    def _context(self, doc, mentions, side_names, agency, seen) -> list[dict]:
        """Target-dependent sentiment: VADER words within a few tokens of the mention, same sentence."""
        rows = []
        window = WEIGHTS["context_window"]
        lexicon = self._vader._analyzer.lexicon
        owned = {(m.start, m.end) for m in mentions}
        verbs = {r.start for m in mentions for r in m.relations}  # already counted as agency
        skip = agency.harm_verbs | agency.prosocial_verbs | set(agency.labels) | agency.event_words
        for m in mentions:
            if m.side not in side_names or any(r.role == "patient" and r.verb_class == "harm" for r in m.relations):
                continue  # the words around a victim describe what was done to it
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            sent = span.sent
            lo, hi = max(sent.start, span.start - window), min(sent.end, span.end + window)
            total, words = 0.0, []
            for tok in doc_tokens(doc)[lo:hi]:
                if span.start <= tok.i < span.end or tok.idx in verbs or any(s <= tok.idx < e for s, e in owned):
                    continue
                valence = lexicon.get(tok.lower_)
                if valence is None or tok.lemma_.lower() in skip or tok.lower_ in skip:
                    continue
                total += valence / 4
                words.append(tok.text)
            weight = max(-1.0, min(1.0, total)) * WEIGHTS["context_scale"]
            key = ("ctx", m.side, m.start)
            if words and weight and key not in seen:
                seen.add(key)
                rows.append({"sentence": m.sentence, "side": m.side, "text": m.text, "start": m.start,
                             "end": m.end, "weight": round(weight, 4),
                             "detail": "context sentiment: " + ", ".join(words)})
        return rows


def _blames_itself(doc, att, side: str, mentions) -> bool:
    """A factive claim whose content has the source's own side doing harm that happened: the side
    concedes it, as with "admitted"."""
    if att.content_start is None:
        return False
    return any(m.side == side and att.content_start <= m.start < att.content_end and "agent" in harm_roles(m, doc)
               for m in mentions)


def _inside_claims(row: dict, attributions) -> dict:
    """Scale a contribution found inside a reported claim by how far the author vouches for it."""
    own = row["detail"].startswith("own claim")  # a claim reported inside another claim is scaled by it
    holders = [a for a in attributions if a.content_start is not None and a.content_start <= row["start"] < a.content_end
               and not (own and a.cue_start == row["start"])]
    # A claim inside a claim ("activists claimed that the video proves the police attacked …") is
    # only as credible as every claim around it: the sizes of the scales multiply, and the weight
    # turns the other way once if any of them does (two distancing claims do not make a vouched one).
    size, turned, notes = 1.0, False, []
    for claim in sorted(holders, key=lambda a: (a.content_end - a.content_start, a.cue_start)):
        key = _claim_key(claim)
        scale = WEIGHTS["content_scale"].get(key, 1.0)
        if scale != 1.0:
            size *= abs(scale)
            turned = turned or scale < 0
            notes.append(f"inside a {key.replace('_', ' ')} claim ×{scale:g}")
    if not notes:
        return row
    weight = row["weight"] * size * (-1 if turned else 1)
    return {**row, "weight": round(weight, 4), "detail": f"{row['detail']} [{'; '.join(notes)}]"}


def _claim_key(claim) -> str:
    """Key of ``content_scale`` for a claim: its cue class, "author" for the author's own assertions,
    and "author_denial" when the author denies or disputes something ("we deny that our members …")."""
    if claim.kind != "author":
        return claim.cue_class
    return "author_denial" if claim.cue_class in ("denial", "distancing", "discrediting") else "author"


PLACE_PREPOSITIONS = {"in", "at", "across", "throughout", "within", "inside", "near", "around", "outside"}


def _only_a_place(doc, mention) -> bool:
    """True when the mention is the object of a place preposition: "unprecedented in <country>"."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS


def _find(text: str, word: str, near: int) -> int:
    hits = [m.start() for m in re.finditer(re.escape(word), text, flags=re.I)]
    return min(hits, key=lambda h: abs(h - near)) if hits else near


def get_stance(name: str = "rules"):
    """Create a stance backend from its registry name."""
    return STANCE.create(name)


# Registers the minilm / transformers / nli backends (their heavy imports happen lazily).
from . import stance_models  # noqa: E402,F401
