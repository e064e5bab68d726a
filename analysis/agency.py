"""Verb and noun classes for agency ("who does what to whom") from ``data/agency.yaml``, and the
rough tests for nouns and pronouns that name people."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from .roster import PLAIN_PEOPLE, phrase_keys

OBJECT_DEPS = {"dobj", "obj", "dative", "oprd"}


PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "eer")
PERSON_NOUNS = {"nurse", "people", "citizen", "man", "woman", "family", "parent", "crew", "staff", "youth",
                "doctor", "mother", "father", "child", "veteran", "pensioner", "retiree", "local", "tenant",
                "nomad", "fisherman", "fishermen", "men", "women", "colleague", "cleaner", "midwife", "guard",
                "cop", "medic", "paramedic", "elder", "student", "journalist", "detainee", "prisoner", "victim",
                "boy", "girl", "teenager", "person", "child", "baby", "grandmother", "grandfather", "wife",
                "husband", "son", "daughter", "brother", "sister", "friend"}
NOT_PERSONS = {"number", "center", "centre", "order", "letter", "paper", "matter", "power", "water", "corner",
               "chapter", "border", "character", "quarter", "event", "moment", "element", "segment", "sector"}


def person_noun(token) -> bool:
    """A rough test that a noun names people: "nurses", "taxi drivers", not "a resemblance"."""
    lemma = token.lemma_.lower()
    return lemma in PERSON_NOUNS or (lemma.endswith(PERSON_SUFFIXES) and lemma not in NOT_PERSONS)


PERSONAL_PRONOUNS = {"him", "her", "them", "us", "me", "you", "he", "she", "they", "we", "i", "someone", "anyone",
                     "everyone", "everybody", "somebody"}


def names_people(token) -> bool:
    """A noun phrase head that names people: a person noun, a personal pronoun or a person's name."""
    if token.pos_ == "PRON":
        return token.lower_ in PERSONAL_PRONOUNS
    return token.ent_type_ == "PERSON" or token.lemma_.lower() in PLAIN_PEOPLE or (
        token.pos_ == "NOUN" and person_noun(token))


