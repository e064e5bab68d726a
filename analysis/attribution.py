"""Attributions in one paragraph: who reports what, with which cue (see docs/annotation-guidelines.md).

Each public function takes a parsed spaCy ``Doc`` (one paragraph) and an optional
:class:`~analysis.cues.CueLexicon` and yields :class:`Attribution` tuples; :func:`extract` runs all of
them and keeps one attribution per cue (direct > according_to > verb readings > nominal). Everything
comes from linear passes over the tokens, the dependency parse and the lexicon; nothing is re-parsed.

Spans follow data/gold/README.md: the cue keeps its auxiliaries, negation, adjacent adverbs and an
aspectual or hedging verb ("have claimed", "continue to deny", "appears to show"); the source is the
noun phrase without relative clauses or a descriptive apposition ("Ana Ruiz", not "Ana Ruiz, a nurse
who ..."); the content is one character span, so a quote split by its reporting clause, or continued in
the next sentence, runs from the first opening to the last closing mark.

Cue-class decisions (judgement calls):

* an adverb listed in the lexicon's ``adverbs`` moves the cue to that class ("falsely reported",
  "claimed, without evidence," -> discrediting; "correctly reported" -> factive);
* a falsity word in the same sentence predicated of what was reported ("..., which was untrue",
  "a study that did not exist"), or of a cue noun ("the claim is false", "baseless allegations"), makes
  that cue discrediting; a falsity word inside the content with its own subject ("said the figures were
  false", "showed that the witness did not exist") does not; nor does a later sentence;
* a figure compared with reality ("put the toll much higher than it was") is discrediting;
* negation stays in the cue text ("did not show") and keeps the class: a negated factive is the author
  vouching for a negative finding, not calling a report false. Only a negated denial ("did not deny")
  becomes neutral, because not denying is not a denial;
* a factive cue under "appear"/"seem" is neutral: the author hedges.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from spacy.tokens import Doc, Token

from .cues import CueLexicon, load_cues
from .errors import InputError
from .nlp import doc_sents, doc_text, doc_tokens


class Attribution(NamedTuple):
    """One attribution; offsets are character offsets into ``doc.text``."""

    kind: str  # direct | indirect | according_to | agentless | author | nominal
    source: str | None
    cue: str
    cue_lemma: str
    cue_class: str
    content: str
    source_start: int | None
    source_end: int | None
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    sentence: int
    start: int
    end: int


FIRST_PERSON = {"we", "us", "our", "ours", "ourselves", "i", "me", "my", "mine", "myself"}
RELATIVE = {"who", "whom", "whose", "that", "which"}
ANAPHORS = {"which", "that", "this", "it", "these", "those", "what"}
DEMONSTRATIVES = {"this", "these", "that", "those", "such"}
QUOTE_WINDOW = 25  # tokens searched for a quote's reporting clause (the speaker may carry an apposition)
ASPECTUAL = {"continue", "begin", "start", "keep", "go", "proceed", "seem", "appear", "use"}
HEDGES = {"seem", "appear"}  # "appears to show": the author hedges, so a factive cue becomes neutral
FOCUS_ADVERBS = {"also", "only", "even", "just", "too", "however", "therefore", "thus", "then", "so"}
ADJACENT_PREPS = {"in", "of", "about", "against", "over", "among", "within", "between"}
MEDIUM_NOUNS = {"interview", "conference", "speech", "briefing", "statement", "message", "post", "letter",
                "report", "broadcast", "tweet", "email", "hearing", "testimony", "court", "parliament"}
REALITY = {"actual", "actually", "real", "really", "true", "truly"}
CONDITIONAL = {"if", "unless", "whether"}
OBJECT_PREPS = {"at", "as", "of"}
BLAME_PREPS = {"for", "on", "with"}
TRIM = set(".,;:!?\"“”«»'‘’—–-…")
PRIORITY = {"direct": 0, "according_to": 1, "author": 2, "indirect": 2, "agentless": 2, "nominal": 3}
Span = tuple[int, int]  # token range [i, j)


# ---------------------------------------------------------------- quotation marks

def pair_quotes(text: str) -> list[tuple[int, int]]:
    """(open, close) character offsets of paired quotation marks; an unpaired mark is skipped."""
    pairs, pending = [], None
    for match in re.finditer(r"[\"“”«»]", text):
        i, ch = match.start(), match.group()
        if ch in "“«":
            opens = True
        elif ch in "”»":
            opens = False
        else:
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if before.isspace() or before in "([{—–/":
                opens = True
            elif after.isspace() or after in ".,;:!?)]}—–":
                opens = False
            else:
                opens = pending is None
        if opens:
            pending = i  # an earlier unclosed opener is dropped
        elif pending is not None:
            if any(c.isalnum() for c in text[pending + 1:i]):
                pairs.append((pending, i))
            pending = None
    return pairs


# ---------------------------------------------------------------- small token helpers

def _is_that(tok: Token) -> bool:
    return tok.lower_ == "that" and (tok.dep_ == "mark" or tok.pos_ == "SCONJ")


def _trim(doc: Doc, i: int, j: int, drop_that: bool = True) -> Span:
    """Token range without edge punctuation/space (and a leading complementizer "that")."""
    tokens = doc_tokens(doc)
    while i < j and (tokens[i].is_space or set(tokens[i].text) <= TRIM or (drop_that and _is_that(tokens[i]))):
        i += 1
    while j > i and (tokens[j - 1].is_space or set(tokens[j - 1].text) <= TRIM):
        j -= 1
    return i, j


def _chars(doc: Doc, span: Span) -> tuple[int, int]:
    tokens = doc_tokens(doc)
    return tokens[span[0]].idx, tokens[span[1] - 1].idx + len(tokens[span[1] - 1])


def _subtree(tok: Token) -> Span:
    return tok.left_edge.i, tok.right_edge.i + 1


def _outside(outer: Span, hole: Span) -> list[Span]:
    """Parts of ``outer`` left and right of ``hole``."""
    parts = ((outer[0], min(outer[1], hole[0])), (max(outer[0], hole[1]), outer[1]))
    return [p for p in parts if p[0] < p[1]]


NON_RESTRICTIVE = {",", "—", "–", "-", "(", ";"}  # marks before a relative clause that only describes


def _noun_phrase(tok: Token, cue: Token | None = None) -> Span:
    """Subtree of ``tok`` without relative clauses, a descriptive apposition or the cue after it;
    restrictive modifiers stay ("Pay slips collected by the union", "reports from the capital")."""
    i, j = _subtree(tok)
    for t in tok.subtree:
        descriptive = t.dep_ == "appos" and t.head == tok and t.pos_ != "PROPN"  # "Ana Ruiz, a nurse"
        # a relative clause after a comma describes ("the office, which says …"); one without a comma
        # restricts and stays ("a taxi driver who was stuck in the tailback"), unless it holds the cue
        relative = t.dep_ == "relcl" and (
            t.left_edge.i > 0 and tok.doc[t.left_edge.i - 1].text in NON_RESTRICTIVE
            or cue is not None and t.left_edge.i <= cue.i <= t.right_edge.i)
        if t.i > tok.i and (relative or descriptive or t == cue):
            j = min(j, t.left_edge.i)
    if cue is not None and i <= cue.i < tok.i:
        i = cue.i + 1
    i, j = _trim(tok.doc, i, j, drop_that=False)
    if j - i > 1 and doc_tokens(tok.doc)[j - 1].dep_ == "case":  # "the ministry's" -> "the ministry"
        j -= 1
    return i, j


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _is_first_person(tok: Token) -> bool:
    """"we", "I", or a noun with "our"/"my": the author speaking."""
    return tok.lower_ in FIRST_PERSON or any(c.dep_ == "poss" and c.lower_ in FIRST_PERSON
                                             for c in tok.children)


def _matches(tok: Token, word: str) -> bool:
    return tok.lower_ == word or tok.lemma_.lower() == word


# ---------------------------------------------------------------- the scan

@dataclass(slots=True)
class _Draft:
    """An attribution before the falsity rules and the final offsets; spans are token ranges."""

    kind: str
    head: Token  # the cue's head token: one attribution per head
    source: Span | None
    cue: Span
    lemma: str
    cls: str
    content: list[Span]
    negated: bool = False


class _Cue(NamedTuple):
    head: Token
    tokens: tuple[Token, ...]  # head + phrase words
    lemma: str
    cls: str


class _Scan:
    """Everything the extractors need, computed once per Doc."""

    def __init__(self, doc: Doc, cues: CueLexicon | None):
        self.doc, self.cues = doc, cues or load_cues()
        self.sent_of = [0] * len(doc)
        self.sents = doc_sents(doc)
        for n, sent in enumerate(self.sents, start=1):
            for k in range(sent.start, sent.end):
                self.sent_of[k] = n
        self.text = doc_text(doc)  # Doc.text is rebuilt on every access
        self.quotes = pair_quotes(self.text)
        self.tokens = doc_tokens(doc)
        self.lower = [tok.lower_ for tok in self.tokens]
        self.quote_of = [-1] * len(doc)
        q = 0
        for tok in self.tokens:
            while q < len(self.quotes) and self.quotes[q][1] < tok.idx:
                q += 1
            if q < len(self.quotes) and self.quotes[q][0] < tok.idx < self.quotes[q][1]:
                self.quote_of[tok.i] = q
        self.prepositions = self.cues.prepositions_by_first
        self._cue_memo: dict[int, _Cue | None] = {}
        self._subject_memo: dict[int, tuple[Token | None, bool, Token | None]] = {}
        self.drafts: list[_Draft] = []
        self.in_direct: set[int] = set()  # tokens inside the content of direct quotes
        self.covered = bytearray(len(doc))  # tokens inside the content of any attribution so far
        self.used: set[int] = set()  # cue heads already attributed

    # ---- cue recognition

    def verb_cue(self, tok: Token) -> _Cue | None:
        if tok.i not in self._cue_memo:
            self._cue_memo[tok.i] = self._find_verb_cue(tok)
        return self._cue_memo[tok.i]

    def _find_verb_cue(self, tok: Token) -> _Cue | None:
        if tok.pos_ != "VERB":
            return None
        lemma = tok.lemma_.lower()
        for words in self.cues.phrases_by_head.get(lemma, ()):
            matched = self._match_phrase(tok, words)
            if matched:
                return _Cue(tok, matched, " ".join(words), self.cues.phrases[words])
        cls = self.cues.verbs.get(lemma)
        return _Cue(tok, (tok,), lemma, cls) if cls else None

    def _match_phrase(self, tok: Token, words: tuple[str, ...]) -> tuple[Token, ...] | None:
        matched, j, doc, tokens = [tok], tok.i + 1, self.doc, self.tokens
        for word in words[1:]:
            while j < min(len(doc), tok.i + len(words) + 3):
                t = tokens[j]
                j += 1
                if _matches(t, word) and (t.head in matched or t.head.head in matched or t.head.i > t.i):
                    matched.append(t)
                    break
                if t.is_punct:
                    return None
            else:
                return None
        return tuple(matched)

    # ---- sources

    def subject(self, verb: Token) -> tuple[Token | None, bool, Token | None]:
        """(grammatical subject, passive?, by-agent) of ``verb``, following conj/advcl/aspectual heads."""
        if verb.i not in self._subject_memo:
            self._subject_memo[verb.i] = self._find_subject(verb)
        return self._subject_memo[verb.i]

    def _find_subject(self, verb: Token) -> tuple[Token | None, bool, Token | None]:
        subj, agent = None, None
        passive = verb.dep_ == "acl" and verb.tag_ == "VBN"
        for c in verb.children:
            if c.dep_ in ("nsubj", "csubj") and (subj is None or self.quote_of[subj.i] >= 0):
                subj = c  # prefer a subject outside quotation marks
            elif c.dep_ == "nsubjpass":
                subj, passive = c, True
            elif c.dep_ == "auxpass":
                passive = True
            elif c.dep_ == "agent":
                agent = _child(c, "pobj")
        if subj is None and not passive and verb.tag_ == "VBG" and verb.dep_ == "advcl" and not _child(verb, "mark"):
            reporter = self._governing_cue(verb)  # ", saying ..." after "X denied that ..." belongs to X
            if reporter is not None:
                return self.subject(reporter)[0], False, None
        if subj is None and not passive and verb.head != verb and verb.head.pos_ in ("VERB", "AUX"):
            inherit = (verb.dep_ == "conj"
                       or (verb.dep_ == "advcl" and verb.tag_ == "VBG" and not _child(verb, "mark"))
                       or (verb.dep_ == "xcomp"
                           and (verb.head.lemma_ in ASPECTUAL or self.verb_cue(verb.head))))
            if inherit:
                head_subj, head_passive, _ = self.subject(verb.head)
                if not head_passive:
                    subj = head_subj
        return subj, passive, agent

    def _governing_cue(self, verb: Token) -> Token | None:
        """The nearest cue verb above ``verb`` whose content clause holds it (through ccomp/conj/advcl)."""
        tok = verb.head
        while tok.dep_ in ("ccomp", "conj", "advcl", "xcomp") and tok.head != tok:
            if tok.dep_ == "ccomp" and self.verb_cue(tok.head) and _child(tok.head, "nsubj") is not None:
                return tok.head
            tok = tok.head
        return None

    def antecedent(self, noun: Token, pronoun: Token) -> Token:
        """The noun a relative pronoun stands for; "who" climbs from "the clinic" to the person in
        "a nurse at the clinic, who ..." (not past a cue noun or source head: "the account of")."""
        if pronoun.lower_ not in ("who", "whom", "whose"):
            return noun
        while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("NOUN", "PROPN"):
            up = noun.head.head
            lemma = up.lemma_.lower()
            if lemma in self.cues.nouns or lemma in self.cues.source_heads:
                break
            if noun.head.lower_ == "of" and noun.ent_type_ == "PERSON":
                break
            noun = up
        return noun

    def source_token(self, verb: Token, subj: Token | None) -> Token | None:
        if subj is None:
            if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
                return verb.head  # "a statement saying that ..."
            return None
        if verb.dep_ == "relcl" and subj.lower_ in RELATIVE and subj.tag_ in ("WP", "WDT"):
            return self.antecedent(verb.head, subj)
        return subj

    # ---- content

    def content(self, cue: _Cue, subj: Token | None, passive: bool, agent: Token | None) -> list[Span] | None:
        verb, lexicon = cue.head, self.cues
        if len(cue.tokens) > 1 and cue.tokens[-1].dep_ == "prep":  # "call for calm"
            return self._prep_content(cue.tokens[-1])
        heads = [t for t in reversed(cue.tokens) if t.pos_ == "VERB"]
        for head in heads:
            comp = next((c for c in head.children if c.dep_ == "ccomp" and c not in cue.tokens), None)
            if comp is not None:
                if comp.pos_ not in ("VERB", "AUX") and cue.lemma in lexicon.source_object_content and not (
                        subj is not None and self._reporter(subj)):
                    return None  # verbless small clause: "found the hiker alive"
                first = comp.left_edge
                wh = first.tag_ in ("WP", "WRB", "WDT") and not (first.lower_ == "that" and first.dep_ == "mark")
                if first.lower_ in CONDITIONAL or wh:  # (a "that" mis-tagged WDT is still a complementiser)
                    return [self._clause(comp)] if cue.cls == "denial" else None  # indirect question
                return [self._clause(comp)]
        for prep in (c for c in verb.children if c.dep_ == "prep"):  # "said in a statement that ..."
            noun = _child(prep, "pobj")
            comp = next((c for c in noun.children if c.dep_ in ("acl", "relcl", "ccomp") and c.i > noun.i
                         and _complement_that(c)), None) if noun is not None else None
            if comp is not None:
                return [(comp.left_edge.i + 1, comp.right_edge.i + 1)]  # without "that"
        if (verb.dep_ == "parataxis" or self._as_clause(cue)) and verb.head.pos_ in ("VERB", "AUX"):
            return _outside(_subtree(verb.head), _subtree(verb))  # "as X noted, ..." / "..., he said, ..."
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c not in cue.tokens), None)
        xcomp = next((c for c in heads[0].children if c.dep_ == "xcomp" and c not in cue.tokens), None)
        if xcomp is not None and obj is None and not (cue.lemma in ASPECTUAL and self.verb_cue(xcomp)):
            if passive and subj is not None and subj.lower_ != "it":
                return [(subj.left_edge.i, xcomp.right_edge.i + 1)]  # "he is said to have resigned"
            if passive or cue.cls in ("distancing", "discrediting"):
                return [_subtree(xcomp)]  # "claimed to have seen ..."
        if obj is None and passive and subj is not None and subj.lower_ != "it":
            return self._passive_object(cue, subj, agent)
        if obj is None or cue.lemma in lexicon.addressee_verbs:
            return None  # "told reporters": the object is the hearer
        return self._object(cue, obj, subj)

    def _clause(self, comp: Token) -> Span:
        """A content clause without a trailing ", saying ..." that reports for the outer speaker."""
        i, j = _subtree(comp)
        for t in comp.subtree:
            if (t.dep_ == "advcl" and t.tag_ == "VBG" and t.i > comp.i and self.tokens[t.left_edge.i - 1].text == ","
                    and self.verb_cue(t) and _child(t, "nsubj") is None):
                j = min(j, t.left_edge.i)
        return i, j

    def _prep_content(self, prep: Token) -> list[Span] | None:
        """Object of a phrase's preposition, with repeats: "call for X, for Y and for Z"."""
        obj = _child(prep, "pobj", "pcomp")
        if obj is None:
            return None
        end = obj.right_edge.i + 1
        for c in prep.head.children:
            if c.i > prep.i and (c.dep_ == "prep" and c.lower_ == prep.lower_ or (
                    c.dep_ in ("advcl", "conj") and any(m.lower_ == prep.lower_ for m in c.children))):
                end = max(end, c.right_edge.i + 1)
        return [(obj.left_edge.i, end)]

    def _as_clause(self, cue: _Cue) -> bool:
        """"As the report noted, ..." / "..., as he put it": an as-clause set off by a comma, with no
        complement of its own (not "as prices continue to rise")."""
        verb, doc, tokens = cue.head, self.doc, self.tokens
        if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
            return False
        if any(c.dep_ in ("dobj", "xcomp", "ccomp") and c not in cue.tokens for c in verb.children):
            return False
        i, j = _subtree(verb)
        return (j < len(doc) and tokens[j].text == ",") or (i > 0 and tokens[i - 1].text == ",")

    def _tail(self, cue: _Cue, after: int) -> tuple[Span | None, bool]:
        """What follows the object: small clause, "at"/"as"/"of" phrase or comparative; and whether it
        makes a small clause ("found him guilty", "put the cost at $5m", "put it higher")."""
        start, end, small = len(self.doc), -1, False
        for c in cue.head.children:
            if c.i <= after:
                continue
            if c.dep_ in ("oprd", "acomp") or (c.dep_ == "xcomp" and c.pos_ in ("ADJ", "NOUN")):
                small = True
            elif c.tag_ in ("JJR", "RBR") or (c.dep_ == "prep" and c.lower_ == "at" and any(
                    t.like_num for t in c.subtree)):
                small = True  # a figure: "at $5m", "at several hundred" (not "at risk")
            elif not (c.dep_ == "prep" and (c.lower_ in OBJECT_PREPS or (
                    cue.cls == "distancing" and c.lower_ in BLAME_PREPS))):
                continue
            start, end = min(start, c.left_edge.i), max(end, c.right_edge.i + 1)
        return ((start, end) if end > 0 else None), small

    def _passive_object(self, cue: _Cue, subj: Token, agent: Token | None) -> list[Span] | None:
        if cue.cls == "discrediting" and agent is None:
            return None  # "the figures were exaggerated" is the author's own verdict, not a report
        tail, small = self._tail(cue, cue.head.i)
        if cue.lemma in self.cues.figure_verbs and not small:
            return None
        if agent is None and tail is None:
            return None  # "two officers were admitted": no agent, no reported predicate
        guarded = cue.lemma in self.cues.source_object_content
        if (small and not guarded) or cue.lemma in self.cues.object_content or (
                guarded and agent is not None and self._reporter(agent)):
            return [_noun_phrase(subj)] + ([tail] if tail else [])
        return None

    def off_the_mark(self, cue: _Cue) -> bool:
        """"put the toll much higher than it was": a figure compared with reality was wrong."""
        if cue.lemma not in self.cues.figure_verbs:
            return False
        for c in cue.head.children:
            if c.tag_ in ("JJR", "RBR"):
                words = [t for t in c.subtree if t.i > c.i]
                if any(t.lower_ == "than" for t in words) and any(
                        t.lemma_ == "be" or t.lower_ in REALITY for t in words):
                    return True
        return False

    def _reporter(self, tok: Token) -> bool:
        return tok.lemma_.lower() in self.cues.source_heads or _is_first_person(tok)

    def _object(self, cue: _Cue, obj: Token, subj: Token | None) -> list[Span] | None:
        lexicon = self.cues
        tail, small = self._tail(cue, obj.i)
        if cue.lemma in lexicon.figure_verbs and not small:
            return None  # "put" is a cue only with a figure: "put the cost at $5m", "put it higher"
        as_phrase = tail is not None and any(c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i
                                             for c in cue.head.children)
        if cue.lemma in lexicon.source_object_content:  # "the study identified ...", not "police found a car"
            allowed = ((subj is not None and self._reporter(subj)) or self._reporter(obj) or as_phrase
                       or obj.lemma_.lower() in lexicon.nouns)
        else:
            allowed = small or cue.lemma in lexicon.object_content
        if not allowed:
            return None
        if cue.cls == "denial":
            return [_subtree(obj)]  # "dismissed the concerns (as ...)": the object is what is denied
        end = max(obj.right_edge.i + 1, tail[1] if tail else 0)
        sent_end = self.sents[self.sent_of[obj.i] - 1].end
        if end < sent_end and self.tokens[end].text == ":":
            return [(obj.left_edge.i, sent_end)]  # "show the opposite: most workers received nothing"
        nxt = self.tokens[obj.right_edge.i + 1] if obj.right_edge.i + 1 < len(self.doc) else None
        if nxt is not None and nxt.head == cue.head and nxt.dep_ == "prep" and nxt.lower_ in ADJACENT_PREPS:
            pobj = _child(nxt, "pobj")  # "identified failures in the response", not "... in July"
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME") and pobj.lemma_.lower() not in MEDIUM_NOUNS:
                end = max(end, nxt.right_edge.i + 1)
        return [(obj.left_edge.i, end)]

    # ---- cue span and class

    def cue_span(self, cue: _Cue) -> tuple[Span, str | None, bool]:
        """Token span of the cue as written (auxiliaries, negation, adjacent adverbs and particles,
        an aspectual or hedging verb: "has since confirmed", "continue to deny", "appears to show"),
        the class that an adverb or a hedge gives it, and whether it is negated."""
        verb, doc, tokens = cue.head, self.doc, self.tokens
        group = [verb]
        if verb.dep_ == "xcomp" and verb.head.lemma_ in ASPECTUAL and 0 < verb.i - verb.head.i <= 3:
            group.insert(0, verb.head)
        cls = "neutral" if group[0].lemma_ in HEDGES and cue.cls == "factive" else None
        lexical, negated = [], False
        for head in group:
            for c in head.children:
                negated = negated or c.dep_ == "neg"
                words = (c.lower_,) if c.dep_ == "advmod" else None
                if c.dep_ == "prep" and c.lower_ == "without" and _child(c, "pobj") is not None:
                    words = ("without", _child(c, "pobj").lemma_.lower())
                if words and words in self.cues.adverbs:
                    cls = self.cues.adverbs[words]
                    lexical.extend([c] + ([_child(c, "pobj")] if len(words) > 1 else []))
        start = group[0].i
        for k in range(start - 1, max(-1, start - 6), -1):
            t = tokens[k]
            if t.head != group[0] or t.dep_ not in ("aux", "auxpass", "neg", "advmod") or t.tag_ == "TO":
                break
            if t.dep_ != "advmod" or t in lexical or t.lower_ not in FOCUS_ADVERBS:
                start = k
        end = max(t.i for t in cue.tokens) + 1
        while end < len(doc):  # "acknowledge privately", "reported falsely", "claimed, without evidence"
            t = tokens[end + 1] if tokens[end].text == "," and end + 1 < len(doc) else tokens[end]
            if not (t in lexical or (t.i == end and t.head == verb and t.dep_ == "advmod"
                                     and t.pos_ == "ADV" and t.lower_ not in FOCUS_ADVERBS)):
                break
            end = t.i + 1
        while end - 1 > start and tokens[end - 1].text == ",":
            end -= 1
        return (start, end), cls, negated

    # ---- building drafts

    def add(self, kind: str, head: Token, source: Span | None, cue: Span, lemma: str, cls: str,
            content: list[Span], negated: bool = False) -> None:
        self.drafts.append(_Draft(kind, head, source, cue, lemma, cls, content, negated))
        self.used.add(head.i)
        for i, j in content:
            self.covered[i:j] = b"\x01" * (j - i)


