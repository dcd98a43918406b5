"""The Language interface and the machinery every language module reuses (with numbers.py: Roman
numerals and numbers in words, whose names are re-exported here).

Everything here works on plain strings. Offsets (Token, NumberMention, DateMention,
Mention) always point into the text the caller passed in, never into a folded copy.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .numbers import NumberReader, NumberWord, roman_value

if TYPE_CHECKING:
    from .dates import DateMention, Dating
    from .forms import FormIndex
    from .statements import Negation, StatementGrammar

__all__ = [
    "Language", "Mention", "NumberMention", "NumberWord", "Token", "UnknownLanguageError", "roman_value",
]


@dataclass(frozen=True)
class Token:
    surface: str
    start: int
    end: int
    key: str  # folded lemma or stem used for matching


@dataclass(frozen=True)
class NumberMention:
    value: int
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    key: str
    start: int
    end: int
    surface: str


class UnknownLanguageError(ValueError):
    def __init__(self, code: object):
        self.code = code
        super().__init__(
            f"unknown language code {code!r}: expected an ISO 639 code of 2-3 lowercase "
            f"letters such as 'ru', 'zh', 'la' or 'mnc'"
        )


# ---------------------------------------------------------------------------
# Small shared helpers

LETTER = r"[^\W\d_]"
# A word: letters/digits, with combining marks kept inside (decomposed й, accents).
WORD_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0483-\u0489])+")
# Whole digit runs that are not part of a decimal number such as 1.5 or 2,75. A longer run than
# MAX_NUMBER_DIGITS is no quantity a treaty states (a number, a sum, a year), and is not read as one.
MAX_NUMBER_DIGITS = 30
DIGITS_RE = re.compile(rf"(?<!\d)(?<!\d[.,])\d{{1,{MAX_NUMBER_DIGITS}}}(?![.,]?\d)")
# What may separate the words of one multiword number or lexicon form.
JOINING_GAP_RE = re.compile(r"[\s\-'’]*")
NUMBER_GAP_RE = re.compile(r"\s*-?\s*")

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))  # soft hyphen, zero-width space…
_QUOTES_AND_DASHES = str.maketrans({
    "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‟": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'",
    "\u2010": "-", "\u2011": "-",  # hyphen variants
    "\u2012": "—", "\u2013": "—", "\u2015": "—",  # figure dash, en dash, horizontal bar
})
_WHITESPACE_RE = re.compile(r"\s+")
# What closes a quotation once normalize() has unified the typographic quotes.
_QUOTATION_CLOSERS = "\"'"


def select_longest(candidates: Iterable[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Non-overlapping (start, end, item) triples, preferring the longer span, then the earlier."""
    chosen: list[tuple[int, int, object]] = []
    for start, end, item in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, item))
    return sorted(chosen, key=lambda c: c[0])


# ---------------------------------------------------------------------------
# The interface

_CLAUSE_END_RE = re.compile(r"[.!?;]+[\"'»”’)\]]*(?=\s|$)")
_LAST_WORD_RE = re.compile(r"[(\[\"'«“]*(\S+)$")
_ABBREVIATION_WINDOW = 64  # characters before a dot in which its word is looked for: abbreviations are short
# "1.", "IV." but not "V. F. Bratishchev"; without a label only I, V, X (Cyrillic І, Х) count as
# Roman digits, since a line opening "C. Julius" or "D. Pereira" names a person, not article 100/500.
# An article number has at most MAX_HEADING_DIGITS digits ("Статья 1000", "Pasal 12345"; a text
# would need gigabytes to number more articles); default_heading() writes every such number.
MAX_HEADING_DIGITS = 9
_BARE_HEADING_RE = re.compile(rf"\s*(\d{{1,{MAX_HEADING_DIGITS}}}|[IVXІХ]+)\.(?=\s|$)(?!\s*{LETTER}\.)")
_HEADING_NUMBER_RE = re.compile(rf"(\d{{1,{MAX_HEADING_DIGITS}}}|[IVXLCDMІХСМⅠ-ↈ]+)(?!{LETTER}|\d)")
_HEADING_END_RE = re.compile(r"\s*[.:]?")


