"""The check sees exactly what the build reads and writes: one model of a submission.

Each case starts from a small valid site, adds one hostile (or almost hostile) file and
asserts the finding an artist reads, with the site's real settings (pelicanconf.py:
both language sites, the blog and gallery addresses). The builds at the end check the
other side: the hostile files are left out, the rest publishes, and nothing is written
outside output/ even when the checks are switched off.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from altavoz_core.frontmatter import INVISIBLE_LINE_ENDS
from altavoz_moderation.report import Report, check_site
from altavoz_submit.project import project_settings
from conftest import build_site, write_artist, write_work
from moderation_support import make_artist, make_post, make_valid_site, make_work

ROOT = Path(__file__).resolve().parents[1]
SITE = project_settings(ROOT)
POST = "content/blog/bienvenida.md"
PAGE = "content/pages/acerca.md"
NEW_POST = "content/blog/nueva.md"
NEW_PAGE = "content/pages/nueva.md"
WORK_INDEX = "content/works/ana-perez/mural-azul/index.md"


def write(content: Path, relative: str, text: str) -> Path:
    """A file written byte for byte (no newline translation)."""
    path = content.parent / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def post(header: str, body: str = "Texto de la entrada.") -> str:
    return f"---\n{header}\n---\n\n{body}\n"


def new_post(header: str, relative: str = NEW_POST):
    return lambda c: write(c, relative, post(header))


def new_page(header: str):
    return new_post(header, NEW_PAGE)


@dataclass
class Case:
    code: str
    path: str
    setup: object  # callable(content: Path)
    field: str | None = None
    mentions: tuple[str, ...] = ()  # in both messages
    settings: dict | None = None


def run(tmp_path: Path, setup, settings=None) -> Report:
    content = make_valid_site(tmp_path)
    setup(content)
    return check_site(content, {**SITE, **(settings or {})})


DATE = "date: 2024-06-01"
TERMINATOR_CASES = [
    Case("AV220", NEW_POST, new_post(f"title: Obra{char}save_as: index.html\n{DATE}"))
    for char in INVISIBLE_LINE_ENDS
]

CASES = [
    # ------------------------------------------------ a line end only the site sees
    Case(
        "AV208",
        NEW_POST,
        new_post(f"title: Obra\rsave_as: index.html\n{DATE}"),
        field="save_as",
    ),
    Case(
        "AV208",
        WORK_INDEX,
        lambda c: write(
            c,
            WORK_INDEX,
            (c.parent / WORK_INDEX)
            .read_text(encoding="utf-8")
            .replace("\nconsent: ", "\rurl: ../../../tmp/x\nconsent: ", 1),
        ),
        field="url",
    ),
    Case(
        "AV220",
        NEW_POST,
        new_post(f"title: Obra\ntemplate: article\x85\n{DATE}"),
        mentions=("U+0085",),
    ),
    # ------------------------------------------------ steering keys however written
    Case("AV208", NEW_POST, new_post(f"title: Obra\nSave_As: index.html\n{DATE}"), "save_as"),
    Case("AV208", NEW_POST, new_post(f"title: Obra\n  SAVE_AS: index.html\n{DATE}"), "save_as"),
    Case("AV208", NEW_POST, new_post(f"title: Obra\nTemplate: page\n{DATE}"), "template"),
    Case("AV208", NEW_POST, new_post(f"title: Obra\ntranslation: true\n{DATE}"), "translation"),
    Case("AV208", NEW_POST, new_post(f"title: Obra\nstatus: hidden\n{DATE}"), "status"),
    Case("AV208", NEW_POST, new_post(f"title: Obra\npath: ../x\n{DATE}"), "path"),
    Case("AV208", NEW_POST, new_post(f"title: Obra\noverride_url: x\n{DATE}"), "override_url"),
    Case("AV208", NEW_POST, new_post(f"title: Obra\nreader: rst\n{DATE}"), "reader"),
    Case("AV208", WORK_INDEX, lambda c: make_work(c, link_list="x"), "link_list"),
    # Keys Markdown would take and our strict format does not: refused, never ignored.
    Case("AV203", NEW_POST, new_post(f"title: Obra\n\tsave_as: index.html\n{DATE}")),
    Case("AV203", NEW_POST, new_post(f"title: Obra\nsave_as:index.html\n{DATE}")),
    Case("AV203", NEW_POST, new_post(f"title: Obra\n    save_as: index.html\n{DATE}")),
    Case("AV203", NEW_POST, new_post(f"title: Obra\n\u0455ave_as: index.html\n{DATE}")),
    Case("AV205", NEW_POST, new_post(f"title: Obra\nTitle: Otra\n{DATE}"), "title"),
    Case("AV205", NEW_POST, new_post(f"title: Obra\n{DATE}\ndate: 2030-01-01"), "date"),
    # Markdown drops STX/ETX before reading: the site would see other values.
    Case("AV221", NEW_POST, new_post(f"title: Obra\x02\n{DATE}"), mentions=("title",)),
    Case("AV221", NEW_POST, new_post(f"title: Una\tobra\n{DATE}"), mentions=("title",)),
    # YAML-ish variants of the fences.
    Case(
        "AV201", NEW_POST, lambda c: write(c, NEW_POST, f"--- yaml\ntitle: O\n{DATE}\n---\n\nx\n")
    ),
    Case(
        "AV201", NEW_POST, lambda c: write(c, NEW_POST, f"\ufeff\ufeff---\ntitle: O\n{DATE}\n---\n")
    ),
    Case(
        "AV201", NEW_POST, lambda c: write(c, NEW_POST, f"title: O\nsave_as: index.html\n{DATE}\n")
    ),
    Case("AV202", NEW_POST, lambda c: write(c, NEW_POST, f"---\ntitle: O\n{DATE}\n----\n\nx\n")),
    # ------------------------------------------------ addresses (both language sites)
    Case(
        "AV219",
        NEW_POST,
        new_post(f"title: ¡Bienvenida!\n{DATE}"),
        field="title",
        mentions=(POST, "/blog/bienvenida/"),
    ),
    Case(
        "AV219",
        "content/blog/b.md",
        lambda c: [
            write(c, f"content/blog/{name}.md", post(f"title: Misma\n{DATE}")) for name in "ab"
        ],
        mentions=("content/blog/a.md",),
    ),
    Case(
        "AV219",
        NEW_PAGE,
        new_page("title: Quiénes somos\nslug: acerca"),
        field="slug",
        mentions=(PAGE,),
    ),
    Case("AV801", NEW_PAGE, new_page("title: Tags!"), "title", ("/tags/",)),
    Case("AV801", NEW_POST, new_post(f"title: Obra\nslug: tags\n{DATE}"), "slug", ("/blog/tags/",)),
    Case("AV801", NEW_POST, new_post(f"title: Archive\n{DATE}"), "title", ("/blog/archive/",)),
    Case("AV801", NEW_PAGE, new_page("title: Blog"), "title", ("/blog/",)),
    Case("AV801", NEW_PAGE, new_page("title: En"), "title", ("/en/",)),
    Case("AV801", NEW_PAGE, new_page("title: Artists"), "title", ("/artists/",)),
    Case("AV801", NEW_PAGE, new_page("title: Theme"), "title", ("/theme/",)),
    Case("AV801", NEW_PAGE, new_page("title: Index"), "title"),
    Case("AV801", NEW_POST, new_post(f"title: Images\n{DATE}"), "title", ("/blog/images/",)),
    Case("AV801", NEW_POST, new_post(f"title: Page\n{DATE}"), "title"),
    # Pelican's slugify folds compatibility forms and drops invisible characters.
    Case("AV801", NEW_PAGE, new_page("title: Ｔａｇｓ"), "title", ("/tags/",)),
    Case("AV303", NEW_PAGE, new_page("title: Ta\u200bgs"), "title"),
    Case(
        "AV801",
        "content/artists/en/index.md",
        lambda c: make_artist(c, slug="en"),
        None,
        ("/artists/en/",),
    ),
    # No `lang:` means Spanish, yet Pelican counts it as the English site's own post
    # too: with an English file of the same slug both would be written at /en/blog/hola/.
    Case(
        "AV219",
        "content/blog/hola.en.md",
        lambda c: [
            write(c, "content/blog/hola.md", post(f"title: Hola\n{DATE}")),
            write(
                c, "content/blog/hola.en.md", post(f"title: Hello\nslug: hola\nlang: en\n{DATE}")
            ),
        ],
        "slug",
        ("/en/blog/hola/", "content/blog/hola.md"),
    ),
    Case("AV803", NEW_POST, new_post(f"title: 🎨🌽\n{DATE}"), "title"),
    Case("AV803", NEW_PAGE, new_page("title: ¡¿…?!"), "title"),
    Case("AV805", NEW_PAGE, new_page("title: Con"), "title", ("/con/",)),
    Case("AV805", NEW_POST, new_post(f"title: LPT1\n{DATE}"), "title"),
    Case("AV218", NEW_POST, new_post(f"title: Obra\nslug: {'a' * 81}\n{DATE}"), "slug"),
    Case("AV218", NEW_POST, new_post(f"title: Obra\nslug: ../../index\n{DATE}"), "slug"),
    Case(
        "AV804",
        NEW_POST,
        new_post(f"title: BIENVENIDA\n{DATE}"),
        "title",
        (POST,),
        settings={"SLUGIFY_PRESERVE_CASE": True},
    ),
    # ------------------------------------------------ translations that take over
    Case(
        "AV222",
        "content/pages/otra/about.md",
        new_post("title: About\nslug: acerca\nlang: en", "content/pages/otra/about.md"),
        "slug",
        (PAGE,),
    ),
    Case(
        "AV222",
        NEW_POST,
        new_post(f"title: Welcome\nslug: bienvenida\nlang: en\nauthor: Beto\n{DATE}"),
        "slug",
        (POST,),
    ),
    # ------------------------------------------------ files that are not a submission
    Case("AV113", "content/.gitattributes", lambda c: write(c, "content/.gitattributes", "* -x\n")),
    Case("AV113", "content/blog/.htaccess", lambda c: write(c, "content/blog/.htaccess", "x\n")),
    Case(
        "AV113",
        "content/works/ana-perez/mural-azul/.gitattributes",
        lambda c: write(c, "content/works/ana-perez/mural-azul/.gitattributes", "x\n"),
    ),
    Case("AV113", "content/blog/.drafts", lambda c: write(c, "content/blog/.drafts/a.md", "x\n")),
    Case("AV113", "content/works/.hidden", lambda c: write(c, "content/works/.hidden/a.md", "x")),
    Case("AV114", "content/README.md", lambda c: write(c, "content/README.md", "x\n")),
    Case("AV114", "content/extra", lambda c: write(c, "content/extra/pagina.md", "x\n")),
    Case("AV115", "content/works/ana-perez/con", lambda c: make_work(c, slug="con")),
    Case("AV115", "content/blog/nul.md", new_post(f"title: Nulo\n{DATE}", "content/blog/nul.md")),
]


@pytest.mark.parametrize(
    "case",
    TERMINATOR_CASES + CASES,
    ids=[f"{c.code}-{i}" for i, c in enumerate(TERMINATOR_CASES + CASES)],
)
def test_the_model_refuses(tmp_path, case):
    report = run(tmp_path, case.setup, case.settings)
    matching = [f for f in report.findings if f.code == case.code and f.path == case.path]
    assert matching, (
        f"no {case.code} for {case.path}: {[(f.code, f.path) for f in report.findings]}"
    )
    finding = matching[0]
    assert finding.severity == "error"
    assert case.path.split("/index.md")[0] in report.rejected or any(
        case.path.startswith(rejected) for rejected in report.rejected
    )
    if case.field is not None:
        assert finding.field == case.field
    for message in (finding.message_es, finding.message_en):
        assert case.path in message
        for text in case.mentions:
            assert text in message, f"{text!r} not in {message!r}"


NEAR_MISSES = [
    # Windows line ends and a byte-order mark are ordinary.
    ("crlf", lambda c: write(c, NEW_POST, post(f"title: Obra\n{DATE}").replace("\n", "\r\n"))),
    ("bom", lambda c: write(c, NEW_POST, "\ufeff" + post(f"title: Obra\n{DATE}"))),
    ("dots", lambda c: write(c, NEW_POST, f"---\ntitle: Obra\n{DATE}\n...\n\nTexto.\n")),
    # A translation in the same folder, by the same author, is a translation.
    ("translation", new_post("title: About\nslug: acerca\nlang: en", "content/pages/about.en.md")),
    ("slug", new_post(f"title: ¡Bienvenida!\nslug: bienvenida-2\n{DATE}")),
    ("title", new_post(f"title: Tags de la comunidad\n{DATE}")),
    ("junk", lambda c: write(c, "content/works/ana-perez/mural-azul/.DS_Store", "x")),
]


@pytest.mark.parametrize("setup", [s for _, s in NEAR_MISSES], ids=[n for n, _ in NEAR_MISSES])
def test_near_misses_publish(tmp_path, setup):
    report = run(tmp_path, setup)
    assert not report.errors, [(f.code, f.path, f.message_en) for f in report.errors]


def test_the_post_named_after_its_address_keeps_it(tmp_path):
    """On the main branch a copy titled like a post is left out, never the post itself."""
    report = run(tmp_path, new_post(f"title: ¡Bienvenida!\n{DATE}"))
    assert NEW_POST in report.rejected and POST not in report.rejected
    report = run(
        tmp_path / "2",
        new_post(f"title: Welcome\nslug: bienvenida\nlang: en\nauthor: Beto\n{DATE}"),
    )
    assert NEW_POST in report.rejected and POST not in report.rejected


def test_a_pull_request_cannot_win_an_address_by_its_file_name(tmp_path):
    """A new file named after the address still loses it to the post already published."""
    content = make_valid_site(tmp_path)
    write(content, "content/blog/otra.md", post(f"title: Otra\nslug: hola\nlang: es\n{DATE}"))
    write(content, "content/blog/x/hola.md", post(f"title: Hola\nlang: es\n{DATE}"))
    write(content, "content/blog/x/hola.en.md", post(f"title: Hi\nslug: hola\nlang: en\n{DATE}"))
    changed = {"content/blog/x/hola.md", "content/blog/x/hola.en.md"}
    report = check_site(content, SITE, only=changed)
    assert {(f.code, f.path) for f in report.errors} == {
        ("AV219", "content/blog/x/hola.md"),
        ("AV222", "content/blog/x/hola.en.md"),
    }


def test_an_untitled_post_already_on_the_site_does_not_break_a_pull_request_check(tmp_path):
    content = make_valid_site(tmp_path)
    write(content, "content/blog/vieja.md", post(DATE))  # no title: never checked here
    write(content, NEW_POST, post(f"title: Nueva\n{DATE}"))
    report = check_site(content, SITE, only={NEW_POST})
    assert report.checked == [NEW_POST] and not report.findings


def test_a_pull_request_is_blamed_not_the_post_it_collides_with(tmp_path):
    content = make_valid_site(tmp_path)
    write(content, NEW_POST, post(f"title: Welcome\nslug: bienvenida\nlang: en\n{DATE}"))
    write(content, "content/blog/otra/x.md", post(f"title: ¡Bienvenida!\n{DATE}"))
    report = check_site(content, SITE, only={NEW_POST, "content/blog/otra/x.md"})
    assert {f.path for f in report.errors} == {NEW_POST, "content/blog/otra/x.md"}
    assert POST not in report.rejected


def test_every_site_file_is_named_when_taken(tmp_path):
    """The other side of each clash is what a person would recognise, in both languages."""
    report = run(tmp_path, new_post("title: Tags!", NEW_PAGE))
    messages = [f.message_es + " " + f.message_en for f in report.findings if f.code == "AV801"]
    assert any("etiquetas de obras" in m and "work tags" in m for m in messages), messages


# --------------------------------------------------------------------------- builds


def hostile_site(base: Path) -> Path:
    """A valid site, then one of each attack next to it."""
    content = base / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    write_work(content, "ana-rivera", "sol-de-barrio", title="Sol de barrio")
    write_work(content, "ana-rivera", "escape", title="Escape")
    index = content / "works/ana-rivera/escape/index.md"
    index.write_bytes(
        index.read_bytes().replace(b"\nconsent: ", b"\rurl: ../escaped\nconsent: ", 1)
    )
    make_post(content, "bienvenida.md", slug="bienvenida")
    make_post(content, "acerca.md", "Quiénes somos.", folder="pages", title="Acerca")
    blog = "content/blog"
    write(content, f"{blog}/portada.md", post(f"title: Portada falsa\rsave_as: index.html\n{DATE}"))
    write(content, f"{blog}/etiquetas.md", post(f"title: Etiquetas falsas\nslug: tags\n{DATE}"))
    write(content, f"{blog}/copia.md", post(f"title: ¡Bienvenida!\n{DATE}"))
    write(content, f"{blog}/js.md", post(f"title: Js\rurl: javascript:alert(1)\n{DATE}"))
    write(
        content,
        f"{blog}/enlace.md",
        post(
            f"title: Enlace\n{DATE}",
            "Lee [esto]({filename}/blog/js.md) y [más]({filename}/blog/portada.md).",
        ),
    )
    write(content, "content/pages/tags.md", post("title: Tags!"))
    # Pelican's own guard compares prefixes: output-escaped/ "is inside" output/.
    write(content, "content/pages/fuera.md", post("title: Fuera\rsave_as: ../output-x/index.html"))
    write(content, "content/pages/lejos.md", post("title: Lejos\rsave_as: ../../escaped.html"))
    write(content, "content/.gitattributes", "works/** export-ignore\n")
    return content


def snapshot(folder: Path, skip: tuple[str, ...]) -> set[str]:
    found = set()
    for dirpath, dirnames, filenames in os.walk(folder):
        rel = Path(dirpath).relative_to(folder).as_posix()
        dirnames[:] = [d for d in dirnames if f"{rel}/{d}".lstrip("./") not in skip]
        found.update(f"{rel}/{name}" for name in filenames)
    return found


def assert_nothing_outside(tmp_path: Path, before: set[str]) -> None:
    after = snapshot(tmp_path, ("output", "cache"))
    assert after == before, sorted(after - before)
    assert not (tmp_path.parent / "escaped.html").exists()


def assert_no_javascript(output: Path) -> None:
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert "javascript:" not in path.read_text(encoding="utf-8").lower(), path


def test_hostile_submissions_are_left_out_and_the_rest_publishes(tmp_path):
    content = hostile_site(tmp_path)
    before = snapshot(tmp_path, ("output", "cache"))
    output = build_site(content, tmp_path / "output")

    home = (output / "index.html").read_text(encoding="utf-8")
    assert "Sol de barrio" in home and "Portada falsa" not in home
    assert (output / "blog/bienvenida/index.html").is_file()
    assert "Etiquetas falsas" not in (output / "blog/tags/index.html").read_text(encoding="utf-8")
    assert "Tags!" not in (output / "tags/index.html").read_text(encoding="utf-8")
    assert (output / "en/works/ana-rivera/sol-de-barrio/index.html").is_file()
    assert not (output / "works/ana-rivera/escape").exists()
    assert (output / "blog/enlace/index.html").is_file()
    assert_no_javascript(output)
    assert_nothing_outside(tmp_path, before)


def test_a_strict_build_lists_the_hostile_submissions(tmp_path):
    from altavoz_moderation import ModerationError

    content = hostile_site(tmp_path)
    with pytest.raises(ModerationError) as error:
        build_site(content, tmp_path / "output", ALTAVOZ_STRICT=True)
    for path in ("content/blog/portada.md", "content/pages/tags.md", "content/.gitattributes"):
        assert path in str(error.value)


def test_the_build_stays_inside_output_even_if_the_checks_miss_everything(tmp_path, monkeypatch):
    """The writer and the image step guard the output folder on their own."""
    import altavoz_moderation

    monkeypatch.setattr(altavoz_moderation, "check_site", lambda *a, **k: Report())
    content = hostile_site(tmp_path)
    before = snapshot(tmp_path, ("output", "cache"))
    output = build_site(content, tmp_path / "output")  # no FileOverwriteFailedError
    assert "Sol de barrio" in (output / "index.html").read_text(encoding="utf-8")
    assert (output / "works/ana-rivera/escape/index.html").is_file()  # at its folder's address
    assert_no_javascript(output)
    assert_nothing_outside(tmp_path, before)


def test_the_writer_refuses_outside_paths_and_second_writes(tmp_path):
    from altavoz_moderation.guard import GuardedWriter
    from jinja2 import Template

    output = tmp_path / "output"
    output.mkdir()
    writer = GuardedWriter(str(output), settings={"PAGINATED_TEMPLATES": {}})
    template = Template("{{ text }}")
    writer.write_file("a/index.html", template, {}, text="first")
    writer.write_file("a/index.html", template, {}, text="second")  # Pelican would raise
    writer.write_file("../output2/x.html", template, {}, text="out")  # Pelican's prefix check
    writer.write_file("../../x.html", template, {}, text="out")
    assert (output / "a/index.html").read_text() == "first"
    assert not (tmp_path / "output2").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_the_writer_refuses_a_page_whose_file_is_a_link_outside_the_output(tmp_path, caplog):
    """A link left in the output (the writer alone, no sweep before it) leads outside: the
    page is refused and said so, the file the link names keeps its bytes."""
    from altavoz_moderation.guard import GuardedWriter
    from jinja2 import Template

    output = tmp_path / "output"
    (output / "b").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("mine")
    (output / "b" / "index.html").symlink_to(elsewhere)
    writer = GuardedWriter(str(output), settings={"PAGINATED_TEMPLATES": {}})
    writer.write_file("b/index.html", Template("{{ text }}"), {}, text="page")
    assert elsewhere.read_text() == "mine"
    refused = [r.getMessage() for r in caplog.records if "b/index.html" in r.getMessage()]
    assert refused and "outside the output folder" in refused[0], caplog.text


@pytest.mark.parametrize(
    ("changed", "reported_as"),
    [
        ("content/.gitattributes", "content/.gitattributes"),
        ("content/README.md", "content/README.md"),
        ("content/extra/pagina.md", "content/extra"),
        ("content/blog/.htaccess", "content/blog/.htaccess"),
        ("content/blog/.drafts/a.md", "content/blog/.drafts"),
        ("content/works/ana/.gitattributes", "content/works/ana/.gitattributes"),
        ("content/works/ana/mural/.gitattributes", "content/works/ana/mural"),
        ("content/artists/.x/index.md", "content/artists/.x"),
    ],
)
def test_a_pull_request_adding_a_stray_file_checks_it(changed, reported_as):
    """`invoke check --since` maps each changed file to the entry the report names."""
    from altavoz_core.submissions import submission_for

    assert submission_for(changed, "content") == reported_as


def test_a_pull_request_check_names_the_new_file_and_both_sides(tmp_path):
    """`invoke check --since main`: the branch's files, with the site's own settings."""
    import json
    import shutil
    import subprocess

    from altavoz_submit.check import run_check

    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    content = make_valid_site(tmp_path)
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    (tmp_path / "theme").symlink_to(ROOT / "theme")  # Pelican's read_settings wants the theme
    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "Test")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    write(content, "content/.gitattributes", "works/** export-ignore\n")
    write(content, NEW_POST, post(f"title: ¡Bienvenida!\n{DATE}"))
    text, code = run_check(tmp_path, "main", "json")
    findings = json.loads(text)["findings"]
    assert code == 1
    assert {(f["code"], f["path"]) for f in findings} == {
        ("AV113", "content/.gitattributes"),
        ("AV219", NEW_POST),
    }
    clash = next(f for f in findings if f["code"] == "AV219")
    assert POST in clash["message_en"] and "/blog/bienvenida/" in clash["message_es"]


def test_publish_in_a_fresh_process_exits_0_and_leaves_the_hostile_files_out(tmp_path):
    """What `invoke publish` runs (publishconf.py, no --strict): one bad file never stops it."""
    import subprocess
    import sys

    content = hostile_site(tmp_path)
    output = tmp_path / "output"
    command = [
        sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "publishconf.py"),
        "-o", str(output),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Sol de barrio" in (output / "index.html").read_text(encoding="utf-8")
    assert (output / "en/blog/bienvenida/index.html").is_file()
    assert not (output / "works/ana-rivera/escape").exists()
    assert_no_javascript(output)


def is_submission_page(path: str) -> bool:
    """A page the build writes for one post, page, work or artist (not a list or a tag)."""
    parts = path.split("/")
    if parts[0] == "blog":  # blog/<slug>/index.html, not blog/tags/ or blog/page/2/
        return len(parts) == 3 and parts[1] not in ("tags", "archive", "tag", "page")
    direct = {SITE.get(f"{t.upper()}_SAVE_AS") or f"{t}.html" for t in SITE["DIRECT_TEMPLATES"]}
    if parts[0] in ("tags", "page") or path in {"index.html", *direct}:  # the gallery, /enviar/
        return False
    return path != "artists/index.html" and parts[0] != "agenda"  # events: see below


def test_the_model_predicts_every_page_the_build_writes(sample_site):
    """The oracle: Pelican's own build of the sample site writes exactly the model's pages."""
    from altavoz_moderation.checks import planned_outputs

    planned = {output.path for output in planned_outputs(ROOT / "content", SITE)}
    written = {path.relative_to(sample_site).as_posix() for path in sample_site.rglob("*.html")}
    assert planned <= written, sorted(planned - written)
    # Every page of a submission (blog posts, pages, works, artists; both sites) is planned.
    submission_pages = {path for path in written if is_submission_page(path.removeprefix("en/"))}
    assert submission_pages == planned, sorted(submission_pages ^ planned)
    assert len(planned) > 40  # 5 artists, 12 works, 2 posts, 8 pages, in both sites
    # Events are not placed by the address model: each is written under agenda/ (a name no
    # other submission may take) by its folder's name, which is unique. The build writes
    # exactly one page per event folder in each site, besides the agenda's own lists.
    events = {folder.name for folder in (ROOT / "content" / "events").iterdir() if folder.is_dir()}
    assert events
    for prefix in ("", "en/"):
        agenda = {p.removeprefix(prefix) for p in written if p.startswith(f"{prefix}agenda/")}
        lists = {SITE["ALTAVOZ_AGENDA_SAVE_AS"], SITE["ALTAVOZ_AGENDA_EMBED_SAVE_AS"]}
        pages = {SITE["EVENT_SAVE_AS"].format(slug=slug) for slug in events}
        assert agenda == lists | pages, sorted(agenda ^ (lists | pages))
