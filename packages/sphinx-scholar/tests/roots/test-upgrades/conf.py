# A site as sphinx-scholar 2.1 expects it: the engine's extension and its settings, nothing else.
extensions = ["sphinx_scholar"]
scholar_owner = {"name": "Ada Lovelace"}
scholar_owner_names = ["Ada Lovelace"]
scholar_publications_page = "publications"
scholar_cv_page = ""
templates_path = ["_templates"]
myst_enable_extensions = ["tasklist"]
suppress_warnings = ["myst.header"]