class Language:
    """Text rules of one language. Subclasses set the class attributes and override hooks."""

    code: str = ""
    name: str = ""
    abbreviations: frozenset[str] = frozenset()  # casefolded, without the final dot
    heading_labels: str | None = None            # regex of words introducing an article number
    heading_template: str = "{n}."               # how default_heading() writes article n
    heading_number_suffix: str = ""              # e.g. Russian "-я" in "Статья 1-я"
    number_words: Mapping[str, NumberWord] = {}   # folded word -> its part in a spelled-out number
    number_joiners: frozenset[str] = frozenset()  # "and" in "one hundred and twelve"
    dating: Dating | None = None                 # the dating formulae (comparer.lang.dates)
    statements: StatementGrammar | None = None   # negation and statement rules (comparer.lang.statements)
    script: str | None = None                    # regex class of the letters this language is written in
    number_idioms: str | None = None             # regex of phrases whose number words are no number
    clause_end: re.Pattern = _CLAUSE_END_RE      # punctuation that may end a clause
    quotation_marks: str = ""                    # quotation marks besides " « » „ “ ” (which normalize() unifies)
    referring_words: frozenset[str] = frozenset()  # folded words or lemmas that refer back ("its", 其, "ее")
    # Two lists of words, the first of which followed by the second names a treaty's two parties
    # together ("обоих государств", 兩國): (the words for "both", the words for "state").
    both_parties: tuple[str, str] | None = None
    # Units of measure: a word in its dictionary form -> the unit (comparer.units) a number before it counts.
    unit_words: Mapping[str, str] = {}
    # What may stand between groups of three digits (1 000 000); a comma or a dot only where the
    # language does not write decimals with it.
    thousands_separators: str = " \u00a0\u202f\u2009"

    def __init__(self) -> None:
        self._words: dict[str, tuple[str, str]] = {}  # surface -> (folded, key)
        self._heading_label_re = (
            re.compile(rf"\s*(?:{self.heading_labels})(?!{LETTER})\s*", re.IGNORECASE)
            if self.heading_labels else None
        )
        self._heading_suffix_re = (
            re.compile(self.heading_number_suffix, re.IGNORECASE) if self.heading_number_suffix else None
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code!r}>"

    def written_in_script(self, text: str, share: float = 0.3) -> bool:
        """Whether at least `share` of the letters are in this language's script (always true
        for languages without a declared script): catches a Chinese file passed as Russian."""
        if self.script is None:
            return True
        letters = [ch for ch in text if ch.isalpha()]
        if not letters:
            return False
        own = sum(1 for ch in letters if re.match(self.script, ch))
        return own / len(letters) >= share

    # -- text forms ---------------------------------------------------------

    def normalize(self, text: str) -> str:
        """NFC; one space for any whitespace run; typographic quotes and dashes unified."""
        text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_QUOTES_AND_DASHES)
        return _WHITESPACE_RE.sub(" ", text).strip()

    def fold(self, text: str) -> str:
        """The matching form: normalized and case-folded; languages add spelling folds."""
        return self.normalize(text).casefold()

    def derivation_stem(self, key: str) -> str:
        """The part of a word key its derived forms keep: граница → грани (пограничный), Амур → аму."""
        return key[:max(3, len(key) - (2 if len(key) >= 6 else 1))]

    def may_derive(self, word_key: str, base_key: str) -> bool:
        """Could `word_key` be a word derived from `base_key` (амурский from Амур, пограничный from
        граница), not one that merely shares its first letters? Used only to hold findings back."""
        stem = self.derivation_stem(base_key)
        return stem in word_key and len(word_key) >= len(stem) + 2

    def word_key(self, folded_word: str) -> str:
        """Key of one folded word: its lemma or stem. The default is the folded word itself."""
        return folded_word

    def key_variants(self, token: Token) -> frozenset[str]:
        """Every key the token could stand for; lexicon matching accepts any of them."""
        return frozenset((token.key,))

    # -- tokens -------------------------------------------------------------

    def tokenize(self, text: str) -> list[Token]:
        word = self._word
        return [Token(m.group(), m.start(), m.end(), word(m.group())[1]) for m in WORD_RE.finditer(text)]

    def fold_word(self, surface: str) -> str:
        """fold() of a single word, cached."""
        return self._word(surface)[0]

    def _word(self, surface: str) -> tuple[str, str]:
        cached = self._words.get(surface)
        if cached is None:
            folded = self.fold(surface)
            cached = self._words[surface] = (folded, self.word_key(folded))
        return cached

    # -- numbers ------------------------------------------------------------

    def numbers(self, text: str) -> list[NumberMention]:
        """Numbers in digits (grouped by thousands as the language groups them: 1 000 000), with the
        scale word after them (600 тысяч, 5 million), and numbers in words."""
        tokens = self.tokenize(text)
        found = self._digit_numbers(text, tokens)
        taken = {i for m in found for i in range(m.start, m.end)}
        words = [t for t in tokens if t.start not in taken]
        found += self._spelled_numbers(text, words)
        return sorted(found, key=lambda mention: mention.start)

    @cached_property
    def _grouped_digits_re(self) -> re.Pattern | None:
        if not self.thousands_separators:
            return None
        separator = f"[{re.escape(self.thousands_separators)}]"
        return re.compile(rf"(?<![\d.,])\d{{1,3}}(?:(?P<sep>{separator})\d{{3}})(?:(?P=sep)\d{{3}})*(?![.,]?\d)")

    def _digit_numbers(self, text: str, tokens: list[Token]) -> list[NumberMention]:
        found: list[NumberMention] = []
        if self._grouped_digits_re is not None:
            for m in self._grouped_digits_re.finditer(text):
                digits = re.sub(r"\D", "", m.group())
                if len(digits) <= MAX_NUMBER_DIGITS:
                    found.append(NumberMention(int(digits), m.group(), m.start(), m.end()))
        grouped = {i for n in found for i in range(n.start, n.end)}
        found += [NumberMention(int(m.group()), m.group(), m.start(), m.end()) for m in DIGITS_RE.finditer(text)
                  if m.start() not in grouped]
        starts = [t.start for t in tokens]
        return [self._with_scale(text, tokens, starts, mention) for mention in found]

    def _with_scale(self, text: str, tokens: list[Token], starts: list[int], mention: NumberMention) -> NumberMention:
        """A number in digits with the scale word right after it: 600 тысяч is 600,000."""
        at = bisect_left(starts, mention.end)
        after = tokens[at] if at < len(tokens) else None
        word = self.number_word(after) if after is not None else None
        if word is None or not word.scale or text[mention.end:after.start].strip():
            return mention
        return NumberMention(mention.value * word.value, text[mention.start:after.end], mention.start, after.end)

    def counts(self, text: str, number: NumberMention) -> bool:
        """Is the number a quantity rather than part of a name? In alphabetic scripts a number
        is never part of a name."""
        return True

    def number_word(self, token: Token) -> NumberWord | None:
        return self.number_words.get(self.fold_word(token.surface))

    def _spelled_numbers(self, text: str, tokens: list[Token]) -> list[NumberMention]:
        if self.number_idioms:
            idioms = [m.span() for m in re.finditer(self.number_idioms, text, re.IGNORECASE)]
            tokens = [t for t in tokens if not any(a <= t.start < b for a, b in idioms)]
        found, i = [], 0
        while i < len(tokens):
            read = self._read_number(text, tokens, i)
            if read is None:
                i += 1
                continue
            value, last = read
            start, end = tokens[i].start, tokens[last].end
            found.append(NumberMention(value, text[start:end], start, end))
            i = last + 1
        return found

    def _read_number(self, text: str, tokens: list[Token], first: int) -> tuple[int, int] | None:
        reader, best = NumberReader(), None
        for i in range(first, len(tokens)):
            if i > first and not NUMBER_GAP_RE.fullmatch(text[tokens[i - 1].end:tokens[i].start]):
                break
            word = self.number_word(tokens[i])
            if word is None:
                if i > first and self.fold_word(tokens[i].surface) in self.number_joiners:
                    continue
                break
            if not reader.add(word):
                break
            best = (reader.value, i)
        return best

    # -- dates --------------------------------------------------------------

    def dates(self, text: str) -> list[DateMention]:
        return self.dating.find(text) if self.dating else []

    def negations(self, text: str) -> list[Negation]:
        """The negators in a text with the words each negates (none for a language without rules)."""
        return self.statements.negations(self, text) if self.statements else []

    def closes_quotation(self, text: str) -> bool:
        """Does the text end by closing a quotation after its last sentence mark ("…go!'",
        “…完了。”)?  A quoted word before the final mark ("called 'Aroma'.") does not."""
        normal = self.normalize(text)
        last = None
        for last in self.clause_end.finditer(normal):
            pass
        return (last is not None and last.end() == len(normal)
                and any(mark in last.group() for mark in _QUOTATION_CLOSERS + self.quotation_marks))

    # -- clauses ------------------------------------------------------------

    def split_clauses(self, text: str) -> list[str]:
        """Sentences and semicolon clauses of unsegmented text, each stripped."""
        clauses, start = [], 0
        for match in self.clause_end.finditer(text):
            if not self._ends_clause(text, start, match):
                continue
            clause = text[start:match.end()].strip()
            if clause:
                clauses.append(clause)
            start = match.end()
        rest = text[start:].strip()
        if rest:
            clauses.append(rest)
        return clauses

    def _ends_clause(self, text: str, start: int, match: re.Match) -> bool:
        if set(match.group()) & set("!?;"):
            return True
        before = text[start:match.start()]
        last = _LAST_WORD_RE.search(before)
        if last:
            word = last.group(1)
            if before.strip() == word and (word.isdigit() or roman_value(word)):
                return False  # a leading article number: "1. Река Амур…"
            if self._is_abbreviation(word):
                return False
        following = text[match.end():].lstrip()[:1]
        return not (following.isalpha() and following.islower())

    def _is_abbreviation(self, word: str) -> bool:
        folded = word.casefold()
        if folded in self.abbreviations:
            return True
        if len(word) == 1 and word.isalpha():
            return True  # an initial ("Н. Н. Муравьев") or a one-letter abbreviation ("т. е.")
        parts = folded.split(".")
        return len(parts) > 1 and all(part.isalpha() and len(part) <= 3 for part in parts)  # т.е, e.g, O.S

    # -- article headings ---------------------------------------------------

    def article_heading(self, line: str) -> int | None:
        """The article number if the whole line is an article heading, else None."""
        found = self.article_heading_prefix(line)
        if found is None or line[found[1]:].strip():
            return None
        return found[0]

    def article_heading_prefix(self, line: str) -> tuple[int, int] | None:
        """(article number, offset where the text after the heading starts) if `line` opens
        with an article heading ("Статья 3. Текст…", or a bare "3." / "III."), else None."""
        label = self._heading_label_re.match(line) if self._heading_label_re else None
        if label:
            found = self._heading_number(line, label.end())
        else:
            bare = _BARE_HEADING_RE.match(line)
            found = bare and self._number_value(bare.group(1), bare.end(1))
        if not found or found[0] < 1:
            return None
        value, end = found
        return value, _HEADING_END_RE.match(line, end).end()

    def default_heading(self, number: int) -> str:
        """The usual heading of article `number`; article_heading() reads it back."""
        return self.heading_template.format(n=number)

    def _heading_number(self, line: str, pos: int) -> tuple[int, int] | None:
        match = _HEADING_NUMBER_RE.match(line, pos)
        if match:
            found = self._number_value(match.group(1), match.end())
            if found and self._heading_suffix_re:
                suffix = self._heading_suffix_re.match(line, found[1])
                found = (found[0], suffix.end()) if suffix else found
            return found
        spelled = self._spelled_numbers(line[pos:], self.tokenize(line[pos:]))
        if spelled and spelled[0].start == 0:
            return spelled[0].value, pos + spelled[0].end
        return None

    @staticmethod
    def _number_value(text: str, end: int) -> tuple[int, int] | None:
        value = int(text) if text.isdigit() else roman_value(text)
        return (value, end) if value else None

    def references(self, text: str) -> list[int]:
        """Where the text refers back to something named before ("its south bank", 其南岸, "ее
        устье"): a name it does not repeat may be meant there."""
        return [t.start for t in self.tokenize(text)
                if t.key in self.referring_words or self.fold_word(t.surface) in self.referring_words]

    @cached_property
    def _both_parties_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        first, second = (frozenset(k for t in self.tokenize(words) for k in self.key_variants(t))
                         for words in self.both_parties or ("", ""))
        return first, second

    @cached_property
    def _unit_keys(self) -> dict[str, str]:
        return {key: unit for word, unit in self.unit_words.items()
                for token in self.tokenize(word) for key in self.key_variants(token)}

    def unit_after(self, text: str, end: int) -> str | None:
        """The unit of the number that ends at `end`: the word right after it, if it names one
        (20 верст, 四十里, 40 li)."""
        if not self.unit_words:
            return None
        tokens = self.tokenize(text[end:end + 40])
        if not tokens or text[end:end + tokens[0].start].strip():
            return None
        return next((self._unit_keys[k] for k in self.key_variants(tokens[0]) if k in self._unit_keys), None)

    def names_both_parties(self, text: str) -> bool:
        """Does the text name the two parties of a treaty together (兩國, обоих государств, kedua
        negara, "both states")?"""
        if self.both_parties is None:
            return False
        first, second = self._both_parties_keys
        tokens = self.tokenize(text)
        return any(self.key_variants(a) & first and self.key_variants(b) & second
                   and not text[a.end:b.start].strip() for a, b in zip(tokens, tokens[1:]))

    # -- names --------------------------------------------------------------

    max_name_words: int = 4                       # a name written in letters is at most this many words
    name_stopwords: frozenset[str] = frozenset()  # casefolded words written with a capital that are no name

    def name_forms(self, surface: str) -> tuple[str, ...]:
        """The forms a name written `surface` may have in a dictionary: the surface itself and,
        in languages that inflect names, the surface without its ending (Тянь-Цзине → Тянь-Цзин)."""
        return (surface,)

    def name_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, surface) where this text may write a name: each run of up to
        max_name_words words joined by hyphens, spaces or apostrophes that starts with a capital
        or holds a hyphen (ли-фань-юань), without the name_stopwords (Sungai in "Sungai Amur" is
        "river", however like Сунгари it looks). A transcription of a name from another version is
        looked for among them."""
        tokens = [t for t in self.tokenize(text)
                  if not t.surface.isdigit() and self.fold_word(t.surface) not in self.name_stopwords]
        spans = []
        for i, first in enumerate(tokens):
            capital = first.surface[:1].isupper()
            for j in range(i, min(len(tokens), i + self.max_name_words)):
                gap = text[tokens[j - 1].end:tokens[j].start] if j > i else ""
                if j > i and not JOINING_GAP_RE.fullmatch(gap):
                    break
                if capital or "-" in text[first.end:tokens[j].start]:
                    spans.append((first.start, tokens[j].end, text[first.start:tokens[j].end]))
        return spans

    def proper_names(self, text: str) -> list[tuple[int, int, str]]:
        """The names this text writes by the rules of its script, whether a lexicon knows them or
        not: runs of words written with a capital (a hyphenated word counts as one: Belen-he,
        И-Шань) that is_name_word() accepts; a single letter or a Roman numeral names nothing."""
        words = self._hyphenated_words(text)
        names: list[list[tuple[int, int]]] = []
        last = -2  # the index in `words` of the last word of the last run
        for n, (start, end) in enumerate(words):
            surface = text[start:end]
            if not surface[:1].isupper() or len(surface) < 2 or roman_value(surface) is not None \
                    or not self.is_name_word(surface, self._sentence_initial(text, start)):
                continue
            run = names[-1] if names else None
            if run and last == n - 1 and not text[run[-1][1]:start].strip() and len(run) < self.max_name_words:
                run.append((start, end))
            else:
                names.append([(start, end)])
            last = n
        return [(run[0][0], run[-1][1], text[run[0][0]:run[-1][1]]) for run in names]

    def is_name_word(self, word: str, initial: bool) -> bool:
        """Is this word written with a capital part of a name? Not at the start of a sentence
        (where every word has a capital), nor when it is one of the language's name_stopwords
        (titles, honorifics, "River" in "River Amur")."""
        return not initial and self.fold(word) not in self.name_stopwords

    def _hyphenated_words(self, text: str) -> list[tuple[int, int]]:
        """Spans of the words of a text, words joined by a hyphen counting as one."""
        words: list[tuple[int, int]] = []
        for token in self.tokenize(text):
            if token.surface.isdigit():
                continue
            if words and text[words[-1][1]:token.start] == "-":
                words[-1] = (words[-1][0], token.end)
            else:
                words.append((token.start, token.end))
        return words

    def _sentence_initial(self, text: str, start: int) -> bool:
        """Does a sentence (or the clause) start at `start`? A dot after an abbreviation or an
        initial ("р. Амура", "Н. Муравьев") ends no sentence."""
        end = start  # read back from `start`, not a copy of all the text before it (a long clause has many names)
        while end > 0 and text[end - 1] in " \"'«“„([—-":
            end -= 1
        if end == 0:
            return True
        if text[end - 1] in "!?:;":
            return True
        if text[end - 1] != ".":
            return False
        last = _LAST_WORD_RE.search(text, max(0, end - 1 - _ABBREVIATION_WINDOW), end - 1)
        return not (last and self._is_abbreviation(last.group(1)))

    # -- lexicon ------------------------------------------------------------

    def compile_forms(self, forms: Mapping[str, Iterable[str]],
                      bound: Mapping[str, Iterable[str]] | None = None,
                      names: Mapping[str, Iterable[str]] | None = None) -> FormIndex:
        """An index finding these lexicon forms (entry id -> forms) in texts of this language;
        `bound` holds bound-morpheme patterns (forms.BoundForm) per entry, `names` other
        languages' spellings of names, found only by their name key (transliteration)."""
        from .forms import FormIndex

        return FormIndex(self, forms, bound, names)
