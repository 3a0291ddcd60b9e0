"""Resource abuse: a submission too big, too deeply nested or too costly is refused unparsed.

Rendering Markdown is where a hostile body costs: megabytes of text, lists nested
hundreds deep, or a few thousand characters Python-Markdown needs minutes for (a run of
``[``, of code fences, of ``*[``...). Bodies are rendered in a worker with a CPU-time
budget; over it, the body is refused (AV311) and the build never parses the file. The
limits are lowered through settings so the inputs stay small: each hostile body below
takes 5-10 CPU seconds without the budget (minutes at the sizes the limits allow).
"""

from __future__ import annotations

import os
import select
from pathlib import Path

import pytest
from altavoz_moderation.model import rendering
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
    return spy_on(monkeypatch, rendering, "render", lambda body, _: len(body))


@pytest.fixture
def parsed_by_pelican(monkeypatch):
    """Every file the build's Markdown reader (Pelican's, remembering) is asked to read."""
    from altavoz_moderation.markdown_reader import RememberingMarkdownReader

    return spy_on(monkeypatch, RememberingMarkdownReader, "read", lambda _, path: Path(path).name)


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


def site_with_a_good_and_a_bad_post(tmp_path, title: str, body: str):
    """A work and two blog posts: «Buena» and ``title`` (its file named after it) with ``body``."""
    content = tmp_path / "content"
    write_artist(content, "ana-rivera")
    write_work(content, "ana-rivera", "cartel")
    blog = content / "blog"
    blog.mkdir()
    for name, date, text in ((title, "2026-01-10", body), ("Buena", "2026-01-11", "Hola.")):
        (blog / f"{name.lower()}.md").write_text(
            front_matter({"title": name, "date": date, "lang": "es"}) + f"\n{text}\n",
            encoding="utf-8",
        )
    return content


def test_a_refused_blog_post_is_never_parsed_by_the_build(
    tmp_path, rendered_lengths, parsed_by_pelican
):
    content = site_with_a_good_and_a_bad_post(tmp_path, "Anidada", nested_list(300))

    output = build_site(content, tmp_path / "output", ALTAVOZ_MODERATION_MAX_BODY_LENGTHS=LIMITS)

    assert "Buena" in read_page(output, "blog/index.html")
    assert "Anidada" not in read_page(output, "blog/index.html")
    assert (output / "works/ana-rivera/cartel/index.html").is_file()
    assert "buena.md" in parsed_by_pelican
    assert "anidada.md" not in parsed_by_pelican
    assert max(rendered_lengths) <= LIMITS["blog"]


# Each takes Python-Markdown 4-10 CPU seconds at these sizes (and grows quadratically).
COSTLY_BODIES = {
    "brackets": "[" * 6000,
    "emphasis-brackets": "*[" * 3000,
    "image-brackets": "![" * 3000,
    "brackets-on-lines": "[\n" * 3000,
    "code-fences": "```\n" * 1500,
    "abbreviations": "*[a]: b\n" * 2500 + "a " * 100,
}
# Fast to render, but megabytes of HTML that every page, feed and index would carry.
GROWING_BODIES = {
    "reference-used-thousands-of-times": "[x]: /" + "a" * 2000 + "\n\n" + "[x] " * 6000,
    "abbreviation-used-thousands-of-times": "*[a]: " + "t" * 2000 + "\n\n" + "a " * 12000,
}
BUDGET = {
    "ALTAVOZ_MODERATION_MAX_BODY_LENGTHS": {"work": 30000, "artist": 4000, "blog": 30000},
    # Kept to the millisecond: half a second refuses each costly body as surely as more.
    "ALTAVOZ_MODERATION_MARKDOWN_CPU_SECONDS": 0.5,
}


def nested_definitions(count: int) -> str:
    return "a\n: b\n" * count  # each definition nests the next one inside it


@pytest.mark.parametrize(
    "body",
    [*COSTLY_BODIES.values(), *GROWING_BODIES.values(), nested_definitions(1000)],
    ids=[*COSTLY_BODIES, *GROWING_BODIES, "nesting"],
)
def test_a_body_too_costly_to_render_is_refused_and_the_rest_publishes(tmp_path, body):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera")
    write_work(content, "ana-rivera", "abuso", statement=body)
    write_work(content, "ana-rivera", "cartel")

    report = check_site(content, create_settings(**BUDGET))

    abuse = [f for f in report.findings if f.code == "AV311"]
    assert [(f.path, f.severity, f.field) for f in abuse] == [
        ("content/works/ana-rivera/abuso/index.md", "error", "body")
    ]
    message = abuse[0]
    assert "content/works/ana-rivera/abuso/index.md" in message.message_es
    assert "Quita esas repeticiones" in message.message_es
    assert "Remove those repetitions" in message.message_en
    assert report.rejected == {"content/works/ana-rivera/abuso"}


