"""The one sanitizer: allow-list, classification of what it removes, URLs, plain text.

The XSS corpus tests run all 908 public vectors (tests/data/xss, see its
SOURCE.md) through the sanitizer and check the output with an independent parser-based
policy (tests/moderation_support.policy_violations), not with string matching.
"""

from __future__ import annotations

import pytest
from altavoz_moderation.sanitize.sanitizer import (
    ACTIVE,
    EXTERNAL_LINK_REL,
    FORMATTING,
    hidden_characters,
    plain_text,
    safe_url,
    sanitize_fragment,
)
from moderation_support import load_xss_vectors, policy_violations

VECTORS = load_xss_vectors()


def kinds(result) -> dict[str, str]:
    return {removal.what: removal.kind for removal in result.removed}


# --------------------------------------------------------------------------- allow-list


def test_statement_formatting_survives_unchanged():
    html = (
        "<h2>Sobre la obra</h2><p>Texto con <em>énfasis</em>, <strong>fuerza</strong>, "
        "<b>b</b> e <i>i</i>.<br>Otra línea.</p><ul><li>uno</li></ul><ol><li>dos</li></ol>"
        "<blockquote><p>cita</p></blockquote><hr><h3>a</h3><h4>b</h4><pre><code>x = 1</code></pre>"
    )
    result = sanitize_fragment(html)
    assert result.html == html
    assert result.removed == ()


def test_links_keep_href_and_title_and_external_ones_get_rel():
    result = sanitize_fragment(
        '<a href="https://example.org/ana" title="Sitio">web</a> '
        '<a href="mailto:ana@example.org">correo</a> <a href="/obras/">obras</a>'
    )
    assert result.html == (
        f'<a href="https://example.org/ana" title="Sitio" rel="{EXTERNAL_LINK_REL}">web</a> '
        '<a href="mailto:ana@example.org">correo</a> <a href="/obras/">obras</a>'
    )


def test_submitted_rel_and_target_are_replaced():
    result = sanitize_fragment('<a href="http://x.org" rel="opener" target="_blank">x</a>')
    assert result.html == f'<a href="http://x.org" rel="{EXTERNAL_LINK_REL}">x</a>'
    assert kinds(result) == {"target": FORMATTING}


def test_h1_and_deep_headings_are_mapped_not_lost():
    assert sanitize_fragment("<h1>T</h1><h6>d</h6>").html == "<h2>T</h2><h4>d</h4>"


def test_disallowed_formatting_is_stripped_keeping_text_and_reported_as_formatting():
    result = sanitize_fragment(
        '<p><u>sub</u> <font color="red">rojo</font></p><table><tr><td>a</td></tr></table>'
    )
    assert "<u>" not in result.html and "<font" not in result.html and "<table" not in result.html
    assert "sub" in result.html and "rojo" in result.html and "a" in result.html
    assert kinds(result)["<u>"] == FORMATTING and kinds(result)["<table>"] == FORMATTING
    assert not result.active


def test_code_highlighting_wrappers_are_unwrapped_silently():
    html = '<div class="highlight"><pre><span></span><code>'
    html += '<span class="nt">a</span></code></pre></div>'
    result = sanitize_fragment(html)
    assert result.html == "<pre><code>a</code></pre>"
    assert result.removed == ()


def test_images_only_when_asked_and_only_local_files():
    html = (
        '<img src="mural.jpg" alt="Mural" title="t" onerror="x()">'
        '<img src="https://e.org/a.jpg" alt="r">'
    )
    assert "<img" not in sanitize_fragment(html).html
    kept = sanitize_fragment(html, allow_local_images=True)
    assert kept.html == '<img src="mural.jpg" alt="Mural" title="t">'
    assert kinds(kept)["onerror (event handler)"] == ACTIVE
    assert "<img" not in sanitize_fragment('<img src="../x.jpg">', allow_local_images=True).html


# --------------------------------------------------------------------------- active content


