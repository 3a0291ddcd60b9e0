"""Check a whole site (or only some submissions) and render the report.

``check_site`` is what ``invoke check``, the build and the tests all call. It never
raises on bad content: every problem becomes a Finding. Renderers: ``to_text`` for the
terminal, ``to_markdown`` for a pull-request comment or job summary, ``to_json`` for
machines, ``to_github_annotations`` for GitHub Actions.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .checks import (
    CheckContext,
    check_addresses,
    check_submission,
    check_unused_post_images,
    post_image_uses,
    read_sources,
)
from .checks.privacy import review_terms
from .findings import ERROR, WARNING, Finding
from .settings import create_settings
from .submissions import discover, known_artists, relative_posix


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # submission paths that were checked
    rejected: set[str] = field(
        default_factory=set
    )  # submission paths with errors: left out of the site
    reasons: dict[str, list[Finding]] = field(default_factory=dict)  # submission path -> its errors

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def _sort_key(finding: Finding):
    return (
        finding.path,
        finding.line or 0,
        finding.code,
        finding.field or "",
        finding.snippet or "",
    )


def check_site(
    content_dir: Path, settings: dict | None = None, only: set[str] | None = None
) -> Report:
    """Check every submission in ``content_dir`` (or those whose path is in ``only``).

    Paths are posix and relative to the repository root (the parent of ``content_dir``).
    The ``artist`` check always sees every artist folder in the working tree, so a work
    may name an artist added in the same change.
    """
    content_dir = Path(content_dir).resolve()
    merged = create_settings(**(settings or {}))
    context = CheckContext(
        settings=merged,
        content_dir=content_dir,
        artists=known_artists(content_dir),
        review_terms=review_terms(merged, content_dir.parent),
    )
    submissions = discover(content_dir)
    context.sources = read_sources(submissions, merged)
    uses = post_image_uses(submissions, context)
    if only is not None:
        # A changed image of content/blog/images/ is checked through the posts showing it.
        only = set(only)
        for path, posts in uses.items():
            if relative_posix(path, content_dir.parent) in only:
                only.update(posts)
    report = Report()
    for submission in submissions:
        if only is not None and submission.path not in only:
            continue
        report.checked.append(submission.path)
        findings = check_submission(submission, context)
        report.findings.extend(findings)
        errors = [f for f in findings if f.is_error]
        if errors:
            report.rejected.add(submission.path)
            report.reasons[submission.path] = errors
    # Addresses are checked as one set, once each submission's own errors are known.
    for path, findings in check_addresses(submissions, context, report.rejected, only).items():
        report.findings.extend(findings)
        report.rejected.add(path)
        report.reasons.setdefault(path, []).extend(f for f in findings if f.is_error)
    report.findings.extend(check_unused_post_images(context, uses, only))
    report.findings.sort(key=_sort_key)
    return report


# --------------------------------------------------------------------------- renderers


def _by_path(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.path].append(finding)
    return dict(sorted(grouped.items()))


def summary_line(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    checked, rejected = len(report.checked), len(report.rejected)
    return (
        f"{errors} error(es)/errors, {warnings} advertencia(s)/warnings "
        f"en/in {checked} envío(s)/submissions; "
        f"{rejected} no se publicará(n)/will not be published"
    )


def to_text(report: Report) -> str:
    lines: list[str] = []
    for path, findings in _by_path(report.findings).items():
        lines.append(path)
        for finding in findings:
            where = f"línea/line {finding.line}" if finding.line else ""
            field_name = f"[{finding.field}]" if finding.field else ""
            head = "  ".join(
                part for part in (finding.severity.upper(), finding.code, where, field_name) if part
            )
            lines.append(f"  {head}")
            lines.append(f"    es: {finding.message_es}")
            lines.append(f"    en: {finding.message_en}")
        lines.append("")
    if report.rejected:
        lines.append("No se publicará / Will not be published:")
        lines.extend(f"  - {path}" for path in sorted(report.rejected))
        lines.append("")
    lines.append(
        summary_line(report)
        if report.findings
        else f"OK: {len(report.checked)} envío(s)/submissions, sin problemas/no problems"
    )
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _md_code(text: str) -> str:
    text = " ".join(str(text).split())
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def to_markdown(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    out = ["## Altavoz: revisión del envío / submission check", ""]
    if not report.findings:
        checked = len(report.checked)
        out.append(
            f"✅ Sin problemas en {checked} envío(s). / No problems in {checked} submission(s)."
        )
        return "\n".join(out) + "\n"
    out.append(
        f"**{errors}** error(es) / error(s) · **{warnings}** advertencia(s) / warning(s). "
        "Los errores impiden publicar; las advertencias las revisa una persona. / "
        "Errors block publication; a person reviews the warnings."
    )
    out += [
        "",
        "| Archivo / File | Errores / Errors | Advertencias / Warnings |",
        "| --- | ---: | ---: |",
    ]
    grouped = _by_path(report.findings)
    for path, findings in grouped.items():
        n_err = sum(f.is_error for f in findings)
        out.append(f"| {_md_code(path)} | {n_err} | {len(findings) - n_err} |")
    out.append("")
    for path, findings in grouped.items():
        out += [f"### {_md_code(path)}", ""]
        for finding in findings:
            icon = "❌" if finding.is_error else "⚠️"
            where = f" línea/line {finding.line}" if finding.line else ""
            field_name = f" `{finding.field}`" if finding.field else ""
            out.append(
                f"- {icon} **{finding.code}**{where}{field_name}: {_md_cell(finding.message_es)}"
            )
            out.append(f"  <br>🇬🇧 {_md_cell(finding.message_en)}")
        out.append("")
    if report.rejected:
        out.append(
            "**No se publicará / Will not be published:** "
            + ", ".join(_md_code(p) for p in sorted(report.rejected))
        )
    return "\n".join(out) + "\n"


def to_dict(report: Report) -> dict:
    return {
        "version": 1,
        "summary": {
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "checked": len(report.checked),
            "rejected": sorted(report.rejected),
        },
        "findings": [finding.to_dict() for finding in report.findings],
    }


def to_json(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github_annotations(report: Report) -> str:
    lines = []
    for finding in report.findings:
        props = [f"file={_escape_property(finding.path)}"]
        if finding.line:
            props.append(f"line={finding.line}")
        props.append(f"title={_escape_property(finding.code)}")
        lines.append(f"::{finding.severity} {','.join(props)}::{_escape_data(finding.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
