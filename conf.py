"""Sphinx configuration of the site: the owner section, then the look. The engine (sphinx-scholar) sets the
rest; see its README for every setting it reads and the defaults it gives."""

# -- Site owner ---------------------------------------------------------------
# The one place a fork changes; pages and refs.bib hold the rest.
owner = {
    "name": "Ziming Liu",
    "alternate_name": "刘子铭",
    "alternate_name_lang": "zh",
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
language = "en"

# -- Engine ---------------------------------------------------------------------
extensions = ["sphinx_scholar"]
# Every publication; sphinxcontrib-bibtex reads the same file.
scholar_bibfile = "refs.bib"
# Every page needs a meta description (front matter: myst: html_meta: description).
scholar_require_description = True

# -- Look -----------------------------------------------------------------------
html_theme = "sphinx_scholar"
html_static_path = ["_static"]
html_css_files = ["site.css"]  # this site's own overrides of the engine's styles
html_favicon = "_static/favicon.svg"
