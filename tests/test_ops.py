"""Kiosk mode without a window: the staff PIN and its back-off, `kiosk set-pin`, the health
file, systemd's notify socket, the restart reason, the log, and the deployment files."""

from __future__ import annotations

import json
import logging
import os
import pty
import re
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.atomic import write_atomically
from kiosk.config import Metrics, Schedule, Settings, load_settings
from kiosk.content.problems import Diagnostics
from kiosk.faults import Faults
from kiosk.ops import restart, watchdog
from kiosk.ops.health import HealthReporter, health_path, rss_bytes
from kiosk.ops.logs import setup_logging
from kiosk.ops.pin import LOCKED, NO_PIN, OK, WRONG, PinGate
from kiosk.ops.schedule import WEEKDAYS
from kiosk.ops.settings_file import SettingsEditError, with_pin_hash
from kiosk.ops.unit_dropins import HTTP_DROPIN, TEXTFILE_DROPIN, unit_dropins
from kiosk.pin_hash import hash_pin, is_pin_hash, verify_pin
from tests.clocks import FakeClock, FakeNow
from tests.unitkit import directives, unit_settings, verify

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
HASH = re.compile(r"scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=")


# The PIN ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stored():
    return hash_pin("246813")


def test_a_pin_is_stored_as_a_salted_scrypt_hash(stored):
    assert HASH.fullmatch(stored)
    assert "246813" not in stored
    assert hash_pin("246813") != stored  # a new salt every time
    assert stored.split("$")[4] != hash_pin("246813").split("$")[4]


def test_verify_pin(stored):
    assert verify_pin("246813", stored)
    assert not verify_pin("246814", stored)
    assert not verify_pin("", stored)
    assert not verify_pin("246813", None)
    assert not verify_pin("246813", "246813")  # a PIN typed into kiosk.yaml by hand: no hash
    assert not verify_pin("246813", stored.replace("$16384$", "$16385$"))  # not a power of two
    assert not verify_pin("246813", stored.replace("$16384$", f"${2**30}$"))  # gigabytes: no
    assert is_pin_hash(stored) and not is_pin_hash("scrypt$1$2$3")


@pytest.mark.parametrize("pin", ["12345", "123456789", "12a4a6", " 604817", "١٢٣٤٥٦"])
def test_a_new_pin_is_6_to_8_ascii_digits(pin):
    with pytest.raises(ValueError, match="a PIN is 6 to 8 digits"):
        hash_pin(pin)


def test_gate_right_pin(stored):
    assert PinGate(stored, FakeClock()).try_pin("246813") == OK


def test_gate_without_a_pin_never_opens():
    assert PinGate(None, FakeClock()).try_pin("246813") == NO_PIN
    assert PinGate("not a hash", FakeClock()).try_pin("246813") == NO_PIN


def test_gate_backs_off_wrong_pins(stored):
    clock = FakeClock()
    gate = PinGate(stored, clock)
    assert [gate.try_pin("1111") for _ in range(2)] == [WRONG, WRONG]
    assert gate.locked_for_s() == 0
    assert gate.try_pin("1111") == WRONG  # the third wrong PIN locks for 30 s
    assert gate.locked_for_s() == 30
    assert gate.try_pin("246813") == LOCKED  # not even checked while locked
    clock.now += 29.5
    assert gate.try_pin("246813") == LOCKED
    assert gate.locked_for_s() == 0.5
    locks = []
    for _ in range(7):
        clock.now += gate.locked_for_s()  # wait out the lock, then be wrong again
        assert gate.try_pin("1111") == WRONG
        locks.append(gate.locked_for_s())
    assert locks == [60, 120, 240, 480, 960, 1920, 3840]  # doubling (to a day: test_staff_pin)
    clock.now += gate.locked_for_s()
    assert gate.try_pin("246813") == OK  # the lock expired and the right PIN forgets the rest
    assert gate.try_pin("1111") == WRONG
    assert gate.locked_for_s() == 0


def test_gate_forgets_wrong_pins_after_a_week(stored):
    clock = FakeClock()
    gate = PinGate(stored, clock)
    gate.try_pin("1111")
    gate.try_pin("1111")
    clock.now += 7 * 24 * 3600
    assert gate.try_pin("1111") == WRONG
    assert gate.locked_for_s() == 0  # a first wrong PIN again, not a third


# kiosk set-pin -----------------------------------------------------------------------------


def set_pin(config: Path, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "set-pin", "--config", str(config)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=config.parent,
        timeout=60,
    )


