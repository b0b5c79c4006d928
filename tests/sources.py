"""What the real site is made from, read the way a visitor's expectations would be: the owner section of
conf.py, the entries of refs.bib and the project pages' front matter. Tests of the real site compare the
built pages with these, so they hold for any researcher's fork."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pybtex.database import parse_file
from sphinx_scholar.bib.identifiers import anchor_id, arxiv_id, is_arxiv_journal, normal_doi, same_page
from sphinx_scholar.bib.latex import display_name, is_others, plain
from sphinx_scholar.pages.references import markdown_pages
from sphinx_scholar.settings import read_config, settings_from

REPO = Path(__file__).resolve().parent.parent
#: The site the real-site tests build: this repository, or a fork's checkout named by SCHOLAR_SITE.
SITE = Path(os.environ.get("SCHOLAR_SITE", REPO)).resolve()


@dataclass(frozen=True)
class Entry:
    key: str
    type: str
    title: str
    authors: tuple[str, ...]
    equal: tuple[int, ...]
    selected: bool
    links: tuple[str, ...]  # the http(s) addresses of its link fields
    arxiv_journal: bool  # a journal that means arXiv (DBLP's CoRR, Scholar's "arXiv preprint ...")


@dataclass(frozen=True)
class Sources:
    srcdir: Path
    owner: dict
    owner_names: tuple[str, ...]
    entries: dict[str, Entry]
    projects: dict[str, str]  # project page docname -> paper key
    project_front_matter: dict[str, dict]  # project page docname -> its front matter
    pages: tuple[str, ...]  # every page's docname, but the 404 page's

    @property
    def own_pages(self) -> dict[str, str]:
        """Key -> the docname of the paper's own page: its project page, else the page the engine writes."""
        claimed = {key: docname for docname, key in sorted(self.projects.items(), reverse=True)}
        return {key: claimed.get(key, f"publications/papers/{anchor_id(key)}") for key in self.entries}

    @property
    def paper_pages(self) -> tuple[str, ...]:
        """The pages the engine writes for papers no project page claims."""
        return tuple(sorted(docname for docname in self.own_pages.values() if docname not in self.projects))


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}


def entry_of(key: str, data) -> Entry:
    fields = data.fields
    arxiv = arxiv_id(fields)
    links = [f"https://arxiv.org/abs/{arxiv}"] if arxiv else []
    addresses = {**fields, "doi": f"https://doi.org/{normal_doi(fields['doi'])}" if "doi" in fields else ""}
    for name in ("pdf", "code", "doi", "slides", "poster", "video", "url"):
        if addresses.get(name) and not any(same_page(addresses[name], link) for link in links):
            links.append(addresses[name])
    return Entry(
        key=key, type=data.type, title=plain(fields["title"]),
        authors=tuple(display_name(person) for person in data.persons.get("author", ()) if not is_others(person)),
        equal=tuple(int(part) for part in fields.get("equal", "").split(",") if part.strip()),
        selected=fields.get("selected", "").lower() == "true",
        links=tuple(links),
        arxiv_journal=is_arxiv_journal(fields.get("journal", "")),
    )


@cache
def read_sources(srcdir: Path = SITE) -> Sources:
    config = read_config(srcdir)
    settings = settings_from(config)
    bib = parse_file(str(srcdir / settings.bibfile))
    pages = sorted(str(path.relative_to(srcdir).with_suffix(""))
                   for path in markdown_pages(srcdir, config.exclude_patterns))
    projects, project_front_matter = {}, {}
    for docname in pages:
        front = front_matter(srcdir / f"{docname}.md")
        if front.get("paper"):
            projects[docname] = front["paper"]
            project_front_matter[docname] = front
    return Sources(
        srcdir=srcdir, owner=settings.owner, owner_names=settings.owner_names,
        entries={key: entry_of(key, data) for key, data in bib.entries.items()},
        projects=projects,
        project_front_matter=project_front_matter,
        pages=tuple(page for page in pages if page != "404"),
    )
