"""The issue forms in .github/ISSUE_TEMPLATE, and the issue body GitHub writes from them.

GitHub turns a filled form into Markdown: one ``### Label`` heading per field, in
the form's order, then the value; ``_No response_`` when a field was left empty;
a checkbox as ``- [X] label`` (ticked) or ``- [ ] label``. The labels are read from
the form files themselves, so a label can change without the parser drifting.
The body is untrusted text (the author can edit it by hand, not only through the
form): every problem is reported, nothing is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

FORMS_FOLDER = Path(".github") / "ISSUE_TEMPLATE"
NO_RESPONSE = "_No response_"
# The form file that asks for each action.
ACTIONS = {"obra-nueva": "new", "actualizar-obra": "update", "retirar-obra": "withdraw"}
HEADING = re.compile(r"^###[ \t]+(?P<label>.*?)[ \t]*$")
CHECKBOX = re.compile(r"^[ \t]*[-*][ \t]+\[(?P<mark>[ xX])\][ \t]+(?P<label>.*?)[ \t]*$")
OPTION_ID = re.compile(r"\((?P<id>[A-Za-z0-9.-]+)\)$")


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    kind: str  # input, textarea, dropdown or checkboxes
    options: tuple[str, ...] = ()  # dropdown options or checkbox labels
    required: bool = False


@dataclass(frozen=True)
class Form:
    name: str  # the file name without .yml
    action: str  # new, update or withdraw
    fields: tuple[FormField, ...]
    title: str = ""  # the form's name in GitHub's chooser
    issue_labels: tuple[str, ...] = ()  # the labels GitHub puts on an issue opened with it

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


def load_form(path: Path) -> Form:
    import yaml

    # libyaml's safe loader when PyYAML's wheel has it (it does on the usual platforms):
    # the same documents, read ten times faster than by the pure-Python one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
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
        fields.append(
            FormField(element["id"], attributes["label"], element["type"], labels, required)
        )
    labels = tuple(str(label) for label in data.get("labels") or ())
    return Form(path.stem, ACTIONS[path.stem], tuple(fields), str(data.get("name", "")), labels)


def load_forms(root: Path) -> list[Form]:
    """The submission forms of the repository at ``root`` (new, update, withdraw)."""
    folder = Path(root) / FORMS_FOLDER
    return [
        load_form(folder / f"{name}.yml") for name in ACTIONS if (folder / f"{name}.yml").is_file()
    ]


def _lines(body: str) -> list[str]:
    # GitHub stores bodies with \r\n; only \n and \r end a line of Markdown. Other line
    # terminators (\x0b, \x85, \u2028…) stay inside the value and are dealt with per field.
    return body.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_body(body: str, forms: list[Form]) -> tuple[Form, dict[str, str]]:
    """(the form, field id -> raw value) of an issue body; raises NotAForm or FormProblem."""
    if not isinstance(body, str) or not body.strip():
        raise NotAForm("empty body")
    lines = _lines(body)
    headings = [(i, m["label"]) for i, line in enumerate(lines) if (m := HEADING.match(line))]
    for form in forms:
        labels = form.labels
        known = [(i, label) for i, label in headings if label in labels]
        found = [label for _, label in known]
        if found == labels:
            break
        if set(found) == set(labels):
            repeated = sorted({label for label in found if found.count(label) > 1})
            if repeated:
                raise FormProblem("heading_repeated", label=", ".join(repeated))
            raise FormProblem("headings_order", labels=_quoted(labels))
    else:
        raise NotAForm("no form matches the body")
    values: dict[str, str] = {}
    ends = [i for i, _ in known[1:]] + [len(lines)]
    for (start, _), end, spec in zip(known, ends, form.fields, strict=True):
        text = "\n".join(lines[start + 1 : end]).strip("\n").strip()
        values[spec.id] = "" if text == NO_RESPONSE else text
    return form, values


def _quoted(labels) -> str:
    return ", ".join(f"«### {label}»" for label in labels)


def issue_of_a_form(labels, forms: list[Form]) -> bool:
    """Whether an issue's labels (as the event lists them) include one a form puts on."""
    names = {
        unicodedata.normalize("NFC", label["name"])
        for label in (labels if isinstance(labels, list) else [])
        if isinstance(label, dict) and isinstance(label.get("name"), str)
    }
    return any(unicodedata.normalize("NFC", x) in names for f in forms for x in f.issue_labels)


def closest_form(body: str, forms: list[Form]) -> Form | None:
    """The form whose headings the body keeps most of (the first on a tie), or None."""
    found = {m["label"] for line in _lines(body) if (m := HEADING.match(line))}
    best = max(forms, key=lambda f: len(found & set(f.labels)), default=None)
    return best if best is not None and found & set(best.labels) else None


def what_is_wrong(body: str, forms: list[Form]) -> list[FormProblem]:
    """Why a body that should be a form (its issue has a form's label) is not one.

    Every section the closest form has and the body lacks, and every ``###`` heading
    that is none of its sections, named the way the author must write them back.
    """
    the_form = closest_form(body if isinstance(body, str) else "", forms)
    if the_form is None:
        titles = ", ".join(f"«{f.title}»" for f in forms)
        return [FormProblem("form_unknown", forms=titles)]
    lines = _lines(body)
    headings = [m["label"] for line in lines if (m := HEADING.match(line))]
    missing = [label for label in the_form.labels if label not in headings]
    unknown = [h for h in dict.fromkeys(headings) if h not in the_form.labels]
    problems = []
    if missing:
        problems.append(FormProblem("headings_missing", labels=_quoted(missing)))
    if unknown:
        problems.append(FormProblem("headings_unknown", labels=_quoted(unknown)))
    return problems or [FormProblem("headings_order", labels=_quoted(the_form.labels))]


def partial_values(body: str, the_form: Form) -> dict[str, str]:
    """The values of the sections a damaged body still has (each heading once), for the
    answer's language; never used to write anything."""
    lines = _lines(body)
    at = [(i, m["label"]) for i, line in enumerate(lines) if (m := HEADING.match(line))]
    at = [(i, label) for i, label in at if label in the_form.labels]
    values = {}
    for n, (start, label) in enumerate(at):
        end = at[n + 1][0] if n + 1 < len(at) else len(lines)
        spec = next(f for f in the_form.fields if f.label == label)
        if [lab for _, lab in at].count(label) == 1:
            values[spec.id] = "\n".join(lines[start + 1 : end]).strip()
    return values


def checked(value: str) -> list[str]:
    """The labels of the ticked boxes of a checkboxes field."""
    return [
        m["label"] for line in _lines(value) if (m := CHECKBOX.match(line)) and m["mark"] != " "
    ]


def option_id(spec: FormField, value: str) -> str | None:
    """The id in parentheses at the end of the chosen dropdown option, or None.

    Only the form's own options count: a hand-edited value is not an option.
    """
    if value not in spec.options:
        return None
    match = OPTION_ID.search(value)
    return match["id"] if match else None
