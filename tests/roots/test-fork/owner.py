# -- Site owner ---------------------------------------------------------------
# An invented researcher: the fork test puts this section in place of conf.py's own.
owner = {
    "name": "Mira Okonkwo",
    "job_title": "Postdoctoral researcher",
    "affiliation": "University of Examples",
    "email": "mira@example.org",
    "homepage": "https://mira.example.org/",
    "photo": "images/mira.png",
    "profiles": {"GitHub": "https://github.example.org/mira", "Google Scholar": "https://scholar.example.org/mira",
                 "ORCID": "https://orcid.example.org/0000-0000-0000-0000",
                 "LinkedIn": "https://linkedin.example.org/in/mira",
                 "Semantic Scholar": "https://semanticscholar.example.org/author/1",
                 "DBLP": "https://dblp.example.org/pid/00/0000", "Mastodon": "https://mastodon.example.org/@mira"},
}
# Spellings of the owner's name in refs.bib, highlighted in author lists.
scholar_owner_names = ["Mira Okonkwo", "M. Okonkwo"]

