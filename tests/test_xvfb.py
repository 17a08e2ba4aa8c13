"""kiosk.xvfb: a virtual display of our own, as scripts/test, render, bench and e2e start it."""

from __future__ import annotations

import subprocess
import sys

from kiosk.xvfb import main

SHOW_SIZE = (
    "import os, sys; from kiosk.xvfb import x_screen_size\n"
    "print(os.environ['DISPLAY'], *x_screen_size())\n"
    "sys.exit(int(sys.argv[1]))\n"
)


def test_a_command_runs_on_a_display_of_the_size_asked_and_its_status_is_returned():
    command = [sys.executable, "-m", "kiosk.xvfb", "640x480", sys.executable, "-c", SHOW_SIZE]
    result = subprocess.run([*command, "3"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    display, width, height = result.stdout.split()
    assert display.startswith(":") and (int(width), int(height)) == (640, 480)


def test_a_size_it_cannot_read_is_a_usage_error(capsys):
    assert main(["640by480", "true"]) == 2
    assert "must look like 1920x1080, got '640by480'" in capsys.readouterr().err
    assert main(["640x480"]) == 2
