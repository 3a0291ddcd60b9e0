"""The intake workflow: safe on issue events, and its GitHub script against a fake GitHub API.

The script (.github/scripts/intake.js) runs for real with Node, as the comment
workflow's script does in test_workflows.py: a fake `github` object records every call.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import tomllib
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from altavoz_core.submissions import discover
from altavoz_moderation.checks.structure import check_layout, check_stray
from altavoz_submit.intake import run_intake
from altavoz_submit.name_rules import render
from altavoz_submit.project import create_settings, project_settings
from conftest import ROOT, require_node
from hostile_submissions import SPECIAL
from PIL import Image
from test_workflows import load, steps, uses

SCRIPT = ROOT / ".github" / "scripts" / "intake.js"


# ------------------------------------------------------------------------ the workflow


def test_intake_runs_on_issue_events_with_least_privilege_per_job():
    workflow = load("intake.yml")
    assert workflow["on"] == {"issues": {"types": ["opened", "edited", "closed", "reopened"]}}
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "gate": {"contents": "read", "actions": "read", "issues": "write"},
        "intake": {"contents": "read", "issues": "read"},
        "publish": {"contents": "write", "pull-requests": "write", "issues": "write"},
        "cleanup": {"contents": "write", "pull-requests": "write", "issues": "read"},
    }
    assert jobs["intake"]["needs"] == "gate" and jobs["publish"]["needs"] == ["gate", "intake"]
    assert "closed" in jobs["cleanup"]["if"] and "!= 'closed'" in jobs["gate"]["if"]


def test_no_issue_text_is_ever_spliced_into_a_shell_line():
    workflow = load("intake.yml")
    scripts = [step["run"] for step in steps(workflow) if "run" in step]
    assert scripts
    for script in scripts:
        assert "${{" not in script, script  # values arrive through env, the event as a file
    intake = [s for s in steps(workflow) if ".venv/bin/invoke intake" in s.get("run", "")]
    (step,) = intake
    # The event's file, with the issue as the refresh step read it (see the race tests).
    assert '--event "$EVENT"' in step["run"]
    (refresh,) = [s for s in steps(workflow) if s.get("id") == "refresh"]
    assert step["env"]["EVENT"] == refresh["env"]["EVENT"] == "${{ runner.temp }}/event.json"
    text = (ROOT / ".github" / "workflows" / "intake.yml").read_text(encoding="utf-8")
    assert "github.event.issue.body" not in text and "github.event.issue.title" not in text


def test_only_the_default_branch_code_runs_and_the_writer_runs_none():
    workflow = load("intake.yml")
    for checkout in uses(workflow, "actions/checkout"):
        assert "ref" not in checkout.get("with", {})  # issue events check out the default branch
        assert checkout["with"]["persist-credentials"] is False
    for name in ("publish", "cleanup", "gate"):
        job = workflow["jobs"][name]
        assert all("run" not in step for step in job["steps"]), name
        (checkout,) = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout")]
        assert checkout["with"]["sparse-checkout"] == ".github/scripts"


def test_the_intake_job_runs_the_same_check_and_build_as_check_yml():
    workflow = load("intake.yml")
    runs = [step.get("run", "") for step in workflow["jobs"]["intake"]["steps"]]
    assert any(
        '.venv/bin/invoke check --since "origin/$BASE_REF" --format markdown' in r for r in runs
    )
    assert ".venv/bin/invoke build" in [r.strip() for r in runs]
    names = [s["with"]["name"] for s in uses(workflow, "actions/upload-artifact")]
    assert names == ["altavoz-intake", "altavoz-preview"]


# ------------------------------------------------------------------------ the script

FAKE_GITHUB = ROOT / "tests" / "fake_github.js"
OWNER, REPO = "altavoz-mx", "altavoz"
WORK = "content/works/luz-mendoza/raices-de-maiz"
# What main holds: the published site, with the work a withdrawal removes.
MAIN_FILES = {
    f"{WORK}/index.md": "---\ntitle: Raíces de maíz\n---\n".encode(),
    f"{WORK}/raices-de-maiz-1.jpg": b"\xff\xd8\xff published",
    "content/artists/luz-mendoza/index.md": b"---\nname: Luz Mendoza\n---\n",
}
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
}


def git(repo: Path, *args: str, data: bytes | None = None, env=None) -> bytes:
    done = subprocess.run(
        ["git", "--git-dir", str(repo), *args], input=data, capture_output=True, check=True,
        env={**GIT_ENV, "HOME": str(repo), **(env or {})},
    )  # fmt: skip
    return done.stdout


class FakeGitHub:
    """A repository on a fake GitHub: its issue, comments and pull requests as JSON, its
    git data in a real bare repository. Each ``run`` is one job step running intake.js;
    the state carries over from run to run, as it does between a workflow's jobs."""

    def __init__(self, folder: Path, node: str, event: dict):
        folder.mkdir(parents=True, exist_ok=True)
        self.node, self.file = node, folder / "state.json"
        self.read: str | None = None  # the commit the run read, when not main as it is
        self.repo = folder / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(self.repo)],
                       check=True, env={**GIT_ENV, "HOME": str(folder)})  # fmt: skip
        self.main = self.commit(MAIN_FILES, message="the published site")
        git(self.repo, "update-ref", "refs/heads/main", self.main)
        number, author = event["issue"]["number"], event["issue"]["user"]
        self.state = {
            "git": str(self.repo), "owner": OWNER, "repo": REPO, "payload": event,
            "pulls": [], "comments": {}, "permissions": {}, "runs": {}, "fail": None,
            "issue": {"number": number, "user": author,
                      "updated_at": event["issue"].get("updated_at"),
                      "body": event["issue"].get("body", "")},
            # By default the issue is its author's only open one.
            "open": [{"number": number, "user": author}],
            "args": {}, "nextPull": 50, "nextComment": 1000,
        }  # fmt: skip

    def commit(self, files: dict[str, bytes], parents=(), message="x") -> str:
        index = self.repo / "test-index"
        env = {"GIT_INDEX_FILE": str(index)}
        git(self.repo, "read-tree", "--empty", env=env)
        for name, data in files.items():
            blob = git(self.repo, "hash-object", "-w", "--stdin", data=data).decode().strip()
            git(self.repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},{name}",
                env=env)  # fmt: skip
        tree = git(self.repo, "write-tree", env=env).decode().strip()
        index.unlink()
        words = [arg for parent in parents for arg in ("-p", parent)]
        return git(self.repo, "commit-tree", tree, *words, "-m", message).decode().strip()

    def branch(self, name: str, files: dict[str, bytes] | None = None) -> str:
        sha = self.commit(files, [self.main]) if files else self.main
        git(self.repo, "update-ref", f"refs/heads/{name}", sha)
        return sha

    def head(self, name: str) -> str | None:
        found = git(self.repo, "for-each-ref", "--format=%(objectname)", f"refs/heads/{name}")
        return found.decode().strip() or None

    def files(self, ref: str) -> dict[str, bytes]:
        """Every file of ``ref``'s tree (`git ls-tree -r`), by path."""
        found = {}
        for line in filter(None, git(self.repo, "ls-tree", "-r", "-z", ref).split(b"\0")):
            meta, name = line.split(b"\t", 1)
            found[name.decode()] = git(self.repo, "cat-file", "blob", meta.split()[2].decode())
        return found

    def issue_comments(self, number: int = 7) -> list[dict]:
        return self.state["comments"].get(str(number), [])

    def run(self, function: str, event: dict | None = None, env=None, **args) -> list:
        if event is not None:
            self.state["payload"] = event
        # The run's commit (GITHUB_SHA): main as it is, unless a test says it came earlier.
        self.state["sha"] = self.read or self.head("main")
        self.state["args"] = args
        self.file.write_text(json.dumps(self.state), encoding="utf-8")
        result = subprocess.run(
            [self.node, str(FAKE_GITHUB), str(SCRIPT), function, str(self.file)],
            capture_output=True, text=True, timeout=60, check=True,
            env={"PATH": os.environ.get("PATH", "/usr/bin"), **(env or {})},
        )  # fmt: skip
        self.state = json.loads(self.file.read_text(encoding="utf-8"))
        return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def fake_github(tmp_path):
    """fake_github(event) -> a new FakeGitHub whose issue is the event's."""
    node = require_node("the intake workflow's script")
    made = []

    def make(event: dict) -> FakeGitHub:
        made.append(FakeGitHub(tmp_path / f"github-{len(made)}", node, event))
        return made[-1]

    return make


@pytest.fixture
def run_script(fake_github, tmp_path):
    """One run of an intake.js function on a fresh fake repository (see FakeGitHub)."""

    def run(function, event, *, branches=(), pulls=(), comments=None, permissions=None,
            artifact=None, check="0", issue=None, open_issues=None, runs=None, fail=None,
            args=None, env=None):  # fmt: skip
        github = fake_github(event)
        for name in branches:
            github.branch(name)
        state = github.state
        state["pulls"] = [{"state": "open", **pull} for pull in pulls]
        state["comments"] = {str(k): v for k, v in (comments or {}).items()}
        state["permissions"] = permissions or {}
        state["issue"].update(issue or {})
        if open_issues is not None:
            state["open"] = open_issues
        state["runs"], state["fail"] = runs or {}, fail
        extra = {"dir": str(artifact or tmp_path / "none"), "runUrl": "https://github.invalid/run/1",
                 "checkStatus": check, **(args or {})}  # fmt: skip
        return github.run(function, event, env=env, **extra)

    return run


def payload(action="opened", *, author="luzmendoza", sender=None, number=7, body_changed=True,
            updated_at="2026-03-14T10:00:00Z", body="Título: Raíces de maíz"):  # fmt: skip
    data = {
        "action": action,
        "issue": {
            "number": number,
            "user": {"login": author},
            "updated_at": updated_at,
            "body": body,
        },
        "sender": {"login": sender or author},
        "repository": {"default_branch": "main"},
    }
    if action == "edited":
        data["changes"] = {"body": {"from": "antes"}} if body_changed else {"title": {"from": "x"}}
    return data


def outputs(calls) -> dict:
    return {call[1]: call[2] for call in calls if call[0] == "output"}


@pytest.mark.parametrize(
    ("event", "permissions", "expected"),
    [
        (payload("opened"), {}, ("true", "author")),
        (payload("edited"), {}, ("true", "author")),
        (payload("edited", sender="LuzMendoza"), {}, ("true", "author")),
        (payload("edited", sender="equipo"), {"equipo": "maintain"}, ("true", "maintainer")),
        (payload("edited", sender="equipo"), {"equipo": "write"}, ("true", "maintainer")),
        (payload("edited", sender="otra"), {"otra": "triage"}, ("false", "maintainer")),
        (payload("edited", sender="otra"), {}, ("false", "maintainer")),
        (payload("edited", body_changed=False), {}, ("false", "author")),
        # Reopened: its pull request was closed with it, so it is taken in again.
        (payload("reopened"), {}, ("true", "author")),
        (payload("reopened", sender="equipo"), {"equipo": "admin"}, ("true", "maintainer")),
        (payload("reopened", sender="otra"), {}, ("false", "maintainer")),
        # An editor GitHub does not know as a user (an app's bot, an account deleted since):
        # no maintainer, and no failure either, which would answer the artist that the
        # intake broke in place of their answer.
        (
            payload("edited", sender="some-app[bot]"),
            {"some-app[bot]": 404},
            ("false", "maintainer"),
        ),
    ],
)
def test_the_gate_lets_only_the_author_or_a_maintainer_change_the_submission(
    run_script, event, permissions, expected
):
    result = outputs(run_script("gate", event, permissions=permissions))
    assert (result["proceed"], result["edited-by"]) == expected


def make_artifact(folder: Path, manifest: dict, files: dict[str, bytes], report="Listo") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "report.md").write_text(report, encoding="utf-8")
    (folder / "check.md").write_text("| 0 errores |", encoding="utf-8")
    for relative, data in files.items():
        target = folder / "files" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


