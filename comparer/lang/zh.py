"""Chinese: Traditional folded to Simplified (OpenCC), one token per Han character,
Chinese numerals, 第N條 / N、 headings and Qing reign-year dates."""
from __future__ import annotations

import functools
import re

from comparer.calendars import ERAS

from .base import DIGITS_RE, MAX_HEADING_DIGITS, MAX_NUMBER_DIGITS, Language, NumberMention, Token, select_longest
from .dates import DateMention, Dating
from .statements import StatementGrammar
from .transcription import MAX_HAN_NAME, MIN_HAN_NAME, han_windows
from .transcription import score as transcription_score

# Variant characters OpenCC's t2s leaves alone, mapped to the standard Simplified form.
_VARIANTS = str.maketrans(
    "竝鑛淸㑹囯圀敍勅畧槪塲隣凖緜嶋嶌囘廻迺濶峩搆暎皷兎舩衞氷毘歳衹秖嶽",
    "并矿清会国国叙敕略概场邻准绵岛岛回回乃阔峨构映鼓兔船卫冰毗岁只只岳",
)
# Traditional characters whose Simplified form merges two words: 隻 (measure word for boats,
# 船隻) becomes 只, which also means "only". They keep their own key, or every 船隻 reads as "only".
_KEEP_APART = {"隻": "\ue000"}
_PROTECT = str.maketrans(_KEEP_APART)
_RESTORE = str.maketrans({v: k for k, v in _KEEP_APART.items()})
_HAN = r"\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_COMPATIBILITY_IDEOGRAPH = re.compile(r"[\uf900-\ufaff]")
_TOKEN_RE = re.compile(rf"(?P<han>[{_HAN}])|(?:(?![{_HAN}])[^\W_])+")

# With the "capital" numerals of accounts and formal documents (壹貳參…拾佰仟), which sums of money
# are written in (銀壹百萬兩) and some articles numbered by (第壹款).
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9,
           "壹": 1, "貳": 2, "贰": 2, "參": 3, "叁": 3, "叄": 3, "肆": 4, "伍": 5, "陸": 6, "陆": 6,
           "柒": 7, "捌": 8, "玖": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100, "仟": 1000}
_TENS = {"廿": 20, "卅": 30}
_MYRIADS = {"萬": 10_000, "万": 10_000}
_NUMERAL_CHARS = "".join([*_DIGITS, *_UNITS, *_TENS, *_MYRIADS])
# 兩 is "two" before a unit (兩千, 兩萬), alone (兩國, "both states") and after a bare digit (一兩,
# "one or two"; 三兩, "two or three", or three liang); after a unit it is the liang, a weight of
# silver (一百萬兩, 五十兩).
_LIANG = "兩两"
_BARE_DIGITS = "".join(d for d in _DIGITS if d not in _LIANG)


def _numeral_run(chars: str) -> str:
    """A regex of a run of the numeral characters `chars`, with 兩 where it is "two"."""
    chars = chars.translate(str.maketrans("", "", _LIANG))
    return (f"(?:[{_LIANG}](?=[{''.join(_UNITS)}{''.join(_MYRIADS)}])|(?<=[{_BARE_DIGITS}])[{_LIANG}]"
            f"|[{chars}])+")


_NUMERAL = _numeral_run(_NUMERAL_CHARS)
# A capital numeral is mostly a word (陸路 "land route", 參贊 "counsellor", 隊伍 "troops"): in running
# text it counts only in a number written in capitals, beside another numeral (陸百, 壹百萬).
_CAPITALS = "壹貳贰參叁叄肆伍陸陆柒捌玖拾佰仟"
_CAPITAL_NUMERALS = frozenset(_CAPITALS)
_CAPITAL_RUN = f"[{_CAPITALS}〇零百千萬万]*[{_CAPITALS}][{_CAPITALS}〇零百千萬万]*"
_ORDINARY_RUN = _numeral_run(_NUMERAL_CHARS.translate(str.maketrans("", "", _CAPITALS)))
# Digits before 萬 or 千 count them (600萬 is 6,000,000); digits may be grouped by commas (600,000).
_SCALED_DIGITS_RE = re.compile(r"(?<![\d.,])(\d{1,4})([萬万千])")
_NUMBER_RE = re.compile(rf"{_SCALED_DIGITS_RE.pattern}|(?<![\d.,])\d{{1,3}}(?:[,，]\d{{3}})+(?![.,]?\d)"
                        rf"|{_CAPITAL_RUN}|{_ORDINARY_RUN}|(?<![{_NUMERAL_CHARS}\d])[{_LIANG}]|{DIGITS_RE.pattern}")
