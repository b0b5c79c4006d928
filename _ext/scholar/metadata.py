"""Metadata for scholars and search engines: Google Scholar tags and JSON-LD on project pages, and JSON-LD
``Person`` on the home page, from ``refs.bib`` and ``scholar_owner``.
"""

from __future__ import annotations

import json
from typing import Any

from sphinx.application import Sphinx

from .owner import profile_links
from .record import Publication
from .seo import add_metatags, meta_tag, page_url
from .settings import settings

#: Characters that could end the script element or open a comment in it, written as JSON escapes.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                             "\u2029": "\\u2029"})


def json_ld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(SCRIPT_SAFE)
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
    links = profile_links(owner)
    if owner.get("email"):
        profile["email"] = links[0].url
    if owner.get("homepage"):
        profile["url"] = owner["homepage"]
    if links:
        profile["sameAs"] = [link.url for link in links if not link.url.startswith("mailto:")]
    return profile


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
    app.connect("html-page-context", add_page_metadata)