MANIFEST = {
    "issue": 7,
    "action": "new",
    "author": "luzmendoza",
    "title": "Raíces de maíz",
    "lang": "es",
    "status": "passed",
    "written": [f"{WORK}/index.md", f"{WORK}/raices-de-maiz-1.jpg"],
    "removed": [],
}


def test_publish_commits_the_files_opens_one_pull_request_and_comments(fake_github, tmp_path):
    files = {
        f"{WORK}/index.md": b"---\ntitle: x\n---\n",
        f"{WORK}/raices-de-maiz-1.jpg": b"\xff\xd8\xff new",
    }
    artifact = make_artifact(tmp_path / "a", MANIFEST, files, report="¡Listo! @everyone")
    github = fake_github(payload())
    calls = github.run("publish", dir=str(artifact), runUrl="https://github.invalid/run/1",
                       checkStatus="0")  # fmt: skip
    assert calls_of(calls, "threw", "failed") == []
    # The branch is main with the submission's files on top, in one commit.
    head = github.head("intake/issue-7")
    assert git(github.repo, "rev-parse", f"{head}^").decode().strip() == github.main
    assert github.files(head) == {**MAIN_FILES, **files}
    message = git(github.repo, "log", "-1", "--format=%B", head).decode()
    assert "Raíces de maíz" in message and "#7" in message
    (pull,) = [call[1] for call in calls if call[0] == "createPull"]
    assert pull["head"] == "intake/issue-7" and pull["base"] == "main"
    assert pull["body"].startswith("Closes #7\n") and pull["title"] == "Obra nueva: Raíces de maíz"
    comments = {
        call[1]["issue_number"]: call[1]["body"] for call in calls if call[0] == "createComment"
    }
    assert set(comments) == {7, 50}
    assert comments[7].startswith("<!-- altavoz-intake -->") and "#50" in comments[7]
    assert "@everyone" not in comments[7]  # nobody is pinged by what the author wrote
    assert comments[50].startswith("<!-- altavoz-report -->") and "0 errores" in comments[50]


def test_an_edit_force_pushes_the_branch_and_updates_the_same_pull_request_and_comments(
    run_script, fake_github, tmp_path
):
    files = {f"{WORK}/index.md": b"x", f"{WORK}/raices-de-maiz-1.jpg": b"y"}
    artifact = make_artifact(tmp_path / "a", MANIFEST, files)
    ours = {"id": 90, "user": {"type": "Bot"}, "body": "<!-- altavoz-intake -->\nviejo"}
    spoof = {"id": 91, "user": {"type": "User"}, "body": "<!-- altavoz-intake -->\nfalso"}
    check = {"id": 92, "user": {"type": "Bot"}, "body": "<!-- altavoz-report -->\nviejo"}
    github = fake_github(payload("edited"))
    before = github.branch("intake/issue-7", {"content/works/luz-mendoza/old/index.md": b"old"})
    github.state["pulls"] = [{"number": 50, "head": {"ref": "intake/issue-7"}, "state": "open"}]
    github.state["comments"] = {"7": [spoof, ours], "50": [check]}
    calls = github.run("publish", dir=str(artifact), runUrl="https://github.invalid/run/1",
                       checkStatus="0")  # fmt: skip
    kinds = [call[0] for call in calls]
    assert "createPull" not in kinds and "createRef" not in kinds and "createComment" not in kinds
    (update,) = [call[1] for call in calls if call[0] == "updateRef"]
    assert update["force"] is True and update["ref"] == "heads/intake/issue-7"
    # Rebuilt on main: the earlier version's commit is gone from the branch.
    head = github.head("intake/issue-7")
    assert head != before and github.files(head) == {**MAIN_FILES, **files}
    assert sorted(call[1]["comment_id"] for call in calls if call[0] == "updateComment") == [90, 92]
    assert github.issue_comments()[0]["body"] == spoof["body"]  # left as it was


def test_the_report_cannot_close_another_issue_from_the_pull_requests_body(fake_github, tmp_path):
    """The artifact is untrusted data: a report saying «fixes #12» (the intake escapes what
    the author typed, but the job that wrote it runs on outsiders' text and images) must
    not close issue 12 when the pull request is merged."""
    hostile = (
        "Listo. fixes #12, closes altavoz-mx/altavoz#13, resolves GH-14, "
        "fixed https://github.com/altavoz-mx/altavoz/issues/15 www.x.org"
    )
    artifact = make_artifact(tmp_path / "a", MANIFEST, FILES, report=hostile)
    github = fake_github(payload())
    calls = github.run("publish", dir=str(artifact), runUrl="https://github.invalid/run/1",
                       checkStatus="0")  # fmt: skip
    assert calls_of(calls, "threw", "failed") == []
    (pull,) = [call[1] for call in calls if call[0] == "createPull"]
    assert set(GITHUB_REFERENCE.findall(pull["body"])) == {"#7"}, pull["body"]
    assert pull["body"].startswith("Closes #7\n")
    assert hostile in pull["body"].replace("\u2060", "")  # still reads as written


@pytest.mark.parametrize("action", ["constructor", "__proto__", "toString", ["new"], None])
def test_an_action_the_script_does_not_know_titles_the_pull_request_plainly(
    fake_github, tmp_path, action
):
    manifest = {**MANIFEST, "action": action}
    artifact = make_artifact(tmp_path / "a", manifest, FILES)
    github = fake_github(payload())
    calls = github.run("publish", dir=str(artifact), runUrl="https://github.invalid/run/1",
                       checkStatus="0")  # fmt: skip
    assert calls_of(calls, "threw", "failed") == []
    (pull,) = [call[1] for call in calls if call[0] == "createPull"]
    assert pull["title"] == "Envío: Raíces de maíz"


def test_a_submission_with_errors_only_answers_on_the_issue(run_script, tmp_path):
    manifest = {**MANIFEST, "status": "errors", "written": []}
    artifact = make_artifact(tmp_path / "a", manifest, {}, report="❌ Falta tu permiso")
    calls = run_script("publish", payload(), artifact=artifact)
    assert [call[0] for call in calls] == ["createComment", "output"]
    assert "Falta tu permiso" in calls[0][1]["body"] and calls[0][1]["issue_number"] == 7
    pulls = [{"number": 50, "head": {"ref": "intake/issue-7"}}]
    calls = run_script("publish", payload("edited"), artifact=artifact, pulls=pulls)
    assert [call[0] for call in calls] == ["createComment", "output"]  # the branch is left as it is
    assert "#50 sigue con la versión anterior" in calls[0][1]["body"]


def test_a_withdrawal_deletes_the_files_in_the_commit(fake_github, tmp_path):
    manifest = {**MANIFEST, "action": "withdraw", "written": [],
                "removed": [f"{WORK}/index.md", f"{WORK}/raices-de-maiz-1.jpg"]}  # fmt: skip
    github = fake_github(payload())
    calls = github.run("publish", dir=str(make_artifact(tmp_path / "a", manifest, {})),
                       runUrl="https://github.invalid/run/1", checkStatus="0")  # fmt: skip
    assert calls_of(calls, "threw", "failed") == []
    assert sorted(github.files(github.head("intake/issue-7"))) == [
        "content/artists/luz-mendoza/index.md"
    ]
    (pull,) = [call[1] for call in calls if call[0] == "createPull"]
    assert pull["title"].startswith("Retiro de obra")


EVENT = "content/events/taller/index.md"
TALLER = "---\ntitle: Taller\nvenue: Casa\norganizers: luz-mendoza, ana\nlang: es\n---\n\nTexto.\n"


def test_a_change_merged_meanwhile_is_not_taken_back_by_the_pull_request(fake_github, tmp_path):
    # The intake wrote the event whole from the run's commit; meanwhile another
    # organizer's cancellation of it was merged into main.
    github = fake_github(payload())
    read = github.commit({**MAIN_FILES, EVENT: TALLER.encode()}, [github.main])
    cancelled = TALLER.replace("lang: es\n", "lang: es\nstatus: cancelled\n")
    newer = github.commit({**MAIN_FILES, EVENT: cancelled.encode()}, [read])
    git(github.repo, "update-ref", "refs/heads/main", newer)
    github.read = read
    moved = TALLER.replace("venue: Casa", "venue: Foro Sur").encode()
    manifest = {**MANIFEST, "action": "event_update", "title": "Taller", "written": [EVENT]}
    artifact = make_artifact(tmp_path / "a", manifest, {EVENT: moved})
    calls = github.run("publish", dir=str(artifact), runUrl="https://github.invalid/run/1",
                       checkStatus="0")  # fmt: skip
    assert calls_of(calls, "threw", "failed") == []
    # What the pull request shows (main...branch) is the artist's change alone, and
    # merging it keeps the cancellation.
    shown = git(github.repo, "diff", "main...intake/issue-7").decode()
    assert "+venue: Foro Sur" in shown and "status" not in shown
    merged = git(github.repo, "merge-tree", "--write-tree", "main", "intake/issue-7").decode()
    text = git(github.repo, "show", f"{merged.split()[0]}:{EVENT}").decode()
    assert "status: cancelled" in text and "venue: Foro Sur" in text


@pytest.mark.parametrize(
    "path",
    [
        ".github/workflows/deploy.yml",
        "content/works/luz-mendoza/../../../tasks.py",
        "content/works/luz-mendoza/raices-de-maiz/../../../../pelicanconf.py",
        "content/pages/guia.md",
        "content/works/Luz/obra/index.md",
        "content/works/luz-mendoza/raices-de-maiz/sub/index.md",
        "/etc/passwd",
        "content/artists/luz-mendoza/.git",
    ],
)
def test_publish_refuses_a_manifest_path_outside_the_submission_folders(run_script, tmp_path, path):
    manifest = {**MANIFEST, "written": [path]}
    artifact = make_artifact(tmp_path / "a", manifest, {})
    calls = run_script("publish", payload(), artifact=artifact)
    assert calls[-1][0] == "threw" and "outside the submission folders" in calls[-1][1]
    assert not any(call[0] in ("blob", "tree", "commit", "createRef") for call in calls)


def test_publish_refuses_an_artifact_about_another_issue(run_script, tmp_path):
    artifact = make_artifact(tmp_path / "a", {**MANIFEST, "issue": 8}, {})
    calls = run_script("publish", payload(), artifact=artifact)
    assert [call[0] for call in calls] == ["failed"]


def test_a_linked_file_in_the_artifact_is_refused(run_script, tmp_path):
    artifact = make_artifact(tmp_path / "a", MANIFEST, {f"{WORK}/index.md": b"x"})
    (artifact / "files" / WORK / "raices-de-maiz-1.jpg").symlink_to("/etc/passwd")
    calls = run_script("publish", payload(), artifact=artifact)
    assert calls[-1][0] == "threw" and "commit" not in [call[0] for call in calls]


def test_closing_the_issue_closes_the_pull_request_and_deletes_the_branch(fake_github):
    github = fake_github(payload("closed"))
    github.state["issue"]["state"] = "closed"
    github.branch("intake/issue-7")
    github.state["pulls"] = [{"number": 50, "head": {"ref": "intake/issue-7"}, "state": "open"}]
    calls = github.run("cleanup")
    assert calls_of(calls, "updatePull", "deleteRef") == [
        [
            "updatePull",
            {"owner": "altavoz-mx", "repo": "altavoz", "pull_number": 50, "state": "closed"},
        ],
        ["deleteRef", {"owner": "altavoz-mx", "repo": "altavoz", "ref": "heads/intake/issue-7"}],
    ]
    assert github.head("intake/issue-7") is None and github.state["pulls"][0]["state"] == "closed"
    calls = github.run("cleanup")  # nothing to clean: no error
    assert [call[0] for call in calls] == ["deleteRef", "notice"]


# ------------------------------------------------------------------------ concurrency


