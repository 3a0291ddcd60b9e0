"""Cache and pipeline: nothing decoded twice, only what changed re-processed, stale files gone."""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
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
sys.path.insert(0, sys.argv[1])
from altavoz_images import pipeline
tuned = pipeline.keep_freed_memory() if sys.argv[2] == "tuned" else False
buffer = bytearray(24 << 20)  # a 2000x1500 RGBX image is 12 MB
del buffer
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
buffer = bytearray(24 << 20)
print(tuned, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="tunes glibc's malloc only")
def test_workers_reuse_freed_image_buffers_without_page_faults():
    plugins = str(Path(pipeline.__file__).parents[1])

    def probe(mode):
        done = subprocess.run(
            [sys.executable, "-c", _REUSE_PROBE, plugins, mode],
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
