"""The sentences of a secondary text: from a TEI source file (its `<s>` elements) or plain text."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from comparer import lang as languages
from comparer import limits, plaintext, tei
from comparer.claims.model import Sentence
from comparer.errors import InputError

PLAIN_PREFIX = "text"


def source_root(tree: etree._ElementTree, path: str) -> etree._Element:
    """The root of a secondary source (TEI with text/body/p/s), or a one-line error saying what it is instead."""
    root = tree.getroot()
    if root.tag != tei._t("TEI"):
        raise InputError(f"{path}: not a TEI file (the root element is {etree.QName(root).localname!r})")
    if root.find("t:text/t:group", tei.NS) is not None:
        raise InputError(f"{path}: this is a treaty file, not a secondary source (expected <p> of <s> sentences)")
    if root.get(tei.XML_ID) == "lexicon":
        raise InputError(f"{path}: this is the lexicon, not a secondary source")
    if root.find("t:text/t:body/t:p/t:s", tei.NS) is None:
        raise InputError(f"{path}: not a secondary source: no <s> sentences inside text/body/p")
    return root


def source_lang(root: etree._Element, path: str) -> str:
    code = root.get(tei.XML_LANG)
    if not code:
        raise InputError(f"{path}: the source has no xml:lang on <TEI>, so its language is unknown")
    return code


def tei_sentences(root: etree._Element, path: str) -> list[Sentence]:
    sentences = []
    for p in root.iterfind("t:text/t:body/t:p", tei.NS):
        for s in p.iterfind("t:s", tei.NS):
            sid = s.get(tei.XML_ID)
            if not sid:
                raise InputError(f"{path}:{s.sourceline}: a sentence <s> without xml:id cannot be annotated")
            text = limits.check_clause_length(" ".join("".join(s.itertext()).split()), f"{path}:{s.sourceline}")
            sentences.append(Sentence(id=sid, text=text, paragraph=p.get(tei.XML_ID) or ""))
    return sentences


def read_source(path: Path) -> tuple[etree._ElementTree, str, list[Sentence]]:
    """Parse a TEI source file safely: (tree, language, sentences)."""
    tree = tei.parse_bytes(limits.read_limited(path), str(path))  # any encoding XML allows
    root = source_root(tree, str(path))
    return tree, source_lang(root, str(path)), tei_sentences(root, str(path))


def plain_sentences(data: bytes, lang: str, name: str = "<text>") -> list[Sentence]:
    """Plain UTF-8 text: every non-empty line is a paragraph `text.pN` (N = line number), cut into
    sentences `text.pN.sM` by the language's clause splitter."""
    text = plaintext.decode(data, name)
    splitter = languages.get(lang)
    sentences = []
    for number, line in enumerate(text.splitlines(), start=1):
        paragraph = f"{PLAIN_PREFIX}.p{number}"
        for index, sentence in enumerate(splitter.split_clauses(line.strip()), start=1):
            limits.check_clause_length(sentence, f"{name}, line {number}")
            sentences.append(Sentence(id=f"{paragraph}.s{index}", text=sentence, paragraph=paragraph))
    return sentences


def read_plain(path: Path, lang: str) -> list[Sentence]:
    return plain_sentences(limits.read_limited(path), lang, str(path))
