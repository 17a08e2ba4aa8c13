"""The kiosk's log never takes the kiosk down: a line the disk cannot take is dropped and
counted, the fault is said once on the real standard error (the journal), and the log works
again by itself. /dev/full gives "No space left on device" on every write, as a full disk does.
"""

from __future__ import annotations

import io
import logging
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk import faults as faults_module
from kiosk.config import Settings
from kiosk.faults import FAULTS
from kiosk.ops.logs import HANDLER_NAME, setup_logging

DEV_FULL = Path("/dev/full")


class StderrIntoLogging(io.TextIOBase):
    """What Kivy does to `sys.stderr`: every line written there becomes a log line."""

    def write(self, text):
        if text.strip():
            logging.getLogger("stderr").warning(text.rstrip())
        return len(text)


@pytest.fixture
def full_log(tmp_path, monkeypatch):
    if not DEV_FULL.exists():
        pytest.skip("needs /dev/full (Linux)")
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "kiosk.log").symlink_to(DEV_FULL)
    journal = io.StringIO()
    monkeypatch.setattr(sys, "__stderr__", journal)
    monkeypatch.setattr(sys, "stderr", StderrIntoLogging())
    FAULTS.reset()
    root = logging.getLogger()
    level = root.level
    setup_logging(replace(Settings(), data_dir=tmp_path))
    handler = next(h for h in root.handlers if h.name == HANDLER_NAME)
    yield handler, journal
    root.removeHandler(handler)
    handler.close()
    root.setLevel(level)
    FAULTS.reset()


def test_a_full_disk_drops_and_counts_log_lines_and_tells_the_journal_once(full_log):
    handler, journal = full_log
    log = logging.getLogger("kiosk.test")
    for number in range(20):
        log.warning("line %d", number)  # raised RecursionError through Kivy's stderr before
    assert handler.dropped == 20
    (line,) = FAULTS.lines()
    assert line.startswith("log: disk full: ") and "kiosk.log" in line
    told = journal.getvalue().splitlines()
    assert len(told) == 1 and told[0].startswith("kiosk: log: disk full: "), told


def test_the_log_works_again_by_itself_when_space_returns(full_log, tmp_path):
    handler, journal = full_log
    log = logging.getLogger("kiosk.test")
    log.warning("lost")
    log.warning("lost too")
    link = tmp_path / "logs" / "kiosk.log"
    handler.retry()  # still full: the probe is not counted as a lost line
    assert handler.dropped == 2
    link.unlink()  # space again: the file can be written
    handler.retry()  # the kiosk retries every few seconds, with or without lines to log
    assert FAULTS.lines() == []
    log.warning("kept")
    text = link.read_text(encoding="utf-8")
    assert "kept" in text and "2 log line(s) could not be written and were dropped" in text
    assert FAULTS.lines() == [] and handler.dropped == 0
    assert journal.getvalue().splitlines()[-1] == "kiosk: log: working again"


def test_a_log_folder_that_cannot_be_made_is_a_fault_not_an_error(tmp_path, monkeypatch):
    journal = io.StringIO()
    monkeypatch.setattr(sys, "__stderr__", journal)
    monkeypatch.setattr(faults_module.sys, "__stderr__", journal)
    FAULTS.reset()
    (tmp_path / "data").write_text("a file where the data folder should be")
    root = logging.getLogger()
    setup_logging(replace(Settings(), data_dir=tmp_path / "data"))
    handler = next(h for h in root.handlers if h.name == HANDLER_NAME)
    try:
        logging.getLogger("kiosk.test").warning("nowhere to go")
        assert handler.dropped == 1
        assert FAULTS.lines()[0].startswith("log: cannot write: ")
    finally:
        root.removeHandler(handler)
        handler.close()
        FAULTS.reset()
