"""COinS (ContextObjects in Spans, OpenURL 1.0 KEV): one per entry of a list page, so that a reference manager
saving the page (Zotero's COinS translator) offers every paper on it as an item of its own.

The formats, as Zotero's translation server reads them: a conference paper is a ``book`` of genre
``proceeding`` (its title ``atitle``, the proceedings ``btitle``), a journal article a ``journal`` article, and
anything else (a preprint, a thesis, a book…) Dublin Core with Zotero's item type in ``rft.type``. COinS says
nothing of an arXiv identifier: the paper's own page says it exactly.
"""

from __future__ import annotations

from urllib.parse import urlencode

from .record import Publication

CONTEXT = [("ctx_ver", "Z39.88-2004")]
#: Zotero's item type for each entry type written as Dublin Core.
DUBLIN_CORE_TYPES = {"book": "book", "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
                     "techreport": "report", "incollection": "bookSection", "inbook": "bookSection",
                     "patent": "patent", "software": "computerProgram", "dataset": "dataset"}


def context_object(publication: Publication, address: str = "") -> str:
    """The KEV of ``publication``; ``address`` is the absolute address of its own page, where there is one."""
    pairs = list(CONTEXT)
    pages = [("rft.spage", publication.pages[0]), ("rft.epage", publication.pages[1])]
    if not publication.preprint and publication.entry_type in ("inproceedings", "conference"):
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "proceeding"),
                  ("rft.atitle", publication.title), ("rft.btitle", publication.venue), *pages]
    elif not publication.preprint and publication.entry_type == "article":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"),
                  ("rft.atitle", publication.title), ("rft.jtitle", publication.venue),
                  ("rft.volume", publication.volume), ("rft.issue", publication.number), *pages]
    else:
        kind = "preprint" if publication.preprint else DUBLIN_CORE_TYPES.get(publication.entry_type, "document")
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", kind), ("rft.title", publication.title),
                  ("rft.publisher", publication.venue)]
    pairs += [("rft.au", author) for author in publication.authors]
    pairs.append(("rft.date", str(publication.year)))
    if doi := publication.registered_doi:
        pairs.append(("rft_id", f"info:doi/{doi}"))
    if address:
        pairs.append(("rft_id", address))
    return urlencode([(name, value) for name, value in pairs if value])
