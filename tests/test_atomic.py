"""kiosk.atomic.write_atomically: the one writer every file of the kiosk goes through."""

from __future__ import annotations

import os
import stat

import pytest

from kiosk.atomic import write_atomically


def test_writes_bytes_and_text(tmp_path):
    write_atomically(tmp_path / "a.bin", b"\x00\x01")
    write_atomically(tmp_path / "sub" / "b.txt", "CO₂")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "sub" / "b.txt").read_text(encoding="utf-8") == "CO₂"


def test_new_file_gets_the_mode_asked_for(tmp_path):
    write_atomically(tmp_path / "default", b"x")
    write_atomically(tmp_path / "private", b"x", mode=0o600)
    assert stat.S_IMODE(os.stat(tmp_path / "default").st_mode) == 0o644
    assert stat.S_IMODE(os.stat(tmp_path / "private").st_mode) == 0o600


def test_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "kiosk.yaml"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomically(target, "new", mode=0o600)
    assert target.read_text() == "new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640


def test_a_link_in_the_data_folder_is_replaced_not_followed(tmp_path):
    victim = tmp_path / "elsewhere.txt"
    victim.write_text("precious")
    planted = tmp_path / "data" / "health.json"
    planted.parent.mkdir()
    planted.symlink_to(victim)
    written = write_atomically(planted, "{}")
    assert written == planted
    assert victim.read_text() == "precious"
    assert not planted.is_symlink() and planted.read_text() == "{}"


def test_a_person_edited_file_is_written_through_its_link(tmp_path):
    real = tmp_path / "managed" / "kiosk.yaml"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "kiosk.yaml"
    link.symlink_to(real)
    written = write_atomically(link, "new", follow_links=True)
    assert written == real
    assert link.is_symlink() and real.read_text() == "new"


def test_a_failed_write_leaves_the_target_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "cache.bin"
    target.write_bytes(b"old")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.bin"]
