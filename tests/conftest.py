import os
import tempfile

# Kivy writes config and logs into KIVY_HOME on import; never into the developer's home.
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kivy-home-"))
os.environ.setdefault("KIVY_NO_ARGS", "1")

import pytest  # noqa: E402

from tests.contentkit import make_exhibition  # noqa: E402


@pytest.fixture
def exhibit(tmp_path, monkeypatch):
    """A valid exhibition in a temporary folder, which is also the working directory so that
    messages show paths as a curator there would see them."""
    monkeypatch.chdir(tmp_path)
    return make_exhibition(tmp_path)
