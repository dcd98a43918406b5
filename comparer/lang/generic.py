"""Fallback rules for languages without their own module (Manchu, Mongolian, French, …)."""
from __future__ import annotations

from .base import Language


class GenericLanguage(Language):
    """NFC + casefold keys on word runs, digit numbers only, no dates, and only bare article
    numbers ("1.", "IV.") as headings, so plain-text versions in any language can carry articles
    (the Language defaults with no number words, heading labels or date grammar)."""

    def __init__(self, code: str):
        self.code = code
        self.name = code
        super().__init__()
