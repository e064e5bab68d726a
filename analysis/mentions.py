"""Mentions of sides and actor groups in a parsed paragraph: who is agent, who is patient, how labelled.

``mentions(doc, sides, author_side, quotes)`` yields :class:`Mention` named tuples. Roles:

* ``agent`` – subject of an active verb, by-agent of a passive, or owner of a harm noun
  ("police violence", "attacks by rioters"); a relative clause's subject is its antecedent
  and verbs joined by "and" or "by …-ing" share their subject;
* ``patient`` – object, passive subject, or object of "fire on / shoot at";
* ``other`` – anything else.
"""
from __future__ import annotations

import bisect

from typing import NamedTuple

from .agency import OBJECT_DEPS, Agency, load_agency, names_people, person_noun  # noqa: F401 (re-exported)
from .nlp import doc_offsets, doc_sents, doc_text, doc_tokens
from .pronouns import RELATIVE_PRONOUNS, SUBJECT_DEPS, antecedent, owner
from .roster import PLAIN_PEOPLE, act_subjects, event_owner, lemma_of, victim_of
from .sides import FIRST_PERSON, INSTITUTIONAL_HEADS, Sides, first_person

GROUP_NOUNS = {"group", "number", "some", "many", "dozen", "dozens", "hundred", "hundreds", "thousand",
               "thousands", "band", "gang", "crowd", "majority", "minority", "part", "handful", "member",
               "rest", "most", "few", "several", "all", "each", "one", "two", "three", "million", "millions",
               "score", "scores", "contingent", "unit", "team", "squad"}
THIRD_PERSON_PLURAL = {"they", "them", "their", "themselves"}


class Relation(NamedTuple):
    role: str  # agent | patient | other
    verb: str  # lemma of the governing verb or harm noun
    verb_class: str  # harm | prosocial | coercion | ""
    start: int  # char span of the verb in the paragraph
    end: int


class Mention(NamedTuple):
    sentence: int
    side: str
    text: str
    start: int
    end: int
    role: str
    verb: str
    verb_class: str
    labels: tuple  # ((word, valence), ...)
    relations: tuple  # every Relation of the mention
    depth: int  # syntactic depth of the mention head (smaller = closer to the clause root)
    via: str  # alias | modifier | author | quoted-speaker | institution | name | pronoun | coreference | culprit
    #           | instrument | act | learned | victim

    def row(self) -> dict:
        return {"sentence": self.sentence, "side": self.side, "text": self.text, "start": self.start,
                "end": self.end, "role": self.role, "verb": self.verb, "verb_class": self.verb_class,
                "labels": "; ".join(f"{w} {v:+.1f}" for w, v in self.labels), "via": self.via}


def _words(doc, i: int) -> list[str]:
    return [t.lemma_.lower().replace("’", "'") for t in doc_tokens(doc)[max(0, i - 3): i + 1]]


def _instrument_words(doc, i: int) -> list[str]:
    """Words as written, hyphens dropped, the last one lemmatised: "rubber-coated bullets" →
    rubber, coated, bullet."""
    return [w for w in _surface_words(doc, i) if w != "-"]


def _surface_words(doc, i: int) -> list[str]:
    """Words as written, the last one lemmatised: "human rights groups" → human, rights, group."""
    tokens = doc_tokens(doc)
    words = [t.lower_.replace("’", "'") for t in tokens[max(0, i - 3): i]]
    return words + [tokens[i].lemma_.lower()]


def _match(sides: Sides, doc, i: int) -> str | None:
    token = doc_tokens(doc)[i]
    lower, lemma = token.lower_, token.lemma_.lower()
    if not (sides.may_end(lemma.replace("’", "'")) or sides.may_end(lower) or (
            token.pos_ == "PROPN" and lower.endswith("s") and sides.may_end(lower[:-1]))):
        return None  # no alias ends with this word: skip building the word lists
    surface = _surface_words(doc, i)
    found = sides.match_words(_words(doc, i)) or sides.match_words(surface) or (
        sides.match_words(surface[:-1] + [lower]))
    if found is None and token.pos_ == "PROPN" and lower.endswith("s"):
        found = sides.match_words(surface[:-1] + [lower[:-1]])  # "the Farmers Alliance"
    return found


def _side_of_token(token, sides: Sides, depth: int = 0) -> tuple[str | None, str]:
    doc = token.doc
    side = _match(sides, doc, token.i)
    if side:
        # "student council", "police union": a modifier naming another side decides
        for child in token.children:
            if child.dep_ in ("compound", "poss") and child.i == token.i - 1 - (doc_tokens(doc)[token.i - 1].text in ("'s", "'", "’s")):
                other = _match(sides, doc, child.i)
                if other and other != side and len(_alias_words(sides, doc, token.i)) == 1:
                    return other, "institution"
            # "president of the nurses' union", "officials of the farmers' alliance": the body decides
            if child.dep_ == "prep" and child.lower_ in ("of", "for") and token.lemma_.lower() in ROLE_HEADS and \
                    len(_alias_words(sides, doc, token.i)) == 1:
                for target in child.children:
                    other = None if target.dep_ != "pobj" else _side_of_token(target, sides, depth + 1)[0] \
                        if depth < 2 else _match(sides, doc, target.i)
                    if other and other != side:
                        return other, "institution"
        return side, "alias"
    if token.pos_ == "NOUN" and token.tag_ == "NNS" and person_noun(token):
        marked = sides.side_of_modifiers(token)
        if marked:
            return marked, "modifier"  # "striking nurses", "teachers on strike"
    if token.lemma_.lower() in INSTITUTIONAL_HEADS or token.pos_ == "PROPN":
        for child in token.children:
            if child.dep_ in ("compound", "poss", "amod", "appos", "nmod") or (
                child.dep_ == "prep" and child.lower_ in ("of", "for", "from", "at")
            ):
                targets = [child] if child.dep_ != "prep" else [c for c in child.children if c.dep_ == "pobj"]
                for target in targets:
                    inner = _side_of_token(target, sides, depth + 1)[0] if child.dep_ == "appos" and depth < 2 \
                        else _match(sides, doc, target.i)
                    if inner is None and depth < 2 and (target.lemma_.lower() in INSTITUTIONAL_HEADS
                                                        or child.dep_ == "appos"):
                        # "Union leader Maria Santos", "Mira Lenz, a spokeswoman for the union"
                        inner = _side_of_token(target, sides, depth + 1)[0] or _role_clause(target, sides)
                    if inner:
                        return inner, "institution" if token.pos_ != "PROPN" else "name"
    return None, ""


