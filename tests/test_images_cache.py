"""Cache and pipeline: nothing decoded twice, only what changed re-processed, stale files gone."""

from __future__ import annotations

import json
import platform
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from altavoz_images import ImageJob, RunStats, derivatives, pipeline, process_images
from conftest import spy_on
from images_support import halves, image_settings, save_jpeg
from PIL import Image


@pytest.fixture
def decodes(monkeypatch):
    """Every decode done in this process (tests run the pipeline in-process: WORKERS=1)."""
    return spy_on(monkeypatch, derivatives, "decode_largest")


def make_sources(folder: Path, count=3) -> list[Path]:
    colours = [(200, 40, 40), (40, 200, 40), (40, 40, 200), (200, 200, 40)]
    return [
        save_jpeg(folder / f"obra-{i}.jpg", halves((400, 300), colours[i], (250, 250, 250)))
        for i in range(count)
    ]


def jobs_for(sources, output: Path):
    return [ImageJob(s, output / s.stem, s.stem, f"content/works/a/{s.name}") for s in sources]


def run(sources, tmp_path, **overrides):
    stats = RunStats()
    settings = image_settings(tmp_path, **overrides)
    results = process_images(jobs_for(sources, tmp_path / "output"), settings, stats=stats)
    return results, stats


def published(tmp_path) -> set[str]:
    output = tmp_path / "output"
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}


def test_second_run_decodes_nothing(tmp_path, decodes):
    sources = make_sources(tmp_path / "src")
    first, stats = run(sources, tmp_path)
    assert stats.rendered == 3 and len(decodes) == 3
    files = published(tmp_path)
    decodes.clear()
    second, stats = run(sources, tmp_path)
    assert decodes == [] and stats.rendered == 0 and stats.cached == 3
    assert stats.hashed == 0  # unchanged files are not even read again
    assert published(tmp_path) == files
    assert [s.srcset_for("") for s in second.values()] == [s.srcset_for("") for s in first.values()]
    assert not any(s.decoded for s in second.values())


def test_a_fresh_clone_with_a_restored_cache_decodes_nothing(tmp_path, decodes):
    sources = make_sources(tmp_path / "src")
    run(sources, tmp_path)
    decodes.clear()
    clone = tmp_path / "clone"
    shutil.copytree(tmp_path / "src", clone)  # new paths, inodes and modification times
    clones = sorted(clone.glob("*.jpg"))
    _results, stats = run(clones, tmp_path)
    assert decodes == [] and stats.rendered == 0 and stats.hashed == 3


def test_changing_one_image_reprocesses_only_it(tmp_path, decodes):
    sources = make_sources(tmp_path / "src")
    first, _ = run(sources, tmp_path)
    decodes.clear()
    save_jpeg(sources[1], halves((400, 300), (10, 10, 10), (90, 90, 90)))
    second, stats = run(sources, tmp_path)
    assert decodes == ["obra-1.jpg"] and stats.rendered == 1
    assert second[sources[1]].src != first[sources[1]].src  # new content, new URL
    assert second[sources[0]].src == first[sources[0]].src
    # The changed image's old derivatives are gone from the output.
    old_name = first[sources[1]].src.split("/")[-1]
    assert not (tmp_path / "output" / "obra-1" / old_name).exists()


def test_changing_a_derivative_setting_reprocesses_everything(tmp_path, decodes):
    sources = make_sources(tmp_path / "src")
    run(sources, tmp_path)
    decodes.clear()
    _results, stats = run(sources, tmp_path, WEBP_QUALITY=60)
    assert sorted(decodes) == ["obra-0.jpg", "obra-1.jpg", "obra-2.jpg"] and stats.rendered == 3


def test_a_setting_that_does_not_change_pixels_reprocesses_nothing(tmp_path, decodes):
    sources = make_sources(tmp_path / "src")
    run(sources, tmp_path)
    decodes.clear()
    run(sources, tmp_path, SIZES="50vw", MAX_FILE_BYTES=10**9)
    assert decodes == []


def test_removed_images_lose_their_published_derivatives(tmp_path):
    sources = make_sources(tmp_path / "src")
    run(sources, tmp_path)
    assert any(name.startswith("obra-2/") for name in published(tmp_path))
    _results, stats = run(sources[:2], tmp_path)
    assert stats.removed > 0
    assert not any(name.startswith("obra-2/") for name in published(tmp_path))
    assert any(name.startswith("obra-0/") for name in published(tmp_path))


