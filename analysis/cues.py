"""Reporting-cue lexicon: load ``data/cues.yaml`` and merge an optional user file into it.

The schema is documented at the top of ``analysis/data/cues.yaml``. A user file uses the same keys;
its entries add lemmas or move them to the user's class, and ``remove:`` drops entries.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from .errors import InputError

CLASSES = ("factive", "neutral", "distancing", "denial", "discrediting")
CLASSED_SECTIONS = ("verbs", "phrases", "nouns", "prepositions", "viewpoint_nouns", "adverbs")
LIST_SECTIONS = ("falsity", "source_heads", "object_content", "source_object_content",
                 "addressee_verbs", "figure_verbs", "impersonal_verbs")

Words = tuple[str, ...]


def _norm(entry: Any, where: str) -> str:
    if not isinstance(entry, str) or not entry.strip():
        raise InputError(f"cue lexicon: {where} entries must be non-empty strings, got {entry!r} "
                         '(quote YAML words such as "false", "no", "on")')
    return " ".join(entry.lower().replace("’", "'").split())


@dataclass(frozen=True, eq=False)
class CueLexicon:
    """A merged, read-only cue lexicon. Multiword entries are stored as word tuples."""

    verbs: Mapping[str, str]
    phrases: Mapping[Words, str]
    nouns: Mapping[str, str]
    prepositions: Mapping[Words, str]
    viewpoint_nouns: Mapping[str, str]
    adverbs: Mapping[Words, str]
    falsity: tuple[Words, ...]
    source_heads: frozenset[str]
    object_content: frozenset[str]
    source_object_content: frozenset[str]
    addressee_verbs: frozenset[str]
    figure_verbs: frozenset[str]
    impersonal_verbs: frozenset[str]
    version: str
    phrases_by_head: Mapping[str, tuple[Words, ...]] = field(init=False, repr=False)
    prepositions_by_first: Mapping[str, tuple[tuple[Words, str], ...]] = field(init=False, repr=False)
    falsity_by_first: Mapping[str, tuple[Words, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_head: dict[str, list[Words]] = {}
        for words in self.phrases:
            by_head.setdefault(words[0], []).append(words)
        frozen = {head: tuple(sorted(ws, key=len, reverse=True)) for head, ws in by_head.items()}
        object.__setattr__(self, "phrases_by_head", MappingProxyType(frozen))
        preps: dict[str, list[tuple[Words, str]]] = {}
        for words, cls in self.prepositions.items():
            preps.setdefault(words[0], []).append((words, cls))
        object.__setattr__(self, "prepositions_by_first",
                           MappingProxyType({w: tuple(entries) for w, entries in preps.items()}))
        falsity: dict[str, list[Words]] = {}
        for words in self.falsity:
            falsity.setdefault(words[0], []).append(words)
        object.__setattr__(self, "falsity_by_first",
                           MappingProxyType({w: tuple(ws) for w, ws in falsity.items()}))

    def cue_class(self, lemma: str, pos: str | None = None) -> str | None:
        """Class of a verb, phrase, preposition or noun cue (``pos`` "verb"/"noun" narrows the look-up)."""
        key = _norm(lemma, "lemma")
        words = tuple(key.split())
        if pos in (None, "verb"):
            found = self.verbs.get(key) or self.phrases.get(words) or self.prepositions.get(words)
            if found or pos == "verb":
                return found
        return self.nouns.get(key)

    def lemmas(self) -> dict[str, str]:
        """Single-word verb cues and their class."""
        return dict(self.verbs)


def _empty() -> dict[str, Any]:
    data: dict[str, Any] = {s: {} for s in CLASSED_SECTIONS}
    data.update({s: set() for s in LIST_SECTIONS})
    return data


def _merge_into(data: dict[str, Any], raw: Mapping[str, Any], origin: str) -> None:
    """Merge one YAML mapping into ``data`` (section -> {entry: class} or set)."""
    removed = raw.get("remove") or []
    if not isinstance(removed, list):
        raise InputError(f"{origin}: 'remove' must be a list of lemmas")
    for entry in removed:
        entry = _norm(entry, "remove")
        for section in CLASSED_SECTIONS:
            data[section].pop(entry, None)
        for section in LIST_SECTIONS:
            data[section].discard(entry)
    for section in CLASSED_SECTIONS:
        spec = raw.get(section) or {}
        if not isinstance(spec, Mapping):
            raise InputError(f"{origin}: '{section}' must map a class to a list of lemmas")
        seen: dict[str, str] = {}
        for cls, entries in spec.items():
            if cls not in CLASSES:
                raise InputError(f"{origin}: unknown cue class {cls!r} in '{section}' "
                                 f"(use {', '.join(CLASSES)})")
            if not isinstance(entries, list):
                raise InputError(f"{origin}: '{section}.{cls}' must be a list")
            for entry in entries:
                entry = _norm(entry, f"{section}.{cls}")
                if seen.get(entry, cls) != cls:
                    raise InputError(f"{origin}: {entry!r} is in two classes of '{section}'")
                seen[entry] = cls
                target = "phrases" if section == "verbs" and " " in entry else section
                for other in ("verbs", "phrases") if section in ("verbs", "phrases") else (target,):
                    data[other].pop(entry, None)  # a user entry moves the lemma
                data[target][entry] = cls
    for section in LIST_SECTIONS:
        entries = raw.get(section) or []
        if not isinstance(entries, list):
            raise InputError(f"{origin}: '{section}' must be a list")
        data[section].update(_norm(e, section) for e in entries)


def _read_yaml(path: Path, name: str | None = None) -> Mapping[str, Any]:
    name = name or str(path)  # the path as the user gave it, for messages
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{name}: no such cue lexicon file") from None
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{name}: not a readable YAML cue lexicon ({exc.__class__.__name__})") from None
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise InputError(f"{name}: a cue lexicon must be a YAML mapping (see analysis/data/cues.yaml)")
    return raw


def _build(raws: list[tuple[Mapping[str, Any], str]]) -> CueLexicon:
    data = _empty()
    for raw, origin in raws:
        _merge_into(data, raw, origin)
    canonical = {k: (sorted(v.items()) if isinstance(v, dict) else sorted(v)) for k, v in data.items()}
    digest = hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()[:12]
    label = "+".join(str(raw.get("version", "user")) for raw, _ in raws)
    split = lambda d: MappingProxyType({tuple(k.split()): c for k, c in d.items()})  # noqa: E731
    return CueLexicon(
        verbs=MappingProxyType(dict(data["verbs"])),
        phrases=split(data["phrases"]),
        nouns=MappingProxyType(dict(data["nouns"])),
        prepositions=split(data["prepositions"]),
        viewpoint_nouns=MappingProxyType(dict(data["viewpoint_nouns"])),
        adverbs=split(data["adverbs"]),
        falsity=tuple(sorted(tuple(f.split()) for f in data["falsity"])),
        source_heads=frozenset(data["source_heads"]),
        object_content=frozenset(data["object_content"]),
        source_object_content=frozenset(data["source_object_content"]),
        addressee_verbs=frozenset(data["addressee_verbs"]),
        figure_verbs=frozenset(data["figure_verbs"]),
        impersonal_verbs=frozenset(data["impersonal_verbs"]),
        version=f"{label}-{digest}",
    )


def _default_raw() -> Mapping[str, Any]:
    return yaml.safe_load(resources.files("analysis").joinpath("data/cues.yaml").read_text("utf-8"))


@lru_cache(maxsize=None)
def _default() -> CueLexicon:
    return _build([(_default_raw(), "analysis/data/cues.yaml")])


@lru_cache(maxsize=32)
def _with_extra(path: str, name: str, mtime_ns: int, size: int) -> CueLexicon:
    return _build([(_default_raw(), "analysis/data/cues.yaml"), (_read_yaml(Path(path), name), name)])


def load_cues(extra: str | Path | None = None) -> CueLexicon:
    """The default lexicon (cached), or the default merged with the user's YAML file ``extra``.

    User entries add lemmas or move them to the user's class; ``remove:`` drops entries.
    The result's ``version`` is a fingerprint of the merged content, usable as a cache key.
    """
    if extra is None:
        return _default()
    path = Path(extra)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such cue lexicon file") from None
    return _with_extra(str(path.resolve()), str(extra), stat.st_mtime_ns, stat.st_size)
