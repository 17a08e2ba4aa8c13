"""Curators' pictures of any size and orientation come out upright, screen-sized and cached;
broken ones are named, never a crash; the background preparer never holds up its caller."""

from __future__ import annotations

import io
import threading
import time
import warnings
from pathlib import Path

import pytest
from PIL import Image, ImageFile, JpegImagePlugin

from kiosk.cli import main
from kiosk.config import load_settings
from kiosk.content_files import load_content_folder
from kiosk.media import (
    MediaPreparer,
    PictureDamaged,
    PictureMissing,
    PictureTooLarge,
    PictureUnsupported,
    picture_box,
    prepare,
    upright_size,
)
from kiosk.progress import Progress
from tests.contentkit import edit
from tests.picturekit import (
    BLUE,
    ORIENTATION,
    RED,
    WHITE,
    save_turned,
    truncated_jpeg,
    upright_pattern,
)

REPO = Path(__file__).resolve().parent.parent
HOUSING = Path("exhibits/themes/housing.yaml")


def assert_upright(path: Path, size: tuple[int, int]) -> None:
    with Image.open(path) as image:
        assert image.size == size
        assert image.getexif().get(ORIENTATION, 1) == 1  # no viewer may turn it again
        rgb = image.convert("RGB")
    width, height = size

    def near(xy, colour):
        pixel = rgb.getpixel((int(xy[0] * width), int(xy[1] * height)))
        return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))

    assert near((0.05, 0.05), RED), "red corner is not top left"
    assert near((0.95, 0.05), BLUE), "blue corner is not top right"
    assert near((0.5, 0.9), WHITE)


@pytest.fixture(scope="module")
def photo_50mp(tmp_path_factory) -> Path:
    """A 50-megapixel landscape photo taken with the camera turned (EXIF orientation 6)."""
    path = tmp_path_factory.mktemp("photos") / "huge.jpg"
    return save_turned(upright_pattern((8660, 5774)), path, 6, quality=85)


# Preparing ---------------------------------------------------------------------------------


def test_a_50_megapixel_turned_photo_comes_out_upright_and_screen_sized(
    photo_50mp, tmp_path, monkeypatch
):
    drafts = []
    real_draft = JpegImagePlugin.JpegImageFile.draft

    def spy(image, mode, size):
        drafts.append(size)
        return real_draft(image, mode, size)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no decompression-bomb warning for a camera photo
        path = prepare(photo_50mp, tmp_path, picture_box((1920, 1080)))
    assert_upright(path, (1920, 1280))
    # Decoded at reduced size, asked for in the stored (portrait) frame.
    assert drafts == [(1280, 1920)]


def test_a_4k_screen_gets_bigger_pictures_than_a_1080p_one(photo_50mp, tmp_path):
    assert picture_box((1920, 1080)) == (1920, 1920)
    assert picture_box((1080, 1920)) == (1920, 1920)  # the same copies serve a portrait screen
    assert picture_box((3840, 2160)) == (3840, 3840)
    assert_upright(prepare(photo_50mp, tmp_path, picture_box((3840, 2160))), (3840, 2560))


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_every_orientation_comes_out_upright(tmp_path, orientation, suffix):
    source = save_turned(upright_pattern((600, 400)), tmp_path / f"turned{suffix}", orientation)
    assert_upright(prepare(source, tmp_path / "cache", (300, 300)), (300, 200))


def test_a_cameras_jpeg_with_a_preview_inside_is_a_jpeg(exhibit):
    """Pillow calls such files MPO; many cameras and phones write them."""
    preview = Image.new("RGB", (60, 40))
    options = {"format": "MPO", "save_all": True, "append_images": [preview]}
    save_turned(upright_pattern((600, 400)), Path("media/camera.jpg"), 6, **options)
    assert Image.open("media/camera.jpg").format == "MPO"
    edit(HOUSING, "      - file: pic.png", "      - file: camera.jpg")
    assert load_content_folder(Path("exhibits"), Path("media")).diagnostics.lines() == []
    assert_upright(prepare(Path("media/camera.jpg"), Path("cache"), (300, 300)), (300, 200))


