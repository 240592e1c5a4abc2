"""The public registry's HTML pages: plain server-rendered HTML with inline CSS and SVG
charts, no scripts and nothing fetched from elsewhere.

Every page has one ``h1``, sections under ``h2``, tables with captions and header cells, a
skip link and visible focus; status is written as a word, never shown by colour alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from html import escape
from typing import Any

from policeai.registry.charts import curve_chart, curves, group_chart

STYLE = """
*, *::before, *::after { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f7f9; }
a { color: #0b4f99; }
a:focus-visible, summary:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; }
.skip:focus { left: 1rem; z-index: 1; }
header { background: #0b2545; color: #fff; padding: 1rem 2rem; }
header a { color: #fff; }
header .brand { margin: 0; font-size: 1.3rem; font-weight: 700; }
header .tagline { margin: .1rem 0 0; color: #dbe5f3; }
nav.crumbs { max-width: 64rem; margin: 0 auto; padding: .8rem 2rem 0; }
nav.crumbs ol { list-style: none; margin: 0; padding: 0; display: flex; gap: .5rem; }
nav.crumbs li + li::before { content: "/"; margin-right: .5rem; color: #4a5563; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem 2rem 2rem; }
h1 { font-size: 2rem; margin: .5rem 0; color: #0b2545; }
h2 { font-size: 1.45rem; margin: 0 0 .6rem; color: #0b2545; }
h3 { font-size: 1.15rem; margin: 1.2rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
section { background: #fff; border: 1px solid #d5dae1; border-radius: 6px;
          padding: 1rem 1.5rem; margin-bottom: 1rem; overflow-x: auto; }
.lead { font-size: 1.1rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; }
caption { text-align: left; font-weight: 700; padding: .3rem 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e7ec;
         vertical-align: top; }
th { background: #eef1f5; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: .3rem 1rem;
           margin: .4rem 0; }
dl.facts dt { font-weight: 700; }
dl.facts dd { margin: 0; }
code, .hash { font-family: ui-monospace, monospace; font-size: .85rem; background: #eef1f5;
              padding: .05rem .3rem; border-radius: 3px; overflow-wrap: anywhere; }
.status { display: inline-block; padding: .05rem .5rem; border-radius: 999px;
          font-size: .85rem; font-weight: 700; border: 1px solid currentColor; }
.status-certified, .status-done, .status-passes { color: #0f5132; background: #d1e7dd; }
.status-suspended, .status-exempt { color: #5c4400; background: #fff3cd; }
.status-revoked, .status-rejected, .status-expired, .status-fails, .status-todo {
  color: #842029; background: #f8d7da; }
.status-submitted, .status-tested, .status-none { color: #2f343a; background: #e2e3e5; }
figure { margin: .8rem 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid #e3e7ec; }
figcaption { color: #3d4651; font-size: .95rem; }
ul.inline { list-style: none; padding: 0; margin: 0; }
.muted { color: #4a5563; }
footer { max-width: 64rem; margin: 0 auto; padding: 0 2rem 2rem; color: #4a5563; }
"""

PUBLISHER_KINDS = {
    "police.ai": "Police.AI",
    "police": "a police force",
    "supplier": "supplier",
    "owner": "the responsible organisation (no release yet)",
}
TIER2_SECTIONS = {
    "owner_and_responsibility": "2.1 Owner and responsibility",
    "description_and_rationale": "2.2 Description and rationale",
    "decision_making": "2.3 Decision-making process",
    "tool_specification": "2.4 Tool specification",
    "data_specification": "2.5 Data specification",
    "risks_and_mitigations": "2.6 Risks, mitigations and impact assessments",
}


def e(value: object) -> str:
    return escape("" if value is None else str(value))


def when(value: datetime | str | None, *, time: bool = True) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return e(value)
    shown = value.strftime("%d %B %Y, %H:%M %Z" if time else "%d %B %Y").strip(", ")
    return f"<time datetime='{e(value.isoformat())}'>{e(shown)}</time>"


def status(word: str | None) -> str:
    word = word or "none"
    css = re.sub(r"[^a-z]", "", word.lower()) or "none"
    return f"<span class='status status-{css}'>{e(word)}</span>"


def label(key: str) -> str:
    text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


def metric_name(name: str) -> str:
    top = re.match(r"^top(\d+)_accuracy$", name)
    return f"Top-{top[1]} accuracy" if top else label(name)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def table(caption: str, headings: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A table; headings starting with '#' are numeric (right-aligned)."""
    heads = list(headings)
    cls = [" class='num'" if h.startswith("#") else "" for h in heads]
    head = "".join(
        f"<th scope='col'{c}>{e(h.lstrip('#'))}</th>" for h, c in zip(heads, cls, strict=True)
    )
    body = "".join(
        "<tr>" + "".join(f"<td{c}>{cell}</td>" for cell, c in zip(row, cls, strict=True)) + "</tr>"
        for row in rows
    )
    return f"<table><caption>{e(caption)}</caption><tr>{head}</tr>{body}</table>"


def facts(pairs: Iterable[tuple[str, str]]) -> str:
    return (
        "<dl class='facts'>" + "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in pairs) + "</dl>"
    )


def layout(title: str, body: str, crumbs: list[tuple[str, str | None]]) -> str:
    trail = "".join(
        f"<li><a href='{e(href)}'>{e(text)}</a></li>"
        if href
        else f"<li aria-current='page'>{e(text)}</li>"
        for text, href in crumbs
    )
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{e(title)} - Police.AI public registry</title><style>{STYLE}</style></head>"
        "<body><a class='skip' href='#main'>Skip to the content</a>"
        "<header><p class='brand'><a href='/'>Police.AI</a></p>"
        "<p class='tagline'>The public registry of AI systems used by police forces</p>"
        "</header>"
        f"<nav class='crumbs' aria-label='Breadcrumb'><ol>{trail}</ol></nav>"
        f"<main id='main'>{body}</main>"
        "<footer><p>No sign-in is needed to read this registry. The same records are "
        "available as JSON at <a href='/api/public/registry/'>/api/public/registry/</a>."
        "</p></footer></body></html>"
    )


# -- the index --------------------------------------------------------------------------------


def index_page(entries: list[dict[str, Any]]) -> str:
    rows = [
        [
            f"<a href='/registry/{e(entry['slug'])}'>{e(entry['name'])}</a>"
            f"<br><span class='muted'>{e(entry['description'])}</span>",
            f"{e(entry['publisher'])}<br><span class='muted'>"
            f"{e(PUBLISHER_KINDS.get(entry['publisher_kind'], entry['publisher_kind']))}</span>",
            "<ul class='inline'>"
            + "".join(
                f"<li>{e(r['version'])} {status(r['standing'])}</li>" for r in entry["releases"]
            )
            + "</ul>"
            if entry["releases"]
            else "none submitted",
            ", ".join(e(f) for f in entry["forces"]) or "none",
        ]
        for entry in entries
    ]
    listing = (
        table(
            f"{len(entries)} AI system{'' if len(entries) == 1 else 's'} in the registry",
            ["System", "Publisher", "Releases and their certification", "Forces using it"],
            rows,
        )
        if entries
        else "<p>No AI system has been registered yet.</p>"
    )
    body = (
        "<h1>AI systems in policing</h1>"
        "<section><p class='lead'>Every AI system Police.AI has registered for use by police "
        "forces: who publishes it, whether each release is certified, suspended or revoked, "
        "how it was tested and which forces have installed it. Each system's page gives its "
        "record in the Algorithmic Transparency Recording Standard (ATRS), its reliability "
        "results with 95% intervals, its safeguards and how much forces use it.</p></section>"
        f"<section>{listing}</section>"
    )
    return layout("AI systems in policing", body, [("Registry", None)])


# -- one entry --------------------------------------------------------------------------------


def entry_page(entry: dict[str, Any]) -> str:
    tier1 = entry["atrs"]["tier1"]
    slug = e(entry["slug"])
    current = next((r for r in entry["releases"] if r["standing"] == "certified"), None)
    standing = (
        f"Release {e(current['version'])} is {status('certified')} until "
        f"{when(current['expires_at'], time=False)}."
        if current
        else "No release is currently certified: forces cannot run this system."
    )
    contents = [
        ("safeguards", "Safeguards"),
        ("releases", "Releases and certification"),
        ("reliability", "Reliability results"),
        ("forces", "Forces using it"),
        ("usage", "Monthly usage"),
        ("atrs", "ATRS record"),
    ]
    body = (
        f"<h1>{e(entry['name'])}</h1>"
        f"<section><p class='lead'>{e(tier1['description'])}</p><p>{standing}</p>"
        + facts(
            [
                ("Publisher", e(entry["publisher"])),
                ("Responsible organisation", e(entry["organisation"])),
                ("Website", f"<a href='{e(tier1['website'])}'>{e(tier1['website'])}</a>"),
                (
                    "Contact",
                    f"<a href='mailto:{e(tier1['contact_email'])}'>{e(tier1['contact_email'])}</a>",
                ),
                ("Registry identifier", f"<code>{slug}</code>"),
                ("Registered", when(entry["registered_at"])),
                (
                    "Record last changed",
                    f"{when(entry['updated_at'])} (version {e(entry['record_version'])})",
                ),
                (
                    "Downloads",
                    f"<a href='/api/public/registry/{slug}/atrs.json'>ATRS record "
                    f"(JSON)</a> · <a href='/api/public/registry/{slug}'>this page as JSON</a>",
                ),
            ]
        )
        + "<nav aria-label='On this page'><h2>On this page</h2><ul>"
        + "".join(f"<li><a href='#{a}'>{e(t)}</a></li>" for a, t in contents)
        + "</ul></nav></section>"
        + _safeguards(entry["safeguards"])
        + _releases(entry["releases"])
        + _reliability(entry["releases"])
        + _installations(entry["installations"])
        + _usage(entry["usage"])
        + _atrs(entry["atrs"])
    )
    return layout(entry["name"], body, [("Registry", "/registry/"), (entry["name"], None)])


def _safeguards(s: dict[str, Any]) -> str:
    review = s["human_review_required"]
    risks = "".join(
        f"<li><strong>{e(r['name'])}</strong>: {e(r['mitigation'])}</li>" for r in s["risks"]
    )
    assessments = "".join(
        "<li>"
        + (f"<a href='{e(a['link'])}'>{e(a['name'])}</a>" if a.get("link") else e(a["name"]))
        + f": {e(a['description'])} (completed {e(a['completed_on'])})</li>"
        for a in s["impact_assessments"]
    )
    declared = (
        f"<p class='muted'>As declared by release {e(s['declared_by_release'])} and the ATRS "
        "record.</p>"
        if s["declared_by_release"]
        else "<p class='muted'>As declared in the ATRS record (no release submitted yet).</p>"
    )
    return (
        "<section aria-labelledby='safeguards'><h2 id='safeguards'>Safeguards</h2>"
        + declared
        + facts(
            [
                (
                    "Human review required",
                    "—"
                    if review is None
                    else ("Yes. " if review else "No. ") + e(s["human_decisions_and_review"]),
                ),
                ("Known limitations", e(s["known_limitations"] or "—")),
                ("Highest data classification", e(s["max_classification"] or "—")),
                ("Data categories", e(", ".join(s["data_categories"]) or "none declared")),
                ("Risks and mitigations", f"<ul>{risks}</ul>"),
                ("Impact assessments", f"<ul>{assessments}</ul>"),
            ]
        )
        + "</section>"
    )


def _releases(releases: list[dict[str, Any]]) -> str:
    if not releases:
        return (
            "<section aria-labelledby='releases'><h2 id='releases'>Releases and certification"
            "</h2><p>No release has been submitted yet.</p></section>"
        )
    summary = table(
        "Releases, newest first",
        ["Version", "Standing", "Certificate", "Expires", "Latest reliability report"],
        [
            [
                f"<a href='#release-{e(r['version'])}'>{e(r['version'])}</a>",
                status(r["standing"]),
                f"<code>{e(r['certificate_id'])}</code>" if r["certificate_id"] else "—",
                when(r["expires_at"], time=False) if r["expires_at"] else "—",
                {True: status("passes"), False: status("fails"), None: "none yet"}[
                    r["latest_report_passed"]
                ],
            ]
            for r in releases
        ],
    )
    parts = []
    for r in releases:
        history = table(
            f"Certification history of release {r['version']}",
            ["When", "What happened", "Who", "Why"],
            [
                [when(h["at"]), e(_words(h["event"])), e(h["by"]), e(h["reason"])]
                for h in r["history"]
            ],
        )
        ledger = table(
            f"Certification rules for release {r['version']}",
            ["Rule", "Tier", "Status", "Detail"],
            [
                [
                    f"<code>{e(row['rule_id'])}</code><br>{e(row['description'])}",
                    e(row["tier"]),
                    status(row["status"]),
                    e(row["detail"]) or "—",
                ]
                for row in r["ledger"]
            ],
        )
        parts.append(
            f"<h3 id='release-{e(r['version'])}'>Release {e(r['version'])}</h3>"
            + facts(
                [
                    ("Standing", status(r["standing"])),
                    ("Submitted", when(r["submitted_at"])),
                    ("Wheel", f"<code>{e(r['wheel_filename'])}</code>"),
                    ("Wheel SHA-256", f"<span class='hash'>{e(r['wheel_sha256'])}</span>"),
                    (
                        "Model",
                        f"{e(r['manifest']['model_name'])} {e(r['manifest']['model_version'])}",
                    ),
                    ("Intended use", e(r["model_card"]["intended_use"])),
                ]
            )
            + history
            + ledger
        )
    return (
        "<section aria-labelledby='releases'><h2 id='releases'>Releases and certification</h2>"
        + summary
        + "".join(parts)
        + "</section>"
    )


def _words(event: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", event).lower().capitalize()


def _reliability(releases: list[dict[str, Any]]) -> str:
    parts = []
    for r in releases:
        for number, item in reversed(list(enumerate(r["reports"], start=1))):
            parts.append(_report(r["version"], number, item["report"], item["passed"]))
    content = "".join(parts) or "<p>No reliability report has been recorded yet.</p>"
    return (
        "<section aria-labelledby='reliability'><h2 id='reliability'>Reliability results</h2>"
        "<p>Police.AI runs each release on reference data and measures it, overall and for "
        "each group of the factors that matter, with 95% confidence intervals (the whiskers). "
        "A release is certified only if every required figure meets Police.AI's standard (the "
        "dashed line).</p>" + content + "</section>"
    )


def _report(version: str, number: int, report: dict[str, Any], passed: bool) -> str:
    failures = [
        f"{metric_name(m['name'])} {pct(m['value'])} (needs {m.get('comparison', '>=')} "
        f"{pct(m['threshold'])})"
        for m in report["metrics"]
        if m.get("required", True) and not m["passed"]
    ]
    verdict = (
        f"{status('passes')} every required figure meets the standard."
        if passed
        else f"{status('fails')} " + e("; ".join(failures) or "a required group figure fails")
    )
    grouped = []
    for group in report.get("groups", []):
        for m in group["metrics"]:
            if m["name"] not in grouped:
                grouped.append(m["name"])
    required = {m["name"] for m in report["metrics"] if m.get("required", True)}
    grouped.sort(key=lambda name: name not in required)
    charts = []
    for name in grouped:
        svg = group_chart(report, name)
        if svg:
            caption = f"{metric_name(name)}, overall and by group, with 95% intervals" + (
                "; the dashed line is the standard."
                if name in required
                else "; no standard applies, reported for scrutiny."
            )
            charts.append(f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>")
    for curve in curves(report):
        charts.append(
            f"<figure>{curve_chart(curve)}<figcaption>{e(label(curve.name))} by "
            f"{e(curve.x_label)}, with the 95% interval as a band.</figcaption></figure>"
        )
    rows = [
        [
            "Overall" if where is None else e(f"{where['factor']}: {where['group']}"),
            "—" if where is None else e(where["n"]),
            e(metric_name(m["name"])),
            pct(m["value"]),
            f"{pct(m['lower'])} to {pct(m['upper'])}",
            f"{e(m.get('comparison', '>='))} {pct(m['threshold'])}"
            if m.get("required", True) or m["threshold"]
            else "none",
            "required" if m.get("required", True) else "for scrutiny",
            status("passes" if m["passed"] else "fails")
            if m.get("required", True) or m["threshold"]
            else "—",
        ]
        for where, m in [(None, m) for m in report["metrics"]]
        + [(g, m) for g in report.get("groups", []) for m in g["metrics"]]
    ]
    figures = table(
        f"Figures of report {number} on release {version}",
        ["Where", "#n", "Metric", "#Value", "95% interval", "Threshold", "Role", "Verdict"],
        rows,
    )
    return (
        f"<h3>Release {e(version)}, report {number}: {e(report['suite'])}</h3>"
        + facts(
            [
                ("Verdict", verdict),
                ("Reference data", e(report["dataset"])),
                ("Its SHA-256", f"<span class='hash'>{e(report['dataset_sha256'])}</span>"),
                ("Run", when(report["run_at"])),
                ("Notes", e(report.get("notes")) or "—"),
            ]
        )
        + "".join(charts)
        + figures
    )


def _installations(rows: list[dict[str, Any]]) -> str:
    content = (
        table(
            "Installations by force",
            ["Force", "Release", "Standing of that release", "Roles that may use it", "Installed"],
            [
                [
                    e(r["force"]),
                    e(r["version"]),
                    status(r["release_standing"]),
                    e(", ".join(r["roles"])),
                    when(r["installed_at"], time=False),
                ]
                for r in rows
            ],
        )
        if rows
        else "<p>No force has installed this system.</p>"
    )
    return (
        "<section aria-labelledby='forces'><h2 id='forces'>Forces using it</h2>"
        + content
        + "</section>"
    )


def _usage(usage: dict[str, Any]) -> str:
    rows = usage["months"]
    content = (
        table(
            "Use per force and month",
            [
                "Month",
                "Force",
                "#Invocations",
                "#Completed",
                "#Failed",
                "#Accepted",
                "#Rejected",
                "#Accepted share",
                "#Rejected share",
            ],
            [
                [
                    e(r["month"]),
                    e(r["force"]),
                    e(r["invocations"]),
                    e(r["completed"]),
                    e(r["failed"]),
                    e(r["accepted"]),
                    e(r["rejected"]),
                    pct(r["accepted_share"]),
                    pct(r["rejected_share"]),
                ]
                for r in rows
            ],
        )
        if rows
        else "<p>No use has been recorded yet.</p>"
    )
    return (
        "<section aria-labelledby='usage'><h2 id='usage'>Monthly usage</h2>"
        f"<p>Source: {e(usage['source'])}. Counts only: no case or person is named. Accepted "
        "and rejected are the officers' decisions on the tool's suggestions; the shares are of "
        "the suggestions decided that month.</p>" + content + "</section>"
    )


def _atrs(atrs: dict[str, Any]) -> str:
    tier2 = "".join(
        f"<h4>{e(title)}</h4>{_value(atrs['tier2'][key])}"
        for key, title in TIER2_SECTIONS.items()
        if key in atrs["tier2"]
    )
    return (
        "<section aria-labelledby='atrs'><h2 id='atrs'>ATRS record</h2>"
        "<p>The system's record in the Algorithmic Transparency Recording Standard: Tier 1 for "
        "everyone, Tier 2 for specialists.</p>"
        f"<h3>Tier 1</h3>{_value(atrs['tier1'])}<h3>Tier 2</h3>{tier2}</section>"
    )


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return facts((label(k), _value(v)) for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return "none"
        return "<ul>" + "".join(f"<li>{_value(v)}</li>" for v in value) + "</ul>"
    if value is None or value == "":
        return "—"
    text = str(value)
    if text.startswith("https://"):
        return f"<a href='{e(text)}'>{e(text)}</a>"
    return e(text)


def not_found_page(message: str) -> str:
    body = (
        "<h1>Not in the registry</h1>"
        f"<section><p>{e(message)}.</p><p><a href='/registry/'>See every AI system in the "
        "registry</a>.</p></section>"
    )
    return layout("Not found", body, [("Registry", "/registry/"), ("Not found", None)])
