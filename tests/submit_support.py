"""Helpers for the submission tests (not a test module): a throwaway copy of the project.

``make_project`` lays out what a maintainer's checkout holds (settings, tasks, plugins,
theme) around a small content folder, so tasks and the moderation CLI run on it exactly
as they do on the real repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py", "README.md", ".gitignore")
PROJECT_DIRS = ("plugins", "theme")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")


def make_project(destination: Path, content: Path | None = None) -> Path:
    """A copy of the project's code around ``content`` (or an empty content folder)."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, destination / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, destination / name, ignore=IGNORE)
    if content is not None:
        shutil.copytree(content, destination / "content")
    else:
        (destination / "content").mkdir()
    return destination


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """git in ``repo`` as a test user, away from the machine's configuration; ``date`` sets
    both the author's and the committer's date (what a contributor can type)."""
    env = {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        **({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}),
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def init_repo(repo: Path) -> Path:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return repo


def invoke(project: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run `invoke ARGS` in ``project`` with no terminal (stdin is a pipe), as CI or a script."""
    return subprocess.run(
        [PYTHON, "-m", "invoke", *args],
        cwd=project,
        input=stdin or "",
        capture_output=True,
        text=True,
        timeout=300,
    )


def phone_photo(path: Path, *, gps: bool = False, size=(1200, 900), color=(40, 120, 90)) -> Path:
    """A JPEG like a phone writes: EXIF with camera make, orientation and (optionally) GPS."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, color)
    for x in range(0, size[0], 40):  # some structure, so pixels can be compared meaningfully
        image.paste((color[2], color[0], color[1]), (x, 0, x + 20, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0112] = 1  # Orientation
    if gps:
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[0x0001] = "N"
        gps_ifd[0x0002] = (17.0, 3.0, 41.5)  # 17°03'41.5" N: Oaxaca de Juárez
        gps_ifd[0x0003] = "W"
        gps_ifd[0x0004] = (96.0, 43.0, 26.0)
    image.save(path, "JPEG", quality=88, exif=exif)
    return path


def private_tags(path: Path) -> list[str]:
    from altavoz_images.privacy import find_private_metadata

    with Image.open(path) as image:
        return [item.tag for item in find_private_metadata(image)]


def pixels(path: Path) -> bytes:
    with Image.open(path) as image:
        return image.convert("RGB").tobytes()