# Heads that make a side noun before them part of a place name ("Parliament Square").
PLACE_HEADS = {"square", "street", "avenue", "boulevard", "road", "bridge", "park", "plaza", "lane", "quay",
               "embankment", "gardens", "station", "bazaar", "stadium"}

# Role nouns that take the side of the body they are "of" or "for" (not "officers at the protest").
ROLE_HEADS = {"president", "leader", "head", "chair", "chairman", "chairwoman", "official", "spokesman",
              "spokeswoman", "spokesperson", "member", "secretary", "director", "representative", "minister"}

LEADING_VERBS = {"chair", "lead", "head", "represent", "run", "organize", "organise", "coordinate", "found",
                 "command", "direct", "speak"}


def _role_clause(noun, sides: Sides) -> str | None:
    """Side named in an apposition's relative clause: "a crane operator who chairs the strike committee"."""
    for clause in noun.children:
        if clause.dep_ == "relcl" and clause.lemma_.lower() in LEADING_VERBS:
            for obj in clause.subtree:
                if obj.dep_ in ("dobj", "pobj") and obj.pos_ in ("NOUN", "PROPN"):
                    found = _match(sides, noun.doc, obj.i)
                    if found:
                        return found
    return None


def _alias_words(sides: Sides, doc, i: int) -> tuple[str, ...]:
    words = _words(doc, i)
    for alias, _ in sides._index.get(words[-1], ()):
        if tuple(words[-len(alias):]) == alias:
            return alias
    return (words[-1],)


def _role_token(token):
    """Climb from a side noun to the token that carries its grammatical role."""
    current = token
    for _ in range(6):
        head = current.head
        if current.dep_ == "pobj" and head.lower_ == "of" and (
                head.head.lemma_.lower() in GROUP_NOUNS | {"part"} or head.head.like_num):  # "41 of the detainees"
            current = head.head
            if current.lemma_.lower() == "part" and current.dep_ == "pobj" and current.head.head is not current:
                current = current.head.head  # "corruption on the part of officials"
                return current, True
            continue
        if current.dep_ in ("conj", "appos") and head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            current = head
            continue
        break
    return current, False


def is_passive(verb) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _shared_verbs(verb, depth: int = 0):
    """Verbs that share ``verb``'s subject: conjuncts and subjectless "by …-ing"/advcl/xcomp clauses."""
    yield verb
    if depth > 3:
        return
    for child in verb.children:
        if child.pos_ not in ("VERB", "AUX"):
            if child.dep_ == "prep":
                for grand in child.children:
                    if grand.dep_ == "pcomp" and grand.pos_ == "VERB" and not _has_subject(grand):
                        yield from _shared_verbs(grand, depth + 1)
            continue
        if child.dep_ == "xcomp" and verb.lemma_.lower() in OBJECT_CONTROL and any(
                c.dep_ in ("dobj", "dative") for c in verb.children):
            continue  # "told us to catch less fish": the object does the second verb
        if child.dep_ in ("conj", "xcomp", "advcl", "pcomp") and not _has_subject(child):
            yield from _shared_verbs(child, depth + 1)


# Verbs whose object, not subject, does the verb of their "to" clause ("told us to leave"); not
# "used batons to beat", "promised the nurses to investigate".
OBJECT_CONTROL = {"tell", "order", "force", "urge", "ask", "allow", "persuade", "warn", "instruct", "require",
                  "compel", "encourage", "invite", "permit", "advise", "command", "pressure", "push", "get"}


