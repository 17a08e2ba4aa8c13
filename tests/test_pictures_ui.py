"""Pictures in the running app come from the prepared cache: a 48-megapixel photo taken with
the camera turned is shown upright and screen-sized while the UI keeps drawing frames, and a
damaged picture is a calm stand-in with its alt text, never an error."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from kiosk.media import media_cache_dir, picture_box
from kiosk.media.picture import fitted_size
from kiosk.ui.pictures import Pictures
from tests.contentkit import edit
from tests.picturekit import BLUE, RED, save_turned, truncated_jpeg, upright_pattern
from tests.uikit import fresh_visit
from tests.waiting import wait_for

pytestmark = pytest.mark.ui

STATION = "heat-pump"
HOUSING = Path("themes/housing.yaml")
USED = "file: stations/heat-pump.png"
HUGE = (8000, 6000)  # 48 megapixels, upright; stored turned, as 6000 x 8000


@contextmanager
def station_picture(ui, name: str, write):
    """The heat-pump station shows media/stations/`name`, which `write(path)` makes, until the
    block ends; then the exhibition is as it was."""
    # From the attract screen, whose first slide is another station's: no screen on show asks
    # for the new picture before the test does.
    ui.app.end_visit()
    ui.settle()
    settings = ui.app.settings
    theme_file = settings.content_dir / HOUSING
    original = theme_file.read_text(encoding="utf-8")
    picture = settings.media_dir / "stations" / name
    # Made beside the media folder and moved in whole: the live reload must not see half of it.
    scratch = write(settings.media_dir.parent / name)
    shutil.move(scratch, picture)
    try:
        edit(theme_file, USED, f"file: stations/{name}")
        assert wait_for(lambda: shows(ui, f"stations/{name}"), 10.0, ui.frames)
        assert ui.app.services.watcher.errors == []
        yield ui.app.content.exhibition.station(STATION)
    finally:
        theme_file.write_text(original, encoding="utf-8")
        picture.unlink()
        wait_for(lambda: shows(ui, "stations/heat-pump.png"), 10.0, ui.frames)


def shows(ui, file: str) -> bool:
    return ui.app.content.exhibition.station(STATION).images[0].file == file


def station_image(ui):
    from kiosk.ui.widgets import Picture, PreparedImage

    (picture,) = ui.find_all(lambda w: isinstance(w, Picture))
    (image,) = ui.find_all(lambda w: isinstance(w, PreparedImage), picture)
    return image


def pixel(texture, x: float, y: float) -> tuple[int, int, int]:
    """The colour drawn at (x, y) of the texture, as shares of its width and height from the
    top left."""
    width, height = texture.size
    # Rows count from the bottom, unless the texture is drawn flipped (a loaded picture is).
    _, v_bottom, *_, v_top = texture.tex_coords
    from_top = int(y * height)
    row = from_top if v_bottom > v_top else height - 1 - from_top
    column = int(x * width)
    start = (row * width + column) * 4
    return tuple(texture.pixels[start : start + 3])


def near(colour, expected) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(colour, expected, strict=True))


def make_huge_turned_photo(path: Path) -> Path:
    return save_turned(upright_pattern(HUGE), path, 6, format="JPEG", quality=85)


def test_a_48_megapixel_turned_photo_is_shown_upright_and_screen_sized_without_a_stall(
    ui, monkeypatch
):
    from kiosk.media import cache

    preparations, real_prepare = [], cache.prepare

    def watched(source, cache_dir, max_px):
        thread = threading.current_thread().name
        preparations.append((Path(source).name, thread, time.monotonic()))
        return real_prepare(source, cache_dir, max_px)

    monkeypatch.setattr(cache, "prepare", watched)
    # Asked for by the station when it opens, not ahead (the warm-up has its own test).
    monkeypatch.setattr(Pictures, "warm_up", lambda _self, _sources: 0)
    with station_picture(ui, "huge.jpg", make_huge_turned_photo) as station:
        with Image.open(ui.app.settings.media_dir / station.images[0].file) as raw:
            assert raw.size == (6000, 8000)  # the pixels lie on their side
        fresh_visit(ui)
        opened = time.monotonic()
        ui.app.navigator.open_station(STATION)
        ui.frames(1)  # the slide's first frame: the station filled, its first band drawn
        image = station_image(ui)
        sources = []
        image.bind(source=lambda _image, source: sources.append(source))
        # The stand-in comes first, shaped like the upright photo, so nothing moves later.
        assert image.state == "waiting" and image.texture is None
        assert image.aspect == pytest.approx(HUGE[0] / HUGE[1])
        frames = 0
        while image.state == "waiting" and time.monotonic() - opened < 60:
            ui.frames(1)
            frames += 1
        assert image.state == "shown", image.problem
        # Prepared on the worker, for this visit, while the UI drew the stand-in (a frame or
        # more, then the photo's frame); the original file never went near Kivy.
        ((thread, started),) = [p[1:] for p in preparations if p[0] == "huge.jpg"]
        assert thread.startswith("media-preparer") and started >= opened
        assert frames >= 2
        cache_dir = media_cache_dir(ui.app.settings)
        assert sources and all(Path(source).parent == cache_dir for source in sources)

        box = picture_box(ui.window.size)
        texture = image.texture
        assert tuple(texture.size) == fitted_size(HUGE, box)  # upright: wider than high
        assert texture.width <= box[0] and texture.height <= box[1]
        assert near(pixel(texture, 0.05, 0.05), RED), "red must be top left"
        assert near(pixel(texture, 0.95, 0.05), BLUE), "blue must be top right"
        prepared = image.source
        assert image.aspect == pytest.approx(texture.width / texture.height)

        # Prepared once: the next visit shows it on the very frame the station is filled.
        fresh_visit(ui)
        ui.app.navigator.open_station(STATION)
        ui.frames(1)  # the slide's first frame: the station filled, its first band drawn
        again = station_image(ui)
        assert again.state == "shown" and again.source == prepared
        ui.settle()


def test_a_new_picture_is_prepared_before_anyone_opens_its_station(ui, monkeypatch):
    from kiosk.media import cache

    preparations, real_prepare = [], cache.prepare

    def watched(source, cache_dir, max_px):
        preparations.append((Path(source).name, threading.current_thread().name))
        return real_prepare(source, cache_dir, max_px)

    monkeypatch.setattr(cache, "prepare", watched)
    preparer = ui.app.services.pictures.preparer
    box = picture_box(ui.window.size)

    def photo(path: Path) -> Path:
        return save_turned(upright_pattern((3000, 2000)), path, 1, format="JPEG", quality=85)

    with station_picture(ui, "new.jpg", photo) as station:
        path = ui.app.settings.media_dir / station.images[0].file
        # The content changed: the kiosk prepares the picture on its own, in the background,
        # while the attract screen goes on.
        assert ui.screen.name == "attract"
        assert wait_for(lambda: preparer.known(path, box) is not None, 30.0, ui.frames)
        assert any(
            name == "new.jpg" and thread.startswith("media-preparer")
            for name, thread in preparations
        )
        fresh_visit(ui)
        ui.app.navigator.open_station(STATION)
        ui.frames(1)  # the slide's first frame: the station filled, its first band drawn
        image = station_image(ui)
        assert image.state == "shown"  # on the very frame the station is filled
        ui.settle()


def test_a_picture_that_arrives_during_a_slide_waits_for_its_end(ui, monkeypatch):
    from kiosk.media import cache

    gate, real_prepare = threading.Event(), cache.prepare

    def held(source, cache_dir, max_px):
        gate.wait(30)
        return real_prepare(source, cache_dir, max_px)

    def photo(path: Path) -> Path:  # never prepared before, at any size
        return save_turned(upright_pattern((1200, 800)), path, 1, format="PNG")

    monkeypatch.setattr(Pictures, "warm_up", lambda _self, _sources: 0)
    manager, pictures = ui.app.manager, ui.app.services.pictures
    with station_picture(ui, "sliding.png", photo):
        monkeypatch.setattr(cache, "prepare", held)
        fresh_visit(ui)
        try:
            monkeypatch.setattr(manager.transition, "duration", 30)  # a slide that lasts
            ui.app.navigator.open_station(STATION)
            ui.frames(1)  # the slide's first frame: the station filled, its first band drawn
            image = station_image(ui)
            assert image.state == "waiting" and pictures.hold()
            gate.set()
            path, box = Path(image.original), picture_box(ui.window.size)
            assert wait_for(lambda: pictures.preparer.known(path, box) is not None, 30)
            ui.frames(3)
            # Arrived, and waiting: shown now it would have the sliding page drawn again.
            assert manager.transition.is_active and image.state == "waiting"
            manager.transition.stop()
            assert not pictures.hold()
            ui.frames(2)
            assert image.state == "shown"
        finally:
            gate.set()
            ui.settle()


def whole_jpeg(path: Path) -> Path:
    Image.effect_noise((400, 300), 60).convert("RGB").save(path, format="JPEG")
    return path


def test_a_damaged_picture_shows_its_alt_text_and_logs_no_error(ui):
    errors, warnings = [], []

    class Collect(logging.Handler):
        def emit(self, record):
            validator = record.name == "kiosk.reload" or record.getMessage().startswith("Content:")
            if validator and not record.exc_info:
                return  # the validator's report of the damaged file: that is its job
            if record.levelno >= logging.ERROR or record.exc_info:
                errors.append(self.format(record))
            elif "broken.jpg" in record.getMessage():
                warnings.append(record.getMessage())

    handler = Collect()
    loggers = [logging.getLogger(), logging.getLogger("kivy")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        # A JPEG that stops halfway after the content took it whole (a copy over it that was
        # interrupted): the validator now refuses it, so the kiosk keeps the content that
        # names it, and the picture itself must fail calmly.
        with station_picture(ui, "broken.jpg", whole_jpeg) as station:
            picture = ui.app.settings.media_dir / "stations" / "broken.jpg"
            truncated_jpeg(picture)
            assert wait_for(
                lambda: any("broken.jpg" in e for e in ui.app.services.watcher.errors),
                10.0,
                ui.frames,
            )
            assert shows(ui, "stations/broken.jpg")
            for _visit in range(2):  # the second time it is known at once, not decoded again
                fresh_visit(ui)
                ui.app.navigator.open_station(STATION)
                ui.settle()
                image = station_image(ui)
                assert ui.wait_for_pictures() == []
                assert image.state == "failed" and image.texture is None and image.source == ""
                assert "broken.jpg is damaged and cannot be shown" in image.problem
                alt = ui.find_text(station.images[0].alt("fi"))
                assert alt.parent is image and alt.opacity == 1
                assert image.draw_size[0] > 0 and image.draw_size[1] > 0
            problems = ui.app.services.pictures.problems
            assert any("broken.jpg is damaged" in problem for problem in problems)
            ui.app.open_staff_menu()  # staff see it beside the content's own problems
            try:
                assert any("broken.jpg is damaged" in p for p in ui.app._staff.problems)
            finally:
                ui.app._close_staff()
        # Taken out of the content again: no longer a problem for staff.
        assert not any("broken.jpg" in p for p in ui.app.services.pictures.problems)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    assert errors == []
    # Named once for staff and the log, not at every visit.
    assert len(warnings) == 1 and "broken.jpg is damaged" in warnings[0], warnings


def test_a_picture_that_never_arrives_is_reported_by_render(ui, monkeypatch):
    from kiosk.media import cache
    from kiosk.paths import shown_path
    from kiosk.render import worker as render_worker

    gate, real_prepare = threading.Event(), cache.prepare

    def held(source, cache_dir, max_px):
        gate.wait(30)
        return real_prepare(source, cache_dir, max_px)

    monkeypatch.setattr(cache, "prepare", held)
    try:
        fresh_visit(ui, (1366, 768))  # a box no other test prepares pictures for
        ui.app.navigator.open_station(STATION)
        ui.settle()
        # Without its timeout the wait would last until the held worker gives up (30 s) and
        # the picture would have arrived: it is still waiting, so the wait gave up first.
        late = ui.wait_for_pictures(0.5)
        (picture,) = late
        assert picture.state == "waiting" and picture.texture is None
        problems = render_worker.picture_problems(ui.screen, late)
        waited = render_worker.PICTURE_WAIT_S
        where = shown_path(ui.app.settings.media_dir / "stations" / "heat-pump.png")
        assert problems == [{"problem": f"picture not ready after {waited} s", "text": where}]
    finally:
        gate.set()
    assert ui.wait_for_pictures() == []
    assert picture.state == "shown"
    ui.resize((1920, 1080))
