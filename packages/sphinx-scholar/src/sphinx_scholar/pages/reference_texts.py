"""The APA and IEEE references a paper's own page offers (bib/citation_formats.py), formatted once.

citeproc-py takes about 2.5 ms a reference: 20 s for 4,000 papers in two styles, the largest part of a clean
build's own work. So:

- each reference is kept between builds in the doctrees, by a digest of what it is made from (the style and
  the paper's CSL data): an edited entry is formatted again, an unchanged one never is;
- when the .bib file changed, or an upgrade left none kept, the references it needs are formatted in a Python
  of their own (two, for many) while Sphinx reads the pages and writes those that show none; a page that
  shows one waits for them.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from ..bib.citation_formats import STYLE_FOLDER, STYLES, csl_item, formatted_item
from ..bib.record import Publication
from ..processes import WorkInPython
from ..steps import meanwhile
from ..store import TextStore, files_digest

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Fewer references than this are formatted where they are needed: a Python of their own takes a tenth of a
#: second to start, some 50 references' time.
AHEAD_FROM = 100
#: From this many on, they are shared between two processes: the build has little else to do meanwhile (the pages
#: that need none are written while they are made), and every paper page waits for them.
SHARED_FROM = 1000
STORE_NAME = "references-{}.pickle"


@cache
def made_with() -> str:
    """What makes a reference besides its data: citeproc-py, the styles and the code that calls them (with the
    engine's shims of citeproc-py's internals)."""
    from importlib.metadata import version

    from .. import _compat
    from ..bib import citation_formats

    code = files_digest(Path(citation_formats.__file__), Path(_compat.__file__), *sorted(STYLE_FOLDER.glob("*.csl")))
    return f"citeproc-py {version('citeproc-py')} {code}"


def item_text(publication: Publication) -> str:
    """The paper's CSL-JSON data, as text."""
    return json.dumps(csl_item(publication), sort_keys=True, ensure_ascii=False)


def reference_key(item: str, style: str) -> str:
    """What a reference is kept by: the style and the paper's data (:func:`item_text`)."""
    return hashlib.blake2b(f"{style}\0{item}".encode(), digest_size=16).hexdigest()


def formatted_all(wanted: list[tuple[str, str, str]]) -> dict[str, str]:
    """(key, item_text, style) -> key: the reference, in a Python of its own (:class:`..processes.WorkInPython`)."""
    return {key: formatted_item(json.loads(item), style) for key, item, style in wanted}


class ReferenceTexts:
    """A build's references: those kept from earlier builds, those formatted ahead, and any other on demand."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._known: dict[str, str] | None = None
        self.made = 0  # formatted in this process since the store was read
        self.ahead: list[WorkInPython[dict[str, str]]] = []

    @property
    def store(self) -> TextStore:
        # Named after what made its texts: whether this build's are kept is one look at the folder.
        stamp = made_with()
        return TextStore(self.folder / STORE_NAME.format(hashlib.sha256(stamp.encode()).hexdigest()[:16]), stamp)

    def kept(self) -> bool:
        return self.store.path.is_file()

    @property
    def known(self) -> dict[str, str]:
        if self._known is None:
            self._known = self.store.load()
        return self._known

    def format_ahead(self, publications: list[Publication]) -> None:
        """Format beside the build the references of ``publications`` that are not kept yet."""
        wanted = {}
        for publication in publications:
            item = item_text(publication)
            for _, style in STYLES:
                if (key := reference_key(item, style)) not in self.known:
                    wanted[key] = (key, item, style)
        work = list(wanted.values())
        if len(work) >= AHEAD_FROM:
            shares = 2 if len(work) >= SHARED_FROM else 1
            # Shared by paper, each paper's references in one process: an APA reference takes twice an IEEE
            # one's time, and every other reference of the list is one style (one process had all the APA).
            papers = [list(references) for _, references in groupby(work, key=itemgetter(1))]
            self.ahead = [WorkInPython(f"{__name__}:formatted_all", [reference for paper in papers[share::shares]
                                                                     for reference in paper], lost={})
                          for share in range(shares)]

    def wait_for_ahead(self) -> None:
        if not self.ahead:
            return
        with meanwhile("formatting the papers' APA and IEEE references"):
            for beside in self.ahead:
                formatted = beside.result()
                self.known.update(formatted)
                self.made += len(formatted)
        self.ahead = []

    def of(self, publication: Publication) -> list[tuple[str, str]]:
        """(label, reference) in each style a paper's page offers."""
        self.wait_for_ahead()
        references = []
        item = item_text(publication)
        for label, style in STYLES:
            key = reference_key(item, style)
            if (text := self.known.get(key)) is None:
                text = self.known[key] = formatted_item(json.loads(item), style)
                self.made += 1
            references.append((label, text))
        return references

    def stop_ahead(self) -> None:
        for beside in self.ahead:
            beside.cancel()
        self.ahead = []

    def keep(self, publications: list[Publication]) -> None:
        """Store what this build formatted; once the store holds more than twice what the .bib file needs (its
        entries were edited), only what it needs."""
        if len(self.known) > 2 * len(STYLES) * len(publications):
            needed = {reference_key(item_text(publication), style) for publication in publications
                      for _, style in STYLES}
            self._known = {key: text for key, text in self.known.items() if key in needed}
        store = self.store
        for older in self.folder.glob(STORE_NAME.format("*")):
            if older != store.path:  # made by another citeproc-py or engine
                older.unlink(missing_ok=True)
        store.save(self.known)
        self.made = 0


def format_ahead(app: Sphinx) -> None:
    """A .bib file that changed, or references made by another citeproc-py or engine (an upgrade writes every
    paper page again): the references to make are made while the pages are read."""
    domain = app.env.domains["pub"]
    if not domain.bib_invalid and (domain.bib_changed or not domain.reference_texts.kept()):
        domain.reference_texts.format_ahead(domain.catalog.publications)


def wait_for_ahead(app: Sphinx, env) -> None:
    """Before any page is written when pages are written in processes of their own (``-j``), which would each
    miss what this process is told; otherwise a page waits for them only when it shows one."""
    if app.parallel > 1 and app.is_parallel_allowed("write"):
        env.domains["pub"].reference_texts.wait_for_ahead()


def keep_references(app: Sphinx, exception: Exception | None) -> None:
    domain = app.env.domains["pub"]
    texts = domain.reference_texts
    texts.stop_ahead()  # a build that failed before it wrote a page
    if exception is None and not domain.bib_invalid and texts.made:
        texts.keep(domain.catalog.publications)


def setup_reference_texts(app: Sphinx) -> None:
    app.connect("builder-inited", format_ahead, priority=110)  # once the domain has the catalog (100)
    app.connect("env-updated", wait_for_ahead)
    app.connect("build-finished", keep_references)
