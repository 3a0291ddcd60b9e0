"""tasks.py stays thin and says clearly what went wrong."""

import re

import pytest
from conftest import load_tasks
from invoke import Context, Exit, MockContext, Result

tasks = load_tasks()


def ran(context) -> list[str]:
    """The commands a MockContext was asked to run, in order."""
    return [call.args[0] for call in context.run.call_args_list]


def test_build_runs_pelican_with_the_project_settings(capsys):
    command = tasks.pelican_command(tasks.DEV_CONFIG)
    context = MockContext(run={command: Result(exited=0)})
    tasks.build(context)
    assert ran(context) == [command]
    assert "-s" in command and str(tasks.DEV_CONFIG) in command and "ALTAVOZ_STRICT" not in command
    assert "building the site" in capsys.readouterr().out


def test_strict_build_passes_the_strict_setting():
    command = tasks.pelican_command(tasks.DEV_CONFIG, "-e", "ALTAVOZ_STRICT=true")
    context = MockContext(run={command: Result(exited=0)})
    tasks.build(context, strict=True)
    assert ran(context) == [command]


def test_publish_leaves_bad_submissions_out_unless_strict():
    lenient = tasks.pelican_command(tasks.PUBLISH_CONFIG)
    context = MockContext(run={lenient: Result(exited=0)})
    tasks.publish(context)
    assert ran(context) == [lenient] and "ALTAVOZ_STRICT" not in lenient
    strict = tasks.pelican_command(tasks.PUBLISH_CONFIG, "-e", "ALTAVOZ_STRICT=true")
    context = MockContext(run={strict: Result(exited=0)})
    tasks.publish(context, strict=True)
    assert ran(context) == [strict]


def test_failed_build_stops_with_a_clear_message():
    context = MockContext(run={tasks.pelican_command(tasks.DEV_CONFIG): Result(exited=1)})
    with pytest.raises(Exit) as stopped:
        tasks.build(context)
    assert "failed" in str(stopped.value.message)


def test_serve_without_a_build_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "OUTPUT", tmp_path / "missing")
    with pytest.raises(Exit) as stopped:
        tasks.serve(Context())
    assert "invoke build" in stopped.value.message


def test_clean_removes_the_output(tmp_path, monkeypatch):
    output = tmp_path / "output"
    (output / "works").mkdir(parents=True)
    monkeypatch.setattr(tasks, "OUTPUT", output)
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    tasks.clean(Context())
    assert not output.exists()


