# -- Site owner ---------------------------------------------------------------
# An invented researcher: the fork test puts this section in place of conf.py's own.
owner = {
    "name": "Mira Okonkwo",
    "job_title": "Postdoctoral researcher",
    "affiliation": "University of Examples",
    "email": "mira@example.org",
    "homepage": "https://mira.example.org/",
    "profiles": {"GitHub": "https://github.example.org/mira"},
}
# Spellings of the owner's name in refs.bib, highlighted in author lists.
scholar_owner_names = ["Mira Okonkwo", "M. Okonkwo"]

