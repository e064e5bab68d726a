"""Who an article's unnamed groups are, read from what they do: one pass over the whole article.

A side is named by general aliases ("protesters", "police"), but many articles call the people
on one side by what they are ("nurses", "taxi drivers", "residents") or by an organisation's name.
What gives them away is what they do: the subjects of a side's *acts* (``acts`` in the sides file:
"marched", "went on strike", "kept a blockade" for the protest side) are on that side.

* :func:`act_of` — the side whose act a verb is, or None.
* :func:`act_subjects` — the people or names doing a side's act in one parsed paragraph.
* :func:`learn` — an article's :class:`Roster`: person nouns and names learned article-wide
  ("striking nurses" once, then "a nurse" anywhere), and the side the author's "we" speaks for
  when the bio does not say ("we marched", "they beat us", "our union").

Plain people nouns ("people", "residents", "a man") are never learned article-wide: they are on a
side only where they do its act ("thousands of people marched") or suffer harm from a side that
the other side is the victim of (``harmed_by``); :mod:`analysis.mentions` reads those in place.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .nlp import doc_tokens
from .sides import FIRST_PERSON_PLURAL, Sides

# Nouns for people in general: a side only in the clause that shows it, never article-wide.
PLAIN_PEOPLE = {"people", "person", "man", "woman", "men", "women", "resident", "citizen", "local", "villager",
                "family", "child", "boy", "girl", "teenager", "neighbour", "neighbor", "inhabitant", "individual",
                "youngster", "adult", "pedestrian", "passer-by", "someone", "anyone", "everyone", "member",
                "participant", "friend", "colleague", "other", "those", "many", "some"}
# Words after "of" that a group noun hands its role to: "thousands of people", "members of the group".
GROUP_HEADS = {"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "million", "millions", "group",
               "number", "crowd", "member", "members", "many", "some", "most", "majority", "scores", "score",
               "handful", "band", "contingent", "column", "delegation"}
# "Our government", "our country": a citizen's words, not the voice of an institution.
CITIZEN_POSSESSIONS = {"government", "state", "country", "nation", "president", "leader", "parliament", "city",
                       "authority", "region", "town", "village", "society", "constitution", "minister"}
SUBJECTS = {"nsubj", "csubj"}
MIN_VOTES = 2  # "we" needs two signs for a side, twice as many as for any other


def act_of(verb, sides: Sides) -> str | None:
    """Side whose act ``verb`` is: a listed verb with no object ("the nurses marched"), a verb with a
    listed object or particle ("went on strike", "kept a blockade", "took to the streets"), or a
    verb listed with ``*`` and any object ("occupied the rectorate")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    index = sides.act_index
    if not index:
        return None
    lemma = lemma_of(verb)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    for key in phrase_keys(verb):
        if key in index:
            return index[key]
    if objects and f"{lemma} *" in index:
        return index[f"{lemma} *"]
    if not objects and lemma in index and not any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return index[lemma]  # "the study demonstrates that …" reports, it does not demonstrate
    return None


def phrase_keys(verb) -> list[str]:
    """The verb's "verb object", "verb particle" and "verb preposition object" phrases, as lemmas:
    "go on strike", "keep blockade", "treat for injury"."""
    lemma = lemma_of(verb)
    keys = [lemma + " " + lemma_of(c) for c in verb.children if c.dep_ in ("dobj", "obj")]
    keys += [lemma + " " + c.lemma_.lower() for c in verb.children if c.dep_ == "prt"]
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        keys += [f"{lemma} {prep.lower_} {o.lemma_.lower()}" for o in prep.children if o.dep_ == "pobj"]
    return keys


