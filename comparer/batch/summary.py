"""The summary page of a batch run: counts by type, language pair and treaty, the texts' status, failures.

One self-contained HTML page in the style of the HTML export (its stylesheet, inline; no script,
nothing fetched; every text escaped by Jinja2). Each treaty's versions are listed with their
transcription status, so counts over reconstructions are read as such.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from comparer import __version__
from comparer.batch.results import Failure
from comparer.check import TYPE_ORDER
from comparer.claims import VERDICTS
from comparer.model import Transcription
from comparer.status import CAVEAT, TRANSCRIPTION

SEVERITIES = ("high", "medium", "low")


@dataclass
class Summary:
    """Counts gathered one stored result at a time (a run may hold more treaties than fit in memory at once)."""

    treaties: list[dict] = field(default_factory=list)
    by_type: dict[str, Counter] = field(default_factory=dict)
    by_pair: Counter = field(default_factory=Counter)
    transcriptions: Counter = field(default_factory=Counter)
    sources: list[dict] = field(default_factory=list)
    claims_by_treaty: dict[str, Counter] = field(default_factory=dict)

    def add_treaty(self, record: dict, link: str) -> None:
        treaty, report = record["treaty"], record["findings"]
        severities = Counter(f["severity"] for f in report["findings"])
        compared = report["langs"]
        for finding in report["findings"]:
            self.by_type.setdefault(finding["type"], Counter())[finding["severity"]] += 1
            # a pair named in one order whatever each treaty's pivot: id–ru, ru–zh
            for pair in dict.fromkeys("–".join(sorted(part["langs"])) for part in finding["parts"]):
                self.by_pair[pair] += 1
        versions = [v for v in treaty["versions"] if v["lang"] in compared]
        self.transcriptions.update(v["transcription"] for v in versions)
        self.treaties.append({
            "id": treaty["id"], "title": treaty["titles"].get("en") or next(iter(treaty["titles"].values()), ""),
            "date": treaty.get("date"), "link": link, "total": len(report["findings"]),
            "severities": [severities[s] for s in SEVERITIES],
            "versions": [{"lang": v["lang"], "label": v["label"],
                          "collated": v["transcription"] == Transcription.collated.value} for v in versions],
        })

    def add_claims(self, record: dict, link: str) -> None:
        verdicts = Counter(c["verdict"] for c in record["claims"])
        self.sources.append({"name": record["source"], "link": link, "total": len(record["claims"]),
                             "verdicts": [verdicts[v] for v in VERDICTS]})
        for claim in record["claims"]:
            self.claims_by_treaty.setdefault(claim.get("treaty") or "", Counter())[claim["verdict"]] += 1

    def page(self, failures: list[Failure], counts: dict[str, int], now: datetime | None = None) -> bytes:
        now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
        css = (resources.files("comparer.exchange") / "templates" / "report.css").read_text(encoding="utf-8")
        environment = Environment(loader=PackageLoader("comparer.batch", "templates"),
                                  autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                                  trim_blocks=True, lstrip_blocks=True)
        types = [t for t in TYPE_ORDER if t in self.by_type] + sorted(set(self.by_type) - set(TYPE_ORDER))
        page = environment.get_template("summary.html").render(
            css=Markup(css),  # the export's own stylesheet, shipped with the package
            version=__version__, generated=now.strftime("%Y-%m-%d %H:%M UTC"), caveat=CAVEAT,
            counts=counts, severities=SEVERITIES, verdicts=VERDICTS,
            finding_count=sum(t["total"] for t in self.treaties),
            severity_totals=[(s, sum(c[s] for c in self.by_type.values())) for s in SEVERITIES],
            treaties=sorted(self.treaties, key=lambda t: (t["date"] or "", t["id"])),
            by_type=[(t, sum(self.by_type[t].values()), [self.by_type[t][s] for s in SEVERITIES]) for t in types],
            by_pair=sorted(self.by_pair.items(), key=lambda kv: (-kv[1], kv[0])),
            transcriptions=[(TRANSCRIPTION[Transcription(name)], n, name == Transcription.collated.value)
                            for name, n in sorted(self.transcriptions.items(), key=lambda kv: -kv[1])],
            sources=self.sources,
            claims_by_treaty=[(treaty, [c[v] for v in VERDICTS]) for treaty, c in sorted(self.claims_by_treaty.items())],
            failures=failures,
        )
        return page.encode("utf-8")