def _is_question(scan: _Scan, verb: Token) -> bool:
    sent = scan.sents[scan.sent_of[verb.i] - 1]
    return verb == sent.root and sent[-1].text == "?" and scan.quote_of[verb.i] < 0


# ---------------------------------------------------------------- passes

def _according(scan: _Scan, tok: Token) -> tuple[Span, str, str, Token] | None:
    """"according to X" or "in X's view": (cue span, lemma, class, source head)."""
    doc, lower = scan.doc, scan.lower
    for words, cls in scan.prepositions.get(lower[tok.i], ()):
        if tok.i + len(words) > len(doc):
            continue
        if all(lower[tok.i + n] == w for n, w in enumerate(words)):
            last = scan.tokens[tok.i + len(words) - 1]
            pobj = _child(last, "pobj")
            if pobj is not None:
                return (tok.i, last.i + 1), " ".join(words), cls, pobj
    if lower[tok.i] == "in":
        noun = _child(tok, "pobj")
        views = scan.cues.viewpoint_nouns
        cls = (views.get(noun.lemma_.lower()) or views.get(noun.lower_)) if noun is not None else None
        if cls and _child(noun, "poss", "det") is not None:
            src = _child(noun, "poss")
            of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            if src is None and of is not None:
                src = _child(of, "pobj")
            if src is not None:
                return (tok.i, noun.i + 1), f"in {noun.lemma_.lower()}", cls, src
    return None


