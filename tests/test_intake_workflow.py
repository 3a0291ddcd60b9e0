"""The intake workflow: safe on issue events, and its GitHub script against a fake GitHub API.

The script (.github/scripts/intake.js) runs for real with Node, as the comment
workflow's script does in test_workflows.py: a fake `github` object records every call.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, require_node
from test_workflows import load, steps, uses

SCRIPT = ROOT / ".github" / "scripts" / "intake.js"


# ------------------------------------------------------------------------ the workflow


def test_intake_runs_on_issue_events_with_least_privilege_per_job():
    workflow = load("intake.yml")
    assert workflow["on"] == {"issues": {"types": ["opened", "edited", "closed"]}}
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "gate": {"contents": "read", "actions": "read", "issues": "write"},
        "intake": {"contents": "read"},
        "publish": {"contents": "write", "pull-requests": "write", "issues": "write"},
        "cleanup": {"contents": "write", "pull-requests": "write"},
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
    assert '--event "$GITHUB_EVENT_PATH"' in step["run"]
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

HARNESS = r"""
const fs = require('fs');
const state = JSON.parse(process.env.FAKE_STATE);
const calls = [];
const notFound = () => Object.assign(new Error('Not Found'), { status: 404 });
let counter = 0;
const record = (kind, args, data) => { calls.push([kind, args]); return { data }; };
// state.fail names a call that answers 500, as GitHub does when it has a bad minute.
const failing = (name, fn) => async (args) => {
  if (state.fail === name) {
    calls.push([name, args]);
    throw Object.assign(new Error('Server Error'), { status: 500 });
  }
  return fn(args);
};
const issue = { state: 'open', locked: false, labels: [{ name: 'envío' }], ...state.issue };
const github = {
  rest: {
    actions: {
      // GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs
      listWorkflowRuns: async (args) => {
        calls.push(['runs', args]);
        return { data: { total_count: state.runs[args.actor] || 0, workflow_runs: [] } };
      },
    },
    repos: {
      getCollaboratorPermissionLevel: async ({ username }) => {
        calls.push(['permission', username]);
        return { data: { permission: state.permissions[username] || 'read' } };
      },
    },
    git: {
      getRef: async ({ ref }) => {
        if (!(ref in state.refs)) throw notFound();
        return { data: { object: { sha: state.refs[ref] } } };
      },
      getCommit: async ({ commit_sha }) => ({ data: { tree: { sha: `tree-of-${commit_sha}` } } }),
      createBlob: async (args) => record('blob', args, { sha: `blob${++counter}` }),
      createTree: async (args) => record('tree', args, { sha: 'newtree' }),
      createCommit: async (args) => record('commit', args, { sha: 'c'.repeat(40) }),
      updateRef: async (args) => { calls.push(['updateRef', args]); },
      createRef: async (args) => { calls.push(['createRef', args]); },
      deleteRef: async (args) => {
        calls.push(['deleteRef', args]);
        if (!(args.ref in state.refs)) throw Object.assign(new Error('x'), { status: 422 });
      },
    },
    pulls: {
      list: async ({ head }) => ({
        data: state.pulls.filter((p) => `altavoz-mx:${p.head.ref}` === head),
      }),
      create: failing('createPull', async (args) => record('createPull', args, { number: 50 })),
      update: async (args) => { calls.push(['updatePull', args]); },
    },
    issues: {
      // GET /repos/{owner}/{repo}/issues/{issue_number}
      get: async ({ issue_number }) => ({ data: { number: issue_number, ...issue } }),
      // GET /repos/{owner}/{repo}/issues?creator=…&state=…: issues and pull requests
      listForRepo: async (args) => {
        calls.push(['listIssues', args]);
        const mine = state.open.filter(
          (i) => args.state === 'open' && i.user.login === args.creator);
        mine.sort((a, b) => (args.direction === 'asc' ? a.number - b.number : b.number - a.number));
        return { data: mine.slice(0, args.per_page) };
      },
      listComments: 'listComments',
      updateComment: async (args) => { calls.push(['updateComment', args]); },
      createComment: failing('createComment', async (args) => {
        calls.push(['createComment', args]);
      }),
    },
  },
  paginate: async (method, { issue_number }) => state.comments[issue_number] || [],
};
const core = {
  setFailed: (m) => calls.push(['failed', m]),
  notice: (m) => calls.push(['notice', m]),
  setOutput: (k, v) => calls.push(['output', k, v]),
};
const context = { repo: { owner: 'altavoz-mx', repo: 'altavoz' }, payload: state.payload };
const module_ = require(process.argv[2]);
module_[process.argv[3]]({
  github, context, core, dir: process.env.INTAKE_DIR, runUrl: 'https://github.invalid/run/1',
  checkStatus: process.env.CHECK_STATUS, ...state.args,
})
  .then(() => console.log(JSON.stringify(calls)))
  .catch((e) => console.log(JSON.stringify([...calls, ['threw', String(e.message || e)]])));
