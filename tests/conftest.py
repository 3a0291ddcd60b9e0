"""Shared test helpers: build a site into tmp_path, write submissions, reset signals."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import blinker
import pytest
from altavoz_submit.preview import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
# Whatever a test builds with the project's own settings (pelicanconf.py, publishconf.py,
# `invoke check`, in this process or in a program it starts) caches outside the checkout:
# a test run leaves the maintainer's cache/ as it was.
os.environ["ALTAVOZ_CACHE_PATH"] = tempfile.mkdtemp(prefix="altavoz-test-cache-")

SAMPLE_CONTENT = ROOT / "content"


def load_tasks():
    """This checkout's tasks.py, loaded by its path as invoke loads it (it is no package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("altavoz_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Hypothesis keeps its own files (examples of tests without a database of their own, the
# Unicode tables it derives) in the working directory: a test run writes nothing into the
# checkout, so they go to a folder of the run. The committed examples of the invariants
# are read from tests/hypothesis-db by their own database.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "altavoz-hypothesis")
)

# Image derivatives are made once per test session, not by every test that builds a site:
# the cache is keyed by content and settings, so what one test made is right for the next.
# xdist's workers share it: each output folder's record of published files is changed
# under a lock, and a source is rendered under its own lock, so two workers building the
# same site split the images instead of both making them. The image pipeline's own tests
# (they count decodes, look into the cache or make processing fail on purpose) keep a
# fresh cache each, in their tmp folder.
FRESH_IMAGE_CACHE_MODULES = ("test_images_", "test_blog_images")
_image_cache: dict = {"session": None, "fresh": True}
# Templates are compiled once per session too (Jinja writes each entry atomically, so the
# workers can share them): a build that compiles them all costs ~0.8 CPU s more.
_template_cache: dict = {"session": None}


def pytest_addoption(parser):
    group = parser.getgroup("altavoz")
    group.addoption(
        "--fuzz-minutes",
        type=float,
        default=0,
        help="run the invariants' hostile-submission campaign for this long (invoke fuzz)",
    )
    group.addoption("--fuzz-seed", type=int, default=0, help="the campaign's first seed")


def pytest_configure(config):
    config.addinivalue_line("markers", "fresh_image_cache: build with an empty image cache")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.module.__name__.startswith(FRESH_IMAGE_CACHE_MODULES):
            item.add_marker(pytest.mark.fresh_image_cache)

    # The longest tests first, so that under xdist they start at once on every worker
    # instead of one of them finishing alone at the end: browser and slow ones, both first.
    def weight(item) -> int:
        return sum(1 for name in ("browser", "slow") if item.get_closest_marker(name))

    items.sort(key=weight, reverse=True)


def run_folder(tmp_path_factory) -> Path:
    """A folder for the whole test run: under xdist, the one holding every worker's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` run once for the whole run, whichever worker asks first; the others
    wait for it and share the result (which they only read)."""
    import fcntl

    folder = run_folder(tmp_path_factory) / name
    folder.mkdir(exist_ok=True)
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder / ".done"
        if not done.exists():
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session", autouse=True)
def shared_image_cache(tmp_path_factory) -> Path:
    _image_cache["session"] = run_folder(tmp_path_factory) / "image-cache"
    _template_cache["session"] = run_folder(tmp_path_factory) / "template-cache"
    return _image_cache["session"]


@pytest.fixture(autouse=True)
def image_cache_for_this_test(request):
    _image_cache["fresh"] = request.node.get_closest_marker("fresh_image_cache") is not None
    yield
    _image_cache["fresh"] = True


def make_settings(content: Path, output: Path, config: str = "pelicanconf.py", **overrides):
    """``config`` with the content and output in the test's folders, the cache shared."""
    from altavoz_submit.project import pelican_settings

    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.parent / "cache"),
        "SITEURL": "",
        "FEED_DOMAIN": "http://localhost",
    }
    own_cache = "CACHE_PATH" in overrides or "ALTAVOZ_IMAGES_CACHE_DIR" in overrides
    if _image_cache["session"] and not _image_cache["fresh"] and not own_cache:
        override["ALTAVOZ_IMAGES_CACHE_DIR"] = str(_image_cache["session"])
    if _template_cache["session"] and "CACHE_PATH" not in overrides:
        override["ALTAVOZ_THEME_TEMPLATE_CACHE_DIR"] = str(_template_cache["session"])
    override.update(overrides)
    return pelican_settings(ROOT, config, **override)


def build_site(content: Path, output: Path, config: str = "pelicanconf.py", **overrides) -> Path:
    """Build a site in-process (as `invoke build` does) and return the output folder."""
    from pelican import Pelican

    Pelican(make_settings(content, output, config, **overrides)).run()
    return output


def spy_on(monkeypatch, owner, name: str, record=lambda path, *_: Path(path).name) -> list:
    """What ``owner.name`` is called with from now on, each call kept as ``record(*args)``."""
    calls = []
    original = getattr(owner, name)

    def spy(*args, **kwargs):
        calls.append(record(*args))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return calls


