"""English: lower-cased, light suffix stripping, numbers in digits and words, O.S./N.S. dates."""
from __future__ import annotations

import re

from .base import Language, NumberWord
from .dates import DateGrammar, Dating, ReignDateGrammar, SpelledNumbers
from .statements import StatementGrammar

_DOUBLED_CONSONANT = re.compile(r"([bdfgkmnprt])\1$")
_VOWEL = re.compile(r"[aeiouy]")


def stem(word: str) -> str:
    """Strip one inflection (-s, -es, -ies, -ed, -ing) and a final -e, so that
    treaties/treaty, signed/signing/sign and located/locate share a key."""
    if not word.isalpha() or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "ys")):
        word = word[:-1]
    elif word.endswith("eed"):
        word = word[:-1]
    elif word.endswith(("ed", "ing")):
        base = word[:-2] if word.endswith("ed") else word[:-3]
        if len(base) >= 3 and _VOWEL.search(base):
            word = _DOUBLED_CONSONANT.sub(r"\1", base)
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _numerals() -> dict[str, NumberWord]:
    units = "zero one two three four five six seven eight nine".split()
    teens = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    tens = "twenty thirty forty fifty sixty seventy eighty ninety".split()
    ordinal_units = "first second third fourth fifth sixth seventh eighth ninth".split()
    ordinal_teens = ("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
                     "eighteenth nineteenth").split()
    ordinal_tens = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
    words: dict[str, NumberWord] = {}
    for names, first, step, ordinal in [
        (units, 0, 1, False), (teens, 10, 1, False), (tens, 20, 10, False),
        (ordinal_units, 1, 1, True), (ordinal_teens, 10, 1, True), (ordinal_tens, 20, 10, True),
    ]:
        for i, name in enumerate(names):
            words[name] = NumberWord(first + i * step, ordinal=ordinal)
    words.update({
        "hundred": NumberWord(100, multiplier=True), "hundredth": NumberWord(100, multiplier=True, ordinal=True),
        "thousand": NumberWord(1000, scale=True), "thousandth": NumberWord(1000, ordinal=True),
        "million": NumberWord(10**6, scale=True),
    })
    return words


_FULL_MONTHS = ("january february march april may june july august september october november "
                "december").split()
_MONTHS = {name: i + 1 for i, name in enumerate(_FULL_MONTHS)}
_MONTHS.update({name[:3]: number for name, number in _MONTHS.items() if name != "may"}, sept=9)

_SPELLED = SpelledNumbers(_numerals(), joiners=("and",))
# Qing reign names as English texts write them: Wade–Giles and the older British spellings of the
# treaty era (Hien-fung, Taou-kwang, Kang-hi), besides pinyin (the era key). Hyphens, spaces,
# apostrophes and accents are optional in the text.
_REIGNS = {era: (era, *forms) for era, forms in {
    "shunzhi": ("Shun-chih", "Shun-che", "Shun-chi"),
    "kangxi": ("K'ang-hsi", "Kang-hi", "Kang-he"),
    "yongzheng": ("Yung-cheng", "Yung-ching", "Yong-ching"),
    "qianlong": ("Ch'ien-lung", "Kien-lung", "Keen-lung"),
    "jiaqing": ("Chia-ch'ing", "Kia-king", "Kea-king"),
    "daoguang": ("Tao-kuang", "Taou-kwang", "Tau-kwang", "Tao-kwang"),
    "xianfeng": ("Hsien-feng", "Hsien-fung", "Hien-fung", "Hien-feng", "Heen-fung"),
    "tongzhi": ("T'ung-chih", "Tung-chi", "Tung-che"),
    "guangxu": ("Kuang-hsü", "Kwang-hsü", "Kwang-su"),
    "xuantong": ("Hsüan-t'ung", "Suan-tung"),
}.items()}


