"""Sphinx configuration of the site. Everything personal is in the "Site owner" section."""

import os
import sys
from html import escape
from pathlib import Path
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# -- Site owner ---------------------------------------------------------------
# The one place a fork changes; pages and refs.bib hold the rest.
owner = {
    "name": "Ziming Liu",
    "alternate_name": "刘子铭",
    "job_title": "Ph.D. student",
    "affiliation": "National University of Singapore",
    "department": "School of Computing",
    "email": "liuziming@comp.nus.edu.sg",
    "homepage": "https://maruyamaaya.github.io/",
    "x_handle": "lzm_mlsys",
}
# Spellings of the owner's name in refs.bib, highlighted in author lists.
scholar_owner_names = ["Ziming Liu", "Z. Liu"]

# -- Project information ------------------------------------------------------
scholar_owner = owner
name = str(owner.get("name", ""))
project = f"{name} ({owner['alternate_name']})" if owner.get("alternate_name") else name
author = name
copyright = f"%Y, {name}"

# -- General configuration ----------------------------------------------------
extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "notfound.extension",
    "scholar",
]
exclude_patterns = [
    "_build", ".venv", "venv", "tests", "README.md", ".pytest_cache", ".ruff_cache", "node_modules",
    "Thumbs.db", ".DS_Store", ".git", ".github", ".ci", "_templates",
]
templates_path = ["_templates"]
root_doc = "index"
language = "en"
smartquotes = False  # keeps venue badges like SC '23 as written

# -- MyST ----------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline", "substitution"]
myst_heading_anchors = 3

# -- Bibliography ---------------------------------------------------------------
# Every publication; sphinxcontrib-bibtex reads the same file (bibtex_bibfiles follows this setting).
scholar_bibfile = "refs.bib"
bibtex_default_style = "scholar"  # keeps titles exactly as written

# -- HTML output ----------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = name
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_favicon = "_static/favicon.svg"
html_show_sourcelink = False
html_use_index = False  # no index entries on this site: no empty genindex page
html_domain_indices = False
html_copy_source = False
# Only research/ has sub-pages; its navigation is headed by the section's title, with no "Collapse Sidebar".
html_sidebars = {"research/**": ["sidebar-section-nav"], "index": [], "404": [], "cv": [], "publications/index": [],
                 "search": []}
html_theme_options = {
    "logo": {"text": escape(name)},  # the theme writes it as HTML
    "navbar_align": "left",
    "navbar_end": ["theme-switcher", "profile-icon-links"],  # one icon per way to reach the owner
    "secondary_sidebar_items": ["page-toc"],
    "search_bar_text": "Search this site…",
    "show_prev_next": False,
    "footer_start": ["copyright"],
    "footer_end": [],
}

# -- Sharing and search engines ---------------------------------------------------
# One setting: Read the Docs gives the canonical address; a local build has none and invents none.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
scholar_require_description = True
# The 404 page's links must work at any depth: prefix them with the site's path.
notfound_urls_prefix = quote(urlsplit(html_baseurl).path) or "/"
# The theme logs "Got invalid theme mode" to the console unless a default mode is set.
html_context = {"default_mode": "auto"}
