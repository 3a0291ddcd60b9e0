"""Maintainer tasks for Altavoz: `invoke --list` shows them all.

Tasks stay thin: the work lives in plugins/ (shared with the build and the
tests); here we only choose settings, print what happens and turn failures into
clear messages.
"""

from __future__ import annotations

import contextlib
import os
import runpy
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent

CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
CACHE = ROOT / "cache"
DEV_CONFIG = ROOT / "pelicanconf.py"
PUBLISH_CONFIG = ROOT / "publishconf.py"
HOST, PORT = "127.0.0.1", 8000


def pelican_command(config: Path, *options: str, output: Path | None = None) -> str:
    """The pelican command line for this project, run with this Python."""
    output = output or OUTPUT
    words = [sys.executable, "-m", "pelican", str(CONTENT), "-s", str(config), "-o", str(output)]
    return shlex.join([*words, *options])


def show_help_instead(task_name: str, value) -> None:
    """Answer `invoke TASK --help` for a task whose first argument is positional.

    invoke's parser hands `--help` to such a task as that argument's value; this
    prints the task's help, as `invoke --help TASK` does, and stops there.
    """
    if value not in ("-h", "--help"):
        return
    words = [sys.executable, "-m", "invoke", "--search-root", str(ROOT), "--help", task_name]
    result = subprocess.run(words, check=False)
    raise Exit(code=result.returncode)


def run_pelican(c, config: Path, *options: str, what: str):
    print(f"→ {what}")
    # In a terminal, give Pelican one too: the image phase then draws a progress bar
    # (in CI logs it prints a line as it starts and ends instead).
    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    result = c.run(pelican_command(config, *options), warn=True, pty=terminal)
    if result is None or result.exited != 0:
        raise Exit(f"✗ {what} failed: read Pelican's messages above.", code=1)


@task(help={"strict": "fail when any submission has an error (as CI does)"})
def build(c, strict=False):
    """Build the site into output/ with pelicanconf.py."""
    options = ["-e", "ALTAVOZ_STRICT=true"] if strict else []
    run_pelican(c, DEV_CONFIG, *options, what=f"building the site into {OUTPUT.name}/")
    print(f"✓ site built in {OUTPUT}")


@task(help={"cache": "also delete cache/: images, remembered checks, Markdown and templates"})
def clean(c, cache=False):
    """Delete output/ and the review preview (and cache/ with --cache)."""
    from altavoz_submit.review import PREVIEW_FOLDER

    targets = [OUTPUT, ROOT / PREVIEW_FOLDER] + ([CACHE] if cache else [])
    for target in targets:
        if target.exists():
            print(f"→ deleting {target.relative_to(ROOT)}/")
            shutil.rmtree(target)
    print("✓ clean")


@task
def rebuild(c, strict=False):
    """Delete output/ and build again from scratch."""
    clean(c)
    build(c, strict=strict)


@task(help={"port": f"port to serve on (default {PORT})"})
def serve(c, port=PORT):
    """Serve output/ at http://localhost:8000 (build first)."""
    if not OUTPUT.is_dir():
        raise Exit("✗ output/ does not exist yet: run `invoke build` first.", code=1)
    print(f"→ serving {OUTPUT.name}/ at http://localhost:{port} (Ctrl+C stops)")
    c.run(
        shlex.join(
            [
                sys.executable,
                "-m",
                "pelican",
                "--listen",
                "-b",
                HOST,
                "-p",
                str(port),
                "-s",
                str(DEV_CONFIG),
                "-o",
                str(OUTPUT),
            ]
        ),
        pty=False,
    )


