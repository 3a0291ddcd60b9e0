"""The issue forms in .github/ISSUE_TEMPLATE, and the issue body GitHub writes from them.

GitHub turns a filled form into Markdown: one ``### Label`` heading per field, in
the form's order, then the value; ``_No response_`` when a field was left empty;
a checkbox as ``- [X] label`` (ticked) or ``- [ ] label``. The labels are read from
the form files themselves, so a label can change without the parser drifting.

Forms change while issues stay open: an issue keeps the headings of the form it was
opened with, and its author may edit it weeks later. So a body is read by field id: a
heading is a field's current label or one of its earlier labels, kept beside the forms
in .github/issue-forms-history.yml (GitHub validates the form files and refuses keys it
does not know, so the history cannot live in them). Sections may come in any order; a
field the body lacks is empty unless the form requires it. The body is untrusted text
(the author can edit it by hand, not only through the form): a missing required
section, a heading that is no section of the form and a section written twice (for
instance a label typed as a heading inside the author's own text) are each reported by
name, nothing is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

FORMS_FOLDER = Path(".github") / "ISSUE_TEMPLATE"
HISTORY_FILE = Path(".github") / "issue-forms-history.yml"
# Altavoz's own forms and their history, shipped in the package (links to the files above
# in a checkout, copies in a wheel): the forms of a site whose repository has none.
DEFAULT_FORMS = Path(__file__).resolve().parent.parent / "issue_forms"
NO_RESPONSE = "_No response_"
# The form file that asks for each action.
ACTIONS = {
    "obra-nueva": "new",
    "actualizar-obra": "update",
    "retirar-obra": "withdraw",
    "evento-nuevo": "event",
    "cambiar-evento": "event_update",
}
# No pattern here ends in a lazy group before trailing white space: on a line of tens of
# thousands of spaces (GitHub keeps 65,536 characters) that backtracks for minutes. The
# white space after a heading or a checkbox's label is stripped in Python instead.
CHECKBOX = re.compile(r"[ \t]*[-*][ \t]+\[(?P<mark>[ xX])\][ \t]+(?P<label>.*)")
# A licence (CC-BY-4.0), a language (es), a repeat (weekly) or an IANA zone
# (America/Mexico_City): ASCII only, so no look-alike letter passes for an option's id.
OPTION_ID = re.compile(r"\((?P<id>[A-Za-z0-9._/+-]+)\)$", re.ASCII)
# A problem names at most this many headings, each cut to HEADING_SHOWN characters: a
# hand-edited body may hold thousands of them, and the answer must stay readable.
HEADINGS_NAMED, HEADING_SHOWN = 5, 100


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    kind: str  # input, textarea, dropdown or checkboxes
    options: tuple[str, ...] = ()  # dropdown options or checkbox labels
    required: bool = False
    earlier: tuple[str, ...] = ()  # the labels it had in earlier versions of the form


@dataclass(frozen=True)
class Form:
    name: str  # the file name without .yml
    action: str  # new, update, withdraw, event or event_update
    fields: tuple[FormField, ...]
    title: str = ""  # the form's name in GitHub's chooser
    issue_labels: tuple[str, ...] = ()  # the labels GitHub puts on an issue opened with it
    # Fields the form no longer has, (id, labels): their sections in old issues are read
    # as sections (so they end the section before them) and their values are dropped.
    retired: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # heading_key(heading) -> id
    headings: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def labels(self) -> list[str]:
        return [field.label for field in self.fields]

    def field(self, field_id: str) -> FormField | None:
        return next((f for f in self.fields if f.id == field_id), None)


class NotAForm(ValueError):
    """The body is not one of the forms (exit 2: nothing to do)."""


class FormProblem(ValueError):
    """The body is a form with a problem the author can fix by editing the issue."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


class FormProblems(ValueError):
    """The body is one of the forms, with problems the author can fix by editing it."""

    def __init__(self, problems: list[FormProblem]):
        super().__init__(", ".join(problem.key for problem in problems))
        self.problems = problems


