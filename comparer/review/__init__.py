"""Scholars' reviews of findings and corrections of the alignment, written into the treaty's own TEI file.

What a change adds to the file (everything else is written back as it was parsed):

- a review: ``<annotation xml:id="review-N" target="#clause …" ana="#F-…" n="dismissed" resp="#alice">``
  in ``<standOff><listAnnotation>``; its own ``<revisionDesc><change when who>dismissed
  <idno type="fingerprint">…</idno> <idno type="versions">ru zh id</idno> <idno type="parts">P-… P-…</idno></change>``
  gives its time, a hash of the text it saw, the versions the finding was seen between and the
  finding's parts, which the review attaches to (comparer.check.ids, docs/findings-identity.md);
  the comment is in ``<note>``. A review is never rewritten: a new decision is a new annotation;
  the last one on a part counts and the earlier ones are its history.
- a correction: ``<link xml:id="correction-N" type="correction" resp="#alice" target="#clause … [#version]">``
  in ``<linkGrp type="alignment">`` (comparer.review.corrections), with a header
  ``<revisionDesc><change target="#correction-N">`` for its time, editor, edit and fingerprint.
- each editor named in @resp/@who gets a ``<respStmt xml:id>`` in the titleStmt, so the pointers resolve.

A decision whose clauses' text changed since is shown as stale; a review whose parts the checker no
longer finds between its versions is shown as resolved (by a correction); neither is ever dropped.

Modules: `storage` (lock, ETag, atomic transaction: for anything that rewrites a corpus file),
`document` (the parsed file a change is made in), `records` (reviews and corrections as read:
`Snapshot`), `migrate` (reviews of the first format carried over to parts), `transaction` (one
validated change), `reviews` (deciding on findings), `corrections` (editing rows), `checker` (the
caller's alignments and findings).
"""

from comparer.fingerprints import fingerprint
from comparer.review.checker import Checker
from comparer.review.corrections import ACTIONS, DIRECTIONS, Edit, edit_alignment
from comparer.review.records import (
    DEFAULT_EDITOR, MAX_COMMENT, STATUSES, Correction, Review, Snapshot, check_comment, check_editor, read,
)
from comparer.review.reviews import find_finding, part_decisions, review_finding, with_states
from comparer.review.storage import (
    Conflict, check_if_match, editable_folder, etag_of, lock_path, locked, read_bytes, stamp_of, transact,
)

__all__ = [
    "ACTIONS", "DEFAULT_EDITOR", "DIRECTIONS", "MAX_COMMENT", "STATUSES", "Checker", "Conflict", "Correction",
    "Edit", "Review", "Snapshot", "check_comment", "check_editor", "check_if_match", "edit_alignment",
    "editable_folder", "etag_of", "find_finding", "fingerprint", "lock_path", "locked", "part_decisions", "read",
    "read_bytes", "review_finding", "stamp_of", "transact", "with_states",
]
