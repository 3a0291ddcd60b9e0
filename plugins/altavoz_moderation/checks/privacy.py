"""Personal data (e-mail addresses, phone numbers) and terms that need a human reviewer."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from altavoz_core.codes import make_finding
from altavoz_core.findings import Finding
from altavoz_core.frontmatter import split_lines
from altavoz_core.submissions import ARTIST, EVENT, WORK

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
OBFUSCATED_EMAIL = re.compile(
    r"\b[\w.+-]+\s*(?:\[\s*(?:at|arroba)\s*\]|\(\s*(?:at|arroba)\s*\)|\s(?:at|arroba)\s)\s*"
    r"[\w-]+(?:\s*(?:\.|\[\s*(?:dot|punto)\s*\]|\(\s*(?:dot|punto)\s*\)|\s(?:dot|punto)\s)\s*[\w-]+)+",
    re.IGNORECASE,
)
PHONE_CANDIDATE = re.compile(r"(?<![\w/.:-])(?:\+|00)?\(?\d[\d\s().\-]{6,}\d(?![\w/])")
DATE_LIKE = re.compile(r"^\d{1,4}([-/.])\d{1,2}\1\d{1,4}$")
URL = re.compile(
    r"(?:https?://|www\.)\S+|\]\([^)]*\)|\{(?:static|attach|filename)\}\S*", re.IGNORECASE
)
PRIVATE_FIELDS_EXEMPT = (
    "links",
    "avatar",
    "date",
    "modified",
    "license",
    "consent",
    "lang",
    "artist",
)
MAX_PER_CODE = 5


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2099


def looks_like_phone(candidate: str) -> bool:
    """A digit run that is a phone number (Mexican or international), not a date or range."""
    stripped = candidate.strip()
    digits = re.sub(r"\D", "", stripped)
    if DATE_LIKE.match(stripped.replace(" ", "")):
        return False
    if len(digits) == 8:
        groups = re.split(r"[\s().\-]+", stripped.strip("()"))
        groups = [g for g in groups if g]
        if [len(g) for g in groups] not in ([4, 4], [2, 2, 2, 2]):
            return False
        return not all(_is_year(g) for g in groups)
    if len(digits) in (10, 11, 12, 13):
        groups = [g for g in re.split(r"[\s().\-+]+", stripped) if g]
        # "1998-2004 2010-2015": year lists, not phones
        return not all(_is_year(g) for g in groups)
    return False


def find_phones(text: str) -> list[str]:
    return [
        m.group(0).strip() for m in PHONE_CANDIDATE.finditer(text) if looks_like_phone(m.group(0))
    ]


def find_emails(text: str) -> list[str]:
    return [m.group(0) for m in EMAIL.finditer(text)] + [
        m.group(0) for m in OBFUSCATED_EMAIL.finditer(text)
    ]


def _fold(text: str) -> str:
    """Case- and accent-insensitive form, same length as the input is not needed."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


@functools.cache
def _terms_from_file(path: str, mtime: float) -> tuple[str, ...]:
    terms = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            terms.append(line)
    return tuple(terms)


def review_terms(settings: dict, root: Path) -> tuple[str, ...]:
    """Terms from the setting plus the optional data file (relative to the repository root)."""
    terms = list(settings.get("ALTAVOZ_MODERATION_REVIEW_TERMS") or ())
    file_setting = settings.get("ALTAVOZ_MODERATION_REVIEW_TERMS_FILE")
    if file_setting:
        path = Path(file_setting)
        if not path.is_absolute():
            path = root / path
        if path.is_file():
            terms += _terms_from_file(str(path), path.stat().st_mtime)
    return tuple(dict.fromkeys(term for term in terms if term.strip()))


def _term_patterns(terms) -> list[tuple[str, re.Pattern]]:
    return [(term, re.compile(r"(?<!\w)" + re.escape(_fold(term)) + r"(?!\w)")) for term in terms]


def _text_lines(parsed):
    """(line number, field, text) for every printed text of the submission."""
    document = parsed.document
    for key, meta in document.fields.items():
        yield meta.line, key, meta.value
    for index, line in enumerate(split_lines(document.body)):
        yield document.body_start_line + index, "body", line


def check(parsed, context) -> list[Finding]:
    file = parsed.file
    findings: list[Finding] = []
    counts = {"AV601": 0, "AV602": 0}
    check_personal = parsed.submission.kind in (ARTIST, WORK, EVENT)
    patterns = _term_patterns(context.review_terms)
    for line, field, text in _text_lines(parsed):
        if check_personal and field not in PRIVATE_FIELDS_EXEMPT:
            for email in find_emails(text):
                if counts["AV601"] < MAX_PER_CODE:
                    counts["AV601"] += 1
                    findings.append(
                        make_finding("AV601", file, field=field, line=line, snippet=email)
                    )
            for phone in find_phones(URL.sub(" ", text)):
                if counts["AV602"] < MAX_PER_CODE:
                    counts["AV602"] += 1
                    findings.append(
                        make_finding("AV602", file, field=field, line=line, snippet=phone)
                    )
        if patterns:
            folded = _fold(text)
            for term, pattern in patterns:
                if pattern.search(folded):
                    findings.append(
                        make_finding(
                            "AV603",
                            file,
                            field=field,
                            line=line,
                            snippet=text.strip()[:120],
                            term=term,
                        )
                    )
    return findings