# Counters and calendar words after a numeral: it counts what follows (三處, 八年, 二十日, 二百名).
_COUNTERS = frozenset("年月日次處处座名個个人件條条隻只匹頭头艘輛辆張张位員员")
# Words whose numeral characters are no number: 一切 "all", 統一 "unify", 萬一 "in case", 十分 "fully"…
_IDIOMS = re.compile(r"一切|一[體体]|一律|一同|一概|一面|[統统]一|[萬万]一|一[經经]|一[併并]|一[樣样]|一起|一致|一向"
                     r"|十分|[萬万]分|三三[兩两][兩两]")

# Reign names in both scripts, and the variant characters some prints use (咸豊 for 咸豐).
_ERAS = {name: era for era, info in ERAS.items() for name in (info.traditional, info.simplified)}
_ERAS.update({"咸豊": "xianfeng"})
# The year's name in the sexagenary cycle may follow the reign year: 咸豐八年歲次戊午五月初三日.
_CYCLE_YEAR = "(?:[，,]?(?:歲次|岁次|歲在|岁在)?[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年?[，,]?)"
_LUNAR_DATE_RE = re.compile(
    rf"(?:(?P<era>{'|'.join(_ERAS)})(?P<year>元|{_NUMERAL})年{_CYCLE_YEAR}?)?"
    rf"(?P<leap>[閏闰])?(?P<month>正|{_NUMERAL})月(?P<day>初?{_NUMERAL})(?P<ri>日)?"
)
# European months as the Qing texts of the Russian treaties transcribe their Russian names: 瑪乙月
# (май) and 伊雲月 (июнь) in art. 1 of the 1860 Peking treaty, 伊雲月 and 諾雅布爾月 (ноябрь, naming the
# Peking treaty's date) in the 1861 protocol on the eastern boundary; other texts spell them
# otherwise (諾雅貝爾). Such a month is read by transcription (`_transcribed_month`): a run of two
# to eight characters before 月 that are no numeral and no date word.
_TRANSCRIBED_MONTH_RUN = rf"[\u3400-\u9FFF\uF900-\uFAFF](?<![{_NUMERAL_CHARS}年月日初閏闰正])"
# A transcribed month must read as one Russian month this well (transcription.score, 0-100), and
# this much better than as any other: twelve known names allow less than an open list of names
# (transcription.THRESHOLD), and the margin keeps 伊雲 (июнь) from июль.
_MONTH_TRANSCRIPTION_SCORE = 75.0
_MONTH_TRANSCRIPTION_MARGIN = 10.0
# Words naming the calendar of the date that follows: 俄曆 the Russian (Julian), 西曆/公曆 the
# Western (Gregorian), 華曆/中曆 the Chinese one.
_CALENDAR_WORDS = {**dict.fromkeys(["俄曆", "俄歷", "俄历"], "julian"),
                   **dict.fromkeys(["西曆", "西歷", "西历", "公曆", "公历"], "gregorian"),
                   **dict.fromkeys(["華曆", "華歷", "华历", "中曆", "中歷", "中历"], "qing")}
