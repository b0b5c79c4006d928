extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_scholar"]
project = "Ada Example"
bibtex_default_style = "scholar"
scholar_owner = {"name": "Ada Example"}
scholar_owner_names = ["Ada Example"]
scholar_publications_page = "publications"
html_baseurl = "https://ada.example.org/"
exclude_patterns = ["_build"]
