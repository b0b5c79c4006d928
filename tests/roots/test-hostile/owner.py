# -- Site owner ---------------------------------------------------------------
# Every value an owner section can hold, written to break out of its HTML context.
owner = {
    "name": "Eve </script><script>alert('name')</script>",
    "alternate_name": "\"><img src=x onerror=alert('alternate')>",
    "job_title": "<!--<script>",
    "affiliation": "Uni & Co </title><script>alert('affiliation')</script>",
    "email": "eve+tag@example.org",
    "homepage": "https://example.org/\"onmouseover=\"alert('homepage')",
    "x_handle": "eve_x",
    "profiles": {"<img src=x onerror=alert('profile')>": "https://example.org/\"onmouseover=\"alert('profile')"},
}
# Spellings of the owner's name in refs.bib, highlighted in author lists.
scholar_owner_names = ["Eve Attacker"]

