"""Names across scripts: one name written in Chinese characters, in Cyrillic and in Latin letters.

A Chinese name reaches a Russian, Latin-script or Indonesian text by transcription of its
readings; a Russian name reaches a Latin-script text (and back) by transliteration. Both are
compared here in one space, the *name key*: Cyrillic transliterated to Latin letters, case,
hyphens, spaces, apostrophes and tone marks dropped, and the letters that the period's systems
and editions write differently folded together (ё/е, soft signs, ts/tz, Hsien/Hien, -фын/-фэн,
Mouravieff/Murawjew/Muravyov). A Chinese form has one key per reading: pinyin, the Russian
(Palladius) transcription and Wade–Giles, every reading of a character that has several
(pypinyin's heteronyms). Two forms name the same thing when their keys are close enough
(`THRESHOLD`, measured by `benchmarks/transcription_threshold.py` on
`tests/data/transcription_pairs.tsv`).

    from comparer.lang.transcription import same_name, find_counterpart
    same_name("興凱湖", "zh", "Хинкай", "ru")                      # True
    find_counterpart("ли-фань-юань", "ru", "由薩那特衙門及理藩院行文", "zh")  # the span 理藩院

The lexicon stays the authority: callers pass the spans a lexicon entry already accounts for as
`blocked`, so a transcription never pairs a name with another entry's form (什勒喀 is Шилка
because the lexicon says so, not by its readings). Every reading is computed once per distinct
string (pypinyin is slow: ~0.3 ms a call).
"""

from __future__ import annotations

import math
import os
import re
from bisect import bisect_left
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, product

from rapidfuzz import fuzz, process

__all__ = ["MIN_FUZZY_KEY", "THRESHOLD", "Counterpart", "find_counterpart", "find_keys", "han_keys", "han_windows",
           "is_han", "name_key", "name_keys", "same_name", "score", "similarity"]

# Similarity (rapidfuzz ratio, 0-100) from which two name keys are taken for one name, measured on
# true pairs and hard negatives (benchmarks/transcription_threshold.py): the highest threshold that
# still finds every transcription and transliteration of the set (recall 1.0, precision 0.94; at
# 87.5 one is lost). A transcription the matcher misses becomes a false finding, while two names it
# takes for one only hide a finding, so recall decides.
THRESHOLD = 85.0
# Keys shorter than this (li, he, amur's "amu") match only when equal: a ratio says little there.
MIN_FUZZY_KEY = 4
# A Chinese name written by sound is two to six characters (伊犁, 特穆爾圖淖爾).
MIN_HAN_NAME, MAX_HAN_NAME = 2, 6
# The most letters a language's base form of a name drops from its written form (an ending).
MAX_ENDING = 4
# Heteronym combinations read per system and string: beyond this the first readings are used.
MAX_COMBINATIONS = 16

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RE = re.compile(f"[{_HAN}]")
_HAN_RUN_RE = re.compile(f"[{_HAN}]+")

# Period Russian spellings of Palladius syllables: Сян-фын for Сяньфэн, Пын, Мын.
_CYRILLIC_FOLDS = [(re.compile(r"(?<=[пмф])ы(?=н)"), "э")]
# е starts a syllable (Ермак / Yermak, Муравьев / Muravyev) at the start of a word and after a
# vowel or a sign; a sign before any other vowel is the y of Ильина / Ilyina. (ё and й are е and
# и once their marks are gone.)
_YE_RE = re.compile(r"(?:(?<![а-яѣіѵѳ])|(?<=[аеиоуыэюяѣіѵъь]))е")
_SIGN_Y_RE = re.compile(r"[ьъ](?=[аиоуыэѣіѵ])")
_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "э": "e",
    "ю": "yu", "я": "ya", "і": "i", "ѳ": "f", "ѵ": "i", "ѣ": "e", "ь": "", "ъ": "",
})
_COMBINING_RE = re.compile(r"[\u0300-\u036f]")
_DOUBLED_RE = re.compile(r"(.)\1+")
# Applied in order to the transliterated key: the letters systems and editions write differently.
_LATIN_FOLDS = [
    (re.compile(r"kh"), "h"),                       # Khabarov / Хабаров
    (re.compile(r"tz"), "ts"),                      # Wade–Giles tz / ts
    (re.compile(r"hs"), "h"),                       # Hsien / Hien
    (re.compile(r"ou"), "u"),                       # French Mouravieff
    (re.compile(r"w"), "v"),                        # German Murawjew; pinyin wang / Palladius ван
    (re.compile(r"j(?=[aeou])"), "y"),              # German je, ja
    (re.compile(r"ff$"), "v"),                      # French -eff for Russian -ев
    (re.compile(r"(?<=[bcdfghklmnpqrstvxz])i(?=[aeou])"), "y"),  # tian / тянь, Mouravieff
    (re.compile(r"yo"), "ye"),                      # ё written е: Muravyov / Муравьев
    (re.compile(r"ih(?![aeiouy])"), "i"),           # Wade–Giles shih, chih
    (_DOUBLED_RE, r"\1"),                           # Уссури / Усури
]
_NOT_LETTER_RE = re.compile(r"[^a-z]")


