"""Content files that are not plain files inside the content folder: a folder named like a
theme file, a named pipe, links to devices or out of the folder. Each is one clear error, and
`validate` never hangs, never reads without bound, never quotes a file from elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STRAY = Path("exhibits/themes/zz.yaml")


def validate(root: Path) -> subprocess.CompletedProcess:
    """The real command in a real process, with a limit: a hang fails the test, not the run."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", "exhibits", "--media", "media"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
    )


def assert_one_error(result, message: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert errors == [f"exhibits/themes/zz.yaml:1:1: error: {message}"]


def test_a_folder_named_like_a_theme_file(exhibit):
    STRAY.mkdir()
    assert_one_error(validate(exhibit), "is a folder, not a file")


def test_a_named_pipe_does_not_hang_validate(exhibit):
    os.mkfifo(STRAY)
    assert_one_error(validate(exhibit), "is a named pipe, not a file")


def test_a_link_to_a_device(exhibit):
    STRAY.symlink_to("/dev/zero")
    assert_one_error(validate(exhibit), "is a link to outside the content folder; not read")


def test_a_link_out_of_the_content_folder_is_not_read_or_quoted(exhibit, tmp_path_factory):
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.yaml"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    STRAY.symlink_to(secret)
    result = validate(exhibit)
    assert_one_error(result, "is a link to outside the content folder; not read")
    assert "root:" not in result.stdout + result.stderr


def test_a_link_inside_the_content_folder_is_followed(exhibit):
    shared = Path("exhibits/shared")
    shared.mkdir()
    Path("exhibits/themes/food.yaml").rename(shared / "food.yaml")
    Path("exhibits/themes/food.yaml").symlink_to("../shared/food.yaml")
    result = validate(exhibit)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def test_a_device_inside_the_content_folder(exhibit):
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root (CI runs as root)")
    os.mknod(STRAY, 0o600 | __import__("stat").S_IFCHR, os.makedev(1, 5))  # /dev/zero's numbers
    assert_one_error(validate(exhibit), "is a device, not a file")


def test_the_size_is_checked_before_reading(exhibit):
    with open(STRAY, "wb") as file:
        file.truncate(5 * 1024 * 1024 * 1024)  # 5 GB of nothing: sparse, takes no disk
    assert_one_error(validate(exhibit), "file is 5,368,709,120 bytes; at most 4,194,304 allowed")
