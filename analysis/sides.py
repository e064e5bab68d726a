"""Sides and actor groups: load the YAML, and find which side a noun phrase names."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .errors import InputError

FIRST_PERSON_PLURAL = {"we", "us", "our", "ours", "ourselves"}
# The author's "I" speaks for the author's side too ("My door remains open", from a minister), as
# the quoted speaker's "I" does for the speaker's; only "we" tells the roster which side the author is on
# (a reporter's or an interviewee's "I" marches too).
FIRST_PERSON_SINGULAR = {"i", "me", "my", "mine", "myself"}
FIRST_PERSON = FIRST_PERSON_PLURAL | FIRST_PERSON_SINGULAR


def first_person(token) -> bool:
    """ "we", "our", … or the pronoun "I", "me", "my" (not the noun "mine", not "World War I")."""
    low = token.lower_
    return low in FIRST_PERSON_PLURAL or low in FIRST_PERSON_SINGULAR and token.pos_ == "PRON"
# Heads that stand for the institution named by a modifier: "police spokesman", "union leader".
# Offices held for a body named before them in a bio role ("Government Spokesperson", "union representative").
OFFICE_WORDS = {"spokesperson", "spokesman", "spokeswoman", "representative", "official", "officer", "secretary",
                "adviser", "advisor", "negotiator", "steward", "organiser", "organizer"}
MEDIA_JOBS = {"correspondent", "reporter", "editor", "journalist", "columnist", "commentator", "writer",
              "producer", "presenter", "photographer", "broadcaster", "blogger"}
TITLE_WORDS = {"general", "chief", "deputy", "senior", "assistant", "principal", "executive", "first", "lead", "press"}
INSTITUTIONAL_HEADS = {
    "office", "department", "service", "spokesman", "spokesperson", "spokeswoman", "representative",
    "leader", "member", "head", "chief", "committee", "agency", "unit", "branch", "bureau",
    "headquarters", "commission", "staff", "personnel", "force", "official", "officer", "source",
    "statement", "lawyer", "delegation", "leadership", "chairman", "chairwoman", "chair", "director",
    "alliance", "association", "federation", "coalition", "movement", "front", "network", "collective",
    "syndicate", "confederation", "league", "organizer", "organiser", "commander", "secretary",
}


# Heads of a source that speak for whoever owns them ("the police's own duty log", "ministry
# figures"), beside the offices of INSTITUTIONAL_HEADS ("the union's lawyers").
DOCUMENT_HEADS = {"figure", "log", "rota", "record", "data", "report", "document", "statistic", "account", "file",
                  "footage", "recording", "video", "letter", "memo", "minute", "note", "email", "communiqué",
                  "leaflet", "website", "estimate", "count", "tally", "register", "adviser", "advisor", "executive",
                  "counsel", "attorney"}

QUANTITY_HEADS = {"number", "group", "some", "many", "one", "two", "three", "several", "dozen", "dozens",
                  "hundreds", "thousands", "most", "all", "few", "members", "member", "majority", "each", "part"}


@dataclass(frozen=True)
class Actor:
    name: str
    label: str
    aliases: tuple[tuple[str, ...], ...]
    roles: tuple[str, ...]
    is_side: bool
    stance_head: str | None
    instruments: tuple[tuple[str, ...], ...] = ()
    modifiers: tuple[str, ...] = ()
    acts: tuple[str, ...] = ()  # "march", "go on strike", "occupy *": their subjects are on this side
    harmed_by: tuple[str, ...] = ()  # plain people harmed by these sides are on this side
    events: tuple[str, ...] = ()  # "protest", "strike": whoever owns one ("the fishermen's protest") is on this side


@dataclass(frozen=True)
class Sides:
    """The sides scored for stance plus the other actor groups."""

    actors: tuple[Actor, ...]
    version: str
    gpe_subject: str | None = None  # side that a country or city name stands for as a subject
    opposed: tuple[str, ...] = ()  # two sides in a zero-sum conflict (:mod:`analysis.relative`)

    @property
    def sides(self) -> list[str]:
        return [a.name for a in self.actors if a.is_side]

    @property
    def groups(self) -> list[str]:
        return [a.name for a in self.actors if not a.is_side]

    def actor(self, name: str) -> Actor:
        return next(a for a in self.actors if a.name == name)

    @cached_property
    def _index(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        index: dict[str, list] = {}
        for actor in self.actors:
            for alias in actor.aliases:
                index.setdefault(alias[-1], []).append((alias, actor.name))
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest alias first
        return index

    @cached_property
    def _ends(self) -> dict[str, bool]:
        return {}

    @cached_property
    def _instrument_index(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        index: dict[str, list] = {}
        for actor in self.actors:
            if actor.is_side:
                for phrase in actor.instruments:
                    index.setdefault(phrase[-1], []).append((phrase, actor.name))
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))
        return index

    def _by_side(self, key: str) -> dict[str, str]:
        """Phrase → the first side listing it under ``key`` (``acts``, ``events``)."""
        index: dict[str, str] = {}
        for actor in self.actors:
            if actor.is_side:
                for phrase in getattr(actor, key):
                    index.setdefault(phrase, actor.name)
        return index

    @cached_property
    def act_index(self) -> dict[str, str]:
        """Act phrase ("march", "go on strike", "occupy *") → the side whose act it is."""
        return self._by_side("acts")

    @cached_property
    def event_index(self) -> dict[str, str]:
        """Event noun ("protest", "strike", "sit-in") → the side whose collective action it names."""
        return self._by_side("events")

    def victim_side(self, doer: str) -> str | None:
        """The side whose people suffer harm done by ``doer`` (``harmed_by`` in the sides file)."""
        found = [a.name for a in self.actors if a.is_side and doer in a.harmed_by and a.name != doer]
        return found[0] if len(found) == 1 else None

    def opponent(self, side: str) -> str | None:
        """The side presumed to have done harm to ``side`` when no one is named: the one side in its
        ``harmed_by``, else the other side when there are exactly two."""
        actor = next((a for a in self.actors if a.is_side and a.name == side), None)
        if actor is None:
            return None
        if len(actor.harmed_by) == 1:
            return actor.harmed_by[0]
        others = [name for name in self.sides if name != side]
        return others[0] if len(others) == 1 and not actor.harmed_by else None

    @cached_property
    def _modifier_index(self) -> dict[str, str]:
        return {m: a.name for a in self.actors if a.is_side for m in a.modifiers}

    def side_of_modifiers(self, noun) -> str | None:
        """Side that a modifier puts any person noun on: "striking nurses", "protesting
        pensioners", "drivers on strike" (``modifiers`` in the sides file)."""
        index = self._modifier_index
        if not index:
            return None
        for child in noun.children:
            if child.dep_ in ("amod", "compound") and (child.lower_ in index or child.lemma_.lower() in index):
                return index.get(child.lower_) or index[child.lemma_.lower()]
            if child.dep_ == "prep":
                for obj in child.children:
                    phrase = f"{child.lower_} {obj.lower_}"
                    if obj.dep_ == "pobj" and phrase in index:
                        return index[phrase]
        if noun.i > 0:  # "striking nurses" parsed with "striking" hanging elsewhere
            before = noun.doc[noun.i - 1]
            if before.pos_ in ("VERB", "ADJ") and (before.lower_ in index or before.lemma_.lower() in index):
                return index.get(before.lower_) or index[before.lemma_.lower()]
        return None

    def may_be_instrument(self, word: str) -> bool:
        """Whether ``word`` can end an instrument phrase (a cheap check before :meth:`instrument_of`)."""
        return word in self._instrument_index

    def instrument_of(self, words: list[str]) -> str | None:
        """Side that typically wields the weapon or tool ending the word sequence ``words`` (lower
        case, the last one lemmatised, hyphens dropped: "rubber bullet" → government, "petrol
        bomb" → protesters), or None."""
        for phrase, name in self._instrument_index.get(words[-1] if words else "", ()):
            if tuple(words[-len(phrase):]) == phrase:
                return name
        return None

    def may_end(self, word: str) -> bool:
        """Whether ``word`` can be the last word of an alias, closed compounds included (cached)."""
        known = self._ends.get(word)
        if known is None:
            index = self._index
            known = word in index or any(
                any(len(alias) == 1 for alias, _ in index.get(word[cut:], ())) for cut in range(3, len(word) - 4))
            self._ends[word] = known
        return known

    def match_words(self, words: list[str]) -> str | None:
        """Side or group whose alias ends the lemma sequence ``words`` (longest alias wins)."""
        if not words:
            return None
        index = self._index
        for alias, name in index.get(words[-1], ()):
            if tuple(words[-len(alias):]) == alias:
                return name
        last = words[-1]
        for cut in range(3, len(last) - 4):  # closed compounds: "dockworker" ends with "worker"
            entries = index.get(last[cut:])
            if entries:
                single = [name for alias, name in entries if len(alias) == 1]
                if single:
                    return single[0]
        return None

    def side_of_role(self, role: str | None) -> str | None:
        """The side an author's bio role speaks for ("prosecutor general of X" → government), or the
        non-side group it names ("ombudsman", "director of a rights group"): such an author's "we"
        speaks for neither side."""
        if not role:
            return None
        text = " " + " ".join(role.lower().replace(",", " ").replace("’", "'").split()) + " "
        media, head = self.match_words(["journalist"]), re.split(r" (?:of|at|for) ", text)[0].split()
        if media and head and head[-1] in MEDIA_JOBS:
            return media  # "union affairs correspondent", "political editor of …": the press, not the beat
        group = None
        for joint in (" of ", " at ", " for ", " with "):  # "president of the dockworkers' union": the body counts
            if joint in text:
                body = text.split(joint, 1)[1].split()
                words = [w.strip("'").removesuffix("'s") for w in body]
                for end in range(1, len(words) + 1):
                    found = self.match_words([w.rstrip("s") if w.endswith("s") and len(w) > 3 else w
                                              for w in words[:end]]) or self.match_words(words[:end])
                    if found in self.sides:
                        return found
                    if found:  # a group ("director of a rights group") unless the office before it is a side's
                        group, text = found, text.split(joint, 1)[0] + " "
                        break
                break
        office = self._office_side(text)
        if office:
            return office
        best = None
        for actor in self.actors:
            for keyword in actor.roles:
                position = text.find(" " + keyword)
                if position >= 0 and (best is None or position < best[0]):
                    best = (position, actor.name)
        if group and (best is None or best[1] not in self.sides):
            return group  # "director of the Civil Rights Union"; but "Minister for Human Rights" is a minister
        return best[1] if best else None

    def _office_side(self, text: str) -> str | None:
        """The side of an office held for a body named right before it: "Government Spokesperson of
        …", "police press officer", "union representative" (not "protest liaison officer", "government
        affairs adviser": the word before the office is the office's subject, not its body)."""
        words = re.split(r" (?:of|at|for|with) ", text, maxsplit=1)[0].split()
        if len(words) < 2 or words[-1] not in OFFICE_WORDS:
            return None
        k = len(words) - 2
        while k > 0 and words[k] in TITLE_WORDS:
            k -= 1  # "police press officer", "union chief negotiator"
        for start in range(k, max(k - 2, -1), -1):  # "trade union official": the body's own words
            found = self.match_words(words[start:k + 1])
            if found in self.sides:
                return found
        return None

    def side_of_source(self, attribution, mentions, author_side: str | None, doc=None) -> str | None:
        """Side of an attribution's source: the author's side for author voice, else the mention
        headed by the source's head word ("Critics of the government" is not the government;
        "A number of rights groups" is the rights groups)."""
        if attribution.kind == "author":
            return author_side
        if attribution.source_start is None:
            return None
        inside = [m for m in mentions if attribution.source_start <= m.start and m.end <= attribution.source_end]
        span = doc.char_span(attribution.source_start, attribution.source_end, alignment_mode="expand") \
            if doc is not None else None
        if span is None:
            return min(inside, key=lambda m: (m.depth, m.start)).side if inside else None
        head = span.root
        for _ in range(3):  # "a number of X", "some of X", "one of X"
            of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
            if head.lemma_.lower() in QUANTITY_HEADS and of and any(c.dep_ == "pobj" for c in of[0].children):
                head = next(c for c in of[0].children if c.dep_ == "pobj")
            else:
                break
        end = head.idx + len(head.text)
        headed = [m for m in inside if m.end == end]
        if headed:
            return headed[0].side
        if head.lemma_.lower() not in INSTITUTIONAL_HEADS | DOCUMENT_HEADS:
            return None  # "the minister's critics", "the government's targets" are not the owner's
        # "the police's own duty log", "ministry figures", "the union's lawyers": a document or an
        # office of a body takes the body's side
        owners = [c for c in head.children if c.dep_ in ("poss", "compound") and c.i < head.i]
        owned = [m for m in inside if m.end in {c.idx + len(c.text) for c in owners}]
        if owned:
            return owned[0].side
        for owner in owners:  # "Ministry figures": a compound modifier is no mention of its own
            words = [t.lemma_.lower() for t in owner.subtree if t.dep_ != "case" and not t.is_punct]
            found = self.match_words(words[-3:]) if words else None
            if found:
                return found
        return None