def test_only_a_newer_accepted_event_cancels_a_run():
    """An event the gate ignores (a title fixed, a label) never cancels the artist's run."""
    workflow = load("intake.yml")
    assert "concurrency" not in workflow  # a workflow-wide group is joined by every event
    jobs = workflow["jobs"]
    assert "concurrency" not in jobs["gate"]
    groups = {name: job["concurrency"] for name, job in jobs.items() if "concurrency" in job}
    cancelling = [
        name for name, group in groups.items() if group["cancel-in-progress"] is not False
    ]
    assert cancelling == ["intake"]
    # A job skipped by its `if:` never joins its group: only accepted events reach it.
    assert jobs["intake"]["needs"] == "gate"
    assert jobs["intake"]["if"] == "needs.gate.outputs.proceed == 'true'"
    assert jobs["intake"]["concurrency"] == {
        "group": "intake-${{ github.event.issue.number }}",
        "cancel-in-progress": True,
    }
    # Publishing and cleanup of one issue wait in turn, never beside each other.
    publish = jobs["publish"]["concurrency"]
    assert publish == {
        "group": "intake-publish-${{ github.event.issue.number }}",
        "cancel-in-progress": False,
    }
    assert jobs["cleanup"]["concurrency"] == publish
    # A run whose intake a newer one cancelled leaves the answer to the newer run.
    assert "needs.intake.result != 'cancelled'" in jobs["publish"]["if"]


# ------------------------------------------------------------------------ closed stays closed


def calls_of(calls, *kinds):
    return [call for call in calls if call[0] in kinds]


WRITES = ("createComment", "updateComment", "createPull", "updatePull", "createRef", "updateRef",
          "blob", "tree", "commit")  # fmt: skip


@pytest.mark.parametrize(
    "issue", [{"state": "closed"}, {"locked": True}, {"state": "closed", "locked": True}]
)
@pytest.mark.parametrize(
    ("event", "permissions"),
    [(payload("edited"), {}), (payload("edited", sender="equipo"), {"equipo": "admin"}),
     (payload("opened"), {})],
)  # fmt: skip
def test_an_edit_to_a_closed_or_locked_issue_opens_and_posts_nothing(
    run_script, tmp_path, issue, event, permissions
):
    over_the_limits = [{"number": n, "user": {"login": "luzmendoza"}} for n in (1, 2, 3, 7)]
    calls = run_script("gate", event, issue=issue, permissions=permissions,
                       open_issues=over_the_limits, runs={"luzmendoza": 99})  # fmt: skip
    assert outputs(calls)["proceed"] == "false"
    assert calls_of(calls, *WRITES) == []
    # Nor does a run that was already past the gate when the issue was closed.
    files = {f"{WORK}/index.md": b"x", f"{WORK}/raices-de-maiz-1.jpg": b"y"}
    artifact = make_artifact(tmp_path / "a", MANIFEST, files)
    calls = run_script("publish", event, issue=issue, artifact=artifact)
    assert calls_of(calls, *WRITES) == [] and calls_of(calls, "threw", "failed") == []
    failed = {"intake": "failure", "status": "0", "preview": "failure", "published": "skipped"}
    assert calls_of(run_script("answer", event, issue=issue, args=failed), *WRITES) == []


# ------------------------------------------------------------------------ limits per author


def mine(*numbers, login="luzmendoza", pulls=()):
    issues = [{"number": n, "user": {"login": login}} for n in numbers]
    return issues + [{"number": n, "user": {"login": login}, "pull_request": {}} for n in pulls]


def comment_bodies(calls):
    return [call[1]["body"] for call in calls_of(calls, "createComment", "updateComment")]


def test_a_fourth_open_submission_is_answered_once_and_not_processed(run_script):
    calls = run_script("gate", payload(), open_issues=mine(3, 4, 5, 7, pulls=(1, 2)))
    assert outputs(calls)["proceed"] == "false"
    (listed,) = [call[1] for call in calls_of(calls, "listIssues")]
    assert (listed["creator"], listed["state"]) == ("luzmendoza", "open")
    assert (listed["sort"], listed["direction"]) == ("created", "asc")
    (body,) = comment_bodies(calls)
    assert body.startswith("<!-- altavoz-intake -->\n")
    assert "Ya tienes 3 envíos abiertos (#3, #4, #5)" in body
    assert "You already have 3 open submissions (#3, #4, #5)" in body
    assert "@" not in body and "AV" not in body
    # The author tries again: the comment already says it, nothing more is posted.
    ours = {"id": 90, "user": {"type": "Bot"}, "body": body}
    calls = run_script("gate", payload("edited"), open_issues=mine(3, 4, 5, 7),
                       comments={"7": [ours]})  # fmt: skip
    assert outputs(calls)["proceed"] == "false" and comment_bodies(calls) == []


def test_the_three_oldest_open_issues_are_processed(run_script):
    # Pull requests are listed by the same endpoint and do not count.
    calls = run_script("gate", payload(), open_issues=mine(3, 7, 9, 12, pulls=(1, 2, 4)))
    assert outputs(calls)["proceed"] == "true" and comment_bodies(calls) == []
    # Another author's issues do not count either.
    others = mine(1, 2, 3, login="otra") + mine(7)
    assert outputs(run_script("gate", payload(), open_issues=others))["proceed"] == "true"


def test_more_than_ten_events_an_hour_are_answered_once_and_not_processed(run_script):
    calls = run_script("gate", payload("edited"), runs={"luzmendoza": 11})
    assert outputs(calls)["proceed"] == "false"
    (runs,) = [call[1] for call in calls_of(calls, "runs")]
    assert (runs["workflow_id"], runs["actor"], runs["event"]) == (
        "intake.yml",
        "luzmendoza",
        "issues",
    )
    since = datetime.fromisoformat(runs["created"].removeprefix(">=").replace("Z", "+00:00"))
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    assert abs((since - hour_ago).total_seconds()) < 60
    (body,) = comment_bodies(calls)
    assert "en la última hora (más de 10)" in body and "in the last hour (more than 10)" in body
    ours = {"id": 90, "user": {"type": "Bot"}, "body": body}
    calls = run_script("gate", payload("edited"), runs={"luzmendoza": 30}, comments={"7": [ours]})
    assert outputs(calls)["proceed"] == "false" and comment_bodies(calls) == []
    # The tenth event of the hour (this run counts itself) is processed.
    assert (
        outputs(run_script("gate", payload("edited"), runs={"luzmendoza": 10}))["proceed"] == "true"
    )


def test_the_limits_are_the_authors_not_a_maintainers(run_script):
    calls = run_script(
        "gate", payload("edited", sender="equipo"), permissions={"equipo": "maintain"},
        runs={"luzmendoza": 50, "equipo": 50}, open_issues=mine(1, 2, 3, 7),
    )  # fmt: skip
    assert outputs(calls)["proceed"] == "true" and comment_bodies(calls) == []


def test_an_issue_not_opened_with_a_form_is_refused_without_a_word(run_script):
    calls = run_script("gate", payload(), issue={"labels": []}, open_issues=mine(1, 2, 3, 7))
    assert outputs(calls)["proceed"] == "false" and comment_bodies(calls) == []


def test_repository_variables_change_the_limits(run_script):
    tight = {"ALTAVOZ_INTAKE_MAX_OPEN_ISSUES": "1", "ALTAVOZ_INTAKE_MAX_EVENTS_PER_HOUR": "2"}
    calls = run_script("gate", payload(), open_issues=mine(3, 7), env=tight)
    assert outputs(calls)["proceed"] == "false"
    assert "Ya tienes 1 envíos abiertos (#3)" in comment_bodies(calls)[0]
    calls = run_script("gate", payload(), runs={"luzmendoza": 3}, env=tight)
    assert outputs(calls)["proceed"] == "false"
    # An unset or unusable variable keeps the default.
    for value in ("", "0", "-1", "tres", "1e3"):
        loose = {
            "ALTAVOZ_INTAKE_MAX_OPEN_ISSUES": value,
            "ALTAVOZ_INTAKE_MAX_EVENTS_PER_HOUR": value,
        }
        calls = run_script(
            "gate", payload(), open_issues=mine(1, 2, 7), runs={"luzmendoza": 10}, env=loose
        )
        assert outputs(calls)["proceed"] == "true", value
    (gate_step,) = [s for s in load("intake.yml")["jobs"]["gate"]["steps"] if s.get("id") == "gate"]
    assert gate_step["env"] == {
        name: f"${{{{ vars.{name} }}}}"
        for name in ("ALTAVOZ_INTAKE_MAX_OPEN_ISSUES", "ALTAVOZ_INTAKE_MAX_EVENTS_PER_HOUR")
    }


def test_the_limits_and_the_form_label_are_stated_where_they_are_read():
    script = SCRIPT.read_text(encoding="utf-8")
    assert "const MAX_OPEN_ISSUES = 3;" in script and "const MAX_EVENTS_PER_HOUR = 10;" in script
    labels = set()
    for form in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"):
        data = yaml.safe_load(form.read_text(encoding="utf-8"))
        if "body" in data:
            labels.update(data["labels"])
    assert labels == {"envío"} and "const FORM_LABEL = 'envío';" in script
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for name, default in (("ALTAVOZ_INTAKE_MAX_OPEN_ISSUES", 3),
                          ("ALTAVOZ_INTAKE_MAX_EVENTS_PER_HOUR", 10)):  # fmt: skip
        assert f"`{name}` (default {default})" in readme
    assert "GET /repos/{owner}/{repo}/actions/workflows/intake.yml/runs" in readme


def test_every_job_and_every_long_step_has_a_time_limit_the_readme_states():
    workflow = load("intake.yml")
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for name, job in workflow["jobs"].items():
        minutes = job["timeout-minutes"]
        assert isinstance(minutes, int) and 0 < minutes <= 60, name
        assert f"`{name}` {minutes} minutes" in readme, name
        # A step's own limit fails the step, and the publish job answers; a job's limit
        # cancels the job (`cancelled`, which publish skips as a newer run's doing), so
        # every step has a limit and they add up to two minutes less at least.
        limits = [(s.get("name", s.get("uses")), s.get("timeout-minutes")) for s in job["steps"]]
        assert all(isinstance(v, int) and v > 0 for _, v in limits), (name, limits)
        assert sum(v for _, v in limits) <= minutes - 2, (name, limits)


# ------------------------------------------------------------------------ every failure answers


def failure_text(body: str) -> str:
    assert body.startswith("<!-- altavoz-intake -->\n")
    text = body.removeprefix("<!-- altavoz-intake -->\n")
    # Plain words for the artist: no codes, paths, exits, links or mentions.
    assert not re.search(r"AV\d|\bexit|status|Error|500|\.py|\.yml|\w/\w|https?:|`|@|::", text), (
        text
    )
    return text


def test_a_failing_publish_is_answered_on_the_issue(run_script, tmp_path):
    files = {f"{WORK}/index.md": b"x", f"{WORK}/raices-de-maiz-1.jpg": b"y"}
    artifact = make_artifact(tmp_path / "a", MANIFEST, files)
    calls = run_script("publish", payload(), artifact=artifact, fail="createPull")
    assert calls[-1][0] == "threw" and comment_bodies(calls) == []  # the run fails here
    state = {"intake": "success", "status": "0", "preview": "success", "published": "failure"}
    calls = run_script("answer", payload(), args=state)
    (body,) = comment_bodies(calls)
    text = failure_text(body)
    assert "no pudimos abrir la propuesta" in text and "could not open the pull request" in text
    assert text.index("Revisamos") < text.index("We checked")  # Spanish first


