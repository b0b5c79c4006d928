extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_scholar"]
bibtex_default_style = "scholar"
scholar_publications_page = "publications"
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build", "_ext"]
