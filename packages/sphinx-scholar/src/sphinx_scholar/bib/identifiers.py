"""Identifiers of a paper as exports write them: the arXiv identifier wherever DBLP, Google Scholar, Semantic
Scholar or arXiv put it, DOIs in any of their spellings, and addresses that lead to the same page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from docutils.nodes import make_id

ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
ARXIV_ALONE = re.compile(rf"(?:arxiv:)?({ARXIV_ID})", re.IGNORECASE)
#: Journals that mean "an arXiv preprint": DBLP's CoRR, Semantic Scholar's ArXiv, Google Scholar's
#: "arXiv preprint arXiv:<id>", ADS's "arXiv e-prints".
ARXIV_JOURNAL = re.compile(r"(?:corr|arxiv|arxiv preprint.*|arxiv e-prints)", re.IGNORECASE)
ARXIV_IN_TEXT = re.compile(rf"arxiv[:\s]*({ARXIV_ID})", re.IGNORECASE)
ARXIV_VOLUME = re.compile(rf"abs/({ARXIV_ID})", re.IGNORECASE)
ARXIV_URL = re.compile(rf"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/({ARXIV_ID})(?:\.pdf)?/?$", re.IGNORECASE)
ARXIV_DOI = re.compile(rf"10\.48550/arxiv\.({ARXIV_ID})", re.IGNORECASE)
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
VERSION = re.compile(r"v\d+$")
NEW_STYLE = re.compile(r"(\d{4})\.\d{4,5}(?:v\d+)?")
PLAIN_KEY = re.compile(r"[a-z][a-z0-9]*")


def arxiv_month(identifier: str) -> int:
    """yymm of a new-style arXiv identifier (2407.00611 gives 2407), 0 for an old-style one or none."""
    match = NEW_STYLE.fullmatch(identifier)
    return int(match.group(1)) if match else 0


def arxiv_abs(identifier: str) -> str:
    """The abstract page of an arXiv identifier."""
    return f"https://arxiv.org/abs/{identifier}"


#: What DBLP and others escape in addresses for LaTeX (``paper\_files``, ``\%20``, ``\&``, ``\#``, ``\~``).
LATEX_ESCAPE = re.compile(r"\\([_%&#~$])")
#: A DOI as the DOI Handbook defines it: the directory 10, a registrant code, a slash, a suffix.
DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")


def link_value(value: str) -> str:
    """An address or identifier as the publisher gave it, the LaTeX escapes of an export undone."""
    return LATEX_ESCAPE.sub(r"\1", value.strip())


def normal_doi(value: str) -> str:
    """The bare DOI of ``https://doi.org/10.x/y``, ``http://dx.doi.org/10.x/y``, ``doi:10.x/y`` or ``10.x/y``."""
    return DOI_PREFIX.sub("", link_value(value))


def is_doi(value: str) -> bool:
    return bool(DOI.fullmatch(normal_doi(value)))


def is_arxiv_id(value: str) -> bool:
    """An arXiv identifier as an ``eprint`` field gives it: 2401.00001, hep-th/9901001, arXiv:2401.00001v2."""
    return bool(ARXIV_ALONE.fullmatch(value.strip()))


NOT_WEB_ADDRESS = "is no http(s) address"


def web_address_problem(value: str) -> str:
    """What keeps a value from being an http(s) address a browser opens (:data:`NOT_WEB_ADDRESS`, or what is
    wrong with it), or '' for one that is."""
    address = link_value(value)
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https"):
        return NOT_WEB_ADDRESS
    if any(character.isspace() for character in address):
        return "has a space: write it as %20"
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises for a port that is no number
    except ValueError:
        return "has a port that is no number"
    return "" if host else "names no host: write it as https://host/path"


def is_web_address(value: str) -> bool:
    return not web_address_problem(value)


def is_arxiv_journal(journal: str) -> bool:
    return bool(ARXIV_JOURNAL.fullmatch(" ".join(journal.split()).strip("{}")))


def arxiv_id(fields: Mapping[str, str]) -> str:
    """The arXiv identifier of an entry, or '' when it has none."""
    eprint = fields.get("eprint", "").strip()
    archive = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    if eprint and archive in ("", "arxiv") and (match := ARXIV_ALONE.fullmatch(eprint)):
        return match.group(1)
    journal = fields.get("journal", "")
    in_journal = ARXIV_VOLUME.fullmatch(fields.get("volume", "").strip()) or ARXIV_IN_TEXT.search(journal)
    if in_journal and is_arxiv_journal(journal):
        return in_journal.group(1)
    if match := ARXIV_URL.match(fields.get("url", "").strip()):
        return match.group(1)
    if match := ARXIV_DOI.fullmatch(normal_doi(fields.get("doi", ""))):
        return match.group(1)
    return ""


#: Fields that classic BibTeX styles (plain.bst) print, where an export may already name the arXiv identifier.
PRINTED_BY_PLAIN = ("journal", "volume", "number", "howpublished", "note")


def arxiv_for_plain_bibtex(entry_type: str, fields: Mapping[str, str], identifier: str) -> dict[str, str]:
    """The field that makes classic BibTeX print a preprint's arXiv identifier, which it reads from no
    ``eprint``: ``howpublished`` of a @misc, else ``note``; nothing when a field it prints names the identifier
    already (Google Scholar's journal, DBLP's volume) or that field is taken."""
    if not identifier or any(identifier in fields.get(name, "") for name in PRINTED_BY_PLAIN):
        return {}
    name = "howpublished" if entry_type == "misc" else "note"
    return {} if name in fields else {name: f"arXiv:{identifier}"}


def same_page(first: str, second: str) -> bool:
    """Whether two addresses lead to the same page: http or https, doi.org or dx.doi.org, an arXiv abstract,
    PDF or version of one paper, a trailing slash."""
    return page_key(first) == page_key(second)


def page_key(url: str) -> str:
    if match := ARXIV_URL.match(url.strip()):
        return "arxiv:" + VERSION.sub("", match.group(1)).lower()
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    if host in ("doi.org", "dx.doi.org"):
        doi = parts.path.lstrip("/")
        arxiv = ARXIV_DOI.fullmatch(doi)
        return "arxiv:" + VERSION.sub("", arxiv.group(1)).lower() if arxiv else "doi:" + doi.lower()
    return f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


def anchor_id(key: str) -> str:
    """The id of a key's entry: the key itself for keys of lowercase letters and digits (lovelace2024engine),
    always a valid id (DBLP's DBLP:conf/sc/LiuCZY23 gives dblp-conf-sc-liuczy23, ACM's 10.1145/3581784.3607073
    gives pub-10-1145-3581784-3607073)."""
    if PLAIN_KEY.fullmatch(key):  # most keys: the anchor is the key, no need to normalise it
        return key
    anchor = make_id(key)
    return anchor if anchor and key[:1].isalpha() else make_id(f"pub-{key}")