"""


def payload(action="opened", *, author="luzmendoza", sender=None, number=7, body_changed=True):
    data = {
        "action": action,
        "issue": {"number": number, "user": {"login": author}},
        "sender": {"login": sender or author},
        "repository": {"default_branch": "main"},
    }
    if action == "edited":
        data["changes"] = {"body": {"from": "antes"}} if body_changed else {"title": {"from": "x"}}
    return data


@pytest.fixture
def run_script(tmp_path):
    node = require_node("the intake workflow's script")
    (tmp_path / "harness.js").write_text(HARNESS, encoding="utf-8")

    def run(function, state_payload, *, refs=None, pulls=(), comments=None, permissions=None,
            artifact=None, check="0", issue=None, open_issues=None, runs=None, fail=None,
            args=None, env=None):  # fmt: skip
        number = state_payload["issue"]["number"]
        author = state_payload["issue"]["user"]
        state = {
            "payload": state_payload,
            "refs": refs if refs is not None else {"heads/main": "b" * 40},
            "pulls": list(pulls),
            "comments": comments or {},
            "permissions": permissions or {},
            "issue": issue or {},
            # By default the issue is its author's only open one.
            "open": open_issues
            if open_issues is not None
            else [{"number": number, "user": author}],
            "runs": runs or {},
            "fail": fail,
            "args": args or {},
        }
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin"),
            "FAKE_STATE": json.dumps(state),
            "INTAKE_DIR": str(artifact or tmp_path / "none"),
            "CHECK_STATUS": check,
            **(env or {}),
        }
        result = subprocess.run(
            [node, str(tmp_path / "harness.js"), str(SCRIPT), function],
            capture_output=True, text=True, env=env, timeout=60, check=True,
        )  # fmt: skip
        return json.loads(result.stdout.strip().splitlines()[-1])

    return run


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


WORK = "content/works/luz-mendoza/raices-de-maiz"
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


def test_publish_commits_the_files_opens_one_pull_request_and_comments(run_script, tmp_path):
    files = {
        f"{WORK}/index.md": b"---\ntitle: x\n---\n",
        f"{WORK}/raices-de-maiz-1.jpg": b"\xff\xd8\xff",
    }
    artifact = make_artifact(tmp_path / "a", MANIFEST, files, report="¡Listo! @everyone")
    calls = run_script("publish", payload(), artifact=artifact)
    kinds = [call[0] for call in calls]
    assert kinds.count("blob") == 2 and "threw" not in kinds and "failed" not in kinds
    (tree,) = [call[1] for call in calls if call[0] == "tree"]
    assert tree["base_tree"] == "tree-of-" + "b" * 40
    assert sorted(entry["path"] for entry in tree["tree"]) == sorted(files)
    (commit,) = [call[1] for call in calls if call[0] == "commit"]
    assert commit["parents"] == ["b" * 40] and "Raíces de maíz" in commit["message"]
    (ref,) = [call[1] for call in calls if call[0] == "createRef"]
    assert ref == {"owner": "altavoz-mx", "repo": "altavoz", "ref": "refs/heads/intake/issue-7",
                   "sha": "c" * 40}  # fmt: skip
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
    run_script, tmp_path
):
    files = {f"{WORK}/index.md": b"x", f"{WORK}/raices-de-maiz-1.jpg": b"y"}
    artifact = make_artifact(tmp_path / "a", MANIFEST, files)
    ours = {"id": 90, "user": {"type": "Bot"}, "body": "<!-- altavoz-intake -->\nviejo"}
    spoof = {"id": 91, "user": {"type": "User"}, "body": "<!-- altavoz-intake -->\nfalso"}
    check = {"id": 92, "user": {"type": "Bot"}, "body": "<!-- altavoz-report -->\nviejo"}
    calls = run_script(
        "publish", payload("edited"), artifact=artifact,
        refs={"heads/main": "b" * 40, "heads/intake/issue-7": "d" * 40},
        pulls=[{"number": 50, "head": {"ref": "intake/issue-7"}}],
        comments={"7": [spoof, ours], "50": [check]},
    )  # fmt: skip
    kinds = [call[0] for call in calls]
    assert "createPull" not in kinds and "createRef" not in kinds and "createComment" not in kinds
    (update,) = [call[1] for call in calls if call[0] == "updateRef"]
    assert update["force"] is True and update["ref"] == "heads/intake/issue-7"
    assert sorted(call[1]["comment_id"] for call in calls if call[0] == "updateComment") == [90, 92]


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


def test_a_withdrawal_deletes_the_files_in_the_commit(run_script, tmp_path):
    manifest = {**MANIFEST, "action": "withdraw", "written": [],
                "removed": [f"{WORK}/index.md", f"{WORK}/raices-de-maiz-1.jpg"]}  # fmt: skip
    calls = run_script("publish", payload(), artifact=make_artifact(tmp_path / "a", manifest, {}))
    (tree,) = [call[1] for call in calls if call[0] == "tree"]
    assert {entry["path"]: entry["sha"] for entry in tree["tree"]} == dict.fromkeys(
        manifest["removed"]
    )
    (pull,) = [call[1] for call in calls if call[0] == "createPull"]
    assert pull["title"].startswith("Retiro de obra")


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


def test_closing_the_issue_closes_the_pull_request_and_deletes_the_branch(run_script):
    calls = run_script(
        "cleanup", payload("closed"),
        refs={"heads/intake/issue-7": "d" * 40},
        pulls=[{"number": 50, "head": {"ref": "intake/issue-7"}}],
    )  # fmt: skip
    assert calls == [
        [
            "updatePull",
            {"owner": "altavoz-mx", "repo": "altavoz", "pull_number": 50, "state": "closed"},
        ],
        ["deleteRef", {"owner": "altavoz-mx", "repo": "altavoz", "ref": "heads/intake/issue-7"}],
    ]
    calls = run_script("cleanup", payload("closed"))  # nothing to clean: no error
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
        assert isinstance(minutes, int) and 0 < minutes <= 40, name
        assert f"`{name}` {minutes} minutes" in readme, name
        # A step's own limit fails the step, and the publish job answers; a job's limit
        # cancels the job, so the steps' limits add up to less.
        limited = [s["timeout-minutes"] for s in job["steps"] if "timeout-minutes" in s]
        assert sum(limited) < minutes, name
    for step in workflow["jobs"]["intake"]["steps"]:
        if ".venv/bin/" in step.get("run", ""):  # the install and every project command
            assert "timeout-minutes" in step, step.get("name")


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