def _window_cue(scan: _Scan, tok: Token):
    """A verb cue or an "according to" cue starting at ``tok`` (for quotes)."""
    return scan.verb_cue(tok) or _according(scan, tok)


def _quote_cue(scan: _Scan, q: int, idxs: list[int], after: bool):
    """(cue, speaker) for the reporting clause right after (``after``) or right before quote ``q``, if
    the text links them; ``speaker`` is a noun phrase between quote and cue that the parse left unattached."""
    doc, tokens, text = scan.doc, scan.tokens, scan.text
    open_, close = scan.quotes[q]
    if after:
        j = bisect_right(idxs, close)
        last, nxt = _char_before(text, close), _char_after(text, close + 1)
        if j >= len(doc) or not (last in ",?!—–-…" or nxt in ",—–-" or nxt.islower()):
            return None
        limit = scan.quotes[q + 1][0] if q + 1 < len(scan.quotes) else len(text)
        end = min(len(doc), j + QUOTE_WINDOW,
                  scan.sents[scan.sent_of[j] - 1].end + (1 if tokens[j].is_punct else 0))
        for k in range(j, end):
            if tokens[k].idx >= limit or scan.quote_of[k] >= 0:
                break
            found = _window_cue(scan, tokens[k])
            if found:
                linked, speaker = _speaker_between(scan, j, k, found)
                return (found, speaker) if linked else None
        return None
    k = bisect_left(idxs, open_) - 1
    if k < 0:
        return None
    if _char_before(text, open_) not in ":,—–":
        cue = scan.verb_cue(tokens[k])  # 'said "we will stay"' needs a quoted clause, not a quoted object
        inside = range(k + 2, bisect_left(idxs, close))
        if cue is None or not any(tokens[i].head == cue.head and tokens[i].dep_ in ("ccomp", "parataxis")
                                  for i in inside):
            return None
    floor = scan.quotes[q - 1][1] if q else -1
    for m in range(k, max(-1, k - QUOTE_WINDOW), -1):
        t = tokens[m]
        if t.idx <= floor or (m < k and t.text in ".!?"):
            break
        found = _window_cue(scan, t)
        if isinstance(found, _Cue):
            comp = _child(found.head, "ccomp")
            if comp is not None and not open_ < comp.idx < close:
                return None  # "said that ... , "quoted tail"" is an indirect report
            return found, None
        if found:
            return found, None
    return None


