"""Indonesian: lower-cased, stemmed by a small conservative affix stripper."""
from __future__ import annotations

from comparer.calendars import ERAS

from .base import Language, NumberWord, Token
from .dates import DateGrammar, Dating, ReignDateGrammar, SpelledNumbers
from .statements import StatementGrammar

_VOWELS = "aiueo"
_MIN_STEM = 4  # a prefix is only removed when at least this much remains (berat, terima, dinas stay)
# Roots that look prefixed or suffixed; any word starting with one of them is left as it is.
_ROOTS = (
    "berita", "dialog", "dimensi", "dinasti", "diplomat", "direktur", "diskusi", "distrik", "divisi",
    "kemudian", "kepala", "kereta", "menteri", "mereka", "pengaruh", "penjara", "peristiwa", "perintah",
    "pertama", "sedang", "segera", "sejarah", "sekarang", "sekolah", "selat", "selatan", "semangat",
    "semenanjung", "sementara", "sendiri", "sengketa", "senjata", "teritori", "terjemah",
)
# Endings that look like the particles -lah/-kah but belong to the root.
_PARTICLE_LOOKALIKES = ("masalah", "sekolah", "jumlah", "belah", "istilah", "telah", "langkah",
                        "naskah", "nikah", "kisah", "sedekah")