def _has_subject(verb) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def _relations(role_token, agency: Agency, nominal: bool, token=None) -> list[Relation]:
    """Every (role, verb) relation of the token that carries a mention's role."""
    out: list[Relation] = []
    head = role_token.head
    dep = role_token.dep_

    def add(role, verb, verb_class=None):
        if role == "patient" and verb_class is None:
            suffered = agency.suffering(verb, subject=False)
            if suffered:  # "were treated for injuries", "was hospitalised"
                add_suffering(verb, suffered)
                return
        cls = agency.verb_class(verb) if verb_class is None else verb_class
        out.append(Relation(role, verb.lemma_.lower(), cls, verb.idx, verb.idx + len(verb.text)))

    def add_suffering(verb, phrase):
        out.append(Relation("patient", phrase, "harm", verb.idx, verb.idx + len(verb.text)))

    if nominal:  # "<harm noun> on the part of X"
        if role_token.lemma_.lower() in agency.harm_nouns:
            add("agent", role_token, "harm")
        return out
    if dep in SUBJECT_DEPS and head.lemma_ == "be":
        add("other", head, "")  # copula: "the workers were innocent" (labels carry it)
    elif dep in SUBJECT_DEPS and head.pos_ in ("VERB", "AUX"):
        if is_passive(head):
            add("patient", head)
        else:
            for verb in _shared_verbs(head):
                suffered = agency.suffering(verb, subject=True) if names_people(
                    token if token is not None else role_token) else None
                if suffered:
                    add_suffering(verb, suffered)  # "two miners died", "suffered head injuries"
                    continue
                if verb is not head and is_passive(verb):
                    add("patient", verb)  # "they lost 12 kilograms and were moved to solitary confinement"
                    continue
                add("agent", verb)
                if _faces_charges(verb, agency):
                    add("accused", verb, "harm")  # "six officials face charges of fraud"
    elif dep == "nsubjpass":
        add("patient", head)
        for verb in _shared_verbs(head):  # "were arrested and charged with fraud"
            if agency.verb_class(verb) == "coercion" and _accused_of(verb, agency):
                add("accused", verb, "harm")  # "nine farmers were charged with assault"
                break
    elif dep in OBJECT_DEPS and head.pos_ in ("VERB", "AUX"):
        add("patient", head)
        if agency.verb_class(head) == "coercion" and _accused_of(head, agency):
            add("accused", head, "harm")  # "charged nine farmers with assault"
    elif dep == "pobj":
        prep = head
        governor = prep.head
        if prep.lower_ == "by" and (prep.dep_ == "agent" or is_passive(governor)) and governor.pos_ == "VERB":
            add("agent", governor)
        elif prep.lower_ == "of" and lemma_of(governor) in agency.harm_nouns_of_patient:
            add("patient", governor, "harm")  # "the killing of protesters", "ill-treatment of detainees"
        elif prep.lower_ in ("by", "of", "from") and lemma_of(governor) in agency.harm_nouns:
            add("agent", governor, "harm")  # "attacks by rioters", "violence of the police"
        elif prep.lower_ in ("on", "at", "upon", "into", "against", "toward", "towards") and governor.pos_ == "VERB":
            add("patient", governor)
        elif prep.lower_ in ("against", "on") and governor.lemma_.lower() in agency.harm_nouns:
            add("patient", governor, "harm")  # "violence against protesters"
        elif governor.pos_ in ("VERB", "AUX", "NOUN"):
            add("other", governor, "")
    elif dep in ("compound", "poss", "amod") and head.lemma_.lower() in agency.harm_nouns:
        add("agent", head, "harm")  # "police violence", "the strikers' attacks"
    elif head is not role_token and head.pos_ in ("VERB", "AUX", "NOUN"):
        add("other", head, "")
    # "the officers and guards who beat them": a relative clause on the last conjunct covers them all
    shared = [c for conj in role_token.conjuncts if conj.i > role_token.i for c in conj.children if c.dep_ == "relcl"]
    for child in [*role_token.children, *(token.children if token is not None and token is not role_token else ()),
                  *shared]:
        # the antecedent of a relative clause is its subject
        if child.dep_ == "relcl" and any(
            c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in child.children
        ):
            for verb in _shared_verbs(child):
                add("agent", verb)
        elif child.dep_ == "acl" and child.tag_ == "VBG" and not _has_subject(child):
            add("agent", child)  # "a video shows an officer striking a man"
        elif child.dep_ == "acl" and child.tag_ == "VBN":  # "workers detained by police"
            add("patient", child)
            if agency.verb_class(child) == "coercion" and _accused_of(child, agency):
                add("accused", child, "harm")  # "individuals convicted of offences"
    return out


ADJECTIVE_LABELS = {"right"}  # labels only as adjectives
IRREALIS_MARKS = {"if", "unless", "until", "whether", "lest"}


def mood(verb) -> str:
    """``irrealis`` for a verb in an "if / unless / until / for X to …" clause (a condition or a
    demand, not an act that happened), ``negated`` for a negated verb ("did not attack", "never
    apologised"; a conjunct without its own subject shares its head's negation), else ``""``."""
    current = verb
    for _ in range(8):
        marks = {c.lower_ for c in current.children if c.dep_ == "mark"}
        if "until" in marks and _past(current):
            marks.discard("until")  # "nobody threw anything until the police charged" happened
        if marks & IRREALIS_MARKS or ("for" in marks and any(c.lower_ == "to" for c in current.children)):
            return "irrealis"
        if current.head is current:
            break
        current = current.head
    if verb.pos_ == "NOUN" and (_no_one(verb) or verb.dep_ == "attr" and verb.head.lemma_ == "be" and any(
            c.dep_ == "neg" for c in verb.head.children)):
        return "negated"  # "there was no violence", "keeping it solvent is not an attack on workers"
    current = verb
    for _ in range(4):
        if any(c.dep_ == "neg" or c.dep_ in NEGATED_ARGUMENT_DEPS and _no_one(c) for c in current.children):
            return "negated"
        if current.dep_ != "conj" or _has_subject(current):
            break
        current = current.head
    return ""


def _past(verb) -> bool:
    """A verb in the simple past, or with a past auxiliary ("had started", "was charging")."""
    return verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


NEGATIVE_PRONOUNS = {"nobody", "none", "nothing", "noone", "neither"}
NEGATED_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj"}


def _no_one(token) -> bool:
    """A negative quantifier as the subject or object: "nobody threw anything", "no one was hurt",
    "not one protester was killed", "none of them", "police arrested no one"."""
    if token.lower_ in NEGATIVE_PRONOUNS:
        return True
    return any(c.dep_ in ("det", "neg", "advmod") and c.lower_ in ("no", "not", "never") or
               c.dep_ == "nummod" and any(g.dep_ == "neg" for g in c.children) for c in token.children)


