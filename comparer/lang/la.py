"""Latin: u/v and i/j folded, crude stems, Roman numerals and Latin number words."""
from __future__ import annotations

import re
import unicodedata

from .base import Language, NumberMention, NumberWord, roman_value
from comparer.calendars import ERAS

from .dates import DateGrammar, Dating, ReignDateGrammar, SpelledNumbers
from .statements import StatementGrammar

_LIGATURES = str.maketrans({"æ": "ae", "œ": "oe", "j": "i", "v": "u"})
# Qing reign names as the Jesuits' Latin and the period's French write them (Cam-hi in Du Halde),
# besides pinyin.
_REIGNS = {era: (era, *forms) for era, forms in {
    "shunzhi": ("Xun-chi", "Chun-tchi"),
    "kangxi": ("Cam-hi", "Cang-hi", "Kam-hi", "Kang-hi"),
    "yongzheng": ("Yum-chim", "Yong-tching", "Yong-tchin"),
    "qianlong": ("Kien-lum", "Kien-long"),
}.items()}
_REIGNS |= {era: (era,) for era in ERAS if era not in _REIGNS}
# Longest first; a stem keeps at least four letters.
_ENDINGS = sorted("iorum iarum ibus orum arum ius iis ium ae am as em es ia ii io is os um us "
                  "a e i o u".split(), key=len, reverse=True)
_MIN_STEM = 4
_ROMAN_TOKEN = re.compile(r"(?<![^\W\d_])[IVXLCDM]+(?![^\W\d_])")
_INITIAL_AFTER = re.compile(r"\.\s+[A-Z]")


def stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[:-len(ending)]
    return word


def _numerals() -> dict[str, NumberWord]:
    """Folded (i for j, u for v) number words in their common forms."""
    words: dict[str, NumberWord] = {}

    def add(forms: str, value: int, **kind: bool) -> None:
        for form in forms.split():
            words[form] = NumberWord(value, **kind)

    add("unus una unum unius uni uno unam", 1)
    add("duo duae duorum duarum duobus duabus duos duas", 2)
    add("tres tria trium tribus", 3)
    for forms, value in [("quattuor quatuor", 4), ("quinque", 5), ("sex", 6), ("septem", 7),
                         ("octo", 8), ("nouem", 9), ("decem", 10), ("undecim", 11), ("duodecim", 12),
                         ("tredecim", 13), ("quattuordecim quatuordecim", 14), ("quindecim", 15),
                         ("sedecim sexdecim", 16), ("septendecim septemdecim", 17),
                         ("duodeuiginti", 18), ("undeuiginti", 19), ("uiginti", 20), ("triginta", 30),
                         ("quadraginta", 40), ("quinquaginta", 50), ("sexaginta", 60),
                         ("septuaginta", 70), ("octoginta", 80), ("nonaginta", 90), ("centum", 100)]:
        add(forms, value)
    plural = ("i", "ae", "a", "orum", "arum", "is", "os", "as")
    for stems, value in [("ducent", 200), ("trecent", 300), ("quadringent", 400), ("quingent", 500),
                         ("sescent sexcent", 600), ("septingent", 700), ("octingent", 800),
                         ("nongent", 900)]:
        add(" ".join(s + e for s in stems.split() for e in plural), value)
    add("mille milia millia milium millium milibus millibus", 1000, scale=True)
    singular = ("us", "a", "um", "i", "o", "am")
    for stems, value in [("prim", 1), ("secund", 2), ("terti", 3), ("quart", 4), ("quint", 5),
                         ("sext", 6), ("septim", 7), ("octau", 8), ("non", 9), ("decim", 10),
                         ("undecim", 11), ("duodecim", 12), ("uicesim uigesim", 20),
                         ("tricesim trigesim", 30), ("quadragesim", 40), ("quinquagesim", 50),
                         ("sexagesim", 60), ("septuagesim", 70), ("octogesim", 80),
                         ("nonagesim", 90), ("centesim", 100), ("ducentesim", 200),
                         ("trecentesim", 300), ("quadringentesim", 400), ("quingentesim", 500),
                         ("sescentesim sexcentesim", 600), ("septingentesim", 700),
                         ("octingentesim", 800), ("nongentesim", 900), ("millesim", 1000)]:
        add(" ".join(s + e for s in stems.split() for e in singular), value, ordinal=True)
    return words


# Numbers in words inside dates ("die vigesimo septimo", "anno Cam-hi vigesimo octavo").
_SPELLED = SpelledNumbers(_numerals(), joiners=("et",), fold=lambda word: word.casefold().translate(_LIGATURES))