def test_set_pin_end_to_end_edits_only_that_line(tmp_path):
    config = tmp_path / "kiosk.yaml"
    shutil.copy(REPO / "kiosk.yaml", config)
    os.chmod(config, 0o640)
    before = config.read_text(encoding="utf-8").splitlines()
    result = set_pin(config, "864209\n")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == f"staff PIN set in {config}; restart the kiosk to use it\n"
    assert "864209" not in result.stdout + result.stderr
    after = config.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before)
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1
    old, new = changed[0]
    assert old == "  staff_pin_hash: null # set with: python -m kiosk set-pin"
    stored = re.fullmatch(r'  staff_pin_hash: "(.*)" # set with: python -m kiosk set-pin', new)
    assert HASH.fullmatch(stored[1])
    settings, diagnostics = load_settings(config)
    assert diagnostics.lines() == []
    assert verify_pin("864209", settings.kiosk.staff_pin_hash)
    assert not verify_pin("8641", settings.kiosk.staff_pin_hash)
    assert config.stat().st_mode & 0o777 == 0o640  # the hash stays private
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.yaml"]  # no temporary file left

    assert set_pin(config, "135792\n").returncode == 0  # and again: replaced, not added
    settings, _ = load_settings(config)
    assert verify_pin("135792", settings.kiosk.staff_pin_hash)
    assert config.read_text(encoding="utf-8").count("staff_pin_hash") == 1


def test_set_pin_writes_through_a_linked_settings_file(tmp_path):
    managed = tmp_path / "managed"
    managed.mkdir()
    real = managed / "kiosk.yaml"
    shutil.copy(REPO / "kiosk.yaml", real)
    os.chmod(real, 0o640)
    site = tmp_path / "site"
    site.mkdir()
    link = site / "kiosk.yaml"
    link.symlink_to(real)
    assert set_pin(link, "604817\n").returncode == 0
    assert link.is_symlink() and link.resolve() == real  # the site keeps its link
    settings, diagnostics = load_settings(real)
    assert diagnostics.lines() == [] and verify_pin("604817", settings.kiosk.staff_pin_hash)
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in managed.iterdir()) == ["kiosk.yaml"]


def talk_on_a_terminal(command: list[str], cwd: Path, answers: list[str]) -> tuple[int, str]:
    """Runs `command` on a pseudo-terminal, as staff would at a console, typing each answer
    after the next prompt (a line ending in ': '); its exit status and everything it showed."""
    pid, terminal = pty.fork()
    if pid == 0:  # the child: its own session, with the terminal as /dev/tty
        os.chdir(cwd)
        os.execv(command[0], command)
    shown, pending = b"", list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not select.select([terminal], [], [], 1)[0]:
            continue
        try:
            chunk = os.read(terminal, 1024)
        except OSError:  # the child has closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if pending and shown.endswith(b": "):
            os.write(terminal, pending.pop(0).encode() + b"\n")
    os.close(terminal)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode().replace("\r\n", "\n")


def test_set_pin_asks_twice_on_a_terminal_and_never_shows_the_pin(tmp_path):
    config = tmp_path / "kiosk.yaml"
    shutil.copy(REPO / "kiosk.yaml", config)
    command = [sys.executable, "-m", "kiosk", "set-pin", "--config", str(config)]
    status, shown = talk_on_a_terminal(command, tmp_path, ["975318", "975318"])
    assert (status, shown) == (
        0,
        "New staff PIN (6 to 8 digits): \nThe same PIN again: \n"
        f"staff PIN set in {config}; restart the kiosk to use it\n",
    )
    settings, _ = load_settings(config)
    assert verify_pin("975318", settings.kiosk.staff_pin_hash)
    status, shown = talk_on_a_terminal(command, tmp_path, ["1111", "2222"])
    assert status == 2
    assert shown.endswith("kiosk set-pin: the two PINs differ; nothing was changed\n")
    assert verify_pin("975318", load_settings(config)[0].kiosk.staff_pin_hash)


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("12\n", "kiosk set-pin: a PIN is 6 to 8 digits; nothing was changed\n"),
        ("", "kiosk set-pin: a PIN is 6 to 8 digits; nothing was changed\n"),
    ],
)
def test_set_pin_refuses_a_bad_pin(tmp_path, stdin, message):
    config = tmp_path / "kiosk.yaml"
    shutil.copy(REPO / "kiosk.yaml", config)
    result = set_pin(config, stdin)
    assert (result.returncode, result.stderr) == (2, message)
    assert config.read_bytes() == (REPO / "kiosk.yaml").read_bytes()


def test_set_pin_needs_the_settings_file(tmp_path):
    result = set_pin(tmp_path / "kiosk.yaml", "1234\n")
    assert (result.returncode, result.stderr) == (
        2,
        f"kiosk set-pin: settings file not found: {tmp_path / 'kiosk.yaml'}\n",
    )


def test_set_pin_leaves_a_broken_file_alone(tmp_path):
    config = tmp_path / "kiosk.yaml"
    config.write_text("kiosk:\n  touch_input: both\n", encoding="utf-8")
    result = set_pin(config, "1234\n")
    assert (result.returncode, result.stderr) == (
        1,
        f"kiosk set-pin: {config} has problems; fix them first:\n"
        "kiosk.yaml:2:16: error: kiosk.touch_input: 'both' is not one of pointer, mtdev\n",
    )
    assert config.read_text(encoding="utf-8") == "kiosk:\n  touch_input: both\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.yaml"]