def _char_before(text: str, i: int) -> str:
    """The last non-space character before offset ``i`` ("" if none)."""
    i -= 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""


def _char_after(text: str, i: int) -> str:
    """The first non-space character at or after offset ``i`` ("" if none)."""
    while i < len(text) and text[i].isspace():
        i += 1
    return text[i] if i < len(text) else ""


def _speaker_between(scan: _Scan, j: int, k: int, found) -> tuple[bool, Token | None]:
    """Whether tokens j..k-1 (between a quote and its cue) are only punctuation, the cue's subject or
    its adverbs, or else one noun phrase the parse did not attach ('"…," one of them, a student, told');
    and that noun phrase."""
    words = [t for t in scan.tokens[j:k] if not t.is_punct]
    allowed: set[int] = set()
    if isinstance(found, _Cue):
        subj = scan.subject(found.head)[0]
        if subj is not None:
            allowed.update(range(subj.left_edge.i, subj.right_edge.i + 1))
    if all(t.i in allowed or (isinstance(found, _Cue) and t.head == found.head
                              and t.dep_ in ("advmod", "aux", "neg", "npadvmod")) for t in words):
        return True, None
    roots = [t for t in words if not j <= t.head.i < k or t.head == t]
    if len(roots) == 1 and roots[0].pos_ in ("NOUN", "PROPN", "PRON", "NUM") and all(
            roots[0].left_edge.i <= t.i <= roots[0].right_edge.i for t in words):
        return True, roots[0]
    return False, None