def is_han(text: str) -> bool:
    return bool(_HAN_RE.search(text))


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The comparison form of a name written in Cyrillic or Latin letters (or of one reading)."""
    text = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text.casefold()))
    for pattern, replacement in _CYRILLIC_FOLDS:
        text = pattern.sub(replacement, text)
    text = _SIGN_Y_RE.sub("y", _YE_RE.sub("ye", text)).translate(_TRANSLIT)
    key = _NOT_LETTER_RE.sub("", text)
    for pattern, replacement in _LATIN_FOLDS:
        key = pattern.sub(replacement, key)
    return key


# ---------------------------------------------------------------- readings of Chinese forms


@lru_cache(maxsize=None)
def _char_readings(char: str) -> tuple[tuple[str, ...], ...]:
    """Every reading of one character in each system (pinyin, Palladius, Wade–Giles), toneless."""
    # Characters are read one by one, so pypinyin's phrase dictionary (most of its loading time)
    # is not needed; its documented switch skips it, unless something imported pypinyin before.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
    from pypinyin import Style, pinyin

    systems = []
    for style in (Style.NORMAL, Style.CYRILLIC, Style.WADEGILES):
        found = pinyin(char, style=style, heteronym=True, v_to_u=True, errors="ignore")
        unique: dict[str, str] = {}  # one reading per key: tones do not count
        for reading in found[0] if found else []:
            unique.setdefault(name_key(re.sub(r"\d", "", reading)), re.sub(r"\d", "", reading))
        unique.pop("", None)
        systems.append(tuple(unique.values()))
    return tuple(systems)


@lru_cache(maxsize=None)
def _char_keys(char: str) -> tuple[tuple[str, ...], ...]:
    """The name keys of one character's readings, per system."""
    return tuple(tuple(name_key(r) for r in readings) for readings in _char_readings(char))


@lru_cache(maxsize=None)
def _char_key_lengths(char: str) -> tuple[int, int]:
    """The shortest and longest name key of one character's readings."""
    lengths = [len(key) for keys in _char_keys(char) for key in keys] or [0]
    return min(lengths), max(lengths)


@lru_cache(maxsize=65536)
def han_keys(han: str) -> frozenset[str]:
    """The name keys of every reading of a string of Chinese characters (other characters are
    skipped): each system's syllable keys joined, in every combination of a character's
    heteronyms up to MAX_COMBINATIONS (the first readings beyond)."""
    chars = [ch for ch in han if _HAN_RE.match(ch)]
    if not chars:
        return frozenset()
    per_char = [_char_keys(ch) for ch in chars]
    keys = set()
    for system in range(3):
        options = [readings[system] or ("",) for readings in per_char]
        while _combinations(options) > MAX_COMBINATIONS:
            widest = max(range(len(options)), key=lambda i: len(options[i]))
            options[widest] = options[widest][:-1]
        keys.update(_join(combination) for combination in product(*options))
    keys.discard("")
    return frozenset(keys)


def _join(syllables: tuple[str, ...]) -> str:
    """Syllable keys joined; a letter doubled where two meet counts once (name_key squeezes it)."""
    joined = ""
    for syllable in syllables:
        joined += syllable[1:] if joined and syllable[:1] == joined[-1] else syllable
    return joined