def _lemmas(phrase: str) -> tuple[str, ...]:
    """Alias → lower-case word tuple with a naive singular for the last word (lemmas match spaCy's)."""
    words = phrase.lower().replace("’", "'").split()
    return tuple(words)


LIST_KEYS = ("aliases", "roles", "instruments", "modifiers", "acts", "harmed_by", "events")


def _phrases(spec: dict, name: str, key: str) -> list[str]:
    """An optional list of words or phrases under ``key`` (``instruments``, ``modifiers``, ``acts``)."""
    value = spec.get(key) or []
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        raise InputError(f"sides file: {name!r} has {key!r} that is not a list of words or phrases")
    return value


def _actor(name: str, spec: dict, is_side: bool) -> Actor:
    if not isinstance(spec, dict):
        raise InputError(f"sides file: entry {name!r} must be a mapping with 'aliases'")
    aliases = spec.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise InputError(f"sides file: {name!r} needs 'aliases', a list of words or phrases")
    roles = spec.get("roles") or []
    if not isinstance(roles, list):
        raise InputError(f"sides file: {name!r} has 'roles' that is not a list of role words")
    instruments, modifiers = _phrases(spec, name, "instruments"), _phrases(spec, name, "modifiers")
    return Actor(
        name=name,
        label=str(spec.get("label") or name),
        aliases=tuple(sorted({_lemmas(a) for a in aliases})),
        roles=tuple(str(r).lower() for r in roles),
        is_side=is_side,
        stance_head=spec.get("stance_head", name if is_side else None),
        instruments=tuple(sorted({_lemmas(a.replace("-", " ")) for a in instruments})),
        modifiers=tuple(sorted({" ".join(_lemmas(a)) for a in modifiers})),
        acts=tuple(sorted({" ".join(_lemmas(a)) for a in _phrases(spec, name, "acts")})),
        harmed_by=tuple(sorted({str(a).strip() for a in _phrases(spec, name, "harmed_by")})),
        events=tuple(sorted({" ".join(_lemmas(a)) for a in _phrases(spec, name, "events")})),
    )