def test_pin_hash_edits_in_every_shape():
    value = "scrypt$16384$8$1$c2FsdA==$aGFzaA=="
    quoted = f'"{value}"'
    # The key is there, in another style, with a comment: only the value changes.
    assert with_pin_hash("kiosk:\n  staff_pin_hash: 'x' # keep\nstats: {}\n", value) == (
        f"kiosk:\n  staff_pin_hash: {quoted} # keep\nstats: {{}}\n"
    )
    # No key: added first in the section, with its indentation.
    assert with_pin_hash("# top\nkiosk:\n    hide_cursor: true\n", value) == (
        f"# top\nkiosk:\n    staff_pin_hash: {quoted}\n    hide_cursor: true\n"
    )
    # An empty section, and an explicit null.
    assert with_pin_hash("kiosk: # staff\nidle: {}\n", value) == (
        f"kiosk: # staff\n  staff_pin_hash: {quoted}\nidle: {{}}\n"
    )
    assert with_pin_hash("kiosk: ~\n", value) == f"kiosk:\n  staff_pin_hash: {quoted}\n"
    assert with_pin_hash("kiosk: null # x\n", value) == (
        f"kiosk: # x\n  staff_pin_hash: {quoted}\n"
    )
    # No section at all, and Windows line endings kept.
    assert with_pin_hash("idle:\r\n  timeout_s: 60", value) == (
        f"idle:\r\n  timeout_s: 60\r\n\r\nkiosk:\r\n  staff_pin_hash: {quoted}\r\n"
    )
    assert with_pin_hash("", value) == f"\nkiosk:\n  staff_pin_hash: {quoted}\n"
    with pytest.raises(SettingsEditError, match="'kiosk:' is not written as indented"):
        with_pin_hash("kiosk: {hide_cursor: true}\n", value)
    with pytest.raises(SettingsEditError, match="not valid YAML; fix it first"):
        with_pin_hash("kiosk: [\n", value)


# Health ------------------------------------------------------------------------------------

HELSINKI = timezone(timedelta(hours=3))
OPEN_HOURS = Schedule(True, tuple((day, "08:00-20:00") for day in WEEKDAYS), ())


def reporter(path=None, schedule=OPEN_HOURS, moment=datetime(2026, 5, 4, 12, 0, tzinfo=HELSINKI)):
    now, monotonic = FakeNow(moment), FakeClock(500.0)
    return HealthReporter(
        path, schedule, "SIGTERM", now=now, monotonic=monotonic, faults=Faults(lambda _line: None)
    )


def test_health_keys_and_values():
    health = reporter()
    health.content_loaded("abc123")
    health.monotonic.now += 3600.4
    health.touched()
    snapshot = health.snapshot()
    assert 10_000_000 < snapshot.pop("rss_bytes") < 10_000_000_000
    assert snapshot == {
        "state": "running",
        "content_hash": "abc123",
        "content_errors": [],
        "content_error_count": 0,
        "last_interaction": "2026-05-04T09:00:00Z",
        "uptime_s": 3600,
        "version": __version__,
        "pid": os.getpid(),
        "next_change": "2026-05-04T20:00:00+03:00",
        "last_restart_reason": "SIGTERM",
        "faults": [],
        "speech": None,  # until the app says how its voice is (kiosk.ui.speech)
        "written_at": "2026-05-04T09:00:00Z",
    }
    health.speech = "no sound device: the kiosk runs silently"
    assert health.snapshot()["speech"] == "no sound device: the kiosk runs silently"


def test_health_names_the_faults_in_force_and_forgets_them_once_cleared():
    health = reporter()
    health.faults.set("statistics", "disk full: events are dropped and counted")
    health.faults.set("log", "disk full: kiosk.log cannot be written")
    assert health.snapshot()["faults"] == [
        "log: disk full: kiosk.log cannot be written",
        "statistics: disk full: events are dropped and counted",
    ]
    health.faults.clear("log")
    assert health.snapshot()["faults"] == ["statistics: disk full: events are dropped and counted"]


def test_health_states():
    health = reporter()
    assert health.state() == "content_error"  # nothing loaded yet
    diagnostics = Diagnostics()
    diagnostics.error("exhibits/themes/food.yaml", (17, 5), "unknown key 'titel'", "stations[0]")
    diagnostics.warning("exhibits/themes/food.yaml", (19, 7), "missing Swedish text", "title")
    health.content_loaded(None, diagnostics.problems)
    assert health.snapshot()["content_errors"] == [
        "exhibits/themes/food.yaml:17:5: error: stations[0]: unknown key 'titel'"
    ]
    health.content_loaded("abc123")
    assert health.state() == "running"
    health.now.moment = datetime(2026, 5, 4, 21, 0, tzinfo=HELSINKI)
    assert health.state() == "sleeping"
    assert health.snapshot()["next_change"] == "2026-05-05T08:00:00+03:00"
    health.content_loaded(None, ["exhibits/exhibition.yaml:1:1: error: broken"])
    assert health.state() == "content_error"  # broken outranks asleep: fix it before opening
    health.stopping()
    assert health.state() == "stopped"