def _combinations(options: list[tuple[str, ...]]) -> int:
    total = 1
    for option in options:
        total *= len(option)
    return total


# ---------------------------------------------------------------- comparing forms


@lru_cache(maxsize=65536)
def name_keys(form: str, lang: str) -> frozenset[str]:
    """Every key a form may stand for: the readings of a Chinese form, the keys of a Cyrillic or
    Latin one in each base form its language module gives (Тянь-Цзине → Тянь-Цзин)."""
    from comparer import lang as languages

    bases = languages.get(lang).name_forms(form) if lang in languages.KNOWN else (form,)
    keys = set()
    for base in bases:
        keys |= han_keys(base) if is_han(base) else {name_key(base)}
    keys.discard("")
    return frozenset(keys)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """The best similarity (0-100) between a key of `a` and one of `b` (name_keys of two forms)."""
    best = 0.0
    for key in a:
        if key in b:
            return 100.0
        if len(key) < MIN_FUZZY_KEY:
            continue
        choices = [k for k in b if len(k) >= MIN_FUZZY_KEY]
        found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=best) if choices else None
        if found:
            best = max(best, found[1])
    return best


def score(form_a: str, lang_a: str, form_b: str, lang_b: str) -> float:
    """How alike two forms of a name are, 0-100, in any scripts (both Chinese: equal or not)."""
    if is_han(form_a) and is_han(form_b):
        return 100.0 if form_a == form_b else 0.0
    return similarity(name_keys(form_a, lang_a), name_keys(form_b, lang_b))


def same_name(form_a: str, lang_a: str, form_b: str, lang_b: str, threshold: float = THRESHOLD) -> bool:
    """Do the two forms write one name (a transcription or transliteration of each other)?"""
    return score(form_a, lang_a, form_b, lang_b) >= threshold


# ---------------------------------------------------------------- finding a name in a text


@dataclass(frozen=True)
class Counterpart:
    """Where a text writes a given name: the span, its surface and how alike it is (0-100)."""

    start: int
    end: int
    surface: str
    score: float


def find_counterpart(name: str, lang: str, text: str, text_lang: str, *,
                     blocked: tuple[tuple[int, int], ...] = (), threshold: float = THRESHOLD) -> Counterpart | None:
    """The span of `text` (in `text_lang`) that writes `name` (in `lang`) in its own script, if any.

    Spans are what the text's language module offers as possible names (Language.name_spans:
    runs of words; in Chinese every window of MIN_HAN_NAME to MAX_HAN_NAME characters). A span
    overlapping a `blocked` one (another lexicon entry's mention) is never a counterpart; of
    equally good spans the shortest wins. Two Chinese forms are one name when they are the same
    characters, never by their readings."""
    return find_keys(name_keys(name, lang), text, text_lang, blocked=blocked, threshold=threshold,
                     han_spans=not is_han(name))


@lru_cache(maxsize=65536)
def find_keys(keys: frozenset[str], text: str, text_lang: str, *, blocked: tuple[tuple[int, int], ...] = (),
              threshold: float = THRESHOLD, han_spans: bool = True) -> Counterpart | None:
    """find_counterpart for a set of name keys at once (every form of a lexicon entry, say);
    `han_spans=False` leaves Chinese spans out (keys read off Chinese forms)."""
    if not keys or not text:
        return None
    index = _SpanIndex.of(text, text_lang)
    best: Counterpart | None = None
    for i, similarity in index.matches(keys, threshold):
        start, end, surface = index.spans[i]
        if any(start < e and b < end for b, e in blocked) or (not han_spans and is_han(surface)):
            continue
        if best is None or (similarity, best.end - best.start) > (best.score, end - start):
            best = Counterpart(start, end, surface, similarity)
    return best