_WESTERN_DATE_RE = re.compile(
    rf"(?P<calendar>{'|'.join(_CALENDAR_WORDS)})?\s*"
    rf"(?:(?P<year>\d{{3,4}}|{_NUMERAL})\s*年\s*)?"
    rf"(?P<month>\d{{1,2}}|{_NUMERAL}|(?:{_TRANSCRIBED_MONTH_RUN}){{2,8}})\s*月"
    rf"\s*(?P<day>\d{{1,2}}|初?{_NUMERAL})\s*日"
)
_DIGIT_BY_DIGIT = re.compile(r"[〇零一二三四五六七八九]{4}")
_HEADING_RE = re.compile(
    rf"\s*(?:第\s*(?P<nth>{_NUMERAL}|\d{{1,{MAX_HEADING_DIGITS}}})\s*[條条款]|(?P<item>{_NUMERAL})\s*、)\s*[：:]?")
_CLAUSE_END_RE = re.compile(r"[。！？；;!?]+[」』”’\"）)]*")

# Names written by sound. The Qing texts write foreign (Manchu, Mongol, Russian) names with a
# limited set of characters read for their sound; a run of them is taken for a name where it
# stands right before a place word (興凱湖, 豁爾莫勒津屯) or right after a title (總督木喇福岳福).
_TRANSCRIPTION_CHARS = frozenset(
    "阿額额鄂厄俄爾尔兒儿克喀卡噶嘎格葛圖图托陀特騰腾塔達达答薩萨撒蘇苏素斯什錫锡希悉西尼納纳那訥讷"
    "諾诺瑪玛馬马麻穆木莫墨謨谟默蒙布巴拔伯博必畢毕比弼勒羅罗洛魯鲁祿禄倫伦楞哩里拉喇剌賴赖烏乌兀"
    "伊依彥彦雅亞亚牙瑚呼琿珲渾浑赫哈齊齐奇吉濟济扎札察綽绰楚珠朱溫温旺汪佛福弗費费普蒲庫库固袞衮"
    "昆科恰敏僧桑琳凱凯興兴津晉晋豁霍谿第眉索佟郎朗歷历彼得凡戈伏夫茨基次業业替提季耶廷庭恬電电岳"
    "嶽岳斐幅維维約约沙賓宾濱滨臺台淖齋斋浩罕棱稜琿訥謨鄂蘭兰海")
_PLACE_WORDS = ("淖爾", "淖尔", "地方", "河", "江", "湖", "池", "泉", "山", "嶺", "岭", "城", "府", "屯", "島", "岛",
                "站", "寨", "堡")
_TITLES = ("欽差大臣", "钦差大臣", "大學士", "大学士", "大臣", "總督", "总督", "將軍", "将军", "都統", "都统", "尚書",
           "尚书", "特派", "欽差", "钦差", "使臣", "公使", "領事官", "领事官", "領事", "领事", "參贊", "参赞",
           "親王", "亲王", "郡王", "貝勒", "贝勒", "提督", "巡撫", "巡抚", "總兵", "总兵")
# Grammatical words that no place or person name of the period holds (which 即墨, 于闐, 所, 後藏, 可可西里
# and 以色列 rule out for 即, 于, 所, 後, 可 and 以): a span with one is no transcription of a name.
_NOT_IN_NAMES = frozenset("此其該该之及與与皆俱凡各諸诸等毋勿須须則则而除亦且或者為为將将應应准")
_PLACE_WORD_RE = re.compile("|".join(_PLACE_WORDS))
_TITLE_RE = re.compile("|".join(_TITLES))


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def chinese_number(text: str) -> int | None:
    """Value of a numeral written in Chinese characters or digits: 十二=12, 一千八百五十八=1858,
    廿一=21, 一八五八=1858 (three or more digits read one by one); None for anything else,
    including two bare digits (一二 "one or two")."""
    if text.isdigit():
        return int(text)
    if not text or any(char not in _NUMERAL_CHARS for char in text):
        return None
    if len(text) > 1 and all(char in _DIGITS for char in text):
        if len(text) == 2 or len(text) > MAX_NUMBER_DIGITS:
            return None  # 一二, 五六: "one or two", "five or six"; a longer run than any number
        return int("".join(str(_DIGITS[char]) for char in text))
    total = section = digit = 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (digit or 1) * _UNITS[char]
            digit = 0
        elif char in _TENS:
            section += _TENS[char]
        else:
            total += (section + digit or 1) * _MYRIADS[char]
            section = digit = 0
    return total + section + digit


