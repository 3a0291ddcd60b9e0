"""Check a whole site (or only some submissions) and render the report.

``check_site`` is what ``invoke check``, the build and the tests all call. It never
raises on bad content: every problem becomes a Finding. Renderers: ``to_text`` for the
terminal, ``to_markdown`` for a pull-request comment or job summary, ``to_json`` for
machines, ``to_github_annotations`` for GitHub Actions.

Paths, field names and messages quote what a contributor typed, so every renderer
treats them as untrusted: ``visible`` puts them on one line with hidden, direction
and terminal-control characters written out; ``md_text`` and ``md_code`` make them
inert in GitHub-flavoured Markdown; the annotation escapes follow GitHub's rules.
"""

from __future__ import annotations

import json
import re
import string
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from altavoz_core.codes import make_finding
from altavoz_core.findings import ERROR, WARNING, Finding
from altavoz_core.submissions import (
    ARTISTS_DIR,
    INDEX,
    WORK,
    discover,
    known_artists,
    relative_posix,
)

from .checks import (
    CheckContext,
    check_addresses,
    check_unused_post_images,
    post_image_uses,
    read_sources,
)
from .checks.cache import CheckMemo
from .checks.privacy import review_terms
from .checks.text import MAX_COMBINING_MARKS
from .sanitize.sanitizer import hidden_characters
from .settings import set_default_settings


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


def check_site(content_dir: Path, settings: dict, only: set[str] | None = None) -> Report:
    """Check every submission in ``content_dir`` (or those whose path is in ``only``).

    ``settings`` are the site's as the build has them, every plugin's defaults filled in
    (``altavoz_submit.project.complete_settings``): where the gallery and the theme write
    decides address findings. Paths are posix and relative to the repository root (the
    parent of ``content_dir``). The ``artist`` check always sees every artist folder in
    the working tree, so a work may name an artist added in the same change.
    """
    content_dir = Path(content_dir).resolve()
    merged = set_default_settings(dict(settings))
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
    remembered = CheckMemo(context)  # unchanged artists and works are not checked again
    for submission in submissions:
        if only is not None and submission.path not in only:
            continue
        report.checked.append(submission.path)
        findings = remembered.check(submission)
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
    _refuse_works_of_refused_artists(submissions, report)
    report.findings.sort(key=_sort_key)
    remembered.save()
    return report


def _refuse_works_of_refused_artists(submissions, report: Report) -> None:
    """A work is shown on its artist's page and links to it: the gallery publishes no work
    whose artist is refused, so the report says so for the work too (AV227), and what
    the check accepts is exactly what the build publishes."""
    for submission in submissions:
        if submission.kind != WORK or submission.path in report.rejected:
            continue
        artist = f"{PurePosixPath(submission.path).parent.parent.parent}/{ARTISTS_DIR}/"
        artist += submission.artist_folder
        if artist in report.rejected:
            finding = make_finding(
                "AV227", submission.index_rel, field="artist", artist=f"{artist}/{INDEX}"
            )
            report.findings.append(finding)
            report.rejected.add(submission.path)
            report.reasons[submission.path] = [finding]


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
        lines.append(visible(path))
        for finding in findings:
            where = f"línea/line {finding.line}" if finding.line else ""
            field_name = f"[{visible(finding.field)}]" if finding.field else ""
            head = "  ".join(
                part for part in (finding.severity.upper(), finding.code, where, field_name) if part
            )
            lines.append(f"  {head}")
            lines.append(f"    es: {visible(finding.message_es)}")
            lines.append(f"    en: {visible(finding.message_en)}")
        lines.append("")
    if report.rejected:
        lines.append("No se publicará / Will not be published:")
        lines.extend(f"  - {visible(path)}" for path in sorted(report.rejected))
        lines.append("")
    lines.append(
        summary_line(report)
        if report.findings
        else f"OK: {len(report.checked)} envío(s)/submissions, sin problemas/no problems"
    )
    return "\n".join(lines) + "\n"


MAX_MARKS = MAX_COMBINING_MARKS  # marks kept on one character; more draw over the lines around
WORD_JOINER = "\u2060"  # invisible and unbreakable: splits a pattern without showing
_MARKDOWN_PUNCTUATION = frozenset(string.punctuation)  # CommonMark escapes each with "\\"
# What GitHub turns into links or pings *after* Markdown, in any text outside code:
# @mentions and e-mails, #123 and GH-123 references, :emoji:, scheme: and www. autolinks,
# commit hashes. A word joiner after the trigger breaks each pattern.
_GITHUB_TRIGGERS = re.compile(
    r"(?P<at>@)|(?P<hash>#)(?=\w)|(?P<colon>:)(?=\S)|(?<![\w.])(?P<www>www)(?=\\?\.)"
    r"|(?<!\w)(?P<gh>gh)(?=\\?-\d)|(?<![\w])(?P<sha>[0-9a-f]{6})(?=[0-9a-f]{1,34}\b)",
    re.IGNORECASE,
)


