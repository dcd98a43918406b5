"""The JSON Schema of a check report, generated from the CheckReport model.

Regenerate schemas/findings.schema.json after changing Finding or CheckReport:

    python -m comparer.check.schema

tests/test_check.py fails while the file on disk differs from what this module generates.
"""

from __future__ import annotations

import json

from comparer import paths, tei
from comparer.model import CheckReport

SCHEMA_FILE = "findings.schema.json"


def findings_schema() -> dict:
    schema = CheckReport.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render() -> str:
    return json.dumps(findings_schema(), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    target = paths.schema(SCHEMA_FILE)
    tei.write_atomic(target, render().encode("utf-8"))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
