"""Metadata for scholars and search engines: Google Scholar tags and JSON-LD on project pages, JSON-LD
``Person`` on the home page, and the owner's contact list, all from ``refs.bib`` and ``scholar_owner``.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .record import Publication
from .seo import add_metatags, meta_tag, page_url
from .settings import settings


def json_ld(data: dict[str, Any]) -> str:
    # "</" would end the script element early; JSON allows the escaped form.
    text = json.dumps(data, ensure_ascii=False, indent=None).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def arxiv_pdf(publication: Publication) -> str:
    pdf = next((link.url for link in publication.links if link.label == "PDF"), "")
    if not pdf and publication.arxiv_month:
        pdf = f"https://arxiv.org/pdf/{publication.eprint}"
    return pdf


def scholar_tags(publication: Publication) -> list[str]:
    """Google Scholar's ``citation_*`` tags (https://scholar.google.com/intl/en/scholar/inclusion.html)."""
    tags = [meta_tag("citation_title", publication.title)]
    tags += [meta_tag("citation_author", author) for author in publication.authors]
    tags.append(meta_tag("citation_publication_date", str(publication.year)))
    if publication.entry_type == "article":
        tags.append(meta_tag("citation_journal_title", publication.venue))
    elif publication.kind == "peer-reviewed":
        tags.append(meta_tag("citation_conference_title", publication.venue))
    if publication.arxiv_month:
        tags.append(meta_tag("citation_arxiv_id", publication.eprint))
    doi = next((link.url for link in publication.links if link.label == "DOI"), "")
    if doi:
        tags.append(meta_tag("citation_doi", doi.removeprefix("https://doi.org/")))
    if pdf := arxiv_pdf(publication):
        tags.append(meta_tag("citation_pdf_url", pdf))
    return tags


def scholarly_article(publication: Publication, page_url: str) -> dict[str, Any]:
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": publication.title,
        "name": publication.title,
        "author": [{"@type": "Person", "name": author} for author in publication.authors],
        "datePublished": str(publication.year),
    }
    if publication.venue and publication.kind == "peer-reviewed":
        article["isPartOf"] = {"@type": "CreativeWorkSeries", "name": publication.venue}
    if publication.links:
        article["sameAs"] = [link.url for link in publication.links]
    if page_url:
        article["url"] = page_url
    return article


def person(owner: dict[str, str]) -> dict[str, Any]:
    profile: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person", "name": owner["name"]}
    if owner.get("alternate_name"):
        profile["alternateName"] = owner["alternate_name"]
    if owner.get("job_title"):
        profile["jobTitle"] = owner["job_title"]
    if owner.get("affiliation"):
        profile["affiliation"] = {"@type": "CollegeOrUniversity", "name": owner["affiliation"]}
    if owner.get("email"):
        profile["email"] = f"mailto:{owner['email']}"
    links = profile_links(owner)
    if owner.get("homepage"):
        profile["url"] = owner["homepage"]
    if links:
        profile["sameAs"] = [url for _, url, _ in links if not url.startswith("mailto:")]
    return profile


def profile_links(owner: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, address, text shown) for each way to reach the owner that the config gives."""
    links = []
    if owner.get("email"):
        links.append(("Email", f"mailto:{owner['email']}", owner["email"]))
    if owner.get("homepage"):
        links.append(("Homepage", owner["homepage"], owner["homepage"]))
    if owner.get("x_handle"):
        links.append(("X", f"https://x.com/{owner['x_handle']}", f"@{owner['x_handle']}"))
    for label, url in owner.get("profiles", {}).items():
        links.append((label, url, url))
    return links


class OwnerContactsDirective(SphinxDirective):
    """The owner's email and profiles as a list, from ``scholar_owner`` in conf.py."""

    def run(self) -> list[nodes.Node]:
        items = nodes.bullet_list(classes=["owner-contacts"])
        for label, url, text in profile_links(settings(self.config).owner):
            paragraph = nodes.paragraph("", f"{label}: ")
            paragraph += nodes.reference(text, text, refuri=url)
            items += nodes.list_item("", paragraph)
        return [items]


def add_page_metadata(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None:
        return
    extra = []
    owner = settings(app.config).owner
    if pagename == app.config.root_doc and owner.get("name"):
        extra.append(json_ld(person(owner)))
    key = app.env.metadata.get(pagename, {}).get("paper")
    publication = app.env.domains["pub"].catalog.by_key.get(key) if key else None
    if publication is not None:
        extra += scholar_tags(publication)
        extra.append(json_ld(scholarly_article(publication, page_url(app, pagename))))
    if extra:
        add_metatags(context, extra)


def setup_metadata(app: Sphinx) -> None:
    app.add_directive("owner-contacts", OwnerContactsDirective)
    app.connect("html-page-context", add_page_metadata)
