"""Validation of corpus files: our RELAX NG subset, the model's own rules, and optionally tei_all."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

from comparer import paths, tei
from comparer.errors import ComparerError, CorpusError

CORPUS_SCHEMA = "corpus.rng"


@lru_cache(maxsize=4)
def relaxng(path: Path) -> etree.RelaxNG:
    """Build a validator once per process: tei_all takes seconds to compile."""
    return etree.RelaxNG(tei.parse_file(path))


def schema_errors(tree: etree._ElementTree, schema_path: Path) -> list[str]:
    validator = relaxng(Path(schema_path))
    if validator.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in validator.error_log]


def validate_file(path: Path, tei_all: Path | None = None) -> list[str]:
    """Every problem found in one corpus file, as 'file:line: message' strings (empty when valid)."""
    try:
        tree = tei.parse_file(path)
    except CorpusError as err:
        return [str(err)]
    problems = [f"{path}: {p}" for p in schema_errors(tree, paths.schema(CORPUS_SCHEMA))]
    if tei_all is not None:
        problems += [f"{path}: tei_all: {p}" for p in schema_errors(tree, tei_all)]
    if problems:
        return problems
    try:
        if path.name == "lexicon.xml":
            tei.lexicon_from_tree(tree, str(path))
        elif path.parent.name != "sources":
            treaty = tei.treaty_from_tree(tree, str(path))
            problems += [f"{path}: {p}" for p in reference_errors(treaty)]
    except ComparerError as err:
        problems.append(str(err))
    return problems


def reference_errors(treaty) -> list[str]:
    """Pointers the schema cannot check: witness clauses and standOff links must name real clauses."""
    clause_ids = treaty.clause_index()
    problems = []
    for version in treaty.versions.values():
        for witness in version.witnesses[1:]:
            for clause in witness.clauses():
                if not (clause.corresp or "").startswith("#"):
                    continue  # points into another document (a paraphrase's source), not at a clause
                target = clause.corresp[1:]
                if target not in clause_ids:
                    problems.append(f"clause {clause.id}: corresp points at unknown clause {target!r}")
    # A correction may name a whole version: "this clause has no counterpart in the ru text".
    witness_ids = {w.id for v in treaty.versions.values() for w in v.witnesses}
    for link in treaty.alignment:
        problems += [f"alignment link points at unknown clause or version {t!r}"
                     for t in link.targets if t not in clause_ids and t not in witness_ids]
    return problems
