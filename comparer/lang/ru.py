"""Russian: pre-1918 spelling folded to modern, lemmas from pymorphy3 (cached per word)."""
from __future__ import annotations

import functools
import re

from .base import LETTER, Language, NumberWord, Token
from .dates import CalendarPeriod, DateGrammar, Dating, ReignDateGrammar
from .statements import StatementGrammar

_OLD_LETTERS = str.maketrans({"ѣ": "е", "і": "и", "ѳ": "ф", "ѵ": "и", "ё": "е"})
_NOT_LETTER_AFTER = rf"(?!{LETTER})"
_SPELLING_FOLDS = [
    (re.compile(rf"ъ{_NOT_LETTER_AFTER}"), ""),                        # Амуръ -> Амур
    (re.compile(rf"(?<={LETTER}{{3}})аго{_NOT_LETTER_AFTER}"), "ого"),  # Россійскаго -> российского
    (re.compile(rf"(?<={LETTER}{{3}})яго{_NOT_LETTER_AFTER}"), "его"),  # третьяго -> третьего
    (re.compile(rf"ыя{_NOT_LETTER_AFTER}"), "ые"),                      # новыя -> новые (same lemma)
    (re.compile(rf"(?<=[иы])яся{_NOT_LETTER_AFTER}"), "еся"),             # находящіяся -> находящиеся
    (re.compile(rf"(?<!{LETTER})ея{_NOT_LETTER_AFTER}"), "ее"),
    (re.compile(rf"(?<!{LETTER})осьмнадцат"), "восемнадцат"),            # old numeral spellings
    (re.compile(rf"(?<!{LETTER})осьм"), "восьм"),
]
_CYRILLIC = re.compile(r"[а-я]")
# A lemma the dictionary gives in fewer of a word's readings than this is no key of the word.
MIN_READING_SHARE = 0.05
# Derivation (may_derive): a word derives from a base when it holds the base's root, bare or with
# its last consonant alternated (восток → восточный, граница → пограничный), at its start or after
# prefixes (по-, все-, не-о-); a root of three letters only before a derivational suffix (море →
# морской, but гора is no root of город). Anything else only shares letters (посол / способствовать).
_ROOT_ENDING = re.compile(r"(?:ать|ять|ить|еть|уть|ть|ия|ие|ий|ый|ой|ая|яя|ое|ее|а|я|о|е|ь|й|ы|и)$")
_ALTERNATIONS = {"к": "ч", "г": "ж", "х": "ш", "ц": "ч", "т": "ч", "д": "ж", "с": "ш", "з": "ж"}
_PREFIXES = frozenset("в во вз вс воз вос вы до за из ис на над не ни о об обо от пере по под пред при про "
                      "раз рас с со у без бес вне все меж".split())
_SHORT_ROOT_SUFFIXES = ("ск", "н", "ов", "ев", "ин", "ан", "ян", "ен")
_MIN_ROOT = 3
# Case endings a name takes in a sentence (Пекине, Шилку, Муравьевым), longest first.
_NAME_ENDINGS = ("ами", "ями", "ого", "его", "ому", "ему", "ым", "им", "ом", "ем", "ой", "ей", "ою", "ею",
                 "ах", "ях", "ам", "ям", "а", "я", "у", "ю", "е", "ы", "и")
# Dictionary tags of proper names that the treaties write: places, surnames, organisations. Given
# names and patronymics (Name, Patr) are left out: versions drop them freely (Николай Муравьев / Muravyov).
_NAME_TAGS = frozenset({"Geox", "Surn", "Orgn"})
# How probable the proper-name readings of a known word must be (Муравьев: 0.25 beside муравей
# "ant"; Великого: 0.08, a common adjective); at the start of a sentence the name must be the
# likelier reading.
_NAME_SHARE, _NAME_SHARE_INITIAL = 0.2, 0.5


@functools.cache
def _analyzer():
    import pymorphy3  # loading the dictionaries takes a moment; only do it when Russian is used

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=None)
def _lemmas(word: str) -> tuple[str, ...]:
    """Normal forms of a folded word, most probable first, leaving out those the dictionary gives
    in under MIN_READING_SHARE of its readings: после is the preposition "after", not the
    locative of посол "envoy" (0.1 %); берегу is "bank", not беречь. One pymorphy3 call per word."""
    shares: dict[str, float] = {}
    for parse in _analyzer().parse(word):
        lemma = parse.normal_form.replace("ё", "е")
        shares[lemma] = shares.get(lemma, 0.0) + parse.score
    total = sum(shares.values()) or 1.0
    lemmas = [lemma for lemma, share in shares.items() if share / total >= MIN_READING_SHARE]
    return tuple(lemmas or shares) or (word,)


