"""Treaty Comparer: read one treaty in several languages side by side.

Pipeline: load TEI (comparer.tei, comparer.corpus) -> normalise and segment per language
(comparer.lang) -> align (comparer.align) -> check (comparer.check) -> export / serve
(comparer.exchange, comparer.web). One pydantic model (comparer.model) passes between them.
"""

__version__ = "0.1.0"
