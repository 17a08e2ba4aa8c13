"""deploy/content-repository: a content repository made as docs/fleet.md says (the template,
the bundled exhibition, the schemas) is one that kiosks sync, and its pre-commit hook refuses
an edit with errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from kiosk.content.release import read_release
from kiosk.sync import engine
from tests.contentkit import edit
from tests.synckit import git, kiosk_settings

REPO = Path(__file__).resolve().parent.parent


def test_a_repository_made_from_the_template_syncs_and_checks_its_commits(tmp_path):
    content = tmp_path / "ilmastotekoja-content"
    shutil.copytree(REPO / "deploy" / "content-repository", content)
    for folder in ("exhibits", "media"):
        shutil.copytree(REPO / folder, content / folder)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    written = subprocess.run(
        [sys.executable, "-m", "kiosk", "schema", "--write", "schema"],
        cwd=content,
        env=env,
        capture_output=True,
        text=True,
    )
    assert written.returncode == 0, written.stderr
    assert (content / "schema" / "release.schema.json").is_file()
    info, diagnostics = read_release(content)
    assert diagnostics.lines() == [] and info.min_kiosk_version == "0.1.0"

    git(content, "init", "-q", "-b", "main")
    git(content, "config", "core.hooksPath", ".githooks")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    identity = ["-c", "user.name=Curator", "-c", "user.email=curator@example.org"]

    def commit(message: str) -> subprocess.CompletedProcess:
        git(content, "add", "-A")
        return subprocess.run(
            ["git", "-C", str(content), *identity, "commit", "-q", "-m", message],
            env={**env, "KIOSK": f"{sys.executable} -m kiosk"},
            capture_output=True,
            text=True,
        )

    first = commit("First release")
    assert first.returncode == 0, first.stdout + first.stderr
    git(content, "push", "-q", str(origin), "main")
    settings = kiosk_settings(tmp_path / "kiosk", origin)
    outcome = engine.sync(settings)
    assert outcome.status == engine.SWITCHED, outcome

    themes = sorted((content / "exhibits" / "themes").glob("*.yaml"))
    edit(themes[0], "\nkind: ", "\nkind: nonsense-", 1)
    refused = commit("A broken edit")
    assert refused.returncode != 0, "the hook refuses a commit with errors"
    assert f"exhibits/themes/{themes[0].name}:" in refused.stdout + refused.stderr
