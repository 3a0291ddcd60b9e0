"""GitHub workflows: valid YAML, safe for pull requests from forks, pinned, README-only commands.

The comment workflow's script is also run for real (Node, with a fake GitHub API) against
good and hostile report artifacts.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, require_node

WORKFLOWS = ROOT / ".github" / "workflows"
SHA_PIN = re.compile(r"^(?P<action>[\w.-]+/[\w.-]+(?:/[\w.-]+)*)@(?P<sha>[0-9a-f]{40})$")
# Each SHA was checked against public workflows that pin the same commit with its tag.
VERIFIED_PINS = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0"),
    "actions/upload-artifact": ("ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"),
    "actions/download-artifact": ("d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0"),
    "actions/cache": ("5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3"),
    "actions/cache/restore": ("5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
    "actions/upload-pages-artifact": ("56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    "actions/deploy-pages": ("d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e", "v4.0.5"),
    "actions/github-script": ("60a0d83039c74a4aee543508d2ffcb1c3799cdea", "v7.0.1"),
}
# Shell plumbing a workflow may use around the README's commands.
PLUMBING = {"mkdir", "printf", "echo", "cat", "set", "exit", "true"}


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), name
    # YAML 1.1 reads the key `on` as the boolean True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def step_named(workflow: dict, start: str) -> dict:
    found = [s for s in steps(workflow) if s.get("name", "").startswith(start)]
    assert len(found) == 1, [s.get("name") for s in steps(workflow)]
    return found[0]


def uses(workflow: dict, action: str) -> list[dict]:
    return [s for s in steps(workflow) if s.get("uses", "").split("@")[0] == action]


ALL = sorted(path.name for path in WORKFLOWS.glob("*.yml"))


def test_the_workflows_exist_and_parse():
    assert ALL == ["check.yml", "comment.yml", "deploy.yml", "intake.yml"]
    for name in ALL:
        workflow = load(name)
        assert workflow["name"] and workflow["on"] and workflow["jobs"]


@pytest.mark.parametrize("name", ALL)
def test_never_pull_request_target(name):
    assert "pull_request_target" not in (WORKFLOWS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ALL)
def test_every_action_is_pinned_to_a_verified_commit(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    used = [step["uses"] for step in steps(load(name)) if "uses" in step]
    assert used
    for reference in used:
        match = SHA_PIN.match(reference)
        assert match, f"{name}: {reference} is not pinned to a full commit SHA"
        sha, tag = VERIFIED_PINS[match["action"]]
        assert match["sha"] == sha, f"{name}: {reference} is not the verified {tag}"
        assert f"{reference} # {tag}" in text, f"{name}: say which tag {reference} is"


def readme_commands() -> tuple[list[str], set[str]]:
    """The README's shell commands (its first code block) and the invoke tasks it documents."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block, "the README starts with a sh code block"
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    tasks = set(re.findall(r"`invoke ([a-z-]+)", readme))
    return commands, tasks


def shell_commands(script: str) -> list[list[str]]:
    """Each simple command of a run: script, as words (redirections dropped)."""
    found = []
    for line in script.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        for part in re.split(r"&&|\|\||;", line):
            words = shlex.split(part)
            words = [w for w in words if not w.startswith((">", "<", "2>"))]
            cleaned, skip = [], False
            for word in words:
                if skip:
                    skip = False
                    continue
                if word in (">", ">>", "<"):
                    skip = True
                    continue
                cleaned.append(word)
            if cleaned:
                found.append(cleaned)
    return found


def invoke_task_names() -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "--list", "--list-format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {task["name"] for task in json.loads(result.stdout)["tasks"]}


# An extra a workflow may install after the README's command, for a step that may fail
# without harm (the intake's phone pictures); the README gives it in these words.
OPTIONAL_INSTALLS = {'.venv/bin/pip install -e ".[preview]"'}