def _continues(scan: _Scan, q: int, cue: Token, idxs: list[int]) -> bool:
    """Quote ``q + 1`` continues quote ``q`` around its reporting clause: '"A," she said, "B."' or
    '"A," she said. "B."' (a new sentence with no reporting clause of its own)."""
    if q + 1 >= len(scan.quotes):
        return False
    open_next = scan.quotes[q + 1][0]
    between = scan.text[scan.quotes[q][1] + 1:open_next]
    if open_next < cue.idx or len(between) > 150:
        return False
    if not re.search(r"[.!?]", between):
        return between.rstrip()[-1:] in ",:—–"
    sent = scan.sents[scan.sent_of[cue.i] - 1]
    return (sent.end < len(scan.doc) and scan.tokens[sent.end - 1].text in ".!?"
            and scan.text[sent.end_char:open_next].strip() == ""
            and _quote_cue(scan, q + 1, idxs, after=True) is None)


def _direct_pass(scan: _Scan) -> None:
    doc, tokens = scan.doc, scan.tokens
    idxs = [t.idx for t in tokens]
    q = 0
    while q < len(scan.quotes):
        linked = _quote_cue(scan, q, idxs, after=True)
        parts = [q]
        if linked:
            head = linked[0].head if isinstance(linked[0], _Cue) else tokens[linked[0][0][0]]
            if _continues(scan, q, head, idxs):
                parts.append(q + 1)
        else:
            linked = _quote_cue(scan, q, idxs, after=False)
        if linked:
            content = []
            for p in parts:
                open_, close = scan.quotes[p]
                span = _trim(doc, bisect_right(idxs, open_), bisect_left(idxs, close), drop_that=False)
                if span[0] < span[1]:
                    content.append(span)
            if content:
                _add_direct(scan, *linked, content)
        q += len(parts)


