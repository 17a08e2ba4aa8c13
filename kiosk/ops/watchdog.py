"""systemd's notify protocol without a dependency: one datagram to $NOTIFY_SOCKET per message.

Call `ready()` once the first screen is drawn, `watchdog_ping()` from the Kivy clock on the UI
thread every `watchdog_interval_s()` (never from a helper thread: a frozen UI must stop the
pings so that systemd restarts it), and `stopping()` when shutting down. Outside systemd
(NOTIFY_SOCKET unset) every call does nothing and returns False.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


def notify(message: str) -> bool:
    """Sends `message` ("READY=1", "WATCHDOG=1", …) to systemd; whether it was sent."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]  # an abstract socket: no file, a name in the kernel
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(message.encode("utf-8"), address)
    except OSError as exc:
        # A lost ping costs at most one restart; an exception here would cost the UI.
        log.warning("systemd notify %r failed: %s", message, exc)
        return False
    return True


def ready() -> bool:
    return notify("READY=1")


def watchdog_ping() -> bool:
    return notify("WATCHDOG=1")


def stopping() -> bool:
    return notify("STOPPING=1")


def status(text: str) -> bool:
    """One line shown by `systemctl status`, such as "sleeping until 08:00"."""
    return notify("STATUS=" + " ".join(text.split()))


def watchdog_interval_s() -> float | None:
    """How often to ping: half of $WATCHDOG_USEC, as systemd advises; None without a watchdog.

    systemd sets WATCHDOG_PID to its main process. Under cage that is cage, and the kiosk is
    cage's child (deploy/ilmastotekoja-cage.service, NotifyAccess=all), so the parent's pid is
    accepted too; any other process that inherited the variables stays quiet.
    """
    usec = os.environ.get("WATCHDOG_USEC", "")
    if not usec.isdigit() or int(usec) == 0 or not os.environ.get("NOTIFY_SOCKET"):
        return None
    pid = os.environ.get("WATCHDOG_PID", "")
    if pid and pid not in (str(os.getpid()), str(os.getppid())):
        return None
    return int(usec) / 2 / 1_000_000
