"""tasks.py stays thin and says clearly what went wrong."""

import pytest
from invoke import Context, Exit, MockContext, Result

import tasks


def test_build_runs_pelican_with_the_project_settings(capsys):
    context = MockContext(run={tasks.pelican_command(tasks.DEV_CONFIG): Result(exited=0)})
    tasks.build(context)
    assert "building the site" in capsys.readouterr().out


def test_strict_build_passes_the_strict_setting():
    command = tasks.pelican_command(tasks.DEV_CONFIG, "-e", "ALTAVOZ_STRICT=true")
    tasks.build(MockContext(run={command: Result(exited=0)}), strict=True)


def test_publish_leaves_bad_submissions_out_unless_strict():
    tasks.publish(MockContext(run={tasks.pelican_command(tasks.PUBLISH_CONFIG): Result(exited=0)}))
    command = tasks.pelican_command(tasks.PUBLISH_CONFIG, "-e", "ALTAVOZ_STRICT=true")
    tasks.publish(MockContext(run={command: Result(exited=0)}), strict=True)


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
    expected = tasks.shlex.join([tasks.sys.executable, "-m", "pytest", "-n", "auto"])
    tasks.test(MockContext(run={expected: Result(exited=0)}))
    fast = tasks.shlex.join(
        [tasks.sys.executable, "-m", "pytest", "-n", "auto", "-m", "not browser"]
    )
    tasks.test(MockContext(run={fast: Result(exited=0)}), fast=True)
    with pytest.raises(Exit):
        tasks.test(MockContext(run={expected: Result(exited=1)}))