@functools.lru_cache(maxsize=None)
def _name_reading(word: str) -> tuple[bool, float]:
    """Does the dictionary know the folded word, and how probable are its proper-name readings?"""
    parses = _analyzer().parse(word)
    return (any(parse.is_known for parse in parses),
            sum(parse.score for parse in parses if _NAME_TAGS & parse.tag.grammemes))


def _is_prefix_chain(text: str) -> bool:
    """Is `text` nothing, one prefix or two (не-о-граниченный)?"""
    return not text or text in _PREFIXES or any(
        text[:i] in _PREFIXES and text[i:] in _PREFIXES for i in range(1, len(text)))


def _numerals() -> dict[str, NumberWord]:
    units = "ноль один два три четыре пять шесть семь восемь девять".split()
    teens = ("десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать "
             "семнадцать восемнадцать девятнадцать").split()
    tens = "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split()
    hundreds = "сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split()
    ordinal_units = "первый второй третий четвертый пятый шестой седьмой восьмой девятый".split()
    ordinal_teens = ("десятый одиннадцатый двенадцатый тринадцатый четырнадцатый пятнадцатый "
                     "шестнадцатый семнадцатый восемнадцатый девятнадцатый").split()
    ordinal_tens = ("двадцатый тридцатый сороковой пятидесятый шестидесятый семидесятый "
                    "восьмидесятый девяностый").split()
    ordinal_hundreds = ("сотый двухсотый трехсотый четырехсотый пятисотый шестисотый семисотый "
                        "восьмисотый девятисотый").split()
    words: dict[str, NumberWord] = {}
    for names, first, step, ordinal in [
        (units, 0, 1, False), (teens, 10, 1, False), (tens, 20, 10, False), (hundreds, 100, 100, False),
        (ordinal_units, 1, 1, True), (ordinal_teens, 10, 1, True), (ordinal_tens, 20, 10, True),
        (ordinal_hundreds, 100, 100, True),
    ]:
        for i, name in enumerate(names):
            words[name] = NumberWord(first + i * step, ordinal=ordinal)
    for name, value in {"двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6}.items():
        words[name] = NumberWord(value)
    words["тысяча"] = NumberWord(1000, scale=True)
    words["миллион"] = NumberWord(10**6, scale=True)
    words["тысячный"] = NumberWord(1000, ordinal=True)
    return words


# The months' names as a dictionary gives them (the Qing texts of the treaties transcribe these).
MONTH_NAMES = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
               "октябрь", "ноябрь", "декабрь")
_MONTH_REGEX = (r"январ[яь]|генвар[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|маи[яй]|маі[яй]|"
                r"[иі]юн[яь]|[иі]юл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь]")
_MONTHS = {**dict.fromkeys(["января", "январь", "генваря", "генварь"], 1),
           **dict.fromkeys(["февраля", "февраль"], 2), **dict.fromkeys(["марта", "март"], 3),
           **dict.fromkeys(["апреля", "апрель"], 4), **dict.fromkeys(["мая", "май", "маия", "маий"], 5),
           **dict.fromkeys(["июня", "июнь"], 6), **dict.fromkeys(["июля", "июль"], 7),
           **dict.fromkeys(["августа", "август"], 8), **dict.fromkeys(["сентября", "сентябрь"], 9),
           **dict.fromkeys(["октября", "октябрь"], 10), **dict.fromkeys(["ноября", "ноябрь"], 11),
           **dict.fromkeys(["декабря", "декабрь"], 12)}