def test_an_intake_that_crashed_timed_out_or_exited_oddly_is_answered(run_script, tmp_path):
    # `invoke intake` died with a traceback: the artifact holds no manifest, publish fails.
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "stdout.md").write_text("Traceback …", encoding="utf-8")
    calls = run_script("publish", payload(), artifact=tmp_path / "a")
    assert calls_of(calls, "failed") and comment_bodies(calls) == []
    answers = {}
    for intake, status in [("success", "1"), ("failure", "3"), ("failure", "137"), ("failure", ""),
                           ("skipped", ""), ("success", "3")]:  # fmt: skip
        published = "failure" if intake == "success" and status == "1" else "skipped"
        state = {"intake": intake, "status": status, "preview": "", "published": published}
        (body,) = comment_bodies(run_script("answer", payload(), args=state))
        answers[intake, status] = failure_text(body)
    assert "No pudimos procesar tu envío" in answers["failure", "3"]
    assert "could not process your submission" in answers["skipped", ""]  # the gate failed
    assert answers["failure", "137"] == answers["failure", ""] == answers["success", "3"]


def test_a_failing_preview_build_is_answered(run_script):
    state = {"intake": "failure", "status": "0", "preview": "failure", "published": "skipped"}
    pulls = [{"number": 50, "head": {"ref": "intake/issue-7"}}]
    ours = {"id": 90, "user": {"type": "Bot"}, "body": "<!-- altavoz-intake -->\nListo"}
    calls = run_script("answer", payload("edited"), args=state, pulls=pulls, comments={"7": [ours]})
    (update,) = calls_of(calls, "updateComment")  # the one report comment, not a new one
    assert update[1]["comment_id"] == 90 and calls_of(calls, "createComment") == []
    text = failure_text(update[1]["body"])
    assert "no pudimos preparar la vista previa" in text and "could not prepare the preview" in text
    assert "La propuesta #50 sigue con la versión anterior" in text


def test_nothing_is_added_when_the_run_answered_or_the_issue_is_not_a_submission(run_script):
    quiet = [
        {"intake": "success", "status": "0", "preview": "success", "published": "success"},
        {"intake": "success", "status": "1", "preview": "", "published": "success"},
        {"intake": "success", "status": "2", "preview": "", "published": "skipped"},
    ]
    for state in quiet:
        assert calls_of(run_script("answer", payload(), args=state), *WRITES) == [], state
    # A crash on an issue not opened with a form (a bug report) is not called a submission.
    crashed = {"intake": "failure", "status": "3", "preview": "", "published": "skipped"}
    calls = run_script("answer", payload(), args=crashed, issue={"labels": []})
    assert calls_of(calls, *WRITES) == []


def test_the_publish_job_runs_after_any_failure_and_ends_with_the_answer():
    workflow = load("intake.yml")
    jobs = workflow["jobs"]
    publish = jobs["publish"]
    assert publish["needs"] == ["gate", "intake"]
    condition = " ".join(publish["if"].split())
    assert condition.startswith("always() && ")  # also when the gate or the intake failed
    assert "needs.gate.outputs.proceed == 'true' || needs.gate.result == 'failure'" in condition
    last = publish["steps"][-1]
    assert last["if"] == "always()"
    assert "await answer(" in last["with"]["script"]
    assert last["env"] == {
        "INTAKE_RESULT": "${{ needs.intake.result }}",
        "INTAKE_STATUS": "${{ needs.intake.outputs.status }}",
        "PREVIEW": "${{ needs.intake.outputs.preview }}",
        "PUBLISHED": "${{ steps.publish.outcome }}",
        "UPDATED_AT": "${{ needs.intake.outputs.updated-at }}",
    }
    (publish_step,) = [s for s in publish["steps"] if s.get("id") == "publish"]
    assert "needs.intake.result == 'success'" in publish_step["if"]
    intake = jobs["intake"]
    assert intake["outputs"]["preview"] == "${{ steps.build.outcome }}"
    (build,) = [s for s in intake["steps"] if s.get("id") == "build"]
    assert build["run"].strip() == ".venv/bin/invoke build"
    # An exit `invoke intake` does not document fails the job, so it is answered.
    (odd,) = [s for s in intake["steps"] if s.get("name", "").startswith("Fail on an exit")]
    for status in ("0", "1", "2"):
        assert f"steps.intake.outputs.status != '{status}'" in odd["if"]
    assert "exit 1" in odd["run"]


# ------------------------------------------------------------------------ the phone previews


def jpeg(color: str, size=(39, 84)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=60)
    return buffer.getvalue()


FILES = {
    f"{WORK}/index.md": b"---\ntitle: x\n---\n",
    f"{WORK}/raices-de-maiz-1.jpg": b"\xff\xd8\xff",
}
NO_PICTURE = "No pudimos preparar esta vez la imagen"


def preview_artifact(
    folder: Path, work=None, card=None, manifest=MANIFEST, files=FILES, report="Listo"
) -> Path:
    artifact = make_artifact(folder, manifest, files, report=report)
    (artifact / "previews").mkdir()
    for name, data in (("work.jpg", work), ("card.jpg", card)):
        if data is not None:
            (artifact / "previews" / name).write_bytes(data)
    return artifact


def publish(github: FakeGitHub, artifact: Path, event=None, **args) -> list:
    return github.run("publish", event, dir=str(artifact), runUrl="https://github.invalid/run/1",
                      checkStatus="0", **args)  # fmt: skip


def shown_name(kind: str, data: bytes) -> str:
    return f"issue-7/{kind}-{hashlib.sha256(data).hexdigest()[:16]}.jpg"


def shown_url(name: str) -> str:
    return f"https://github.com/altavoz-mx/altavoz/blob/previews/{name}?raw=true"


def report(github: FakeGitHub) -> str:
    (comment,) = github.issue_comments()
    assert comment["body"].startswith("<!-- altavoz-intake -->\n")
    return comment["body"]


def test_the_comment_shows_the_phone_previews_pushed_to_their_branch(fake_github, tmp_path):
    github = fake_github(payload())
    work, card = jpeg("red"), jpeg("blue")
    calls = publish(github, preview_artifact(tmp_path / "a", work, card))
    assert calls_of(calls, "threw", "failed", "warning") == []
    # A branch of its own, with no history of main: never merged, nothing to merge.
    head = github.head("previews")
    assert git(github.repo, "rev-list", "--count", head).decode().strip() == "1"
    shown = {shown_name("work", work): work, shown_name("card", card): card}
    files = github.files("previews")
    assert {name: data for name, data in files.items() if name != "README.md"} == shown
    assert "nunca se fusiona" in files["README.md"].decode()
    body = report(github)
    for name in shown:
        assert f'<a href="{shown_url(name)}"><img src="{shown_url(name)}"' in body
    assert NO_PICTURE not in body and github.head("intake/issue-7")  # published as usual
    # The next accepted event replaces the issue's folder; a run of another issue moving
    # the branch meanwhile (its own folder) is kept: the push is made again on top of it.
    github.state["race"] = {"ref": "heads/previews", "folder": "issue-99"}
    later = payload("edited", updated_at="2026-03-14T10:05:00Z")
    newer = jpeg("green")
    calls = publish(
        github,
        preview_artifact(tmp_path / "b", newer),
        later,
        updatedAt=later["issue"]["updated_at"],
    )
    previews_updates = [c for c in calls_of(calls, "updateRef") if c[1]["ref"] == "heads/previews"]
    assert len(previews_updates) == 2 and calls_of(calls, "threw", "warning") == []
    assert sorted(github.files("previews")) == sorted(
        ["README.md", "issue-99/other.jpg", shown_name("work", newer)]
    )
    body = report(github)
    assert shown_url(shown_name("work", newer)) in body
    assert not any(shown_url(name) in body for name in shown)
    # Closing the issue deletes its folder, and only its folder.
    github.state["issue"]["state"] = "closed"
    calls = github.run("cleanup", payload("closed"))
    assert sorted(github.files("previews")) == ["README.md", "issue-99/other.jpg"]
    assert github.head("intake/issue-7") is None


def linked(artifact: Path):
    (artifact / "previews" / "work.jpg").symlink_to(artifact / "files" / WORK / "index.md")


def linked_folder(artifact: Path):
    elsewhere = artifact.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "work.jpg").write_bytes(jpeg("red"))
    (artifact / "previews").rmdir()
    (artifact / "previews").symlink_to(elsewhere)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda a: (a / "previews" / "work.jpg").write_bytes(b"\x89PNG\r\n\x1a\n" + jpeg("red")),
        lambda a: (a / "previews" / "work.jpg").write_bytes(b"<svg onload=alert(1)>"),
        lambda a: (a / "previews" / "work.jpg").write_bytes(jpeg("red") + b"\0" * 1024 * 1024),
        lambda a: (a / "previews" / "work.jpg").mkdir(),
        linked,
        linked_folder,
        lambda a: None,  # no pictures at all: Chromium failed
        lambda a: (a / "previews" / "evil.jpg").write_bytes(jpeg("red")),  # not our name
    ],
    ids=["png-bytes", "svg", "too-big", "folder", "symlink", "linked-folder", "none", "other-name"],
)
def test_a_preview_that_is_not_a_picture_of_ours_is_refused_and_the_work_still_published(
    fake_github, tmp_path, spoil
):
    artifact = preview_artifact(tmp_path / "a")
    spoil(artifact)
    github = fake_github(payload())
    calls = publish(github, artifact)
    assert calls_of(calls, "threw", "failed") == []
    assert github.head("previews") is None  # nothing was pushed
    assert github.head("intake/issue-7") and calls_of(calls, "createPull")
    body = report(github)
    assert NO_PICTURE in body and "<img" not in body


EVENT_FOLDER = "content/events/taller-de-grabado"
EVENT_MANIFEST = {**MANIFEST, "action": "event", "written": [f"{EVENT_FOLDER}/index.md"]}
EVENT_FILES = {f"{EVENT_FOLDER}/index.md": b"---\ntitle: Taller de grabado\n---\n"}


def test_an_event_s_pictures_are_described_as_the_event_and_its_line_in_the_agenda(
    fake_github, tmp_path
):
    github = fake_github(payload())
    page, line = jpeg("red"), jpeg("blue")
    artifact = preview_artifact(tmp_path / "a", page, line, EVENT_MANIFEST, EVENT_FILES)
    calls = publish(github, artifact)
    assert calls_of(calls, "threw", "failed", "warning") == []
    body = report(github)
    assert 'alt="La página de tu evento en un teléfono"' in body
    assert 'alt="Tu evento en la agenda, en un teléfono"' in body
    assert "tu obra" not in body
    # No picture this time: said of the event too.
    later = payload("edited", updated_at="2026-03-14T10:05:00Z")
    publish(
        github, preview_artifact(tmp_path / "b", None, None, EVENT_MANIFEST, EVENT_FILES), later
    )
    body = report(github)
    assert "cómo se verá tu evento" in body and "tu obra" not in body
    # In English when the artist chose it.
    later = payload("edited", updated_at="2026-03-14T10:06:00Z")
    english = {**EVENT_MANIFEST, "lang": "en"}
    publish(github, preview_artifact(tmp_path / "c", page, line, english, EVENT_FILES), later)
    body = report(github)
    assert 'alt="Your event\'s page on a phone"' in body
    assert 'alt="Your event in the agenda, on a phone"' in body and "your work" not in body
    later = payload("edited", updated_at="2026-03-14T10:07:00Z")
    publish(github, preview_artifact(tmp_path / "d", None, None, english, EVENT_FILES), later)
    assert "how your event will look" in report(github)


def test_an_answer_without_a_new_work_removes_the_old_previews(fake_github, tmp_path):
    github = fake_github(payload())
    publish(github, preview_artifact(tmp_path / "a", jpeg("red")))
    assert any(name.startswith("issue-7/") for name in github.files("previews"))
    errors = {**MANIFEST, "status": "errors", "written": []}
    later = payload("edited", updated_at="2026-03-14T10:05:00Z")
    calls = publish(github, preview_artifact(tmp_path / "b", jpeg("blue"), manifest=errors), later)
    assert calls_of(calls, "threw", "warning") == []
    assert list(github.files("previews")) == ["README.md"] and "<img" not in report(github)


# ------------------------------------------------------------------------ the newest answer wins

FIRST, SECOND = "2026-03-14T10:01:00Z", "2026-03-14T10:02:00Z"