def test_health_in_naive_local_time_gets_the_offsets_right(monkeypatch):
    """The kiosk passes datetime.now (naive, local): offsets come from the system's zone, so
    the night that clocks go forward in Helsinki says +02:00 before and +03:00 after."""
    monkeypatch.setenv("TZ", "Europe/Helsinki")
    time.tzset()
    try:
        health = reporter(moment=datetime(2026, 3, 29, 1, 0))
        health.content_loaded("abc123")
        health.touched()
        snapshot = health.snapshot()
        assert snapshot["state"] == "sleeping"
        assert snapshot["last_interaction"] == "2026-03-28T23:00:00Z"
        assert snapshot["next_change"] == "2026-03-29T08:00:00+03:00"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_health_without_a_schedule_or_touches():
    snapshot = reporter(schedule=Schedule()).snapshot()
    assert (snapshot["next_change"], snapshot["last_interaction"]) == (None, None)


def test_health_path_from_the_command_line_or_settings(tmp_path):
    settings = replace(Settings(base_dir=tmp_path), kiosk=replace(Settings().kiosk))
    assert health_path(None, settings) is None
    assert health_path(Path("/run/x.json"), settings) == Path("/run/x.json")
    settings = replace(settings, kiosk=replace(settings.kiosk, health_file="var/health.json"))
    assert health_path(None, settings) == tmp_path / "var/health.json"


def test_health_write_makes_the_folder_and_survives_failure(tmp_path, caplog):
    path = tmp_path / "run" / "ilmastotekoja" / "health.json"
    health = reporter(path)
    health.content_loaded("abc123")
    assert health.write()
    assert json.loads(path.read_text(encoding="utf-8"))["state"] == "running"
    assert path.stat().st_mode & 0o777 == 0o644
    blocked = reporter(tmp_path / "health.json" / "inside-a-file.json")
    (tmp_path / "health.json").write_text("a file, not a folder")
    with caplog.at_level(logging.WARNING):
        assert [blocked.write() for _ in range(3)] == [False, False, False]
    assert len(caplog.records) == 1  # logged once, not every few seconds
    assert reporter(None).write() is False  # no health file configured


def test_a_reader_never_sees_a_partial_health_file(tmp_path):
    path = tmp_path / "health.json"
    big = {"content_errors": ["x" * 200] * 500}  # ~100 kB: many write() calls each
    write_atomically(path, json.dumps({"n": -1, **big}))
    done = threading.Event()
    reads, failures = [], []

    def read_all_the_time():
        while not done.is_set():
            try:
                reads.append(json.loads(path.read_text(encoding="utf-8"))["n"])
            except Exception as exc:  # a partial or missing file
                failures.append(repr(exc))

    reader = threading.Thread(target=read_all_the_time)
    reader.start()
    try:
        for n in range(300):
            write_atomically(path, json.dumps({"n": n, **big}))
    finally:
        done.set()
        reader.join()
    assert failures == []
    assert len(reads) > 10 and reads == sorted(reads)
    assert [p.name for p in tmp_path.iterdir()] == ["health.json"]


def test_rss_is_read_from_proc():
    assert rss_bytes() % os.sysconf("SC_PAGE_SIZE") == 0
    assert rss_bytes() > 1_000_000


# systemd notify ----------------------------------------------------------------------------


@pytest.fixture
def notify_socket(tmp_path, monkeypatch):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify"))
    sock.settimeout(5)
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "notify"))
    yield sock
    sock.close()


def test_notify_over_a_real_unix_socket(notify_socket):
    assert watchdog.ready() and watchdog.watchdog_ping() and watchdog.stopping()
    assert watchdog.status("sleeping until\n08:00")
    received = [notify_socket.recv(4096) for _ in range(4)]
    assert received == [b"READY=1", b"WATCHDOG=1", b"STOPPING=1", b"STATUS=sleeping until 08:00"]


def test_notify_to_an_abstract_socket(monkeypatch):
    name = f"ilmastotekoja-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        assert watchdog.watchdog_ping()
        assert sock.recv(4096) == b"WATCHDOG=1"


def test_notify_outside_systemd_does_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    assert watchdog.ready() is False
    assert watchdog.watchdog_interval_s() is None
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "nobody-listens"))
    assert watchdog.ready() is False  # logged, never raised


def test_watchdog_interval(notify_socket, monkeypatch):
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    assert watchdog.watchdog_interval_s() is None
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    assert watchdog.watchdog_interval_s() == 15.0
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert watchdog.watchdog_interval_s() == 15.0
    monkeypatch.setenv("WATCHDOG_PID", str(os.getppid()))  # under cage: cage is the parent
    assert watchdog.watchdog_interval_s() == 15.0
    monkeypatch.setenv("WATCHDOG_PID", "1")  # inherited by some other process: stay quiet
    assert watchdog.watchdog_interval_s() is None


# Restart reason and log --------------------------------------------------------------------