def lemma_of(token) -> str:
    """Lemma of a verb or object, with a hyphenated first part: "sit-in", "tear-gas"."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-":
        return f"{doc[token.i - 2].lower_}-{token.lemma_.lower()}"
    return token.lemma_.lower()


def _subject(verb):
    """The subject a verb's act is done by: its own, a governing verb's ("threatened to strike",
    "gathered and marched"), or a relative clause's antecedent ("people who marched")."""
    current = verb
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in SUBJECTS]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in ("who", "that", "which") and current.dep_ == "relcl":
                if subject.lower_ == "which" and current.head.ent_type_ in ("GPE", "LOC", "FAC", "PERSON"):
                    return subject  # "arrests in Kiel, which held a rally": a place (or a misread name) does not act
                return current.head
            return subject
        if current.dep_ in ("acl",) and current.tag_ == "VBG":
            return current.head  # "nurses marching to the ministry"
        if current.dep_ not in ("conj", "xcomp", "advcl") or current.head is current:
            return None
        current = current.head
    return None


def _members(token):
    """The people a subject stands for: through "thousands of people" / "members of X", and its
    conjuncts ("teachers and nurses")."""
    out, todo = [], [token]
    while todo and len(out) < 8:
        tok = todo.pop(0)
        out.append(tok)
        if tok.lemma_.lower() in GROUP_HEADS or tok.lower_ in GROUP_HEADS:
            todo += [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                     for o in p.children if o.dep_ == "pobj"]
        todo += [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")]
    return out


def act_subjects(doc, sides: Sides) -> dict[int, str]:
    """Token index → side for every person noun, name or pronoun doing a side's act in ``doc``
    (read once per Doc and sides file: the roster and every mentions pass share it)."""
    memo = doc.user_data.setdefault("framing_acts", {})
    if sides.version not in memo:
        memo[sides.version] = _act_subjects(doc, sides)
    return memo[sides.version]


def _act_subjects(doc, sides: Sides) -> dict[int, str]:
    out: dict[int, str] = {}
    for verb in doc_tokens(doc):
        side = act_of(verb, sides)
        subject = _subject(verb) if side else None
        if subject is None:
            side, subject = event_owner(verb, sides)
            if subject is None:
                continue
        for tok in _members(subject):
            if tok.pos_ in ("NOUN", "PROPN", "PRON") or tok.lower_ in FIRST_PERSON_PLURAL:
                out.setdefault(tok.i, side)
    return out


OWNER_PRONOUNS = {"their", "our", "its"}
# Verbs whose subject carries on an event with no possessor ("staff kept the protest going"); not
# "end" or "break up", which the other side does too.
STARTING_VERBS = {"begin", "start", "launch", "hold", "stage", "continue", "keep", "resume", "escalate",
                  "intensify", "organise", "organize", "lead", "plan", "maintain", "mount"}
# Verbs whose "by" agent, in the passive, organised the event: "the march was called by the League"
# (not "held up by", "called illegal by", "broken up by").
ORGANISING_VERBS = {"organise", "organize", "call", "stage", "lead", "plan", "launch", "mount", "start", "begin",
                    "coordinate", "convene", "initiate"}
# Verbs whose subject holds the event in "<subject> <verb> their protest" ("police broke up their
# protest" is someone else's).
HOLDING_VERBS = {"escalate", "continue", "begin", "start", "launch", "hold", "stage", "end", "suspend", "call",
                 "intensify", "extend", "resume", "maintain", "keep", "lead", "organise", "organize", "plan",
                 "announce", "pursue", "step", "widen", "expand", "take", "bring", "move", "defend", "vow"}


def event_owner(noun, sides: Sides):
    """(side, owner) for a side's event noun (``events`` in the sides file) and who holds it: "the
    *fishermen's* protest", "the strike by *teachers*", "*fishermen* escalated their protest"
    (a possessive pronoun on the object points back at the verb's subject); else (None, None)."""
    index = sides.event_index
    if not index or noun.pos_ != "NOUN":
        return None, None
    side = index.get(lemma_of(noun))
    if side is None:
        return None, None
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in ("NOUN", "PROPN"):
            return side, child
        if child.dep_ == "prep" and child.lower_ == "by":
            owner = next((g for g in child.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None)
            if owner is not None:
                return side, owner
        if child.dep_ == "poss" and child.lower_ in OWNER_PRONOUNS and noun.dep_ in ("dobj", "obj") and \
                noun.head.pos_ == "VERB" and noun.head.lemma_.lower() in HOLDING_VERBS:
            owner = _subject(noun.head)
            if owner is not None and owner.pos_ in ("NOUN", "PROPN"):
                return side, owner
    verb = noun.head
    if noun.dep_ == "nsubjpass" and verb.pos_ == "VERB" and verb.lemma_.lower() in ORGANISING_VERBS and not any(
            c.dep_ in ("prt", "oprd", "xcomp", "acomp", "attr", "ccomp") for c in verb.children):
        for agent in (c for c in verb.children if c.dep_ == "agent"):  # "the march was called by the League"
            owner = next((g for g in agent.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None)
            if owner is not None:
                return side, owner
    if noun.dep_ in ("dobj", "obj") and noun.head.pos_ == "VERB" and noun.head.lemma_.lower() in STARTING_VERBS \
            and not any(c.dep_ == "poss" for c in noun.children):
        owner = _subject(noun.head)  # "staff kept the protest going", "farmers began a blockade"
        if owner is not None and owner.pos_ in ("NOUN", "PROPN"):
            return side, owner
    return None, None


def _name_tokens(token):
    """The proper-noun run a name token belongs to: "Forest" in "Hollin Forest Defence"."""
    names = [c for c in token.subtree if c.pos_ == "PROPN" and c.text[:1].isupper() and len(c.text) > 2
             and (c is token or c.dep_ in ("compound", "flat"))]
    return names or [token]


@dataclass
class Roster:
    """What one article shows about its groups."""

    heads: dict = field(default_factory=dict)  # person-noun lemma → side ("nurse")
    names: dict = field(default_factory=dict)  # proper-noun word → side ("Hollin")
    votes: dict = field(default_factory=dict)  # side → signs that the author's "we" is on it
    opening: str | None = None  # the side the text's opening says it speaks for (analysis.voice)

    def learn(self, table: dict, key: str, side: str) -> None:
        if table.get(key, side) != side:
            table[key] = None  # seen doing both sides' acts: no reading
        else:
            table[key] = side

    def known(self) -> dict:
        """Entries for the ``known`` map of :func:`analysis.mentions.mentions`."""
        out = {f"learned:{k}": v for k, v in sorted(self.heads.items()) if v}
        out.update({f"name:{k}": v for k, v in sorted(self.names.items()) if v})
        return out

    def we_side(self) -> str | None:
        """The side the author's "we" speaks for, when the text shows it clearly."""
        ranked = sorted(((n, side) for side, n in self.votes.items()), reverse=True)
        if not ranked or ranked[0][0] < MIN_VOTES or (len(ranked) > 1 and ranked[0][0] < 2 * ranked[1][0]):
            return None
        return ranked[0][1]

    def side_of_role(self, role: str | None) -> str | None:
        """A bio role that names an organisation the article showed acting for a side
        ("spokesperson of <group>", after "<group> kept a blockade")."""
        if not role:
            return None
        words = [w.strip(".,;:'’()") for w in role.split()]
        found = {self.names.get(w) for w in words if w[:1].isupper() and len(w) > 2} - {None}
        if not found:  # "general secretary of the United Teachers", after "the teachers have been on strike"
            found = {self.heads.get(w.lower()[:-1] if w.lower().endswith("s") else w.lower())
                     for w in words if w[:1].isupper() and len(w) > 3} - {None}
        return found.pop() if len(found) == 1 else None


def learn(docs, sides: Sides) -> Roster:
    """Read an article's parsed paragraphs for person nouns and names that do a side's act, and for
    what the author's "we" does and suffers."""
    from .agency import person_noun
    from .mentions import QuoteIndex, _side_of_token

    from .voice import self_described_side

    roster = Roster()
    roster.opening = self_described_side(docs[0], sides) if docs else None
    for doc in docs:
        quotes = QuoteIndex(doc)
        for i, side in sorted(act_subjects(doc, sides).items()):
            tok = doc_tokens(doc)[i]
            if tok.lower_ in FIRST_PERSON_PLURAL:  # what the author's "we" does: "we marched"
                if not quotes.inside(tok.idx):
                    roster.votes[side] = roster.votes.get(side, 0) + 1
                continue
            if tok.lower_ in ("they", "them"):
                tok = _plural_antecedent(tok)  # "the drivers put up a gazebo outside the office they are protesting at"
                if tok is None:
                    continue
            if _side_of_token(tok, sides)[0] is not None:
                continue  # named by an alias already
            if tok.pos_ == "PROPN":
                for name in _name_tokens(tok):
                    roster.learn(roster.names, name.text, side)
            elif tok.pos_ == "NOUN" and person_noun(tok) and tok.lemma_.lower() not in PLAIN_PEOPLE:
                roster.learn(roster.heads, tok.lemma_.lower(), side)
        for tok in doc_tokens(doc):
            if tok.tag_ == "NNS" and tok.lemma_.lower() not in PLAIN_PEOPLE and person_noun(tok):
                marked = sides.side_of_modifiers(tok)
                if marked:
                    roster.learn(roster.heads, tok.lemma_.lower(), marked)  # "striking nurses"
            if tok.lower_ in FIRST_PERSON_PLURAL and not quotes.inside(tok.idx):
                side = _we_sign(tok, sides)
                if side:
                    roster.votes[side] = roster.votes.get(side, 0) + 1
    return roster


def _plural_antecedent(pronoun):
    """The nearest plural person noun before "they" in its own or the previous sentence, when it is
    the only one there (a clear antecedent), else None."""
    from .agency import person_noun

    sent = pronoun.sent
    start = sent.start
    if start > 0:
        start = pronoun.doc[start - 1].sent.start
    found = [t for t in pronoun.doc[start:pronoun.i] if t.tag_ == "NNS" and t.pos_ == "NOUN" and person_noun(t)
             and t.lemma_.lower() not in PLAIN_PEOPLE]
    return found[-1] if len({t.lemma_.lower() for t in found}) == 1 else None


def _we_sign(token, sides: Sides) -> str | None:
    """A side that one "we/us/our" shows the author is on: "our union", "our officers" (not "our
    government", which a citizen says too), or "they beat us" by a side another side suffers from."""
    from .mentions import _side_of_token

    if token.dep_ == "poss":
        head = token.head
        if head.lemma_.lower() in CITIZEN_POSSESSIONS:
            return None
        side = _side_of_token(head, sides)[0]
        return side if side in sides.sides else None
    if token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ == "VERB":
        return victim_of(token.head, sides, ("harm", "coercion"))  # "they beat us", "police arrested us"
    return None


def agent_of(verb):
    """Who does ``verb``: its active subject, its "by" agent, or the noun a participle modifies
    ("officers striking people")."""
    if any(c.dep_ == "auxpass" for c in verb.children):
        return next((o for p in verb.children if p.dep_ == "agent" for o in p.children if o.dep_ == "pobj"), None)
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if subject is None and verb.dep_ in ("acl", "advcl", "ccomp") and verb.tag_ == "VBG" and \
            verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return subject


def victim_of(verb, sides: Sides, classes=("harm",)) -> str | None:
    """The side whose people suffer ``verb`` (of one of the verb ``classes``) when a side listed in
    its ``harmed_by`` does it: "riot police beat people", "police arrested us"."""
    from .agency import load_agency
    from .mentions import _side_of_token

    if load_agency().verb_class(verb) not in classes:
        return None
    agent = agent_of(verb)
    doer = _side_of_token(agent, sides)[0] if agent is not None else None
    return sides.victim_side(doer) if doer in sides.sides else None


def author_side_of(article, sides: Sides, roster: Roster) -> tuple[str | None, str]:
    """The side the author writes for, and how it was read: ``role`` (the bio names a side's
    office), ``role-name`` (the bio names an organisation the article showed acting for a side),
    ``self-described`` (the opening says whose voice the text is: "This is the bulletin of the
    strike committee", :mod:`analysis.voice`), ``first-person`` (what the author's "we" does and
    suffers), or ``""`` (none)."""
    side = sides.side_of_role(article.author_role)
    if side:
        return side, "role"
    side = roster.side_of_role(article.author_role)
    if side:
        return side, "role-name"
    if roster.opening:
        return roster.opening, "self-described"
    side = roster.we_side()
    return (side, "first-person") if side else (None, "")
