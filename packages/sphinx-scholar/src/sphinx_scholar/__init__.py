"""sphinx-scholar: an academic site built with Sphinx: publications from BibTeX, project pages, a CV and its PDF.

Sub-packages by concern: ``bib`` reads and formats BibTeX; ``pages`` holds the Sphinx side (domain, directives,
roles, generated pages); ``web`` what a browser and a crawler get (head, assets, icon font, search); ``cv`` the
CV's PDF; ``cli`` the ``sphinx-scholar`` command; ``theme`` the look, a theme inheriting pydata-sphinx-theme.
One module per feature, each with a small ``setup_<feature>(app)``, combined in ``extension``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "2.11.0"
#: The shape of what the engine keeps in Sphinx's environment (the pub domain's data, the records in it):
#: raise it whenever that shape changes, so a stored environment of another shape is read afresh.
#: tests/test_env_version.py fails when the shape changed and this did not.
ENV_VERSION = 17


def setup(app: Sphinx) -> dict[str, Any]:
    """The extension. Its modules load here, not on import: ``sphinx-scholar html`` finds out whether it has
    anything to do before it loads Sphinx (cli/unchanged.py)."""
    from .extension import setup_extension

    return setup_extension(app)