def _section(data: dict, section: str) -> dict:
    value = data.get(section) or {}
    if not isinstance(value, dict):
        raise InputError(f"sides file: '{section}:' must be a mapping of names to entries, not {type(value).__name__}")
    for name, spec in value.items():
        if spec is not None and not isinstance(spec, dict):
            raise InputError(f"sides file: entry {name!r} must be a mapping with 'aliases'")
        for key in LIST_KEYS:
            if spec and spec.get(key) is not None and not isinstance(spec[key], list):
                raise InputError(f"sides file: {name!r} has {key!r} that is not a list")
    return value


def _merge(base: dict, extra: dict) -> dict:
    for data in (base, extra):
        _section(data, "sides"), _section(data, "groups")
    merged = {"gpe_subject": extra.get("gpe_subject", base.get("gpe_subject")),
              "opposed": extra.get("opposed", base.get("opposed")),
              "sides": {k: dict(v) for k, v in (base.get("sides") or {}).items()},
              "groups": {k: dict(v) for k, v in (base.get("groups") or {}).items()}}
    for section in ("sides", "groups"):
        for name, spec in (extra.get(section) or {}).items():
            spec = spec or {}
            current = merged[section].setdefault(name, {})
            for key, value in spec.items():
                if key in LIST_KEYS:
                    current[key] = list(current.get(key, [])) + list(value or [])
                else:
                    current[key] = value
    return merged


