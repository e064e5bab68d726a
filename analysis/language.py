"""Is a text English? A small, deterministic check with no model and no download.

Every score in the package (the spaCy parse, VADER, the cue and side lexicons) is English-only,
so :func:`analysis.reader.read_text` asks :func:`detect_language` before a text is scored:

1. **Script.** Letters are counted by Unicode script (from ``unicodedata.name``). When most letters
   are not Latin, the text is not English; Cyrillic is called Russian when it uses only the Russian
   alphabet, Ukrainian when it has the letters only Ukrainian uses, else "a Cyrillic-script language".
2. **Function words.** For a Latin-script text, the share of word tokens that are English function
   words ("the", "of", "and", "said", ...) is compared with the share for a few other languages.
   English news prose scores about 0.35–0.50; other Latin-script languages score under 0.12.

A text with fewer than :data:`MIN_WORDS` words (or :data:`MIN_LETTERS` letters) is too short to judge,
and a Latin-script text with few English function words but no other recognised language (a list of
names, a table, a language not listed in :data:`OTHERS`) is not named: both are reported as
``confident=False`` and the reader only warns. Only a confident non-English guess stops scoring. The result is the same on every
run and every machine (no randomness, no hash-order dependence).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MIN_WORDS = 20  # fewer words than this: too short to judge
MIN_LETTERS = 60
ENGLISH_MIN_RATIO = 0.18  # share of English function words above which a Latin text is English
ENGLISH_WEAK_RATIO = 0.10  # ... or above this, when no other language's share is higher
NAMED_MIN_RATIO = 0.08  # share of another language's function words needed to name that language
SAMPLE_CHARS = 60_000  # longer texts are sampled (start, middle, end) to keep the check fast

ENGLISH = frozenset("""
a about above after again against all also although am an and any are aren't as at be because been
before being below between both but by can could did didn't do does doesn't doing don't down during
each either few for from further had hadn't has hasn't have haven't having he her here hers herself
him himself his how however i if in into is isn't it it's its itself just least less may me might
more most must my myself neither no nor not now of off on once only or other ought our ours
ourselves out over own said same says she should since so some such than that the their theirs them
themselves then there these they this those though through to too under until up upon very was
wasn't we were weren't what when where whether which while who whom whose why will with within
without would yet you your yours yourself
""".split())

# Function words of other Latin-script languages that are not also English words.
OTHERS: dict[str, tuple[str, frozenset]] = {
    "fr": ("French", frozenset("""le la les des est et une du que qui dans pour pas sur au aux avec ce
        cette sont ont été il elle ils nous vous leur mais où par plus son sa ses à se ne y lui été""".split())),
    "es": ("Spanish", frozenset("""el la los las de del y que en un una es por con para se su sus al lo
        como más pero fue ha han este esta están muy sin sobre también""".split())),
    "pt": ("Portuguese", frozenset("""o os as da do das dos e é em um uma não com para por que se na no nas
        nos foi são ao mais mas ele ela também pelo pela""".split())),
    "de": ("German", frozenset("""der die das und ist nicht mit sich des dem den ein eine einen zu auf für
        von im auch es sie wir wurde werden sind bei nach aus oder ich er""".split())),
    "it": ("Italian", frozenset("""il lo la gli le di che e è per non un una con del della dei sono si da al
        nel ha anche più questo""".split())),
    "nl": ("Dutch", frozenset("""de het een en van niet dat die op met voor zijn er aan ook bij werd wordt
        maar naar om heeft ze""".split())),
    "pl": ("Polish", frozenset("""i w z na się nie do to że jest jak ale po co przez od za są który""".split())),
    "tr": ("Turkish", frozenset("""ve bir bu da de için ile olarak daha çok ama gibi olan sonra değil göre
        ancak ise kadar""".split())),
    "id": ("Indonesian/Malay", frozenset("""yang dan di ini itu dengan untuk tidak dari dalam akan pada juga
        ke karena ada oleh bahwa para tersebut atas""".split())),
    "sv": ("Swedish/Norwegian/Danish", frozenset("""och att det som en är på för med av och ikke til er
        har den jeg ett inte""".split())),
    "ro": ("Romanian", frozenset("""și în cu pe care este de la nu un o să din mai""".split())),
}

SCRIPT_NAMES = {
    "LATIN": "Latin", "CYRILLIC": "Cyrillic", "GREEK": "Greek", "ARABIC": "Arabic", "HEBREW": "Hebrew",
    "CJK": "Han", "HIRAGANA": "Kana", "KATAKANA": "Kana", "HANGUL": "Hangul",
    "DEVANAGARI": "Devanagari", "BENGALI": "Bengali", "THAI": "Thai", "GEORGIAN": "Georgian",
    "ARMENIAN": "Armenian", "TAMIL": "Tamil", "ETHIOPIC": "Ethiopic",
}
SCRIPT_LANGUAGES = {  # a script that names its language well enough
    "Greek": ("el", "Greek"), "Hebrew": ("he", "Hebrew"), "Hangul": ("ko", "Korean"), "Arabic": ("ar", "Arabic"),
    "Kana": ("ja", "Japanese"), "Han": ("zh", "Chinese"), "Georgian": ("ka", "Georgian"),
    "Armenian": ("hy", "Armenian"), "Thai": ("th", "Thai"),
}
UKRAINIAN_LETTERS = set("ієїґІЄЇҐ")
RUSSIAN_LETTERS = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class LanguageGuess:
    """What :func:`detect_language` found. ``code`` is ISO 639-1 where known, ``und`` if undetermined."""

    code: str
    name: str
    script: str
    english: bool
    confident: bool
    english_ratio: float
    n_words: int

    def describe(self) -> str:
        if self.script not in ("Latin", "none") and "script" not in self.name:
            return f"{self.name} ({self.script} script)"
        return self.name


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    third = SAMPLE_CHARS // 3
    middle = len(text) // 2 - third // 2
    return " ".join((text[:third], text[middle:middle + third], text[-third:]))


def _script(ch: str) -> str:
    if ch < "\u0250":  # ASCII, Latin-1 and Latin Extended-A/B
        return "Latin"
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in SCRIPT_NAMES:
        return SCRIPT_NAMES[first]
    if name.startswith(("HANGUL", "CJK")):
        return SCRIPT_NAMES["HANGUL" if name.startswith("HANGUL") else "CJK"]
    return first.title() if first else "Unknown"


def script_counts(text: str) -> dict[str, int]:
    """Letters per Unicode script."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = _script(ch)
            counts[script] = counts.get(script, 0) + 1
    return counts