@dataclass(frozen=True)
class Agency:
    """Word lists from ``data/agency.yaml``."""

    harm_verbs: frozenset
    harm_particles: frozenset
    coercion_verbs: frozenset
    prosocial_verbs: frozenset
    cause_verbs: frozenset
    harm_nouns: frozenset
    labels: dict
    version: str
    event_words: frozenset = frozenset()
    harm_intransitive: frozenset = frozenset()
    culprit_nouns: frozenset = frozenset()
    prosocial_particles: frozenset = frozenset()
    culprit_heads: frozenset = frozenset()
    use_verbs: frozenset = frozenset()
    manner: dict = field(default_factory=dict)
    harm_person_verbs: frozenset = frozenset()
    misconduct_verbs: frozenset = frozenset()
    harm_nouns_of_patient: frozenset = frozenset()
    suffer_subject: frozenset = frozenset()
    suffer_object: frozenset = frozenset()
    attitude_verbs: frozenset = frozenset()
    force_objects: frozenset = frozenset()

    @property
    def prosocial_heads(self) -> frozenset:
        """Verbs that begin a ``prosocial_particles`` entry (computed once)."""
        heads = self.__dict__.get("_prosocial_heads")
        if heads is None:
            heads = frozenset(p.split()[0] for p in self.prosocial_particles)
            object.__setattr__(self, "_prosocial_heads", heads)
        return heads

    def suffering(self, verb, subject: bool) -> str | None:
        """The ``suffer_subject`` (``subject=True``) or ``suffer_object`` phrase the verb expresses,
        if any: "died", "suffered head injuries"; "was hospitalised", "treated for injuries"."""
        phrases = self.suffer_subject if subject else self.suffer_object
        lemma = verb.lemma_.lower()
        if not phrases or verb.pos_ not in ("VERB", "AUX"):
            return None
        if lemma in phrases:  # a verb alone, with no object: "bled", not "is bleeding support"
            return None if any(c.dep_ in OBJECT_DEPS for c in verb.children) else lemma
        return next((k for k in phrase_keys(verb) if k in phrases), None)

    def verb_class(self, verb) -> str:
        lemma = verb.lemma_.lower()
        particles = {c.lemma_.lower() for c in verb.children if c.dep_ in ("prt", "prep", "dobj", "acomp")}
        # "used batons against people", "threw stones at officers": the preposition may hang on the
        # object, and counts when the object is force or a weapon (not "used the courts against the ban")
        dobjs = [c for c in verb.children if c.dep_ == "dobj"]
        forces = [c for c in dobjs + [g for c in dobjs for g in c.conjuncts] if c.lemma_.lower() in self.force_objects]
        aimed = {p.lemma_.lower() for c in forces for p in c.children if p.dep_ == "prep"}
        if lemma == "use" and not forces:
            particles = particles - {"against"}  # "used its majority against the budget"
        if any(f"{lemma} {p}" in self.harm_particles for p in particles | aimed):
            return "harm"
        if lemma in self.prosocial_heads:
            objects = {c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"} | {
                f"{c.lower_} {g.lemma_.lower()}" for c in verb.children if c.dep_ == "prep"
                for g in c.children if g.dep_ == "pobj"}
            if any(f"{lemma} {p}" in self.prosocial_particles for p in objects):
                return "prosocial"  # "called for talks", "urged calm"
        if lemma in self.harm_verbs:
            return "harm"
        if lemma in self.harm_person_verbs and not any(c.dep_ == "xcomp" for c in verb.children) and any(
                c.dep_ in OBJECT_DEPS | {"nsubjpass"} and names_people(c) for c in verb.children):
            return "harm"  # "struck the marchers", "sprayed a nurse", not "struck a deal"
        if lemma in self.harm_intransitive and not any(
                c.dep_ in OBJECT_DEPS | {"nsubjpass", "auxpass"} for c in verb.children):
            return "harm"  # "the officers who fired"
        if lemma in self.cause_verbs and any(
            c.lemma_.lower() in self.harm_nouns for c in verb.children if c.dep_ in OBJECT_DEPS | {"nsubjpass"}
        ):
            return "harm"
        if lemma in self.prosocial_verbs:
            return "prosocial"
        if lemma in self.misconduct_verbs or any(f"{lemma} {p}" in self.misconduct_verbs for p in particles):
            return "misconduct"  # "ignored the petition", "lied to the families", "covered up the beatings"
        if lemma in self.coercion_verbs:
            return "coercion"
        return ""


@lru_cache(maxsize=1)
def load_agency() -> Agency:
    data = yaml.safe_load(resources.files("analysis").joinpath("data/agency.yaml").read_text("utf-8"))
    return Agency(
        harm_verbs=frozenset(data["harm_verbs"]),
        harm_particles=frozenset(data["harm_particles"]),
        coercion_verbs=frozenset(data["coercion_verbs"]),
        prosocial_verbs=frozenset(data["prosocial_verbs"]),
        cause_verbs=frozenset(data["cause_verbs"]),
        harm_nouns=frozenset(data["harm_nouns"]),
        labels={str(k).lower(): float(v) for k, v in data["labels"].items()},
        event_words=frozenset(data.get("event_words") or ()),
        harm_intransitive=frozenset(data.get("harm_intransitive") or ()),
        culprit_nouns=frozenset(data.get("culprit_nouns") or ()),
        prosocial_particles=frozenset(data.get("prosocial_particles") or ()),
        culprit_heads=frozenset(data.get("culprit_heads") or ()),
        use_verbs=frozenset(data.get("use_verbs") or ()),
        manner={str(k).lower(): float(v) for k, v in (data.get("manner") or {}).items()},
        harm_person_verbs=frozenset(data.get("harm_person_verbs") or ()),
        misconduct_verbs=frozenset(data.get("misconduct_verbs") or ()),
        harm_nouns_of_patient=frozenset(data.get("harm_nouns_of_patient") or ()),
        suffer_subject=frozenset(data.get("suffer_subject") or ()),
        suffer_object=frozenset(data.get("suffer_object") or ()),
        attitude_verbs=frozenset(data.get("attitude_verbs") or ()),
        force_objects=frozenset(data.get("force_objects") or ()),
        version=str(data.get("version", "agency")),
    )