def chinese_numeral(number: int) -> str:
    """1858 -> 一千八百五十八, 12 -> 十二, 105 -> 一百零五, 10001 -> 一萬零一, 120000 -> 十二萬
    (0 < number < 100,000,000: counted in 萬 above 9999)."""
    if not 0 < number < 10_000 ** 2:
        raise ValueError(f"{number} is outside 1-99999999")
    myriads, rest = divmod(number, 10_000)
    if not myriads:
        return _below_myriad(rest)
    return _below_myriad(myriads) + "萬" + ("" if not rest else _below_myriad(rest, "零" if rest < 1000 else ""))


def _below_myriad(number: int, lead: str = "") -> str:
    """1 to 9999 in characters; `lead` goes before (零 after a 萬 when the thousands are empty)."""
    digits = "〇一二三四五六七八九"
    parts, pending_zero = [], False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // place % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(digits[digit] + unit)
    text = "".join(parts)
    return lead + text if lead else text[1:] if text.startswith("一十") else text


def _simplify(text: str) -> str:
    """Traditional -> Simplified, character for character (offsets stay aligned)."""
    return _converter().convert(text.translate(_PROTECT)).translate(_RESTORE).translate(_VARIANTS)


class _ChineseDates:
    """Qing reign dates (咸豐八年四月十六日, 閏 and 初 included) and European ones (1858年5月28日,
    一千八百五十八年瑪乙月十六日, 俄曆一千八百六十年十一月初二日)."""

    def candidates(self, text: str) -> list[tuple[int, int, DateMention]]:
        found = []
        for match in _LUNAR_DATE_RE.finditer(text):
            mention = self._lunar(match)
            if mention:
                found.append((match.start(), match.end(), mention))
        for match in _WESTERN_DATE_RE.finditer(text):
            mention = self._european(match)
            if mention:
                found.append((match.start(), match.end(), mention))
        return found

    @staticmethod
    def _lunar(match: re.Match) -> DateMention | None:
        era = match.group("era")
        if not era and not match.group("ri"):
            return None  # without a reign year, only a day written with 日 is taken as a date
        month = 1 if match.group("month") == "正" else chinese_number(match.group("month"))
        day = chinese_number(match.group("day").removeprefix("初"))
        year = None
        if era:
            year = 1 if match.group("year") == "元" else chinese_number(match.group("year"))
        if not (month and 1 <= month <= 12 and day and 1 <= day <= 30):
            return None
        leap = bool(match.group("leap"))
        return DateMention(match.group(), match.start(), match.end(), "qing" if era or leap else None,
                           _ERAS.get(era) if era else None, year, month, day, leap_month=leap,
                           lunar=True if era or leap else None)

    @staticmethod
    def _european(match: re.Match) -> DateMention | None:
        """A European date: a year of four figures or a transcribed European month says so; a year
        in Arabic digits or spelled digit by digit is a modern, Gregorian one."""
        written_year, written_month = match.group("year"), match.group("month")
        start = match.start()
        transcribed = None
        if chinese_number(written_month) is None and not written_month.isdigit():
            found = _transcribed_month(written_month)
            if found is None:
                return None
            transcribed, offset = found
            if offset:  # the run began with words before the month's name: the date starts at the name
                start = match.start("month") + offset
                written_year = None
        year = chinese_number(written_year) if written_year else None
        if transcribed is None and (year is None or year < 1000):
            return None  # 八年四月十六日 is a reign date without its era, 四月十六日 a lunar one
        month = transcribed or chinese_number(written_month)
        day = chinese_number(match.group("day").removeprefix("初"))
        if not (month and 1 <= month <= 12 and day and 1 <= day <= 31):
            return None
        calendar = _CALENDAR_WORDS.get(match.group("calendar") or "")
        if calendar is None and written_year and (written_year.isdigit() or _DIGIT_BY_DIGIT.fullmatch(written_year)):
            calendar = "gregorian"
        if calendar == "qing":
            return None  # 華曆 before a European date names the other calendar of a pair
        if start != match.start():
            calendar = None
        return DateMention(match.string[start:match.end()], start, match.end(), calendar, None, year, month, day)


