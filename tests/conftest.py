import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

from sitebuild import REPO, build_site  # noqa: E402

# Property tests: 50 examples each in README's test command; the slow run in .ci/run passes
# `--hypothesis-profile=thorough` for 500. Tests that need another count say so in their own @settings.
PROPERTY_SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("quick", max_examples=50, **PROPERTY_SETTINGS)
settings.register_profile("thorough", max_examples=500, **PROPERTY_SETTINGS)
settings.load_profile("quick")


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory) -> Path:
    """The real bundled collection, built once with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("bundled") / "site"
    result = build_site(REPO, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site
