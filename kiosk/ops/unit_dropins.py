"""The systemd drop-ins the kiosk's own unit (ilmastotekoja-cage.service or -x11.service) needs
for what kiosk.yaml turns on, and nothing more.

The units keep the kiosk off the network (no AF_INET*, IPAddressDeny=any, and the X11 unit in
a network namespace of its own) and the file system read-only but the data folder. Two metrics
settings need a little more, each in a drop-in of its own, installed by deploy/install.sh
(through `kiosk unit-dropins`) and the Ansible playbook only when kiosk.yaml asks for it:

- metrics.http_port: the endpoint on loopback, so the family of metrics.http_address and the
  loopback addresses only; the unit's IPAddressDeny=any still holds for every other address,
  and the host's network namespace, since Prometheus on the host cannot reach a private one.
- metrics.textfile outside the data folder (node_exporter's textfile folder): that folder
  writable, the rest of the file system stays read-only.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.ops.metrics import textfile_path

HTTP_DROPIN = "metrics-http.conf"
TEXTFILE_DROPIN = "metrics-textfile.conf"

# The address family of each loopback address kiosk.yaml allows for metrics.http_address.
LOOPBACK_FAMILIES = {"127.0.0.1": "AF_INET", "::1": "AF_INET6"}


def unit_dropins(settings) -> dict[str, str]:
    """Drop-in file name -> text, for the kiosk unit's `<unit>.d/` folder; empty when kiosk.yaml
    needs nothing beyond the unit itself."""
    dropins: dict[str, str] = {}
    if settings.metrics.http_port is not None:
        dropins[HTTP_DROPIN] = http_dropin(settings.metrics.http_address)
    folder = metrics_folder_outside_data(settings)
    if folder is not None:
        dropins[TEXTFILE_DROPIN] = textfile_dropin(folder)
    return dropins


def metrics_folder_outside_data(settings) -> Path | None:
    """The metrics textfile's folder when it is not inside the data folder, else None."""
    folder = Path(os.path.normpath(textfile_path(settings).parent))
    data = Path(os.path.normpath(settings.data_dir))
    return None if folder == data or data in folder.parents else folder


def http_dropin(address: str) -> str:
    family = LOOPBACK_FAMILIES[address]
    return (
        "# Written from kiosk.yaml's metrics.http_port by `kiosk unit-dropins`: the metrics\n"
        f"# endpoint on {address}, loopback only (IPAddressDeny=any of the unit still holds).\n"
        "[Service]\n"
        f"RestrictAddressFamilies={family}\n"
        "IPAddressAllow=localhost\n"
        "# The host's loopback, where Prometheus on the host can reach it.\n"
        "PrivateNetwork=no\n"
    )


def textfile_dropin(folder: Path) -> str:
    return (
        "# Written from kiosk.yaml's metrics.textfile by `kiosk unit-dropins`: the metrics file's\n"
        "# folder writable (node_exporter's textfile folder); '-': a missing folder does not\n"
        "# stop the kiosk, it says in its log that it cannot write the metrics.\n"
        "[Service]\n"
        f"ReadWritePaths={unit_word(f'-{folder}')}\n"
    )


def unit_word(word: str) -> str:
    """`word` as one word of a systemd unit setting: % doubled (a specifier otherwise), quoted
    when it holds white space or quotes."""
    text = word.replace("%", "%%")
    if any(char.isspace() or char in "\"'\\" for char in text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text
