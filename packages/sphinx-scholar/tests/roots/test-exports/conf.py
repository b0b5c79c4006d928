extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_scholar"]
bibtex_default_style = "scholar"
scholar_owner_names = ["Mira Okonkwo", "M. Okonkwo"]
scholar_publications_page = "publications"
html_baseurl = "https://example.org/site/"
exclude_patterns = ["_build"]
