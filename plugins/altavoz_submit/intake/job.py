"""One run of the intake: what it found, wrote and removed, and how to take it all back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .messages import message
from .text import shown


class Stop(Exception):
    """The problems found so far are enough to answer."""


@dataclass
class Job:
    root: Path
    lang: str = "es"
    labels: dict[str, str] = field(default_factory=dict)  # form field id -> its label
    issue: int = 0
    # The author's GitHub account number (github_id's spelling), None when the event has none
    author_id: str | None = None
    settings: dict = field(default_factory=dict)  # the project's, for limits in messages
    aside: Path | None = None  # where replaced or withdrawn folders wait until the end
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: list = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # folders created
    removed: list[str] = field(default_factory=list)  # files deleted (posix, from root)
    undo: list = field(default_factory=list)
    # index.md written (posix, from root) -> (its body's first line, the lines of its
    # photos, the form field its text comes from): where a finding's line is in the form
    body_lines: dict[str, tuple[int, frozenset[int], str]] = field(default_factory=dict)

    def problem(self, key: str, **values) -> None:
        """One message for the author; the values quote what they wrote, kept as text."""
        values = {k: shown(v) if isinstance(v, str) else v for k, v in values.items()}
        self.problems.append(message(key, self.lang, **values))

    def rollback(self) -> None:
        for action in reversed(self.undo):
            action()
        self.undo.clear()
