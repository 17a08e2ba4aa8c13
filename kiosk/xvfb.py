"""X displays: the size of the one in $DISPLAY, and a virtual one (Xvfb) of our own for
rendering screens, tests and benchmarks on a machine with no screen. No Kivy.

`python -m kiosk.xvfb WxH COMMAND...` runs a command on a virtual display of its own (as
scripts/test runs the test suite) and returns its exit status.

Xvfb picks a free display number itself and writes it to a pipe once it accepts clients
(-displayfd), so two starting at once never race for the same number and nobody has to poll
for its socket."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time

from kiosk.display import parse_size

START_S = 20


class XvfbMissing(RuntimeError):
    """There is no Xvfb on this machine."""


class VirtualDisplay:
    """An Xvfb of `width` x `height` (24-bit, GLX), started by `start` or on entering a `with`
    block and stopped on leaving it."""

    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.server: subprocess.Popen | None = None

    def start(self) -> str:
        """Starts the server and returns its display name, e.g. ':7'."""
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            raise XvfbMissing("no Xvfb to make a virtual display (apt install xvfb)")
        read_end, write_end = os.pipe()
        command = [xvfb, "-displayfd", str(write_end), "-nolisten", "tcp", "+extension", "GLX"]
        command += ["-screen", "0", f"{self.width}x{self.height}x24"]
        self.server = subprocess.Popen(
            command,
            pass_fds=(write_end,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_end)
        try:
            number = _read_display_number(read_end, self.server)
        finally:
            os.close(read_end)
        if number is None:
            self.stop()
            raise RuntimeError("Xvfb did not start")
        return f":{number}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
            self.server = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def _read_display_number(fd: int, server: subprocess.Popen) -> int | None:
    """Xvfb -displayfd writes the number of the display it took once it accepts clients."""
    text, deadline = b"", time.monotonic() + START_S
    while time.monotonic() < deadline and server.poll() is None:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            chunk = os.read(fd, 64)
            if not chunk:
                break
            text += chunk
            if text.endswith(b"\n"):
                break
    try:
        return int(text.strip())
    except ValueError:
        return None


def x_screen_size() -> tuple[int, int] | None:
    """The X screen's size in pixels (X11 or Xwayland), or None where there is no X."""
    import ctypes
    import ctypes.util

    library = ctypes.util.find_library("X11")
    if not library or not os.environ.get("DISPLAY"):
        return None
    x11 = ctypes.CDLL(library)
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultScreen.argtypes = [ctypes.c_void_p]
    x11.XDisplayWidth.argtypes = x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = x11.XOpenDisplay(None)
    if not display:
        return None
    try:
        screen = x11.XDefaultScreen(display)
        return x11.XDisplayWidth(display, screen), x11.XDisplayHeight(display, screen)
    finally:
        x11.XCloseDisplay(display)


def run_on_display(command: list[str], width: int, height: int) -> int:
    """Runs `command` with $DISPLAY set to a new Xvfb of `width` x `height`, which is stopped
    when the command ends; returns the command's exit status."""
    with VirtualDisplay(width, height) as display:
        child = subprocess.Popen(command, env={**os.environ, "DISPLAY": display})
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue  # the command had the same Ctrl-C: it ends in its own way


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m kiosk.xvfb WxH COMMAND [ARGUMENT...]", file=sys.stderr)
        return 2
    try:
        width, height = parse_size(argv[0])
        return run_on_display(argv[1:], width, height)
    except (ValueError, XvfbMissing) as exc:
        print(f"kiosk.xvfb: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