def _yaml(path: Path):
    import yaml

    # libyaml's safe loader when PyYAML's wheel has it (it does on the usual platforms):
    # the same documents, read ten times faster than by the pure-Python one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def load_form(path: Path, history: dict | None = None) -> Form:
    """The form in ``path``; ``history`` is its part of the history file (id -> labels)."""
    data = _yaml(path)
    history = history or {}
    fields = []
    for element in data.get("body", []):
        if element.get("type") == "markdown":
            continue
        attributes = element.get("attributes", {})
        options = attributes.get("options", ())
        labels = tuple(o["label"] if isinstance(o, dict) else str(o) for o in options)
        required = bool(element.get("validations", {}).get("required"))
        if element["type"] == "checkboxes":
            required = any(isinstance(o, dict) and o.get("required") for o in options)
        label = attributes["label"]
        earlier = tuple(x for x in history.get(element["id"], ()) if x != label)
        fields.append(FormField(element["id"], label, element["type"], labels, required, earlier))
    current = {f.id for f in fields}
    retired = tuple((key, tuple(labels)) for key, labels in history.items() if key not in current)
    headings: dict[str, str] = {}
    for key, labels in [*((f.id, (f.label, *f.earlier)) for f in fields), *retired]:
        for label in labels:
            if headings.setdefault(heading_key(label), key) != key:
                raise ValueError(
                    f"{path.name}: the heading «{label}» names two fields, "
                    f"'{headings[heading_key(label)]}' and '{key}' (see {HISTORY_FILE.as_posix()})"
                )
    labels = tuple(str(label) for label in data.get("labels") or ())
    name = str(data.get("name", ""))
    return Form(path.stem, ACTIONS[path.stem], tuple(fields), name, labels, retired, headings)


def load_history(root: Path) -> dict[str, dict[str, tuple[str, ...]]]:
    """form name -> field id -> earlier labels, from the history file (none when absent)."""
    return _read_history(Path(root) / HISTORY_FILE)


def _read_history(path: Path) -> dict[str, dict[str, tuple[str, ...]]]:
    data = _yaml(path) if path.is_file() else None
    if data is None:
        return {}
    problem = ValueError(f"{HISTORY_FILE.as_posix()}: write form: id: [earlier labels]")
    if not isinstance(data, dict):
        raise problem
    history = {}
    for name, fields in data.items():
        if not isinstance(fields, dict | None):
            raise problem
        history[str(name)] = {}
        for key, labels in (fields or {}).items():
            if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
                raise problem
            history[str(name)][str(key)] = tuple(labels)
    return history


def load_forms(root: Path) -> list[Form]:
    """The submission forms of the repository at ``root`` (works, events, changes).

    A repository without a forms folder (a site made from the installed package) has
    Altavoz's own; one with the folder has exactly the forms it keeps there, so a site
    can leave one out (no agenda, no withdrawal through the form).
    """
    folder = Path(root) / FORMS_FOLDER
    if folder.is_dir():
        history = load_history(root)
    else:
        folder = DEFAULT_FORMS / "ISSUE_TEMPLATE"
        history = _read_history(DEFAULT_FORMS / HISTORY_FILE.name)
    return [
        load_form(folder / f"{name}.yml", history.get(name))
        for name in ACTIONS
        if (folder / f"{name}.yml").is_file()
    ]


def heading_label(line: str) -> str | None:
    """The label of a ``### label`` line as written (white space around it dropped), or
    None when the line is no heading. As GitHub shows it (CommonMark): up to three spaces
    may come before the signs and a closing run of them after the label (a phone's edit
    may add either); the author sees a heading there, so it is one."""
    indent = len(line) - len(line.lstrip(" "))
    if indent > 3:  # four spaces make a code block
        return None
    line = line[indent:]
    if not line.startswith("###") or not line[3:4].isspace():
        return None
    label = line[3:].strip()
    closed = label.rstrip("#")
    if closed != label and closed[-1:].isspace():  # «Título ###», not «C#»
        label = closed.strip()
    return label


def heading_key(label: str) -> str:
    """What a heading is matched by: the label as the author sees it. A phone keyboard or
    a paste may bring another Unicode spelling (NFD), an invisible character (a zero-width
    space, a byte-order mark) or no-break spaces; an answer that named the form's label as
    missing next to an unknown one that looks the same would ask for a change nobody can
    see. Linear in the label."""
    seen = "".join(char for char in label if unicodedata.category(char) != "Cf")
    return " ".join(unicodedata.normalize("NFC", seen).split())


def _lines(body: str) -> list[str]:
    # GitHub stores bodies with \r\n; only \n and \r end a line of Markdown. Other line
    # terminators (\x0b, \x85, \u2028…) stay inside the value and are dealt with per field.
    return body.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@dataclass
class Reading:
    """A body read as one form: its sections by field id, and what is wrong with it."""

    form: Form
    values: dict[str, str]  # field id -> raw value, for each field whose heading is there once
    missing: list[FormField]  # required fields without a heading
    repeated: list[str]  # headings of fields written more than once, as written
    unknown: list[str]  # headings that are no field of the form, as written

    def problems(self) -> list[FormProblem]:
        problems = []
        if self.missing:
            labels = _quoted(spec.label for spec in self.missing)
            problems.append(FormProblem("headings_missing", labels=labels))
        if self.repeated:
            label = ", ".join(_few(self.repeated))
            problems.append(FormProblem("heading_repeated", label=label))
        if self.unknown:
            problems.append(FormProblem("headings_unknown", labels=_quoted(self.unknown)))
        return problems


