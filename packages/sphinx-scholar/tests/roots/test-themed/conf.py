# The engine's look on a tiny site: header icons for every profile, a code block, a publication list.
extensions = ["sphinx_scholar"]
scholar_owner = {
    "name": "Ada Lovelace",
    "alternate_name": "Augusta Ada King",
    "alternate_name_lang": "en-GB",
    "email": "ada@example.org",
    "x_handle": "ada_example",
    "profiles": {"GitHub": "https://github.example.org/ada", "ORCID": "https://orcid.example.org/ada"},
}
scholar_owner_names = ["Ada Lovelace"]
scholar_publications_page = "publications"
scholar_cv_page = ""