def test_a_small_picture_is_never_enlarged(tmp_path):
    source = tmp_path / "small.png"
    upright_pattern((300, 200)).save(source)
    assert_upright(prepare(source, tmp_path / "cache", (1920, 1920)), (300, 200))


def test_photos_become_jpeg_drawings_and_transparency_stay_png(tmp_path):
    Image.effect_noise((800, 600), 80).convert("RGB").save(tmp_path / "photo.png")
    upright_pattern((800, 600)).save(tmp_path / "drawing.jpg", quality=95)
    transparent = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    transparent.paste((10, 120, 60, 255), (100, 100, 300, 300))
    transparent.save(tmp_path / "logo.png")
    Image.new("RGBA", (800, 600), (10, 120, 60, 255)).save(tmp_path / "opaque.png")
    Image.new("P", (800, 600), 3).save(tmp_path / "palette.png")
    Image.new("CMYK", (800, 600), (0, 200, 200, 0)).save(tmp_path / "print.jpg")
    Image.new("I;16", (800, 600), 40000).save(tmp_path / "grey16.png")

    def made(name):
        path = prepare(tmp_path / name, tmp_path / "cache", (400, 400))
        with Image.open(path) as image:
            return path.suffix, image.format, image.mode, image.size

    assert made("photo.png") == (".jpg", "JPEG", "RGB", (400, 300))
    assert made("drawing.jpg") == (".png", "PNG", "RGB", (400, 300))
    assert made("logo.png") == (".png", "PNG", "RGBA", (400, 300))
    assert made("opaque.png") == (".png", "PNG", "RGB", (400, 300))  # alpha of 255 everywhere
    assert made("palette.png")[2:] == ("RGB", (400, 300))
    assert made("print.jpg")[2:] == ("RGB", (400, 300))
    grey = prepare(tmp_path / "grey16.png", tmp_path / "cache", (400, 400))
    with Image.open(grey) as image:
        assert image.convert("RGB").getpixel((0, 0)) == (156, 156, 156)  # 40000 / 256


def test_the_cache_is_named_by_content_size_and_version(tmp_path):
    cache = tmp_path / "cache"
    upright_pattern((600, 400)).save(tmp_path / "a.png")
    (tmp_path / "copy.png").write_bytes((tmp_path / "a.png").read_bytes())
    first = prepare(tmp_path / "a.png", cache, (300, 300))
    assert first.parent == cache and len(first.stem) == 64 and first.suffix == ".png"
    assert prepare(tmp_path / "copy.png", cache, (300, 300)) == first  # same bytes, same entry
    assert prepare(tmp_path / "a.png", cache, (200, 200)) != first
    upright_pattern((601, 400)).save(tmp_path / "a.png")
    assert prepare(tmp_path / "a.png", cache, (300, 300)) != first
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_cache_hit_decodes_nothing(tmp_path, monkeypatch):
    source = tmp_path / "a.jpg"
    upright_pattern((600, 400)).save(source)
    first = prepare(source, tmp_path / "cache", (300, 300))
    written = first.stat().st_mtime_ns

    def no_decoding(*args, **kwargs):
        raise AssertionError("a cache hit opened the picture")

    monkeypatch.setattr(Image, "open", no_decoding)
    assert prepare(source, tmp_path / "cache", (300, 300)) == first
    assert first.stat().st_mtime_ns == written


def test_an_empty_entry_left_by_a_power_cut_is_made_again(tmp_path):
    source = tmp_path / "a.png"
    upright_pattern((600, 400)).save(source)
    first = prepare(source, tmp_path / "cache", (300, 300))
    first.write_bytes(b"")
    assert prepare(source, tmp_path / "cache", (300, 300)) == first
    assert_upright(first, (300, 200))


