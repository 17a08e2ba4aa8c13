"""Live reload as a curator meets it: a saved edit shows up within 2 s, a broken one never
replaces the last good content and is reported with file:line, and fixing it recovers."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import pytest

from kiosk.content.cache import ContentCache
from kiosk.content_files import load_content_folder
from kiosk.reload import ContentWatcher, WatcherThread
from tests.clocks import FakeClock
from tests.contentkit import THEME, edit

HOUSING = Path("exhibits/themes/housing.yaml")
EXHIBITION = Path("exhibits/exhibition.yaml")
UI_POLL_S = 0.5  # how often the UI would call poll() from the Kivy clock
SYNTAX_ERROR = (
    "exhibits/themes/housing.yaml:10:7: error: YAML syntax error: "
    "found unexpected end of stream (while scanning a quoted scalar)"
)


class Loads:
    """The kiosk's load, counted."""

    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return load_content_folder(Path("exhibits"), Path("media"))


@pytest.fixture
def watched(exhibit):
    clock, loads = FakeClock(), Loads()
    watcher = ContentWatcher(Path("exhibits"), Path("media"), loads, clock)
    first = watcher.load_now()
    assert first.content is not None and watcher.current is first.content
    return watcher, clock, loads


def until_loaded(watcher, clock, limit_s: float = 4.0):
    """Polls as the UI does until a result comes: (result, seconds since the edit)."""
    waited = 0.0
    while waited < limit_s:
        clock.now += UI_POLL_S
        waited += UI_POLL_S
        result = watcher.poll()
        if result is not None:
            return result, waited
    raise AssertionError(f"nothing loaded within {limit_s} s")


def housing_title(content) -> str:
    return content.exhibition.theme("housing").title("fi")


def test_nothing_changed_loads_nothing(watched):
    watcher, clock, loads = watched
    for _ in range(10):
        clock.now += UI_POLL_S
        assert watcher.poll() is None
    assert loads.count == 1


def test_a_saved_edit_is_loaded_within_2_s(watched):
    watcher, clock, loads = watched
    edit(HOUSING, "  fi: Teema housing", "  fi: Asuminen ja energia")
    assert watcher.poll() is None  # just written: it may not be whole yet
    result, waited = until_loaded(watcher, clock)
    assert waited <= 2.0
    assert housing_title(result.content) == "Asuminen ja energia"
    assert watcher.current is result.content
    assert watcher.problems == [] and not watcher.stale
    clock.now += UI_POLL_S
    assert watcher.poll() is None and loads.count == 2


def test_a_broken_edit_keeps_the_last_good_content_and_fixing_it_recovers(watched, caplog):
    watcher, clock, _ = watched
    good = watcher.current
    text = HOUSING.read_text(encoding="utf-8")
    edit(HOUSING, "  sv: Ingress\n", '  sv: "Ingress\n')
    with caplog.at_level(logging.INFO, logger="kiosk.reload"):
        broken, waited = until_loaded(watcher, clock)
    assert waited <= 2.0
    assert broken.content is None
    assert watcher.current is good
    assert watcher.errors == watcher.problems == [SYNTAX_ERROR]
    assert watcher.stale
    assert SYNTAX_ERROR in caplog.messages
    assert "content has 1 error(s); keeping the last good content" in caplog.messages

    HOUSING.write_text(text.replace("  fi: Teema housing", "  fi: Asuminen"), encoding="utf-8")
    fixed, _ = until_loaded(watcher, clock)
    assert watcher.current is fixed.content and housing_title(fixed.content) == "Asuminen"
    assert watcher.errors == [] and not watcher.stale