def _labels(token, role_token, agency: Agency) -> list[tuple[str, float]]:
    """Evaluative words attached to a mention: its own head, adjectives, appositions, predicates."""
    found: dict[str, float] = {}
    lexicon = agency.labels

    def take(tok, negated=False):
        if tok.pos_ == "PROPN":
            return  # part of a name: "Fair Count", "the Peaceful Future Alliance"
        word = tok.lemma_.lower()
        if word in ADJECTIVE_LABELS and tok.pos_ != "ADJ":
            return  # "is right" judges; "a right", "their rights" do not
        if word in lexicon and word != "responsible":
            negated = negated or any(c.dep_ == "neg" for c in tok.children)
            # "were not rioters" / "not peaceful": a denied label counts the other way, less strongly
            value = -0.5 * lexicon[word] if negated else lexicon[word]
            found.setdefault(("not " if negated else "") + tok.text.lower(), value)

    # "did not come because of hooligans" denies the label; "the perpetrators were not caught" does not
    clause_negated = role_token.dep_ not in SUBJECT_DEPS | {"nsubjpass"} and _negated_clause(role_token)
    for tok in sorted({token, role_token}, key=lambda t: t.i):
        take(tok, clause_negated)
        for child in tok.children:
            if child.dep_ in ("amod", "appos", "acl", "compound", "advmod"):
                take(child, clause_negated)
    head = role_token.head
    if role_token.dep_ in SUBJECT_DEPS and head.lemma_ == "be":
        negated = any(c.dep_ == "neg" for c in head.children)
        for child in head.children:
            if child.dep_ in ("attr", "acomp"):
                take(child, negated)
                for sub in child.children:
                    if sub.dep_ in ("amod", "conj"):
                        take(sub, negated)
                if child.lemma_.lower() == "responsible" and _harm_object(child, agency):
                    found["responsible for " + _harm_object(child, agency)] = lexicon.get("responsible", -0.6)
    tokens = doc_tokens(token.doc)
    after = tokens[token.i + 1] if token.i + 1 < len(tokens) else None
    if after is not None and after.dep_ == "oprd" and after.lemma_.lower() == "responsible" and \
            _harm_object(after, agency):  # "bringing the people responsible for the violence to justice"
        found["responsible for " + _harm_object(after, agency)] = lexicon.get("responsible", -0.6)
    for child in role_token.children:  # "the people responsible for the violence"
        if child.dep_ == "amod" and child.lemma_.lower() == "responsible" and _harm_object(child, agency):
            found["responsible for " + _harm_object(child, agency)] = lexicon.get("responsible", -0.6)
    return sorted(found.items())


def _negated_clause(token) -> bool:
    """True when the nearest governing verb is negated: "did not come because of hooligans"."""
    current = token
    for _ in range(8):
        if current.dep_ in SUBJECT_DEPS and current.head.lemma_ == "be":
            return False  # copular predicates are handled with their own negation
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return any(c.dep_ == "neg" for c in current.children)
        if current.head is current:
            return False
    return False


def _accused_of(verb, agency: Agency) -> str | None:
    """Harm in "<charge/arrest/convict> X with/for/of <harm noun or harm verb -ing>"."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("with", "for", "of", "over"):
            for obj in prep.children:
                if obj.lemma_.lower() in agency.harm_nouns:
                    return obj.lemma_.lower()
                if obj.dep_ == "pcomp" and obj.pos_ == "VERB" and agency.verb_class(obj) == "harm":
                    return obj.lemma_.lower()  # "charged with misappropriating funds"
    return None


CHARGE_NOUNS = {"charge", "trial", "prosecution", "accusation", "allegation", "indictment", "lawsuit"}


def _faces_charges(verb, agency: Agency) -> str | None:
    """Harm in "X faces charges / trial for <harm>": X is accused."""
    if verb.lemma_.lower() not in ("face", "stand"):
        return None
    for obj in verb.children:
        if obj.dep_ in OBJECT_DEPS | {"pobj"} and obj.lemma_.lower() in CHARGE_NOUNS:
            return _accused_of(obj, agency) or _accused_of(verb, agency)
    for prep in verb.children:  # "stand trial for", "stood on trial"
        if prep.dep_ == "prep":
            for obj in prep.children:
                if obj.lemma_.lower() in CHARGE_NOUNS:
                    return _accused_of(obj, agency) or _accused_of(verb, agency)
    return None


def _harm_object(adjective, agency: Agency) -> str | None:
    for prep in adjective.children:
        if prep.dep_ == "prep" and prep.lower_ == "for":
            for obj in prep.children:
                if obj.lemma_.lower() in agency.harm_nouns:
                    return obj.text.lower()
    return None


def _span_text(token, doc) -> tuple[str, int, int]:
    """The mention's noun phrase without relative clauses or trailing prepositional phrases."""
    left = token.left_edge.i
    right = token.i
    span = doc[left: right + 1]
    return span.text, span.start_char, span.end_char


def _depth(token) -> int:
    """Steps from ``token`` up to its sentence root (spaCy makes a new Token object on every ``.head``)."""
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def remember(found: list["Mention"], doc, known: dict) -> None:
    """Record names and heads of resolved mentions, for later bare references in the article:
    "Mira Lenz, a union organiser" → later "Lenz"; "the Farmers' Alliance" → later "the alliance"."""
    tally = known.setdefault("_harm_roles", {})
    paragraph = _paragraph_key(doc, known)
    for m in found:
        _record_harm(m, doc, tally, paragraph)
        if m.via not in ("alias", "institution", "name", "modifier"):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            if tok.pos_ == "PROPN" and tok.text[:1].isupper() and len(tok.text) > 2:
                known.setdefault(f"name:{tok.text}", m.side)
        if len(span) > 1 and span.root.pos_ in ("NOUN", "PROPN"):
            known.setdefault(f"head:{span.root.lemma_.lower()}", m.side)
        for appos in (c for c in span.root.children if c.dep_ == "appos" and c.pos_ == "PROPN"):
            # "the union leader, Dario Mentessi," → later "Mentessi"; only the name itself, not
            # "of the Berlin office" or a clause after it
            name = [appos] + [c for c in appos.children if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"]
            for tok in name:
                if tok.text[:1].isupper() and len(tok.text) > 2:
                    known.setdefault(f"name:{tok.text}", m.side)


def _known_side(token, known: dict) -> str | None:
    if token.pos_ == "PROPN":
        return known.get(f"name:{token.text}")
    if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children) and not any(
            c.dep_ in ("compound", "amod", "poss") for c in token.children):
        return known.get(f"head:{token.lemma_.lower()}")
    return None


