"""What a contributor typed stays inert text in every report format.

The Markdown report becomes a pull-request comment and a job summary on GitHub, the
annotations are read line by line by the Actions runner, the text report goes to a
maintainer's terminal. Each hostile value is quoted in a path, a field name and both
messages; the rendered Markdown is read back with a CommonMark parser (tables on) and
GitHub's after-rendering link patterns, which share no code with the escaping.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from altavoz_core.findings import ERROR, WARNING, Finding
from altavoz_moderation.report import (
    Report,
    check_site,
    md_code,
    md_text,
    to_github_annotations,
    to_json,
    to_markdown,
    to_text,
    visible,
)
from altavoz_submit.project import create_settings
from markdown_it import MarkdownIt
from moderation_support import make_valid_site, make_work

HOSTILE = {
    "link": "[aprobado](https://evil.example/x)",
    "image": "![x](https://evil.example/pixel.png)",
    "angle autolink": "<https://evil.example>",
    "bare url": "mira https://evil.example/x",
    "www": "www.evil.example",
    "mailto": "mailto:ana@evil.example",
    "email": "ana@evil.example",
    "mention": "hola @octocat",
    "team mention": "@altavoz/maintainers",
    "issue": "cierra #123",
    "cross-repo issue": "octo/repo#1",
    "gh reference": "GH-12",
    "emoji": ":shipit: :+1:",
    "footnote": "x[^1]\n\n[^1]: https://evil.example",
    "heading after newline": "obra\n# Aprobado por el equipo",
    "setext heading": "obra\n===",
    "raw html": '<img src=x onerror="alert(1)">',
    "details": "<details open><summary>todo bien</summary>",
    "html comment": "<!-- oculto",
    "entity": "&#64;octocat &lt;b&gt;",
    "table break": "a | b | c",
    "code span breakout": "`` ` `` x `",
    "lone backtick": "`",
    "backslashes": "\\\\ \\",
    "emphasis": "**negrita** _x_ ~~y~~",
    "task list": "x\n- [x] aprobado",
    "crlf block": "x\r\n\r\n## Aprobado",
    "lone cr": "x\r## Aprobado",
    "unicode line separator": "x\u2028# y\u2029z\x85w",
    "bidi override": "\u202egnp.exe",
    "zero width": "oc\u200btocat",
    "zalgo": "Z" + "\u0301\u0302\u0303" * 20 + "algo",
    "zalgo at the end": "Z" + "\u0301" * 9,
    "math": "$\\color{red}{\\text{aprobado}}$",
    "terminal escape": "\x1b]8;;https://evil.example\x07clic\x1b]8;;\x07 \x1b[2K",
    "workflow command": "x\n::error::falso %0A ::add-mask::y",
    "percent": "100% %25 %0A",
    "annotation property": "a,line=1,title=AV000,file=README.md",
    "undecodable name": "foto\udcff.jpg",
}

# What GitHub links or pings in text after rendering (outside code and links).
GITHUB_PATTERNS = {
    "mention": re.compile(r"(?:^|[^\w`])@[a-z0-9]", re.I),
    "reference": re.compile(r"#\d|\bgh-\d", re.I),
    "emoji": re.compile(r":[a-z0-9_+-]+:", re.I),
    "url": re.compile(r"\b[a-z][a-z0-9+.-]*:/", re.I),
    "mailto": re.compile(r"\b(?:mailto|xmpp):\w", re.I),
    "www": re.compile(r"(?:^|[^\w.])www\.", re.I),
    "email": re.compile(r"[\w.+-]@[\w-]", re.I),
}
ALLOWED_TAGS = {
    "h2",
    "h3",
    "p",
    "ul",
    "li",
    "strong",
    "code",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


class Rendered(HTMLParser):
    """Tags, table rows, text outside code, and all text, of rendered HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.cells: list[int] = []
        self.outside_code: list[str] = []
        self.text: list[str] = []
        self._code = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "tr":
            self.cells.append(0)
        if tag in ("td", "th"):
            self.cells[-1] += 1
        if tag == "code":
            self._code += 1

    def handle_endtag(self, tag):
        if tag == "code":
            self._code -= 1

    def handle_data(self, data):
        self.text.append(data)
        if not self._code:
            self.outside_code.append(data)


def render(markdown: str) -> Rendered:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    rendered = Rendered()
    rendered.feed(parser.render(markdown))
    return rendered