def test_restart_reason(tmp_path):
    when = datetime(2026, 5, 4, 9, 30, tzinfo=timezone.utc)
    assert restart.begin_run(tmp_path / "var") == restart.LastStop("first start")
    assert restart.begin_run(tmp_path / "var") == restart.LastStop("crash or power loss")
    restart.record_stop(tmp_path / "var", restart.SIGTERM, when)
    last = restart.begin_run(tmp_path / "var")
    assert last == restart.LastStop("SIGTERM", "2026-05-04T09:30:00Z")
    assert str(last) == "SIGTERM (2026-05-04T09:30:00Z)"
    restart.record_stop(tmp_path / "var", restart.STOPPED_BY_STAFF, when)
    assert restart.begin_run(tmp_path / "var").reason == "stopped by staff"
    (tmp_path / "var" / restart.MARKER).write_text("{not json")
    assert restart.begin_run(tmp_path / "var").reason == "crash or power loss"


def test_log_rotates_by_size(tmp_path):
    settings = replace(
        Settings(data_dir=tmp_path), kiosk=replace(Settings().kiosk, log_max_bytes=2000)
    )
    settings = replace(settings, kiosk=replace(settings.kiosk, log_backups=2))
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        path = setup_logging(settings)
        assert setup_logging(settings) == path == tmp_path / "logs" / "kiosk.log"
        assert [h.name for h in root.handlers].count("kiosk-file") == 1  # replaced, not added
        for n in range(200):
            logging.getLogger("kiosk.test").info("line %d of a long log", n)
        line = path.read_text(encoding="utf-8").splitlines()[-1]
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO kiosk.test: line 199 of a long log", line
        )
        files = sorted(p.name for p in path.parent.iterdir())
        assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
        assert all(p.stat().st_size <= 2000 for p in path.parent.iterdir())
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


