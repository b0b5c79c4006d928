"""The engine's tests build tiny sites from tests/roots/test-<case> with Sphinx's own test fixtures, as
sphinxcontrib-bibtex's do; a warning fails a test, as -W fails a build."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx_scholar import testing

pytest_plugins = "sphinx.testing.fixtures"


plain_text_output = pytest.fixture(scope="session", autouse=True)(testing.plain_text_output)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture
def built(app, warning):
    app.build()
    assert not warning.getvalue(), warning.getvalue()
    return app