def test_an_older_run_never_replaces_a_newer_runs_branch_or_answer(fake_github, tmp_path):
    github = fake_github(payload("edited", updated_at=SECOND))
    newer = {**FILES, f"{WORK}/index.md": b"---\ntitle: nueva\n---\n"}
    publish(github, preview_artifact(tmp_path / "b", jpeg("blue"), files=newer), updatedAt=SECOND)
    branch, previews, answered = (
        github.head("intake/issue-7"),
        github.head("previews"),
        report(github),
    )
    assert f"<!-- altavoz-answered {SECOND} -->" in answered
    # GitHub ran the older event's publish last (its runner came late).
    calls = publish(github, preview_artifact(tmp_path / "a", jpeg("red")), updatedAt=FIRST)
    assert calls_of(calls, *WRITES, "threw") == []
    assert (github.head("intake/issue-7"), github.head("previews")) == (branch, previews)
    assert report(github) == answered
    # Nor does an older run's failure answer cover it.
    failed = {"intake": "failure", "status": "3", "preview": "", "published": "skipped"}
    calls = github.run("answer", payload("edited", updated_at=FIRST), **failed, updatedAt=FIRST)
    assert calls_of(calls, *WRITES) == [] and report(github) == answered
    # A newer one does replace it.
    later = "2026-03-14T10:03:00Z"
    calls = github.run("answer", payload("edited", updated_at=later), **failed, updatedAt="")
    assert "No pudimos procesar tu envío" in report(github) and later in report(github)


def notice(stamp: str) -> str:
    return f"<!-- altavoz-intake -->\n<!-- altavoz-answered {stamp} -->\nDemasiados cambios"


@pytest.mark.parametrize("theirs", [FIRST, "2026-03-14T10:03:00Z"], ids=["older", "newer"])
def test_two_jobs_writing_the_first_answer_at_once_leave_one_the_newest(
    fake_github, tmp_path, theirs
):
    """The gate's answer over a limit and a publish both found no answer and both wrote
    one, a second apart: the artist must read one answer, the one to the newest state."""
    github = fake_github(payload("edited", updated_at=SECOND))
    github.state["alsoCreated"] = {"issue": 7, "body": notice(theirs)}
    calls = publish(github, preview_artifact(tmp_path / "a", report="Listo"), updatedAt=SECOND)
    assert calls_of(calls, "threw", "failed") == []
    (left,) = github.issue_comments()
    if theirs > SECOND:
        assert left["body"] == notice(theirs)
    else:
        assert f"altavoz-answered {SECOND} -->\nListo" in left["body"]


def test_two_answers_left_by_an_earlier_race_become_one_at_the_next_answer(fake_github, tmp_path):
    github = fake_github(payload("edited", updated_at=SECOND))
    bot = {"user": {"login": "github-actions[bot]", "type": "Bot"}}
    github.state["comments"] = {
        "7": [{"id": 1, **bot, "body": notice(FIRST)}, {"id": 2, **bot, "body": notice(FIRST)}]
    }
    calls = publish(github, preview_artifact(tmp_path / "a", report="Listo"), updatedAt=SECOND)
    assert calls_of(calls, "threw", "failed") == []
    (left,) = github.issue_comments()
    assert left["id"] == 1 and f"altavoz-answered {SECOND} -->\nListo" in left["body"]


def test_an_answer_removed_by_another_jobs_tidying_is_written_anew(fake_github, tmp_path):
    github = fake_github(payload("edited", updated_at=SECOND))
    bot = {"user": {"login": "github-actions[bot]", "type": "Bot"}}
    github.state["comments"] = {"7": [{"id": 1, **bot, "body": notice(FIRST)}]}
    github.state["removedMeanwhile"] = 1
    calls = publish(github, preview_artifact(tmp_path / "a", report="Listo"), updatedAt=SECOND)
    assert calls_of(calls, "threw", "failed") == []
    (left,) = github.issue_comments()
    assert f"altavoz-answered {SECOND} -->\nListo" in left["body"]


@pytest.mark.parametrize(
    "dating",
    [
        "<!-- altavoz-answered 2099-01-01T00:00:00Z -->",
        # one inside another: removed once, the outer one would be joined back
        "<!-- altavoz<!-- altavoz-answered-answered 2099-01-01T00:00:00Z -->",
        "<!-- altavoz<!-- altavoz<!-- altavoz-answered-answered-answered 2099-01-01T00:00:00Z -->",
        "<!-- altavoz<!-- altavoz-intake -->-answered 2099-01-01T00:00:00Z -->",
    ],
    ids=["plain", "nested", "nested-twice", "nested-in-another-marker"],
)
def test_a_report_cannot_date_the_answer_in_the_future(fake_github, tmp_path, dating):
    """The artifact's report is untrusted: written without a date of ours (no state read),
    its first line would be the comment's dating line, and one of 2099 would make every
    later answer skip as older."""
    github = fake_github(payload())
    forged = f"{dating}\n¡Listo!"
    calls = publish(github, preview_artifact(tmp_path / "a", report=forged), updatedAt="")
    assert calls_of(calls, "threw", "failed") == []
    assert "altavoz-answered" not in report(github)
    later = payload("edited", updated_at=SECOND)
    publish(github, preview_artifact(tmp_path / "b", report="Nuevo"), later, updatedAt=SECOND)
    dated = f"<!-- altavoz-intake -->\n<!-- altavoz-answered {SECOND} -->\nNuevo"
    assert report(github).startswith(dated)


@pytest.mark.parametrize("unreadable", [None, 403, 404, 410, "transferred", "deleted"])
def test_a_cleanup_after_the_issue_was_reopened_keeps_what_the_publish_made(
    fake_github, tmp_path, unreadable
):
    """Closed and reopened while its intake ran: the closing's cleanup waited in the queue
    behind the publish that answered the open issue, and must not take away the pull request
    and the pictures that answer names. Closed for good, or an issue that cannot be read
    (deleted, or a token without `issues: read`), or one transferred or deleted: everything
    goes, as before."""
    github = fake_github(payload())
    work = jpeg("red")
    publish(github, preview_artifact(tmp_path / "a", work))
    calls = github.run("cleanup", payload("closed"))  # the issue is open again
    assert calls_of(calls, "updatePull", "deleteRef", "threw", "failed") == []
    assert github.head("intake/issue-7") and github.state["pulls"][0]["state"] == "open"
    assert shown_name("work", work) in github.files("previews")
    gone = payload("closed")
    if unreadable in ("transferred", "deleted"):
        gone = payload(unreadable)  # the API may answer with the issue where it went, open
    elif unreadable:
        github.state["issueStatus"] = unreadable
    else:
        github.state["issue"]["state"] = "closed"
    calls = github.run("cleanup", gone)
    assert calls_of(calls, "threw", "failed") == []
    assert github.head("intake/issue-7") is None and github.state["pulls"][0]["state"] == "closed"
    assert list(github.files("previews")) == ["README.md"]


def test_a_publish_that_finds_the_issue_closed_cleans_up_as_the_cleanup_it_replaced(
    fake_github, tmp_path
):
    github = fake_github(payload())
    publish(github, preview_artifact(tmp_path / "a", jpeg("red")))
    github.state["issue"]["state"] = "closed"
    later = payload("edited", updated_at=SECOND)
    calls = publish(github, preview_artifact(tmp_path / "b", jpeg("blue")), later, updatedAt=SECOND)
    assert calls_of(calls, "createComment", "updateComment", "threw") == []
    assert github.head("intake/issue-7") is None and github.state["pulls"][0]["state"] == "closed"
    assert list(github.files("previews")) == ["README.md"]


def test_the_intake_reads_the_issue_as_it_is_now(fake_github, tmp_path):
    event = payload("edited", body="el texto del evento", updated_at=FIRST)
    github = fake_github(event)
    now = "### Título / Title\r\n\r\nRaíces 🌽\r\n\r\n### Técnica\r\n\r\n_No response_"
    github.state["issue"].update(body=now, updated_at=SECOND, title="Otro título")
    calls = github.run("refresh", out=str(tmp_path / "event.json"))
    written = json.loads((tmp_path / "event.json").read_text(encoding="utf-8"))
    assert written["issue"]["body"] == now and written["issue"]["title"] == "Otro título"
    assert {key: written[key] for key in ("action", "sender", "changes")} == {
        key: event[key] for key in ("action", "sender", "changes")
    }
    assert outputs(calls) == {
        "updated-at": SECOND,
        "body-sha256": hashlib.sha256(now.encode("utf-8")).hexdigest(),
    }
    # An artifact made from another text than the one read is not published.
    manifest = {**MANIFEST, "body_sha256": hashlib.sha256(b"el texto del evento").hexdigest()}
    calls = publish(github, preview_artifact(tmp_path / "a", manifest=manifest),
                    bodySha256=outputs(calls)["body-sha256"])  # fmt: skip
    assert calls_of(calls, "failed") and calls_of(calls, *WRITES) == []


# ------------------------------------------------------------------------ races


class Race:
    """Edits of one issue and the steps of their runs, in an order GitHub may choose.

    Steps: ("edit", i) the author edits the form (the issue changes, event i is sent);
    ("start", i) event i's intake job starts: GitHub cancels the intake running for the
    issue (its group), then the refresh step reads the issue; ("finish", i) the intake
    ends with an artifact made from what it read; ("publish", i) its publish job. A
    cancelled run neither finishes nor publishes.
    """

    def __init__(self, github: FakeGitHub, folder: Path):
        self.github, self.folder = github, folder
        self.events, self.read, self.outputs, self.running = {}, {}, {}, set()
        self.cancelled, self.finished, self.clock = set(), set(), 0

    def edit(self, i, body=None, *, title_only=False):
        self.clock += 1
        stamp = f"2026-03-14T10:00:{self.clock:02d}Z"
        issue = self.github.state["issue"]
        issue["updated_at"] = stamp
        if title_only:  # a maintainer fixes the title: the gate lets nothing through
            issue["title"] = f"título {self.clock}"
            return
        issue["body"] = body or f"versión {i}"
        self.events[i] = payload("edited", body=issue["body"], updated_at=stamp)

    def start(self, i):
        self.cancelled |= self.running
        self.running = {i}
        out = self.folder / f"event-{i}.json"
        self.outputs[i] = outputs(self.github.run("refresh", self.events[i], out=str(out)))
        self.read[i] = json.loads(out.read_text(encoding="utf-8"))["issue"]["body"]

    def finish(self, i):
        if i in self.cancelled:
            return
        self.running.discard(i)
        self.finished.add(i)
        body = self.read[i]
        manifest = {**MANIFEST, "title": body,
                    "body_sha256": hashlib.sha256(body.encode()).hexdigest()}  # fmt: skip
        files = {**FILES, f"{WORK}/index.md": f"---\ntitle: {body}\n---\n".encode()}
        preview_artifact(self.folder / f"artifact-{i}", picture(body), manifest=manifest,
                         files=files, report=f"Listo: {body}")  # fmt: skip

    def publish(self, i):
        if i not in self.finished:
            return
        outs = self.outputs[i]
        calls = publish(self.github, self.folder / f"artifact-{i}", self.events[i],
                        updatedAt=outs["updated-at"], bodySha256=outs["body-sha256"])  # fmt: skip
        assert calls_of(calls, "threw", "failed", "warning") == [], calls

    def assert_answers(self, body: str):
        """One comment on the issue, answering `body`, with the branch and the picture
        made from it, and nothing of any other version."""
        github = self.github
        answered = report(github)
        assert body in answered
        assert not any(other in answered for other in self.versions() if other != body)
        index = github.files("intake/issue-7")[f"{WORK}/index.md"].decode()
        assert index == f"---\ntitle: {body}\n---\n"
        pictures = [name for name in github.files("previews") if name.startswith("issue-7/")]
        assert pictures == [shown_name("work", picture(body))]
        assert shown_url(pictures[0]) in answered

    def versions(self):
        return {event["issue"]["body"] for event in self.events.values()}