def test_the_refusal_names_the_budget_and_the_repeated_sign(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera")
    write_work(content, "ana-rivera", "abuso", statement=COSTLY_BODIES["brackets"])

    findings = check_site(content, create_settings(**BUDGET)).findings
    [finding] = [f for f in findings if f.code == "AV311"]

    assert "más de 0.5 segundos de cálculo" in finding.message_es
    assert "over 0.5 seconds of computing" in finding.message_en
    # 6000 in the text, and one in the image reference write_work adds
    assert "«[» aparece 6001 veces" in finding.message_es
    assert "'[' appears 6001 times" in finding.message_en


def test_a_body_that_would_make_megabytes_of_html_says_so(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera")
    body = GROWING_BODIES["abbreviation-used-thousands-of-times"]
    write_work(content, "ana-rivera", "abuso", statement=body)

    findings = check_site(content, create_settings(**BUDGET)).findings

    [finding] = [f for f in findings if f.code == "AV311"]
    assert "la página tendría más de 500000 caracteres" in finding.message_es
    assert "the page would have over 500000 characters" in finding.message_en


def test_a_costly_blog_post_is_left_out_and_never_parsed_by_the_build(tmp_path, parsed_by_pelican):
    content = site_with_a_good_and_a_bad_post(tmp_path, "Costosa", COSTLY_BODIES["brackets"])

    output = build_site(content, tmp_path / "output", **BUDGET)

    assert "Buena" in read_page(output, "blog/index.html")
    assert "Costosa" not in read_page(output, "blog/index.html")
    assert (output / "works/ana-rivera/cartel/index.html").is_file()
    assert "buena.md" in parsed_by_pelican
    assert "costosa.md" not in parsed_by_pelican


def test_ordinary_text_renders_exactly_as_the_build_renders_it():
    import markdown
    from altavoz_moderation.model import rendering
    from pelican.settings import DEFAULT_CONFIG

    pelican_markdown = DEFAULT_CONFIG["MARKDOWN"]

    body = "# Título\n\nUn *mural* con [enlace](https://example.org).\n\n```\ncode\n```\n"
    settings = create_settings()
    extensions = [e for e in pelican_markdown["extension_configs"] if "meta" not in e]
    expected = markdown.Markdown(
        extensions=extensions,
        extension_configs=pelican_markdown["extension_configs"],
        output_format="html5",
    ).convert(body)

    assert rendering.render(body, settings) == rendering.Rendered(expected)
    assert rendering.cache_key(body, settings) == rendering.cache_key(body, create_settings())
    assert rendering.cache_key(body, settings) != rendering.cache_key(body + " ", settings)
    assert rendering.cache_key(body, settings) != rendering.cache_key(
        body, create_settings(ALTAVOZ_MODERATION_MARKDOWN_CPU_SECONDS=9)
    )


def test_one_worker_renders_every_body_and_survives_a_refusal():
    from altavoz_core import bounded
    from altavoz_moderation.model import rendering

    settings = create_settings(ALTAVOZ_MODERATION_MARKDOWN_CPU_SECONDS=1)
    rendering.render("uno", settings)
    worker = bounded.worker_pid()

    refused = rendering.render(COSTLY_BODIES["brackets"], settings)
    after = rendering.render("*dos*", settings)

    assert (refused.html, refused.refused) == (None, bounded.CPU)
    assert after == rendering.Rendered("<p><em>dos</em></p>")
    assert bounded.worker_pid() == worker


def test_a_worker_that_does_not_answer_in_time_is_replaced():
    import time

    from altavoz_core import bounded
    from altavoz_moderation.model import rendering

    started = time.monotonic()
    outcome = bounded.call(time.sleep, (30,), bounded.Limits(5, 1, 512))  # sleeping: no CPU

    assert (outcome.value, outcome.refused) == (None, bounded.WALL)
    assert time.monotonic() - started < 10
    assert rendering.render("hola", create_settings()) == rendering.Rendered("<p>hola</p>")


def test_a_build_worker_stops_rendering_an_image_past_its_cpu_budget(tmp_path):
    from altavoz_images import ImageJob, process_images
    from hostile_images import repeated_scans
    from images_support import image_settings, save_jpeg

    slow = tmp_path / "src" / "lenta.jpg"
    slow.parent.mkdir()
    slow.write_bytes(repeated_scans(15000, size=(3000, 3000)))  # ~4 CPU s to decode
    fast = save_jpeg(tmp_path / "src" / "rapida.jpg")
    jobs = [
        ImageJob(p, tmp_path / "output" / p.stem, p.stem, f"content/works/a/{p.name}")
        for p in (slow, fast)
    ]
    settings = image_settings(tmp_path, WORKERS=2, DECODE_CPU_SECONDS=0.25)  # 1 s to render

    results = process_images(jobs, settings, progress=False)

    assert results[fast].ok
    [finding] = results[slow].findings
    assert finding.code == "AV530" and "CPU seconds" in finding.message_en


@pytest.mark.parametrize(
    "body",
    [
        "![" * 14500,
        "![" * 7250 + "](" * 7250,
        "![a](" * 5800,
        '![a](x "' * 3600,
        "![a][" * 5800,
        "<img " * 6000,
        "![](b)" * 2500 + "![]" * 5000,
    ],
    ids=[
        "image-openers",
        "openers-then-closers",
        "unclosed-sources",
        "unclosed-captions",
        "unclosed-references",
        "unclosed-tags",
        "images-then-bare-references",
    ],
)
def test_looking_for_images_in_a_flood_of_brackets_takes_a_moment(body):
    import time

    from altavoz_moderation.model.references import find_images

    started = time.process_time()
    find_images(body)
    # Each start used to rescan the rest of the body (~30 CPU s here, then 1-3 s); no part
    # of a pattern runs past the next bracket now, so a start is given up at once (~5 ms).
    assert time.process_time() - started < 1


def test_the_worker_refuses_what_needs_more_memory_than_its_budget():
    from altavoz_core import bounded

    outcome = bounded.call(bytearray, (2 * 1024**3,), bounded.Limits(5, 60, 64))  # 2 GB

    assert (outcome.value, outcome.refused) == (None, bounded.MEMORY)
    assert bounded.call(len, ("hola",), bounded.Limits(5, 60, 64)) == bounded.Outcome(4)


def test_the_worker_holds_no_pipe_of_its_parent():
    # A browser driver or subprocess waits for EOF on its pipe: a worker forked while the
    # pipe was open must not keep it open (the test run itself hung on this once).
    from altavoz_core import bounded

    bounded.stop_worker()
    read_end, write_end = os.pipe()
    try:
        outcome = bounded.call(len, ("abc",), bounded.Limits(5, 30, 256))
        assert outcome.value == 3
        os.close(write_end)
        write_end = None
        ready, _, _ = select.select([read_end], [], [], 10)
        assert ready and os.read(read_end, 1) == b"", "the worker still holds the pipe"
    finally:
        os.close(read_end)
        if write_end is not None:
            os.close(write_end)
        bounded.stop_worker()


def spin() -> None:
    """Python code that never ends (a pure-Python loop, as Markdown's are)."""
    while True:
        pass


def test_the_cpu_budget_is_kept_to_a_fraction_of_a_second():
    from altavoz_core import bounded

    outcome = bounded.call(spin, (), bounded.Limits(0.3, 60, 256))

    assert outcome.refused == bounded.CPU
    used = float(outcome.detail.split()[0])  # the CPU seconds it had used when stopped
    # A limit counted in whole seconds of the worker's life stopped it after 1 to 2 s.
    # The lower bound is loose: the kernel's profiling timer is charged in scheduler ticks
    # while getrusage is exact, so on a loaded machine the two disagree by a few ticks.
    assert 0.15 <= used < 1.0, outcome.detail


def test_a_duration_in_a_message_is_one_second_or_some_seconds():
    from altavoz_core.codes import seconds

    def both(value):
        return seconds(value).text("es"), seconds(value).text("en")

    assert both(1) == ("1 segundo", "1 second")
    assert both(1.0) == ("1 segundo", "1 second")
    assert both(0.5) == ("0.5 segundos", "0.5 seconds")
    assert both(10) == ("10 segundos", "10 seconds")


def test_placing_thousands_of_shown_images_on_their_lines_takes_a_moment():
    """Images Markdown shows that the source patterns do not name (alt text with
    brackets) next to thousands of escaped ones: each is placed by a search, not by
    comparing it with every other."""
    import time

    import markdown
    from altavoz_core.markup import img_tags
    from altavoz_moderation.model.references import shown_images
    from altavoz_moderation.model.rendering import body_markdown_kwargs

    body = "\\![](b)\n" * 1890 + "![[]](x)\n" * 1640
    html = markdown.Markdown(**body_markdown_kwargs(create_settings())).convert(body)
    started = time.process_time()
    images = shown_images(body, img_tags(html))
    assert len(images) == 1640 and images[0].line == 1891
    assert time.process_time() - started < 1  # was ~10 CPU s
