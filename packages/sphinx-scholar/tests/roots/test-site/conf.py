# A whole site of the engine's shape, small: home, publications, research with two project pages, a CV and its
# PDF, a 404 page and a stylesheet of its own (for incremental, parallel and publishing tests).
extensions = ["sphinx_scholar"]
scholar_owner = {"name": "Ada Lovelace", "email": "ada@example.org",
                 "profiles": {"GitHub": "https://github.example.org/ada"}}
scholar_owner_names = ["Ada Lovelace"]
html_static_path = ["_static"]
html_css_files = ["site.css"]
