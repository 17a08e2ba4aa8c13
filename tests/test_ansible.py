"""deploy/ansible: the playbook passes ansible-playbook --syntax-check and ansible-lint
(offline), runs in check mode against this machine, and its kiosk.yaml template gives settings
the kiosk accepts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kiosk.config import load_settings

REPO = Path(__file__).resolve().parent.parent
ANSIBLE = REPO / "deploy" / "ansible"
BIN = Path(sys.executable).parent

# A hash `kiosk set-pin` wrote (of 604817): the template must carry it through unchanged.
PIN_HASH = "scrypt$16384$8$1$GgobfGVfaKNhmqSyR3Lzvw==$QQRTsIIKq+4MF/rh2BMnfbl+6mqEe2Hc1TcJw36Zuzk="


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} is missing: install the test extras (pip install -e .[test])"
    return str(path)


def run(*command, cwd=ANSIBLE, timeout=600) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANSIBLE_NOCOLOR": "1", "ANSIBLE_LOCAL_TEMP": "/tmp/ansible-local"}
    return subprocess.run(
        list(command), capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )


def local_inventory(tmp_path: Path, **host_vars) -> Path:
    host = {
        "ansible_connection": "local",
        "ansible_become": False,  # the tests run as whoever runs them; check mode changes nothing
        "ansible_python_interpreter": "/usr/bin/python3",
        "kiosk_id": "ci-kiosk",
        "kiosk_mode": "cage",
        "screen_width_mm": 598,
        "screen_height_mm": 336,
        "screen_orientation": "portrait",
        "mounting_height_cm": 95,
        "content_repository": "https://git.example.org/espoo/content.git",
        "content_allowed_signers": 'a@b.fi namespaces="git" ssh-ed25519 AAAA\n',
        "sync_interval_min": 7,
        "staff_pin_hash": PIN_HASH,
        "opening_hours": {"mon": "08:00-20:00", "sat": "10:00-16:00"},
        "closed_on": ["2026-12-24"],
        "node_exporter": True,
        **host_vars,
    }
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(
        yaml.safe_dump({"all": {"children": {"kiosks": {"hosts": {"localhost": host}}}}}),
        encoding="utf-8",
    )
    return inventory


def test_the_playbook_passes_the_syntax_check():
    result = run(
        tool("ansible-playbook"), "--syntax-check", "-i", "inventory.example.yml", "site.yml"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ansible_lint_passes_offline():
    result = run(tool("ansible-lint"), "--offline", "--nocolor", "site.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 failure(s), 0 warning(s)" in result.stdout + result.stderr


def test_check_mode_against_this_machine_fails_nothing(tmp_path):
    """Tasks that need systemd as PID 1 are skipped where there is none (here)."""
    if not Path("/usr/bin/python3").exists():
        pytest.skip("needs the system's Python 3 with its apt module")
    inventory = local_inventory(tmp_path)
    result = run(tool("ansible-playbook"), "-i", str(inventory), "site.yml", "--check")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert re.search(r"localhost\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0", output)
    for task in ("Content sync units", "Content sync interval, from the inventory"):
        assert f"TASK [{task}]" in output


def test_the_kiosk_yaml_template_gives_settings_the_kiosk_accepts(tmp_path):
    inventory = local_inventory(tmp_path)
    dest = tmp_path / "site" / "kiosk.yaml"
    dest.parent.mkdir()
    result = run(
        tool("ansible"),
        "localhost",
        "-i",
        str(inventory),
        "-m",
        "ansible.builtin.template",
        "-a",
        f"src={ANSIBLE / 'templates' / 'kiosk.yaml.j2'} dest={dest}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (dest.parent / "allowed_signers").write_text("", encoding="utf-8")
    settings, report = load_settings(dest)
    assert report.lines() == [], dest.read_text()
    assert settings.kiosk.id == "ci-kiosk"
    assert (settings.display.width_mm, settings.display.height_mm) == (598, 336)
    assert settings.kiosk.staff_pin_hash == PIN_HASH
    assert settings.schedule.enabled and dict(settings.schedule.weekly)["sat"] == "10:00-16:00"
    assert dict(settings.schedule.weekly)["sun"] == "closed"
    assert settings.sync.repository == "https://git.example.org/espoo/content.git"
    assert settings.sync.allowed_signers == "allowed_signers"
    assert settings.sync.interval_min == 7
    assert settings.metrics.textfile == "/var/lib/prometheus/node-exporter/ilmastotekoja.prom"


def test_the_playbook_installs_the_packages_setup_sh_lists():
    setup = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    listed = re.search(r"^RUNTIME_DEBS=\(([^)]*)\)", setup, re.M).group(1).split()
    play = yaml.safe_load((ANSIBLE / "site.yml").read_text(encoding="utf-8"))[0]
    assert play["vars"]["runtime_debs"] == listed