# Qing reign names as Russian prints write them: the Palladius transcription and the spellings
# before it (Кянь-лун, Кя-кин in Iakinf Bichurin's works). Hyphens and spaces are optional in the text.
_REIGNS = {
    "shunzhi": ("Шунь-чжи", "Шунь-джи", "Шун-чжи"),
    "kangxi": ("Кан-си", "Кан-хи"),
    "yongzheng": ("Юн-чжэн", "Юн-чжен", "Юн-джен"),
    "qianlong": ("Цянь-лун", "Цян-лун", "Кянь-лун"),
    "jiaqing": ("Цзя-цин", "Кя-кин"),
    "daoguang": ("Дао-гуан", "Тао-гуан"),
    "xianfeng": ("Сянь-фын", "Сян-фын", "Сянь-фэн", "Сянь-фен", "Сян-фэн"),
    "tongzhi": ("Тун-чжи", "Тун-джи"),
    "guangxu": ("Гуан-сюй", "Гуан-сю"),
    "xuantong": ("Сюань-тун",),
}

class Russian(Language):
    code = "ru"
    name = "Russian"
    script = r"[\u0400-\u052F]"
    abbreviations = frozenset(
        "г гг р рр ст т.е т.д т.п т.н см ср им кн гр св ген адм кап стр ок оз о д п пп с тыс руб "
        "коп др пр проч изд ул н.ст ст.ст".split()
    )
    heading_labels = r"стать[яи]|ст\.|артикул[ъ]?"
    heading_template = "Статья {n}"
    # lemmas: ее -> она, сего -> сие, оной -> оный
    referring_words = frozenset("он она оно они сей сие оный этот тот таковой означенный упомянутый "
                                "вышеупомянутый вышеозначенный".split())
    # "both states" (обоих государств, обе стороны, двух империй): the two parties together
    both_parties = ("оба два", "государство держава сторона империя")
    unit_words = {"верста": "verst", "сажень": "sazhen", "аршин": "arshin", "ли": "li", "миля": "mile", "лан": "liang",
                  "километр": "kilometre", "пуд": "pud", "фунт": "funt"}
    heading_number_suffix = r"-?(?:я|й|ая)(?!" + LETTER + ")"
    number_words = _numerals()

    dating = Dating(
        DateGrammar(
            month_regex=_MONTH_REGEX, months=_MONTHS, fold=lambda text: text.casefold().translate(_OLD_LETTERS),
            # "16-го мая", "в 27-й день августа", "16 числа мая"
            day_suffix=r"-?(?:го|й)", day_link=r"(?:\s+(?:день|дня|числа))?",
            day_word=r"дня|числа|день", day_prefix=r"в",
            year_prefix=r"лета|в\s+лето", year_ending=r"-?го",
            year_suffix=rf"\s*(?:года|году|годъ|г\.|г(?!{LETTER}))(?:\s+от\s+(?:сотворения|создания)\s+мира)?",
            year_first=True, creation_years=True,
            markers=[(r"по\s+старому\s+стилю|старого\s+стиля|ст\.\s*ст\.|по\s+юл[иі]анскому\s+календарю", "julian"),
                     (r"по\s+новому\s+стилю|нового\s+стиля|н\.\s*ст\.|по\s+григорианскому\s+календарю",
                      "gregorian")],
        ),
        ReignDateGrammar(
            eras=_REIGNS, number=r"[IVXLCІХ]+|\d{1,2}(?:-?(?:го|й|я|е|ой|ый|ого))?", silent_letters="ъ",
            year_forms=[r"{era}(?:ъ|а|я)?\s*,?\s*{n}\s+(?:года|году|годъ|год)",
                        r"{n}\s+(?:года|году|годъ|год)\s+(?:правления\s+)?(?:(?:императора|богдыхана)\s+)?"
                        r"{era}(?:ъ|а|я)?"],
            moon_forms=[r"(?:{leap}\s+)?{n}\s+(?:луны|луна|луну)"],
            month_forms=[r"(?:{leap}\s+)?{n}\s+(?:месяца|месяц)"],
            day_forms=[r"{n}\s+(?:числа|дня|день)"],
            leap=r"високосн\w*|вставн\w*|вставочн\w*",
        ),
        same_year=r"того\s+же\s+года|в\s+том\s+же\s+году|сего\s+же\s+года",
        same_day=(r"\s*[,;]?\s*(?:\(\s*(?:(?:то\s+есть|т\.\s*е\.|иначе)\s*,?\s*)?"
                  r"|(?:то\s+есть|т\.\s*е\.|иначе|что\s+соответствует|соответственно)\s*,?\s*|=\s*)"),
        same_day_across=r"\s*,?\s*\(?\s*или\s+",
        # The Russian state dated by the Julian calendar (Peter I's reform of 1700 changed only the
        # count of years, from the Creation to AD) until the decree of 24 January 1918, after which
        # 31 January 1918 was followed by 14 February. The days between were never civil dates.
        customary=[CalendarPeriod("julian", until=(1918, 2, 1)), CalendarPeriod("gregorian", since=(1918, 2, 14))],
    )
    # "не будет ограничиваема": не reaches past the auxiliary; "не должно" forbids. "а" opens the
    # second half of a contrast ("левый берег …, а правый берег …").
    statements = StatementGrammar(
        negators=r"не|ни|нет",
        privatives=r"без|безо",
        break_words=r"а|но|однако|зато",
    )

    def fold(self, text: str) -> str:
        text = super().fold(text).translate(_OLD_LETTERS)
        for pattern, replacement in _SPELLING_FOLDS:
            text = pattern.sub(replacement, text)
        return text

    def word_key(self, folded_word: str) -> str:
        return _lemmas(folded_word)[0] if _CYRILLIC.search(folded_word) else folded_word

    def key_variants(self, token: Token) -> frozenset[str]:
        """The word, its lemmas and, for a reflexive verb, the verb it is the passive of: treaty
        Russian states rules in the passive -ся ("торговля ограничивается", "дозволяется"), the
        lexicon gives the verb (ограничивать, дозволять)."""
        folded = self.fold_word(token.surface)
        if not _CYRILLIC.search(folded):
            return frozenset((token.key,))
        lemmas = _lemmas(folded)
        active = (lemma[:-2] for lemma in lemmas if lemma.endswith(("ться", "чься", "тись")))
        return frozenset((token.key, folded, *lemmas, *active))

    def derivation_stem(self, key: str) -> str:
        """The root a word's derivatives keep: граница → границ, торговать → торгов, море → мор."""
        root = _ROOT_ENDING.sub("", key)
        return root if len(root) >= _MIN_ROOT else key

    def may_derive(self, word_key: str, base_key: str) -> bool:
        root = self.derivation_stem(base_key)
        if len(root) < _MIN_ROOT or word_key == base_key:
            return False
        roots = {root, root[:-1] + _ALTERNATIONS[root[-1]]} if root[-1] in _ALTERNATIONS else {root}
        for variant in roots:
            start = word_key.find(variant)
            while start != -1:
                rest = word_key[start + len(variant):]
                if _is_prefix_chain(word_key[:start]) and (
                        len(variant) > _MIN_ROOT or rest.startswith(_SHORT_ROOT_SUFFIXES)):
                    return True
                start = word_key.find(variant, start + 1)
        return False

    def name_forms(self, surface: str) -> tuple[str, ...]:
        """The surface and its stem without a case ending, bare or with -а (Пекине → Пекин,
        Шилку → Шилка, Тянь-Цзине → Тянь-Цзин); only the last part of a hyphenated name declines."""
        folded = self.fold(surface)  # Дайцынскаго: the old ending -аго is -ого
        forms = [surface, folded]
        last = folded.rsplit("-", 1)[-1]
        for ending in _NAME_ENDINGS:
            if last.endswith(ending) and len(last) - len(ending) >= 2:
                stem = folded[:-len(ending)]
                forms += [stem, stem + "а"]
        return tuple(dict.fromkeys(forms))

    def is_name_word(self, word: str, initial: bool) -> bool:
        """A capitalised word is a name when the dictionary does not know it (a transcription:
        Хинкай, И-Шань) or reads it as a place, surname or organisation more often than rarely; a
        known common word (Император, Сенат, Великого) or a given name is not. At the start of a
        sentence only a word the dictionary reads as a name most often counts."""
        known, share = _name_reading(self.fold(word))
        if not known:
            return not initial  # an old spelling the dictionary lacks (Такожде) opens many sentences
        return share >= (_NAME_SHARE_INITIAL if initial else _NAME_SHARE)

    def number_word(self, token: Token) -> NumberWord | None:
        folded = self.fold_word(token.surface)
        if not _CYRILLIC.search(folded):
            return None
        for lemma in _lemmas(folded):
            if lemma in self.number_words:
                return self.number_words[lemma]
        return None