def _add_direct(scan: _Scan, found, speaker: Token | None, content: list[Span]) -> None:
    for i, j in content:
        scan.in_direct.update(range(i, j))
    if not isinstance(found, _Cue):
        span, lemma, cls, src = found
        scan.add("direct", scan.tokens[span[0]], _noun_phrase(src), span, lemma, cls, content)
        return
    verb = found.head
    subj, passive, agent = scan.subject(verb)
    src = agent if passive else scan.source_token(verb, subj)
    if not passive and (src is None or scan.quote_of[src.i] >= 0):  # "said the minister" without nsubj
        src = speaker or next((c for c in verb.children if c.dep_ in ("dobj", "attr", "npadvmod", "nsubj")
                               and c.pos_ in ("NOUN", "PROPN", "PRON") and scan.quote_of[c.i] < 0), None)
    span, adverb_cls, negated = scan.cue_span(found)
    scan.add("direct", verb, _noun_phrase(src, verb) if src is not None else None, span, found.lemma,
             adverb_cls or found.cls, content, negated)
    scan.used.update(t.i for t in found.tokens)


def _verb_pass(scan: _Scan) -> None:
    lexicon = scan.cues
    for tok in scan.tokens:
        if tok.i in scan.used or tok.i in scan.in_direct:
            continue
        cue = scan.verb_cue(tok)
        if cue is None or _is_question(scan, tok) or any(
                c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in tok.children):
            continue
        subj, passive, agent = scan.subject(tok)
        expletive = subj is not None and subj.lower_ == "it" and (
            (passive and _child(tok, "ccomp", "xcomp") is not None) or cue.lemma in lexicon.impersonal_verbs)
        if expletive:
            src = agent  # "it was confirmed by the ministry that ..." keeps its agent
        elif passive:
            src = agent
        else:
            src = scan.source_token(tok, subj)
            if src is None:
                continue  # infinitive, imperative or gerund without a speaker
        content = scan.content(cue, None if expletive else subj, passive, agent)
        content = [s for s in (_trim(scan.doc, *p) for p in content or ()) if s[0] < s[1]]
        if not content:
            continue
        if src is None:
            kind = "agentless"
        elif _is_first_person(src):
            if scan.quote_of[tok.i] >= 0 or scan.quote_of[src.i] >= 0:
                continue  # quoted first person is never the author's voice
            kind = "author"
        else:
            kind = "indirect"
        span, adverb_cls, negated = scan.cue_span(cue)
        source = _noun_phrase(src, tok) if src is not None else None
        cls = "discrediting" if scan.off_the_mark(cue) else adverb_cls or cue.cls
        scan.add(kind, tok, source, span, cue.lemma, cls, content, negated)
        scan.used.update(t.i for t in cue.tokens)