def test_identical_content_is_rendered_once(tmp_path, decodes):
    [source] = make_sources(tmp_path / "src", 1)
    copy = shutil.copy(source, tmp_path / "src" / "copia.jpg")
    results, stats = run([source, Path(copy)], tmp_path)
    assert len(decodes) == 1 and stats.rendered == 1
    assert results[Path(copy)].src.startswith("copia/copia-")


def test_image_set_gives_templates_everything(tmp_path):
    [source] = make_sources(tmp_path / "src", 1)
    results, _ = run([source], tmp_path)
    image = results[source]
    assert image.ok and (image.width, image.height) == (320, 240)
    assert [mime for mime, _ in image.formats] == ["image/webp", "image/jpeg"]
    assert image.sources_for("/site") == [
        (
            "image/webp",
            f"/site/{image.formats[0][1][0].url} 160w, /site/{image.formats[0][1][1].url} 320w",
        )
    ]
    assert image.srcset_for("").endswith("320w") and image.src.endswith(".jpg")
    assert image.thumbnail.width == 100
    assert image.grid_sources_for("")[0][1].startswith(f"/{image.thumbnail.url} 100w")
    for candidate in [c for _, cs in image.formats for c in cs] + [image.thumbnail]:
        assert (tmp_path / "output" / candidate.url).is_file()
    assert image.placeholder.startswith("data:image/webp;base64,")


def test_a_bad_file_is_isolated_and_the_others_publish_in_the_pool(tmp_path):
    sources = make_sources(tmp_path / "src", 2)
    broken = tmp_path / "src" / "rota.jpg"
    broken.write_bytes(sources[0].read_bytes()[:300])
    results, stats = run([*sources, broken], tmp_path, WORKERS=2)
    assert stats.failed == 1 and stats.rendered == 2
    assert all(results[s].ok for s in sources)
    [finding] = results[broken].findings
    assert finding.code == "AV530" and finding.path == "content/works/a/rota.jpg"
    assert "rota.jpg" in finding.message_es and "Export the image again" in finding.message_en
    assert not (tmp_path / "output" / "rota").exists()


def test_a_bad_file_is_not_decoded_again_on_the_next_run(tmp_path, decodes):
    broken = tmp_path / "src" / "rota.jpg"
    broken.parent.mkdir()
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    run([broken], tmp_path)
    decodes.clear()
    results, _ = run([broken], tmp_path)
    assert decodes == [] and not results[broken].ok


def test_pixel_limit_is_applied_inside_worker_processes(tmp_path):
    sources = make_sources(tmp_path / "src", 2)
    results, stats = run(sources, tmp_path, WORKERS=2, MAX_PIXELS=50_000)
    assert stats.failed == 2
    # Pillow itself refused at twice the limit: MAX_IMAGE_PIXELS was 50 000 in the workers.
    for result in results.values():
        assert "DecompressionBombError" in result.findings[0].message_en
        assert "limit of 100000 pixels" in result.findings[0].message_en


def test_worker_initializer_sets_pillows_limit(monkeypatch):
    monkeypatch.setattr(pipeline, "keep_freed_memory", lambda: True)  # this process stays as is
    before = Image.MAX_IMAGE_PIXELS
    try:
        pipeline._worker_init(1234)
        assert Image.MAX_IMAGE_PIXELS == 1234
    finally:
        Image.MAX_IMAGE_PIXELS = before


