"""A paper cited any way a reader needs: APA and IEEE references formatted by citeproc-py from the CSL styles
of the Citation Style Language project (the two kept in ``csl/``), and RIS written by rispy, from the record's
plain data. Both give text: nothing of an entry reaches a page as markup.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .kinds import NUMBERED, venue_role
from .record import Publication

#: The styles a paper's page offers, by the name it shows: (label, CSL style name).
STYLES = (("APA", "apa"), ("IEEE", "ieee"))
#: Where their CSL files are (csl/README.md says where they come from, and their license).
STYLE_FOLDER = Path(__file__).parent / "csl"
#: The CSL variable of each venue role ("event" is CSL 1.0.1's, which citeproc-py reads); a patent's holder is
#: neither its publisher nor a work it is part of, and CSL has no place for it.
CSL_VENUE = {"publisher": "publisher", "event": "event", "container": "container-title"}
#: IEEE numbers a reference list; one reference alone needs no number.
REFERENCE_NUMBER = re.compile(r"^\[\d+\]\s*")




def csl_name(publication: Publication, position: int) -> dict:
    """An author as CSL-JSON names one: family and given names as BibTeX split them, an organisation whole."""
    if position in publication.organizations:
        return {"literal": publication.authors[position]}
    name = {"family": publication.surnames[position] or publication.authors[position],
            "given": publication.given_names[position], "suffix": publication.suffixes[position]}
    return {part: value for part, value in name.items() if value}


def csl_item(publication: Publication) -> dict:
    kind = publication.kind_of
    names = [csl_name(publication, position) for position in range(len(publication.authors))]
    item: dict = {"id": publication.key, "title": publication.title, "type": kind.csl,
                  "author": names,  # an edited book's editors too: citeproc-py would name them twice
                  "issued": {"date-parts": [[int(part) for part in publication.date.split("-") if part]]}}
    if name := CSL_VENUE.get(venue_role(kind.name)):
        item[name] = publication.venue
    if publication.preprint and publication.eprint:
        item["number"] = f"arXiv:{publication.eprint}"
    for field, value in (("version", publication.detail("version")), ("edition", publication.detail("edition")),
                         ("ISBN", publication.detail("isbn")),
                         # citeproc-py writes a thesis' genre as "(Publication) [genre]": a report's only.
                         ("genre", publication.type_words if kind.group == "report" else ""),
                         ("number", publication.number if kind.name in NUMBERED else ""),
                         ("volume", publication.volume),
                         ("issue", publication.number if kind.name == "journal-article" else ""),
                         ("page", "–".join(part for part in publication.pages if part)),
                         ("DOI", publication.registered_doi)):
        if value:
            item[field] = value
    return {name: value for name, value in item.items() if value}


@cache
def style(name: str):
    from citeproc import CitationStylesStyle

    from .._compat import keep_citeproc_style_lookups

    keep_citeproc_style_lookups()
    return CitationStylesStyle(str(STYLE_FOLDER / f"{name}.csl"), validate=False)


def formatted_reference(publication: Publication, style_name: str) -> str:
    """The paper as ``style_name`` lists it, as plain text."""
    return formatted_item(csl_item(publication), style_name)


def formatted_item(item: dict, style_name: str) -> str:
    """A CSL-JSON item as ``style_name`` lists it, as plain text."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bibliography = CitationStylesBibliography(style(style_name), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return REFERENCE_NUMBER.sub("", str(bibliography.bibliography()[0])).strip()


def ris_text(publication: Publication, address: str = "") -> str:
    """The paper as RIS, for reference managers that import it; ``address`` is its page's, where known."""
    import rispy

    class RisWithoutNumbers(rispy.RisWriter):
        """RIS as reference managers export it: no "1." before the record (rispy numbers a list)."""

        def set_header(self, count: int) -> str:
            return ""

    names = [publication.inverted_name(position) for position in range(len(publication.authors))]
    role = venue_role(publication.kind)
    entry: dict = {"type_of_reference": publication.kind_of.ris, "title": publication.title,
                   "year": str(publication.year), "authors": names}  # an EDBOOK's are its editors
    for field, value in (("secondary_title", publication.venue if role == "container" else ""),
                         ("publisher", publication.venue if role == "publisher" else ""),
                         ("edition", publication.detail("edition")),
                         ("issn", publication.detail("isbn") or publication.detail("issn")),
                         ("number", f"arXiv:{publication.eprint}" if publication.preprint and publication.eprint
                          else publication.number),
                         ("volume", publication.volume), ("start_page", publication.pages[0]),
                         ("end_page", publication.pages[1]), ("doi", publication.registered_doi),
                         ("abstract", publication.abstract), ("urls", [address] if address else [])):
        if value:
            entry[field] = value
    return rispy.dumps([entry], implementation=RisWithoutNumbers).strip()