def _stop_on_sigterm() -> None:
    """SIGTERM (a supervisor, `kill`) stops like Ctrl+C: children and the port are released."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _run_own_group(command: str) -> int:
    """Run a command in its own process group and wait; if we are stopped, stop all of it.

    Pelican's image pool forks workers: killing only the parent would leave them running.
    """
    process = subprocess.Popen(shlex.split(command), start_new_session=True)
    try:
        return process.wait()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        raise


def _serve_in_background(output: Path, port: int):
    """Pelican's own preview server (clean URLs, right MIME types) in a thread of this process."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class QuietHandler(ComplexHTTPRequestHandler):
        def log_message(self, *args):  # one line per request would bury the rebuild messages
            pass

    RootedHTTPServer.allow_reuse_address = True
    try:
        server = RootedHTTPServer(str(output), (HOST, port), QuietHandler)
    except OSError as error:
        raise Exit(f"✗ cannot serve on port {port}: {error.strerror}", code=1) from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@task(
    help={
        "port": f"port to serve on (default {PORT})",
        "output": "folder to build into and serve (default output/)",
    }
)
def livereload(c, port=PORT, output=None):
    """Build, then serve at http://localhost:8000 and rebuild whenever content or theme change."""
    from altavoz_submit.project import project_settings
    from pelican.utils import wait_for_changes

    target = Path(output).resolve() if output else OUTPUT
    command = pelican_command(DEV_CONFIG, output=target)
    _stop_on_sigterm()
    try:
        # Build before serving: a preview that answered during the first build would show
        # the previous build's pages, or none at all while the output folder is emptied.
        print(f"→ building the site into {target.name}/ (the preview opens when it is ready)")
        if _run_own_group(command) != 0:
            raise Exit("✗ the build failed: read Pelican's messages above.", code=1)
        server = _serve_in_background(target, port)
        try:
            print(f"✓ live preview at http://localhost:{port}: edit content/ or theme/ and reload")
            print("  (Ctrl+C stops)", flush=True)
            settings = project_settings(ROOT, OUTPUT_PATH=str(target))
            while True:
                changed = wait_for_changes(str(DEV_CONFIG), settings)
                names = sorted({Path(path).name for _change, path in changed})
                print(f"→ changed: {', '.join(names)}: rebuilding", flush=True)
                if _run_own_group(command) == 0:
                    print("✓ rebuilt: reload the page", flush=True)
                else:
                    print("✗ the rebuild failed: read Pelican's messages above", flush=True)
        finally:
            server.shutdown()
            server.server_close()
    except KeyboardInterrupt:
        print("\n✓ live preview stopped")


@task(help={"strict": "fail when any submission has an error instead of leaving it out"})
def publish(c, strict=False):
    """Build the public site with publishconf.py (SITEURL from ALTAVOZ_SITEURL).

    A submission with errors is left out and the rest publishes: one bad file on the
    main branch must not keep every artist's work off the site.
    """
    options = ["-e", "ALTAVOZ_STRICT=true"] if strict else []
    run_pelican(c, PUBLISH_CONFIG, *options, what="building the public site")
    print(f"✓ public site in {OUTPUT}")


@task(
    help={
        "since": "only the submissions changed since this git ref (what a pull request adds)",
        "format": "text (default), markdown (PR comment / job summary), json or github",
    }
)
def check(c, since=None, format="text"):
    """Check the submissions (all, or --since REF); exit 1 when any has errors."""
    from altavoz_submit.check import run_check

    scope = f"changed since {since}" if since else "all content"
    print(f"→ checking submissions ({scope})", file=sys.stderr)
    report, code = run_check(ROOT, since, format)
    sys.stdout.write(report)
    if code == 1:
        raise Exit("✗ errors found: fix them and run `invoke check` again.", code=code)
    if code:
        raise Exit(code=code)


@task(
    help={
        "fast": "skip the browser tests (they need Debian's chromium)",
        "serial": "one process instead of one per core (easier to read a failure)",
        "args": "extra arguments for pytest, e.g. -k sanitizer",
    }
)
def test(c, fast=False, serial=False, args=""):
    """Run the test suite (all of it, on every core; --fast skips the browser tests)."""
    words = [sys.executable, "-m", "pytest"]
    if not serial:
        words += ["-n", "auto", "--dist", "worksteal"]  # idle workers take from busy ones
    if fast:
        words += ["-m", "not browser"]
    command = shlex.join(words) + (f" {args}" if args else "")
    print(f"→ {command}")
    result = c.run(command, warn=True, pty=False)
    if result is None or result.exited != 0:
        raise Exit("✗ tests failed (see above).", code=result.exited if result else 1)