def picture(body: str) -> bytes:
    digest = hashlib.sha256(body.encode()).digest()
    return jpeg(f"#{digest[:3].hex()}")


def schedules(events: int):
    """Every order of the steps of `events` edits made one after the other, each step of a
    run after the one before it (edit, start, finish, publish)."""
    kinds = ("edit", "start", "finish", "publish")

    def extend(done, progress):
        if all(p == len(kinds) for p in progress):
            yield done
            return
        for i in range(events):
            step = progress[i]
            if step == len(kinds):
                continue
            if step == 0 and i and progress[i - 1] == 0:
                continue  # the edits happen in order
            yield from extend(
                [*done, (kinds[step], i)], [*progress[:i], step + 1, *progress[i + 1 :]]
            )

    yield from extend([], [0] * events)


def effect(schedule) -> tuple:
    """What a schedule changes for the script: which edits each start read, which runs
    GitHub cancelled, and the order of what reaches the API. Orders with the same effect
    are run once."""
    edits, running, cancelled, trace = 0, set(), set(), []
    for kind, i in schedule:
        if kind == "edit":
            edits += 1
        elif kind == "start":
            cancelled |= running
            running = {i}
            trace.append(("start", i, edits))
        elif kind == "finish":
            running.discard(i)
        elif i not in cancelled:
            trace.append(("publish", i))
    return tuple(trace), frozenset(cancelled)


def distinct(events: int):
    seen = {}
    for schedule in schedules(events):
        seen.setdefault(effect(schedule), schedule)
    return list(seen.values())


def test_the_schedules_are_all_the_orders_github_may_choose():
    assert len(list(schedules(2))) == 35  # 8 steps, 4 of each run in order, edits in order
    assert len(distinct(2)) < 35  # each effect runs once


@pytest.mark.slow
@pytest.mark.parametrize("schedule", distinct(2), ids=lambda s: "-".join(f"{k}{i}" for k, i in s))
def test_two_quick_edits_end_with_one_answer_to_the_newest_text(fake_github, tmp_path, schedule):
    race = Race(fake_github(payload("opened", body="versión 0")), tmp_path)
    for kind, i in schedule:
        getattr(race, kind)(i)
    race.assert_answers("versión 1")
    assert len(race.github.issue_comments()) == 1


def test_a_title_fixed_meanwhile_and_an_edit_while_the_previous_publish_waits(
    fake_github, tmp_path
):
    race = Race(fake_github(payload("opened", body="versión 0")), tmp_path)
    race.edit(0)
    race.start(0)
    race.edit(None, title_only=True)  # a maintainer fixes the title: nothing runs
    race.finish(0)
    race.edit(1)  # the author edits again while run 0 waits to publish
    race.start(1)
    race.publish(0)
    race.edit(None, title_only=True)
    race.finish(1)
    race.publish(1)
    race.assert_answers("versión 1")
    # Three edits; the second run's intake starts first and the first one's last.
    race = Race(fake_github(payload("opened", body="versión 0")), tmp_path / "three")
    (tmp_path / "three").mkdir()
    for i in range(3):
        race.edit(i)
    for kind, i in [("start", 2), ("start", 1), ("finish", 2), ("start", 0), ("finish", 0),
                    ("publish", 0), ("finish", 1), ("publish", 2)]:  # fmt: skip
        getattr(race, kind)(i)
    race.assert_answers("versión 2")


def test_an_edit_refused_over_a_limit_is_not_covered_by_an_older_run(fake_github, tmp_path):
    race = Race(fake_github(payload("opened", body="versión 0")), tmp_path)
    race.edit(0)
    race.start(0)
    race.finish(0)
    race.edit(1)  # over the hour's limit: the gate answers, nothing runs
    race.github.state["runs"] = {"luzmendoza": 11}
    calls = race.github.run("gate", race.events[1])
    notice = report(race.github)
    assert outputs(calls)["proceed"] == "false" and "en la última hora" in notice
    race.publish(0)  # the older run publishes after the notice
    assert report(race.github) == notice


# ------------------------------------------------------------------------ one rule for names


def test_the_name_rules_the_script_reads_are_the_cores():
    """`.github/scripts/name-rules.json` is what the Python core says today."""
    committed = (ROOT / ".github" / "scripts" / "name-rules.json").read_text(encoding="utf-8")
    assert committed == render(project_settings(ROOT)), (
        "the name rules changed: run `python -m altavoz_submit.name_rules` and commit the file"
    )


# Names as an artist, a phone or an attacker might send them: each hostile character of
# the generator's list at the places a loose rule lets through, Windows's names, junk.
TEMPLATES = ("{}foto.jpg", "foto{}.jpg", "foto.jpg{}", "{}con.jpg", "con{}.png", "foto.{}jpg")
FIXED_NAMES = [
    "index.md", "INDEX.md", "index.MD", "foto.jpg", "Foto 1.JPG", "raíz.jpeg", "rai\u0301z.jpeg",
    "foto.JPE", "foto.webp", "foto.gif", "foto.HIF", "foto.heic", "foto.tar.gz", "foto.svg",
    "foto.exe", "foto.jpg.exe", "foto.", ".jpg", "foto", "..", ".", "._", "._foto.jpg",
    ".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", ".git", ".gitattributes", ".htaccess",
    "con", "con.jpg", "CON.JPG", " con .jpg", "aux.png", "lpt1.heic", "com¹.jpg", "nul.tar.jpg",
    "\u212a.jpg", "\ufb01.png", "a\u202egpj.exe", "x" * 251 + ".jpg", "é" * 126 + ".jpg",
    "é" * 127 + ".jpg", "a/b.jpg", "a\0.jpg", "",
]  # fmt: skip
FOLDERS = [
    "luz-mendoza", "luz", "l", "a" * 80, "a" * 81, "Luz", "luz_mendoza", "luz--mendoza", "-luz",
    "luz-", "con", "con-1", "nul", "lpt1", "luz.", ".luz", "luz\n", "lúz", "ｌｕｚ", "l\u200buz",
]  # fmt: skip


def hostile_names() -> list[str]:
    special = [ch for ch in SPECIAL if unicodedata.category(ch) != "Cs"]
    return FIXED_NAMES + [template.format(ch) for ch in special for template in TEMPLATES]


def check_verdicts(tmp_path: Path, names: list[str]) -> dict[str, bool]:
    """name -> whether the moderation check accepts a file of that name in a work's folder
    (no error about it), or False when no file system here can hold such a name."""
    folder = tmp_path / "content" / "works" / "luz-mendoza" / "obra"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    made = {}
    for name in names:
        try:
            (folder / name).write_bytes(b"\xff\xd8\xff")
            made[name] = (folder / name).is_file() and (folder / name).name == name
        except (OSError, ValueError):  # NUL, a slash, a name over 255 bytes
            made[name] = False
    settings = create_settings()
    (work,) = [s for s in discover(tmp_path / "content") if s.kind == "work"]
    refused = {f.path for f in check_layout(work, settings) if f.severity == "error"}
    return {
        name: made[name] and f"content/works/luz-mendoza/obra/{name}" not in refused
        for name in names
    }


def folder_verdicts(tmp_path: Path, names: list[str]) -> dict[str, bool]:
    """folder -> whether the check accepts it as an artist's folder (and a work's)."""
    content = tmp_path / "folders" / "content"
    made = {}
    for name in names:
        try:
            (content / "artists" / name).mkdir(parents=True)
            (content / "artists" / name / "index.md").write_text("---\nname: x\n---\n")
            made[name] = True
        except OSError:
            made[name] = False
    settings = create_settings()
    verdicts = {}
    for submission in discover(content):
        name = submission.path.split("/")[2]
        check = check_layout if submission.kind == "artist" else check_stray
        errors = [f for f in check(submission, settings) if f.severity == "error"]
        verdicts[name] = made[name] and not errors
    return {name: verdicts.get(name, False) for name in names}


def script_verdicts(paths: list[str]) -> list[bool]:
    node = require_node("the intake workflow's script")
    program = (
        "const { isSubmissionFile } = require(process.argv[1]);"
        "const paths = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(paths.map(isSubmissionFile)));"
    )
    done = subprocess.run(
        [node, "-e", program, str(SCRIPT)], input=json.dumps(paths), capture_output=True,
        text=True, check=True, timeout=60,
    )  # fmt: skip
    return json.loads(done.stdout)


def test_the_script_accepts_exactly_the_file_names_the_check_accepts(tmp_path):
    names = hostile_names()
    check = check_verdicts(tmp_path, names)
    paths = [f"content/works/luz-mendoza/obra/{name}" for name in names]
    paths += [f"content/artists/luz-mendoza/{name}" for name in names]
    script = script_verdicts(paths)
    works, artists = script[: len(names)], script[len(names) :]
    assert works == artists  # the same rule in an artist's folder
    differ = {name: (check[name], ours) for name, ours in zip(names, works, strict=True)
              if check[name] != ours}  # fmt: skip
    assert differ == {}
    # What a phone or a computer names a photo, which the check accepts, can be withdrawn;
    # and neither lets a hidden or reserved name through.
    assert check["Foto 1.JPG"] and check["raíz.jpeg"] and check["Thumbs.db"]
    assert not check[".git"] and not check["con.jpg"] and not check["foto.jpg\n"]


def test_the_script_accepts_exactly_the_folders_the_check_accepts(tmp_path):
    check = folder_verdicts(tmp_path, FOLDERS)
    paths = [f"content/artists/{name}/index.md" for name in FOLDERS]
    paths += [f"content/works/{name}/obra/index.md" for name in FOLDERS]
    paths += [f"content/works/luz-mendoza/{name}/index.md" for name in FOLDERS]
    script = script_verdicts(paths)
    n = len(FOLDERS)
    for part in (script[:n], script[n : 2 * n], script[2 * n :]):
        assert dict(zip(FOLDERS, part, strict=True)) == check
    assert check["luz-mendoza"] and not check["con"] and not check["luz\n"]


EVENT_FOLDERS = [*FOLDERS, "embed", "page", "ics", "feed", "feeds", "index", "embed-2", "agenda"]
EVENT_INDEX = (
    "---\ntitle: Taller\nstart: 2027-03-14 18:00\nduration: 2h\nvenue: Casa\n"
    "organizers: luz-mendoza\nconsent: yes\n---\n\nUn taller.\n"
)


def event_folder_verdicts(tmp_path: Path, names: list[str]) -> dict[str, bool]:
    """folder -> whether the check accepts it as an event's folder (no error about it)."""
    from altavoz_submit.project import check_report

    root = tmp_path / "events-site"
    content = root / "content"
    (content / "artists" / "luz-mendoza").mkdir(parents=True)
    (content / "artists" / "luz-mendoza" / "index.md").write_text("---\nname: Luz\n---\n\nBio.\n")
    made = {}
    for name in names:
        try:
            (content / "events" / name).mkdir(parents=True)
            (content / "events" / name / "index.md").write_text(EVENT_INDEX, encoding="utf-8")
            made[name] = True
        except OSError:
            made[name] = False
    report = check_report(root, None, create_settings())
    refused = {f.path.split("/")[2] for f in report.findings
               if f.severity == "error" and f.path.startswith("content/events/")}  # fmt: skip
    return {name: made[name] and name not in refused for name in names}


def test_the_script_accepts_exactly_the_event_folders_and_files_the_check_accepts(tmp_path):
    check = event_folder_verdicts(tmp_path, EVENT_FOLDERS)
    script = script_verdicts([f"content/events/{name}/index.md" for name in EVENT_FOLDERS])
    assert dict(zip(EVENT_FOLDERS, script, strict=True)) == check
    assert check["luz-mendoza"] and check["agenda"] and not check["embed"] and not check["con"]
    # In an event's folder, the same file names as in a work's.
    names = hostile_names()
    files = script_verdicts([f"content/events/taller/{name}" for name in names])
    works = script_verdicts([f"content/works/luz-mendoza/obra/{name}" for name in names])
    assert files == works


