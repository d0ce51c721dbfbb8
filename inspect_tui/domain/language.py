"""The victim-blaming language check: find phrases from the content's language list.

Pure: compiles the patterns of :class:`~inspect_tui.catalogue.models.Phrase` (see its
docstring for the syntax) into regular expressions and reports where they match.

- Case-insensitive, on word boundaries: "risky behaviour" matches "Risky behaviours" but
  "consensual" does not match inside "non-consensual".
- Each word may carry an ending (-s, -es, -ed, -ing): "prostitute" matches "prostitutes".
- ``{self}``/``{they}``/``{them}``/``{their}`` match the pronoun variants.
- One or two words may stand between the parts of a phrase: "risky behaviour" matches
  "risky sexual behaviour" and "putting herself at serious risk". Only words: a comma or a
  full stop between the parts ends the match. A phrase can narrow this (``max_gap``).
- Text inside quotation marks ("double", “curly” or ‘curly single’, or 'straight single'
  that opens after a space) is a quotation from provider records: it is not flagged, so an
  inspector can quote what the records say and show it is the provider's wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..catalogue.models import LanguageList, Phrase

PRONOUNS = {
    "self": ("herself", "himself", "themselves", "themself", "myself", "yourself",
             "yourselves", "ourselves", "oneself", "itself"),
    "they": ("she", "he", "they", "i", "we", "you"),
    "them": ("her", "him", "them", "me", "us", "you"),
    "their": ("her", "his", "their", "my", "our", "your"),
}
ENDING = r"(?:s|es|ed|ing)?"
_SEP = r"[\s-]+"  # "sexually active" also matches "sexually-active"
_WORD_BETWEEN = r"[\w'’]+[\s-]+"


def _gap(max_gap: int) -> str:
    """Between two parts of a phrase: a separator, then up to ``max_gap`` whole words."""
    return _SEP + (f"(?:{_WORD_BETWEEN}){{0,{max_gap}}}" if max_gap else "")
_TOKEN = re.compile(r"\{(\w+)\}|\(([^()]*)\)|([^\s(){}]+)")

# Quotation spans: double quotes, curly quotes, and a straight single quote that opens
# after a non-letter and closes before a non-letter (so "the children's home" is no quote).
_QUOTES = re.compile(
    r'"[^"]*"'
    r"|“[^”]*”"
    r"|‘[^’]*’"
    r"|(?<![\w])'(?=\w)[^'\n]*?(?<=[\w.!?,])'(?![\w])"
)


@dataclass(frozen=True)
class Flag:
    """A phrase found in text: ``text[start:end]`` matched ``phrase_id``.

    ``ask_only`` phrases are only wrong in some contexts ("boyfriend" for an adult):
    show them as a question, not as a correction. ``quoted`` is true when the match sits
    inside a quotation (only returned with ``include_quoted=True``).
    """

    start: int
    end: int
    phrase_id: str
    alternative: str
    ask_only: bool
    why: str = ""
    quoted: bool = False
    text: str = ""


def _word(word: str) -> str:
    return re.escape(word) + ENDING


def compile_pattern(pattern: str, max_gap: int = 2) -> re.Pattern[str]:
    parts = []
    for pronoun, group, word in _TOKEN.findall(pattern):
        if pronoun:
            if pronoun not in PRONOUNS:
                raise ValueError(f"unknown pronoun placeholder {{{pronoun}}} in {pattern!r}")
            parts.append("(?:" + "|".join(PRONOUNS[pronoun]) + ")")
        elif group:
            alternatives = [a.strip() for a in group.split("|") if a.strip()]
            parts.append("(?:" + "|".join(
                _SEP.join(_word(w) for w in alt.split()) for alt in alternatives) + ")")
        else:
            parts.append(_word(word))
    body = _gap(max_gap).join(parts)
    return re.compile(r"(?<![\w-])" + body + r"(?![\w])", re.IGNORECASE)


def required_words(pattern: str) -> tuple[str, ...]:
    """The plain words a match of ``pattern`` must contain (casefolded, endings aside):
    a text without one of them cannot match, so its regular expression need not run.
    Pronoun placeholders and alternatives require nothing; neither does a word with a
    letter outside ASCII (only ASCII is folded to match below)."""
    return tuple(word.casefold() for pronoun, group, word in _TOKEN.findall(pattern)
                 if word and word.isascii())


def _folded(text: str) -> str:
    """``text`` as the required words are looked for in it. Casefolding maps every
    character that a case-insensitive ASCII letter matches onto that letter (K, ſ, İ with
    its dot above dropped), except the dotless ı, mapped here. Looking in this for a word
    can find it where the pattern does not match, never the other way round."""
    return text.casefold().replace("ı", "i").replace("\u0307", "")


@dataclass(frozen=True)
class _Compiled:
    phrase: Phrase
    patterns: tuple[re.Pattern[str], ...]
    needs: tuple[tuple[str, ...], ...]  # per pattern: its required words


class LanguageMatcher:
    """Compiled once per language list; ``find_flags`` is cheap enough to run per keystroke:
    a pattern runs only on a text holding the plain words it needs (most texts hold the
    words of few phrases, and the check ran every pattern over the whole note per key)."""

    def __init__(self, phrases: Iterable[Phrase]):
        self._compiled = tuple(
            _Compiled(p, tuple(compile_pattern(pat, p.max_gap) for pat in p.patterns),
                      tuple(required_words(pat) for pat in p.patterns))
            for p in phrases)

    def find_flags(self, text: str, include_quoted: bool = False) -> list[Flag]:
        if not text:
            return []
        quotes = [m.span() for m in _QUOTES.finditer(text)]
        folded = _folded(text)
        candidates: list[Flag] = []
        for compiled in self._compiled:
            phrase = compiled.phrase
            for pattern, needs in zip(compiled.patterns, compiled.needs, strict=True):
                if not all(word in folded for word in needs):
                    continue
                for m in pattern.finditer(text):
                    quoted = any(qs < m.start() and m.end() < qe for qs, qe in quotes)
                    if quoted and not include_quoted:
                        continue
                    candidates.append(Flag(m.start(), m.end(), phrase.id,
                                           " ".join(phrase.alternative.split()),
                                           phrase.ask_only, " ".join(phrase.why.split()),
                                           quoted, m.group(0)))
        # Overlapping matches: a firm flag beats an ask-only one, then the longer span.
        candidates.sort(key=lambda f: (f.ask_only, f.start - f.end, f.start))
        kept: list[Flag] = []
        for flag in candidates:
            if all(flag.end <= k.start or flag.start >= k.end for k in kept):
                kept.append(flag)
        return sorted(kept, key=lambda f: f.start)


_MATCHERS: dict[int, tuple[LanguageList, LanguageMatcher]] = {}


def matcher_for(language: LanguageList) -> LanguageMatcher:
    """One compiled matcher per loaded language list (content models are not hashable)."""
    hit = _MATCHERS.get(id(language))
    if hit is None or hit[0] is not language:
        hit = (language, LanguageMatcher(language.phrases))
        _MATCHERS[id(language)] = hit
    return hit[1]


def default_matcher() -> LanguageMatcher:
    from ..catalogue import default_catalogue

    return matcher_for(default_catalogue().language)


def find_flags(text: str, language: LanguageList | None = None,
               include_quoted: bool = False) -> list[Flag]:
    """Flags in ``text`` against ``language`` (default: the bundled language list)."""
    matcher = matcher_for(language) if language is not None else default_matcher()
    return matcher.find_flags(text, include_quoted=include_quoted)
