"""The staff PIN against a patient guesser: the back-off survives restarts and grows to a day,
staff clear a lock-out from the PC's shell, set-pin refuses PINs a guesser tries first, and
validate checks the stored hash."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.ops.pin import LOCKED, OK, WRONG, PinGate, lockout_path
from kiosk.pin_hash import hash_pin, verify_pin
from tests.clocks import FakeClock

REPO = Path(__file__).resolve().parent.parent
PIN = "604817"
DAY = 24 * 60 * 60


@pytest.fixture(scope="module")
def stored():
    return hash_pin(PIN)


def test_the_back_off_survives_a_restart(stored, tmp_path):
    clock = FakeClock(1_800_000_000.0)
    state = lockout_path(tmp_path)
    gate = PinGate(stored, clock, state_file=state)
    assert [gate.try_pin("111111") for _ in range(3)] == [WRONG] * 3
    assert gate.locked_for_s() == 30
    assert json.loads(state.read_text())["failures"] == 3
    assert state.stat().st_mode & 0o777 == 0o600
    restarted = PinGate(stored, clock, state_file=state)  # a power cut, the kiosk starts again
    assert restarted.locked_for_s() == 30
    assert restarted.try_pin(PIN) == LOCKED
    clock.now += 30
    assert restarted.try_pin("111111") == WRONG  # the fourth in a row: not the first again
    assert restarted.locked_for_s() == 60
    clock.now += 60
    assert restarted.try_pin(PIN) == OK
    assert not state.exists()  # the right PIN forgets them, on disk too


def test_the_lock_doubles_up_to_a_day_and_an_hour_does_not_forget(stored, tmp_path):
    clock = FakeClock(1_800_000_000.0)
    gate = PinGate(stored, clock, state_file=lockout_path(tmp_path))
    for _ in range(3):
        gate.try_pin("111111")
    locks = []
    for _ in range(14):
        clock.now += gate.locked_for_s() + 3600  # wait out the lock and an hour more
        assert gate.try_pin("111111") == WRONG
        locks.append(gate.locked_for_s())
    assert locks == [60 * 2**k for k in range(11)] + [DAY, DAY, DAY]
    clock.now += 7 * DAY  # a week after the last wrong PIN they are forgotten
    assert gate.try_pin("111111") == WRONG and gate.locked_for_s() == 0


def test_a_clock_set_back_never_locks_for_more_than_a_day(stored, tmp_path):
    clock = FakeClock(1_800_000_000.0)
    gate = PinGate(stored, clock, state_file=lockout_path(tmp_path))
    for _ in range(3):
        gate.try_pin("111111")
    clock.now -= 365 * DAY
    assert gate.locked_for_s() == DAY


def test_without_a_writable_data_folder_the_back_off_stays_in_memory(stored, tmp_path, caplog):
    (tmp_path / "file").write_text("")
    gate = PinGate(stored, FakeClock(), state_file=tmp_path / "file" / "lockout.json")
    with caplog.at_level(logging.WARNING):
        assert [gate.try_pin("111111") for _ in range(3)] == [WRONG] * 3
    assert gate.locked_for_s() == 30 and gate.try_pin(PIN) == LOCKED
    assert "staff PIN lock-out not saved" in caplog.text


def kiosk(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_staff_clear_a_lock_out_from_the_shell_while_the_kiosk_runs(stored, tmp_path):
    (tmp_path / "kiosk.yaml").write_text("data_dir: var\n", encoding="utf-8")
    gate = PinGate(stored, FakeClock(1_800_000_000.0), state_file=lockout_path(tmp_path / "var"))
    for _ in range(10):
        gate.try_pin("111111")
        gate.clock.now += gate.locked_for_s()
    gate.try_pin("111111")
    assert gate.locked_for_s() == 30 * 2**8
    result = kiosk(tmp_path, "unlock-staff")
    assert (result.returncode, result.stderr) == (
        0,
        "staff PIN lock-out cleared (11 wrong PIN(s) forgotten)\n",
    )
    assert gate.locked_for_s() == 0  # the running gate takes it up without a restart
    assert gate.try_pin(PIN) == OK
    result = kiosk(tmp_path, "unlock-staff")
    assert (result.returncode, result.stderr) == (0, "no staff PIN lock-out to clear\n")


@pytest.mark.parametrize(
    ("pin", "why"),
    [
        ("2468", "a PIN is 6 to 8 digits"),
        ("24680", "a PIN is 6 to 8 digits"),
        ("111111", "a PIN of one digit repeated is the first a guesser tries"),
        ("123456", "a PIN of consecutive digits is the first a guesser tries"),
        ("98765432", "a PIN of consecutive digits is the first a guesser tries"),
        ("890123", "a PIN of consecutive digits is the first a guesser tries"),
        ("121212", "a PIN of a few digits repeated is among the first a guesser tries"),
        ("147147", "a PIN of a few digits repeated is among the first a guesser tries"),
    ],
)
def test_set_pin_refuses_short_and_trivial_pins(tmp_path, pin, why):
    config = tmp_path / "kiosk.yaml"
    shutil.copy(REPO / "kiosk.yaml", config)
    result = kiosk(tmp_path, "set-pin", "--config", str(config), stdin=pin + "\n")
    assert (result.returncode, result.stderr) == (2, f"kiosk set-pin: {why}; nothing was changed\n")
    assert config.read_bytes() == (REPO / "kiosk.yaml").read_bytes()


def test_set_pin_takes_a_good_pin(tmp_path):
    config = tmp_path / "kiosk.yaml"
    shutil.copy(REPO / "kiosk.yaml", config)
    assert kiosk(tmp_path, "set-pin", "--config", str(config), stdin=PIN + "\n").returncode == 0
    assert verify_pin(PIN, load_settings(config)[0].kiosk.staff_pin_hash)


def test_a_pin_set_before_the_6_digit_rule_still_opens(tmp_path):
    """A 4-digit PIN's hash, as set-pin wrote it before: the keypad must still take it."""
    import hashlib

    digest = hashlib.scrypt(b"2468", salt=b"0123456789abcdef", n=2**14, r=8, p=1, dklen=32)
    import base64

    old = "scrypt$16384$8$1$" + "$".join(
        base64.b64encode(part).decode() for part in (b"0123456789abcdef", digest)
    )
    assert PinGate(old, FakeClock()).try_pin("2468") == OK


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("'2468'", "not a PIN hash (scrypt$N$r$p$salt$hash); set the PIN with `kiosk set-pin`"),
        (
            "'scrypt$1048576$32$1$MDEyMzQ1Njc4OWFiY2RlZg==$aGFzaGhhc2hoYXNoaGFzaGhhc2g='",
            "the PIN hash asks for 4096 MiB to check a PIN; at most 256 MiB: set the PIN "
            "again with `kiosk set-pin`",
        ),
        (
            "'scrypt$16384$8$1$not base64!$aGFzaA=='",
            "the PIN hash is damaged or its parameters are out of range; set the PIN again "
            "with `kiosk set-pin`",
        ),
    ],
)
def test_validate_checks_the_pin_hash(tmp_path, monkeypatch, value, message):
    monkeypatch.chdir(tmp_path)
    text = (REPO / "kiosk.yaml").read_text(encoding="utf-8")
    line = "  staff_pin_hash: null # set with: python -m kiosk set-pin"
    assert line in text
    Path("kiosk.yaml").write_text(text.replace(line, f"  staff_pin_hash: {value}"), "utf-8")
    number = text[: text.index(line)].count("\n") + 1  # the line as the bundled file has it
    _, diagnostics = load_settings(Path("kiosk.yaml"))
    assert diagnostics.lines() == [
        f"kiosk.yaml:{number}:19: error: kiosk.staff_pin_hash: {message}"
    ]


