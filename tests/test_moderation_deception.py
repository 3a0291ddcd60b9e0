# ruff: noqa: E501  (one case per line reads better as a table)
"""Text that deceives a reader: links that show one site and go to another, look-alike site
names, stacked accent marks, hidden characters, and tag spellings that would change how
other artists' works are shown. Each trigger has a close case that passes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from html import escape

import pytest
from altavoz_moderation.checks.links import (
    check_links,
    host_problem,
    ipv4,
    same_site,
    shown_host,
    url_problem,
)
from altavoz_moderation.report import check_site
from altavoz_submit.project import create_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from moderation_support import (
    ARTIST_INDEX,
    IMG,
    WORK_INDEX,
    check_changed_site,
    make_artist,
    make_post,
    make_valid_site,
    make_work,
)


def body(text: str) -> str:
    return f"Pinté este mural con vecinas.\n\n{text}\n\n{IMG}"


def work_with(text: str):
    return lambda c: make_work(c, body=body(text))


ZALGO = "Z" + "\u0301\u0302\u0303\u0304\u0306\u0307" * 3 + "algo"

# Text in the work's body that deceives: {case: (text, code, its line or None)}.
DECEPTIVE_TEXT = {
    "text shows another host": ("[altavoz.example.org](https://evil.example/)", "AV330", 16),
    "text with ideographic dots shows another host": ("[altavoz。example。org](https://evil.example/)", "AV330", 16),
    "text shows a url to another host": ("Ver [https://altavoz.example.org/obras](https://evil.example/obras).", "AV330", 16),
    "text host is a prefix of the real one": ("[altavoz.example.org](https://altavoz.example.org.evil.example/)", "AV330", 16),
    "email text, other domain": ("[ana@altavoz.mx](mailto:ana@evil.example)", "AV330", 16),
    "reference link": ("[altavoz.example.org][1]\n\n[1]: https://evil.example/", "AV330", None),
    "userinfo in a body link": ("[el sitio](https://altavoz.example.org@evil.example/)", "AV331", 16),
    "userinfo with password": ("<https://altavoz.example.org:x@evil.example/>", "AV331", 16),
    "percent-encoded host": ("[sitio](https://%61ltavoz.example.org/)", "AV332", 16),
    "greek omicron in a latin name": ("[g\u03bfogle.com](https://g\u03bfogle.com/)", "AV333", 16),
    "look-alike host shown as text of a relative link": ("[\u0430ltavoz.org](/obras/)", "AV333", 16),
    "roman numeral fifty as an l in a host": ("[sitio](https://\u217ctavoz.org/)", "AV332", 16),
    "text shows another ipv4 address": ("[1.2.3.4](http://4.3.2.1/)", "AV330", 16),
    "alt text of a linked image shows another host": ("[![altavoz.example.org](mural.jpg)](https://evil.example/)", "AV330", 16),
    "title of a link shows another host": ('[sitio](https://evil.example/ "altavoz.example.org")', "AV330", 16),
    "host followed by a breadcrumb sign": ("[altavoz.example.org›obras](https://evil.example/)", "AV330", 16),
    "second host named in the text": ("[evil.example, no altavoz.example.org](https://evil.example/)", "AV330", 16),
    "stacked marks in the text": (f"Hola {ZALGO} vecinas.", "AV334", 16),
}  # fmt: skip
# Links an artist gives that deceive (line 6 of the artist's index.md): {case: (links, code)}.
DECEPTIVE_LINKS = {
    "latin mixed with cyrillic in one label": ("https://altavoz\u0434.org/", "AV333"),
    "userinfo in the links field": ("https://altavoz.example.org@evil.example/", "AV331"),
    "backslash": ("https://evil.example\\@altavoz.example.org/", "AV332"),
    "broken punycode": ("https://xn--zz-ÿ.example/", "AV332"),
    "cyrillic a in a latin name": ("https://\u0430ltavoz.example.org/", "AV333"),
    "mixed script as punycode": ("https://xn--ltavoz-5ve.example.org/", "AV333"),
    "all-cyrillic look-alike": ("https://\u0440\u0430\u0443\u0440\u0430\u0456.com/", "AV333"),
    "fullwidth letters in a host": ("https://\uff41\uff4c\uff54\uff41\uff56\uff4f\uff5a.org/", "AV332"),
    "ideographic full stop in a host": ("https://altavoz.org\u3002evil.example/", "AV332"),
    "fullwidth percent in a host": ("https://altavoz.org\uff0540evil.example/", "AV332"),
    "hexadecimal ipv4 address": ("http://0x7f.1/", "AV332"),
    "ipv4 address as one decimal number": ("http://2130706433/", "AV332"),
    "arabic-indic digit in a latin host": ("https://alt\u0668voz.org/", "AV333"),
    "port in arabic-indic digits": ("https://altavoz.org:\u0668\u0660/", "AV332"),
}  # fmt: skip
TRIGGERS = [
    # (id, setup, code, path, field, line)
    *[(case, work_with(text), code, WORK_INDEX, "body", line) for case, (text, code, line) in DECEPTIVE_TEXT.items()],
    *[(case, functools.partial(make_artist, links=links), code, ARTIST_INDEX, "links", 6) for case, (links, code) in DECEPTIVE_LINKS.items()],
    ("stacked marks in a title", lambda c: make_work(c, title=ZALGO), "AV334", WORK_INDEX, "title", 2),
    ("stacked marks in a name", lambda c: make_artist(c, name=f"Ana {ZALGO}"), "AV334", ARTIST_INDEX, "name", 2),
    ("stacked marks in alt text", lambda c: make_work(c, images=(("mural.jpg", f"Mural {ZALGO}"),)), "AV334", WORK_INDEX, "alt", None),
    ("stacked marks in a tag", lambda c: make_work(c, tags=f"mural, {ZALGO}"), "AV334", WORK_INDEX, "tags", 8),
    ("right-to-left override in a title", lambda c: make_work(c, title="Mural \u202eazul"), "AV303", WORK_INDEX, "title", 2),
    ("isolate in a name", lambda c: make_artist(c, name="Ana \u2067Pérez\u2069"), "AV303", ARTIST_INDEX, "name", 2),
    ("zero-width space in a name", lambda c: make_artist(c, name="An\u200ba"), "AV303", ARTIST_INDEX, "name", 2),
    ("word joiner in a title", lambda c: make_work(c, title="Mu\u2060ral"), "AV303", WORK_INDEX, "title", 2),
]  # fmt: skip


@pytest.mark.parametrize(
    ("setup", "code", "path", "field", "line"),
    [case[1:] for case in TRIGGERS],
    ids=[case[0] for case in TRIGGERS],
)
def test_deceptive_text_is_reported(tmp_path, setup, code, path, field, line):
    report = check_changed_site(tmp_path, setup)
    matching = [f for f in report.findings if (f.code, f.path) == (code, path)]
    assert matching, [(f.code, f.path, f.message_en) for f in report.findings]
    finding = matching[0]
    assert finding.field == field
    if line is not None:
        assert finding.line == line
    for message in (finding.message_es, finding.message_en):
        assert path in message
    assert finding.message_es != finding.message_en
    if finding.is_error:
        assert path.rsplit("/index.md", 1)[0] in report.rejected


# Close to a trigger above, and honest: text in the work's body, links an artist gives,
# titles with several marks on one letter.
HONEST_TEXT = {
    "text is the same host": "[altavoz.example.org](https://altavoz.example.org/x)",
    "text without www": "[altavoz.example.org](https://www.altavoz.example.org/)",
    "text names the parent site": "[example.org](https://obras.example.org/)",
    "text is words": "[mi sitio](https://evil.example/)",
    "text names a file": "[foto.jpg](https://archivo.example.org/foto.jpg)",
    "middle dot inside a word (Catalan)": "[la col·lecció](https://museu.example.cat/)",
    "text is the ipv4 address": "[192.168.0.1](http://192.168.0.1/)",
    "linked image described in words": "[![Mural azul con una mujer y un colibrí](mural.jpg)](https://evil.example/)",
    "title names the same site": '[altavoz.example.org](https://altavoz.example.org/ "altavoz.example.org")',
}  # fmt: skip
HONEST_LINKS = {
    "idn in one script": "https://пример.рф/, https://niño.mx/",
    "idn as punycode in one script": "https://xn--e1afmkfd.xn--p1ai/",
    "russian word of latin-looking and other letters": "https://сеть.рф/",
    "greek site": "https://ελληνικά.gr/",
    "japanese site mixing kanji, kana and latin": "https://日本語ドメインabc.jp/",
    "korean site": "https://한국어.kr/",
    "port and path": "https://example.org:8443/a%20b?q=1#x",
    "at sign in the path": "https://mastodon.example/@ana",
    "arabic site with arabic-indic digits": "https://\u0645\u062b\u0627\u0644\u0663.com/",
    "hindi site with devanagari digits": "https://\u0909\u0926\u093e\u0939\u0930\u0923\u0967.\u092d\u093e\u0930\u0924/",
    "dotted ipv4 address and a port": "http://192.168.0.1:8080/",
}  # fmt: skip
HONEST_TITLES = {
    "two marks on one letter (Vietnamese)": "Việt Nam",
    "decomposed accents": "Mai\u0301z y cafe\u0301",
    "three marks on one letter": "a\u0301\u0302\u0303 tres",
    "thai tone marks": "น้ำ ผู้หญิง",
}  # fmt: skip
NEAR_MISSES = {
    **{case: work_with(text) for case, text in HONEST_TEXT.items()},
    **{case: functools.partial(make_artist, links=links) for case, links in HONEST_LINKS.items()},
    **{case: functools.partial(make_work, title=title) for case, title in HONEST_TITLES.items()},
    "emoji with joiner in a name": lambda c: make_artist(c, name="Ana 👩‍🎨"),
}


@pytest.mark.parametrize("setup", NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_close_but_honest_text_passes(tmp_path, setup):
    report = check_changed_site(tmp_path, setup)
    assert report.findings == [], [(f.code, f.path, f.message_en) for f in report.findings]


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://a.example@b.example/", "AV331"),
        ("//a.example@b.example/", "AV331"),
        ("https://b.example\\@a.example", "AV332"),
        ("https://a%2eexample/", "AV332"),
        ("https://\u0430pple.com/", "AV333"),
        ("mailto:ana@\u0430pple.com", "AV333"),
        ("https://apple.com/", None),
        ("http://0x7f.1/", "AV332"),
        ("http://0177.0.0.1/", "AV332"),
        ("http://127.1/", "AV332"),
        ("http://0x7f000001/", "AV332"),
        ("http://127.0.0.1/", None),
        ("http://127.0.0.1./", None),
        ("http://09.1.1.1/", None),  # no address a browser opens
        ("https://\uff41pple.com/", "AV332"),
        ("https://apple\uff0ecom/", "AV332"),
        ("https://apple\u3002com/", "AV332"),
        ("https://\U0001d41apple.com/", "AV332"),
        ("https://apple.com:\u0668\u0660/", "AV332"),
        ("https://app\u0661e.com/", "AV333"),
        ("{filename}/blog/x.md", None),
        ("#arriba", None),
    ],
)
def test_url_problem_table(url, code):
    problem = url_problem(url)
    assert (problem[0] if problem else None) == code


def test_host_helpers():
    assert shown_host("visita https://www.altavoz.mx/obras hoy") == "www.altavoz.mx"
    assert shown_host("foto.jpg") is None
    assert shown_host("solo palabras") is None
    assert same_site("altavoz.mx", "www.altavoz.mx") and same_site("ALTAVOZ.mx.", "altavoz.mx")
    assert same_site("niño.mx", "xn--nio-8ma.mx")
    assert not same_site("altavoz.mx", "altavoz.mx.evil.example")
    assert host_problem("xn--80ak6aa92e.com")[0] == "AV333"  # аррӏе.com, all look-alikes


# Hosts of two or three ASCII labels ending in a name no file has ("foto.jpg").
LABELS = st.from_regex(r"[a-z][a-z0-9]{0,7}", fullmatch=True)
HOSTS = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(LABELS, min_size=1, max_size=2),
    st.sampled_from(["org", "mx", "com", "example", "net"]),
)
# Dots a browser reads as "." and a reader may not; letters it reads as ASCII ones.
OTHER_DOTS = "\u3002\uff0e\uff61"
LETTER_FORMS = (
    lambda ch: chr(ord(ch) - ord("a") + 0xFF41),  # fullwidth
    lambda ch: chr(ord(ch) - ord("a") + 0x1D41A),  # mathematical bold
    lambda ch: chr(ord(ch) - ord("a") + 0x1D5BA),  # mathematical sans-serif
)


@st.composite
def disguised_hosts(draw):
    """A host and the same host with one dot or one letter written in another form."""
    host = draw(HOSTS)
    places = [i for i, ch in enumerate(host) if ch == "." or "a" <= ch <= "z"]
    i = draw(st.sampled_from(places))
    if host[i] == ".":
        other = draw(st.sampled_from(OTHER_DOTS))
    else:
        other = draw(st.sampled_from(LETTER_FORMS))(host[i])
    return host, host[:i] + other + host[i + 1 :]


@settings(max_examples=200, derandomize=True, deadline=None)
@given(disguised_hosts())
def test_a_host_written_in_other_forms_is_ambiguous(pair):
    host, disguised = pair
    assert url_problem(f"https://{host}/") is None
    assert url_problem(f"https://{disguised}/")[0] == "AV332"
    # As link text it names the same site, so a link there is honest and one elsewhere not.
    assert same_site(shown_host(disguised), host)
    html = f'<a href="https://evil.invalid/">{disguised}</a>'
    assert [f.code for f in check_links(html, WORK_INDEX, lambda _: None)] == ["AV330"]


# Signs that end the site a reader sees (by Unicode category: punctuation, symbols).
BREAKS = st.characters(categories=["Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "So"]).filter(
    lambda ch: ch not in "-._:/?#@%\\~+=&" and unicodedata.normalize("NFKC", ch) == ch
)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(HOSTS, BREAKS, BREAKS)
def test_a_host_between_any_signs_is_the_host_shown(host, before, after):
    text = f"{before}{host}{after}obras"
    html = f'<a href="https://evil.invalid/">{escape(text)}</a>'
    assert [f.code for f in check_links(html, WORK_INDEX, lambda _: None)] == ["AV330"], text


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 4),
    st.lists(st.sampled_from("dox"), min_size=4, max_size=4),
)
def test_every_way_of_writing_an_ipv4_address_reads_as_it(address, count, bases):
    """The forms browsers read (WHATWG URL): 1-4 numbers, each decimal, octal or hex."""
    parts = [address >> shift & 255 for shift in (24, 16, 8)][: count - 1]
    parts.append(address & (256 ** (5 - count) - 1))
    written = ".".join(
        {"d": str, "o": lambda n: f"0{n:o}", "x": lambda n: f"0x{n:x}"}[base](part)
        for base, part in zip(bases, parts, strict=False)
    )
    assert ipv4(written) == address
    canonical = ".".join(str(address >> shift & 255) for shift in (24, 16, 8, 0))
    expected = None if written == canonical else "AV332"
    problem = url_problem(f"http://{written}/")
    assert (problem[0] if problem else None) == expected, written


# --------------------------------------------------------------------------- tag spellings


def tagged(content, artist, slug, tags, date):
    make_artist(content, artist, name=artist.title())
    make_work(content, artist, slug, tags=tags, date=date)


def test_a_new_spelling_of_an_existing_tag_is_told_the_established_one(tmp_path):
    content = make_valid_site(tmp_path)  # ana-perez/mural-azul: "mural, barrio", 2024-05-17
    tagged(content, "beto", "sol", "Barrio, Mural", "2025-01-10")
    report = check_site(content, create_settings(), only={"content/works/beto/sol"})
    found = {(f.code, f.snippet): f for f in report.findings}
    assert set(found) == {("AV335", "Barrio"), ("AV335", "Mural")}
    assert "«barrio»" in found["AV335", "Barrio"].message_es
    assert "'barrio'" in found["AV335", "Barrio"].message_en
    assert not report.rejected  # a warning: the site keeps showing «barrio»


def test_spelling_variants_with_accents_and_spaces_are_the_same_tag(tmp_path):
    content = make_valid_site(tmp_path)
    tagged(content, "beto", "milpa", "maíz", "2024-01-01")
    tagged(content, "carla", "elote", "Maiz,  MAÍZ ", "2025-01-01")
    report = check_site(content, create_settings(), only={"content/works/carla/elote"})
    assert {(f.code, f.snippet) for f in report.findings} == {("AV335", "Maiz"), ("AV335", "MAÍZ")}


def test_a_backdated_work_that_would_replace_the_spelling_is_told(tmp_path):
    content = make_valid_site(tmp_path)
    tagged(content, "beto", "viejo", "Mural", "1990-01-01")
    report = check_site(content, create_settings(), only={"content/works/beto/viejo"})
    assert [(f.code, f.snippet) for f in report.findings] == [("AV336", "Mural")]
    assert "ana-perez/mural-azul" in report.findings[0].message_en


def test_same_spelling_or_own_works_or_blog_tags_pass(tmp_path):
    content = make_valid_site(tmp_path)
    tagged(content, "beto", "sol", "mural, barrio, maíz", "2025-01-10")
    make_post(content, tags="Mural")  # blog tags are the blog's own
    report = check_site(content, create_settings())
    assert report.findings == [], [(f.code, f.message_en) for f in report.findings]


def test_the_built_site_keeps_showing_the_established_spelling(tiny_content, tmp_path):
    from conftest import build_site, read_page, write_work

    # tiny_content: «maíz» on ana-rivera/maiz-azul (2026-03-01); a newer work spells it «MAÍZ».
    write_work(
        tiny_content, "colectivo-sur", "elote", title="Elote", date="2026-06-01", tags="MAÍZ"
    )
    output = build_site(tiny_content, tmp_path / "output")
    for page in ("tags/index.html", "works/colectivo-sur/elote/index.html"):
        html = read_page(output, page)
        # The tag link shows the established spelling (the theme marks its language).
        assert re.search(r'href="/tags/maiz/"[^>]*>(<span[^>]*>)?#maíz', html), page
        assert "MAÍZ" not in html, page
    tag_page = read_page(output, "tags/maiz/index.html")
    assert "maíz" in tag_page and "MAÍZ" not in tag_page and "Elote" in tag_page


@pytest.mark.parametrize("text", ["a" * 30000, "a-" * 15000, "a." * 15000 + "-", "x@" * 15000])
def test_reading_a_long_link_text_takes_linear_time(text):
    import time

    started = time.process_time()
    shown_host(text)
    url_problem("https://" + text)
    assert time.process_time() - started < 2  # a quadratic reading takes about a minute


def test_tags_are_split_as_pelican_splits_them(tmp_path):
    content = make_valid_site(tmp_path)
    tagged(content, "beto", "sol", "Mural; barrio, calle", "2025-01-10")  # ";" wins over ","
    report = check_site(content, create_settings(), only={"content/works/beto/sol"})
    assert [(f.code, f.snippet) for f in report.findings] == [("AV335", "Mural")]
