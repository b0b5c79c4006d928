extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_scholar"]
bibtex_default_style = "scholar"
scholar_owner_names = ["Ada Lovelace", "A. Lovelace"]
scholar_publications_page = "publications"
exclude_patterns = ["_build"]
