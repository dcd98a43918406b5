"""Per-language text rules: folding, tokens, numbers, dates, clauses, headings, lexicon forms.

    from comparer.lang import get
    ru = get("ru")
    ru.compile_forms({"place.amur": ["Амур"]}).find("по левому берегу Амура")
"""
from __future__ import annotations

import re

from .base import Language, Mention, NumberMention, Token, UnknownLanguageError
from .dates import DateMention
from .en import English
from .forms import FormIndex
from .generic import GenericLanguage
from .id import Indonesian
from .la import Latin
from .ru import Russian
from .zh import Chinese

__all__ = ["KNOWN", "DateMention", "FormIndex", "GenericLanguage", "Language", "Mention",
           "NumberMention", "Token", "UnknownLanguageError", "get"]

_MODULES: dict[str, type[Language]] = {
    "ru": Russian, "zh": Chinese, "id": Indonesian, "la": Latin, "en": English,
}
KNOWN: tuple[str, ...] = tuple(_MODULES)
_ISO_639 = re.compile(r"[a-z]{2,3}")
_instances: dict[str, Language] = {}


def get(code: str) -> Language:
    """The rules for an ISO 639 code; codes without their own module get GenericLanguage."""
    if not isinstance(code, str) or not _ISO_639.fullmatch(code):
        raise UnknownLanguageError(code)
    language = _instances.get(code)
    if language is None:
        factory = _MODULES.get(code)
        language = _instances[code] = factory() if factory else GenericLanguage(code)
    return language