def _led_body(token, known: dict) -> str | None:
    """Side of a body the article has already put on a side, named in a relative clause that says the
    person leads it ("Hedda Lind, who chairs the Clean Air Committee, …")."""
    for clause in token.children:
        if clause.dep_ == "relcl" and clause.lemma_.lower() in LEADING_VERBS:
            for obj in clause.children:  # what the person leads: the verb's own object, not "the campaign against …"
                if obj.dep_ == "dobj" and obj.pos_ in ("NOUN", "PROPN"):
                    names = [t for t in [obj, *obj.children] if t.pos_ == "PROPN" and (
                        t is obj or t.dep_ in ("compound", "flat"))]
                    found = {known.get(f"name:{t.text}") for t in names} - {None}
                    if len(found) == 1:
                        return found.pop()
    return None


def mentions(doc, sides: Sides, author_side: str | None = None, speaker_spans=(), known=None) -> list[Mention]:
    """Mentions of every side and group in one parsed paragraph.

    ``speaker_spans`` holds ``(start, end, side)`` for quoted text whose speaker is known, so a
    "we" inside a quote resolves to the quoted speaker's side, not the author's. ``known`` maps
    names and heads seen earlier in the article to sides (see :func:`remember`).
    """
    agency = load_agency()
    sent_index = {}
    for number, sent in enumerate(doc_sents(doc), start=1):
        for i in range(sent.start, sent.end):
            sent_index[i] = number
    found: list[Mention] = []
    taken: set[int] = set()
    quotes = QuoteIndex(doc)
    forceful = _forceful_verbs(doc, sides, agency)
    acts = act_subjects(doc, sides)
    for token in doc_tokens(doc):
        if token.pos_ not in ("NOUN", "PROPN", "PRON") and token.lower_ not in FIRST_PERSON:
            continue
        via = ""
        if _both_sides(token) and len(sides.sides) > 1:
            side, via = BOTH, "both-sides"  # "both sides have dug in", "injuries on both sides"
        elif first_person(token):
            quoted = next((s for s in speaker_spans if s[0] <= token.idx < s[1]), None)
            side = quoted[2] if quoted else author_side
            via = "quoted-speaker" if quoted else "author"
            if not side or quoted is None and quotes.inside(token.idx):
                continue
            if token.dep_ == "poss" and _side_of_token(token.head, sides)[0]:
                continue  # "our international partners" names the partners, not us
        elif token.lower_ == "its" and token.dep_ == "poss" and not quotes.inside(token.idx):
            side = owner(token, found, sent_index)  # "State television … Its evening bulletin"
            via = "pronoun"
            if not side or _side_of_token(token.head, sides)[0]:
                continue
        elif token.lower_ in THIRD_PERSON_PLURAL:
            if quotes.inside(token.idx):  # inside a quote, only a noun in the same quoted sentence
                here = sent_index.get(token.i, 1)
                side = antecedent(token, [m for m in found if m.sentence == here and quotes.inside(m.start)],
                                   sent_index)
            else:
                side = antecedent(token, found, sent_index)
            via = "pronoun"
            if not side:
                continue
        else:
            side, via = _side_of_token(token, sides)
            if side and _abstract_sense(token):
                continue  # "exceeded their authority" names a power, not the authorities
            if not side and sides.gpe_subject and token.ent_type_ == "GPE" and token.dep_ in SUBJECT_DEPS:
                side, via = sides.gpe_subject, "country-as-state"  # "Freedonia has much to learn"
            if not side and known and token.dep_ != "compound":
                side, via = _known_side(token, known), "coreference"
            if not side and known and token.pos_ == "PROPN":
                side, via = _led_body(token, known), "institution"  # "Ana Roth, who chairs the Clean Air Committee"
            if not side and token.dep_ != "compound":
                side, via = _learned_side(token, acts, known or {}, sides, agency)
            if not side and token.dep_ != "compound" and _is_culprit(token, agency):
                side, via = culprit_side(known or {}, sides, found, doc), "culprit"  # "the perpetrators"
            if not side:
                side, via = _event_side(token, sides), "event"  # "the blockade", "this strike"
            if not side and token.pos_ == "NOUN" and token.dep_ != "compound" and \
                    sides.may_be_instrument(token.lemma_.lower()):
                side, via = sides.instrument_of(_instrument_words(doc, token.i)), "instrument"
            if not side:
                continue
            # A compound/possessive modifier of another mention of the same side is part of it;
            # a compound modifier of an ordinary noun ("state money") is not an actor at all.
            if token.dep_ in ("compound", "poss") and _side_of_token(token.head, sides)[0] == side:
                continue
            if token.dep_ == "compound" and token.head.pos_ == "NOUN" and \
                    token.head.lemma_.lower() not in agency.harm_nouns | INSTITUTIONAL_HEADS:
                continue
            if token.dep_ == "compound" and token.head.lemma_.lower() in PLACE_HEADS or \
                    via in ("name", "institution") and token.lemma_.lower() in PLACE_HEADS:
                continue  # "Parliament Square", "Police Plaza": a place, not the actor
            if via == "alias" and known and token.lemma_.lower() in ROLE_HEADS:
                # "Guild officials" after "the Guild" marched: the body the article showed decides
                bodies = (_known_side(c, known) for c in token.children if c.dep_ in ("compound", "poss") and c.i < token.i)
                body = next((b for b in bodies if b), None)
                if body and body != side:
                    side, via = body, "institution"
        owned = token.dep_ == "poss" and (first_person(token) or token.lower_ == "its")
        if token.i in taken or owned and token.head.i in taken:
            continue
        taken.add(token.i)
        if owned:  # "our lawyers established", "its bulletin reported": the owned noun has the role
            taken.add(token.head.i)
        role_token, nominal = _role_token(token.head if owned else token)
        relations = _relations(role_token, agency, nominal, token)
        if forceful:  # "dispersed with tear gas", "scattered by water cannon": coercion by weapons is harm
            relations = [r._replace(verb_class="harm") if r.start in forceful and r.verb_class in ("coercion", "")
                         and r.role != "other" else r for r in relations]
        if via == "instrument":
            relations = _wielded(relations, doc, agency, role_token)
            if not relations:
                continue  # a weapon only counts when it harms with nobody else named as the agent
        primary = _primary(relations)
        if owned:
            text, start, end = _span_text(token.head, doc)
        elif via == "event":
            text, start, end = _event_span(token, doc)
        else:
            text, start, end = _span_text(token, doc)
        labels = tuple(sorted({**dict(_labels(token, role_token, agency)),
                               **dict(_manner(relations, doc, agency))}.items()))
        for one in (sides.sides if side is BOTH else (side,)):
            found.append(Mention(
                sentence=sent_index.get(token.i, 1), side=one, text=text, start=start, end=end,
                role=primary.role if primary else "other", verb=primary.verb if primary else "",
                verb_class=primary.verb_class if primary else "", labels=labels,
                relations=tuple(relations), depth=_depth(token), via=via,
            ))
    return found