def test_ops_imports_no_kivy():
    code = (
        "import sys, kiosk.commands.set_pin, kiosk.ops.health, kiosk.ops.logs, kiosk.ops.pin, "
        "kiosk.ops.restart, kiosk.ops.schedule, kiosk.ops.watchdog; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'kivy'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == "[]\n"


# Deployment --------------------------------------------------------------------------------

UNITS = {
    "ilmastotekoja-x11.service": [],
    "ilmastotekoja-cage.service": [],
}
MAX_EXPOSURE = 4.5
STAY_STOPPED = "/run/ilmastotekoja/stay-stopped"


@pytest.mark.parametrize("name", UNITS)
def test_systemd_accepts_the_units(name, tmp_path):
    result = verify(DEPLOY / name, UNITS[name], tmp_path)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_systemd_verify_catches_a_misspelled_directive(tmp_path):
    """Keeps the test above honest: a typo must make it fail."""
    unit = tmp_path / "typo" / "ilmastotekoja-cage.service"
    unit.parent.mkdir()
    unit.write_text(
        (DEPLOY / unit.name).read_text().replace("WatchdogSec=", "WatchdogSek="), encoding="utf-8"
    )
    result = verify(unit, [], tmp_path)
    assert "Unknown key 'WatchdogSek' in section [Service]" in result.stdout + result.stderr


def test_units_watch_and_restart_the_kiosk():
    run = (
        "/opt/ilmastotekoja/.venv/bin/python -m kiosk run --config /opt/ilmastotekoja/kiosk.yaml"
        " --health-file /run/ilmastotekoja/health.json"
        f" --stay-stopped-file {STAY_STOPPED}"
    )
    common = [
        "Type=notify",
        "WatchdogSec=30",
        "Restart=always",
        "RestartSec=2",
        f"RestartPreventExitStatus={restart.EXIT_STAY_STOPPED}",
        "TimeoutStopSec=10",
        "Environment=KIVY_HOME=/opt/ilmastotekoja/var/kivy",
        "User=kiosk",
    ]
    x11, cage = directives("ilmastotekoja-x11.service"), directives("ilmastotekoja-cage.service")
    for line in [*common, "NotifyAccess=main", "Environment=DISPLAY=:0", f"ExecStart={run}"]:
        assert line in x11
    for line in [
        *common,
        "NotifyAccess=all",
        "PAMName=login",
        "TTYPath=/dev/tty1",
        "Conflicts=getty@tty1.service",
        "Environment=SDL_VIDEODRIVER=x11",
        f"ExecStart=/usr/bin/cage -- {run}",
    ]:
        assert line in cage
    assert not [line for line in x11 + cage if re.search(r"PIN|pin_hash|PASSWORD", line)]


@pytest.mark.parametrize("name", UNITS)
def test_units_are_hardened_to_the_target_exposure(name, tmp_path):
    """systemd's own score of the unit as written (both are system units: a user manager
    would not enforce most of this), at most MAX_EXPOSURE; --threshold makes it fail above."""
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: scripts/test installs the Debian package systemd"
    command = [analyze, "security", "--offline=true", f"--threshold={MAX_EXPOSURE * 10:.0f}"]
    result = subprocess.run(
        [*command, "--no-pager", str(DEPLOY / name)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    exposure = float(re.search(r"Overall exposure level for \S+: ([0-9.]+)", result.stdout)[1])
    assert exposure <= MAX_EXPOSURE
    # The same check fails a unit without the hardening: the threshold is not a formality.
    bare = tmp_path / name
    bare.write_text(
        (DEPLOY / name).read_text(encoding="utf-8").split("# Hardening")[0]
        + "\n[Install]\nWantedBy=graphical.target\n",
        encoding="utf-8",
    )
    assert subprocess.run([*command, str(bare)], capture_output=True, timeout=60).returncode != 0


@pytest.mark.parametrize("name", UNITS)
def test_units_keep_what_a_real_kiosk_pc_needs(name):
    lines = directives(name)
    for line in [
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/opt/ilmastotekoja/var /run/ilmastotekoja",
        "PrivateTmp=yes",
        "UMask=0027",
        "CapabilityBoundingSet=",
        "RestrictAddressFamilies=AF_UNIX AF_NETLINK",
        f"ExecCondition=/usr/bin/test ! -e {STAY_STOPPED}",
    ]:
        assert line in lines, line
    # The GPU, touch screens and sound stay reachable: no device sandbox, no W^X (llvmpipe).
    # ProtectClock= implies DeviceAllow=char-rtc, which makes the device list an allow-list.
    device_lists = ("PrivateDevices", "DevicePolicy", "DeviceAllow", "ProtectClock")
    assert not [line for line in lines if line.startswith(device_lists)]
    assert not [line for line in lines if line.startswith("MemoryDenyWriteExecute")]
    assert "SupplementaryGroups=input" not in lines  # install.sh adds it only for mtdev
    if name == "ilmastotekoja-x11.service":
        assert "BindReadOnlyPaths=/tmp/.X11-unix" in lines  # the X socket, past PrivateTmp
        assert "ProtectHome=tmpfs" in lines
        assert "BindReadOnlyPaths=-/home/kiosk/.Xauthority" in lines
    else:
        assert "ProtectHome=yes" in lines
        assert "ReadWritePaths=-/run/user" in lines  # cage's Wayland socket


@pytest.mark.parametrize("name", UNITS)
def test_exit_to_desktop_keeps_the_kiosk_stopped_without_its_exit_status(name, tmp_path):
    """cage exits 0 when the kiosk exits 4, so RestartPreventExitStatus=4 never matches under
    cage: the unit's ExecCondition on the stay-stopped file is what stops the restart. The
    condition is run here as systemd runs it (1 to 254: skip the start, not a failure)."""
    (condition,) = [
        line.split("=", 1)[1] for line in directives(name) if line.startswith("ExecCondition=")
    ]
    marker = tmp_path / "stay-stopped"
    command = condition.replace(STAY_STOPPED, str(marker)).split()
    assert subprocess.run(command).returncode == 0  # no marker: the kiosk starts
    assert restart.stay_stopped(marker)  # what the staff menu's "exit" does
    assert 1 <= subprocess.run(command).returncode <= 254  # marker: systemd skips the start
    assert restart.stay_stopped(None) is False


# The kiosk unit's drop-ins for metrics (kiosk.ops.unit_dropins) ---------------------------

NODE_EXPORTER_PROM = "/var/lib/prometheus/node-exporter/ilmastotekoja.prom"


def metrics_settings(tmp_path: Path, **metrics) -> Settings:
    """Settings as load_settings gives them for a kiosk.yaml in tmp_path with these metrics."""
    return Settings(base_dir=tmp_path, data_dir=tmp_path / "var", metrics=Metrics(**metrics))


def test_kiosk_yaml_without_metrics_keys_needs_no_unit_dropin(tmp_path):
    assert unit_dropins(metrics_settings(tmp_path)) == {}
    # A textfile in the data folder is writable under the unit as it is.
    assert unit_dropins(metrics_settings(tmp_path, textfile="var/metrics/k.prom")) == {}


def test_an_http_port_needs_the_loopback_dropin_and_nothing_else(tmp_path):
    dropins = unit_dropins(metrics_settings(tmp_path, http_port=9101))
    assert list(dropins) == [HTTP_DROPIN]
    # Loopback only: the address family of the configured address, the loopback addresses,
    # the host's network namespace; no reset of the unit's IPAddressDeny=any.
    assert unit_settings(dropins[HTTP_DROPIN]) == [
        ("RestrictAddressFamilies", "AF_INET"),
        ("IPAddressAllow", "localhost"),
        ("PrivateNetwork", "no"),
    ]
    ipv6 = unit_dropins(metrics_settings(tmp_path, http_port=9101, http_address="::1"))
    assert unit_settings(ipv6[HTTP_DROPIN])[0] == ("RestrictAddressFamilies", "AF_INET6")


def test_a_textfile_outside_the_data_folder_needs_that_folder_writable(tmp_path):
    dropins = unit_dropins(metrics_settings(tmp_path, textfile=NODE_EXPORTER_PROM))
    assert list(dropins) == [TEXTFILE_DROPIN]
    assert unit_settings(dropins[TEXTFILE_DROPIN]) == [
        ("ReadWritePaths", "-/var/lib/prometheus/node-exporter")
    ]
    # Relative to kiosk.yaml, and out of the data folder by "..": the folder it really is.
    escaped = unit_dropins(metrics_settings(tmp_path, textfile="var/../prom/k.prom"))
    assert unit_settings(escaped[TEXTFILE_DROPIN]) == [("ReadWritePaths", f"-{tmp_path}/prom")]
    both = unit_dropins(metrics_settings(tmp_path, textfile=NODE_EXPORTER_PROM, http_port=9101))
    assert sorted(both) == sorted([HTTP_DROPIN, TEXTFILE_DROPIN])


def exposure(unit: Path) -> tuple[subprocess.CompletedProcess, float]:
    """systemd-analyze security --offline of `unit` (with the drop-ins in `<unit>.d/` beside
    it), failing above MAX_EXPOSURE by --threshold, and the overall exposure it states."""
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: scripts/test installs the Debian package systemd"
    threshold = f"--threshold={MAX_EXPOSURE * 10:.0f}"
    command = [analyze, "security", "--offline=true", threshold, "--no-pager", str(unit)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    found = re.search(r"Overall exposure level for \S+: ([0-9.]+)", result.stdout)
    assert found, result.stdout[-3000:] + result.stderr
    return result, float(found[1])


@pytest.mark.parametrize("dropin", [HTTP_DROPIN, TEXTFILE_DROPIN])
@pytest.mark.parametrize("name", UNITS)
def test_units_with_each_metrics_dropin_stay_hardened(name, dropin, tmp_path):
    """`kiosk unit-dropins` writes the drop-ins for a kiosk.yaml that turns on both; the unit
    with each one in its .d folder is accepted by systemd and still scores <= MAX_EXPOSURE."""
    config = tmp_path / "kiosk.yaml"
    config.write_text(
        "# yaml-language-server: $schema=schema/kiosk.schema.json\n"
        f"metrics:\n  textfile: {NODE_EXPORTER_PROM}\n  http_port: 9101\n",
        encoding="utf-8",
    )
    units = tmp_path / "units"
    folder = units / f"{name}.d"
    command = [sys.executable, "-m", "kiosk", "unit-dropins", "--config", str(config)]
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [*command, "--out", str(folder)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.split()) == sorted([HTTP_DROPIN, TEXTFILE_DROPIN])
    for other in folder.iterdir():
        if other.name != dropin:
            other.unlink()

    checked = verify(DEPLOY / name, UNITS[name], units)  # the unit's copy lands beside name.d
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")
    scored, level = exposure(units / name)
    assert scored.returncode == 0 and level <= MAX_EXPOSURE, scored.stdout[-3000:]
    if dropin == HTTP_DROPIN:  # the drop-in is what systemd scored: Internet sockets allowed
        assert re.search(r"✗ RestrictAddressFamilies=~AF_\(INET\|INET6\)", scored.stdout)
        assert "✗ PrivateNetwork=" in scored.stdout  # the host's loopback, also for X11
    # And systemd reads the drop-in: a misspelled key in it is reported.
    (folder / dropin).write_text(
        (folder / dropin).read_text(encoding="utf-8") + "ReadWritePathz=/srv\n", encoding="utf-8"
    )
    typo = verify(DEPLOY / name, UNITS[name], units)
    assert f"{dropin}:" in typo.stdout + typo.stderr and "ReadWritePathz" in typo.stderr


def test_unit_dropins_removes_the_ones_kiosk_yaml_no_longer_needs(tmp_path):
    config = tmp_path / "kiosk.yaml"
    config.write_text(
        "# yaml-language-server: $schema=schema/kiosk.schema.json\nmetrics:\n  http_port: 9101\n",
        encoding="utf-8",
    )
    folder = tmp_path / "ilmastotekoja-cage.service.d"
    folder.mkdir()
    (folder / TEXTFILE_DROPIN).write_text("[Service]\nReadWritePaths=-/srv\n", encoding="utf-8")
    (folder / "local.conf").write_text("[Service]\n", encoding="utf-8")  # staff's own: kept
    command = [sys.executable, "-m", "kiosk", "unit-dropins", "--config", str(config)]
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([*command, "--out", str(folder)], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in folder.iterdir()) == sorted([HTTP_DROPIN, "local.conf"])


def test_install_script_parses_and_its_dry_run_changes_nothing(tmp_path):
    script = DEPLOY / "install.sh"
    touched = ["/opt/ilmastotekoja", "/etc/tmpfiles.d/ilmastotekoja.conf", "/home/kiosk"]
    before = [Path(path).exists() for path in touched]
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    for mode, unit_line in [
        ("cage", "+ systemctl enable ilmastotekoja-cage.service"),
        ("x11", "autologin-session=ilmastotekoja"),
    ]:
        result = subprocess.run(
            ["bash", str(script), "--mode", mode, "--dry-run"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.rstrip().endswith("(dry run: nothing was changed)")
        assert unit_line in result.stdout
        assert "kiosk set-pin --config /opt/ilmastotekoja/kiosk.yaml" in result.stdout
        assert "--require-hashes -r /opt/ilmastotekoja/deploy/requirements.lock" in result.stdout
        assert "usermod -a -G input" not in result.stdout  # kiosk.yaml: touch_input: pointer
        changes = [line for line in result.stdout.splitlines() if line.startswith("+ ")]
        assert changes, "a dry run lists the changes it would make"
    assert [Path(path).exists() for path in touched] == before


def test_install_script_refuses_a_missing_mode():
    result = subprocess.run(
        ["bash", str(DEPLOY / "install.sh"), "--dry-run"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.startswith("install.sh: choose --mode x11 or --mode cage\n")


def install_dry_run_with_a_kiosk(tmp_path: Path, mode: str, kiosk_yaml: str) -> str:
    """install.sh --dry-run against an installed-looking prefix in tmp_path (its venv's python
    runs this checkout's kiosk, its kiosk.yaml is `kiosk_yaml`), so that the steps that ask the
    installed kiosk run too. Returns what the dry run printed."""
    source = tmp_path / "source"
    (source / "deploy").mkdir(parents=True)
    for entry in REPO.iterdir():
        if entry.name not in ("deploy", ".git"):
            (source / entry.name).symlink_to(entry)
    for entry in DEPLOY.iterdir():
        (source / "deploy" / entry.name).symlink_to(entry)
    prefix = tmp_path / "prefix"
    script = (DEPLOY / "install.sh").read_text(encoding="utf-8")
    assert "\nPREFIX=/opt/ilmastotekoja " in script
    (source / "deploy" / "install.sh").unlink()
    (source / "deploy" / "install.sh").write_text(
        script.replace("\nPREFIX=/opt/ilmastotekoja ", f"\nPREFIX={prefix} "), encoding="utf-8"
    )
    python = prefix / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nPYTHONPATH={REPO} exec {sys.executable} "$@"\n')
    python.chmod(0o755)
    (prefix / "kiosk.yaml").write_text(kiosk_yaml, encoding="utf-8")
    result = subprocess.run(
        ["bash", str(source / "deploy" / "install.sh"), "--mode", mode, "--dry-run"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("mode", ["cage", "x11"])
def test_install_script_installs_the_metrics_dropins_kiosk_yaml_asks_for(tmp_path, mode):
    folder = f"/etc/systemd/system/ilmastotekoja-{mode}.service.d"
    schema = "# yaml-language-server: $schema=schema/kiosk.schema.json\n"
    plain = install_dry_run_with_a_kiosk(tmp_path / "plain", mode, schema + "data_dir: var\n")
    assert "+ write /etc/systemd/system/ilmastotekoja-sync.timer.d/interval.conf" in plain
    assert f"{folder}/metrics-" not in plain
    metrics = f"metrics:\n  textfile: {NODE_EXPORTER_PROM}\n  http_port: 9101\n"
    both = install_dry_run_with_a_kiosk(tmp_path / "both", mode, schema + metrics)
    for name, line in [
        (HTTP_DROPIN, "IPAddressAllow=localhost"),
        (TEXTFILE_DROPIN, "ReadWritePaths=-/var/lib/prometheus/node-exporter"),
    ]:
        assert f"+ write {folder}/{name} (mode 0644, owner root:root):" in both
        assert f"|   {line}\n" in both


def test_staff_gesture_long_press_then_the_round_of_corners():
    from kiosk.ops.gesture import StaffGesture

    size = (1920, 1080)
    gesture = StaffGesture(corner_px=60)

    def tap(x, y, at, hold=0.1):
        gesture.down(x, y, size, at)
        return gesture.up(x, y, size, at + hold)

    assert not tap(10, 10, 0.0, hold=2.5)  # long press bottom-left starts it
    assert not tap(1910, 10, 3.0)
    assert not tap(1910, 1070, 4.0)
    assert tap(10, 1070, 5.0)  # the round is complete
    # A short press does not start it; the corners alone do nothing.
    assert not tap(10, 10, 10.0, hold=0.3)
    assert not tap(1910, 10, 11.0) and not tap(1910, 1070, 11.5) and not tap(10, 1070, 12.0)
    # Too slow, or a wrong corner, starts over.
    assert not tap(10, 10, 20.0, hold=2.5)
    assert not tap(1910, 10, 23.0) and not tap(1910, 1070, 24.0)
    assert not tap(10, 1070, 29.0)
    assert not tap(10, 10, 30.0, hold=2.5)
    assert not tap(1910, 1070, 33.0)  # top-right before bottom-right
    assert not tap(1910, 10, 33.5) and not tap(1910, 1070, 34.0) and not tap(10, 1070, 34.5)
    # Not a corner: the middle of the screen.
    assert not tap(960, 540, 40.0, hold=3.0)
