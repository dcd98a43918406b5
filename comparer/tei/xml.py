"""The one XML parser of the tool, and the TEI names and small helpers its readers share.

Every XML the tool reads goes through `parse_bytes`: one parser that never resolves entities,
never loads a DTD and never touches the network, and a document that has a DOCTYPE (internal or
external subset) or any entity reference is refused after parsing, whatever its encoding (a
UTF-16 or UTF-32 file is decided the same way as a UTF-8 one): XXE, billion laughs. Nothing is
ever re-parsed with another parser.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pydantic import ValidationError

from comparer import limits
from comparer.errors import CorpusError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"t": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
# What a review decided on, as typed <idno>s in its change record (written by comparer.review).
FINGERPRINT_IDNO, VERSIONS_IDNO, PARTS_IDNO = "fingerprint", "versions", "parts"
XML_LANG = f"{{{XML_NS}}}lang"


def _t(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def parse_bytes(data: bytes, path: str = "<input>") -> etree._ElementTree:
    """Parse untrusted XML: size-limited, no DOCTYPE, no entities, errors with file and line."""
    if len(data) > limits.max_input_bytes():
        raise limits.too_large(path)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as err:
        # libxml2's messages may end in a newline or hold one: one line on stderr.
        raise CorpusError(f"malformed XML: {' '.join(err.msg.split()).replace(' ,', ',')}", path,
                          err.lineno) from None
    tree = root.getroottree()
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.system_url or docinfo.public_id:
        raise CorpusError("DOCTYPE and entity declarations are not accepted", path)
    for entity in root.iter(etree.Entity):
        raise CorpusError(f"entity reference {entity.text} is not accepted (no DOCTYPE may declare it)",
                          path, entity.sourceline)
    return tree


def parse_file(path: Path) -> etree._ElementTree:
    return parse_bytes(limits.read_limited(path), str(path))


def utf8_bytes(data: bytes, tree: etree._ElementTree) -> bytes:
    """The document as UTF-8: as it is when it already is, else serialised again from its tree."""
    if (tree.docinfo.encoding or "UTF-8").upper() in ("UTF-8", "UTF8"):
        return data
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _text_without(el: etree._Element, skipped: str) -> str:
    """The element's text, leaving out its child elements named `skipped` (their tails stay)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag != skipped and isinstance(child.tag, str):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _fail(message: str, el: etree._Element, path: str) -> CorpusError:
    return CorpusError(message, path, el.sourceline)


def _model_error(err: ValidationError, path: str) -> CorpusError:
    """What the model refused, as one line: the first problem and where in the model it is."""
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return CorpusError(f"not a corpus file the model can hold: {where}: {first['msg']}", path)
