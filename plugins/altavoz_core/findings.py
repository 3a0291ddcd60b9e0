"""The one shape every check reports in: a finding an artist can act on.

Every check in Altavoz (structure, front matter, text, images, privacy) returns
``Finding`` objects, so the terminal, Markdown, JSON and build reports all speak
the same language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"  # must be fixed before merging; the submission is left out of the site
WARNING = "warning"  # a reviewer should look; the submission still publishes
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class Finding:
    code: str  # stable, e.g. "AV201"; see CODES.md for the ranges
    severity: str  # ERROR or WARNING
    path: str  # posix path relative to the repository root, e.g. "content/works/ana/mural/index.md"
    message_es: str  # what is wrong and how to fix it, in Spanish
    message_en: str  # the same in English
    field: str | None = None  # front-matter key or other named part, when there is one
    line: int | None = None  # 1-based line in `path`, when known
    snippet: str | None = None  # the offending text, shortened, when it helps

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    @property
    def message(self) -> str:
        """Both languages in one line, Spanish first."""
        return f"{self.message_es} / {self.message_en}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_dict(self) -> dict:
        data = asdict(self)
        data["message"] = self.message
        return data
