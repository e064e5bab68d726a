"""Choose a backend by name: ``vader``, ``transformers:<model>``, ``rules``, ``nli:<model>``.

A backend name is ``kind`` or ``kind:argument``; the part after the first colon is
passed to the factory registered for ``kind``.
"""
from __future__ import annotations

from typing import Callable

from .errors import BackendError


class Registry:
    """A name → factory table for one family of backends (sentiment, stance)."""

    def __init__(self, family: str):
        self.family = family
        self._factories: dict[str, Callable] = {}

    def register(self, kind: str, needs_argument: bool = False):
        def decorator(factory: Callable) -> Callable:
            self._factories[kind] = (factory, needs_argument)
            return factory

        return decorator

    @property
    def names(self) -> list[str]:
        return sorted(self._factories)

    def create(self, spec: str):
        kind, _, argument = str(spec).partition(":")
        if kind not in self._factories:
            raise BackendError(
                f"unknown {self.family} backend {spec!r}; choose one of: "
                + ", ".join(f"{k}:<model>" if self._factories[k][1] else k for k in self.names)
            )
        factory, needs_argument = self._factories[kind]
        if needs_argument and not argument:
            raise BackendError(f"{self.family} backend {kind!r} needs a model: '{kind}:<hub id or local folder>'")
        return factory(argument) if needs_argument else factory()