@task(help={"build_first": "build the site before taking the screenshots (default yes)"})
def screenshots(c, build_first=True):
    """Screenshots of the gallery, a work and an artist at 390×844 and 1280×800 in screenshots/."""
    # tools/ holds scripts, not a package: load this one by its path.
    tool = runpy.run_path(str(ROOT / "tools" / "screenshots.py"))
    ScreenshotError, take_screenshots = tool["ScreenshotError"], tool["take_screenshots"]

    if build_first:
        build(c)
    print("→ taking screenshots with Chromium")
    try:
        written = take_screenshots(OUTPUT, ROOT / "screenshots")
    except ScreenshotError as error:
        raise Exit(f"✗ {error}", code=1) from None
    for path in written:
        print(f"  {path.relative_to(ROOT)}")
    print(f"✓ {len(written)} screenshots in screenshots/")


# -- submissions: scaffolding, review, CODEOWNERS (plugins/altavoz_submit) ------------

from altavoz_core.fields import ARTIST_FIELDS, WORK_FIELDS  # noqa: E402


def _answer(question: str) -> str:
    """One line typed at the terminal; Ctrl+D or Ctrl+C stops the task with a plain message."""
    try:
        return input(question)
    except (EOFError, KeyboardInterrupt):
        raise Exit("\n✗ stopped: nothing was created / detenido: no se creó nada", code=1) from None


def _prompt():
    """Ask for missing fields only when a person is at the terminal; scripts get an error."""
    if not sys.stdin.isatty():
        return None

    def ask(field):
        example = f" (e.g. {field.example})" if field.example else ""
        optional = "" if field.required else ", Enter to skip"
        return _answer(f"{field.name} — {field.help_es} / {field.help_en}{example}{optional}: ")

    return ask


def _scaffold(make, what: str, **kwargs):
    from altavoz_submit import ScaffoldError
    from altavoz_submit.project import project_settings

    try:
        made = make(ROOT, settings=project_settings(ROOT), ask=_prompt(), **kwargs)
    except ScaffoldError as error:
        raise Exit(f"✗ {what} not created: {error}", code=1) from None
    print(f"✓ {what} created: {made.folder.relative_to(ROOT)}/")
    for path in made.files:
        print(f"  {path.relative_to(ROOT)}")
    for name, removed in made.stripped.items():
        print(f"  {name}: removed private metadata ({', '.join(removed)})")
    for finding in made.findings:
        print(f"  ⚠ {finding.code} {finding.path}: {finding.message_en}")
    print("→ next: look at it with `invoke livereload`, then commit the folder")


@task(
    help={
        **{field.name: field.help for field in WORK_FIELDS},
        "slug": "folder name (default: from the title)",
        "statement": "the artist's text about the work (Markdown)",
        "image": "an image file to copy in, stripped of GPS/serials (repeat for more)",
        "alt": "what each --image shows, in the same order (repeat)",
        "caption": "caption of each --image, in the same order (repeat; '' for none)",
    },
    iterable=["image", "alt", "caption"],
)
def new_work(
    c,
    title=None,
    artist=None,
    date=None,
    medium=None,
    license=None,
    consent=None,
    tags=None,
    year=None,
    dimensions=None,
    lang=None,
    slug=None,
    statement="",
    image=None,
    alt=None,
    caption=None,
):
    """Create content/works/<artist>/<slug>/ with index.md and the given images."""
    from altavoz_submit import ImageSpec
    from altavoz_submit import new_work as make_work

    images, alts, captions = list(image or []), list(alt or []), list(caption or [])
    ask = _prompt()
    if len(alts) < len(images):
        if ask is None:
            names = ", ".join(Path(p).name for p in images[len(alts) :])
            raise Exit(f"✗ work not created: missing: --alt for {names}", code=1)
        for path in images[len(alts) :]:
            alts.append(_answer(f"alt — what does {Path(path).name} show? / ¿qué muestra?: "))
    specs = [
        ImageSpec(Path(path), alts[i], captions[i] if i < len(captions) else "")
        for i, path in enumerate(images)
    ]
    given = dict(
        title=title,
        artist=artist,
        date=date,
        medium=medium,
        license=license,
        consent=consent,
        tags=tags,
        year=year,
        dimensions=dimensions,
        lang=lang,
    )
    _scaffold(make_work, "work", given=given, statement=statement, images=specs, slug=slug)