BOTH = object()  # a mention of every side at once
BOTH_WORDS = {"both", "either", "each", "neither", "two"}


def _both_sides(token) -> bool:
    """ "both sides", "the two sides", "either side", "neither side" (of a dispute, not a street)."""
    if token.lemma_.lower() != "side" or token.pos_ != "NOUN":
        return False
    of = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    if any(g.lemma_.lower() not in DISPUTE_WORDS for g in of):
        return False  # "either side of the road"
    if not of and token.dep_ == "pobj" and token.head.lower_ in ("on", "at") and any(
            c.lower_ in ("either", "each") for c in token.children):
        return False  # "riot police stood on either side"
    return any(c.lower_ in BOTH_WORDS and c.dep_ in ("det", "predet", "nummod", "preconj", "amod")
               for c in token.children)


DISPUTE_WORDS = {"dispute", "conflict", "argument", "debate", "standoff", "stand-off", "divide", "barricade",
                 "negotiation", "strike", "protest", "talk", "table", "issue", "row", "confrontation"}


def _learned_side(token, acts: dict, known: dict, sides: Sides, agency: Agency) -> tuple[str | None, str]:
    """Sides read from what people do (:mod:`analysis.roster`): the subject of a side's act
    ("thousands of people marched"), a person noun learned from such an act elsewhere in the
    article ("a nurse", after "striking nurses"), or plain people harmed by a side that the
    other side is the victim of ("officers beat people lying on the ground")."""
    lemma = token.lemma_.lower()
    plain = lemma in PLAIN_PEOPLE or token.lower_ in PLAIN_PEOPLE
    if token.i in acts and (plain or token.pos_ == "PROPN" or person_noun(token)):
        return acts[token.i], "act"
    if lemma in INSTITUTIONAL_HEADS or token.pos_ == "PROPN":  # "the Cab Drivers' Association", after "drivers"
        for child in token.children:
            if child.dep_ in ("compound", "poss") and child.pos_ in ("NOUN", "PROPN"):
                word = child.lemma_.lower()
                learned = known.get(f"learned:{word}") or (word.endswith("s") and known.get(f"learned:{word[:-1]}"))
                if learned:
                    return learned, "learned"
    if token.pos_ != "NOUN":
        return None, ""
    learned = known.get(f"learned:{lemma}")
    if learned:
        return learned, "learned"
    if plain or person_noun(token):
        role_token, nominal = _role_token(token)
        offsets = doc_offsets(token.doc)
        for r in _relations(role_token, agency, nominal, token):
            verb = offsets.get(r.start)
            if verb is None:
                continue
            victim = victim_of(verb, sides, VICTIM_CLASSES) if r.role == "patient" and plain else None
            if plain and r.role == "patient" and not victim and agency.verb_class(verb) == "harm":
                weapon = _weapon_side(verb, sides, agency)  # "several people were struck with batons"
                victim = sides.victim_side(weapon) if weapon else None
            if victim:
                return victim, "victim"
            wielder = _weapon_side(verb, sides, agency) if r.role == "agent" else None
            if wielder:
                return wielder, "act"  # "masked young men hurled stones", "youths threw petrol bombs"
    return None, ""


def _weapon_side(verb, sides: Sides, agency: Agency) -> str | None:
    """Side whose weapon a verb's object or "with" phrase is: "hurled *stones*", "attacked the
    cordon *with iron bars*"."""
    harmful = agency.verb_class(verb) == "harm"
    for child in verb.children:  # "hurled stones", "struck with batons"; not "removed rubber bullets"
        targets = [child] if child.dep_ in OBJECT_DEPS and verb.lemma_.lower() in agency.use_verbs else [
            g for g in child.children if g.dep_ == "pobj"] if child.dep_ == "prep" and child.lower_ in (
            "with", "using") and harmful else []
        for target in targets:
            for tok in (target, *target.conjuncts):
                if tok.pos_ == "NOUN" and sides.may_be_instrument(tok.lemma_.lower()):
                    side = sides.instrument_of(_instrument_words(verb.doc, tok.i))
                    if side:
                        return side
    return None


VICTIM_CLASSES = ("harm", "coercion")  # plain people the other side harms or arrests are on this side
ABSTRACT_SENSES = {"authority"}


def _abstract_sense(token) -> bool:
    """A singular "authority" with a possessive or no determiner is a power, not an institution:
    "exceeded their authority", "abuse of authority" (but "the port authority" is an actor)."""
    if token.lemma_.lower() not in ABSTRACT_SENSES or token.tag_ != "NN":
        return False
    kids = {c.dep_ for c in token.children}
    possessive = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
    negative = any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)
    return possessive or negative or not kids & {"det", "compound", "amod", "poss"}


DEFINITE = {"the", "this", "that", "these", "those"}
# Modifiers that make a strike, blockade or occupation an act of war, not of protest.
MILITARY_MODIFIERS = {"air", "airborne", "aerial", "drone", "missile", "rocket", "artillery", "naval", "sea",
                      "military", "army", "nuclear", "bombing", "retaliatory", "preemptive", "pre-emptive", "enemy",
                      "allied", "economic", "settler", "led"}