# Broken pictures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, problem, message",
    [
        (lambda: None, PictureMissing, "picture not found: media/x.png"),
        (
            lambda: Path("media/x.png").write_text("not a picture"),
            PictureDamaged,
            "media/x.png is not a readable picture (PNG or JPEG)",
        ),
        (
            lambda: truncated_jpeg(Path("media/x.png")),
            PictureDamaged,
            "media/x.png is damaged and cannot be shown (image file is truncated",
        ),
        (
            lambda: Image.new("RGB", (4, 4)).save("media/x.png", format="GIF"),
            PictureUnsupported,
            "media/x.png is a GIF picture; use PNG or JPEG",
        ),
    ],
    ids=["missing", "not-a-picture", "truncated", "gif"],
)
def test_a_broken_picture_raises_its_own_problem(exhibit, make, problem, message):
    make()
    with pytest.raises(problem) as caught:
        prepare(Path("media/x.png"), Path("cache"), (300, 300))
    assert str(caught.value).startswith(message)
    assert not Path("cache").exists() or not list(Path("cache").iterdir())


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_picture_over_the_limit_is_a_content_problem(exhibit, monkeypatch):
    monkeypatch.setattr("kiosk.content.media_paths.MAX_PICTURE_PIXELS", 1_000_000)
    monkeypatch.setattr("kiosk.content.media_paths.MAX_PNG_PIXELS", 1_000_000)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS)  # restored after
    Image.new("RGB", (1200, 1000)).save("media/pic.png")
    message = (
        "media/pic.png is too large (1200 x 1000 pixels); the kiosk takes PNG pictures of up to "
        "1 megapixels: save a smaller copy (4000 pixels wide is more than any screen shows)"
    )
    with pytest.raises(PictureTooLarge, match=r"\(1200 x 1000 pixels\)"):
        prepare(Path("media/pic.png"), Path("cache"), (300, 300))
    lines = load_content_folder(Path("exhibits"), Path("media")).diagnostics.lines()
    assert f"exhibits/themes/housing.yaml:13:9: error: image.file: {message}" in lines
    Image.new("RGB", (3000, 1000)).save("media/pic.png")  # past Pillow's own refusal too
    with pytest.raises(PictureTooLarge, match="^media/pic.png is too large; "):
        prepare(Path("media/pic.png"), Path("cache"), (300, 300))


def test_120_megapixels_pass_without_pillows_bomb_warning(exhibit):
    """Pillow warns from 89 MP and refuses from 179 MP; the kiosk's limit for a JPEG (decoded
    at a fraction of its size) is 200 MP."""
    Image.new("L", (12000, 10000)).save("media/pic.png", format="JPEG")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_content_folder(Path("exhibits"), Path("media")).diagnostics.lines() == []
        path = prepare(Path("media/pic.png"), Path("cache"), (1920, 1920))
    assert Image.open(path).size == (1920, 1600)


# In the background -------------------------------------------------------------------------


class Outcomes:
    """Collects callbacks and the threads they ran on."""

    def __init__(self, expected: int = 1):
        self.items, self.threads = [], []
        self.expected = expected
        self.done = threading.Event()

    def __call__(self, outcome) -> None:
        self.items.append(outcome)
        self.threads.append(threading.current_thread().name)
        if len(self.items) >= self.expected:
            self.done.set()

    def wait(self):
        assert self.done.wait(30), "no callback"
        return self.items


@pytest.fixture
def gated(monkeypatch):
    """prepare() held at a gate the test opens, counting calls per picture."""
    from kiosk.media import cache

    gate, calls, real = threading.Event(), [], cache.prepare

    def held(source, cache_dir, max_px):
        calls.append(Path(source).name)
        assert gate.wait(30)
        return real(source, cache_dir, max_px)

    monkeypatch.setattr(cache, "prepare", held)
    return gate, calls