def test_the_script_refuses_paths_outside_a_submission_folder():
    paths = [
        "content/works/luz-mendoza/obra", "content/works/luz-mendoza/obra/sub/index.md",
        "content/works/luz-mendoza/index.md", "content/artists/index.md", "content/pages/x.md",
        "/content/works/luz-mendoza/obra/index.md", "content//works/luz-mendoza/obra/index.md",
        "content/events/index.md", "content/events/taller/fotos/a.jpg", "content/events/taller",
        "content/events/embed/index.md", "content/events/../works/index.md",
        ".github/workflows/intake.yml", "content/works/luz-mendoza/../obra/index.md", 7, None,
    ]  # fmt: skip
    assert script_verdicts(paths) == [False] * len(paths)


def test_a_work_the_check_accepted_can_be_withdrawn_through_the_form(fake_github, tmp_path):
    github = fake_github(payload())
    published = {**MAIN_FILES, f"{WORK}/Foto 1.JPG": b"\xff\xd8\xff", f"{WORK}/Thumbs.db": b"x"}
    github.main = github.commit(published, message="a work sent with git")
    git(github.repo, "update-ref", "refs/heads/main", github.main)
    removed = sorted(name for name in published if name.startswith(WORK))
    manifest = {**MANIFEST, "action": "withdraw", "written": [], "removed": removed}
    calls = publish(github, make_artifact(tmp_path / "a", manifest, {}))
    assert calls_of(calls, "threw", "failed") == []
    assert sorted(github.files(github.head("intake/issue-7"))) == [
        "content/artists/luz-mendoza/index.md"
    ]


# ------------------------------------------------------------------------ the workflow's new steps


def test_the_pictures_are_taken_after_the_build_and_never_stop_the_intake():
    intake = load("intake.yml")["jobs"]["intake"]
    named = {step.get("id"): step for step in intake["steps"] if step.get("id")}
    order = [step.get("id") for step in intake["steps"]]
    assert order.index("build") < order.index("playwright") < order.index("shots")
    for name in ("playwright", "shots"):
        assert named[name]["continue-on-error"] is True and named[name]["timeout-minutes"] <= 3
    assert named["playwright"]["run"] == '.venv/bin/pip install -e ".[preview]"'
    assert named["shots"]["run"] == (
        '.venv/bin/invoke preview-shots --manifest "$OUT/manifest.json" --out "$OUT/previews"'
    )
    (upload,) = [s for s in uses(load("intake.yml"), "actions/upload-artifact")
                 if s["with"]["name"] == "altavoz-intake"]  # fmt: skip
    assert (
        upload["with"]["path"] == "${{ runner.temp }}/intake/" == named["shots"]["env"]["OUT"] + "/"
    )
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert extras["project"]["optional-dependencies"]["preview"] == ["playwright>=1.45"]


def test_the_issue_is_read_before_any_project_code_and_handed_to_publish():
    workflow = load("intake.yml")
    intake = workflow["jobs"]["intake"]
    order = [step.get("id") or step.get("uses", step.get("run", "")) for step in intake["steps"]]
    first_project = next(i for i, s in enumerate(intake["steps"]) if ".venv/" in s.get("run", ""))
    assert order.index("refresh") < first_project  # its outputs come before any of our code
    assert intake["outputs"]["updated-at"] == "${{ steps.refresh.outputs.updated-at }}"
    assert intake["outputs"]["body-sha256"] == "${{ steps.refresh.outputs.body-sha256 }}"
    (publish,) = [s for s in workflow["jobs"]["publish"]["steps"] if s.get("id") == "publish"]
    assert publish["env"]["UPDATED_AT"] == "${{ needs.intake.outputs.updated-at }}"
    assert publish["env"]["BODY_SHA256"] == "${{ needs.intake.outputs.body-sha256 }}"
    assert "updatedAt: process.env.UPDATED_AT" in publish["with"]["script"]
    assert "bodySha256: process.env.BODY_SHA256" in publish["with"]["script"]


@pytest.mark.parametrize(
    "title",
    ["Raíz 🌽 \u202e", "Raíz \ud83c \udf3d\udf3d \ud800"],
    ids=["text", "lone-surrogates"],  # an event file may hold \ud800 escapes (JSON allows them)
)
def test_the_manifest_and_the_script_hash_the_same_text(fake_github, tmp_path, title):
    """The intake's manifest names the text it read by the hash intake.js gives it."""
    body = f"### Título / Title\r\n\r\n{title}\r\n\r\n### Otra\r\n\r\n_No response_\n"
    event = payload("edited", body=body, updated_at=SECOND)
    event["issue"]["labels"] = [{"name": "envío"}]
    outcome = run_intake(ROOT, event)
    github = fake_github(event)
    calls = github.run("refresh", out=str(tmp_path / "event.json"))
    assert outcome.manifest["body_sha256"] == outputs(calls)["body-sha256"]
    assert outcome.manifest["updated_at"] == SECOND


# ------------------------------------------------------------------------ the title as plain text

# What GitHub links or acts on in plain text (a pull request's title, a commit message):
# references (#4, owner/repo#4, GH-4), mentions, addresses. A closing keyword before a
# reference in a commit message closes that issue once the commit reaches the default
# branch, and a squash merge makes the pull request's title a commit message.
GITHUB_REFERENCE = re.compile(r"#\d|@\w|\bgh-\d|\w://|\bwww\.", re.IGNORECASE)
HOSTILE_TITLE = (
    "Mural fixes #3, closes altavoz-mx/altavoz#4, resolves GH-5, "
    "cierra https://github.com/altavoz-mx/altavoz/issues/6 @equipo www.x.org"
)


@pytest.mark.parametrize(
    "title", [HOSTILE_TITLE, "a" * 79 + "🌽 de temporal"], ids=["references", "emoji-at-the-cut"]
)
def test_a_title_cannot_close_or_name_another_issue_in_the_pull_request_or_commit(
    fake_github, tmp_path, title
):
    files = {f"{WORK}/index.md": b"x", f"{WORK}/raices-de-maiz-1.jpg": b"\xff\xd8\xff y"}
    manifest = {**MANIFEST, "title": title}
    github = fake_github(payload())
    calls = github.run("publish", dir=str(make_artifact(tmp_path / "a", manifest, files)),
                       runUrl="https://github.invalid/run/1", checkStatus="0")  # fmt: skip
    assert calls_of(calls, "threw", "failed") == []
    (pull,) = [call[1] for call in calls if call[0] == "createPull"]
    message = git(github.repo, "log", "-1", "--format=%B", github.head("intake/issue-7")).decode()
    for line in (pull["title"], message.split("\n")[0]):
        assert GITHUB_REFERENCE.findall(line) == [], line
        shown = line.replace("\u2060", "").removeprefix("Obra nueva: ")
        assert title.startswith(shown) and len(shown) >= 60  # reads as written, cut whole
        shown.encode("utf-8")  # whole characters: the API refuses half an emoji
    assert GITHUB_REFERENCE.findall(message) == ["#7", "#7"]  # only the issue it comes from


# ------------------------------------------------------------------------ one author, in turn

ANSWER = "<!-- altavoz-intake -->\n<!-- altavoz-answered 2026-03-14T10:01:00Z -->\nListo"
WAIT_LIMIT, WAIT_POLL = 10 * 60 * 1000, 20 * 1000  # as intake.js states them (tested)


def refresh_of(github: FakeGitHub, folder: Path, event=None) -> tuple[list, dict]:
    """One refresh step: its calls and the event file it wrote."""
    out = folder / "event.json"
    calls = github.run("refresh", event, out=str(out))
    assert calls_of(calls, "threw", "failed") == [], calls
    return calls, json.loads(out.read_text(encoding="utf-8"))


def slept(calls) -> list[int]:
    return [call[1] for call in calls_of(calls, "sleep")]


def test_a_second_issue_of_the_author_waits_until_the_first_is_answered(fake_github, tmp_path):
    github = fake_github(payload(number=8, body="versión vieja"))
    github.state["open"] = mine(7, 8)
    github.state["meanwhile"] = [
        {"after": 2, "edit": "versión nueva"},  # the author edits issue 8 meanwhile
        {"after": 3, "comment": {"issue": 7, "body": ANSWER}},  # issue 7's publish answers
    ]
    calls, written = refresh_of(github, tmp_path)
    assert slept(calls) == [WAIT_POLL] * 3
    assert calls_of(calls, "warning") == []
    # The issue is read once the wait is over: the intake gets its newest text.
    assert written["issue"]["body"] == "versión nueva"
    assert outputs(calls)["body-sha256"] == hashlib.sha256("versión nueva".encode()).hexdigest()
    # Cheap on the API: one listing a poll; issue 7's comments read once, when they changed.
    assert len(calls_of(calls, "listIssues")) == 4
    (read,) = calls_of(calls, "listComments")
    assert read[1]["issue_number"] == 7
    for _, listed in calls_of(calls, "listIssues"):
        assert listed["creator"] == "luzmendoza" and listed["state"] == "open"


def closed(number: int) -> list[dict]:
    return [{**mine(number)[0], "state": "closed"}]


STALE = "2026-03-14T08:00:00Z"  # two and a half hours before the fake's clock: no run under way
OURS = {"id": 1, "user": {"type": "Bot"}, "body": ANSWER}
NOT_WAITED_FOR = {
    "another-author": (mine(5, login="otra") + mine(8), {}, ()),
    "higher-numbers": (mine(8, 9, 12), {}, ()),
    "closed": (closed(5) + mine(8), {}, ()),
    "not-a-form": ([{**mine(5)[0], "labels": [{"name": "bug"}]}, *mine(8)], {}, ()),
    "answered-unlabelled": ([{**mine(5)[0], "labels": []}, *mine(8)], {5: [OURS]}, ()),
    "pull-request": (mine(8, pulls=(5,)), {}, ()),
    "answered": (mine(5, 8), {5: [OURS]}, ()),
    "published": (mine(5, 8), {}, ("intake/issue-5",)),
    "stale": ([{**mine(5)[0], "updated_at": STALE}, *mine(8)], {}, ()),
    # Locked by a maintainer: the gate takes nothing in there, so no answer will come.
    "locked": ([{**mine(5)[0], "locked": True}, *mine(8)], {}, ()),
}


@pytest.mark.parametrize("case", NOT_WAITED_FOR)
def test_a_lower_issue_that_is_not_being_answered_is_not_waited_for(run_script, tmp_path, case):
    others, comments, branches = NOT_WAITED_FOR[case]
    out = tmp_path / "e.json"
    calls = run_script("refresh", payload(number=8), open_issues=others, branches=branches,
                       comments=comments, args={"out": str(out)})  # fmt: skip
    assert calls_of(calls, "threw", "failed", "warning") == []
    assert slept(calls) == [] and len(calls_of(calls, "listIssues")) == 1
    assert json.loads(out.read_text(encoding="utf-8"))["issue"]["number"] == 8


def test_an_earlier_issue_never_answered_is_waited_for_ten_minutes_at_most(fake_github, tmp_path):
    github = fake_github(payload(number=8))
    github.state["open"] = mine(5, 7, 8)
    # The author's copy of our answer is no answer.
    github.state["comments"] = {"5": [{"id": 1, "user": {"type": "User"}, "body": ANSWER}]}
    calls, written = refresh_of(github, tmp_path)
    assert sum(slept(calls)) == WAIT_LIMIT and max(slept(calls)) <= WAIT_POLL
    (warning,) = calls_of(calls, "warning")
    assert "#5, #7" in warning[1] and "going on" in warning[1]
    assert written["issue"]["number"] == 8
    # Issue 5's comments did not change: they are read once, not at every poll.
    assert len(calls_of(calls, "listComments")) == 1
    assert len(calls_of(calls, "listIssues")) == WAIT_LIMIT // WAIT_POLL + 1
    # The constants are the script's, and the step's own limit leaves it a minute more.
    script = SCRIPT.read_text(encoding="utf-8")
    assert "const WAIT_LIMIT = 10 * 60 * 1000;" in script
    assert "const WAIT_POLL = 20 * 1000;" in script
    (step,) = [s for s in load("intake.yml")["jobs"]["intake"]["steps"] if s.get("id") == "refresh"]
    assert step["timeout-minutes"] * 60 * 1000 >= WAIT_LIMIT + 60 * 1000