# Verbs that name who held an event in a clause on it: "the strike called by the union".
HOLDING_CLAUSE_VERBS = {"call", "lead", "organise", "organize", "stage", "hold", "launch", "start", "begin"}


def _event_pieces(token) -> list:
    """The tokens of an event noun: "sit", "in" for "sit-in" (spaCy splits it at the hyphen)."""
    tokens = doc_tokens(token.doc)
    if token.i >= 2 and tokens[token.i - 1].text == "-":
        return [tokens[token.i - 2], token]
    return [token]


def _event_side(token, sides: Sides) -> str | None:
    """Side of a definite event noun with no holder named: "the blockade", "this strike", "the
    two-week sit-in" stand for the side that holds it, as "the strike" stands for the strikers.
    Not a mention: an indefinite or generic one ("a demonstration", "the right to strike"), a held
    one ("the fishermen's protest", "the strike by nurses", "the sit-in of the students", "the march
    called by the League": the holder is the mention), another side's or a war's ("the police
    blockade", "the air strike", "the naval blockade", "the Soviet occupation")."""
    if token.pos_ != "NOUN" or token.dep_ == "compound":
        return None
    side = sides.event_index.get(lemma_of(token))
    if side is None:
        return None
    pieces = _event_pieces(token)
    first = min(p.left_edge.i for p in pieces)
    if doc_tokens(token.doc)[first].lower_ not in DEFINITE or first > pieces[0].i:
        return None
    inside = {p.i for p in pieces} | ({pieces[0].i + 1} if len(pieces) > 1 else set())  # and the hyphen
    for piece in pieces:
        for child in piece.children:
            if child.i in inside:
                continue
            if child.dep_ == "poss" or child.dep_ == "prep" and child.lower_ == "by":
                return None
            modifier = _match(sides, token.doc, child.i)
            if child.dep_ in ("compound", "amod", "nmod") and (
                    child.lower_ in MILITARY_MODIFIERS or modifier not in (None, side)
                    or child.ent_type_ in ("NORP", "GPE", "ORG", "LOC") and modifier is None):
                return None  # "the police blockade", "the NATO blockade", "the US-led occupation"
            if child.dep_ == "prep" and child.lower_ in ("of", "on") and any(
                    g.ent_type_ in ("GPE", "LOC") or child.lower_ == "on" and lemma_of(token) == "strike"
                    for g in child.children if g.dep_ == "pobj"):
                return None  # "the occupation of Crimea", "the strike on the convoy"
            if any(_match(sides, token.doc, g.i) == side for g in _holders(child)):
                return None  # "the sit-in of the students", "the strike called by the union"
    if event_owner(token, sides)[1] is not None:
        return None  # "the blockade was organised by the Association"
    return side


