"""A content repository on disk (a bare repository as the remote, a curator's clone beside it)
and kiosks that sync from it, each with its own data folder and kiosk.yaml."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.sync.git import git_environment
from tests.contentkit import make_exhibition

EMAIL = "curator@example.org"


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args],
        env=git_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def ssh_key(folder: Path, name: str) -> Path:
    """A new ed25519 key pair without a passphrase; returns the private key's path."""
    if not shutil.which("ssh-keygen"):
        pytest.skip("needs ssh-keygen (Debian package openssh-client)")
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key


def allowed_signers(path: Path, *keys: Path) -> Path:
    lines = []
    for key in keys:
        public = Path(f"{key}.pub").read_text().split()
        lines.append(f'{EMAIL} namespaces="git" {public[0]} {public[1]}\n')
    path.write_text("".join(lines), encoding="utf-8")
    return path


class ContentRepo:
    """`origin` is what kiosks fetch; `work` is the curator's clone they edit and push."""

    def __init__(self, root: Path):
        self.origin = root / "origin.git"
        self.work = root / "work"
        subprocess.run(
            ["git", "init", "--bare", "-q", "-b", "main", str(self.origin)],
            env=git_environment(),
            check=True,
        )
        self.work.mkdir(parents=True)
        git(self.work, "init", "-q", "-b", "main")
        git(self.work, "remote", "add", "origin", str(self.origin))
        make_exhibition(self.work)

    def commit(self, message: str, key: Path | None = None) -> str:
        """Commits everything in `work` (signed with `key` if given) and pushes it."""
        git(self.work, "add", "-A")
        sign = []
        if key is not None:
            sign = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}"]
        identity = ["-c", "user.name=Curator", "-c", f"user.email={EMAIL}"]
        git(
            self.work,
            *identity,
            *sign,
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            message,
            *(["-S"] if key else []),
        )
        git(self.work, "push", "-q", "origin", "main")
        return git(self.work, "rev-parse", "HEAD")

    def station_title_file(self) -> Path:
        return self.work / "exhibits" / "themes" / "food.yaml"


def kiosk_settings(root: Path, repository: Path | str, signers: Path | None = None):
    """Settings of a kiosk whose kiosk.yaml and data folder are under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    checkout = Path(__file__).resolve().parent.parent
    lines = [
        "# yaml-language-server: $schema=schema/kiosk.schema.json",
        f"content_dir: {checkout / 'exhibits'}",
        f"media_dir: {checkout / 'media'}",
        "data_dir: var",
        "sync:",
        f"  repository: {repository}",
        "  branch: main",
    ]
    if signers is not None:
        lines.append(f"  allowed_signers: {signers}")
    (root / "kiosk.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings, diagnostics = load_settings(root / "kiosk.yaml")
    assert not diagnostics.problems, diagnostics.lines()
    return settings


def retitle(content: ContentRepo, title: str) -> None:
    path = content.station_title_file()
    text = path.read_text(encoding="utf-8")
    start = text.index("    title:\n      fi: ") + len("    title:\n      fi: ")
    end = text.index("\n", start)
    path.write_text(text[:start] + title + text[end:], encoding="utf-8")