def test_the_preparer_never_blocks_its_caller_and_calls_back_on_its_worker(exhibit, gated):
    gate, _ = gated
    preparer = MediaPreparer(Path("cache"))
    outcomes = Outcomes()
    assert preparer.idle
    started = time.perf_counter()
    preparer.request(Path("media/pic.png"), (300, 300), outcomes)
    assert time.perf_counter() - started < 0.5
    assert not outcomes.items  # still at the gate, and the caller already went on
    assert not preparer.idle
    gate.set()
    (outcome,) = outcomes.wait()
    assert preparer.idle
    assert outcome.ok and outcome.path.is_file() and outcome.problem is None
    assert outcomes.threads[0].startswith("media-preparer")
    assert outcomes.threads[0] != threading.main_thread().name
    preparer.shutdown()


def test_requests_for_the_same_picture_are_prepared_once(exhibit, gated):
    gate, calls = gated
    Image.new("RGB", (40, 30), "#224466").save("media/other.png")
    preparer = MediaPreparer(Path("cache"))
    outcomes = Outcomes(expected=4)
    for name in ("pic.png", "pic.png", "pic.png", "other.png"):
        preparer.request(Path("media") / name, (300, 300), outcomes)
    gate.set()
    items = outcomes.wait()
    assert sorted(calls) == ["other.png", "pic.png"]
    pictures = [o.path for o in items if o.source.name == "pic.png"]
    assert len(pictures) == 3 and len(set(pictures)) == 1
    preparer.shutdown()


def test_an_unchanged_picture_is_answered_without_reading_it(exhibit, monkeypatch):
    from kiosk.media import cache

    preparer = MediaPreparer(Path("cache"))
    first = Outcomes()
    preparer.request(Path("media/pic.png"), (300, 300), first)
    first.wait()
    monkeypatch.setattr(cache, "prepare", lambda *args: pytest.fail("read it again"))
    again = Outcomes()
    preparer.request(Path("media/pic.png"), (300, 300), again)
    assert again.wait()[0].path == first.items[0].path
    preparer.shutdown()


def test_a_broken_picture_taken_out_of_the_content_is_no_longer_a_problem(exhibit):
    preparer = MediaPreparer(Path("cache"))
    truncated_jpeg(Path("media/broken.jpg"))
    outcomes = Outcomes(expected=2)
    for name in ("broken.jpg", "gone.png"):
        preparer.request(Path("media") / name, (300, 300), outcomes)
    outcomes.wait()
    assert len(preparer.problems) == 2
    preparer.forget_problems_except([Path("media/broken.jpg"), Path("media/pic.png")])
    (problem,) = preparer.problems
    assert "broken.jpg is damaged" in problem
    preparer.forget_problems_except([Path("media/pic.png")])  # the curators took it out
    assert preparer.problems == []
    preparer.shutdown()


def test_a_failed_picture_is_reported_and_recovers(exhibit):
    preparer = MediaPreparer(Path("cache"))
    outcomes = Outcomes()
    preparer.request(Path("media/new.png"), (300, 300), outcomes)
    (outcome,) = outcomes.wait()
    assert not outcome.ok and isinstance(outcome.problem, PictureMissing)
    assert preparer.problems == ["picture not found: media/new.png"]
    Image.new("RGB", (40, 30)).save("media/new.png")
    outcomes = Outcomes()
    preparer.request(Path("media/new.png"), (300, 300), outcomes)
    assert outcomes.wait()[0].ok
    assert preparer.problems == []
    preparer.shutdown()
    with pytest.raises(RuntimeError):
        preparer.request(Path("media/new.png"), (300, 300), outcomes)


