"""The sync timer's interval from kiosk.yaml, as a systemd drop-in for
ilmastotekoja-sync.timer (written by deploy/install.sh and the Ansible playbook)."""

from __future__ import annotations

TIMER_DROPIN = "/etc/systemd/system/ilmastotekoja-sync.timer.d/interval.conf"


def timer_dropin(settings) -> str:
    minutes = settings.sync.interval_min
    return (
        "# Written from kiosk.yaml's sync.interval_min by `kiosk sync --print-timer`.\n"
        "[Timer]\n"
        # An empty value clears all of the timer's own triggers, so the boot one comes again.
        "OnUnitInactiveSec=\n"
        "OnBootSec=1min\n"
        f"OnUnitInactiveSec={minutes}min\n"
    )
