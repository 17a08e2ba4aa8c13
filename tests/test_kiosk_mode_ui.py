"""Kiosk mode in the running app: close requests, the staff gesture and PIN, recovering from
an exception, sleeping outside opening hours, QR codes that scan off the screen, and touch
targets of at least the configured size."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from kiosk.navigator import Route
from kiosk.screens import ATTRACT, HOME, STATION
from tests.uikit import LANDSCAPE, PORTRAIT, fresh_visit

pytestmark = pytest.mark.ui


def test_close_requests_are_refused_in_kiosk_mode(ui):
    ui.app.locked = True
    try:
        assert ui.window.dispatch("on_request_close") is True
    finally:
        ui.app.locked = False
    assert not ui.window.dispatch("on_request_close")


def test_an_exception_in_a_callback_is_logged_and_the_visitor_sees_attract(ui, caplog):
    from kivy.clock import Clock

    fresh_visit(ui)
    ui.app.navigator.open_theme("food")
    ui.settle()

    def broken(_dt):
        raise RuntimeError("injected fault")

    with caplog.at_level(logging.ERROR, logger="kivy"):
        Clock.schedule_once(broken, 0)
        ui.frames(3)
        ui.settle()
    assert ui.app.navigator.route == Route(ATTRACT)
    assert ui.screen.name == "attract"
    logged = [r for r in caplog.records if r.exc_info and "injected fault" in str(r.exc_info[1])]
    assert logged, "the traceback must reach the log"


def hold_at(ui, x, y, seconds):
    from kivy.tests.common import UnitTestTouch

    touch = UnitTestTouch(x, y)
    touch.touch_down()
    ui.frames(1)
    time.sleep(seconds)
    touch.touch_up()
    ui.frames(2)


def test_staff_gesture_pin_and_menu(ui):
    import json

    from kiosk.ops.pin import lockout_path
    from kiosk.pin_hash import hash_pin
    from kiosk.ui.staff import PinPad, StaffMenu, locked_message

    fresh_visit(ui)
    gate = ui.app.pin_gate  # the app's own, counting wrong PINs in the data folder
    assert gate.state_file == lockout_path(ui.app.settings.data_dir)
    gate.stored_hash = hash_pin("246813")
    width, height = ui.window.size
    hold_at(ui, 5, 5, 2.2)  # long press, bottom-left
    for x, y in ((width - 5, 5), (width - 5, height - 5), (5, height - 5)):
        ui.tap_at(x, y)
    (pad,) = [w for w in ui.window.children if isinstance(w, PinPad)]
    for digit in "1111":
        ui.tap(ui.find_text(digit, root=pad))
    ui.tap(ui.find_text("OK", root=pad))
    assert pad.message == "Väärä PIN-koodi."
    assert json.loads(gate.state_file.read_text())["failures"] == 1  # kept across restarts
    for digit in "246813":
        ui.tap(ui.find_text(digit, root=pad))
    ui.tap(ui.find_text("OK", root=pad))
    (menu,) = [w for w in ui.window.children if isinstance(w, StaffMenu)]
    facts = dict(menu.facts)
    assert facts["Sisällön versio"] == ui.app.content.content_hash
    assert "Versio" in facts and "Edellinen pysähdys" in facts
    ui.tap(ui.find_text("Sulje", root=menu))
    assert not [w for w in ui.window.children if isinstance(w, StaffMenu | PinPad)]
    assert not gate.state_file.exists()  # the right PIN forgot the wrong one
    # A lock grows to a day: said in hours, not in tens of thousands of seconds.
    assert locked_message(86_400, "fi") == (
        "Liian monta väärää PIN-koodia. Yritä uudelleen 24 tunnin kuluttua."
    )
    assert locked_message(90, "sv") == "För många felaktiga PIN-koder. Försök igen om 90 sekunder."
    assert locked_message(600, "en") == "Too many wrong PINs. Try again in 10 min."


def test_the_staff_menu_says_what_is_degraded(ui, tmp_path):
    """A full disk (or any fault in kiosk.faults) is at the top of the staff menu, in the
    menu's language, and gone from it once cleared."""
    from kiosk.faults import FAULTS
    from kiosk.ui.staff import StaffMenu

    fresh_visit(ui)
    FAULTS.reset()  # one process runs every test: none of the others' faults
    fault = "disk full: /opt/ilmastotekoja/var/logs/kiosk.log cannot be written"
    FAULTS.set("log", fault)
    try:
        ui.app.open_staff_menu()
        ui.frames(3)
        (menu,) = [w for w in ui.window.children if isinstance(w, StaffMenu)]
        assert menu.faults == [f"log: {fault}"]
        assert ui.find_text("Häiriöt (1)", root=menu)
        assert ui.find_text(f"log: {fault}", root=menu)
        ui.screenshot(tmp_path / "staff-menu-fault.png")
        ui.tap(ui.find_text("Sulje", root=menu))
    finally:
        FAULTS.clear("log")
    ui.app.open_staff_menu()
    ui.frames(3)
    (menu,) = [w for w in ui.window.children if isinstance(w, StaffMenu)]
    assert menu.faults == [] and ui.find_text("Häiriöt (0)", root=menu)
    ui.tap(ui.find_text("Sulje", root=menu))


