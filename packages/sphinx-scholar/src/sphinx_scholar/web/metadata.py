"""Metadata for scholars and search engines: Google Scholar tags and JSON-LD on a paper's own page, JSON-LD
``Person`` on the home page and ``BlogPosting`` on a post, from ``refs.bib``, ``scholar_owner`` and the posts.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..bib.kinds import NUMBERED, venue_role
from ..bib.record import Publication
from ..pages.formulas import formulas_as_text
from ..pages.owner import owner_problems, profile_links
from ..pages.papers import paper_shown, pdf_uri
from ..pages.posts import Post, post_of
from ..settings import page_url, settings
from .seo import add_metatags, meta_tag

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Characters that could end the script element or open a comment in it, written as JSON escapes.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                             "\u2029": "\\u2029"})


def json_ld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(SCRIPT_SAFE)
    return f'<script type="application/ld+json">{text}</script>'


#: The tag naming where each kind appeared. Zotero's Embedded Metadata translator takes the item type from the
#: last of these it reads, and a conference paper's proceedings title from citation_inbook_title, so the
#: conference tag comes last.
VENUE_TAGS = {
    "journal-article": ("citation_journal_title",),
    "conference-paper": ("citation_inbook_title", "citation_conference_title"),
    "chapter": ("citation_inbook_title",),
    "phd-thesis": ("citation_dissertation_institution",),
    "masters-thesis": ("citation_dissertation_institution",),
    "thesis": ("citation_dissertation_institution",),
    "report": ("citation_technical_report_institution",),
}
#: Kinds no citation_* tag gives a type to: Zotero reads its own item type from ``DC.type`` (where no venue tag
#: sets one), and the text of ``DC.type`` as a thesis' or report's type.
DUBLIN_CORE_TYPED = {"preprint", "book", "edited-book", "software", "dataset", "talk", "patent", "web-page",
                     "manuscript"}


def scholar_author(publication: Publication, position: int) -> str:
    """The name as :meth:`.Publication.inverted_name` writes it; an organisation's with a comma at its end, so
    that Zotero keeps it one name ("CMS Collaboration,"), not a person "C. M. S. Collaboration"."""
    if position in publication.organizations:
        return f"{publication.authors[position]},"
    return publication.inverted_name(position)


def scholar_date(date: str) -> str:
    """Google Scholar's form of a date: 2024, 2024/03 or 2024/03/15."""
    return date.replace("-", "/")


def scholar_tags(publication: Publication, pdf_url: str = "") -> list[str]:
    """Google Scholar's ``citation_*`` tags (https://scholar.google.com/intl/en/scholar/inclusion.html), as
    Zotero's Embedded Metadata translator reads them too (checked with Zotero's translation server):

    - each kind's venue tag (a thesis' institution, a report's…), where Google Scholar documents one; the other
      kinds say what they are in ``DC.type``, which Zotero reads as its item type;
    - a preprint has its server as ``citation_publisher`` and ``arXiv:<id>`` as
      ``citation_technical_report_number``: Zotero saves it as the preprint it saves from arxiv.org
      (repository, archive ID, DOI), so the two merge;
    - pages as first and last page (Zotero's reading of a range in ``citation_firstpage`` keeps only its start);
    - ``citation_pdf_url`` only for a PDF the site itself serves (``pdf_url``): Scholar takes no other host's.
    """
    kind = publication.kind_of
    role = "citation_editor" if publication.edited else "citation_author"
    tags = [meta_tag("citation_title", publication.title)]
    tags += [meta_tag(role, scholar_author(publication, position)) for position in range(len(publication.authors))]
    tags.append(meta_tag("citation_publication_date", scholar_date(publication.date)))
    venue_tags = VENUE_TAGS.get(kind.name, ())
    if publication.venue:
        tags += [meta_tag(name, publication.venue) for name in venue_tags]
        if not venue_tags and venue_role(kind.name) != "event":
            tags.append(meta_tag("citation_publisher", publication.venue))
    if venue_tags and (publisher := publication.detail("publisher")) and publisher != publication.venue:
        tags.append(meta_tag("citation_publisher", publisher))  # a chapter's or proceedings' publisher
    if number := (f"arXiv:{publication.eprint}" if publication.preprint and publication.eprint
                  else publication.number if kind.name in NUMBERED else ""):
        tags.append(meta_tag("citation_technical_report_number", number))
    if publication.eprint:
        tags.append(meta_tag("citation_arxiv_id", publication.eprint))
    for name, value in (("citation_volume", publication.volume),
                        ("citation_issue", publication.number if kind.name == "journal-article" else ""),
                        ("citation_firstpage", publication.pages[0]), ("citation_lastpage", publication.pages[1]),
                        ("citation_isbn", publication.detail("isbn")), ("citation_issn", publication.detail("issn"))):
        if value:
            tags.append(meta_tag(name, value))
    if doi := publication.registered_doi:
        tags.append(meta_tag("citation_doi", doi))
    if publication.abstract:
        tags.append(meta_tag("citation_abstract", publication.abstract))
    if publication.language:
        tags.append(meta_tag("citation_language", publication.language))
    if pdf_url:
        tags.append(meta_tag("citation_pdf_url", pdf_url))
    if kind.name in DUBLIN_CORE_TYPED:
        tags.append(meta_tag("DC.type", kind.zotero))
    elif kind.group in ("thesis", "report") and (told := publication.type_words):
        tags.append(meta_tag("DC.type", told))
    return tags