def _holders(child) -> list:
    """Who an event's modifier names as holding it: the object of "of" ("the sit-in of the
    students"), the agent of a clause like "called by the union", the subject of "that the union
    called"; not the people it is for or about ("the vigil for the dead protesters")."""
    if child.dep_ == "prep" and child.lower_ == "of":
        return [g for g in child.children if g.dep_ == "pobj"]
    if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in HOLDING_CLAUSE_VERBS:
        agents = [g for a in child.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        return agents + [g for g in child.children if g.dep_ in ("nsubj", "nsubjpass") and g.pos_ != "PRON"]
    return []


def _event_span(token, doc) -> tuple[str, int, int]:
    """The event's noun phrase, from its determiner to its last piece: "the two-week sit-in"."""
    tokens = doc_tokens(doc)
    first = min(p.left_edge.i for p in _event_pieces(token))
    while tokens[first].is_punct and first < token.i:
        first += 1  # a scare quote before the noun
    span = doc[first: token.i + 1]
    return span.text, span.start_char, span.end_char


def _is_culprit(token, agency: Agency) -> bool:
    """A wrongdoer named without saying who: "the perpetrators", "those responsible for the
    violence", "individuals convicted of offences"."""
    lemma = token.lemma_.lower()
    if token.dep_ in SUBJECT_DEPS and token.head.lemma_ == "be":
        return False  # "the real culprit is inflation" names a cause, not people
    if token.pos_ == "NOUN" and lemma in agency.culprit_nouns:
        return True
    if lemma not in agency.culprit_heads and token.lower_ not in agency.culprit_heads:
        return False
    tokens = doc_tokens(token.doc)
    after = tokens[token.i + 1] if token.i + 1 < len(tokens) else None
    if after is not None and after.lemma_.lower() == "responsible" and _harm_object(after, agency):
        return True  # "those responsible for", "the people responsible for" (amod or oprd)
    return any(c.dep_ == "acl" and agency.verb_class(c) == "coercion" and _accused_of(c, agency)
               for c in token.children)


def harm_roles(m: "Mention", doc) -> set[str]:
    """``agent`` / ``patient`` when the mention does or suffers a harm that happened (not denied,
    not a condition)."""
    roles = set()
    if m.via in ("culprit", "event"):
        return roles  # an event is not a person doing or suffering harm ("the strike killed ten")
    by_start = None
    for r in m.relations:
        if r.role in ("agent", "patient") and r.verb_class == "harm":
            by_start = doc_offsets(doc)
            verb = by_start.get(r.start)
            if verb is None or not mood(verb):
                roles.add(r.role)
    return roles


def _paragraph_key(doc, known: dict):
    """Which paragraph ``doc`` is: the number the caller put in ``known["_paragraph"]`` (as
    :func:`analysis.score.score_parsed` does), else the paragraph's text."""
    return known["_paragraph"] if "_paragraph" in known else doc_text(doc)


def _record_harm(m: "Mention", doc, tally: dict, paragraph) -> None:
    for role in harm_roles(m, doc):
        tally.setdefault(m.side, {}).setdefault(role, set()).add((paragraph, m.start))


def culprit_side(known: dict, sides: Sides, found=(), doc=None) -> str | None:
    """The side framed most as a doer rather than a sufferer of harm so far in the article (earlier
    paragraphs, and this paragraph's mentions before the culprit): mentions as agent of harm minus
    mentions as patient of harm. None unless one side leads with a positive count."""
    here = _paragraph_key(doc, known) if doc is not None else None
    tally = {side: {role: {k for k in keys if k[0] != here} for role, keys in roles.items()}
             for side, roles in known.get("_harm_roles", {}).items()}
    for m in found:
        if doc is not None:
            _record_harm(m, doc, tally, here)
    counts = sorted(((len(roles.get("agent", ())) - len(roles.get("patient", ())), side)
                     for side, roles in tally.items() if side in sides.sides), reverse=True)
    if not counts or counts[0][0] <= 0 or (len(counts) > 1 and counts[0][0] == counts[1][0]):
        return None
    return counts[0][1]


def _wielded(relations: list[Relation], doc, agency: Agency, role_token) -> list[Relation]:
    """Relations of a weapon mention that make its side an inferred agent of harm: the weapon is
    the "by" agent of a harm ("hurt by stones") or is put to use with no named agent ("rubber
    bullets were fired at the crowd"). A weapon as the subject of an active verb is not counted
    ("falling stones killed two hikers" has no wielder)."""
    out = []
    by_start = doc_offsets(doc)
    for r in relations:
        if r.role == "agent" and r.verb_class == "harm" and role_token.dep_ not in SUBJECT_DEPS:
            out.append(r)
        elif r.role == "patient" and r.verb in agency.use_verbs:
            verb = by_start.get(r.start)
            if verb is not None and is_passive(verb) and not any(c.dep_ == "agent" for c in verb.children):
                out.append(r._replace(role="agent", verb_class="harm"))
        elif r.role == "other" and role_token.dep_ == "pobj" and role_token.head.lower_ == "with":
            verb = by_start.get(r.start)  # "several people were struck with batons"
            if verb is not None and is_passive(verb) and not any(c.dep_ == "agent" for c in verb.children) and \
                    agency.verb_class(verb) == "harm":
                out.append(r._replace(role="agent", verb_class="harm"))
    return out


def _forceful_verbs(doc, sides: Sides, agency: Agency) -> set[int]:
    """Start offsets of coercion verbs carried out with a weapon of the acting side (or of an
    unnamed one): "dispersed the crowd with tear gas", "were scattered by water cannon"."""
    out = set()
    for token in doc_tokens(doc):
        side = sides.instrument_of(_instrument_words(doc, token.i)) if token.pos_ == "NOUN" and \
            sides.may_be_instrument(token.lemma_.lower()) else None
        if not side:
            continue
        current, _ = _role_token(token)
        verb = None
        if current.dep_ in OBJECT_DEPS and current.head.pos_ == "VERB" and current.head.lemma_.lower() in agency.use_verbs:
            out.add(current.head.idx)  # "hurled stones", "fired rubber bullets": using a weapon is harm
            continue
        if current.dep_ == "pobj" and current.head.lower_ in ("with", "by", "using"):
            verb = current.head.head
        elif current.dep_ in SUBJECT_DEPS:
            verb = current.head
        if verb is not None and verb.pos_ == "VERB" and agency.verb_class(verb) == "coercion" and \
                _acting_side(verb, sides) in (None, side):
            out.add(verb.idx)  # not "police arrested youths with petrol bombs": the weapon is not theirs
    return out


def _acting_side(verb, sides: Sides) -> str | None:
    """Side of a verb's named agent (active subject or "by" agent), if any."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return _side_of_token(child, sides)[0] or "other"
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return sides.instrument_of(_instrument_words(verb.doc, obj.i)) or \
                        _side_of_token(obj, sides)[0] or "other"
    return None


def _manner(relations: list[Relation], doc, agency: Agency) -> list[tuple[str, float]]:
    """How an agent acted, from the verb's adverbs and "without …" / "with …" phrases."""
    found = {}
    by_start = doc_offsets(doc) if relations else {}
    for r in relations:
        verb = by_start.get(r.start)
        if r.role != "agent" or verb is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        words = []
        for child in verb.children:
            if child.dep_ == "advmod":
                words.append(child.lower_)
            elif child.dep_ == "prep" and child.lower_ in ("without", "with"):
                words += [f"{child.lower_} {g.lower_}" for g in child.children if g.dep_ in ("pobj", "pcomp")]
        words = [w for w in words if w in agency.manner]
        how = mood(verb) if words else "irrealis"  # mood() walks the tree: only when a manner word is there
        if how == "irrealis":
            continue
        for word in words:
            value = agency.manner[word]
            negated = how == "negated"
            found.setdefault(("not " if negated else "") + word, -0.5 * value if negated else value)
    return sorted(found.items())


def _primary(relations: list[Relation]) -> Relation | None:
    if not relations:
        return None
    order = {"harm": 0, "prosocial": 1, "misconduct": 2, "coercion": 3, "": 4}
    return min(relations, key=lambda r: (order.get(r.verb_class, 5), r.role == "other"))


class QuoteIndex:
    """Where the quotation marks of one paragraph are, read once (``doc.text`` is rebuilt on every access)."""

    def __init__(self, doc):
        self._doc, self._marks = doc, None

    def inside(self, offset: int) -> bool:
        """True when ``offset`` sits between an opening and a closing quotation mark."""
        if self._marks is None:
            text = doc_text(self._doc)
            self._marks = {m: [i for i, ch in enumerate(text) if ch == m] for m in '"“”'}
        straight = bisect.bisect_left(self._marks['"'], offset) % 2 == 1
        curly = bisect.bisect_left(self._marks["“"], offset) > bisect.bisect_left(self._marks["”"], offset)
        return straight or curly