def test_outside_opening_hours_the_screen_sleeps_and_touches_open_nothing(ui, monkeypatch):
    from kiosk.ui import services

    fresh_visit(ui)
    # The services' own tick reads the opening hours every 2 s: they must agree with the test.
    monkeypatch.setattr(services.schedule, "is_open", lambda *_: False)
    ui.app.sleep()
    ui.settle()
    assert ui.screen.name == "sleep"
    ui.tap_at(960, 540)
    assert ui.screen.name == "sleep" and ui.app.navigator.route == Route(ATTRACT)
    monkeypatch.setattr(services.schedule, "is_open", lambda *_: True)
    ui.app.wake()
    ui.settle()
    assert ui.screen.name == "attract"
    ui.tap_at(960, 540)
    assert ui.app.navigator.route == Route(HOME)


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_station_qr_codes_scan_off_a_real_screenshot(ui, size, tmp_path):
    import zxingcpp
    from PIL import Image

    from kiosk import qr
    from kiosk.ui.widgets import LinkCode

    station = next(s for s in ui.app.content.exhibition.stations if len(s.links) >= 1)
    fresh_visit(ui, size)
    ui.app.navigator.open_station(station.id)
    ui.settle()
    expected = {
        qr.with_campaign(link.url, ui.app.settings.links.campaign, station.id)
        for link in station.links
    }
    decoded = set()
    for code in ui.find_all(lambda w: isinstance(w, LinkCode)):
        ui.scroll_into_view(code)
        shot = Image.open(ui.screenshot(tmp_path / "station.png"))
        decoded |= {result.text for result in zxingcpp.read_barcodes(shot)}
    assert expected <= decoded


@pytest.mark.parametrize("size", [(1280, 800), (3840, 2160), LANDSCAPE, PORTRAIT])
def test_touch_targets_are_at_least_the_configured_size(ui, size):
    from kivy.uix.behaviors import ButtonBehavior

    from kiosk.display import mm_to_px

    display = ui.app.settings.display
    smallest = mm_to_px(display, size, display.min_target_mm)
    fresh_visit(ui, size)
    for route in (Route(HOME), Route(STATION, "district-heat")):
        if route.screen == STATION:
            ui.app.navigator.open_station(route.target)
            ui.settle()
        buttons = ui.find_all(lambda w: isinstance(w, ButtonBehavior) and w.opacity > 0)
        assert buttons
        for button in buttons:
            assert min(button.size) >= smallest, (route, button, button.size, smallest)


def test_the_staff_menu_shows_the_content_sync_and_asks_for_one(ui, tmp_path, monkeypatch):
    """With a content repository: the commit shown, the last sync, a refused commit's first
    error, and "Sync now", which touches the file the sync's path unit watches."""
    from kiosk.sync import engine
    from kiosk.sync.releases import Layout
    from kiosk.sync.status import SyncStatusReader
    from kiosk.ui.staff import StaffMenu
    from tests.contentkit import edit
    from tests.synckit import ContentRepo, kiosk_settings

    content = ContentRepo(tmp_path / "content")
    settings = kiosk_settings(tmp_path / "kiosk", content.origin)
    good = content.commit("Good")
    assert engine.sync(settings).status == engine.SWITCHED
    edit(content.station_title_file(), "kind: food", "kind: fod")
    content.commit("Broken")
    assert engine.sync(settings).status == engine.REFUSED
    monkeypatch.setattr(ui.app.services, "settings", settings)
    monkeypatch.setattr(ui.app.services, "sync_status", SyncStatusReader(settings))
    fresh_visit(ui)
    ui.app.open_staff_menu()
    ui.frames(3)
    (menu,) = [w for w in ui.window.children if isinstance(w, StaffMenu)]
    try:
        facts = dict(menu.facts)
        assert facts["Sisällön commit"] == good[:10]
        assert facts["Viimeisin synkronointi"] != "ei koskaan"
        assert "the content has 1 error(s)" in facts["Hylätty commit"]
        assert any(p.startswith("exhibits/themes/food.yaml:3:7: error:") for p in menu.problems)
        if os.environ.get("KIOSK_TEST_SHOTS"):
            ui.screenshot(Path(os.environ["KIOSK_TEST_SHOTS"]) / "staff-sync.png")
        trigger = Layout.for_settings(settings).trigger_file
        assert not trigger.exists()
        ui.tap(ui.find_text("Synkronoi nyt", root=menu))
        assert trigger.exists() and engine.trigger_pending(settings)
        assert not [w for w in ui.window.children if isinstance(w, StaffMenu)]
    finally:
        ui.app._close_staff()