def _default_data() -> dict:
    return yaml.safe_load(resources.files("analysis").joinpath("data/sides.yaml").read_text("utf-8"))


@lru_cache(maxsize=16)
def load_sides(path: str | Path | None = None) -> Sides:
    """Load the default sides, or a user file that replaces them (or extends them with ``extends: default``)."""
    data = _default_data()
    if path is not None:
        try:
            user = yaml.safe_load(Path(path).read_text("utf-8"))
        except FileNotFoundError:
            raise InputError(f"{path}: no such sides file") from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: not a valid YAML sides file ({exc.__class__.__name__})") from None
        if not isinstance(user, dict) or not (user.get("sides") or user.get("groups")):
            raise InputError(f"{path}: a sides file needs a 'sides:' mapping (see README, 'Sides file')")
        data = _merge(data, user) if user.get("extends") == "default" else _merge({}, user)
    actors = [_actor(n, s, True) for n, s in (data.get("sides") or {}).items()]
    actors += [_actor(n, s, False) for n, s in (data.get("groups") or {}).items()]
    if not any(a.is_side for a in actors):
        raise InputError(f"{path}: the sides file defines no sides")
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:12]
    gpe = data.get("gpe_subject")
    if gpe is not None and gpe not in [a.name for a in actors if a.is_side]:
        raise InputError(f"{path}: gpe_subject names {gpe!r}, which is not a side")
    side_names = {a.name for a in actors if a.is_side}
    for actor in actors:
        unknown = sorted(set(actor.harmed_by) - side_names)
        if unknown:
            raise InputError(f"{path}: {actor.name!r} has harmed_by {unknown[0]!r}, which is not a side")
    opposed = data.get("opposed") or []
    if not isinstance(opposed, list) or (opposed and (len(opposed) != 2 or len(set(map(str, opposed))) != 2)):
        raise InputError(f"{path}: opposed must list two different sides, or none")
    unknown = sorted(set(map(str, opposed)) - side_names)
    if unknown:
        raise InputError(f"{path}: opposed names {unknown[0]!r}, which is not a side")
    return Sides(tuple(actors), version=f"{data.get('version', 'sides')}-{digest}", gpe_subject=gpe,
                 opposed=tuple(map(str, opposed)))