def _code_point(ch: str) -> str:
    return f"⟨U+{ord(ch):04X}⟩"


def visible(value, limit: int | None = None) -> str:
    """``value`` as one line of plain text that shows what it holds and cannot act.

    Line breaks and other spacing become single spaces; control, invisible and
    direction-changing characters (and lone surrogates from undecodable file names) are
    written as ⟨U+202E⟩; a run of more than MAX_MARKS combining marks on one character
    is cut and counted (⟨+40⟩), so it cannot draw over the text around it.
    """
    text = " ".join(str(value).split())
    hidden = {index for index, _ in hidden_characters(text)}
    out: list[str] = []
    marks = 0
    for index, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category in ("Mn", "Me"):
            marks += 1
            if marks > MAX_MARKS:
                continue
        elif marks > MAX_MARKS:
            out.append(f"⟨+{marks - MAX_MARKS}⟩")
            marks = 0
        else:
            marks = 0
        if index in hidden or category in ("Cc", "Cs", "Co", "Cn"):
            out.append(_code_point(ch))
        else:
            out.append(ch)
    if marks > MAX_MARKS:
        out.append(f"⟨+{marks - MAX_MARKS}⟩")
    text = "".join(out)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def md_text(value) -> str:
    """``value`` as inert GitHub-flavoured Markdown text that renders as the same words.

    Every ASCII punctuation character is backslash-escaped (no link, image, emphasis,
    HTML, entity, heading, list, table cell break, code span or footnote can start), and
    a word joiner breaks what GitHub links after rendering (mentions, references,
    emoji, autolinks).
    """
    text = visible(value)
    escaped = "".join("\\" + ch if ch in _MARKDOWN_PUNCTUATION else ch for ch in text)
    return _GITHUB_TRIGGERS.sub(lambda m: m.group(0) + WORD_JOINER, escaped)


def md_code(value, *, in_table: bool = False) -> str:
    """``value`` as a Markdown code span, which GitHub never links, pings or formats.

    The fence is one backtick longer than the longest run inside; a pipe is escaped in
    a table cell, where GitHub splits cells before reading code spans.
    """
    text = visible(value)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    code = f"{fence}{pad}{text}{pad}{fence}"
    return code.replace("|", "\\|") if in_table else code


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
        out.append(f"| {md_code(path, in_table=True)} | {n_err} | {len(findings) - n_err} |")
    out.append("")
    for path, findings in grouped.items():
        out += [f"### {md_code(path)}", ""]
        for finding in findings:
            icon = "❌" if finding.is_error else "⚠️"
            where = f" línea/line {finding.line}" if finding.line else ""
            field_name = f" {md_code(finding.field)}" if finding.field else ""
            out.append(
                f"- {icon} **{md_text(finding.code)}**{where}{field_name}: "
                f"{md_text(finding.message_es)}"
            )
            out.append(f"  <br>🇬🇧 {md_text(finding.message_en)}")
        out.append("")
    if report.rejected:
        out.append(
            "**No se publicará / Will not be published:** "
            + ", ".join(md_code(p) for p in sorted(report.rejected))
        )
    return "\n".join(out) + "\n"


def to_dict(report: Report) -> dict:
    """The report as data: values exactly as found (readers escape them for their medium)."""
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


def _without_surrogates(text: str) -> str:
    # A file name that is not UTF-8 reaches us as lone surrogates, which no UTF-8
    # output can carry: they are written as their code points instead.
    return "".join(_code_point(ch) if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def to_json(report: Report) -> str:
    return _without_surrogates(json.dumps(to_dict(report), ensure_ascii=False, indent=2)) + "\n"


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (one line)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github_annotations(report: Report) -> str:
    """``::error file=…,line=…,title=…::message`` lines for GitHub Actions.

    Values go through ``visible`` first (no line break, control or direction
    character can reach the runner's line reader or the annotation shown), then
    GitHub's escapes, so no value can end a command or start another.
    """
    lines = []
    for finding in report.findings:
        props = [f"file={_escape_property(visible(finding.path))}"]
        if finding.line:
            props.append(f"line={int(finding.line)}")
        props.append(f"title={_escape_property(visible(finding.code))}")
        message = _escape_data(visible(finding.message))
        lines.append(f"::{finding.severity} {','.join(props)}::{message}")
    return "\n".join(lines) + ("\n" if lines else "")


# What `invoke check --format` and `invoke review --format` accept.
FORMATS = {
    "text": to_text,
    "markdown": to_markdown,
    "json": to_json,
    "github": to_github_annotations,
}
