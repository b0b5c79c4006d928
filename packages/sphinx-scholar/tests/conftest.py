"""The engine's tests build tiny sites from tests/roots/test-<case> with Sphinx's own test fixtures, as
sphinxcontrib-bibtex's do; a warning fails a test, as -W fails a build."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx_scholar import testing

pytest_plugins = "sphinx.testing.fixtures"


plain_text_output = pytest.fixture(scope="session", autouse=True)(testing.plain_text_output)


def pytest_collection_modifyitems(items):
    testing.slow_modules_first(items)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def builds() -> dict[str, SphinxTestApp]:
    """Each test root built once per session (per worker) for each builder and settings, by key."""
    return {}


@pytest.fixture
def built(app_params, builds, tmp_path_factory) -> SphinxTestApp:
    """The test's root (its ``pytest.mark.sphinx``) built without a warning. Tests that take it only read what the
    build wrote, so all that name the same root, builder and settings share one build; each checks its warnings."""
    args, kwargs = app_params
    key = repr((args, sorted(kwargs.items())))
    if key not in builds:
        # A build folder of its own: a test's own app of the same root (another theme, say) never writes over it.
        kwargs = {**kwargs, "builddir": tmp_path_factory.mktemp(f"built-{Path(kwargs['srcdir']).name}")}
        app = SphinxTestApp(*args, status=StringIO(), warning=StringIO(), **kwargs)
        try:
            app.build()
        finally:
            app.cleanup()  # sys.path and docutils' registries as they were; the output stays
        builds[key] = app  # only a build that ended: one that raised is tried again by the next test
    app = builds[key]
    assert not app.warning.getvalue(), app.warning.getvalue()
    return app