@task(
    help={
        **{field.name: field.help for field in ARTIST_FIELDS},
        "slug": "folder name (default: from the name)",
        "bio": "a few lines about the artist (Markdown)",
        "avatar": "profile picture file to copy in, stripped of GPS/serials",
    }
)
def new_artist(
    c,
    name=None,
    pronouns=None,
    city=None,
    links=None,
    github=None,
    lang=None,
    slug=None,
    bio="",
    avatar=None,
):
    """Create content/artists/<slug>/ with index.md (and the avatar)."""
    from altavoz_submit import new_artist as make_artist

    given = dict(name=name, pronouns=pronouns, city=city, links=links, github=github, lang=lang)
    avatar_path = Path(avatar) if avatar else None
    _scaffold(make_artist, "artist", given=given, bio=bio, avatar=avatar_path, slug=slug)


@task(
    help={
        "ref": "branch, tag or commit to review; a number N reviews pull request #N (fetched)",
        "base": "what the change is compared with (default: origin/main, else main)",
        "output": "build folder (default: output-review/, emptied first; output/ is left alone)",
        "serve": f"serve the result at http://localhost:{PORT} afterwards",
        "port": f"port for --serve (default {PORT})",
    }
)
def review(c, ref, base=None, output=None, serve=False, port=PORT):
    """Check and build what merging a branch or pull request would publish; print the report."""
    show_help_instead("review", ref)  # before the imports: help is asked for often
    from altavoz_submit import ReviewError, describe
    from altavoz_submit import review as run_review

    print(f"→ reviewing {ref}: only its content/ is used, with this checkout's code")
    try:
        result = run_review(ROOT, ref, base=base, output=Path(output) if output else None)
    except ReviewError as error:
        raise Exit(f"✗ review failed: {error}", code=2) from None
    print(describe(result, f"http://localhost:{port}"))
    if serve:
        print(f"→ serving {result.output} at http://localhost:{port} (Ctrl+C stops)")
        words = [sys.executable, "-m", "http.server", "-b", HOST, "-d", str(result.output)]
        c.run(shlex.join([*words, str(port)]), pty=False)
    if result.errors:
        raise Exit(f"✗ {len(result.errors)} error(s) must be fixed before merging", code=1)


@task(help={"check": "only say whether .github/CODEOWNERS is up to date (exit 1 if not)"})
def codeowners(c, check=False):
    """Write .github/CODEOWNERS from the artists' `github` keys (maintainers own the rest)."""
    from altavoz_submit import render_codeowners, write_codeowners
    from altavoz_submit.codeowners import codeowners_path
    from altavoz_submit.project import project_settings

    settings = project_settings(ROOT)
    path = codeowners_path(ROOT, settings)
    try:
        if check:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
            if current != render_codeowners(ROOT, settings):
                raise Exit(f"✗ {path.relative_to(ROOT)} is out of date: run `invoke codeowners`", 1)
            print(f"✓ {path.relative_to(ROOT)} is up to date")
            return
        path, changed = write_codeowners(ROOT, settings)
    except ValueError as error:
        raise Exit(f"✗ {error}", code=2) from None
    state = "written" if changed else "already up to date"
    print(f"✓ {path.relative_to(ROOT)} {state}: commit it with the profiles")