def test_the_pelican_command_line_builds_with_every_plugin(tiny_content, tmp_path):
    """What `invoke build` runs, in a fresh process: every plugin must load and register."""
    import subprocess
    import sys

    output = tmp_path / "output"
    command = [
        sys.executable, "-m", "pelican", str(tiny_content),
        "-s", str(tasks.DEV_CONFIG), "-o", str(output), "--fatal", "errors",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (output / "works/ana-rivera/maiz-azul/index.html").is_file()


def test_a_strict_build_fails_in_a_fresh_process_when_a_work_has_errors(tiny_content, tmp_path):
    """`invoke build --strict` (and `invoke publish --strict`) must stop on a submission error."""
    import subprocess
    import sys

    from conftest import write_work

    write_work(tiny_content, "ana-rivera", "sin-licencia", license="mia")
    command = [
        sys.executable, "-m", "pelican", str(tiny_content), "-s", str(tasks.DEV_CONFIG),
        "-o", str(tmp_path / "output"), "-e", "ALTAVOZ_STRICT=true",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode != 0
    assert "content/works/ana-rivera/sin-licencia" in result.stdout + result.stderr


def test_test_task_uses_every_core_and_can_skip_the_browser(capsys):
    every_core = ["-n", "auto", "--dist", "worksteal"]
    expected = tasks.shlex.join([tasks.sys.executable, "-m", "pytest", *every_core])
    tasks.test(MockContext(run={expected: Result(exited=0)}))
    fast = tasks.shlex.join(
        [tasks.sys.executable, "-m", "pytest", *every_core, "-m", "not browser"]
    )
    tasks.test(MockContext(run={fast: Result(exited=0)}), fast=True)
    with pytest.raises(Exit):
        tasks.test(MockContext(run={expected: Result(exited=1)}))


# -- every task answers --help ------------------------------------------------------------


def task_names() -> list[str]:
    """What `invoke --list` shows: every task of tasks.py, with invoke's dashed names."""
    from invoke import Collection

    return sorted(Collection.from_module(tasks).task_names)


@pytest.mark.parametrize("name", task_names())
def test_every_task_answers_help(name, capfd):
    """`invoke TASK --help` prints the task's help and runs nothing, positional arguments or not."""
    from invoke import Collection, Program

    program = Program(namespace=Collection.from_module(tasks))
    program.run(["invoke", name, "--help"], exit=False)
    out, err = capfd.readouterr()
    assert re.search(rf"^Usage: inv\S* \[--core-opts\] {name} ", out, re.M), out + err
    assert tasks.__dict__[name.replace("-", "_")].__doc__.splitlines()[0] in out
    assert "✗" not in out + err


# -- new-work and new-artist ----------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    from conftest import write_artist
    from submit_support import make_project

    project = make_project(tmp_path / "repo")
    write_artist(project / "content", "luz-mendoza", name="Luz Mendoza")
    return project


def test_new_work_reports_every_problem_in_one_run(project, tmp_path):
    from submit_support import invoke

    result = invoke(
        project,
        "new-work",
        *("--title", "Obra", "--license", "GPL-3.0", "--date", "14/03/2026"),
        *("--artist", "nadie", "--consent", "yes"),
        *("--image", str(tmp_path / "no-existe.jpg"), "--alt", "Un río pintado de azul"),
    )
    assert result.returncode == 1
    for problem in (
        "--license 'GPL-3.0' is not one of",
        "--date '14/03/2026' is not a date",
        "there is no artist 'nadie'",
        "no-existe.jpg: no such file",
    ):
        assert problem in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "content" / "works").exists()


def test_missing_flags_and_bad_values_are_reported_together(project):
    from altavoz_submit import MissingFields, new_work
    from altavoz_submit.project import project_settings

    with pytest.raises(MissingFields) as error:
        new_work(project, {"title": "Algo", "consent": "no"}, settings=project_settings(project))
    assert error.value.names == ["artist", "license"]
    message = str(error.value)
    assert "missing: --artist --license" in message
    assert "--consent must be 'yes'" in message
    assert "a work needs at least one image" in message


def test_new_artist_without_a_bio_leaves_it_empty_and_the_check_asks_for_it(project):
    from submit_support import invoke

    result = invoke(project, "new-artist", "--name", "Ana Rivera", "--city", "Tlaxcala")
    assert result.returncode == 0, result.stderr
    text = (project / "content/artists/ana-rivera/index.md").read_text(encoding="utf-8")
    body = text.split("---", 2)[2]
    assert "Ana Rivera" not in body and body.strip() == ""  # the name is not a bio
    assert "AV309" in result.stdout and "Write a few lines" in result.stdout


def test_ctrl_d_at_a_prompt_stops_cleanly(project):
    """A maintainer at a terminal who presses Ctrl+D at a question gets a line, not a traceback."""
    import os
    import subprocess
    import sys

    leader, follower = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "invoke", "new-artist"],
            cwd=project,
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(leader, b"\x04")  # Ctrl+D at the first question (name)
        out, err = process.communicate(timeout=120)
    finally:
        os.close(leader)
        os.close(follower)
    assert process.returncode == 1
    assert "Traceback" not in out + err and "EOFError" not in out + err
    assert "nothing was created" in out + err
    assert not (project / "content" / "artists" / "ana-rivera").exists()
    assert sorted(p.name for p in (project / "content" / "artists").iterdir()) == ["luz-mendoza"]


def test_a_cold_build_outside_a_terminal_prints_a_line_per_image_phase(tiny_content, tmp_path):
    """CI logs (no terminal) see the image phase start and end, not minutes of silence."""
    import subprocess
    import sys

    command = [
        sys.executable, "-m", "pelican", str(tiny_content), "-s", str(tasks.DEV_CONFIG),
        "-o", str(tmp_path / "output"), "-e", f'CACHE_PATH="{tmp_path / "cache"}"',
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    # The three works show the same picture: one image to prepare.
    assert "→ imágenes / images: preparing 1\n" in result.stderr
    assert re.search(r"✓ imágenes / images: 1 of 1 prepared in \d+ s", result.stderr)