# Indonesian printed before 1972 (the Republican or Soewandi spelling of 1947, and oe for u before
# it) writes dj, tj, ch for today's j, c, kh: folded so in every text, since no word of today's
# spelling has dj or tj. Its j, nj, sj are today's y, ny, sy, but today's j, nj, sj are words too
# (jalan, menjadi, masjid): a word with j is read both ways (_modern_variant).
_UNAMBIGUOUS_OLD_SPELLING = (("dj", "j"), ("tj", "c"), ("oe", "u"), ("ch", "kh"))
_OLD_J = (("dj", "\0"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("j", "y"), ("\0", "j"))


def _fold_old_spelling(text: str) -> str:
    for old, new in _UNAMBIGUOUS_OLD_SPELLING:
        text = text.replace(old, new)
    return text


def _old_spelled(regex: str) -> str:
    """A regex of words in today's spelling that also matches them as printed before 1972 (oe for u,
    dj for j): for the date grammars, which read the text as written."""
    return regex.replace("u", "(?:u|oe)").replace("j", "d?j")


def _modern_variant(word: str) -> str:
    """A casefolded word read as pre-1972 spelling: jang → yang, menjerahkan → menyerahkan,
    mendjadi → menjadi, masjarakat → masyarakat."""
    for old, new in _OLD_J:
        word = word.replace(old, new)
    return _fold_old_spelling(word)


_NUMBER_NAMES = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
                 "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11}


def _begins(text: str, letters: str) -> bool:
    return bool(text) and text[0] in letters


def _long_enough(stems: list[str]) -> list[str]:
    return [stem for stem in stems if len(stem) >= _MIN_STEM]


def _strip_prefix(word: str, with_suffix: bool) -> list[str]:
    """Stems left by one derivational prefix, most likely first; [] if none applies."""
    head, rest3, rest4 = word[:4], word[3:], word[4:]
    if head in ("meny", "peny") and _begins(rest4, _VOWELS):  # menyerahkan -> serah, menyatakan -> nyata
        return _long_enough(["s" + rest4, "ny" + rest4])
    if head in ("meng", "peng"):  # mengatur -> atur, mengirim -> kirim, menggunakan -> guna
        if _begins(rest4, _VOWELS):
            return _long_enough([rest4, "k" + rest4])
        return _long_enough([rest4]) if _begins(rest4, "ghk") else []
    if word[:3] in ("mem", "pem"):  # membawa -> bawa, memilih -> pilih, memiliki -> milik
        if _begins(rest3, "bfpv"):
            return _long_enough([rest3])
        return _long_enough(["p" + rest3, "m" + rest3]) if _begins(rest3, _VOWELS) else []
    if word[:3] in ("men", "pen"):  # menjadi -> jadi, menerima -> terima, menanti -> nanti
        if _begins(rest3, "cdjz"):
            return _long_enough([rest3])
        return _long_enough(["t" + rest3, "n" + rest3]) if _begins(rest3, _VOWELS) else []
    if word[:3] in ("ber", "per", "ter"):  # berdasarkan -> dasar, peraturan -> atur, tersebut -> sebut
        return _long_enough([rest3])
    if word[:2] in ("me", "pe") and _begins(word[2:], "lmnrwy") and _begins(word[3:], _VOWELS):
        return _long_enough([word[2:]])  # melalui -> lalu, pelabuhan -> labuh
    if word[:2] == "pe" and not _begins(word[2:], _VOWELS):
        return _long_enough([word[2:]])  # pedagang -> dagang
    if word[:2] in ("di", "se"):
        return _long_enough([word[2:]])
    if word[:2] == "ke":  # the ke-an confix (kekaisaran), or an ordinal (kedua)
        if word[2:] in _NUMBER_NAMES:
            return [word[2:]]
        return _long_enough([word[2:]]) if with_suffix else []
    return []


# Which suffixes each prefix combines with (confixes); -an never follows di-/meN-/ter-.
_SUFFIX_PREFIXES = {
    "kan": ("di", "me", "pe", "ber", "per", "ter"),
    "an": ("ke", "pe", "ber", "per"),
    "i": ("di", "me", "ber", "per", "ter"),
}


def stems(word: str) -> tuple[str, ...]:
    """Candidate stems of a folded Indonesian word, most likely first (the word itself if none)."""
    if not word.isalpha() or word.startswith(_ROOTS):
        return (word,)
    if word.endswith(("lah", "kah", "pun")) and not word.endswith(_PARTICLE_LOOKALIKES) \
            and len(word) - 3 >= _MIN_STEM:
        word = word[:-3]
    if word.endswith("nya") and len(word) - 3 >= 3:
        word = word[:-3]
    if word.startswith(_ROOTS):
        return (word,)
    for suffix, prefixes in _SUFFIX_PREFIXES.items():
        base = word[:-len(suffix)]
        if not word.endswith(suffix) or not base.startswith(prefixes):
            continue
        if suffix == "i" and base.endswith("a"):  # sampai, pakai, sungai: the -i is part of the root
            continue
        found = _strip_prefix(base, with_suffix=True)
        if found:
            return _strip_second_prefix(found)
    found = _strip_prefix(word, with_suffix=False)
    return _strip_second_prefix(found) if found else (word,)


def _strip_second_prefix(found: list[str]) -> tuple[str, ...]:
    """diperbolehkan, mempertahankan: a per-/ber- left inside the first stem."""
    first = found[0]
    if first.startswith(("per", "ber")) and len(first) - 3 >= _MIN_STEM and not first.startswith(_ROOTS):
        return (first[3:], *found)
    return tuple(found)


def _word_keys(word: str) -> tuple[str, ...]:
    if word.startswith("pe") and not word.startswith("per") and not word.endswith("an"):
        return (word,)  # an agent noun: see Indonesian.key_variants
    return (word, *stems(word))


def _numerals() -> dict[str, NumberWord]:
    words = {name: NumberWord(value) for name, value in _NUMBER_NAMES.items()}
    words.update({"ke" + name: NumberWord(value) for name, value in _NUMBER_NAMES.items()})
    words.update({
        "nol": NumberWord(0), "pertama": NumberWord(1, ordinal=True), "seratus": NumberWord(100),
        "belas": NumberWord(10, teen=True), "puluh": NumberWord(10, multiplier=True),
        "ratus": NumberWord(100, multiplier=True), "seribu": NumberWord(1000, scale=True),
        "ribu": NumberWord(1000, scale=True), "sejuta": NumberWord(10**6, scale=True),
        "juta": NumberWord(10**6, scale=True),
    })
    return words

# Ordinals in words ("bulan keempat", "hari pertama"); "ke-21" is read as digits.
_SPELLED = SpelledNumbers({word: number for word, number in _numerals().items()
                           if word.startswith("ke") or word == "pertama"})


class Indonesian(Language):
    code = "id"
    name = "Indonesian"
    script = r"[A-Za-z]"
    number_idioms = r"\bsatu\s+sama\s+lain\b"      # "one another", not the number 1
    abbreviations = frozenset("no st dr prof hlm jl tn ny kol jend sdr bpk yth ir drs a.n s.d".split())
    referring_words = frozenset("tersebut itu ini".split())
    # "both states" (kedua negara, kedua belah pihak): the two parties together
    both_parties = ("kedua", "negara pihak belah kerajaan kekaisaran")
    thousands_separators = ".\u00a0\u202f\u2009 "  # 1.000.000 (a comma is the decimal sign)
    unit_words = {"verst": "verst", "versta": "verst", "li": "li", "mil": "mile", "kilometer": "kilometre",
                  "pud": "pud", "kati": "jin", "tahil": "liang"}
    # Words written with a capital that name no place or person: titles and honorifics, the word
    # for the kind of place before a name (Sungai Amur), months, peoples and their languages.
    name_stopwords = frozenset("""
        yang jang mulia sri baginda paduka tuan nyonya njonja raja ratu kaisar maharaja pangeran putra putri sultan
        kekaisaran kerajaan negara negeri republik pemerintah dewan majelis kementerian menteri pertama
        luar dalam seluruh agung besar raya tertinggi tunggal penguasa autokrat bogdikhan bogdykhan
        jenderal letnan mayor kolonel kapten laksamana ajudan gubernur residen panglima komandan konsul
        duta utusan wakil sekretaris penerjemah graf pengiring kepala
        sungai danau gunung pegunungan pulau kota desa laut teluk selat tanjung provinsi wilayah daerah
        pasal perjanjian traktat konvensi protokol pasal bab
        januari februari maret april mei juni juli agustus september oktober november desember
        manchu mancu mongol tartar tatar tionghoa cina eropa kozak kazak buryat burjat tungus evenki daur solon
    """.split())
    heading_labels = r"pasal"
    heading_template = "Pasal {n}"
    number_words = _numerals()
    dating = Dating(
        DateGrammar(
            month_regex=_old_spelled(r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|"
                                     r"oktober|november|nopember|desember"),
            months={"januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
                    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11,
                    "desember": 12},
            fold=lambda text: _fold_old_spelling(text.casefold()),
            day_link=_old_spelled(r"(?:\s+bulan)?"),  # "tanggal 16 bulan Mei tahun 1858"
            year_prefix=_old_spelled(r"tahun"),
            markers=[(r"(?:menurut\s+)?(?:kalender|penanggalan)\s+juli(?:an(?:us)?|us)|gaya\s+lama", "julian"),
                     (r"(?:menurut\s+)?(?:kalender|penanggalan)\s+(?:gregori(?:an(?:us)?|us)|masehi)|gaya\s+baru",
                      "gregorian")],
        ),
        ReignDateGrammar(
            # The reign names in pinyin, as the project's Indonesian translations write them.
            eras={era: (era,) for era in ERAS}, spelled=_SPELLED,
            number=r"(?:ke-?\s?)?\d{1,2}|[IVX]+",
            year_forms=[_old_spelled(f) for f in (
                r"tahun\s+{n}\s+(?:pemerintahan\s+)?(?:kaisar\s+)?{era}",
                r"tahun\s+(?:pemerintahan\s+)?(?:kaisar\s+)?{era}\s+{n}", r"{era}\s*,?\s*tahun\s+{n}")],
            moon_forms=[_old_spelled(r"bulan\s+(?:{leap}\s+)?{n}(?:\s+{leap})?\s+(?:imlek|kalender\s+(?:tionghoa|cina))")],
            month_forms=[_old_spelled(r"bulan\s+(?:{leap}\s+)?{n}(?:\s+{leap})?")],
            day_forms=[r"(?:hari|tanggal)\s+{n}"],
            leap=r"kabisat|sisipan",
        ),
        same_year=r"(?:pada\s+)?tahun\s+yang\s+sama|tahun\s+itu\s+juga",
        same_day=(r"\s*[,;]?\s*(?:\(\s*(?:(?:yaitu|yakni|ialah)\s*,?\s*)?"
                  r"|(?:yaitu|yakni|ialah|bertepatan\s+dengan|sama\s+dengan)\s*,?\s*|=\s*)"),
        same_day_across=r"\s*,?\s*\(?\s*atau\s+",
    )
    # "tidak akan dibatasi": a negator reaches past an auxiliary. "tidak harus" / "tidak wajib" is
    # "need not", a release from the duty, not a prohibition ("tidak boleh" is one).
    statements = StatementGrammar(
        negators=r"tidak|tak|bukan(?:lah)?|belum|d?jangan|tiada",  # djangan: the spelling before 1972
        privatives=r"tanpa",
        break_words=r"tetapi|namun|melainkan|sedangkan|padahal",
        agent_markers=r"oleh",
        turns={"obligation": "exemption"},
    )


    def derivation_stem(self, key: str) -> str:
        """Indonesian derives by affixes around an intact root (dagang → perdagangan), so the whole
        key is the stem: "berdagang" is no form of Dagu."""
        return key

    def references(self, text: str) -> list[int]:
        """Besides tersebut/itu/ini, the clitic -nya refers back (muaranya: its mouth) where it
        comes off a stem (hanya, "only", is no clitic)."""
        clitics = [t.start for t in self.tokenize(text)
                   if (folded := self.fold_word(t.surface)).endswith("nya") and stems(folded)[0] != folded]
        return sorted({*super().references(text), *clitics})

    def fold(self, text: str) -> str:
        return _fold_old_spelling(super().fold(text))

    def word_key(self, folded_word: str) -> str:
        return stems(folded_word)[0]

    def key_variants(self, token: Token) -> frozenset[str]:
        """The word and its stems, and those of the word read as pre-1972 spelling when it has a
        j (jang: yang); an agent noun (pe(N)- without a suffix: pedagang "trader", penduduk
        "inhabitant") names a person, not what its root names, so it matches no lexicon form
        through its root (pedagang is no form of perdagangan "trade")."""
        folded = self.fold_word(token.surface)
        words = {folded}
        if "j" in folded:
            words.add(_modern_variant(token.surface.casefold()))
        return frozenset(key for word in words for key in _word_keys(word))

    def name_forms(self, surface: str) -> tuple[str, ...]:
        """A name as written, and as today's spelling writes it: Huntjun is Huncun, Amoj Amoy; a
        tj may also be t and y (Poetjatin: Putyatin, from Путятин)."""
        folded = surface.casefold()
        modern = {_modern_variant(folded), _modern_variant(folded.replace("tj", "ty"))} - {folded}
        return (surface, *sorted(modern))