#: schema.org's type of the work each kind is part of, and (property, type) of each other venue role.
CONTAINER_TYPES = {"chapter": "Book", "journal-article": "Periodical"}
SCHEMA_VENUE = {"publisher": ("publisher", "Organization"), "event": ("recordedAt", "Event"),
                "holder": ("sourceOrganization", "Organization")}


def schema_author(publication: Publication, position: int) -> dict[str, str]:
    organization = position in publication.organizations
    return {"@type": "Organization" if organization else "Person", "name": publication.authors[position]}


def scholarly_article(publication: Publication, page_url: str) -> dict[str, Any]:
    """The work as schema.org describes its kind: a ScholarlyArticle, Thesis, Book, Chapter, Report,
    SoftwareSourceCode, Dataset…"""
    kind = publication.kind_of
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind.schema,
        "headline": publication.title,
        "name": publication.title,
        "editor" if publication.edited else "author": [schema_author(publication, position)
                                                       for position in range(len(publication.authors))],
        "datePublished": publication.date,
    }
    if publication.collaboration:
        article["contributor"] = {"@type": "Organization", "name": publication.collaboration}
    if publication.venue:
        container = ("isPartOf", CONTAINER_TYPES.get(kind.name, "CreativeWorkSeries"))
        name, schema_type = SCHEMA_VENUE.get(venue_role(kind.name), container)
        article[name] = {"@type": schema_type, "name": publication.venue}
    for name, value in (("version", publication.detail("version")), ("bookEdition", publication.detail("edition")),
                        ("inLanguage", publication.language),
                        ("isbn", publication.detail("isbn")), ("abstract", publication.abstract)):
        if value:
            article[name] = value
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


def paper_tags(app: Sphinx, publication: Publication, pagename: str) -> list[str]:
    """What a paper's own page (``pagename``) says of it to Google Scholar, reference managers and search
    engines."""
    pdf, address = pdf_uri(publication, pagename, app.builder, pagename), page_url(app, pagename)
    return [*scholar_tags(publication, urljoin(address, pdf) if pdf and address else pdf),
            json_ld(scholarly_article(publication, address))]


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
        extra += paper_tags(app, publication, pagename)
    if (post := post_of(app.env, pagename)) is not None:
        extra += post_tags(app, post)
    if extra:
        add_metatags(context, extra)


def post_tags(app: Sphinx, post: Post) -> list[str]:
    """A post as an article: when it was published and what it is about, for link previews (OpenGraph) and
    search engines (JSON-LD ``BlogPosting``)."""
    owner = settings(app.config).owner.get("name", "") or app.config.author
    tags = [meta_tag("article:published_time", post.day.isoformat(), attribute="property")]
    tags += [meta_tag("article:tag", tag, attribute="property") for tag in post.tags]
    article: dict[str, Any] = {"@context": "https://schema.org", "@type": "BlogPosting",
                               "headline": formulas_as_text(post.title),
                               "datePublished": post.day.isoformat()}
    if owner:
        tags.append(meta_tag("author", owner))  # what reference managers (Zotero) read as the post's author
        article["author"] = {"@type": "Person", "name": owner}
        if home := page_url(app, app.config.root_doc):
            article["author"]["url"] = home
    if post.tags:
        article["keywords"] = list(post.tags)
    if post.description:
        article["description"] = post.description
    if address := page_url(app, post.docname):
        article["url"] = address
    return [*tags, json_ld(article)]


def setup_metadata(app: Sphinx) -> None:
    app.connect("html-page-context", add_page_metadata)