def test_the_preparer_knows_a_prepared_picture_at_once_until_it_changes(exhibit, monkeypatch):
    from kiosk.media import cache

    preparer = MediaPreparer(Path("cache"))
    assert preparer.known(Path("media/pic.png"), (300, 300)) is None
    Image.new("RGB", (40, 30), "#224466").save("media/other.png")
    outcomes = Outcomes(expected=2)
    preparer.request(Path("media/pic.png"), (300, 300), outcomes)
    preparer.request(Path("media/other.png"), (300, 300), outcomes)
    _other, prepared = sorted(outcomes.wait(), key=lambda outcome: outcome.source.name)
    monkeypatch.setattr(cache, "prepare", lambda *args: pytest.fail("read it again"))
    # On the caller's thread, with no worker and no reading: the UI shows it on this frame.
    assert preparer.known(Path("media/pic.png"), (300, 300)) == prepared
    assert preparer.known(Path("media/pic.png"), (200, 200)) is None  # another box
    prepared.path.unlink()  # `prepare-media --prune` for another screen size, say
    assert preparer.known(Path("media/pic.png"), (300, 300)) is None
    Image.new("RGB", (40, 30), "#664422").save("media/other.png")  # the curator saves anew
    assert preparer.known(Path("media/other.png"), (300, 300)) is None
    preparer.shutdown()


def test_a_broken_picture_is_not_decoded_again_until_it_changes(exhibit, monkeypatch, caplog):
    from kiosk.media import cache

    truncated_jpeg(Path("media/photo.jpg"))
    calls, real = [], cache.prepare
    monkeypatch.setattr(cache, "prepare", lambda *args: calls.append(1) or real(*args))
    preparer = MediaPreparer(Path("cache"))
    for _visit in range(3):
        outcomes = Outcomes()
        preparer.request(Path("media/photo.jpg"), (300, 300), outcomes)
        (outcome,) = outcomes.wait()
        assert isinstance(outcome.problem, PictureDamaged)
    assert preparer.known(Path("media/photo.jpg"), (300, 300)) == outcome
    assert len(calls) == 1
    assert len([r for r in caplog.records if "photo.jpg is damaged" in r.getMessage()]) == 1
    upright_pattern((60, 40)).save("media/photo.jpg")  # fixed
    assert preparer.known(Path("media/photo.jpg"), (300, 300)) is None
    outcomes = Outcomes()
    preparer.request(Path("media/photo.jpg"), (300, 300), outcomes)
    assert outcomes.wait()[0].ok and preparer.problems == []
    preparer.shutdown()


def test_the_preparers_memory_stays_bounded(exhibit, monkeypatch):
    """One outcome per picture and box however often a curator saves it; and a cap for months
    of renamed files."""
    preparer = MediaPreparer(Path("cache"))
    for shade in range(20):
        Image.new("RGB", (40, 30), (shade, 0, 0)).save("media/pic.png")
        outcomes = Outcomes()
        preparer.request(Path("media/pic.png"), (300, 300), outcomes)
        outcomes.wait()
    assert len(preparer._known) == 1
    monkeypatch.setattr("kiosk.media.preparer.MAX_KNOWN", 3)
    for index in range(5):
        Image.new("RGB", (40, 30), (0, index, 0)).save(f"media/p{index}.png")
        outcomes = Outcomes()
        preparer.request(Path(f"media/p{index}.png"), (300, 300), outcomes)
        outcomes.wait()
    assert [source.name for source, _box in preparer._known] == ["p2.png", "p3.png", "p4.png"]
    preparer.shutdown()


def test_the_upright_size_comes_from_the_header_alone(tmp_path, monkeypatch):
    turned = save_turned(upright_pattern((600, 400)), tmp_path / "turned.jpg", 6)
    plain = tmp_path / "plain.png"
    upright_pattern((600, 400)).save(plain)
    broken = truncated_jpeg(tmp_path / "broken.jpg")
    (tmp_path / "text.png").write_text("not a picture")

    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image))
    assert upright_size(turned) == (600, 400)  # stored as 400 x 600
    assert upright_size(plain) == (600, 400)
    assert upright_size(broken) == (400, 300)  # its header is whole; its pixels are not
    assert upright_size(tmp_path / "text.png") is None
    assert upright_size(tmp_path / "missing.png") is None
    assert decoded == []


# kiosk prepare-media -----------------------------------------------------------------------