def _closest(headings: list[str], forms: list[Form]) -> Form | None:
    """The form that knows most of the body's fields; on a tie the one missing fewest of
    its own fields, then the one with fewest unknown headings, then the first."""
    best, best_score = None, None
    for the_form in forms:
        ids = {the_form.headings[h] for h in headings if h in the_form.headings}
        missing = sum(1 for spec in the_form.fields if spec.id not in ids)
        unknown = sum(1 for h in headings if h not in the_form.headings)
        score = (len(ids), -missing, -unknown)
        if ids and (best_score is None or score > best_score):
            best, best_score = the_form, score
    return best


def read_body(body: str, forms: list[Form]) -> Reading | None:
    """The body read as its closest form, or None when it has no heading of any form."""
    lines = _lines(body if isinstance(body, str) else "")
    at = [(i, label) for i, line in enumerate(lines) if (label := heading_label(line)) is not None]
    the_form = _closest([heading_key(label) for _, label in at], forms)
    if the_form is None:
        return None
    sections: dict[str, list[tuple[str, str]]] = {}  # id -> [(heading, value)]
    unknown = []
    for n, (start, label) in enumerate(at):
        end = at[n + 1][0] if n + 1 < len(at) else len(lines)
        key = the_form.headings.get(heading_key(label))
        if key is None:
            unknown.append(label)
            continue
        text = "\n".join(lines[start + 1 : end]).strip("\n").strip()
        sections.setdefault(key, []).append((label, "" if text == NO_RESPONSE else text))
    current = {spec.id for spec in the_form.fields}
    values = {key: found[0][1] for key, found in sections.items() if len(found) == 1}
    repeated = [h for found in sections.values() if len(found) > 1 for h, _ in found]
    return Reading(
        form=the_form,
        values={key: value for key, value in values.items() if key in current},
        missing=[spec for spec in the_form.fields if spec.required and spec.id not in sections],
        repeated=list(dict.fromkeys(repeated)),
        unknown=list(dict.fromkeys(unknown)),
    )


def parse_body(body: str, forms: list[Form]) -> tuple[Form, dict[str, str]]:
    """(the form, field id -> raw value) of an issue body; raises NotAForm or FormProblems.

    A body that lacks a required section of its closest form is not a form (only an issue
    opened with a form hears what to write back: ``what_is_wrong``); one that has them all
    and another problem is a form to fix.
    """
    if not isinstance(body, str) or not body.strip():
        raise NotAForm("empty body")
    reading = read_body(body, forms)
    if reading is None or reading.missing:
        raise NotAForm("no form matches the body")
    problems = reading.problems()
    if problems:
        raise FormProblems(problems)
    return reading.form, {spec.id: reading.values.get(spec.id, "") for spec in reading.form.fields}


def _few(labels) -> list[str]:
    """The first few labels, each cut short, and "…" for the rest."""
    labels = list(labels)
    shown = [x if len(x) <= HEADING_SHOWN else x[:HEADING_SHOWN] + "…" for x in labels]
    return shown[:HEADINGS_NAMED] + (["…"] if len(labels) > HEADINGS_NAMED else [])


def _quoted(labels) -> str:
    return ", ".join(x if x == "…" else f"«### {x}»" for x in _few(labels))


def issue_of_a_form(labels, forms: list[Form]) -> bool:
    """Whether an issue's labels (as the event lists them) include one a form puts on."""
    names = {
        unicodedata.normalize("NFC", label["name"])
        for label in (labels if isinstance(labels, list) else [])
        if isinstance(label, dict) and isinstance(label.get("name"), str)
    }
    return any(unicodedata.normalize("NFC", x) in names for f in forms for x in f.issue_labels)


def what_is_wrong(body: str, forms: list[Form]) -> list[FormProblem]:
    """Why a body that should be a form (its issue has a form's label) is not one.

    Every required section the closest form has and the body lacks, every section written
    twice and every ``###`` heading that is none of its sections, named the way the author
    must write them back.
    """
    reading = read_body(body, forms)
    if reading is None:
        titles = ", ".join(f"«{f.title}»" for f in forms)
        return [FormProblem("form_unknown", forms=titles)]
    return reading.problems()


def checked(value: str) -> list[str]:
    """The labels of the ticked boxes of a checkboxes field."""
    return [
        m["label"].rstrip(" \t")
        for line in _lines(value)
        if (m := CHECKBOX.fullmatch(line)) and m["mark"] != " "
    ]


def option_id(spec: FormField, value: str) -> str | None:
    """The id in parentheses at the end of the chosen dropdown option, or None.

    Only the form's own options count: a hand-edited value is not an option.
    """
    if value not in spec.options:
        return None
    match = OPTION_ID.search(value)
    return match["id"] if match else None