class English(Language):
    code = "en"
    name = "English"
    script = r"[A-Za-z]"
    abbreviations = frozenset(
        "mr mrs ms dr st art arts no nos vol vols p pp cf viz jr sr gen col capt adm lt gov hon "
        "rev messrs ch sec ed eds approx oz lb ft mt".split()
    )
    referring_words = frozenset("its their thereof said aforesaid aforementioned this that these those".split())
    # "both states", "the two empires": the two parties together
    both_parties = ("both two", "state party empire country government power nation")
    thousands_separators = ",\u00a0\u202f\u2009 "  # 1,000,000 (a dot is a decimal point)
    unit_words = {"verst": "verst", "sagene": "sazhen", "li": "li", "mile": "mile", "kilometre": "kilometre",
                  "kilometer": "kilometre", "pood": "pud", "pud": "pud", "catty": "jin", "tael": "liang"}
    # Words written with a capital that name no place or person: titles, honorifics, the word for
    # the kind of place before a name (River Amur), months, days, peoples and their languages.
    name_stopwords = frozenset("""
        his her their majesty majesty's highness excellency imperial emperor empress empire king queen
        prince princess count duke lord lords sir god holy most high contracting parties party state
        states government senate council board tribunal court minister ministers ambassador envoy
        plenipotentiary plenipotentiaries general lieutenant major colonel captain admiral governor consul
        secretary interpreter article articles treaty convention protocol
        river lake mount mountain mountains range town city port island sea gulf bay cape province
        january february march april may june july august september october november december
        monday tuesday wednesday thursday friday saturday sunday
        manchu mongol tartar tatar chinese russian european cossack cossacks buryat tungus evenki daur solon
    """.split())
    heading_labels = r"article|art\."
    heading_template = "Article {n}"
    number_words = _numerals()
    number_joiners = frozenset({"and"})
    dating = Dating(
        DateGrammar(
            # Capitalised only, so that the verb "may" is never read as a month.
            month_regex="(?-i:" + "|".join(
                sorted((name.capitalize() + ("" if name in _FULL_MONTHS else r"\.?") for name in _MONTHS),
                       key=len, reverse=True)) + ")",
            months=_MONTHS,
            fold=str.casefold,
            day_suffix=r"st|nd|rd|th",
            day_link=r"(?:\s+day)?(?:\s+of)?",
            year_prefix=r"in\s+the\s+year(?:\s+of\s+our\s+lord)?|A\.\s*D\.|anno\s+domini",
            spelled=_SPELLED,
            markers=[(r"O\.\s*S\.|old\s+style|(?:in\s+the\s+)?julian(?:\s+calendar)?", "julian"),
                     (r"N\.\s*S\.|new\s+style|(?:in\s+the\s+)?gregorian(?:\s+calendar)?", "gregorian")],
        ),
        ReignDateGrammar(
            eras=_REIGNS, number=r"\d{1,2}(?:st|nd|rd|th)?|(?-i:[IVXL]+)", spelled=_SPELLED,
            year_forms=[r"{era}\s*,?\s*(?:the\s+)?{n}\s+year", r"{era}\s+{n}",  # "Hsien-feng VIII, 4th month"
                        r"(?:the\s+)?{n}\s+year\s+of\s+(?:the\s+reign\s+of\s+)?(?:(?:the\s+)?emperor\s+)?{era}"],
            moon_forms=[r"(?:the\s+)?(?:{leap}\s+)?{n}\s+(?:{leap}\s+)?moon"],
            month_forms=[r"(?:the\s+)?(?:{leap}\s+)?{n}\s+(?:{leap}\s+)?month"],
            day_forms=[r"(?:the\s+)?{n}\s+day"],
            leap=r"intercalary", separator=r"\s*,?\s*(?:of\s+)?",
        ),
        same_year=r"(?:of|in)\s+the\s+same\s+year",
        same_day=(r"\s*[,;]?\s*(?:\(\s*(?:(?:i\.\s*e\.|that\s+is)\s*,?\s*)?"
                  r"|(?:i\.\s*e\.|that\s+is|corresponding\s+(?:with|to)(?:\s+the\s+chinese\s+date)?)\s*,?\s*"
                  r"|=\s*)"),
        same_day_across=r"\s*,?\s*\(?\s*or\s+",
    )
    # "is not obliged" / "does not have to" release from a duty; "must not" and "shall not" forbid
    # (they are lexicon forms of the prohibition, read whole).
    statements = StatementGrammar(
        negators=r"not|no|never|nor|neither|cannot|[a-z]+n't",
        privatives=r"without",
        break_words=r"but|whereas|while|although|though",
        agent_markers=r"by",
        turns={"obligation": "exemption"},
    )

    def word_key(self, folded_word: str) -> str:
        return stem(folded_word)
