"""Synthetic news articles for the benchmark: general English, invented names, deterministic per seed.

Each article has a header (title, byline, date, outlet), 6-12 body paragraphs of 2-4 sentences
and sometimes an author bio, so the reader, the parser and every extractor get real work:
sides (officials, police, strikers, workers), direct and indirect quotes, reporting cues of
every class (said, claimed, confirmed, denied, according to), and harm / pro-social verbs.
"""
from __future__ import annotations

import random

FIRST = ["Amara", "Tobin", "Lena", "Idris", "Marta", "Oskar", "Nadia", "Felix", "Selin", "Joren", "Priya",
         "Dario", "Keira", "Matteo", "Ylva", "Rohan", "Ines", "Bastian", "Leona", "Emeka", "Hana", "Caspar"]
LAST = ["Varga", "Okafor", "Lindqvist", "Moreau", "Castell", "Brandt", "Halvorsen", "Quint", "Delacroix",
        "Ferreira", "Novak", "Ashdown", "Kerrigan", "Tamura", "Volkov", "Iverson", "Marlow", "Pereira"]
TOWNS = ["Port Elmira", "Dunmere", "Karsk", "Velloria", "New Tarrow", "Ostrava Bay", "Riverside Flats",
         "Calder Point", "Minhaven", "Sollberg"]
OUTLETS = ["The Northern Ledger", "Coastal Herald", "Daily Meridian", "The Valley Post", "Evening Standard-Bearer"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
GOV = ["police", "officials", "the interior ministry", "the mayor", "riot police", "the government",
       "security forces", "the prosecutor", "the regional governor", "soldiers"]
PRO = ["strikers", "protesters", "the workers", "the union", "demonstrators", "oil workers", "activists",
       "the strike committee", "miners", "students"]
OTHER = ["a local journalist", "a rights group", "international observers", "a hospital spokesman",
         "the newspaper", "a shop owner", "residents"]
HARM = ["attacked", "beat", "shot at", "set fire to", "assaulted", "detained", "injured", "threatened",
        "looted", "vandalized", "dispersed", "blocked"]
PROSOCIAL = ["protected", "helped", "rescued", "supported", "assisted", "negotiated with", "fed", "sheltered"]
HARM_NOUNS = ["the violence", "the unrest", "the clashes", "the riot", "the looting", "the disorder"]
PLACES = ["the main square", "the port gates", "the city hall", "the oil field", "the railway station",
          "the market", "the factory", "the central avenue"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "late on Thursday", "early on Friday", "over the weekend",
        "last week", "on Saturday night"]
DEMANDS = ["higher wages", "the release of the detained workers", "safer working conditions",
           "an independent inquiry", "the resignation of the mayor", "back pay for six months"]

SENTENCES = [
    "{Gov} {harm} {pro} near {place} {day}.",
    "{Pro} {harm} {gov} outside {place} {day}, witnesses said.",
    "\"We will not leave {place} until we get {demand},\" said {name}, a spokesman for {pro}.",
    "\"The situation is fully under control,\" {name}, a spokesman for {gov}, told reporters.",
    "{Gov} claimed that {pro} had started {harm_noun}.",
    "{Pro} denied any role in {harm_noun} and said {gov} had fired first.",
    "According to {other}, at least {n} people were injured {day}.",
    "{Other} confirmed that {gov} {harm} several people near {place}.",
    "{Name} said the {pro_bare} had {prosocial} families in {town} for weeks.",
    "{Gov} {prosocial} residents who were trapped near {place}.",
    "The strike began {day} when {pro} walked out of {place} demanding {demand}.",
    "{Gov} alleged that outside agitators were behind {harm_noun}.",
    "Critics said the response of {gov} was heavy-handed and unlawful.",
    "{Pro} insisted that the protest had been peaceful from the start.",
    "Prices rose sharply in {town}, and many shops stayed closed for {n} days.",
    "{Other} reported that {n} people had been detained since the protests began.",
    "The talks between {gov} and {pro} collapsed {day} without an agreement.",
    "\"Nobody was beaten,\" {gov} said in a statement, rejecting the accusations.",
    "Footage shared online appeared to show {gov} dragging a woman across {place}.",
    "{Name}, who has worked at {place} for {n} years, said the wages had not been paid since spring.",
    "Most residents of {town} blamed {gov} for {harm_noun}, according to a survey by {other}.",
    "Later that evening, {pro} {prosocial} the injured and carried them to the hospital.",
]
TITLES = ["Strike Enters {Ordinal} Week in {town}", "Clashes at {Place_bare} Leave {n} Injured",
          "Talks Collapse as Protest Spreads in {town}", "Officials Blame Agitators for Unrest in {town}",
          "Workers Demand Answers After Night of Violence"]
ORDINALS = ["Second", "Third", "Fourth", "Fifth"]
BIOS = ["{name} is a labour organizer in {town}.", "{name} is deputy minister of the interior.",
        "{name} is a correspondent for {outlet}."]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, rng: random.Random, outlet: str, town: str) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    gov, pro, other, place = rng.choice(GOV), rng.choice(PRO), rng.choice(OTHER), rng.choice(PLACES)
    values = {
        "gov": gov, "Gov": _cap(gov), "pro": pro, "Pro": _cap(pro), "pro_bare": pro.removeprefix("the "),
        "other": other, "Other": _cap(other), "name": name, "Name": name, "harm": rng.choice(HARM),
        "prosocial": rng.choice(PROSOCIAL), "harm_noun": rng.choice(HARM_NOUNS), "place": place,
        "Place_bare": " ".join(w.capitalize() for w in place.removeprefix("the ").split()),
        "day": rng.choice(DAYS), "demand": rng.choice(DEMANDS), "n": rng.randint(2, 40), "town": town,
        "outlet": outlet, "Ordinal": rng.choice(ORDINALS),
    }
    return template.format(**values)


def make_article(index: int, seed: int = 0) -> str:
    """The text of synthetic article ``index`` (same index and seed → same text)."""
    rng = random.Random(seed * 1_000_003 + index)
    outlet, town = rng.choice(OUTLETS), rng.choice(TOWNS)
    lines = [_fill(rng.choice(TITLES), rng, outlet, town), f"By {rng.choice(FIRST)} {rng.choice(LAST)}",
             f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2005, 2024)}", outlet]
    for _ in range(rng.randint(6, 12)):
        lines.append(" ".join(_fill(rng.choice(SENTENCES), rng, outlet, town) for _ in range(rng.randint(2, 4))))
    if rng.random() < 0.4:
        lines.append(_fill(rng.choice(BIOS), rng, outlet, town))
    return "\n\n".join(lines) + "\n"


def write_corpus(folder, n: int, seed: int = 0) -> list:
    """Write ``n`` articles as ``folder/article-00000.txt`` …; return the paths."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"article-{i:05d}.txt"
        path.write_text(make_article(i, seed), encoding="utf-8")
        paths.append(path)
    return paths