def test_validate_takes_a_hash_set_pin_wrote(tmp_path, stored):
    config = tmp_path / "kiosk.yaml"
    header = "# yaml-language-server: $schema=schema/kiosk.schema.json\n"
    config.write_text(f'{header}kiosk:\n  staff_pin_hash: "{stored}"\n', encoding="utf-8")
    settings, diagnostics = load_settings(config)
    assert diagnostics.lines() == [] and settings.kiosk.staff_pin_hash == stored


def test_set_pin_writes_through_a_linked_kiosk_yaml(tmp_path):
    """A site that keeps kiosk.yaml in a managed folder and links it keeps the link."""
    managed = tmp_path / "managed"
    managed.mkdir()
    shutil.copy(REPO / "kiosk.yaml", managed / "kiosk.yaml")
    (managed / "kiosk.yaml").chmod(0o640)
    site = tmp_path / "site"
    site.mkdir()
    (site / "kiosk.yaml").symlink_to(managed / "kiosk.yaml")
    result = kiosk(site, "set-pin", "--config", "kiosk.yaml", stdin=PIN + "\n")
    assert result.returncode == 0, result.stderr
    assert (site / "kiosk.yaml").is_symlink()
    assert verify_pin(PIN, load_settings(managed / "kiosk.yaml")[0].kiosk.staff_pin_hash)
    assert (managed / "kiosk.yaml").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in managed.iterdir()) == ["kiosk.yaml"]