@functools.lru_cache(maxsize=1024)
def _transcribed_month(run: str) -> tuple[int, int] | None:
    """The Russian month that the end of a run of characters transcribes (瑪乙 май, 伊雲 июнь,
    諾雅貝爾 ноябрь), with where in the run its name starts: of the endings of two characters or
    more that read as one month well and clearly better than as any other, the one read best
    (國伊雲 in 俄國伊雲月 reads as июнь too, less well than 伊雲)."""
    from comparer.lang.ru import MONTH_NAMES  # the Qing clerks transcribed the Russian names

    readings = []
    for offset in range(len(run) - 1):
        scores = sorted(((transcription_score(run[offset:], "zh", name, "ru"), number)
                         for number, name in enumerate(MONTH_NAMES, start=1)), reverse=True)
        (best, month), (second, _) = scores[0], scores[1]
        if best >= _MONTH_TRANSCRIPTION_SCORE and best - second >= _MONTH_TRANSCRIPTION_MARGIN:
            readings.append((best, offset, month))
    if not readings:
        return None
    _, offset, month = max(readings, key=lambda reading: (reading[0], -reading[1]))  # the longer on a tie
    return month, offset


class Chinese(Language):
    code = "zh"
    name = "Chinese"
    script = r"[\u3400-\u9FFF\uF900-\uFAFF]"
    clause_end = _CLAUSE_END_RE
    quotation_marks = "「」『』"
    referring_words = frozenset("其 該 该 此 彼".split())  # 其南岸 (its south bank), 該江口 (the said river's mouth)
    both_parties = ("兩 两", "國 国")  # 兩國: the two states, the treaty's parties together
    unit_words = {"里": "li", "丈": "zhang", "尺": "chi", "斤": "jin", "兩": "liang"}
    dating = Dating(
        _ChineseDates(),
        same_year=r"是年|是歲|是岁|同年|本年",
        same_day=r"[\s，,]*(?:[即卽]|[（(]\s*[即卽]?|[＝=])\s*",
    )
    # 不 / 毋 / 勿 negate the characters right after them (不加限制, 並不納稅); 不是 / 並非 the rest of the
    # statement (不是在天津簽訂的). "，" separates statements as "。" does; 、 only lists. 由 before a
    # party names who acts (由俄國付給).
    statements = StatementGrammar(
        negators=r"不|毋|勿|未|無|无|莫|弗|沒有|没有",
        reach=3,
        statement_negators=r"不是|並非|并非|並不是|并不是",
        break_words=r"而|但",
        strong_breaks=r"[，,；;。：:！!？?（）()「」『』]",
        soft_breaks="",
        agent_markers=r"由|歸|归",
        bounded=False,
    )

    def fold(self, text: str) -> str:
        return _simplify(super().fold(text))

    def tokenize(self, text: str) -> list[Token]:
        """One token per Han character (key: its Simplified form, converted in context) and
        one per run of other letters or digits."""
        matches = list(_TOKEN_RE.finditer(text))
        # Convert the whole text at once so phrase-level conversions (乾隆 stays 乾) apply;
        # t2s maps character for character, so the offsets line up.
        converted = _simplify(text)
        aligned = len(converted) == len(text)
        tokens = []
        for match in matches:
            surface = match.group()
            if match.lastgroup == "han" and aligned and not _COMPATIBILITY_IDEOGRAPH.match(surface):
                key = converted[match.start()]
            else:  # other runs, and compatibility ideographs that need NFC first
                key = self.fold_word(surface)
            tokens.append(Token(surface, match.start(), match.end(), key))
        return tokens

    def numbers(self, text: str) -> list[NumberMention]:
        idioms = [m.span() for m in _IDIOMS.finditer(text)]
        found = []
        for match in _NUMBER_RE.finditer(text):
            if any(start <= match.start() and match.end() <= end for start, end in idioms) or (
                    match.group() in _CAPITAL_NUMERALS):
                continue
            value = chinese_number(match.group().replace(",", "").replace("，", ""))
            if match.group(2):  # 600萬
                value = int(match.group(1)) * (_UNITS | _MYRIADS)[match.group(2)]
            if value is not None:
                found.append(NumberMention(value, match.group(), match.start(), match.end()))
            elif len(match.group()) == 2:  # 一二: two numbers, one or two
                found += [NumberMention(_DIGITS[char], char, match.start() + i, match.start() + i + 1)
                          for i, char in enumerate(match.group()) if char in _DIGITS]
        return found

    def counts(self, text: str, number: NumberMention) -> bool:
        """Chinese names hold numerals (三姓, 三岔口, 二道河): a numeral counts something when it is
        written in digits or a counter or unit follows it (十里, 八年, 三處)."""
        return number.surface.isascii() or text[number.end:number.end + 1] in _COUNTERS or \
            self.unit_after(text, number.end) is not None

    def _ends_clause(self, text: str, start: int, match: re.Match) -> bool:
        """Every 。；！？ (and ASCII ; ! ?) ends a clause: Chinese has no abbreviations with a dot;
        、 and ， never do (they are not in the pattern)."""
        return True

    def default_heading(self, number: int) -> str:
        """第十二條; in digits (第123456789條) past what 萬 counts."""
        return f"第{chinese_numeral(number) if number < 10_000 ** 2 else number}條"

    # -- names ----------------------------------------------------------------

    def name_forms(self, surface: str) -> tuple[str, ...]:
        """The name with and without its place word: 興凱湖 is read as 興凱 too (the Russian
        writes озеро Хинкай), 烏蘇里河 as 烏蘇里."""
        for word in _PLACE_WORDS:
            if surface.endswith(word) and len(surface) > len(word):
                return surface, surface[:-len(word)]
        return (surface,)

    def name_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Every run of MIN_HAN_NAME to MAX_HAN_NAME characters without a grammatical word: Chinese
        does not mark where a name starts, but no name holds 此 or 之 (此後除 is no Qiongzhou)."""
        return [span for span in han_windows(text) if not _NOT_IN_NAMES.intersection(span[2])]

    def proper_names(self, text: str) -> list[tuple[int, int, str]]:
        """Runs of MIN_HAN_NAME to MAX_HAN_NAME transcription characters right before a place word (with
        it: 豁爾莫勒津屯) or right after a title (總督木喇福岳福). A longer run cannot be cut into
        names with any confidence and is left out."""
        found = []
        for match in _PLACE_WORD_RE.finditer(text):
            start = match.start()
            while start > 0 and text[start - 1] in _TRANSCRIPTION_CHARS:
                start -= 1
            if MIN_HAN_NAME <= match.start() - start <= MAX_HAN_NAME:
                found.append((start, match.end(), text[start:match.end()]))
        for match in _TITLE_RE.finditer(text):
            end = match.end()
            while end < len(text) and text[end] in _TRANSCRIPTION_CHARS:
                end += 1
            if MIN_HAN_NAME <= end - match.end() <= MAX_HAN_NAME and (end == len(text) or text[end] not in "".join(_PLACE_WORDS)):
                found.append((match.end(), end, text[match.end():end]))
        return [name for _, _, name in select_longest((s, e, (s, e, t)) for s, e, t in found)]

    def article_heading_prefix(self, line: str) -> tuple[int, int] | None:
        match = _HEADING_RE.match(line)
        if not match:
            return None
        value = chinese_number(match.group("nth") or match.group("item"))
        return (value, match.end()) if value else None

