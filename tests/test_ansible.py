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
    inventory = local_inventory(tmp_path, metrics_http_port=9101)
    result = run(tool("ansible-playbook"), "-i", str(inventory), "site.yml", "--check")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert re.search(r"localhost\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0", output)
    for task in (
        "Content sync units",
        "Content sync interval, from the inventory",
        "Metrics over HTTP, the kiosk's unit allows loopback",
        "Metrics in node_exporter's textfile folder, the kiosk's unit may write there",
    ):
        assert f"TASK [{task}]" in output


def render(template: str, inventory: Path, dest: Path) -> None:
    """One of the playbook's templates, for the inventory's host, with the play's textfile_dir
    (a play variable, which an ad hoc `ansible` command does not see by itself)."""
    play = yaml.safe_load((ANSIBLE / "site.yml").read_text(encoding="utf-8"))[0]
    dest.parent.mkdir(parents=True, exist_ok=True)
    result = run(
        tool("ansible"),
        "localhost",
        "-i",
        str(inventory),
        "-e",
        f"textfile_dir={play['vars']['textfile_dir']}",
        "-m",
        "ansible.builtin.template",
        "-a",
        f"src={ANSIBLE / 'templates' / template} dest={dest}",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_kiosk_yaml_template_gives_settings_the_kiosk_accepts(tmp_path):
    inventory = local_inventory(tmp_path)
    dest = tmp_path / "site" / "kiosk.yaml"
    render("kiosk.yaml.j2", inventory, dest)
    (dest.parent / "allowed_signers").write_text("", encoding="utf-8")
    settings, diagnostics = load_settings(dest)
    assert diagnostics.lines() == [], dest.read_text()
    assert settings.kiosk.id == "ci-kiosk"
    assert (settings.display.width_mm, settings.display.height_mm) == (598, 336)
    assert settings.display.bottom_edge_mm == 950  # mounting_height_cm, for the lowered layout
    assert settings.kiosk.staff_pin_hash == PIN_HASH
    assert settings.schedule.enabled and dict(settings.schedule.weekly)["sat"] == "10:00-16:00"
    assert dict(settings.schedule.weekly)["sun"] == "closed"
    assert settings.sync.repository == "https://git.example.org/espoo/content.git"
    assert settings.sync.allowed_signers == "allowed_signers"
    assert settings.sync.interval_min == 7
    assert settings.metrics.textfile == "/var/lib/prometheus/node-exporter/ilmastotekoja.prom"
    assert settings.metrics.http_port is None


@pytest.mark.parametrize(
    "host_vars",
    [
        {"node_exporter": False},
        {"node_exporter": True},
        {"node_exporter": False, "metrics_http_port": 9101},
        {"node_exporter": True, "metrics_http_port": 9101, "metrics_http_address": "::1"},
    ],
)
def test_the_playbook_gives_the_kiosk_unit_the_drop_ins_the_kiosk_asks_for(tmp_path, host_vars):
    """The playbook's drop-in templates, installed under the same conditions as in site.yml,
    say what `kiosk unit-dropins` says for the kiosk.yaml the playbook writes."""
    from kiosk.ops.unit_dropins import unit_dropins
    from tests.unitkit import unit_settings

    inventory = local_inventory(tmp_path, **host_vars)
    site = tmp_path / "site"
    render("kiosk.yaml.j2", inventory, site / "kiosk.yaml")
    (site / "allowed_signers").write_text("", encoding="utf-8")
    settings, diagnostics = load_settings(site / "kiosk.yaml")
    assert diagnostics.lines() == []
    installed = {}
    if host_vars.get("metrics_http_port") is not None:
        render("metrics-http.conf.j2", inventory, site / "metrics-http.conf")
        installed["metrics-http.conf"] = site / "metrics-http.conf"
    if host_vars["node_exporter"]:
        render("metrics-textfile.conf.j2", inventory, site / "metrics-textfile.conf")
        installed["metrics-textfile.conf"] = site / "metrics-textfile.conf"
    wanted = unit_dropins(settings)
    assert sorted(installed) == sorted(wanted)
    for name, path in installed.items():
        assert unit_settings(path.read_text(encoding="utf-8")) == unit_settings(wanted[name])
    play = yaml.safe_load((ANSIBLE / "site.yml").read_text(encoding="utf-8"))[0]
    when = {
        task["ansible.builtin.template"]["src"]: task.get("when")
        for task in play["tasks"]
        if "ansible.builtin.template" in task
    }
    assert when["metrics-http.conf.j2"] == "metrics_http_port | default(none) is not none"
    assert when["metrics-textfile.conf.j2"] == "node_exporter | default(false)"


def test_the_playbook_installs_the_packages_setup_sh_lists():
    setup = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    listed = re.search(r"^RUNTIME_DEBS=\(([^)]*)\)", setup, re.M).group(1).split()
    play = yaml.safe_load((ANSIBLE / "site.yml").read_text(encoding="utf-8"))[0]
    assert play["vars"]["runtime_debs"] == listed