def require_node(purpose: str) -> str:
    """The path of node, which runs ``purpose``: CI must have it; elsewhere it may be missing."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail(f"node is needed to run {purpose}")
        pytest.skip("node is not installed")
    return node


def copy_sample_content(destination: Path) -> Path:
    """A private copy of the sample content that a test may change freely."""
    shutil.copytree(SAMPLE_CONTENT, destination, symlinks=True)
    return destination


def front_matter(fields: dict) -> str:
    lines = ["---", *(f"{key}: {value}" for key, value in fields.items()), "---", ""]
    return "\n".join(lines)


def write_artist(content: Path, slug: str, body: str = "Bio de ejemplo.", **fields) -> Path:
    folder = content / "artists" / slug
    folder.mkdir(parents=True, exist_ok=True)
    fields = {"name": slug.replace("-", " ").title(), "city": "Oaxaca", "lang": "es", **fields}
    (folder / "index.md").write_text(front_matter(fields) + "\n" + body + "\n", encoding="utf-8")
    return folder


def write_image(path: Path, size=(640, 480), color=(180, 60, 40)) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, quality=85)
    return path


def write_work(
    content: Path,
    artist: str,
    slug: str,
    statement: str = "Una declaración de la artista sobre la obra.",
    images=(("obra.jpg", "Pintura de un sol rojo sobre fondo ocre"),),
    **fields,
) -> Path:
    """A valid work folder with real JPEGs; keyword arguments override front-matter keys."""
    folder = content / "works" / artist / slug
    folder.mkdir(parents=True, exist_ok=True)
    fields = {
        "title": slug.replace("-", " ").capitalize(),
        "artist": artist,
        "date": "2026-01-15",
        "medium": "Acrílico sobre tela",
        "license": "CC-BY-SA-4.0",
        "consent": "yes",
        "tags": "prueba",
        "year": "2026",
        "dimensions": "60 × 80 cm",
        "lang": "es",
        **fields,
    }
    image_lines = []
    for filename, alt in images:
        write_image(folder / filename)
        image_lines.append(f"![{alt}]({filename})")
    text = front_matter(fields) + "\n" + statement + "\n\n" + "\n\n".join(image_lines) + "\n"
    (folder / "index.md").write_text(text, encoding="utf-8")
    return folder


def read_page(output: Path, relative: str) -> str:
    path = output / relative
    if not path.is_file():
        written = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
        pytest.fail(f"{relative} was not written; written: {written[:40]}")
    return path.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def disconnect_pelican_signals():
    """Pelican's signals are process-global: forget every receiver after each test."""
    yield
    reset_pelican_state()


def reset_pelican_state() -> None:
    from altavoz_moderation.model import rendering
    from pelican import signals

    rendering.forget()  # a test that renders again must reach the worker

    for value in vars(signals).values():
        if isinstance(value, blinker.Signal):
            value.receivers.clear()
            value._by_receiver.clear()
            value._by_sender.clear()
    # i18n_subsites keeps the main site's settings between a build and its subsites;
    # a build stopped midway would leave the next test's build thinking it is a subsite.
    from pelican.plugins.i18n_subsites import i18n_subsites

    i18n_subsites._MAIN_SETTINGS = None


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory, shared_image_cache) -> Path:
    """The sample content built once for every test (and worker) that only reads the result."""
    cache = str(shared_image_cache)  # explicit: no test's own choice applies to a session build

    def build(folder: Path) -> None:
        build_site(SAMPLE_CONTENT, folder / "output", ALTAVOZ_IMAGES_CACHE_DIR=cache)

    return made_once(tmp_path_factory, "sample-site", build) / "output"


@pytest.fixture
def tiny_content(tmp_path) -> Path:
    """A two-artist site with three works and one blog post, written from scratch."""
    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    write_artist(content, "colectivo-sur", name="Colectivo Sur")
    write_work(content, "ana-rivera", "sol-de-barrio", title="Sol de barrio", date="2026-02-01")
    write_work(
        content,
        "ana-rivera",
        "maiz-azul",
        title="Maíz azul",
        date="2026-03-01",
        tags="maíz, tierra",
    )
    write_work(content, "colectivo-sur", "agua-viva", title="Agua viva", date="2026-01-01")
    blog = content / "blog"
    blog.mkdir()
    (blog / "bienvenida.md").write_text(
        front_matter(
            {"title": "Bienvenida", "date": "2026-01-10", "slug": "bienvenida", "lang": "es"}
        )
        + "\nAbrimos la galería.\n",
        encoding="utf-8",
    )
    (content / "pages").mkdir()
    (content / "pages" / "acerca.md").write_text(
        front_matter({"title": "Acerca", "slug": "acerca", "lang": "es"}) + "\nQuiénes somos.\n",
        encoding="utf-8",
    )
    return content


# The browser tests drive Debian's chromium with the flags the intake's phone pictures
# use (one list: no call to Google's services, no name resolved but this machine's).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; nothing is downloaded."""
    import os

    if not Path(CHROMIUM).exists():
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + ": .ci/run must install it")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone_page(browser):
    """``phone_page(**options)``: a new page in a 390x844 window of its own (options go to
    Playwright's new_context), closed after the test."""
    contexts = []

    def open_(**options):
        context = browser.new_context(**{"viewport": {"width": 390, "height": 844}, **options})
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def serve_directory(directory: Path):
    """Serve a built site on 127.0.0.1 (a free port) in a thread; returns (base_url, stop)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep test output readable
            pass

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}", stop


@pytest.fixture(scope="session")
def site(sample_site, request) -> str:
    """Base URL of the sample site served over HTTP, for the browser tests to visit."""
    base, stop = serve_directory(sample_site)
    request.addfinalizer(stop)
    return base


@pytest.fixture
def served(request):
    """Call served(path) to get a base URL for a built site; stopped after the test."""
    stops = []

    def start(directory: Path) -> str:
        url, stop = serve_directory(directory)
        stops.append(stop)
        return url

    yield start
    for stop in stops:
        stop()