def _according_pass(scan: _Scan) -> None:
    for tok in scan.tokens:
        if tok.i in scan.used or tok.i in scan.in_direct:
            continue
        found = _according(scan, tok)
        if found is None:
            continue
        span, lemma, cls, src = found
        clause = tok.head
        while clause.head != clause and (clause.pos_ not in ("VERB", "AUX")
                                         or clause.dep_ in ("advcl", "conj", "xcomp")):
            clause = clause.head  # the clause it qualifies: "X fired ... and Y turned violent, according to Z"
        content = [s for s in (_trim(scan.doc, *p) for p in _outside(_subtree(clause), _subtree(tok)))
                   if s[0] < s[1]]
        if content:
            kind = "author" if _is_first_person(src) and scan.quote_of[tok.i] < 0 else "according_to"
            scan.add(kind, tok, _noun_phrase(src), span, lemma, cls, content)


def _complement_that(clause: Token) -> bool:
    """"the claim that police fired" (complement), not "a story that turned out false" (relative)."""
    first = clause.left_edge
    if first.lower_ != "that":
        return False
    return _is_that(first) or (first.dep_ != "nsubj" and _child(clause, "nsubj", "nsubjpass") is not None)


def _in_content(scan: _Scan, i: int) -> bool:
    """Token ``i`` lies inside the content of an attribution found so far."""
    return bool(scan.covered[i])


def _nominal_pass(scan: _Scan, hits: list[tuple[Token, Token | None, Token | None]]) -> None:
    doc, nouns = scan.doc, scan.cues.nouns
    taken = {k for d in scan.drafts if d.source for k in range(*d.source)}
    called_false = {t.i: a for a, _, t in hits if t is not None}
    for tok in scan.tokens:
        cls = (nouns.get(tok.lemma_.lower()) or nouns.get(tok.lower_)) if tok.pos_ == "NOUN" else None
        if cls is None or tok.i in scan.used or tok.i in scan.in_direct or tok.i in taken:
            continue
        if _in_content(scan, tok.i) or _medium_of_cue(scan, tok):
            continue  # "rejected their claims", "said in a statement that": the noun serves another cue
        src = _child(tok, "poss")
        if src is None:
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            src = _child(by, "pobj") if by is not None else None
        comp = next((c for c in tok.children if c.dep_ in ("acl", "relcl", "ccomp")
                     and c.i > tok.i and _complement_that(c)), None)
        content = [(comp.left_edge.i + 1, comp.right_edge.i + 1)] if comp is not None else None  # no "that"
        if content is None and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            clause = next((c for c in tok.head.children if c.dep_ in ("ccomp", "attr") and c.i > tok.i
                           and c.left_edge.lower_ == "that"), None)
            if clause is not None:  # "The ministry's explanation was that the officers had been provoked"
                content = [(clause.left_edge.i + 1, clause.right_edge.i + 1)]
        colon = next((c.i for c in tok.children if c.text == ":" and c.i == tok.i + 1), None)
        if content is None and colon is not None and colon + 1 < tok.sent.end:
            content = [(colon + 1, tok.sent.end)]  # "The union's statement: police fired first."
        if content is None and tok.dep_ == "attr" and tok.head.lemma_ == "be":
            subj = _child(tok.head, "nsubj")
            if subj is not None:
                content = _referent(scan, subj) or [_noun_phrase(subj)]
        anchor = called_false.get(tok.i)
        if anchor is not None and _in_content(scan, anchor.i):
            anchor = None  # called false inside someone's report: the source's words, not the author's
        if content is None and anchor is None and (src is None or cls in ("neutral", "factive")):
            continue  # "the government's response has been firm", "our findings": no claim of their own
        content = [s for s in (_trim(doc, *p) for p in content or [_noun_phrase(tok)]) if s[0] < s[1]]
        if not content:
            continue
        no = next((c for c in tok.children if c.dep_ == "det" and c.lower_ == "no"), None)
        cue = (no.i if no is not None else tok.i, tok.i + 1)
        scan.add("nominal", tok, _noun_phrase(src) if src is not None else None, cue, tok.lemma_.lower(),
                 "discrediting" if anchor is not None else cls, content)


def _medium_of_cue(scan: _Scan, noun: Token) -> bool:
    """"said in a statement": the noun is a prepositional object of an attributed cue verb."""
    return noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.i in scan.used


def _referent(scan: _Scan, pronoun: Token) -> list[Span] | None:
    """"These are serious allegations": "These" stands for the content of the report just before."""
    if pronoun.lower_ not in DEMONSTRATIVES:
        return None
    before = [d for d in scan.drafts if d.kind != "nominal" and d.head.i < pronoun.i]
    return max(before, key=lambda d: d.head.i).content if before else None


# ---------------------------------------------------------------- falsity ("..., which was untrue")

