"""Resource abuse: a submission too big or too deeply nested is refused without being parsed.

Rendering Markdown is where a hostile body costs: megabytes of text, or lists nested
hundreds deep (Python-Markdown takes quadratic time, then overflows the stack). The
limits are lowered through settings so the inputs stay small; the tests assert that the
renderers never see a body over the limit, not how long anything takes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from altavoz_moderation.checks import text as text_checks
from altavoz_moderation.report import check_site
from altavoz_submit.project import create_settings
from conftest import build_site, front_matter, read_page, spy_on, write_artist, write_work

LIMITS = {"work": 2000, "artist": 2000, "blog": 2000, "page": 2000}


def nested_list(depth: int) -> str:
    return "\n".join("\t" * level + "- x" for level in range(depth))


def nested_quotes(depth: int) -> str:
    return "> " * depth + "hola"


@pytest.fixture
def rendered_lengths(monkeypatch):
    """Every body the moderation renders, by length."""
    return spy_on(monkeypatch, text_checks, "render_markdown", lambda body, _: len(body))


@pytest.fixture
def parsed_by_pelican(monkeypatch):
    """Every file Pelican's Markdown reader parses."""
    from pelican.readers import MarkdownReader

    return spy_on(monkeypatch, MarkdownReader, "read", lambda _, path: Path(path).name)


@pytest.mark.parametrize("body", [nested_list(300), nested_quotes(5000), "palabra " * 5000])
def test_an_oversized_statement_is_refused_without_rendering_it(tmp_path, rendered_lengths, body):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera")
    write_work(content, "ana-rivera", "abuso", statement=body)
    write_work(content, "ana-rivera", "cartel")

    report = check_site(content, create_settings(ALTAVOZ_MODERATION_MAX_BODY_LENGTHS=LIMITS))

    abuse = [f for f in report.findings if f.path.endswith("abuso/index.md")]
    assert [(f.code, f.severity) for f in abuse] == [("AV306", "error")]
    assert "content/works/ana-rivera/abuso" in report.rejected
    assert "content/works/ana-rivera/cartel" not in report.rejected
    assert rendered_lengths and max(rendered_lengths) <= LIMITS["work"]


def test_a_refused_blog_post_is_never_parsed_by_the_build(
    tmp_path, rendered_lengths, parsed_by_pelican
):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera")
    write_work(content, "ana-rivera", "cartel")
    blog = content / "blog"
    blog.mkdir()
    (blog / "anidada.md").write_text(
        front_matter({"title": "Anidada", "date": "2026-01-10", "lang": "es"})
        + "\n"
        + nested_list(300)
        + "\n",
        encoding="utf-8",
    )
    (blog / "buena.md").write_text(
        front_matter({"title": "Buena", "date": "2026-01-11", "lang": "es"}) + "\nHola.\n",
        encoding="utf-8",
    )

    output = build_site(content, tmp_path / "output", ALTAVOZ_MODERATION_MAX_BODY_LENGTHS=LIMITS)

    assert "Buena" in read_page(output, "blog/index.html")
    assert "Anidada" not in read_page(output, "blog/index.html")
    assert (output / "works/ana-rivera/cartel/index.html").is_file()
    assert "buena.md" in parsed_by_pelican
    assert "anidada.md" not in parsed_by_pelican
    assert max(rendered_lengths) <= LIMITS["blog"]
