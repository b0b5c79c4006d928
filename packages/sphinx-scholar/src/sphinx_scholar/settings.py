"""Every ``scholar_*`` setting, declared once and read the same way by the build and the command-line tools.

The build registers each field of :class:`ScholarSettings` as a config value; ``make lint`` and ``make project``
read conf.py through Sphinx's own :meth:`sphinx.config.Config.read` and the same registration, so both see the
same values and the same defaults.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

from .cv.printer import PDF_NAME
from .defaults import apply_defaults
from .errors import report_error

PREFIX = "scholar_"
#: The config value the engine sets before any page is read: why the PDF is left out of this build, or "".
MISSING = "scholar_cv_pdf_missing"


@dataclass(frozen=True)
class ScholarSettings:
    """The site's settings; conf.py sets each as ``scholar_<name>``."""

    #: The .bib file holding every publication, relative to conf.py; sphinxcontrib-bibtex reads the same file.
    bibfile: str = field(default="refs.bib", metadata={"rebuild": "env", "types": (str,)})
    #: Who the site is about: name, alternate_name, job_title, affiliation, email, homepage, x_handle, profiles.
    owner: dict = field(default_factory=dict, metadata={"rebuild": "env", "types": (dict,)})
    #: Spellings of the owner's name in the .bib file, highlighted in author lists.
    owner_names: tuple = field(default=(), metadata={"rebuild": "env", "types": (list, tuple)})
    #: Fields used by the site only, left out of the BibTeX block visitors copy.
    private_fields: tuple = field(default=("selected", "equal", "venue_short", "status"),
                                  metadata={"rebuild": "env", "types": (list, tuple)})
    #: The page whose entries other pages link to.
    publications_page: str = field(default="publications/index", metadata={"rebuild": "env", "types": (str,)})
    #: Warn about a page without a meta description.
    require_description: bool = field(default=False, metadata={"rebuild": "html", "types": (bool,)})
    #: The CV page, printed into cv.pdf beside it ("" for no PDF), and the PDF's paper: A4 or Letter.
    cv_page: str = field(default="cv", metadata={"rebuild": "html", "types": (str,)})
    cv_paper: str = field(default="A4", metadata={"rebuild": "html", "types": (str,)})
    #: "auto": the PDF is drawn where WeasyPrint, Pango and the fonts it needs are installed, and left out with
    #: one line saying what to install where they are not; "required": a missing part fails the build (the
    #: default on Read the Docs and in CI, where READTHEDOCS or CI is set).
    cv_pdf: str = field(default="auto", metadata={"rebuild": "env", "types": (str,)})
    #: Front-matter keys of the site's own (read by its templates, say), besides those the engine, Sphinx, MyST
    #: and the theme read: any other key is reported as a mistake.
    front_matter_keys: tuple = field(default=(), metadata={"rebuild": "env", "types": (list, tuple)})
    #: Publish raw HTML in pages as it is, scripts and frames included (by default they fail the build).
    allow_raw_html: bool = field(default=False, metadata={"rebuild": "env", "types": (bool,)})
    #: The folder of posts: every page in it is a post, with a ``date`` in its front matter ("" for none).
    posts_folder: str = field(default="posts", metadata={"rebuild": "env", "types": (str,)})
    #: Build drafts (pages with ``draft: true``) too, marked as such: ``make serve`` sets it.
    show_drafts: bool = field(default=False, metadata={"rebuild": "env", "types": (bool,)})


def _default(setting: dataclasses.Field) -> Any:
    value = setting.default_factory() if setting.default_factory is not dataclasses.MISSING else setting.default
    return list(value) if isinstance(value, tuple) else value


def register_settings(add_config_value: Callable[..., None]) -> None:
    """Declare every setting through ``app.add_config_value`` or :meth:`Config.add` (same signature)."""
    for setting in dataclasses.fields(ScholarSettings):
        add_config_value(PREFIX + setting.name, _default(setting), setting.metadata["rebuild"],
                         types=setting.metadata["types"])


def settings_from(config: Config) -> ScholarSettings:
    """The settings; a value of the wrong type counts as unset (Sphinx warns about it, naming it)."""
    values = {}
    for setting in dataclasses.fields(ScholarSettings):
        value = getattr(config, PREFIX + setting.name)
        if not isinstance(value, setting.metadata["types"]):
            value = _default(setting)
        values[setting.name] = tuple(value) if isinstance(value, list) else value
    return ScholarSettings(**values)


_MADE: weakref.WeakKeyDictionary[Config, ScholarSettings] = weakref.WeakKeyDictionary()


def settings(config: Config) -> ScholarSettings:
    """The build's settings, made once per config (it does not change during a build)."""
    made = _MADE.get(config)
    if made is None:
        made = _MADE[config] = settings_from(config)
    return made


def read_config(srcdir: Path) -> Config:
    """conf.py of ``srcdir`` as Sphinx reads it, with the scholar settings declared."""
    from sphinx.config import Config
    from sphinx.util.tags import Tags

    config = Config.read(srcdir, overrides={}, tags=Tags())
    register_settings(config.add)
    apply_defaults(config)
    return config


def one_bibfile(app: Sphinx, config: Config) -> None:
    """sphinxcontrib-bibtex reads ``bibtex_bibfiles``; it follows ``scholar_bibfile`` unless it disagrees."""
    bibfile = config.scholar_bibfile
    if not config.bibtex_bibfiles:
        config.bibtex_bibfiles = [bibfile]
    elif [Path(name) for name in config.bibtex_bibfiles] != [Path(bibfile)]:
        report_error(app, f"bibtex_bibfiles {config.bibtex_bibfiles!r} disagrees with scholar_bibfile {bibfile!r}: "
                     "set scholar_bibfile only", location="{}:{}".format(*conf_line(app.confdir, "bibtex_bibfiles")))
        config.bibtex_bibfiles = [bibfile]


def conf_line(confdir: str | Path, name: str, *, indented: bool = False) -> tuple[str, int]:
    """``("conf.py", line)`` of the line setting ``name`` (line 1 when it is set elsewhere, as by ``-D``);
    ``indented`` finds a key inside a dict."""
    lines = (Path(confdir) / "conf.py").read_text(encoding="utf-8").splitlines()
    found = (index for index, line in enumerate(lines, 1)
             if (line.lstrip() if indented else line).startswith(name if indented else f"{name} "))
    return "conf.py", next(found, 1)


def page_url(app, pagename: str) -> str:
    """The page's address under ``html_baseurl``; empty in a local build, which has none."""
    return page_address(app.config, app.builder, pagename)


def page_address(config: Config, builder, pagename: str) -> str:
    base = config.html_baseurl
    return base.rstrip("/") + "/" + builder.get_target_uri(pagename) if base else ""


def pdf_uri(docname: str) -> str:
    """The CV's PDF's address from the page ``docname``."""
    return "../" * docname.count("/") + PDF_NAME


def pdf_left_out(config: Config) -> bool:
    """Whether this build leaves the CV's PDF out (decided before any page is read: see cv/pdf.py)."""
    return bool(getattr(config, MISSING, ""))


def setup_settings(app: Sphinx) -> None:
    register_settings(app.add_config_value)
    app.connect("config-inited", one_bibfile, priority=100)


def served_at_any_depth(config: Config, docname: str) -> bool:
    """Whether ``docname`` is the 404 page, whose links are made absolute once it is resolved."""
    return "notfound_pagename" in config and docname == config.notfound_pagename