def test_the_wait_is_skipped_when_the_api_fails_and_the_issue_still_read(run_script, tmp_path):
    out = tmp_path / "event.json"
    calls = run_script("refresh", payload(number=8), open_issues=mine(7, 8), fail="listIssues",
                       args={"out": str(out)})  # fmt: skip
    assert calls_of(calls, "threw", "failed", "sleep") == []
    (warning,) = calls_of(calls, "warning")
    assert "not waiting" in warning[1]
    assert json.loads(out.read_text(encoding="utf-8"))["issue"]["number"] == 8


def test_a_closed_earlier_issue_ends_the_wait(fake_github, tmp_path):
    github = fake_github(payload(number=8))
    github.state["open"] = mine(7, 8)
    github.state["meanwhile"] = [{"after": 2, "close": 7}]
    calls, _ = refresh_of(github, tmp_path)
    assert slept(calls) == [WAIT_POLL] * 2 and calls_of(calls, "warning") == []


@pytest.mark.parametrize(
    "login", ["luz/../../issues/1?creator=x&labels=y#z", "luz mendoza%2F..", "@everyone"]
)
def test_the_authors_login_is_a_query_value_from_the_issue_never_a_path(
    fake_github, tmp_path, login
):
    # A maintainer edits: the author is still the issue's, never the editor or the text.
    event = payload("edited", author=login, sender="equipo", number=8,
                    body="creator: otra\nluzmendoza")  # fmt: skip
    github = fake_github(event)
    github.state["open"] = mine(7, 8, login=login) + mine(6, login="otra") + mine(5)
    github.state["meanwhile"] = [{"after": 1, "comment": {"issue": 7, "body": ANSWER}}]
    calls, _ = refresh_of(github, tmp_path)
    assert slept(calls) == [WAIT_POLL]  # waited for its own issue 7 only
    listed = calls_of(calls, "listIssues")
    assert {call[1]["creator"] for call in listed} == {login}
    for call in calls:
        if call[0] != "listIssues":
            assert login not in json.dumps(call, ensure_ascii=False), call


@pytest.mark.parametrize("login", ["luzmendoza", "", None])
def test_no_author_waits_for_another_authors_issues_whatever_the_listing_says(
    fake_github, tmp_path, login
):
    """Another author's unanswered form issues, listed by an API that did not filter by the
    creator (or for an issue whose author has no login to filter by), make no one wait."""
    event = payload(number=8)
    event["issue"]["user"] = {"login": login}
    github = fake_github(event)
    github.state["unfiltered"] = True
    github.state["open"] = mine(5, login="otra") + mine(6, login="") + mine(8, login=login)
    calls, written = refresh_of(github, tmp_path)
    assert slept(calls) == [] and calls_of(calls, "warning") == []
    assert written["issue"]["number"] == 8


def test_a_new_artists_two_issues_make_one_profile(fake_github, tmp_path):
    """Issue 8 of a new artist is opened while issue 7's run is under way: its refresh
    waits for 7's publish, the intake job's checkout then holds 7's branch, and the
    intake finds the profile waiting there: one profile across the two branches."""
    from altavoz_submit.intake.messages import message
    from altavoz_submit.intake.process import write_outputs
    from intake_support import artists_project, attached_photos, event, new_work_body, on_github
    from submit_support import git as in_checkout

    project = artists_project(tmp_path)
    bare = on_github(project, tmp_path)
    photos = attached_photos(tmp_path)
    luz = {"author": "luzmendoza", "user_id": 583231}

    # Issue 7's intake job (its publish runs while issue 8's refresh waits).
    first = run_intake(
        project, event(new_work_body(alt="Un mural"), number=7, **luz), attachments_dir=photos
    )
    assert first.code == 0, first.report
    write_outputs(first, project, tmp_path / "artifact-7")
    in_checkout(project, "clean", "-qfdx", "content")
    profile = (tmp_path / "artifact-7/files/content/artists/luz-mendoza/index.md").read_bytes()

    second_body = new_work_body(title="Sol de barrio", name="Luz M.", bio="Otra bio.", alt="Un sol")
    second = event(second_body, number=8, **luz)
    github = fake_github(second)
    github.repo, github.state["git"] = bare, str(bare)
    github.state["issue"].update(title=second["issue"]["title"])
    github.state["open"] = mine(7, 8)
    seven = {
        **event(new_work_body(alt="Un mural"), number=7, **luz),
        "repository": {"default_branch": "main"},
    }
    github.state["meanwhile"] = [{"after": 2, "run": "publish", "payload": seven, "args": {
        "dir": str(tmp_path / "artifact-7"), "runUrl": "https://github.invalid/run/7",
        "checkStatus": "0", "updatedAt": "", "bodySha256": ""}}]  # fmt: skip
    calls, written = refresh_of(github, tmp_path)
    assert slept(calls) == [WAIT_POLL] * 2 and calls_of(calls, "warning") == []
    assert github.files("intake/issue-7")["content/artists/luz-mendoza/index.md"] == profile

    # Issue 8's intake job: its checkout fetches every branch, then the intake runs.
    in_checkout(project, "fetch", "-q", "origin")
    outcome = run_intake(project, written, attachments_dir=photos)
    assert outcome.code == 0, outcome.report
    assert sorted(p.name for p in (project / "content/artists").iterdir()) == [
        "luz-mendoza", "mateo-cisneros"
    ]  # fmt: skip
    assert (project / "content/artists/luz-mendoza/index.md").read_bytes() == profile
    # The profile waiting on issue 7's branch, byte for byte (both branches merge cleanly).
    pending = message("artist_pending", "es", issue=7, address="artists/luz-mendoza/")
    assert pending in outcome.report


# ------------------------------------------------------------------------ answered before

MANGLED = "### Títlo\n\nRaíces de maíz\n\n(borré lo demás)"


@pytest.mark.parametrize(
    ("comments", "before"),
    [
        ([OURS], True),
        ([], False),
        ([{"id": 2, "user": {"type": "User"}, "body": ANSWER}], False),  # the author's copy
        ([{"id": 3, "user": {"type": "Bot"}, "body": "Hola\n" + ANSWER}], False),  # not ours
    ],
)
def test_the_event_file_says_whether_we_answered_the_issue_before(
    run_script, tmp_path, comments, before
):
    out = tmp_path / "event.json"
    event = {**payload("edited", body=MANGLED), "altavoz_answered_before": not before}
    calls = run_script("refresh", event, issue={"labels": [], "body": MANGLED},
                       comments={7: comments}, args={"out": str(out)})  # fmt: skip
    assert calls_of(calls, "threw", "failed") == []
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["altavoz_answered_before"] is before  # the key the intake reads
    assert "altavoz_answered_before" not in written["issue"]


def test_an_issue_we_answered_whose_label_was_removed_is_still_answered(run_script, tmp_path):
    unlabelled = {"labels": [{"name": "bug"}], "body": MANGLED}
    edited = payload("edited", updated_at="2026-03-14T10:05:00Z")  # after our answer
    # The intake takes it for a form's, damaged: the author hears what to fix (exit 1).
    out = tmp_path / "event.json"
    run_script("refresh", payload("edited", body=MANGLED), issue=unlabelled,
               comments={7: [OURS]}, args={"out": str(out)})  # fmt: skip
    outcome = run_intake(ROOT, json.loads(out.read_text(encoding="utf-8")))
    assert outcome.code == 1 and outcome.manifest["status"] == "errors"
    # A crash is answered on it too, as on an issue that carries the label.
    crashed = {"intake": "failure", "status": "3", "preview": "", "published": "skipped"}
    calls = run_script("answer", edited, args=crashed, issue=unlabelled,
                       comments={7: [OURS]})  # fmt: skip
    (update,) = calls_of(calls, "updateComment")
    assert "No pudimos procesar tu envío" in failure_text(update[1]["body"])
    # And so is an author over a limit.
    calls = run_script("gate", edited, issue=unlabelled, comments={7: [OURS]},
                       runs={"luzmendoza": 11})  # fmt: skip
    assert outputs(calls)["proceed"] == "false"
    assert "en la última hora" in comment_bodies(calls)[0]
    # Never answered and without the label: not ours, nothing said.
    for function, args in (("answer", crashed), ("gate", {})):
        calls = run_script(function, edited, issue=unlabelled, args=args,
                           runs={"luzmendoza": 11})  # fmt: skip
        assert calls_of(calls, *WRITES) == [], function


# ------------------------------------------------------------------------ the artist's language

SPANISH = ("Así se verá", "No pudimos", "tu obra", "Propuesta", "propuesta", "Detalles")
ENGLISH = ("How it will look", "We could not", "your work", "Pull request", "Details")


def answer_of(fake_github, tmp_path, manifest, *, pictures=True, pulls=()) -> str:
    """The report comment publish writes for ``manifest``: what publish adds to it."""
    github = fake_github(payload())
    github.state["pulls"] = [{"number": n, "head": {"ref": "intake/issue-7"}} for n in pulls]
    work = jpeg("red") if pictures else None
    calls = publish(github, preview_artifact(tmp_path / "a", work, manifest=manifest, report=""))
    assert calls_of(calls, "threw", "failed") == []
    return report(github)


@pytest.mark.parametrize("pictures", [True, False], ids=["pictures", "no-picture"])
def test_publish_speaks_the_language_the_artist_chose_in_the_form(fake_github, tmp_path, pictures):
    english = answer_of(fake_github, tmp_path / "en", {**MANIFEST, "lang": "en"}, pictures=pictures)
    assert "Pull request: #50" in english and "[Details](" in english
    shown = "How it will look on a phone" if pictures else "We could not make the picture"
    assert shown in english
    assert not [word for word in SPANISH if word in english], english
    # Spanish when the form says so, says nothing, or says what we do not know.
    for lang in ("es", None, "fr", "EN", ["en"]):
        manifest = {**MANIFEST, "lang": lang}
        if lang is None:
            del manifest["lang"]
        spanish = answer_of(fake_github, tmp_path / f"es-{lang!s}", manifest, pictures=pictures)
        assert "Propuesta: #50" in spanish and "[Detalles](" in spanish, lang
        assert ("Así se verá en un teléfono" if pictures else NO_PICTURE) in spanish, lang
        assert not [word for word in ENGLISH if word in spanish], (lang, spanish)


def test_a_submission_to_fix_keeps_the_pull_request_in_the_artists_language(fake_github, tmp_path):
    errors = {**MANIFEST, "status": "errors", "written": []}
    english = answer_of(fake_github, tmp_path / "en", {**errors, "lang": "en"}, pulls=[50])
    assert "Pull request #50 keeps the previous version until you fix this." in english
    assert not [word for word in SPANISH if word in english], english
    spanish = answer_of(fake_github, tmp_path / "es", errors, pulls=[50])
    assert "La propuesta #50 sigue con la versión anterior hasta que corrijas esto." in spanish
    assert not [word for word in ENGLISH if word in spanish], spanish


def test_the_intake_checks_out_the_branches_after_the_wait():
    """The wait for the author's earlier issues is useless if the branches were fetched before."""
    steps_ = load("intake.yml")["jobs"]["intake"]["steps"]
    order = [s.get("id") or s.get("uses", "").split("@")[0] for s in steps_]
    checkouts = [
        i for i, s in enumerate(steps_) if s.get("uses", "").startswith("actions/checkout")
    ]
    (full,) = [i for i in checkouts if steps_[i]["with"].get("fetch-depth") == 0]
    assert checkouts[0] < order.index("refresh") < full
    assert steps_[checkouts[0]]["with"]["sparse-checkout"] == ".github/scripts"
    assert steps_[checkouts[0]]["with"]["persist-credentials"] is False