@pytest.mark.parametrize("name", ALL)
def test_workflows_run_only_commands_the_readme_documents(name):
    readme, documented = readme_commands()
    existing = invoke_task_names()
    install_parts = {part.strip() for command in readme for part in command.split("&&")}
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for step in steps(load(name)):
        script = step.get("run")
        if not script:
            continue
        if script.strip() in OPTIONAL_INSTALLS:
            assert f"`{script.strip()}`" in text, f"{name}: {script.strip()} is not in the README"
            assert step.get("continue-on-error") is True, f"{name}: {script.strip()} may stop it"
            continue
        if script.strip().startswith("python3 -m venv"):
            parts = [part.strip() for part in script.strip().split("&&")]
            assert set(parts) <= install_parts, f"{name}: install differs from the README"
            assert any(command.startswith(script.strip()) for command in readme)
            continue
        for words in shell_commands(script):
            program = words[0]
            if program in PLUMBING or re.fullmatch(r"[A-Za-z_]\w*=\S*", program):
                continue
            assert program == ".venv/bin/invoke", f"{name}: `{' '.join(words)}` is not documented"
            task = words[1]
            assert task in documented, f"{name}: `invoke {task}` is not in the README"
            assert task in existing, f"{name}: `invoke {task}` is not a task"


def test_check_runs_on_pull_requests_with_a_read_only_token():
    check = load("check.yml")
    assert set(check["on"]) == {"pull_request"}
    assert check["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in check["jobs"].values())
    checkout = uses(check, "actions/checkout")[0]["with"]
    assert checkout == {"fetch-depth": 0, "persist-credentials": False}

    report = step_named(check, "Check what the pull request changes")
    assert report["env"]["BASE_REF"] == "${{ github.base_ref }}"  # not spliced into the script
    assert '.venv/bin/invoke check --since "origin/$BASE_REF" --format markdown' in report["run"]
    assert 'cat report/report.md >> "$GITHUB_STEP_SUMMARY"' in report["run"]
    assert "report/pr-number" in report["run"]
    annotations = step_named(check, "Show the problems on the changed lines")
    assert "--format github" in annotations["run"]

    uploads = {s["with"]["name"]: s["with"]["path"] for s in uses(check, "actions/upload-artifact")}
    assert uploads == {"altavoz-report": "report/", "altavoz-preview": "output/"}
    build = step_named(check, "Build the preview")
    assert build["run"].strip() == ".venv/bin/invoke build"
    fail = step_named(check, "Fail when the report has errors")
    assert fail["if"] == "steps.check.outputs.status != '0'" and "exit 1" in fail["run"]


def test_the_annotations_are_the_ones_github_reads():
    """`invoke check --format github` prints `::error file=…,line=…::` lines."""
    from altavoz_core.findings import Finding
    from altavoz_moderation.report import Report, to_github_annotations

    finding = Finding("AV212", "error", "content/works/a/b/index.md", "Falta", "Missing", line=6)
    line = to_github_annotations(Report(findings=[finding])).strip()
    assert line.startswith("::error file=content/works/a/b/index.md,line=6,")
    assert line.endswith("::Falta / Missing")


def test_comment_workflow_never_touches_the_pull_requests_code():
    comment = load("comment.yml")
    check = load("check.yml")
    assert set(comment["on"]) == {"workflow_run"}
    assert comment["on"]["workflow_run"]["workflows"] == [check["name"]]
    assert comment["on"]["workflow_run"]["types"] == ["completed"]
    assert comment["permissions"] == {}
    (job,) = comment["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert uses(comment, "actions/checkout") == []
    assert all("checkout" not in step.get("uses", "") for step in steps(comment))
    assert all("run" not in step for step in steps(comment))  # nothing is executed
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    download = uses(comment, "actions/download-artifact")[0]["with"]
    assert download["name"] == "altavoz-report"
    assert download["run-id"] == "${{ github.event.workflow_run.id }}"


def test_deploy_builds_with_publishconf_and_keeps_the_image_cache(monkeypatch):
    from altavoz_images.settings import cache_dir
    from altavoz_submit.project import project_settings

    deploy = load("deploy.yml")
    assert deploy["on"]["push"] == {"branches": ["main"]}
    assert deploy["permissions"] == {"contents": "read"}
    build = deploy["jobs"]["build"]
    assert "permissions" not in build
    assert step_named(deploy, "Build the public site")["run"].strip() == ".venv/bin/invoke publish"
    monkeypatch.delenv("ALTAVOZ_CACHE_PATH")  # the suite's own cache folder: not the deploy's
    settings = project_settings(ROOT)
    assert "publishconf.py" in (ROOT / "tasks.py").read_text()  # what `invoke publish` reads

    (cache,) = uses(deploy, "actions/cache")
    expected = Path(cache_dir(settings)).relative_to(ROOT).as_posix()
    assert cache["with"]["path"] == expected == "cache/altavoz_images"
    key = cache["with"]["key"]
    for pattern in ("'content/**/*.jpg'", "'content/**/*.png'", "'content/**/*.heic'"):
        assert pattern in key
    # pyproject.toml: the Pillow version (and so the derivatives' bytes) is declared there.
    settings_files = ("'pelicanconf.py'", "'publishconf.py'", "'plugins/altavoz_images/**'")
    for settings_file in (*settings_files, "'pyproject.toml'"):
        assert settings_file in key
    assert cache["with"]["restore-keys"] == "images-${{ runner.os }}-"

    (upload,) = uses(deploy, "actions/upload-pages-artifact")
    assert Path(ROOT / upload["with"]["path"]) == Path(settings["OUTPUT_PATH"])
    deploy_job = deploy["jobs"]["deploy"]
    assert deploy_job["needs"] == "build"
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy_job["environment"]["name"] == "github-pages"


# --------------------------------------------------------------------------- caches

# Events anyone can cause whose runs share the default branch's cache scope (the one
# check.yml and deploy.yml restore from) and handle outsiders' text, images or artifacts.
UNTRUSTED_EVENTS = {
    "issues",
    "issue_comment",
    "pull_request_target",
    "workflow_run",
    "discussion",
    "discussion_comment",
}
# Actions such a job may use: reviewed to read and save no cache (setup-python only when
# given no `cache:`). Anything else must be reviewed and added here first.
NO_CACHE = {
    "actions/checkout",
    "actions/github-script",
    "actions/upload-artifact",
    "actions/download-artifact",
    "actions/setup-python",
}
# setup-* actions that cache unless told not to (setup-go since v4, setup-node v5 by the
# package.json's packageManager).
CACHE_BY_DEFAULT = {"actions/setup-go": "cache", "actions/setup-node": "package-manager-cache"}


def triggers(workflow: dict) -> set[str]:
    on = workflow["on"]
    return {on} if isinstance(on, str) else set(on)


def cache_users(workflow: dict) -> list[str]:
    """The steps of a workflow's jobs that read or save (or may) a cache, when anyone can start it.

    Saving could poison check.yml's and deploy.yml's caches; restoring is refused too: such a
    job has no business trusting anything in a scope that its own kind of run can reach.

    Every job counts, whatever its `if:` (conservative); a job calling another workflow
    cannot be read here and counts too.
    """
    if not triggers(workflow) & UNTRUSTED_EVENTS:
        return []
    found = []
    for job_name, job in workflow["jobs"].items():
        if "uses" in job:
            found.append(f"{job_name}: calls {job['uses']}")
        for step in job.get("steps", []):
            action = step.get("uses", "").split("@")[0]
            if not action:
                continue
            inputs = step.get("with") or {}
            where = f"{job_name}: {action}"
            if action in ("actions/cache", "actions/cache/save"):
                found.append(f"{where} saves a cache")
            elif action == "actions/cache/restore":
                found.append(f"{where} reads a cache")
            elif action.split("/")[-1].startswith("setup-"):
                cache_inputs = {
                    k: v for k, v in inputs.items() if "cache" in k and k != "cache-dependency-path"
                }
                if any(v not in (False, "false", "") for v in cache_inputs.values()):
                    found.append(f"{where} with {cache_inputs}")
                default = CACHE_BY_DEFAULT.get(action)
                if default and inputs.get(default) not in (False, "false"):
                    found.append(f"{where} caches unless `{default}: false`")
            if action not in NO_CACHE:
                found.append(f"{where} is not known to use no cache")
    return found


@pytest.mark.parametrize("name", ALL)
def test_runs_anyone_can_start_read_and_save_no_cache(name):
    """A cache saved by a run that read an outsider's input could poison check and deploy."""
    assert cache_users(load(name)) == []


def test_the_intake_reads_and_saves_no_cache():
    intake = load("intake.yml")
    assert triggers(intake) & UNTRUSTED_EVENTS
    (setup,) = uses(intake, "actions/setup-python")
    assert not any("cache" in key for key in setup["with"])
    assert uses(intake, "actions/cache") == uses(intake, "actions/cache/restore") == []
    assert "actions/cache" not in (ROOT / ".github/workflows/intake.yml").read_text("utf-8")


@pytest.mark.parametrize(
    ("step", "caught"),
    [
        ({"uses": "actions/setup-python@x", "with": {"cache": "pip"}}, True),
        ({"uses": "actions/setup-python@x", "with": {"python-version": "3.11"}}, False),
        ({"uses": "actions/setup-node@x", "with": {"cache": "npm"}}, True),
        ({"uses": "actions/setup-node@x", "with": {"package-manager-cache": False}}, True),
        ({"uses": "actions/setup-go@x", "with": {"go-version": "1.22"}}, True),
        ({"uses": "actions/cache@x", "with": {"path": "p", "key": "k"}}, True),
        ({"uses": "actions/cache/save@x", "with": {"path": "p", "key": "k"}}, True),
        ({"uses": "actions/cache/restore@x", "with": {"path": "p", "key": "k"}}, True),
        ({"uses": "astral-sh/setup-uv@x"}, True),
        ({"run": "echo hi"}, False),
    ],
)
def test_a_step_using_a_cache_is_caught(step, caught):
    for event in ("issues", "issue_comment", "pull_request_target"):
        workflow = {"on": {event: None}, "jobs": {"j": {"steps": [step]}}}
        assert bool(cache_users(workflow)) is caught, (event, step)
    trusted = {"on": {"push": None}, "jobs": {"j": {"steps": [step]}}}
    assert cache_users(trusted) == []
    reusable = {"on": ["issues"], "jobs": {"j": {"uses": "./.github/workflows/x.yml"}}}
    assert cache_users(reusable)


# --------------------------------------------------------------------------- the comment script

HARNESS = r"""
const fs = require('fs');
const calls = [];
const pulls = JSON.parse(process.env.FAKE_PULLS);
const existing = JSON.parse(process.env.FAKE_COMMENTS);
const github = {
  rest: {
    pulls: {
      get: async ({ pull_number }) => {
        if (!(pull_number in pulls)) throw new Error('Not Found');
        return { data: { head: { sha: pulls[pull_number] } } };
      },
    },
    issues: {
      listComments: 'listComments',
      updateComment: async (args) => { calls.push(['update', args]); },
      createComment: async (args) => { calls.push(['create', args]); },
    },
  },
  paginate: async () => existing,
};
const core = {
  setFailed: (m) => calls.push(['failed', m]),
  notice: (m) => calls.push(['notice', m]),
};
const context = { repo: { owner: 'altavoz-mx', repo: 'altavoz' } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const body = fs.readFileSync(process.argv[2], 'utf8');
new AsyncFunction('github', 'context', 'core', 'require', body)(github, context, core, require)
  .then(() => console.log(JSON.stringify(calls)))
  .catch((e) => { console.log(JSON.stringify([['threw', String(e)]])); });
"""
HEAD = "a" * 40


@pytest.fixture
def run_comment_script(tmp_path):
    node = require_node("the comment workflow's script")
    script = step_named(load("comment.yml"), "Post or update the comment")
    (tmp_path / "script.js").write_text(script["with"]["script"], encoding="utf-8")
    (tmp_path / "harness.js").write_text(HARNESS, encoding="utf-8")

    def run(pr_number: str, report: str, *, pulls=None, comments=()):
        artifact = tmp_path / "artifact"
        shutil.rmtree(artifact, ignore_errors=True)
        artifact.mkdir()
        (artifact / "pr-number").write_text(pr_number, encoding="utf-8")
        (artifact / "report.md").write_text(report, encoding="utf-8")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin"),
            "REPORT_DIR": str(artifact),
            "HEAD_SHA": HEAD,
            "RUN_URL": "https://github.invalid/run/1",
            "FAKE_PULLS": json.dumps(pulls if pulls is not None else {"12": HEAD}),
            "FAKE_COMMENTS": json.dumps(list(comments)),
        }
        result = subprocess.run(
            [node, str(tmp_path / "harness.js"), str(tmp_path / "script.js")],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    return run


def test_comment_is_created_once_then_updated(run_comment_script):
    calls = run_comment_script("12\n", "| 1 error |\nhola @everyone")
    assert [kind for kind, _ in calls] == ["create"]
    args = calls[0][1]
    assert args["issue_number"] == 12
    assert args["body"].startswith("<!-- altavoz-report -->\n")
    assert "| 1 error |" in args["body"]
    assert "@everyone" not in args["body"]  # no one is pinged by what a pull request wrote
    assert "https://github.invalid/run/1" in args["body"]

    ours = {"id": 99, "user": {"type": "Bot"}, "body": "<!-- altavoz-report -->\nold"}
    theirs = {"id": 5, "user": {"type": "User"}, "body": "<!-- altavoz-report -->\nspoof"}
    calls = run_comment_script("12", "nuevo", comments=[theirs, ours])
    assert [(kind, args.get("comment_id")) for kind, args in calls] == [("update", 99)]


@pytest.mark.parametrize("number", ["12; rm -rf /", "-1", "0", "1e3", "", "12\n13", "x" * 20])
def test_a_pull_request_number_that_is_not_an_integer_is_refused(run_comment_script, number):
    calls = run_comment_script(number, "informe")
    assert calls and calls[0][0] == "failed"
    assert not any(kind in ("create", "update") for kind, _ in calls)


def test_a_report_for_another_commit_is_not_posted(run_comment_script):
    calls = run_comment_script("12", "informe", pulls={"12": "b" * 40})
    assert [kind for kind, _ in calls] == ["notice"]
    calls = run_comment_script("13", "informe")  # a pull request that does not exist
    assert calls[0][0] == "threw"


def test_a_huge_or_marker_carrying_report_is_contained(run_comment_script):
    calls = run_comment_script("12", "x" * 70000)
    body = calls[0][1]["body"]
    assert len(body) < 1000 and "demasiado largo" in body
    calls = run_comment_script("12", "<!-- altavoz-report -->fake")
    assert calls[0][1]["body"].count("<!-- altavoz-report -->") == 1


def test_every_workflow_that_checks_or_builds_content_has_the_whole_history():
    """Which of two artist folders claiming one account came first is read from git log
    (AV223): a one-commit clone makes every claimant look new, and the build refuses all."""
    whole = []
    for name in ("check.yml", "deploy.yml", "intake.yml"):
        for step in uses(load(name), "actions/checkout"):
            if "sparse-checkout" in step["with"]:
                continue  # only the workflow's own scripts: no content is checked there
            assert step["with"].get("fetch-depth") == 0, name
            whole.append(name)
    assert sorted(set(whole)) == ["check.yml", "deploy.yml", "intake.yml"]
