"""Pronouns of one paragraph resolved to sides: "they" / "them" to the nearest plural mention,
"its" to the nearest institution, never an object to its own verb's subject (or, for a
to-infinitive, to the subject that controls it)."""
from __future__ import annotations

from .agency import OBJECT_DEPS, person_noun
from .nlp import doc_tokens

SUBJECT_DEPS = {"nsubj", "csubj"}
COLLECTIVES = {"police", "crowd", "government", "army", "union", "military", "ministry", "authority",
               "council", "court", "opposition", "mob", "committee", "management", "company", "press", "media"}
RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}


def antecedent(token, found, sent_index) -> str | None:
    """Side of the nearest earlier plural-ish mention in this or the previous sentence. An object
    pronoun never points at its own verb's subject: in "the officers who beat them", "them" is not
    the officers."""
    here = sent_index.get(token.i, 1)
    barred = _co_subjects(token)
    for m in reversed(found):
        if m.start >= token.idx or m.via in ("author", "pronoun", "instrument", "event"):
            continue  # a weapon is not "they", nor is "the marches"
        if here - m.sentence > 1:
            return None
        head = token.doc.char_span(m.start, m.end, alignment_mode="expand")
        if head is not None and head.root.i in barred:
            continue
        if head is not None and (head.root.tag_ in ("NNS", "NNPS") or head.root.lemma_.lower() in COLLECTIVES):
            if _plural_between(token.doc, head.root.i, token.i, found, barred):
                return None  # "take measures to prevent them": a nearer plural noun is the antecedent
            return m.side
    return None


def owner(token, found, sent_index) -> str | None:
    """Side of "its": the nearest earlier singular institution (not a person, not a place) in this or
    the previous sentence, when no other singular noun that could own it comes between."""
    here = sent_index.get(token.i, 1)
    sent = token.sent
    if token.i - sent.start <= 1 and sent.start > 0:  # "Its chair said …" opens a sentence: the last subject
        before = token.doc[sent.start - 1].sent
        subject = next((t for t in before.root.children if t.dep_ in SUBJECT_DEPS | {"nsubjpass"}), None)
        if subject is not None and subject.tag_ in ("NN", "NNP"):
            if person_noun(subject) or subject.ent_type_ == "PERSON":
                return None  # "The mayor visited Harlow. Its roads …" is Harlow's
            owner = next((m for m in found if m.start <= subject.idx < m.end and m.via not in ("pronoun", "event")), None)
            return owner.side if owner is not None else None  # "The Save Quellby committee … Its chair": nobody's
    for m in reversed(found):
        if m.start >= token.idx or m.via in ("author", "pronoun", "quoted-speaker"):
            continue
        if here - m.sentence > 1:
            return None
        head = token.doc.char_span(m.start, m.end, alignment_mode="expand")
        if head is None:
            continue
        root = head.root
        if m.via == "event":
            if root.tag_ in ("NNS", "NNPS"):
                continue  # "banned the marches and its spokesman": look further back
            return None  # "the strike entered its tenth day": the event's, nobody's
        spans = [(x.start, x.end) for x in found]
        if any(t.tag_ in ("NN", "NNP") and not any(s <= t.idx < e for s, e in spans)
               for t in token.doc[root.i + 1:token.i]):
            return None  # "the ministry funds the hospital, and its staff …": the hospital's
        if root.lemma_.lower() in COLLECTIVES or root.tag_ in ("NN", "NNP") and \
                root.ent_type_ not in ("PERSON", "GPE", "LOC") and not person_noun(root):
            return m.side
        if root.tag_ in ("NNS", "NNPS"):
            continue  # "its" cannot be a plural: look further back
        return None  # the nearest earlier mention is a person or a place: "its" is something else
    return None


def _co_subjects(pronoun) -> set[int]:
    """Token indices of the subject of the verb whose object ``pronoun`` is, with its conjuncts
    (and a relative clause's antecedent standing for "who"); for a to-infinitive without a subject
    of its own, of the one who controls it."""
    if pronoun.dep_ not in OBJECT_DEPS and pronoun.dep_ != "pobj" or pronoun.lower_.endswith(("self", "selves")):
        return set()  # a reflexive points at its own subject: "the police defended themselves"
    verb = pronoun.head if pronoun.dep_ != "pobj" else pronoun.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return set()
    verb, subjects = _controllers(verb)
    if verb.dep_ == "relcl" and any(c.lower_ in RELATIVE_PRONOUNS for c in subjects):
        subjects.append(verb.head)
    barred = set()
    for subject in subjects:
        barred.add(subject.i)
        barred.update(c.i for c in subject.conjuncts)
    return barred


def _controllers(verb, depth: int = 0):
    """(verb, its subjects); for a to-infinitive with no subject of its own, the subject or object
    that controls it: "the marchers, who did nothing to provoke them" (who), "the strikers tried to
    stop them" (the strikers), "the council asked the strikers to meet them" (the strikers). A
    passive infinitive has its own subject ("expect the law to be applied against them")."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects or depth > 2 or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or \
            not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return verb, subjects
    up = verb.head
    if verb.dep_ in ("relcl", "acl") and up.pos_ in ("NOUN", "PRON"):
        up = up.head  # "did nothing to provoke": the noun's verb
    if up.i == verb.i or up.pos_ not in ("VERB", "AUX"):
        return verb, subjects
    if verb.dep_ == "xcomp":
        objects = [c for c in up.children if c.dep_ == "dobj" and (
            person_noun(c) or c.lemma_.lower() in COLLECTIVES or c.ent_type_ in ("PERSON", "ORG", "NORP"))]
        if objects:
            return up, objects  # "asked the strikers to meet them": the strikers meet
    return _controllers(up, depth + 1)


BLOCKING_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "appos", "conj"}


def _plural_between(doc, start: int, end: int, found, barred=frozenset()) -> bool:
    """A plural noun that is a subject or object of its own (not part of a side mention, not in a
    prepositional phrase such as "with batons", not one the pronoun cannot point at) between two tokens."""
    spans = [(m.start, m.end) for m in found if m.via != "event"]  # "the marches" still stands between
    for tok in doc_tokens(doc)[start + 1:end]:
        if tok.tag_ in ("NNS", "NNPS") and tok.dep_ in BLOCKING_DEPS and tok.i not in barred and \
                not any(s <= tok.idx < e for s, e in spans) and tok.head.i != start:
            return True
    return False