class Latin(Language):
    code = "la"
    name = "Latin"
    script = r"[A-Za-zÆæŒœ]"
    abbreviations = frozenset("art cap caes maj mai reg imp dn dom sac seren celsit illustr excell".split())
    referring_words = frozenset("eius ejus eiusdem ejusdem eorum eorumdem huius hujus dicti dicto dictum dicta "
                                "dictae praedicti praedicto praedictum praedicta praedictae".split())
    # "utrumque imperium", "ambo imperia": the two parties together
    both_parties = ("uterque utrumque utriusque utrique utraque ambo amborum duo duorum",
                    "imperium imperii imperia imperiorum regnum regni pars partis partes partium")
    # Words written with a capital that name no place or person (folded: u for v, i for j).
    name_stopwords = frozenset("""
        imperium imperii imperio imperator imperatoris imperatori imperatorem maiestas maiestatis
        maiestati sacra sacrae sacratissima sacratissimae regia regiae regius regis rex caesarea caesareae
        tsarea tsareae czarea czareae serenissimus serenissimi serenissima dominus domini domino deus dei
        magnus magni magna magnae dux ducis princeps principis legatus legati legatorum articulus
        fluuius fluuii fluuio fluuium mons montis montes
        ianuarii februarii martii aprilis maii iunii iulii augusti septembris octobris nouembris decembris
        tartari tartarorum
    """.split())
    heading_labels = r"articul(?:us|o|um)|art\."
    heading_template = "Articulus {n}"
    number_words = _numerals()
    number_joiners = frozenset({"et"})
    dating = Dating(
        DateGrammar(
            month_regex=(r"[ij]anuarii|februarii|martii|aprilis|maii|[ij]unii|[ij]ulii|augusti|"
                         r"septembris|octobris|no[uv]embris|decembris|7bris|8bris|9bris|10bris|xbris"),
            months={"ianuarii": 1, "februarii": 2, "martii": 3, "aprilis": 4, "maii": 5, "iunii": 6,
                    "iulii": 7, "augusti": 8, "septembris": 9, "octobris": 10, "nouembris": 11,
                    "decembris": 12, "7bris": 9, "8bris": 10, "9bris": 11, "10bris": 12, "xbris": 12},
            fold=lambda text: text.casefold().translate(_LIGATURES),
            day_suffix=r"\.",  # "27. Augusti"
            day_prefix=r"die",
            year_prefix=r"anno(?:\s+domini)?",
            year_regex=r"(?-i:M{1,2}[CDLXVI]+)(?![^\W\d_])",  # anno MDCLXXXIX
            year_first=True, bare_month_day=True,  # Augusti 28: a Latin month name is never anything else
            spelled=_SPELLED,
            markers=[(r"st(?:ilo|ylo|ili|yli)\s+[uv]eteri(?:s)?|st\.\s*[uv]\.", "julian"),
                     (r"st(?:ilo|ylo|ili|yli)\s+no[uv]o|st\.\s*n\.", "gregorian")],
        ),
        ReignDateGrammar(
            # "anno Cam-hi vigesimo octavo, luna septima, die vigesima quarta"; "Cam-hi 28, 7 luna, 24 die"
            eras=_REIGNS, number=r"\d{1,2}|(?-i:[IVXL]+)",
            spelled=_SPELLED,
            year_forms=[r"(?:anno\s+)?{era}\s*,?\s*(?:anno\s+)?{n}(?:\s+anno)?", r"(?:anno\s+)?{n}\s+(?:anno\s+)?{era}"],
            moon_forms=[r"(?:{leap}\s+)?luna[e]?\s+{n}", r"{n}\s+(?:{leap}\s+)?luna[e]?"],
            day_forms=[r"die\s+{n}", r"{n}\s+die"],
            leap=r"intercalari[s]?",
        ),
        same_year=r"e[ij]usdem\s+anni|eodem\s+anno",
        same_day=r"\s*[,;]?\s*(?:\(\s*(?:(?:id\s+est|hoc\s+est|i\.\s*e\.)\s*,?\s*)?|(?:id\s+est|hoc\s+est|i\.\s*e\.)\s*,?\s*|=\s*)",
        same_day_across=r"\s*,?\s*\(?\s*(?:seu|sive|vel)\s+",
    )
    # "nisi" (unless, but for) negates what it qualifies as "non" does.
    statements = StatementGrammar(
        negators=r"non|nec|neque|ne|haud|nisi|nullus|nulla|nullum|nulli",
        privatives=r"sine",
        break_words=r"sed|verum",
    )

    def fold(self, text: str) -> str:
        text = super().fold(text).translate(_LIGATURES)
        decomposed = unicodedata.normalize("NFD", text)  # quâ, hîc: accents carry no meaning here
        return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))

    def word_key(self, folded_word: str) -> str:
        return stem(folded_word)

    def numbers(self, text: str) -> list[NumberMention]:
        """Digits, number words and upper-case Roman numerals (a lone letter followed by
        ". Capital" is taken for an initial, not a numeral)."""
        found = super().numbers(text)
        for match in _ROMAN_TOKEN.finditer(text):
            value = roman_value(match.group())
            if value is None:
                continue
            if len(match.group()) == 1 and _INITIAL_AFTER.match(text, match.end()):
                continue
            found.append(NumberMention(value, match.group(), match.start(), match.end()))
        return sorted(found, key=lambda mention: mention.start)