def _falsity_hits(scan: _Scan) -> Iterator[tuple[Token, Token | None, Token | None]]:
    """(anchor, predicate, what is called false) for every falsity word or phrase outside quotes."""
    doc, tokens = scan.doc, scan.tokens
    by_first = scan.cues.falsity_by_first
    for tok in tokens:
        if scan.quote_of[tok.i] >= 0:
            continue
        for words in by_first.get(scan.lower[tok.i], ()) + by_first.get(tok.lemma_.lower(), ()):
            if tok.i + len(words) > len(doc) or not all(
                    _matches(tokens[tok.i + n], w) for n, w in enumerate(words)):
                continue
            inside = range(tok.i, tok.i + len(words))
            anchor = [t for t in tokens[tok.i:tok.i + len(words)] if t.head.i not in inside or t.head == t][-1]
            if anchor.dep_ == "amod":
                yield anchor, None, anchor.head
            elif anchor.dep_ in ("acomp", "attr", "oprd") or (
                    anchor.dep_ == "xcomp" and anchor.pos_ == "ADJ") or (
                    anchor.dep_ == "dobj" and anchor.head.lemma_ == "have"):
                yield anchor, anchor.head, _predicate_subject(anchor.head)
            elif anchor.pos_ in ("VERB", "AUX"):
                yield anchor, anchor, _predicate_subject(anchor)
            break


def _predicate_subject(pred: Token) -> Token | None:
    """Subject of a predicate, through raising verbs: "which turned out to be false" -> which."""
    for _ in range(3):
        subj = _child(pred, "nsubj", "nsubjpass")
        if subj is not None or pred.dep_ != "xcomp":
            return subj
        pred = pred.head
    return None


def _apply_falsity(scan: _Scan, hits: list[tuple[Token, Token | None, Token | None]]) -> None:
    heads = sorted((d for d in scan.drafts if d.kind != "nominal"), key=lambda d: d.head.i)
    for anchor, pred, target in hits:
        if target is None or target.lower_ not in ANAPHORS:
            continue
        best = None
        for d in heads:
            if d.head.i >= anchor.i:
                break
            if scan.sent_of[d.head.i] != scan.sent_of[anchor.i]:
                continue
            if pred is not None and pred.head == d.head and pred.dep_ in ("ccomp", "xcomp", "dobj"):
                continue  # "he said that was false": the source's own words
            best = d
        if best is not None:
            best.cls = "discrediting"


# ---------------------------------------------------------------- assembling

def _finish(scan: _Scan, d: _Draft) -> Attribution:
    doc = scan.doc
    cue_start, cue_end = _chars(doc, d.cue)
    parts = [_chars(doc, p) for p in d.content]
    text = scan.text
    content = text[parts[0][0]:parts[-1][1]]  # one span: a split quote keeps its reporting clause
    src = _chars(doc, d.source) if d.source and d.source[0] < d.source[1] else (None, None)
    cls = "neutral" if d.negated and d.cls == "denial" else d.cls
    starts = [x for x in (src[0], cue_start, parts[0][0]) if x is not None]
    ends = [x for x in (src[1], cue_end, parts[-1][1]) if x is not None]
    return Attribution(d.kind, text[src[0]:src[1]] if src[0] is not None else None,
                       text[cue_start:cue_end], d.lemma, cls, content, src[0], src[1], cue_start, cue_end,
                       parts[0][0], parts[-1][1], scan.sent_of[d.head.i], min(starts), max(ends))


def _run(doc: Doc, cues: CueLexicon | None) -> list[Attribution]:
    """All attributions of ``doc``, one per cue, sorted by (start, cue_start)."""
    if not isinstance(doc, Doc):
        raise InputError(f"attribution extraction needs a parsed spaCy Doc, got {type(doc).__name__}")
    if len(doc) == 0:
        return []
    if not doc.has_annotation("DEP"):
        raise InputError("attribution extraction needs a dependency parse: use analysis.nlp.load_nlp()(text)")
    scan = _Scan(doc, cues)
    _direct_pass(scan)
    _verb_pass(scan)
    _according_pass(scan)
    hits = list(_falsity_hits(scan))
    _nominal_pass(scan, hits)
    _apply_falsity(scan, hits)
    kept, taken = [], set()
    for d in sorted(scan.drafts, key=lambda d: (PRIORITY[d.kind], d.cue[0])):
        cue_tokens = range(*d.cue)
        if not taken.intersection(cue_tokens):  # one attribution per cue
            taken.update(cue_tokens)
            kept.append(_finish(scan, d))
    return sorted(kept, key=lambda a: (a.start, a.cue_start))


# ---------------------------------------------------------------- public API

def extract(doc: Doc, cues: CueLexicon | None = None) -> list[Attribution]:
    """Every attribution in the paragraph ``doc``: one per cue, direct quotes first, sorted by position."""
    return _run(doc, cues)


def _of_kind(doc: Doc, cues: CueLexicon | None, *kinds: str) -> Iterator[Attribution]:
    return (a for a in _run(doc, cues) if a.kind in kinds)


def direct_quotes(doc: Doc, cues: CueLexicon | None = None) -> Iterator[Attribution]:
    """Quoted speech with a reporting clause before, after or in the middle of the quote."""
    return _of_kind(doc, cues, "direct")


def indirect(doc: Doc, cues: CueLexicon | None = None) -> Iterator[Attribution]:
    """"X said/claimed/found (that) ...", human or not ("Investigations revealed that ...")."""
    return _of_kind(doc, cues, "indirect")


def according_to(doc: Doc, cues: CueLexicon | None = None) -> Iterator[Attribution]:
    """"according to X, ..." and "in X's view, ..."."""
    return _of_kind(doc, cues, "according_to")


def agentless(doc: Doc, cues: CueLexicon | None = None) -> Iterator[Attribution]:
    """Passive or impersonal reports without an agent: "it was established that ..."."""
    return _of_kind(doc, cues, "agentless")


def author_voice(doc: Doc, cues: CueLexicon | None = None) -> Iterator[Attribution]:
    """The author's own reports: "We established that ...", "Our investigation identified ..."."""
    return _of_kind(doc, cues, "author")


def nominal(doc: Doc, cues: CueLexicon | None = None) -> Iterator[Attribution]:
    """A noun carries the attribution: "their claims", "the ministry's denial", "These are allegations"."""
    return _of_kind(doc, cues, "nominal")
