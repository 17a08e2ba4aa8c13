"""The fault matrix's harness: the real kiosk (`python -m kiosk run --windowed`) as a process
on its own Xvfb and in its own mount namespace, so that a full or read-only disk made for one
case never reaches the next one or the machine.

The namespace is held open by a `sleep` started with `unshare -m --propagation private`;
mounts are made in it with `nsenter`, and the kiosk is started in it the same way. Files in a
mount made there are read from outside through /proc/<pid>/root. CI runs as root; elsewhere
the cases that need mounts are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.xvfb import VirtualDisplay

REPO = Path(__file__).resolve().parent.parent.parent
WIDTH, HEIGHT = 1280, 800
WAIT_S = 60.0
# Injected waits: the statistics writer retries a failed open after this long, not a minute.
FAST = {"KIOSK_STATS_RETRY_S": "0.3"}


def need_display_tools() -> None:
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        pytest.skip("needs Xvfb and xdotool: run the tests with scripts/test")


def need_mounts() -> None:
    """Mounts need root (CI runs as root) and unshare/nsenter (util-linux)."""
    if os.geteuid() != 0:
        pytest.skip("making a disk full or read-only needs root for mount(8); CI runs as root")
    if not shutil.which("unshare") or not shutil.which("nsenter"):
        pytest.skip("needs unshare and nsenter (util-linux)")


def wait_for(condition, seconds: float = WAIT_S, step: float = 0.2) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with contextlib.suppress(Exception):
            if condition():
                return True
        time.sleep(step)
    return False


class Namespace:
    """A private mount namespace, held open by a sleeping process."""

    def __init__(self):
        self.holder = subprocess.Popen(
            ["unshare", "-m", "--propagation", "private", "sleep", "infinity"],
            stdin=subprocess.DEVNULL,
        )
        # unshare execs sleep in the new namespace: wait until it has.
        own = os.readlink("/proc/self/ns/mnt")
        assert wait_for(lambda: os.readlink(f"/proc/{self.holder.pid}/ns/mnt") != own, 10, 0.02)

    @property
    def pid(self) -> int:
        return self.holder.pid

    def prefix(self) -> list[str]:
        return ["nsenter", "-t", str(self.pid), "-m", "--"]

    def run(self, *command: str) -> None:
        subprocess.run([*self.prefix(), *command], check=True, capture_output=True, timeout=30)

    def path(self, path: Path) -> Path:
        """`path` as seen inside the namespace, readable from outside."""
        return Path(f"/proc/{self.pid}/root") / Path(path).relative_to("/")

    def close(self) -> None:
        self.holder.kill()
        self.holder.wait()


class Kiosk:
    """One kiosk under test: its folder (kiosk.yaml, a copy of the exhibition, the data folder
    and the health file), its display and namespace, and the running process."""

    def __init__(self, folder: Path, display: str, namespace: Namespace | None):
        self.folder = folder
        self.display = display
        self.namespace = namespace
        self.config = folder / "kiosk.yaml"
        self.data = folder / "var"
        self.health_file = folder / "health.json"  # outside the data folder, as /run is
        self.exhibits = folder / "exhibits"
        self.media = folder / "media"
        self.process: subprocess.Popen | None = None
        self.earlier_pids: set[int] = set()
        """The pids in health files of earlier runs: a killed run leaves its "running" file
        until the next run writes one, after its first frame."""
        self.output = folder / "kiosk.out"
        shutil.copytree(REPO / "exhibits", self.exhibits)
        shutil.copytree(REPO / "media", self.media)
        self.data.mkdir()
        self.write_config()

    # Setting up -------------------------------------------------------------------------

    def write_config(self, **replacements: str) -> None:
        text = (REPO / "kiosk.yaml").read_text(encoding="utf-8")
        text = text.replace("data_dir: var", f"data_dir: {self.data}")
        for old, new in replacements.items():
            assert old in text, old
            text = text.replace(old, new)
        self.config.write_text(text, encoding="utf-8")

    def mount_data(self, size: str = "8m") -> None:
        """The data folder on a small disk of its own."""
        self.namespace.run(
            "mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(self.data)
        )

    def fill_disk(self) -> None:
        """Fills the data folder's disk to the last block."""
        filler = self.data / "filler"
        subprocess.run(
            [*self.namespace.prefix(), "dd", "if=/dev/zero", f"of={filler}", "bs=4k"],
            capture_output=True,
            timeout=60,
        )

    def free_disk(self) -> None:
        self.namespace.run("rm", "-f", str(self.data / "filler"))

    def make_read_only(self) -> None:
        """Turns the data folder read-only under the running kiosk. `mount -o remount,ro`
        refuses (EBUSY) while files are open for writing, as the kiosk's log and database
        always are, so a read-only bind of the same disk goes on top: every file opened
        from now on is read-only, as after a kernel's remount-ro on disk errors."""
        self.namespace.run("mount", "--bind", str(self.data), str(self.data))
        self.namespace.run("mount", "-o", "remount,bind,ro", str(self.data))

    def make_writable(self) -> None:
        self.namespace.run("umount", str(self.data))

    def data_path(self, name: str) -> Path:
        """A file of the data folder, read from outside the namespace."""
        path = self.data / name
        return self.namespace.path(path) if self.namespace else path

    # Running ------------------------------------------------------------------------------

    def start(self, kivy_home: Path | None = None) -> None:
        if "pid" in (earlier := self.health()):
            self.earlier_pids.add(earlier["pid"])
        env = {
            **os.environ,
            "DISPLAY": self.display,
            "PYTHONPATH": str(REPO),
            # As both systemd units do: Kivy's home inside the data folder.
            "KIVY_HOME": str(kivy_home or self.data / "kivy"),
            **FAST,
        }
        env.pop("KIVY_NO_CONSOLELOG", None)
        command = [
            sys.executable,
            "-m",
            "kiosk",
            "run",
            "--windowed",
            "--size",
            f"{WIDTH}x{HEIGHT}",
        ]
        command += ["--config", str(self.config), "--health-file", str(self.health_file)]
        if self.namespace is not None:
            command = [*self.namespace.prefix(), *command]
        with open(self.output, "ab") as output:
            self.process = subprocess.Popen(
                command, env=env, cwd=self.folder, stdout=output, stderr=subprocess.STDOUT
            )

    def health(self) -> dict:
        try:
            return json.loads(self.health_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def faults(self) -> list[str]:
        return self.health().get("faults") or []

    def has_fault(self, text: str) -> bool:
        return any(text in fault for fault in self.faults())

    def wait_running(self) -> None:
        """Until this run's health file says it runs and the screen draws."""

        def running() -> bool:
            health = self.health()
            return health.get("pid") not in self.earlier_pids and health.get("state") in (
                "running",
                "content_error",
            )

        assert wait_for(running), self.journal()
        assert wait_for(self.drawing, 30), "the screen stays black"

    def drawing(self) -> bool:
        """The screen shows something: many colours, not one flat (black) frame."""
        colors = self.screenshot().getcolors(1 << 16)
        return colors is None or len(colors) > 20

    def screenshot(self):
        from PIL import ImageGrab

        return ImageGrab.grab(xdisplay=self.display).convert("RGB")

    def click(self, x: int, y: int) -> None:
        env = {**os.environ, "DISPLAY": self.display}
        subprocess.run(
            ["xdotool", "mousemove", str(x), str(y), "click", "1"],
            env=env,
            check=True,
            timeout=20,
            capture_output=True,
        )

    def visit(self) -> None:
        """A short visit that always makes statistics events, wherever the last one ended:
        past the attract screen, two language switches (top right on every other screen),
        then the first tile (a theme on the home screen, a station on a theme)."""
        self.click(640, 300)
        time.sleep(1.0)
        for x in (1168, 1107):  # SV, then FI again
            self.click(x, 37)
            time.sleep(0.5)
        self.click(150, 250)
        time.sleep(1.0)

    def events(self) -> list:
        """Every statistics event on disk now."""
        with self._stats_copy() as store:
            return store.events()

    def pledge_totals(self) -> dict:
        with self._stats_copy() as store:
            return store.pledge_totals()

    @contextlib.contextmanager
    def _stats_copy(self):
        """The statistics as they are on disk, read from a copy: SQLite resolves the
        /proc/<pid>/root link to a path in this namespace, where the data folder's disk is
        not mounted."""
        import tempfile

        from kiosk.stats.store import STATS_FILE, EventStore

        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / STATS_FILE
            for suffix in ("", "-wal"):
                source = self.data_path(STATS_FILE + suffix)
                if source.exists():
                    shutil.copyfile(source, f"{copy}{suffix}")
            with EventStore.open_for_reading(copy) as store:
                yield store

    def stop(self, sig: int = signal.SIGTERM) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        code, self.process = self.process.returncode, None
        return code

    def journal(self) -> str:
        """What the kiosk wrote to its standard output and error (the journal under systemd)."""
        try:
            return self.output.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""

    def log(self) -> str:
        text = ""
        for path in sorted(self.data_path("logs").glob("kiosk.log*")):
            with contextlib.suppress(OSError):
                text += path.read_text(encoding="utf-8", errors="replace")
        return text


@contextlib.contextmanager
def kiosk_case(tmp_path: Path, mounts: bool = True):
    """A Kiosk on its own Xvfb and, with `mounts`, in its own mount namespace; stopped and
    cleaned up afterwards whatever happens."""
    need_display_tools()
    if mounts:
        need_mounts()
    # A case that mounts nothing still gets a namespace of its own where it can (root).
    namespace = Namespace() if mounts or _can_unshare() else None
    display = VirtualDisplay(WIDTH, HEIGHT)
    try:
        kiosk = Kiosk(tmp_path, display.start(), namespace)
        try:
            yield kiosk
        finally:
            kiosk.stop()
            kiosk.stop(signal.SIGKILL)
    finally:
        display.stop()
        if namespace is not None:
            namespace.close()


def assert_clean(kiosk: Kiosk) -> None:
    """No traceback in what the kiosk printed."""
    assert "Traceback" not in kiosk.journal(), kiosk.journal()


def _can_unshare() -> bool:
    return os.geteuid() == 0 and bool(shutil.which("unshare")) and bool(shutil.which("nsenter"))
