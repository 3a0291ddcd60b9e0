"""The two halves of the phone intake together: what the artist sees on the issue.

The Python intake (``invoke intake``, the task itself) reads the event file that
intake.js's refresh step writes, and its ``--out`` folder is what intake.js's publish
step turns into the answer and the pull request, against the fake GitHub of
test_intake_workflow.py. The steps run in the workflow's order (gate, refresh, intake,
publish, answer); each half has its own tests, these make sure they still fit: the
manifest, the file names and the report one writes are what the other accepts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from altavoz_submit.intake.messages import message
from conftest import require_node
from intake_support import (
    artists_project,
    attached_photos,
    event,
    invoke_intake,
    new_work_body,
    said,
)
from test_intake_workflow import MAIN_FILES, WRITES, FakeGitHub, calls_of, outputs

LABELLED = [{"name": "envío"}]  # the label every form puts on its issues
OLD_FORM = Path(__file__).parent / "data" / "forms-history" / "obra-nueva" / "b6e3d60.yml"
RUN_URL = "https://github.invalid/run/1"
ALT = "Mural de mazorcas gigantes sobre un muro azul"  # the one photo's description


@pytest.fixture
def project(tmp_path) -> Path:
    return artists_project(tmp_path)


@pytest.fixture
def photos(tmp_path) -> Path:
    return attached_photos(tmp_path)


def issue_event(body: str, action="opened", sender=None, labels=LABELLED) -> dict:
    """The issues event GitHub sends for the form issue #7 of luzmendoza (a first
    submission: she has no profile yet)."""
    payload = event(body, action=action, sender=sender, labels=labels, user_id=583231)
    payload["issue"]["updated_at"] = "2026-03-14T10:00:00Z"
    if action == "edited":
        payload["changes"] = {"body": {"from": "antes"}}
    return payload


def without(body: str, label: str) -> str:
    """The body with the section of ``label`` deleted, heading and answer."""
    parts = body.split("### ")
    return "### ".join(part for part in parts if not part.startswith(label + "\n"))


def workflow(tmp_path: Path, project: Path, photos: Path, payload: dict, comments=()):
    """One run of intake.yml for ``payload``: (the fake GitHub after it, every call the
    script made, the intake's exit status or None when the gate let nothing through).
    The issue has the event's labels and ``comments``."""
    github = FakeGitHub(tmp_path / "github", require_node("the intake workflow"), payload)
    github.state["issue"]["labels"] = payload["issue"]["labels"]
    github.state["comments"] = {"7": list(comments)}
    calls = github.run("gate")
    gate = outputs(calls)
    if gate["proceed"] != "true":  # the intake and publish jobs are skipped
        return github, calls, None
    event_file, out = tmp_path / "event.json", tmp_path / "intake"
    refreshed = github.run("refresh", out=str(event_file))
    read = outputs(refreshed)
    status, _ = invoke_intake(
        project, event_file, out, attachments=str(photos), edited_by=gate["edited-by"]
    )
    stamps = {"updatedAt": read["updated-at"], "bodySha256": read["body-sha256"]}
    published = github.run("publish", dir=str(out), runUrl=RUN_URL, checkStatus="0", **stamps)
    outcome = "failure" if calls_of(published, "threw", "failed") else "success"
    answered = github.run("answer", intake="success", status=str(status), preview="success",
                          published=outcome, updatedAt=read["updated-at"])  # fmt: skip
    return github, calls + refreshed + published + answered, status


def the_comment(github: FakeGitHub) -> str:
    """The one comment on the issue, as the artist reads it."""
    (comment,) = github.issue_comments(7)
    return comment["body"]


def pulls_opened(calls) -> list[dict]:
    return [call[1] for call in calls_of(calls, "createPull")]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_body_without_a_required_section_is_answered_once_naming_it(
    tmp_path, project, photos, lang
):
    body = without(new_work_body(lang=lang), "Licencia / Licence")
    assert "Licen" not in body
    github, calls, status = workflow(tmp_path, project, photos, issue_event(body))
    assert status == 1
    assert calls_of(calls, "threw", "failed") == []
    comment = the_comment(github)
    assert said("headings_missing", lang, labels="«### Licencia / Licence»") in comment
    assert message("failed_heading", lang) in comment
    assert message("failed_heading", "en" if lang == "es" else "es") not in comment
    assert pulls_opened(calls) == [] and github.head("intake/issue-7") is None


@pytest.mark.parametrize(
    ("how", "body"),
    [
        ("today's form", lambda: new_work_body(lang="en", alt=ALT)),
        # GitHub keeps the headings of the form the issue was opened with: here the name
        # field's earlier label (.github/issue-forms-history.yml), edited weeks later.
        ("an earlier form", lambda: new_work_body(form=OLD_FORM, alt=ALT)),
    ],
)
def test_a_good_body_becomes_one_pull_request_with_the_files_and_one_answer(
    tmp_path, project, photos, how, body
):
    text = body()
    assert ("### Tu nombre / Your name\n" in text) == (how == "an earlier form")
    payload = issue_event(text, action="edited" if how == "an earlier form" else "opened")
    github, calls, status = workflow(tmp_path, project, photos, payload)
    assert status == 0
    assert calls_of(calls, "threw", "failed") == []
    (pull,) = pulls_opened(calls)
    assert pull["head"] == "intake/issue-7" and pull["title"] == "Obra nueva: Raíces de maíz"
    manifest = json.loads((tmp_path / "intake" / "manifest.json").read_text(encoding="utf-8"))
    written = {path: (project / path).read_bytes() for path in manifest["written"]}
    assert "content/artists/luz-mendoza/index.md" in written  # her name, under either label
    assert b"Luz Mendoza" in written["content/artists/luz-mendoza/index.md"]
    assert any(path.endswith(".jpg") for path in written)
    assert github.files(github.head("intake/issue-7")) == {**MAIN_FILES, **written}
    lang = "en" if how == "today's form" else "es"
    comment = the_comment(github)
    assert message("passed_new", lang, title="Raíces de maíz") in comment
    assert f"#{github.state['pulls'][0]['number']}" in comment


def test_an_edit_by_someone_else_that_the_gate_ignores_writes_nothing(tmp_path, project, photos):
    body = without(new_work_body(), "Licencia / Licence")
    payload = issue_event(body, action="edited", sender="otra")
    github, calls, status = workflow(tmp_path, project, photos, payload)
    assert status is None and outputs(calls)["proceed"] == "false"
    assert calls_of(calls, *WRITES) == [] and github.issue_comments(7) == []
    # The intake itself refuses the edit too (an author's own words only), and the answer
    # step, which runs after any intake, says nothing about a refused edit.
    event_file = tmp_path / "edit.json"
    event_file.write_text(json.dumps(payload), encoding="utf-8")
    status, _ = invoke_intake(project, event_file, tmp_path / "out", attachments=str(photos))
    assert status == 2
    answered = github.run("answer", intake="success", status="2", preview="skipped",
                          published="skipped")  # fmt: skip
    assert calls_of(answered, *WRITES) == [] and github.issue_comments(7) == []


# Our answer of an earlier run, as the publish step wrote it.
EARLIER = {
    "id": 90,
    "user": {"login": "github-actions[bot]", "type": "Bot"},
    "body": "<!-- altavoz-intake -->\n<!-- altavoz-answered 2026-03-14T09:00:00Z -->\n¡Listo!",
}


@pytest.mark.parametrize("labels", [[], [{"name": "documentación"}]])
def test_a_form_issue_whose_label_a_maintainer_changed_is_still_answered(
    tmp_path, project, photos, labels
):
    body = without(new_work_body(), "Licencia / Licence")
    payload = issue_event(body, action="edited", labels=labels)
    github, calls, status = workflow(tmp_path, project, photos, payload, [EARLIER])
    assert status == 1
    assert calls_of(calls, "threw", "failed", "createComment") == []
    comment = the_comment(github)  # the same comment, answering the new text
    assert said("headings_missing", labels="«### Licencia / Licence»") in comment
    assert pulls_opened(calls) == []


@pytest.mark.parametrize("labels", [[], [{"name": "documentación"}]])
def test_an_issue_never_answered_and_without_the_label_is_not_ours(
    tmp_path, project, photos, labels
):
    body = without(new_work_body(), "Licencia / Licence")
    payload = issue_event(body, action="edited", labels=labels)
    github, calls, status = workflow(tmp_path, project, photos, payload)
    assert status in (None, 2), status  # the gate or the intake: none of ours
    assert calls_of(calls, *WRITES) == [] and github.issue_comments(7) == []
