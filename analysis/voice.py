"""The side a text says it speaks for, from how it introduces itself in its first sentences.

``self_described_side(doc, sides)`` reads the first two sentences of the first body paragraph,
outside quotes, for the usual openings of a statement, bulletin or letter written in a body's voice:

* "This is the fourteenth bulletin of the Strike Committee …" / "What follows is a statement from …"
* "This statement is issued by the Ministry of …"
* "We are the families of the people detained by police …" / "We, the undersigned residents, …"
* "We write to you as members of the nurses' union …"

The body named there decides: a side's alias ("the Strike Committee", "the Ministry"), or the kin of
people a side harmed ("families of the people detained by police": the side the police harm).
"""
from __future__ import annotations

from .nlp import doc_sents
from .sides import Sides

DOCUMENT_NOUNS = {"bulletin", "newsletter", "statement", "update", "message", "letter", "appeal", "release",
                  "communique", "communiqué", "briefing", "notice", "declaration", "submission", "report", "petition"}
ISSUING_VERBS = {"issue", "publish", "write", "send", "release", "prepare", "sign", "circulate", "distribute"}
KIN = {"family", "parent", "relative", "mother", "father", "wife", "husband", "son", "daughter", "child",
       "widow", "sister", "brother", "friend", "loved"}
OPENING_SENTENCES = 2


def self_described_side(doc, sides: Sides) -> str | None:
    """The side the opening of a text (the first paragraph's parsed ``doc``) names as its voice, or None."""
    from .mentions import QuoteIndex

    quotes = QuoteIndex(doc)
    for sent in list(doc_sents(doc))[:OPENING_SENTENCES]:
        for token in sent:
            if quotes.inside(token.idx):
                continue
            body = _named_voice(token)
            side = _body_side(body, sides) if body is not None else None
            if side:
                return side
    return None


def _named_voice(token):
    """The noun a self-introduction names as the voice, or None: the "of/from" body of a document
    noun the text calls itself ("This is the bulletin of X"), the "by" agent of an issued document,
    what "we" are ("We are X", "We, the X,"), or whom "we" write as ("we write as X")."""
    lemma = token.lemma_.lower()
    if token.lower_ == "we":
        if token.dep_ == "nsubj" and token.head.lemma_ == "be":
            return next((c for c in token.head.children if c.dep_ in ("attr", "acomp")), None)
        appos = next((c for c in token.children if c.dep_ == "appos"), None)
        if appos is not None:
            return appos
        if token.dep_ == "nsubj" and token.head.lemma_ in ("write", "speak", "come", "stand"):
            return next((o for p in token.head.children if p.dep_ == "prep" and p.lower_ == "as"
                         for o in p.children if o.dep_ == "pobj"), None)
        return None
    if lemma in DOCUMENT_NOUNS and token.pos_ == "NOUN" and _names_this_text(token):
        found = next((o for p in token.children if p.dep_ == "prep" and p.lower_ in ("of", "from", "by")
                      for o in p.children if o.dep_ == "pobj"), None)
        if found is not None:
            return found
        verb = token.head if token.dep_ == "nsubjpass" else None
        if verb is not None and verb.lemma_ in ISSUING_VERBS:
            return next((o for p in verb.children if p.dep_ == "agent" for o in p.children if o.dep_ == "pobj"), None)
    if lemma == "this" and token.dep_ == "nsubjpass" and token.head.lemma_ in ISSUING_VERBS:
        return next((o for p in token.head.children if p.dep_ == "agent" for o in p.children if o.dep_ == "pobj"), None)
    return None


def _names_this_text(noun) -> bool:
    """The document noun is the text itself: "This is the bulletin of …", "What follows is a
    statement from …" (the noun is what "this" / "what follows" is), or "This statement is issued by
    …" (the noun has "this"); not "A statement from the ministry said …" about another text."""
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        subject = next((c for c in noun.head.children if c.dep_ in ("nsubj", "csubj")), None)
        return subject is not None and (subject.lower_ in ("this", "it") or subject.lemma_ == "follow"
                                        or any(w.lower_ == "what" for w in subject.subtree))
    return any(c.dep_ == "det" and c.lower_ == "this" for c in noun.children)


def _body_side(noun, sides: Sides) -> str | None:
    """The side of the body a self-introduction names: its own alias, or, for kin ("the families of
    the people detained by police"), the side of the people they are kin to."""
    from .mentions import _side_of_token
    from .roster import victim_of

    side = _side_of_token(noun, sides)[0]
    if side in sides.sides:
        return side
    if noun.lemma_.lower() not in KIN:
        return None
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for person in prep.children:
            if person.dep_ != "pobj":
                continue
            side = _side_of_token(person, sides)[0]
            if side in sides.sides:
                return side  # "the parents of the arrested students"
            for verb in person.children:  # "the people who were detained by police", "people detained by police"
                if verb.dep_ in ("relcl", "acl") and verb.pos_ == "VERB":
                    victim = victim_of(verb, sides, ("harm", "coercion")) or _suffered(verb, sides)
                    if victim:
                        return victim
    return None


def _suffered(verb, sides: Sides) -> str | None:
    """The side whose people suffer an agentless harm or coercion ("people who were detained"):
    the one side with ``harmed_by`` in the sides file."""
    from .agency import load_agency
    from .roster import agent_of

    if load_agency().verb_class(verb) not in ("harm", "coercion") or agent_of(verb) is not None:
        return None
    if not (verb.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in verb.children)):
        return None
    harmed = [a.name for a in sides.actors if a.is_side and a.harmed_by]
    return harmed[0] if len(harmed) == 1 else None