@pytest.mark.parametrize(
    ("payload", "what"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ("<style>body{display:none}</style>", "<style>"),
        ('<p onclick="alert(1)">x</p>', "onclick (event handler)"),
        ('<a href="javascript:alert(1)">x</a>', "javascript: URL"),
        ('<a href="JaVa&#x09;ScRiPt:alert(1)">x</a>', "javascript: URL"),
        ('<a href="vbscript:msgbox(1)">x</a>', "vbscript: URL"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data: URL"),
        ('<iframe src="https://example.org"></iframe>', "<iframe>"),
        ('<object data="x.swf"></object>', "<object>"),
        ('<embed src="x.swf">', "<embed>"),
        ('<form action="https://e.org"><input name="q"></form>', "<form>"),
        ('<base href="https://evil.org/">', "<base>"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.org">', "<meta>"),
        ('<link rel="stylesheet" href="https://evil.org/x.css">', "<link>"),
        ("<svg onload=alert(1)><circle r=1 /></svg>", "<svg>"),
        ("<math><mi>x</mi></math>", "<math>"),
        ('<div style="background:url(javascript:alert(1))">x</div>', "style"),
        ("<!--[if IE]><script>alert(1)</script><![endif]-->", "<!-- comment -->"),
        ('<video><source onerror="alert(1)"></video>', "onerror (event handler)"),
    ],
)
def test_active_content_is_removed_and_classified(payload, what):
    result = sanitize_fragment(payload)
    assert kinds(result).get(what) == ACTIVE, result.removed
    assert policy_violations(result.html) == []


def test_script_and_style_contents_never_remain_as_text():
    result = sanitize_fragment(
        "Hola<script>robar('galletas')</script><style>.x{color:red}</style> mundo"
    )
    assert result.html == "Hola mundo"


def test_unknown_elements_are_unwrapped_and_their_handlers_reported():
    result = sanitize_fragment('<x onmouseover="alert(1)">texto</x>')
    assert result.html == "texto"
    assert kinds(result)["onmouseover (event handler)"] == ACTIVE


def test_output_is_stable():
    once = sanitize_fragment(
        '<p>a <b>b</b> <a href="https://x.org">c</a> & d &lt; e</p><div>f</div>'
    ).html
    again = sanitize_fragment(once)
    assert again.html == once and again.removed == ()


def test_deep_nesting_does_not_crash():
    html = "<div>" * 5000 + "fondo" + "</div>" * 5000
    assert "fondo" in sanitize_fragment(html).html
    html = "<b>" * 400 + "x" + "</b>" * 400
    assert "x" in sanitize_fragment(html).html


def test_empty_and_none():
    assert sanitize_fragment("").html == ""
    assert sanitize_fragment(None).html == ""
    assert sanitize_fragment("   ").html == ""


def test_sanitized_html_is_markup_safe_for_jinja():
    from markupsafe import Markup, escape

    result = sanitize_fragment("<p>hola</p>")
    assert escape(result) == Markup("<p>hola</p>")


# --------------------------------------------------------------------------- URLs and text


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/ana",
        "http://example.org",
        "mailto:ana@example.org",
        "HTTPS://EXAMPLE.ORG",
    ],
)
def test_safe_urls_pass(url):
    assert safe_url(url) == url
    assert safe_url(url, allow_relative=False) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "jav&#x61;script:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:x",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "ftp://example.org",
        "https:/example.org",
        "https://",
        "http://example.com]",
        "//evil.org/x",
        "/\\evil.org",
        "https://exa mple.org",
        "https://example.org/\u202e",
        "",
        None,
        42,
    ],
)
def test_unsafe_urls_are_refused(url):
    assert safe_url(url) is None


def test_relative_urls_only_when_allowed():
    assert safe_url("/paginas/acerca/") == "/paginas/acerca/"
    assert safe_url("{filename}/pages/acerca.md") == "{filename}/pages/acerca.md"
    assert safe_url("#nota") == "#nota"
    assert safe_url("instagram.com/ana", allow_relative=False) is None


def test_plain_text_keeps_what_was_typed_without_hidden_characters():
    assert plain_text("  Mural <b>azul</b> & co \u202e\u200b ") == "Mural <b>azul</b> & co"
    assert plain_text("Artista 👩‍🎨") == "Artista 👩‍🎨"
    assert plain_text(None) == ""
    assert plain_text(2024) == "2024"


def test_hidden_characters_are_found_but_emoji_joiners_are_not():
    assert [ch for _, ch in hidden_characters("a\u202eb\u200bc\u2066d\x07")] == [
        "\u202e",
        "\u200b",
        "\u2066",
        "\x07",
    ]
    assert hidden_characters("👩‍🎨 y 👨‍👩‍👧") == []
    assert hidden_characters("a\u200db") != []


# --------------------------------------------------------------------------- XSS corpus


def test_corpus_is_complete():
    assert len(VECTORS) == 908
    assert len({v["id"] for v in VECTORS}) == 908


def test_no_corpus_vector_survives_the_sanitizer():
    survivors = {}
    for vector in VECTORS:
        for images in (False, True):
            html = sanitize_fragment(vector["payload"], allow_local_images=images).html
            problems = policy_violations(html)
            if problems:
                survivors[vector["id"]] = (problems, html[:200])
    assert survivors == {}


def test_corpus_output_is_stable_and_never_raises():
    unstable = []
    for vector in VECTORS:
        once = sanitize_fragment(vector["payload"]).html
        again = sanitize_fragment(once)
        if again.html != once or again.removed:
            unstable.append(vector["id"])
    assert unstable == []


def test_every_corpus_vector_with_active_content_is_reported_as_active():
    """What the policy calls dangerous in the input, the sanitizer must call active.

    A plain ``style`` attribute is formatting (reported as a warning), not active.
    """
    missed = []
    for vector in VECTORS:
        dangerous = [p for p in policy_violations(vector["payload"]) if " style=" not in p]
        if dangerous and not sanitize_fragment(vector["payload"]).active:
            missed.append((vector["id"], dangerous[:2]))
    assert missed == []


def test_corpus_vectors_as_metadata_are_plain_text_once_escaped():
    from markupsafe import escape

    for vector in VECTORS:
        shown = str(escape(plain_text(vector["payload"])))
        assert policy_violations(shown) == [], vector["id"]
        assert "<" not in shown