_REUSE_PROBE = """
import resource, sys
from altavoz_images import pipeline
tuned = pipeline.keep_freed_memory() if sys.argv[1] == "tuned" else False
buffer = bytearray(24 << 20)  # a 2000x1500 RGBX image is 12 MB
del buffer
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
buffer = bytearray(24 << 20)
print(tuned, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="tunes glibc's malloc only")
def test_workers_reuse_freed_image_buffers_without_page_faults():
    def probe(mode):
        done = subprocess.run(
            [sys.executable, "-c", _REUSE_PROBE, mode],
            capture_output=True,
            text=True,
            check=True,
        )
        tuned, faults = done.stdout.split()
        return tuned == "True", int(faults)

    pages = (24 << 20) // 4096
    assert probe("default")[1] > pages / 2  # glibc gave the freed 24 MB back to the kernel
    tuned, faults = probe("tuned")
    assert tuned
    assert faults < pages / 20


def test_cache_key_ignores_file_names_and_times_but_not_content(tmp_path):
    from altavoz_images import cache

    [source] = make_sources(tmp_path / "src", 1)
    settings = image_settings(tmp_path)
    fingerprint = cache.settings_fingerprint(settings)
    key = cache.derivative_key(cache.file_digest(source), fingerprint)
    copy = Path(shutil.copy(source, tmp_path / "otra.jpg"))
    assert cache.derivative_key(cache.file_digest(copy), fingerprint) == key
    other = cache.settings_fingerprint(image_settings(tmp_path, JPEG_QUALITY=70))
    assert cache.derivative_key(cache.file_digest(source), other) != key


def test_two_builds_sharing_a_cache_split_the_images_instead_of_both_making_them(tmp_path):
    """Two processes at once (a preview and a review, or parallel test workers)."""
    sources = make_sources(tmp_path / "src", count=4)
    # Both start processing together (each waits for the other's mark), and each render
    # takes a while, so the two runs overlap whatever the machine's load.
    script = (
        "import sys, json, pathlib, time\n"
        "from altavoz_images import RunStats, process_images, ImageJob, derivatives\n"
        "from images_support import image_settings\n"
        "tmp, n = pathlib.Path(sys.argv[1]), sys.argv[2]\n"
        "out = tmp / f'output-{n}'\n"
        "sources = [pathlib.Path(p) for p in sys.argv[3:]]\n"
        "jobs = [ImageJob(s, out / s.stem, s.stem, f'content/works/a/{s.name}') for s in sources]\n"
        "render = derivatives.render\n"
        "derivatives.render = lambda *a: (time.sleep(0.5), render(*a))[1]\n"
        "(tmp / f'ready-{n}').touch()\n"
        "while len(list(tmp.glob('ready-*'))) < 2: time.sleep(0.01)\n"
        "stats = RunStats()\n"
        "settings = image_settings(tmp, OUTPUT_PATH=str(out))\n"
        "process_images(jobs, settings, progress=False, stats=stats)\n"
        "print(json.dumps([stats.rendered, stats.cached]))\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path), str(n), *map(str, sources)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parent,  # `python -c` imports from its working folder
        )
        for n in (1, 2)
    ]
    outputs = [json.loads(run.communicate(timeout=120)[0]) for run in runs]
    assert all(run.returncode == 0 for run in runs)
    # Between them each source was rendered once, and each run made some of them: the
    # other took those from the cache.
    assert sum(rendered for rendered, _cached in outputs) == len(sources)
    assert all(rendered >= 1 for rendered, _cached in outputs), outputs
    names = [{p.name for p in (tmp_path / f"output-{n}").rglob("*") if p.is_file()} for n in (1, 2)]
    assert len(names[0]) >= 4 * len(sources) and names[0] == names[1]
    # Each output folder has its own record of what was published into it.
    assert len(list((tmp_path / "cache" / "published").glob("*.json"))) == 2


def test_a_source_another_build_is_rendering_is_waited_for_not_rendered_again(tmp_path, decodes):
    from altavoz_images import cache

    (source,) = make_sources(tmp_path / "src", count=1)
    settings = image_settings(tmp_path)
    key = cache.derivative_key(cache.file_digest(source), cache.settings_fingerprint(settings))
    cache_dir = Path(settings["ALTAVOZ_IMAGES_CACHE_DIR"])
    holding, release = threading.Event(), threading.Event()

    def other_build():
        with cache.render_lock(cache_dir, key, wait_seconds=30):
            holding.set()
            release.wait(30)
            pipeline._render_and_store(str(source), key, cache_dir, settings)

    other = threading.Thread(target=other_build)
    other.start()
    holding.wait(30)
    assert pipeline.render_to_cache(str(source), key, str(cache_dir), settings)[1] is None
    threading.Timer(0.3, release.set).start()
    results, stats = run([source], tmp_path)
    other.join()
    assert len(decodes) == 1 and stats.rendered == 0  # the other build made it
    assert not results[source].decoded
    assert results[source].srcset_for("")
    assert published(tmp_path)


def test_each_output_folder_keeps_its_own_record_of_what_it_published(tmp_path):
    sources = make_sources(tmp_path / "src", count=2)
    settings = {n: image_settings(tmp_path, OUTPUT_PATH=str(tmp_path / f"out-{n}")) for n in (1, 2)}
    for n in (1, 2):
        process_images(jobs_for(sources, tmp_path / f"out-{n}"), settings[n], progress=False)
    cache_dir = Path(settings[1]["ALTAVOZ_IMAGES_CACHE_DIR"])
    records = sorted((cache_dir / "published").glob("*.json"))
    assert len(records) == 2
    # Dropping an image from one folder's build leaves the other folder's files alone.
    process_images(jobs_for(sources[:1], tmp_path / "out-1"), settings[1], progress=False)
    assert not list((tmp_path / "out-1").glob(f"{sources[1].stem}/*"))
    assert list((tmp_path / "out-2").glob(f"{sources[1].stem}/*"))


def test_a_record_written_before_folders_had_their_own_still_sweeps(tmp_path):
    sources = make_sources(tmp_path / "src", count=2)
    settings = image_settings(tmp_path)
    output = tmp_path / "output"
    process_images(jobs_for(sources, output), settings, progress=False)
    cache_dir = Path(settings["ALTAVOZ_IMAGES_CACHE_DIR"])
    (record,) = (cache_dir / "published").glob("*.json")
    root = str(output.resolve())
    sites = json.loads(record.read_text())["sites"]
    (cache_dir / "published.json").write_text(json.dumps({root: sites, "/elsewhere": {}}))
    shutil.rmtree(cache_dir / "published")
    process_images(jobs_for(sources[:1], output), settings, progress=False)
    assert not list((output / sources[1].stem).glob("*"))
    # Moved into the folder's own record at once, even when nothing changed.
    shutil.rmtree(cache_dir / "published")
    process_images(jobs_for(sources[:1], output), settings, progress=False)
    assert len(list((cache_dir / "published").glob("*.json"))) == 1


def test_a_record_naming_files_outside_the_output_folder_deletes_none_of_them(tmp_path):
    from altavoz_images import cache

    output = tmp_path / "output"
    output.mkdir()
    outside = tmp_path / "precious.txt"
    outside.write_text("not ours")
    cache_dir = tmp_path / "cache"
    root = str(output.resolve())
    record = cache._record_path(cache_dir, root)
    record.parent.mkdir(parents=True)
    crafted = [str(output / ".." / "precious.txt"), str(outside)]
    record.write_text(json.dumps({"root": root, "sites": {root: crafted}}))
    assert cache.sweep_published(cache_dir, output, []) == []
    assert outside.read_text() == "not ours"
    # A record of another shape is read as empty, not as a reason to stop the build.
    record.write_text(json.dumps({"root": root, "sites": [1, 2]}))
    assert cache.sweep_published(cache_dir, output, []) == []


def test_records_of_output_folders_that_are_gone_are_forgotten(tmp_path):
    from altavoz_images import cache

    sources = make_sources(tmp_path / "src", count=1)
    for name in ("kept", "gone"):
        settings = image_settings(tmp_path, OUTPUT_PATH=str(tmp_path / name))
        process_images(jobs_for(sources, tmp_path / name), settings, progress=False)
    cache_dir = Path(settings["ALTAVOZ_IMAGES_CACHE_DIR"])
    shutil.rmtree(tmp_path / "gone")
    cache.prune(cache_dir, max_age_days=365)
    (record,) = (cache_dir / "published").glob("*.json")
    assert json.loads(record.read_text())["root"] == str((tmp_path / "kept").resolve())


def test_a_source_too_slow_for_a_small_budget_is_tried_again_with_a_larger_one(tmp_path):
    from altavoz_images import cache

    (source,) = make_sources(tmp_path / "src", count=1)
    settings = image_settings(tmp_path)
    key = cache.derivative_key(cache.file_digest(source), cache.settings_fingerprint(settings))
    cache_dir = Path(settings["ALTAVOZ_IMAGES_CACHE_DIR"])
    budget = pipeline.render_budget(settings)
    cache.write_failure(cache_dir, key, "it takes over 0.1 CPU seconds", cpu_budget=budget / 2)
    results, stats = run([source], tmp_path)
    assert stats.rendered == 1 and not results[source].findings
    cache.write_failure(cache_dir, key, "it takes over a lot", cpu_budget=budget * 2)
    results, stats = run([source], tmp_path)
    assert stats.rendered == 0 and results[source].findings[0].code == "AV530"


def test_a_build_waits_only_so_long_for_another_that_holds_a_source(tmp_path):
    """A build stopped midway (Ctrl+Z) must not hold every other build up for ever."""
    from altavoz_images import cache

    holding, release = threading.Event(), threading.Event()

    def stopped_build():
        with cache.render_lock(tmp_path, "k" * 32, wait_seconds=5):
            holding.set()
            release.wait(30)

    other = threading.Thread(target=stopped_build)
    other.start()
    holding.wait(30)
    try:
        with cache.render_lock(tmp_path, "k" * 32, wait_seconds=0.2) as held:
            assert held is False
    finally:
        release.set()
        other.join()
    with cache.render_lock(tmp_path, "k" * 32) as held:
        assert held is True
