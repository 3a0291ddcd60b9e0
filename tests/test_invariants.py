"""The invariants of tests/invariants.py against hostile submissions that Hypothesis draws.

The suite runs a short campaign with a fixed seed (``CI``); ``invoke fuzz`` (pytest's
``--fuzz-minutes``) runs batches of new examples (``FUZZ``) until its minutes are spent.
Every failure a campaign found is kept in tests/hypothesis-db (committed), replayed first
by the suite, and written as a row of the table-driven tests.
The harness is tested too: a planted bug (a sanitizer that lets everything through, a
name check anchored with ``match`` and ``$``) must be found within the suite's budget.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import ClassVar

import hostile_submissions as hs
import invariants
import pytest
from altavoz_core.frontmatter import read_fields
from altavoz_core.submissions import submission_for
from altavoz_moderation.report import check_site
from altavoz_submit.codeowners import render_codeowners
from altavoz_submit.project import project_settings
from conftest import ROOT, build_site, reset_pelican_state
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.database import (
    DirectoryBasedExampleDatabase,
    ExampleDatabase,
    ReadOnlyDatabase,
)
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from moderation_support import make_valid_site

DATABASE = ROOT / "tests" / "hypothesis-db"
# The suite always draws the same examples; a campaign (`invoke fuzz`) new ones.
CI_SEED = 20261204


class NamedExamples(ExampleDatabase):
    """The committed database, under a name per property instead of Hypothesis's own key
    (a digest of the test function's source and signature): with that key, any edit of
    the harness would orphan every example campaigns found, silently."""

    SUFFIXES = (b".secondary", b".pareto")
    NAMES = ("hostile-sites", "check-only")

    def __init__(self, name: str, writable: bool = False):
        super().__init__()
        assert name in self.NAMES
        self.name = name.encode()
        inner = DirectoryBasedExampleDatabase(DATABASE)
        self.inner = inner if writable else ReadOnlyDatabase(inner)

    def _key(self, key: bytes) -> bytes:
        return self.name + next((s for s in self.SUFFIXES if key.endswith(s)), b"")

    def fetch(self, key: bytes):
        return self.inner.fetch(self._key(key))

    def save(self, key: bytes, value: bytes) -> None:
        self.inner.save(self._key(key), value)

    def delete(self, key: bytes, value: bytes) -> None:
        self.inner.delete(self._key(key), value)


# The suite replays what campaigns found but never writes into the checkout. Its budgets
# keep the whole suite under five minutes on two cores; the search in depth is `invoke
# fuzz` (a campaign of minutes, thousands of examples), whose finds the suite replays.
CI = settings(
    max_examples=30,
    deadline=None,
    database=NamedExamples("hostile-sites"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # Every example costs one or two builds: the suite reports a failure as drawn, and
    # `invoke fuzz` (which shrinks) finds its smallest form.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    print_blob=True,
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=NamedExamples("hostile-sites", writable=True),
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
pytestmark = pytest.mark.slow


class Campaign:
    """Counts the examples run, for the rate a campaign prints."""

    examples = 0
    started = time.monotonic()
    outcomes: ClassVar[Counter] = Counter()  # "work accepted", "artist refused"...

    @classmethod
    def tick(cls) -> None:
        cls.examples += 1

    @classmethod
    def summary(cls) -> str:
        minutes = (time.monotonic() - cls.started) / 60
        rate = cls.examples / minutes if minutes else 0
        kinds = ", ".join(f"{n} {what}" for what, n in sorted(cls.outcomes.items()))
        return (
            f"{cls.examples} examples in {minutes:.1f} min ({rate:.0f} a minute), "
            f"submissions: {kinds}"
        )


def _refused(report) -> set[str]:
    return {
        found
        for finding in report.findings
        if finding.is_error and (found := submission_for(finding.path, "content"))
    }


def _is_refused(path: str, refused: set[str]) -> bool:
    """``path`` or a folder holding it was refused (a work inside a hidden artist folder)."""
    return any(path == r or path.startswith(r + "/") for r in refused)


def _copy_without(content: Path, refused: set[str], destination: Path) -> Path:
    root = content.parent

    def ignore(folder, names):
        rel = Path(folder).relative_to(root)
        return [n for n in names if (rel / n).as_posix() in refused]

    shutil.copytree(content, destination, ignore=ignore)
    return destination


PUBLIC = {"SITEURL": "https://altavoz.example.org", "FEED_DOMAIN": "https://altavoz.example.org"}


def site_violations(
    base: Path, submissions: list[hs.Submission], config: str = "pelicanconf.py"
) -> list[str]:
    """Every invariant, for the valid site plus ``submissions``: the list of what broke.

    ``config``: pelicanconf.py (`invoke build`) or publishconf.py (`invoke publish`, at
    its public address: absolute URLs everywhere)."""
    public = PUBLIC if config == "publishconf.py" else {}
    content = make_valid_site(base)
    for submission in submissions:
        hs.write_submission(content, submission)
    settings_ = project_settings(ROOT, PATH=str(content), CACHE_PATH=str(base / "cache"))
    report = check_site(content, settings_)
    refused = _refused(report)
    for submission in submissions:
        verdict = "refused" if _is_refused(submission.path(), refused) else "accepted"
        Campaign.outcomes[f"{submission.kind} {verdict}"] += 1

    problems = []
    try:
        everything = build_site(content, base / "all", config, **public)
    finally:
        reset_pelican_state()
    problems += invariants.output_violations(everything)
    codeowners = render_codeowners(content.parent, settings_)
    problems += invariants.codeowners_violations(codeowners)

    sites = {"es": [], "en": []}
    for page in everything.rglob("*.html"):
        sites["en" if page.relative_to(everything).parts[0] == "en" else "es"].append(page)
    texts = {
        lang: "\n".join(p.read_text(encoding="utf-8") for p in pages)
        for lang, pages in sites.items()
    }
    for submission in submissions:
        path = submission.path()
        accepted = not _is_refused(path, refused) and (base / path).exists()
        for lang, text in texts.items():
            if accepted and submission.marker not in text:
                problems.append(f"accepted {path!a} but its title is on no page of the {lang} site")

    if refused:
        accepted = _copy_without(content, refused, base / "accepted" / "content")
        try:
            only_accepted = build_site(accepted, base / "accepted" / "output", config, **public)
        finally:
            reset_pelican_state()
        problems += invariants.tree_differences(everything, only_accepted)
        accepted_settings = project_settings(
            ROOT, PATH=str(accepted), CACHE_PATH=str(base / "accepted" / "cache")
        )
        if render_codeowners(accepted.parent, accepted_settings) != codeowners:
            problems.append("a refused submission changed .github/CODEOWNERS")
    return problems


SITES = hs.sites().filter(lambda found: all(map(hs.fits_on_disk, found)))


def check_violations(base: Path, submissions: list[hs.Submission]) -> list[str]:
    """What the check accepts is publishable, without building: invariants 3 and 6 on the
    names and values of every submission the check reports with no error."""
    content = make_valid_site(base)
    for submission in submissions:
        hs.write_submission(content, submission)
    report = check_site(
        content, project_settings(ROOT, PATH=str(content), CACHE_PATH=str(base / "cache"))
    )
    refused = _refused(report)
    problems = []
    for submission in submissions:
        if _is_refused(submission.path(), refused) or not (base / submission.path()).exists():
            continue
        # Folder and file names become addresses; a picture's name only names its source
        # (published pictures are named from a slug of it), so it is held to text's rules.
        names = Path(submission.path()).parts[1:]
        problems += [f"accepted name {n!a}" for n in names if not invariants.publishable_name(n)]
        for image in submission.images:
            if not invariants.publishable_text(image.name) or invariants.has_format(image.name):
                problems.append(f"accepted picture name {image.name!a}")
        # The values as the site reads them (a "\r" before the line end is no part of it).
        index = base / submission.path()
        index = index / "index.md" if index.is_dir() else index
        fields, body = read_fields(index.read_text(encoding="utf-8"))
        for key, text in [*fields.items(), ("body", body)]:
            if not invariants.publishable_text(invariants.reader_text(text)):
                problems.append(f"accepted {key} {text!a} in {submission.path()!a}")
        for key in ("date", "modified", "year"):
            if key in fields and not invariants.plausible(fields[key]):
                problems.append(f"accepted {key} {fields[key]!a}")
        if submission.kind == "event":
            problems += invariants.event_value_violations(fields)
    return problems


def _check_holds_for(tmp_path_factory, submissions) -> None:
    problems = check_violations(tmp_path_factory.mktemp("check"), submissions)
    assert not problems, "\n".join(problems[:20])


CHECK_ONLY = settings(CI, max_examples=150, database=NamedExamples("check-only"))


NAME_SITES = hs.name_sites().filter(lambda found: all(map(hs.fits_on_disk, found)))


def check_property(profile=CHECK_ONLY, seed_value=CI_SEED, sites=SITES):
    return settings(profile)(seed(seed_value)(given(submissions=sites)(_check_holds_for)))


def test_what_the_check_accepts_is_publishable(tmp_path_factory):
    check_property()(tmp_path_factory=tmp_path_factory)


def test_no_hostile_name_is_accepted_unless_an_address_can_carry_it(tmp_path_factory):
    check_property(settings(CHECK_ONLY, max_examples=150), sites=NAME_SITES)(
        tmp_path_factory=tmp_path_factory
    )


def _holds_for(tmp_path_factory, submissions, config) -> None:
    Campaign.tick()
    problems = site_violations(tmp_path_factory.mktemp("site"), submissions, config)
    assert not problems, "\n".join(problems[:20])


BODY_SITES = hs.body_sites().filter(lambda found: all(map(hs.fits_on_disk, found)))


def hostile_property(profile, seed_value, sites=SITES):
    """The property under ``profile``, drawing from ``seed_value`` (None: a new seed)."""
    configs = st.sampled_from(["pelicanconf.py", "publishconf.py"])
    return settings(profile)(seed(seed_value)(given(submissions=sites, config=configs)(_holds_for)))


def test_no_hostile_markup_reaches_a_page_or_a_feed(tmp_path_factory):
    hostile_property(settings(CI, max_examples=12), CI_SEED, BODY_SITES)(
        tmp_path_factory=tmp_path_factory
    )


def test_no_set_of_hostile_submissions_breaks_an_invariant(tmp_path_factory, request):
    minutes = request.config.getoption("fuzz_minutes")
    if not minutes:
        hostile_property(CI, CI_SEED)(tmp_path_factory=tmp_path_factory)
        print(Campaign.summary())
        return
    # A campaign: batches of new examples until the minutes are spent; a failure stops it
    # after Hypothesis shrank it (and saved it in the database, replayed by the suite).
    first = request.config.getoption("fuzz_seed") or random.randrange(2**32)
    deadline = time.monotonic() + minutes * 60
    batch = 0
    while time.monotonic() < deadline:
        print(f"batch {batch}: seed {first + batch}", flush=True)
        hostile_property(FUZZ, first + batch)(tmp_path_factory=tmp_path_factory)
        batch += 1
    print(Campaign.summary(), flush=True)


# ----------------------------------------------------------------------------- the harness


# A planted bug must be found within this many built examples (a run stops at the first).
PLANTED = settings(CI, max_examples=150)


def plant(monkeypatch, original, replacement) -> None:
    """A planted bug: every module's reference to ``original`` becomes ``replacement``."""
    for module in list(sys.modules.values()):
        for name, value in list(getattr(module, "__dict__", {}).items()):
            if value is original:
                monkeypatch.setattr(module, name, replacement)


def _loose_is_slug():
    import re

    loose = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    return lambda name: bool(loose.match(name))


def _planted_bugs():
    from altavoz_core import slugs
    from altavoz_moderation.checks import frontmatter, text

    return {
        # name: (original, replacement, what the failure says)
        "a name check anchored with match and $": (
            slugs.is_slug,
            _loose_is_slug(),
            r"accepted name '[^']*\\n",
        ),
        "no year window": (
            frontmatter.year_window,
            lambda *a, **k: (1, 9999),
            "accepted (date|modified|year)",
        ),
        "no rule for unpublishable characters": (
            text.unpublishable_findings,
            lambda parsed: [],
            r"accepted (\w+) ",
        ),
    }


@pytest.mark.parametrize(
    "bug",
    [
        "a name check anchored with match and $",
        "no year window",
        "no rule for unpublishable characters",
    ],
)
def test_the_generator_finds_a_planted_bug_in_the_check(tmp_path_factory, monkeypatch, bug):
    original, replacement, says = _planted_bugs()[bug]
    plant(monkeypatch, original, replacement)
    # Names are drawn hostile where names are the focus; the rest from the main mix.
    sites = {"a name check": NAME_SITES}
    focus = next((v for k, v in sites.items() if bug.startswith(k)), SITES)
    budget = settings(CHECK_ONLY, max_examples=600)
    with pytest.raises(AssertionError, match=says):
        check_property(budget, sites=focus)(tmp_path_factory=tmp_path_factory)


def test_the_generator_finds_a_sanitizer_that_lets_everything_through(
    tmp_path_factory, monkeypatch
):
    from altavoz_moderation.sanitize import sanitizer

    def lets_everything_through(html, *args, **kwargs):
        return sanitizer.SanitizedHTML(html)

    plant(monkeypatch, sanitizer.sanitize_fragment, lets_everything_through)
    with pytest.raises(AssertionError, match=r"<script>|onerror|on\w+=|javascript:|<\w+>"):
        hostile_property(PLANTED, CI_SEED, BODY_SITES)(tmp_path_factory=tmp_path_factory)


def test_the_generator_finds_a_build_that_publishes_what_the_check_refused(
    tmp_path_factory, monkeypatch
):
    from altavoz_core import rejected

    plant(monkeypatch, rejected.is_rejected, lambda *args: False)
    plant(monkeypatch, rejected.must_drop, lambda *args: False)
    # Found as a difference from the build of the accepted ones, or first as what the
    # refused submission carried onto every page (the characters it was refused for).
    found = r"only with every submission|differs|carries U\+"
    with pytest.raises(AssertionError, match=found):
        hostile_property(PLANTED, CI_SEED)(tmp_path_factory=tmp_path_factory)


def test_the_generator_finds_a_calendar_that_does_not_escape_line_breaks(
    tmp_path_factory, monkeypatch
):
    from altavoz_agenda import calendar

    original = calendar.calendar_bytes

    def unescaped(*args, **kwargs):  # a writer that puts a text's line breaks as they are
        return original(*args, **kwargs).replace(b"\\n", b"\r\n")

    plant(monkeypatch, original, unescaped)
    with pytest.raises(AssertionError, match=r"\.ics line \d+ is no property the agenda writes"):
        hostile_property(PLANTED, CI_SEED)(tmp_path_factory=tmp_path_factory)


def test_the_generator_finds_codeowners_rules_for_refused_profiles(tmp_path_factory, monkeypatch):
    from altavoz_submit import codeowners

    plant(monkeypatch, codeowners.refused_artists, lambda *args: set())
    with pytest.raises(AssertionError, match=r"changed \.github/CODEOWNERS"):
        hostile_property(PLANTED, CI_SEED)(tmp_path_factory=tmp_path_factory)


# ----------------------------------------------------------------------------- kept output


class KeptOutput(RuleBasedStateMachine):
    """Submissions added, edited, renamed and withdrawn between builds into one kept output
    folder: after every build it equals, byte for byte, a build into an empty folder."""

    def __init__(self):
        super().__init__()
        self.base = Path(tempfile.mkdtemp(prefix="kept-"))
        self.content = make_valid_site(self.base)
        self.builds = 0
        self.present: list[hs.Submission] = []

    @initialize(data=st.data())
    def first_work(self, data):
        self.add(data)

    def teardown(self):
        shutil.rmtree(self.base, ignore_errors=True)

    @rule(data=st.data())
    def add(self, data):
        index = 100 + len(self.present) + self.builds
        known = [hs.BASE_ARTIST, *(s.folder for s in self.present if s.kind == "artist")]
        kind = data.draw(st.sampled_from(["work", "work", "artist", "blog"]))
        # Quiet submissions (at most one hostile part): mostly published, so that a later
        # edit, rename or withdrawal has output to take back.
        drawn = data.draw(
            hs.works(index, known, quiet=True)
            if kind == "work"
            else hs.artists(index, quiet=True)
            if kind == "artist"
            else hs.posts(index, kind, quiet=True)
        )
        taken = {s.path() for s in self.present}
        if hs.fits_on_disk(drawn) and drawn.path() not in taken:
            hs.write_submission(self.content, drawn)
            self.present.append(drawn)

    @precondition(lambda self: self.present)
    @rule(data=st.data())
    def edit(self, data):
        submission = data.draw(st.sampled_from(self.present))
        key = data.draw(st.sampled_from(sorted(submission.fields)))
        submission.fields[key] = data.draw(hs.hostile_value(submission.fields[key] or "x"))
        hs.write_submission(self.content, submission)

    @precondition(lambda self: any(s.kind == "work" for s in self.present))
    @rule(data=st.data())
    def rename(self, data):
        work = data.draw(st.sampled_from([s for s in self.present if s.kind == "work"]))
        new = data.draw(hs.valid_slug)
        target = self.base / f"content/works/{work.folder}/{new}"
        if target.exists():
            return
        (self.base / work.path()).rename(target)
        work.slug = new

    @precondition(lambda self: self.present)
    @rule(data=st.data())
    def withdraw(self, data):
        submission = data.draw(st.sampled_from(self.present))
        path = self.base / submission.path()
        shutil.rmtree(path) if path.is_dir() else path.unlink()
        self.present.remove(submission)

    @invariant()
    def kept_equals_clean(self):
        self.builds += 1
        try:
            kept = build_site(self.content, self.base / "kept")
        finally:
            reset_pelican_state()
        fresh = self.base / f"fresh-{self.builds}"
        try:
            build_site(self.content, fresh / "output")
        finally:
            reset_pelican_state()
        problems = invariants.tree_differences(kept, fresh / "output")
        shutil.rmtree(fresh)
        assert not problems, "\n".join(problems)


# Always the same few sequences of steps in the suite (each step is two builds).
KEPT_OUTPUT = settings(CI, max_examples=4, stateful_step_count=5, database=None, derandomize=True)
KeptOutput.TestCase.settings = KEPT_OUTPUT
test_the_kept_output_folder_always_equals_a_clean_build = KeptOutput.TestCase


def test_the_state_machine_finds_a_build_that_sweeps_nothing(monkeypatch):
    from altavoz_core import kept_output

    monkeypatch.setattr(kept_output, "finish", lambda output_path: [])
    with pytest.raises(AssertionError, match=r"only with every submission|only with the"):
        run_state_machine_as_test(KeptOutput, settings=settings(KEPT_OUTPUT, max_examples=12))


def test_every_example_in_the_committed_database_belongs_to_a_property():
    """Hypothesis names a key's folder by the first 16 hex digits of its SHA-384."""
    from hashlib import sha384

    known = {
        sha384(name.encode() + suffix).hexdigest()[:16]
        for name in NamedExamples.NAMES
        for suffix in (b"", *NamedExamples.SUFFIXES)
    }
    folders = {p.name for p in DATABASE.iterdir() if p.is_dir()}
    assert folders <= known, f"examples no property replays: {sorted(folders - known)}"