def bundled_settings(tmp_path: Path) -> Path:
    """kiosk.yaml for the repository's own exhibition, with the cache in a temporary folder."""
    config = tmp_path / "kiosk.yaml"
    config.write_text(
        "# yaml-language-server: $schema=schema/kiosk.schema.json\n"
        f"content_dir: {REPO / 'exhibits'}\n"
        f"media_dir: {REPO / 'media'}\n"
        f"data_dir: {tmp_path / 'var'}\n",
        encoding="utf-8",
    )
    return config


def test_prepare_media_on_the_bundled_exhibition(tmp_path, capsys):
    config = bundled_settings(tmp_path)
    settings, _ = load_settings(config)
    names = load_content_folder(
        REPO / "exhibits", REPO / "media"
    ).content.exhibition.picture_files()
    args = ["prepare-media", "--config", str(config), "--size", "1280x720"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"ok: {len(names)} pictures ready up to 1280x1280 px ({len(names)} prepared" in (
        captured.err
    )
    assert f"[{len(names)}/{len(names)}] " in captured.err  # plain lines: not a terminal
    cache = settings.data_dir / "cache" / "media"
    entries = sorted(cache.iterdir())
    assert 0 < len(entries) <= len(names)
    for entry in entries:
        with Image.open(entry) as image:
            assert max(image.size) <= 1280

    stale = cache / ("0" * 64 + ".jpg")
    stale.write_bytes(b"old")
    (cache / "notes.txt").write_text("not ours")
    assert main([*args, "--prune"]) == 0
    err = capsys.readouterr().err
    assert f"(0 prepared, {len(names)} already cached, 1 unused removed)" in err
    assert not stale.exists() and (cache / "notes.txt").exists()
    assert sorted(p for p in cache.iterdir() if p.suffix != ".txt") == entries


def test_prepare_media_names_a_picture_that_fails_and_exits_1(exhibit, capsys, monkeypatch):
    truncated_jpeg(Path("media/photo.jpg"))
    edit(HOUSING, "      - file: pic.png", "      - file: photo.jpg")
    # Damaged after validation passed it (a copy still being written, a failing disk): the
    # validator's check of the file is left out, so that preparing meets the damage.
    monkeypatch.setattr("kiosk.content.media_paths._open_problem", lambda path, shown: None)
    assert main(["prepare-media"]) == 1
    captured = capsys.readouterr()
    assert "error: media/photo.jpg is damaged and cannot be shown (" in captured.out
    assert "1 of 2 pictures failed; 1 prepared, 0 already cached in var/cache/media" in (
        captured.err
    )
    assert len(list(Path("var/cache/media").iterdir())) == 1  # pic.png is ready all the same


def test_prepare_media_stops_at_content_errors(exhibit, capsys):
    Path("media/pic.png").write_text("not a picture")
    assert main(["prepare-media"]) == 1
    captured = capsys.readouterr()
    assert (
        "exhibits/themes/housing.yaml:13:9: error: image.file: "
        "media/pic.png is not a readable picture (PNG or JPEG)" in captured.out.splitlines()
    )
    assert "; no picture prepared" in captured.err
    assert not Path("var/cache/media").exists()


def test_prepare_media_draws_a_progress_bar_on_a_terminal(exhibit, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["prepare-media"]) == 0
    shown = terminal.getvalue()
    assert "\r[" + "#" * 30 + "] 1/1 media/pic.png\x1b[K\n" in shown
    assert "ok: 1 pictures ready up to 1920x1920 px (1 prepared, 0 already cached)" in shown


def test_progress_writes_lines_when_not_on_a_terminal():
    log = io.StringIO()
    progress = Progress(2, log)
    progress.step(1, "media/a.png", "prepared")
    progress.interrupt()
    progress.step(2, "media/b.png", "already cached")
    progress.finish()
    assert log.getvalue() == "[1/2] media/a.png: prepared\n[2/2] media/b.png: already cached\n"


def test_prepare_media_size_must_be_width_x_height(exhibit, capsys):
    assert main(["prepare-media", "--size", "big"]) == 2
    assert "--size must look like 1920x1080, got 'big'" in capsys.readouterr().err