def detect_language(text: str) -> LanguageGuess:
    """Guess whether ``text`` is English (see the module docstring for the method and thresholds)."""
    sample = _sample(text)
    scripts = script_counts(sample)
    letters = sum(scripts.values())
    words = [w.lower().replace("’", "'") for w in _WORD.findall(sample)]
    n_words = len(words)
    english_hits = sum(w in ENGLISH for w in words)
    ratio = round(english_hits / n_words, 4) if n_words else 0.0
    if letters == 0:
        return LanguageGuess("und", "no letters", "none", True, False, ratio, n_words)
    script, top = max(sorted(scripts.items()), key=lambda kv: kv[1])
    latin_share = scripts.get("Latin", 0) / letters
    confident = n_words >= MIN_WORDS and letters >= MIN_LETTERS
    if latin_share < 0.5:
        code, name = SCRIPT_LANGUAGES.get(script, ("und", f"{script} script"))
        if script == "Cyrillic":
            cyrillic_used = {ch for ch in set(sample) if ch.isalpha() and _script(ch) == "Cyrillic"}
            if cyrillic_used & UKRAINIAN_LETTERS and cyrillic_used <= RUSSIAN_LETTERS | UKRAINIAN_LETTERS:
                code, name = "uk", "Ukrainian"
            elif cyrillic_used <= RUSSIAN_LETTERS:
                code, name = "ru", "Russian"
            else:
                code, name = "und", "a Cyrillic-script language"
        if script == "Han" and scripts.get("Kana", 0) > 0.05 * letters:
            code, name = "ja", "Japanese"
        # Words are not a measure for scripts written without spaces; letters are, for all of them.
        sure = letters >= (MIN_LETTERS // 3 if script in ("Han", "Kana", "Hangul") else MIN_LETTERS)
        return LanguageGuess(code, name, script, False, sure, ratio, n_words)
    if not confident:
        return LanguageGuess("und", "too short to tell", "Latin", True, False, ratio, n_words)
    others = sorted(((sum(w in vocab for w in words) / n_words, code, name)
                     for code, (name, vocab) in OTHERS.items()), reverse=True)
    best_ratio, best_code, best_name = others[0]
    if ratio >= ENGLISH_MIN_RATIO or (ratio >= ENGLISH_WEAK_RATIO and ratio >= best_ratio):
        return LanguageGuess("en", "English", "Latin", True, True, ratio, n_words)
    if best_ratio >= NAMED_MIN_RATIO and best_ratio > ratio:
        return LanguageGuess(best_code, best_name, "Latin", False, True, ratio, n_words)
    # Few English function words, but no other language recognised either (a list of names, a table,
    # a language not in OTHERS): say so, but do not claim to be sure.
    return LanguageGuess("und", "an unidentified Latin-script language", "Latin", False, False, ratio, n_words)
