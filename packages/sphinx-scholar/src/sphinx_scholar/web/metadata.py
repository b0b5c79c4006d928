"""Metadata for scholars and search engines: Google Scholar tags and JSON-LD on project pages, and JSON-LD
``Person`` on the home page, from ``refs.bib`` and ``scholar_owner``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from sphinx.application import Sphinx

from ..bib.record import Publication
from ..pages.owner import owner_problems, profile_links
from ..pages.papers import paper_shown, pdf_uri
from ..settings import page_url, settings
from .seo import add_metatags, meta_tag

#: Characters that could end the script element or open a comment in it, written as JSON escapes.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                             "\u2029": "\\u2029"})


def json_ld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(SCRIPT_SAFE)
    return f'<script type="application/ld+json">{text}</script>'


#: The tags naming a paper's container, by entry type. Zotero takes the item type from the last one it reads
#: and a conference paper's proceedings title from citation_inbook_title, so the conference tag comes last.
CONTAINER_TAGS = {
    "article": ("citation_journal_title",),
    "inproceedings": ("citation_inbook_title", "citation_conference_title"),
    "conference": ("citation_inbook_title", "citation_conference_title"),
    "incollection": ("citation_inbook_title",),
    "inbook": ("citation_inbook_title",),
    "phdthesis": ("citation_dissertation_institution",),
    "mastersthesis": ("citation_dissertation_institution",),
    "techreport": ("citation_technical_report_institution",),
}


def scholar_tags(publication: Publication, pdf_url: str = "") -> list[str]:
    """Google Scholar's ``citation_*`` tags (https://scholar.google.com/intl/en/scholar/inclusion.html), as
    Zotero's Embedded Metadata translator reads them too (checked with Zotero's translation server):

    - a preprint has no container tag (each of them sets an item type) but ``DC.type`` "preprint", its server
      as ``citation_publisher`` and ``arXiv:<id>`` as ``citation_technical_report_number``: Zotero saves it as
      the preprint it saves from arxiv.org (repository, archive ID, DOI), so the two merge;
    - pages as first and last page (Zotero's reading of a range in ``citation_firstpage`` keeps only its start);
    - ``citation_pdf_url`` only for a PDF the site itself serves (``pdf_url``): Scholar takes no other host's.
    """
    tags = [meta_tag("citation_title", publication.title)]
    tags += [meta_tag("citation_author", author) for author in publication.authors]
    tags.append(meta_tag("citation_publication_date", str(publication.year)))
    if publication.preprint:
        if publication.venue:
            tags.append(meta_tag("citation_publisher", publication.venue))
        if publication.eprint:
            tags.append(meta_tag("citation_technical_report_number", f"arXiv:{publication.eprint}"))
    elif publication.venue:
        tags += [meta_tag(name, publication.venue) for name in CONTAINER_TAGS.get(publication.entry_type, ())]
    if publication.eprint:
        tags.append(meta_tag("citation_arxiv_id", publication.eprint))
    for name, value in (("citation_volume", publication.volume), ("citation_issue", publication.number),
                        ("citation_firstpage", publication.pages[0]), ("citation_lastpage", publication.pages[1])):
        if value:
            tags.append(meta_tag(name, value))
    if doi := publication.registered_doi:
        tags.append(meta_tag("citation_doi", doi))
    if publication.abstract:
        tags.append(meta_tag("citation_abstract", publication.abstract))
    if pdf_url:
        tags.append(meta_tag("citation_pdf_url", pdf_url))
    if publication.preprint:
        tags.append(meta_tag("DC.type", "preprint"))  # read only where no container tag gives another type
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
    if publication.venue:
        article["isPartOf"] = {"@type": "CreativeWorkSeries", "name": publication.venue}
    if publication.abstract:
        article["abstract"] = publication.abstract
    if doi := publication.registered_doi:
        article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": doi}
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
    if pagename == app.config.root_doc and not owner_problems(owner) and owner.get("name"):
        extra.append(json_ld(person(owner)))
    key = paper_shown(app.env, pagename)
    publication = app.env.domains["pub"].catalog.by_key.get(key) if key else None
    if publication is not None:
        pdf, address = pdf_uri(publication, pagename, app.builder, pagename), page_url(app, pagename)
        extra += scholar_tags(publication, urljoin(address, pdf) if pdf and address else pdf)
        extra.append(json_ld(scholarly_article(publication, page_url(app, pagename))))
    if extra:
        add_metatags(context, extra)


def setup_metadata(app: Sphinx) -> None:
    app.connect("html-page-context", add_page_metadata)