@task(
    help={
        "event": "the GitHub `issues` event (JSON) of a filled submission form",
        "attachments": "take the photos from this folder (by the last part of each address), "
        "with no network",
        "out": "also write report.md, manifest.json and the written files here (for the workflow)",
        "edited_by": "author (default) or maintainer: who edited the issue (the workflow checks "
        "it); an edit by anyone else is ignored",
    }
)
def intake(c, event, attachments=None, out=None, edited_by="author"):
    """Turn an issue form (new work, update, withdrawal) into content/; exit 1 on errors."""
    show_help_instead("intake", event)
    import json

    from altavoz_submit.intake import run_intake, write_outputs

    try:
        payload = json.loads(Path(event).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Exit(f"✗ {event}: not a readable event ({error})", code=2) from None
    if edited_by not in ("author", "maintainer"):
        raise Exit(f"✗ --edited-by {edited_by!r}: use author or maintainer", code=2)
    folder = Path(attachments) if attachments else None
    maintainer = edited_by == "maintainer"
    outcome = run_intake(ROOT, payload, attachments_dir=folder, editor_is_maintainer=maintainer)
    if out:
        write_outputs(outcome, ROOT, Path(out))
    sys.stdout.write(outcome.report)
    if outcome.code:
        raise Exit(code=outcome.code)


@task(
    help={
        "manifest": "the manifest.json `invoke intake --out DIR` wrote",
        "out": "folder for work.jpg, card.jpg and previews.json (made if missing; required)",
        "output": "the built site to photograph (default output/, as `invoke build` writes)",
    }
)
def preview_shots(c, manifest, out=None, output=None):
    """Phone pictures (390×844 at 2×) of the work or event an intake prepared: its page and card."""
    show_help_instead("preview-shots", manifest)
    if not out:
        raise Exit("✗ say where the pictures go: --out DIR", code=2)
    from altavoz_submit.preview import PreviewError, preview_shots
    from altavoz_submit.project import project_settings

    site = Path(output) if output else OUTPUT
    print(f"→ photographing the prepared submission in {site} with Chromium")
    try:
        listing = preview_shots(Path(manifest), Path(out), project_settings(ROOT), site)
    except PreviewError as error:
        raise Exit(f"✗ no preview pictures: {error}", code=1) from None
    for kind in ("work", "card"):
        if kind in listing:
            shot = listing[kind]
            size = f"{shot['width']}×{shot['height']}, {shot['bytes']} bytes"
            print(f"  {Path(out) / shot['file']}  {size}")
    if "card" not in listing:
        print(f"  ⚠ {listing.get('card_missing')}")
    print(f"✓ pictures of /{listing['page']} in {out}")


@task(help={"path": "an image file, or a folder: every image under it"})
def strip(c, path):
    """Remove GPS position, owner names and camera serials from images, in place (pixels kept)."""
    show_help_instead("strip", path)
    from altavoz_images.strip import StripError, describe, strip_tree

    target = Path(path)
    if not target.exists():
        raise Exit(
            f"✗ {path} does not exist / no existe: give an image or a folder, "
            "e.g. `invoke strip content/works/ana-rivera/mural/`",
            code=2,
        )
    results = strip_tree(target)
    if not results:
        print(f"· no images under {path} / no hay imágenes")
    for result in results:
        print(describe(result, ROOT))
    failed = sum(isinstance(result, StripError) for result in results)
    if failed:
        raise Exit(f"✗ {failed} file(s) could not be cleaned: see above", code=1)


@task(
    help={
        "minutes": "how long to run (default 30)",
        "seed": "the first seed, to replay a campaign (default: a new one)",
    }
)
def fuzz(c, minutes=30, seed=0):
    """Attack the invariants with generated hostile submissions; print failures shrunk."""
    words = [sys.executable, "-m", "pytest", "-p", "no:xdist", "-s", "-q", "-x"]
    words += [str(ROOT / "tests" / "test_invariants.py"), "-k", "hostile_submissions"]
    words += ["--fuzz-minutes", str(minutes)] + (["--fuzz-seed", str(seed)] if seed else [])
    print(f"→ {shlex.join(words)}")
    result = c.run(shlex.join(words), warn=True, pty=False)
    if result is None or result.exited != 0:
        raise Exit(
            "✗ an invariant broke: the shrunk submission is printed above, and saved in "
            "tests/hypothesis-db (commit it with the fix).",
            code=1,
        )


@task(
    help={
        "count": "how many 12 MP photos (default 48, the reference; 6 for a quick look)",
        "site": "instead: build an N-work site cold, unchanged, after one edit and at N/2, "
        "against plain Pelican on the same texts, and print the ratios against their targets",
        "cards": "instead: build the sample site cold with the share cards off and on, "
        "alternating, each in a fresh process, and print the on/off CPU ratio of each round",
        "skip_naive": "leave out the naive loop (the slowest contender)",
        "repeat": "interleaved rounds; medians (default 3 for images and --cards, 1 with --site)",
    }
)
def bench(c, count=48, site=0, cards=False, skip_naive=False, repeat=0):
    """CPU cost of the image pipeline (vs the naive loop and the floor), of whole-site
    builds, or of the share cards."""
    rounds = repeat or (1 if site else 3)
    words = [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--count", str(count)]
    words += ["--repeat", str(rounds)]
    if cards:
        words.append("--cards")
    elif site:
        words += ["--site", str(site)]
    if skip_naive:
        words.append("--skip-naive")
    print(f"→ {shlex.join(words)}")
    result = c.run(shlex.join(words), warn=True, pty=False)
    if result is None or result.exited != 0:
        raise Exit("✗ the benchmark failed (see above)", code=1)