def hostile_report(value: str) -> Report:
    path = f"content/works/ana/{value}/index.md"
    report = Report(checked=[f"content/works/ana/{value}"])
    report.findings = [
        Finding(
            code="AV307",
            severity=ERROR,
            path=path,
            message_es=f"El campo «{value}» de {path} tiene «{value}».",
            message_en=f"The field '{value}' of {path} has '{value}'.",
            field=value,
            line=2,
            snippet=value,
        ),
        Finding(
            code="AV302",
            severity=WARNING,
            path="content/works/ana/normal/index.md",
            message_es="Normal.",
            message_en="Normal.",
        ),
    ]
    report.rejected = {f"content/works/ana/{value}"}
    return report


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_markdown_report_keeps_hostile_values_inert(value):
    markdown = to_markdown(hostile_report(value))
    rendered = render(markdown)

    assert set(rendered.tags) <= ALLOWED_TAGS, rendered.tags
    assert rendered.tags.count("h2") == 1 and rendered.tags.count("h3") == 2
    assert rendered.tags.count("li") == 2  # one per finding: nothing started a list item
    assert rendered.cells == [3, 3, 3]  # header and two rows: no cell was split
    outside = "".join(rendered.outside_code)
    for name, pattern in GITHUB_PATTERNS.items():
        assert not pattern.search(outside), (name, pattern.search(outside))
    shown = "".join(rendered.text).replace("\u2060", "")
    assert visible(value) in shown  # the words are shown, just not acted on
    assert visible(value).count("\n") == 0


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_text_report_prints_no_control_or_hidden_character(value):
    text = to_text(hostile_report(value))
    lines = text.splitlines()
    assert len(lines) == 14  # per file: path, 3 lines a finding, blank; rejected list; summary
    for ch in text:
        assert ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp")
    assert f"    es: {visible(hostile_report(value).findings[0].message_es)}" in lines


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_github_annotations_are_one_command_per_finding(value):
    report = hostile_report(value)
    lines = to_github_annotations(report).split("\n")
    assert lines[-1] == "" and len(lines) == 3
    finding = report.findings[0]
    command = next(line for line in lines if line.startswith("::error "))
    head, message = command[len("::error ") :].split("::", 1)
    properties = dict(item.split("=", 1) for item in head.split(","))
    assert set(properties) == {"file", "line", "title"}
    assert properties["line"] == "2" and properties["title"] == "AV307"

    def unescape(text):  # what the runner does with a value
        return text.replace("%3A", ":").replace("%2C", ",").replace("%0D", "\r")

    assert unescape(properties["file"]).replace("%0A", "\n").replace("%25", "%") == visible(
        finding.path
    )
    assert "\r" not in command and all(ord(ch) >= 32 for ch in command)
    assert message.replace("%0A", "\n").replace("%25", "%") == visible(finding.message)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_json_report_is_valid_utf8_and_keeps_the_value(value):
    data = json.loads(to_json(hostile_report(value)).encode("utf-8"))
    finding = data["findings"][0]
    if "\udcff" in value:  # undecodable bytes of a file name: written as their code point
        assert "⟨U+DCFF⟩" in finding["path"]
    else:
        assert finding["field"] == value and finding["snippet"] == value


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("plain words", "plain words"),
        ("línea\nnueva", "línea nueva"),
        ("\u202eabc", "⟨U+202E⟩abc"),
        ("e\u0301", "e\u0301"),  # an accent is fine
        ("a\u0301\u0308\u0323", "a\u0301\u0308\u0323"),  # three marks are fine (Thai, IPA)
        ("a" + "\u0301" * 10 + "b", "a\u0301\u0301\u0301⟨+7⟩b"),
        ("👩\u200d🎨", "👩\u200d🎨"),  # a joiner inside an emoji sequence is kept
    ],
)
def test_visible_table(value, shown):
    assert visible(value) == shown


@pytest.mark.parametrize(
    ("value", "fence"),
    [("x", "`x`"), ("a`b", "``a`b``"), ("``", "``` `` ```"), ("a ``` b", "````a ``` b````")],
)
def test_code_span_fence_is_longer_than_any_backtick_run(value, fence):
    assert md_code(value) == fence
    assert (
        html.unescape(MarkdownIt("commonmark").renderInline(md_code(value)))
        == f"<code>{value}</code>"
    )


def test_md_text_renders_as_the_same_words():
    value = "Título: «Maíz» (2024) — 100% *hecho* a mano; ver www.x.mx o #3 @ana :)"
    rendered = MarkdownIt("commonmark").renderInline(md_text(value))
    assert html.unescape(rendered).replace("\u2060", "") == value


def test_a_hostile_submission_end_to_end(tmp_path):
    content = make_valid_site(tmp_path)
    make_work(
        content,
        slug="trampa",
        title="[Aprobado](https://evil.example) @octocat #1 <b>x</b>",
        tags="maíz, ![p](https://evil.example/p.png)",
    )
    report = check_site(content, create_settings())
    assert report.findings
    rendered = render(to_markdown(report))
    assert set(rendered.tags) <= ALLOWED_TAGS
    outside = "".join(rendered.outside_code)
    assert not any(pattern.search(outside) for pattern in GITHUB_PATTERNS.values())