def _overlap_test(spans: list[tuple[int, int]]):
    """Does (start, end) overlap one of `spans`? By binary search over the spans sorted by start
    with the furthest end reached so far: a long clause has thousands of spans and of numbers."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))

    def overlaps(start: int, end: int) -> bool:
        before = bisect_left(starts, end)  # the spans that start before `end`
        return before > 0 and reach[before - 1] > start

    return overlaps


class _SpanIndex:
    """The possible names of one text, built once per text and language. A span's keys are read
    only when their length allows the similarity asked for: a Chinese clause has hundreds of
    windows, and the readings of most never need computing."""

    def __init__(self, text: str, text_lang: str):
        from comparer import lang as languages

        self.lang = text_lang
        language = languages.get(text_lang)
        # 十里 "ten li" is no Шилки; but 三姓 (Sanxing) is a name, its 三 counting nothing
        in_number = _overlap_test([(n.start, n.end) for n in language.numbers(text) if language.counts(text, n)])
        self.spans = [span for span in language.name_spans(text) if not in_number(span[0], span[1])]
        self.lengths = [self._lengths(surface) for _, _, surface in self.spans]
        self._choices: dict[tuple[int, int], tuple[list[str], list[int]]] = {}

    @staticmethod
    @lru_cache(maxsize=4096)
    def of(text: str, text_lang: str) -> _SpanIndex:
        return _SpanIndex(text, text_lang)

    def _lengths(self, surface: str) -> tuple[int, int]:
        """Bounds of the lengths of the span's keys, without reading them all. For Chinese, from its characters' readings,
        the lower bound as if the last two characters were a place word its base form drops
        (興凱湖 is read as 興凱 too): loose, but without reading the span."""
        if not is_han(surface):  # base forms drop an ending or add one letter (Шилку → Шилк, Шилка)
            length = len(name_key(surface))
            return max(0, length - MAX_ENDING), length + 1
        bounds = [_char_key_lengths(ch) for ch in surface if _HAN_RE.match(ch)]
        return sum(b[0] for b in bounds[:-2]), sum(b[1] for b in bounds)

    def matches(self, keys: frozenset[str], threshold: float) -> list[tuple[int, float]]:
        """(span index, best similarity) of the spans with a key at least `threshold` alike to one
        of `keys` (equal to it, for a key shorter than MIN_FUZZY_KEY), all keys scored at once."""
        found: dict[int, float] = {}
        for key in keys:
            if len(key) < MIN_FUZZY_KEY:
                found.update((i, 100.0) for i, (low, high) in enumerate(self.lengths)
                             if low <= len(key) <= high and key in name_keys(self.spans[i][2], self.lang))
        queries = [key for key in keys if len(key) >= MIN_FUZZY_KEY]
        if not queries:
            return list(found.items())
        # a ratio of r needs the other key's length within [q·r/(2-r), q·(2-r)/r]
        r = threshold / 100
        shortest = math.ceil(min(map(len, queries)) * r / (2 - r))
        longest = math.floor(max(map(len, queries)) * (2 - r) / r)
        choices, owners = self._choices_within(shortest, longest)
        if choices:
            scores = process.cdist(queries, choices, scorer=fuzz.ratio, score_cutoff=threshold).max(axis=0)
            for n in scores.nonzero()[0]:
                i = owners[n]
                found[i] = max(found.get(i, 0.0), float(scores[n]))
        return list(found.items())

    def _choices_within(self, shortest: int, longest: int) -> tuple[list[str], list[int]]:
        """The keys (and their spans) that may be that long, read once per range of lengths."""
        if (shortest, longest) not in self._choices:
            choices, owners = [], []
            for i, (low, high) in enumerate(self.lengths):
                if high < shortest or low > longest:
                    continue
                for other in name_keys(self.spans[i][2], self.lang):
                    if len(other) >= MIN_FUZZY_KEY:
                        choices.append(other)
                        owners.append(i)
            self._choices[shortest, longest] = choices, owners
        return self._choices[shortest, longest]


def han_windows(text: str) -> list[tuple[int, int, str]]:
    """Every run of MIN_HAN_NAME to MAX_HAN_NAME Chinese characters: where a Chinese text may
    write a name. A single character is no transcribed name: its one or two syllables resemble
    too many short names (近 chin / China)."""
    windows = []
    for run in _HAN_RUN_RE.finditer(text):
        for start in range(run.start(), run.end()):
            for end in range(start + MIN_HAN_NAME, min(run.end(), start + MAX_HAN_NAME) + 1):
                windows.append((start, end, text[start:end]))
    return windows
