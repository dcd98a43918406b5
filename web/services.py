"""What every request works from: the corpus (each file read again when it changes), the pipeline
results and the views built from them."""

from __future__ import annotations

from functools import cached_property

from flask import current_app

from comparer.corpus import Corpus
from comparer.errors import InputError
from comparer.model import Treaty
from comparer.search import Concordance, concordance

from . import i18n, palette, treaty_view
from .pipeline import Memo, Pipeline

DEFAULT_COLUMNS = 3  # the versions a treaty page shows unless asked (the index counts their findings)


class Services:
    def __init__(self, corpus_dir: str | None, semantic: bool = False):
        self.corpus = Corpus(corpus_dir)
        # Parse every treaty and the lexicon now, so a server forks its workers with them loaded.
        self.corpus.treaties, self.corpus.lexicon  # noqa: B018
        self.pipeline = Pipeline(self.corpus, semantic=semantic)
        self.concordance: Concordance = concordance(self.corpus)
        self._views = Memo(256)
        self.pages = Memo(128)  # rendered pages by URL and interface language (web.reader.render_page)
        self.marks = Memo(8)  # interface language -> how each lexicon entry's mentions are shown

    def treaty(self, treaty_id: str) -> Treaty:
        """The treaty as its file is now (404 for an unknown id)."""
        return self.pipeline.treaty(treaty_id)

    def treaties(self) -> dict[str, Treaty]:
        return self.pipeline.treaties()

    def warm(self) -> None:
        """Compute what the index page and each treaty's default view show, the sources' claims and the
        lexicon's occurrences, so that a server does this once, before its workers fork, not on a request."""
        for treaty in self.treaties().values():
            for ui in i18n.UI_LANGS:
                self.pipeline.report(treaty, list(treaty.versions), ui)
                self.treaty_view(treaty, chosen_langs(treaty, []), {}, ui)
        self.pipeline.sources()  # finds and judges every source's claims
        self.occurrences  # noqa: B018 - matches every clause against the lexicon

    @cached_property
    def entry_css(self) -> str:
        return palette.stylesheet(self.corpus.lexicon.entries)

    @cached_property
    def occurrences(self) -> dict[str, list[tuple[str, str, str]]]:
        """Lexicon entry id -> (treaty, language, clause id) of every mention in a primary text."""
        found: dict[str, list[tuple[str, str, str]]] = {}
        for treaty in self.corpus.treaties.values():
            for lang, version in treaty.versions.items():
                for clause in version.primary.clauses():
                    for mention in self.concordance.matcher.find(lang, clause.text):
                        found.setdefault(mention.key, []).append((treaty.id, lang, clause.id))
        return found

    def treaty_view(self, treaty: Treaty, langs: list[str], witnesses: dict[str, str],
                    ui: str) -> treaty_view.TreatyView:
        key = (treaty.id, self.pipeline.content_key(treaty), tuple(langs), tuple(sorted(witnesses.items())), ui)
        return self._views.get(key, lambda: treaty_view.build(
            treaty, self.pipeline.alignment(treaty, langs), self.pipeline.report(treaty, langs, ui),
            self.concordance.matcher, witnesses))


def services() -> Services:
    return current_app.extensions["comparer"]


def split_param(values: list[str]) -> list[str]:
    """?langs=ru,zh and ?langs=ru&langs=zh both give ['ru', 'zh']; order kept, repeats dropped."""
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def chosen_langs(treaty: Treaty, asked: list[str], default_count: int = DEFAULT_COLUMNS, least: int = 2) -> list[str]:
    """The versions to show: as asked (each must exist; at least `least`, or every version the treaty
    has if it has fewer: the reader shows one alone, a review is between two or more), else the first few."""
    if not asked:
        return list(treaty.versions)[:default_count]
    for lang in asked:
        treaty.version(lang)  # raises UnknownLanguage (404)
    if len(asked) < min(least, len(treaty.versions)):
        raise InputError(f"choose at least {least} versions (got {len(asked)})")
    return asked


def chosen_witnesses(treaty: Treaty, langs: list[str], asked: list[str]) -> dict[str, str]:
    """?wit=ru:barsukov → {'ru': 'barsukov'}; 'ru:' (the primary witness) is dropped."""
    out = {}
    for item in asked:
        lang, _, sigil = item.partition(":")
        if lang not in langs:
            raise InputError(f"witness {item!r}: {lang!r} is not one of the versions shown ({', '.join(langs)})")
        if not sigil:
            continue
        version = treaty.version(lang)
        if version.witness(sigil) is None:
            known = ", ".join(w.sigil for w in version.witnesses if w.sigil) or "none"
            raise InputError(f"the {lang!r} version has no witness {sigil!r} (witnesses: {known})")
        out[lang] = sigil
    return out
