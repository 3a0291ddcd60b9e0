"""The report: check_site over a whole folder, the renderers, --since and the CLI exit codes."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from altavoz_core.codes import CODES
from altavoz_moderation.report import (
    check_site,
    to_github_annotations,
    to_json,
    to_markdown,
    to_text,
)
from altavoz_moderation.since import SinceError, changed_submissions
from altavoz_submit.check import run_check
from altavoz_submit.project import create_settings
from markdown_it import MarkdownIt
from moderation_support import make_artist, make_post, make_valid_site, make_work

BROKEN = "content/works/ana-perez/roto"


def site_with_problems(tmp_path: Path) -> Path:
    content = make_valid_site(tmp_path)
    make_work(content, slug="roto", license="GPL-3.0", title="Roto <script>x()</script>")
    make_artist(content, "beto", name="Beto", body="Llámame al 55 1234 5678.")
    return content


def test_report_collects_everything_and_rejects_only_submissions_with_errors(tmp_path):
    report = check_site(site_with_problems(tmp_path), create_settings())
    assert report.rejected == {BROKEN}
    assert {f.code for f in report.errors} == {"AV211", "AV307"}
    assert {(f.code, f.path) for f in report.warnings} == {
        ("AV602", "content/artists/beto/index.md")
    }
    assert set(report.checked) >= {
        BROKEN,
        "content/works/ana-perez/mural-azul",
        "content/artists/beto",
    }
    assert [f.path for f in report.findings] == sorted(f.path for f in report.findings)


def test_check_site_never_raises_on_garbage(tmp_path):
    content = tmp_path / "content"
    (content / "works" / "x" / "y").mkdir(parents=True)
    (content / "works" / "x" / "y" / "index.md").write_bytes(b"\xff\xfe\x00garbage")
    (content / "works" / "suelto.txt").write_text("x")
    (content / "artists" / "z").mkdir(parents=True)
    (content / "artists" / "z" / "index.md").write_text("---\n---\n")
    (content / "blog").mkdir()
    (content / "blog" / "vacio.md").write_text("")
    report = check_site(content, create_settings())
    codes = {f.code for f in report.findings}
    assert {"AV109", "AV107", "AV206", "AV201"} <= codes
    assert report.rejected == {
        "content/works/x/y",
        "content/works/suelto.txt",
        "content/artists/z",
        "content/blog/vacio.md",
    }


def test_only_limits_the_check_but_artists_are_still_known(tmp_path):
    content = site_with_problems(tmp_path)
    make_artist(content, "carla", name="Carla")
    make_work(content, "carla", "nueva")
    report = check_site(content, create_settings(), only={"content/works/carla/nueva"})
    assert report.checked == ["content/works/carla/nueva"]
    assert report.findings == []


def test_text_report_groups_by_file_in_both_languages(tmp_path):
    text = to_text(check_site(site_with_problems(tmp_path), create_settings()))
    assert f"{BROKEN}/index.md\n  ERROR  AV307  línea/line 2  [title]" in text
    assert "es: La licencia «GPL-3.0»" in text and "en: The license 'GPL-3.0'" in text
    assert "No se publicará / Will not be published:\n  - content/works/ana-perez/roto" in text
    assert text.rstrip().endswith("1 no se publicará(n)/will not be published")


def test_text_report_says_ok_when_clean(tmp_path):
    assert to_text(check_site(make_valid_site(tmp_path), create_settings())).startswith("OK: 4 ")


def test_markdown_report_has_a_summary_table_then_details(tmp_path):
    md = to_markdown(check_site(site_with_problems(tmp_path), create_settings()))
    lines = md.splitlines()
    header = lines.index("| Archivo / File | Errores / Errors | Advertencias / Warnings |")
    assert lines[header + 1] == "| --- | ---: | ---: |"
    rows = lines[header + 2 : header + 4]
    assert rows == [
        "| `content/artists/beto/index.md` | 0 | 1 |",
        f"| `{BROKEN}/index.md` | 2 | 0 |",
    ]
    assert f"### `{BROKEN}/index.md`" in md
    assert "❌ **AV211** línea/line 6 `license`" in md
    assert "\\<script\\>" in md and "<script>" not in md  # snippets cannot inject
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert "&lt;script&gt;" in rendered and "<script>" not in rendered
    assert "🇬🇧 The license 'GPL-3.0'" in html.unescape(rendered)


def test_markdown_report_when_clean(tmp_path):
    assert "✅ Sin problemas en 4 envío(s)" in to_markdown(
        check_site(make_valid_site(tmp_path), create_settings())
    )


def test_json_report_is_valid_and_complete(tmp_path):
    report = check_site(site_with_problems(tmp_path), create_settings())
    data = json.loads(to_json(report))
    assert data["summary"] == {
        "errors": 2,
        "warnings": 1,
        "checked": len(report.checked),
        "rejected": [BROKEN],
    }
    assert len(data["findings"]) == 3
    for item in data["findings"]:
        assert {"path", "severity", "code", "message", "message_es", "message_en"} <= set(item)
        assert {"field", "line", "snippet"} <= set(item)
        assert item["message"] == f"{item['message_es']} / {item['message_en']}"


def test_github_annotations_escape_and_point_at_lines(tmp_path):
    lines = to_github_annotations(
        check_site(site_with_problems(tmp_path), create_settings())
    ).splitlines()
    assert len(lines) == 3
    assert lines[1].startswith(f"::error file={BROKEN}/index.md,line=2,title=AV307::")
    assert re.match(
        r"::warning file=content/artists/beto/index.md,line=\d+,title=AV602::", lines[0]
    )
    assert all("\n" not in line for line in lines)


def test_codes_md_lists_every_code_with_its_severity():
    table = (Path(__file__).parents[1] / "plugins/altavoz_core/CODES.md").read_text(
        encoding="utf-8"
    )
    rows = dict(re.findall(r"^\| (AV\d{3}) \| (error|warning) \|", table, re.MULTILINE))
    assert rows == {code: spec.severity for code, spec in CODES.items()}


def test_every_message_template_fills_without_leftover_placeholders(tmp_path):
    from altavoz_core.codes import make_finding

    worded_here = [code for code, spec in CODES.items() if spec.reported_by is None]
    assert len(worded_here) > 60
    for code in worded_here:
        finding = make_finding(code, "content/x/index.md", field="title", line=3)
        for message in (finding.message_es, finding.message_en):
            assert "{" not in message and "}" not in message, (code, message)
            assert "content/x/index.md" in message, code


# --------------------------------------------------------------------------- CLI


def test_run_check_exit_codes(tmp_path):
    make_valid_site(tmp_path)
    text, code = run_check(tmp_path, None, "text")
    assert code == 0 and text.startswith("OK")
    site_with_problems(tmp_path)
    text, code = run_check(tmp_path, None, "json")
    assert code == 1 and json.loads(text)["summary"]["errors"] == 2
    text, code = run_check(tmp_path, None, "yaml")
    assert code == 2 and "unknown format" in text


def test_run_check_reads_moderation_settings_from_pelicanconf(tmp_path):
    content = make_valid_site(tmp_path)
    make_post(content, body="Hablamos de la guerra sucia.")
    (tmp_path / "pelicanconf.py").write_text(
        "PATH = 'content'\nALTAVOZ_MODERATION_REVIEW_TERMS = ['guerra sucia']\n", encoding="utf-8"
    )
    text, code = run_check(tmp_path, None, "text")
    assert code == 0 and "AV603" in text


def test_run_check_without_content_is_a_usage_error(tmp_path):
    text, code = run_check(tmp_path, None, "text")
    assert code == 2 and "content folder not found" in text


# --------------------------------------------------------------------------- --since


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(tmp_path):
    """A git repository whose main branch holds a valid site."""
    make_valid_site(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "checkout", "-q", "-b", "submission")
    return tmp_path


def test_since_reports_only_the_work_added_on_the_branch(repo):
    content = repo / "content"
    make_work(content, slug="nueva", license="GPL-3.0")
    # An existing problem elsewhere in the site must not show up in a PR check.
    (content / "works/ana-perez/mural-azul/notas.txt").write_text("viejo")
    git(repo, "add", "content/works/ana-perez/nueva")
    git(repo, "commit", "-q", "-m", "nueva obra")
    git(repo, "stash", "-q", "-u")  # leave only the committed change in the tree
    assert changed_submissions(repo, "main", content) == {"content/works/ana-perez/nueva"}
    text, code = run_check(repo, "main", "json")
    data = json.loads(text)
    assert code == 1
    assert {f["path"] for f in data["findings"]} == {"content/works/ana-perez/nueva/index.md"}
    assert data["summary"]["checked"] == 1


def test_since_includes_uncommitted_and_untracked_changes(repo):
    content = repo / "content"
    make_work(content, slug="sin-commit")
    (content / "blog/bienvenida.md").write_text(
        (content / "blog/bienvenida.md").read_text(encoding="utf-8") + "\nMás.\n", encoding="utf-8"
    )
    assert changed_submissions(repo, "main", content) == {
        "content/works/ana-perez/sin-commit",
        "content/blog/bienvenida.md",
    }


def test_since_skips_deleted_submissions_but_rechecks_works_of_a_deleted_artist(repo):
    git(repo, "rm", "-q", "-r", "content/artists/ana-perez")
    git(repo, "commit", "-q", "-m", "borrar artista")
    content = repo / "content"
    assert changed_submissions(repo, "main", content) == {
        "content/artists/ana-perez",
        "content/works/ana-perez/mural-azul",
    }
    text, code = run_check(repo, "main", "text")
    assert code == 1 and "AV213" in text and "content/artists/ana-perez\n" not in text


def test_since_with_a_bad_ref_is_a_usage_error(repo):
    with pytest.raises(SinceError):
        changed_submissions(repo, "no-such-branch", repo / "content")
    text, code = run_check(repo, "no-such-branch", "text")
    assert code == 2 and "--since no-such-branch" in text
    assert run_check(repo, "--output=x", "text")[1] == 2
