import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sitebuild import REPO, build_site  # noqa: E402


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory) -> Path:
    """The real bundled collection, built once with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("bundled") / "site"
    result = build_site(REPO, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site
