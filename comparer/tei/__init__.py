"""TEI <-> model: the loader and writer of corpus files and of the lexicon.

Every XML the tool reads goes through one safe parser, `parse_bytes` in comparer.tei.xml (its
docstring says what it refuses). The modules: `xml` (that parser, the TEI names, small helpers),
`read` (treaties from TEI), `write` (treaties to TEI, atomic writes), `lexicon` (the lexicon).
The names callers use are here too: `from comparer import tei; tei.load_treaty(path)`.
"""

from comparer.tei.lexicon import lexicon_from_tree, load_lexicon
from comparer.tei.read import collapse_space, load_treaty, treaty_from_tree
from comparer.tei.write import (
    COLLATION_RESPONSIBILITY,
    collation_record,
    editorial_decl,
    indent,
    pretty_bytes,
    put_editorial_decl,
    treaty_to_bytes,
    treaty_to_tree,
    witness_element,
    write_atomic,
)
from comparer.tei.xml import (
    FINGERPRINT_IDNO,
    NS,
    PARTS_IDNO,
    TEI_NS,
    VERSIONS_IDNO,
    XML_ID,
    XML_LANG,
    XML_NS,
    _t,
    _text,
    parse_bytes,
    parse_file,
    utf8_bytes,
)

# _t and _text: helpers other packages of comparer use as tei._t and tei._text.
__all__ = [
    "COLLATION_RESPONSIBILITY", "FINGERPRINT_IDNO", "NS", "PARTS_IDNO", "TEI_NS", "VERSIONS_IDNO", "XML_ID",
    "XML_LANG", "XML_NS", "_t", "_text", "collapse_space", "collation_record", "editorial_decl",
    "indent", "lexicon_from_tree", "load_lexicon", "load_treaty", "parse_bytes", "parse_file", "pretty_bytes",
    "put_editorial_decl", "treaty_from_tree", "treaty_to_bytes", "treaty_to_tree", "utf8_bytes",
    "witness_element", "write_atomic",
]