def test_a_file_saved_in_two_steps_is_loaded_once(watched):
    watcher, clock, loads = watched
    text = HOUSING.read_text(encoding="utf-8").replace("Teema housing", "Asuminen")
    HOUSING.write_text(text[: len(text) // 2], encoding="utf-8")  # the editor's first write
    clock.now += 0.1
    assert watcher.poll() is None
    HOUSING.write_text(text, encoding="utf-8")  # and its second, within the settle time
    clock.now += 0.2
    assert watcher.poll() is None
    clock.now += 0.2
    assert watcher.poll() is None  # 0.2 s since the second write: not settled yet
    clock.now += 0.2
    result = watcher.poll()
    assert result is not None and result.diagnostics.lines() == []
    assert housing_title(result.content) == "Asuminen"
    assert loads.count == 2  # the start, and this one: the half file was never loaded


def test_a_save_during_the_load_is_waited_for(exhibit):
    clock, loads = FakeClock(), Loads()

    def load_while_saving():
        if loads.count == 1:  # the first reload reads a file that is being saved meanwhile
            edit(HOUSING, "  fi: Teema housing", "  fi: Asuminen")
        return loads()

    watcher = ContentWatcher(Path("exhibits"), Path("media"), load_while_saving, clock)
    watcher.load_now()
    edit(HOUSING, "  en: Lead", "  en: Lead text")
    clock.now += UI_POLL_S
    assert watcher.poll() is None
    clock.now += UI_POLL_S
    assert watcher.poll() is None  # loaded, but the files changed under it: not reported
    result, _ = until_loaded(watcher, clock)
    assert housing_title(result.content) == "Asuminen" and loads.count == 3


def test_deleting_a_picture_is_an_error_with_file_line(watched):
    watcher, clock, _ = watched
    good = watcher.current
    os.remove("media/pic.png")
    result, _ = until_loaded(watcher, clock)
    assert result.content is None and watcher.current is good
    assert (
        "exhibits/themes/housing.yaml:13:9: error: image.file: picture not found: media/pic.png"
        in watcher.errors
    )


def test_adding_and_deleting_a_theme(watched):
    watcher, clock, _ = watched
    extra = Path("exhibits/themes/extra.yaml")
    extra.write_text(THEME.format(id="extra", kind="other"), encoding="utf-8")
    edit(EXHIBITION, "espoo-2030]", "espoo-2030, extra]")
    added, _ = until_loaded(watcher, clock)
    assert len(added.content.exhibition.themes) == 8
    extra.unlink()
    edit(EXHIBITION, ", extra]", "]")
    removed, _ = until_loaded(watcher, clock)
    assert removed.content.exhibition.theme("extra") is None
    assert watcher.current is removed.content


def test_editors_own_files_are_ignored(watched):
    watcher, clock, loads = watched
    for name in (".housing.yaml.swp", "housing.yaml~", "#housing.yaml#", ".~lock.food.yaml#"):
        Path("exhibits/themes", name).write_text("scratch")
    for _ in range(5):
        clock.now += UI_POLL_S
        assert watcher.poll() is None
    assert loads.count == 1


def test_a_load_that_fails_keeps_the_content(watched):
    watcher, clock, _ = watched
    good = watcher.current

    def failing():
        raise PermissionError(13, "Permission denied", "exhibits/themes/food.yaml")

    watcher._load = failing
    edit(HOUSING, "  fi: Teema housing", "  fi: Asuminen")
    result, _ = until_loaded(watcher, clock)
    assert result.content is None and watcher.current is good
    assert watcher.errors == [
        "exhibits:1:1: error: content could not be read: "
        "[Errno 13] Permission denied: 'exhibits/themes/food.yaml'"
    ]


def test_without_load_now_the_first_poll_loads_after_settling(exhibit):
    clock, loads = FakeClock(), Loads()
    watcher = ContentWatcher(Path("exhibits"), Path("media"), loads, clock)
    assert watcher.current is None and watcher.poll() is None
    result, _ = until_loaded(watcher, clock)
    assert watcher.current is result.content is not None


def test_the_watcher_thread_delivers_an_edit_within_2_s(exhibit):
    """Real time and a real thread: the load runs beside the caller, not on it."""
    watcher = ContentWatcher(Path("exhibits"), Path("media"), Loads())
    watcher.load_now()
    results, threads, arrived = [], [], threading.Event()

    def on_result(result):
        results.append(result)
        threads.append(threading.current_thread().name)
        arrived.set()

    thread = WatcherThread(watcher, on_result).start()
    try:
        saved = time.monotonic()
        edit(HOUSING, "  fi: Teema housing", "  fi: Asuminen")
        assert arrived.wait(5)
        elapsed = time.monotonic() - saved
    finally:
        thread.stop()
    assert elapsed < 2.0, f"took {elapsed:.2f} s"
    assert housing_title(results[0].content) == "Asuminen"
    assert threads == ["content-watcher"]


# The content cache: an unchanged exhibition is not read again at the next start ---------------


def cached_watcher(loads, settings_key: str = "fi,sv,en") -> ContentWatcher:
    cache = ContentCache(Path("var/content.pickle"), settings_key)
    return ContentWatcher(Path("exhibits"), Path("media"), loads, FakeClock(), cache=cache)


def test_an_unchanged_exhibition_is_read_from_the_cache_at_the_next_start(exhibit):
    loads = Loads()
    first = cached_watcher(loads).load_now()
    assert loads.count == 1 and Path("var/content.pickle").is_file()
    again = cached_watcher(loads).load_now()  # the next start
    assert loads.count == 1
    assert again.content == first.content
    assert again.content.content_hash == first.content.content_hash
    assert again.diagnostics.lines() == first.diagnostics.lines()


@pytest.mark.parametrize(
    "change",
    ["an edit", "a new picture", "other settings", "another kiosk version"],
)
def test_anything_the_result_depends_on_loads_afresh(exhibit, monkeypatch, change):
    from kiosk.content import cache

    loads = Loads()
    cached_watcher(loads).load_now()
    key = "fi,sv,en"
    if change == "an edit":
        edit(HOUSING, "Teema housing", "Asuminen ja koti")
    elif change == "a new picture":
        (Path("media") / "extra.png").write_bytes(b"\x89PNG\r\n")
    elif change == "other settings":
        key = "fi,en"
    else:
        real = cache.code_signature
        monkeypatch.setattr(cache, "code_signature", lambda: real() + "changed")
    result = cached_watcher(loads, key).load_now()
    assert loads.count == 2
    if change == "an edit":
        assert housing_title(result.content) == "Asuminen ja koti"


def test_invalid_content_is_not_kept_and_a_damaged_cache_is_ignored(exhibit):
    loads = Loads()
    edit(HOUSING, "title:", "title: [")  # a syntax error
    assert cached_watcher(loads).load_now().content is None
    assert not Path("var/content.pickle").exists()
    edit(HOUSING, "title: [", "title:")
    cached_watcher(loads).load_now()
    Path("var/content.pickle").write_bytes(b"not a pickle")
    result = cached_watcher(loads).load_now()
    assert loads.count == 3 and result.content is not None
    cached_watcher(loads).load_now()  # written again whole
    assert loads.count == 3


def test_a_live_reload_is_kept_for_the_next_start(exhibit):
    loads = Loads()
    watcher = cached_watcher(loads)
    clock = watcher._clock
    watcher.load_now()
    edit(HOUSING, "Teema housing", "Asuminen ja koti")
    result, _ = until_loaded(watcher, clock)
    assert housing_title(result.content) == "Asuminen ja koti" and loads.count == 2
    cached_watcher(loads).load_now()
    assert loads.count == 2


def test_a_link_planted_at_the_cache_is_replaced_not_written_through(exhibit):
    victim = Path("elsewhere.txt")
    victim.write_text("precious", encoding="utf-8")
    Path("var").mkdir()
    Path("var/content.pickle").symlink_to(victim.resolve())
    cached_watcher(Loads()).load_now()
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not Path("var/content.pickle").is_symlink()
    loads = Loads()
    assert cached_watcher(loads).load_now().content is not None and loads.count == 0
