"""Python's cycle collector, paused while a page of entries is made and written, and that page's nodes freed
once it is written.

A long publication list is tens of thousands of docutils nodes, each with its own lists and dicts, alive until
its page is written. Every full collection in that time walks all of them and finds no garbage: measured on
4,000 entries, that was the whole of what nodes cost over the raw HTML this package used to write. So the
collector pauses when a page's entries are made. Once the page is written (when the next page's post-transforms
start), its tree is taken apart, so it is freed at once without a collection (a node and its parent refer to
each other), and the collector resumes.

The collector also pauses while Sphinx loads its saved environment (between ``config-inited`` and
``builder-inited``): millions of objects, each allocation counting towards a collection that walks all those
made before it. With 4,000 entries the load took 0.48 s, and 0.16 s paused. What is alive once it is loaded
(the environment, the modules) is then set aside from collection (``gc.freeze``) until the build ends: an
incremental build allocates little, but enough for a full collection that walked the whole environment for
nothing (0.17 s of a 2 s preview rebuild with 4,000 entries). Nothing read or written later is set aside: a
freeze after the list pages kept their trees to the end of the build (330 MB with 4,000 entries), and every
page read before them, whose resolved nodes hung from the trees Sphinx keeps from reading (35 KB a page).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def take_apart(tree: nodes.Node) -> None:
    """Break every reference between the nodes of ``tree`` (up to a parent and the document, down to the
    children) and, for a document, from its tables: each node is freed as soon as nothing else holds it, and a
    node something still holds holds nothing more."""
    for node in list(tree.findall()):
        node.parent = None
        node._document = None
        if isinstance(node, nodes.Element):
            node.children = []
    if isinstance(tree, nodes.document):
        for table in (tree.ids, tree.nameids, tree.nametypes, tree.refnames, tree.refids, tree.substitution_defs):
            table.clear()


class CollectorPause:
    paused = False
    #: The paused page's tree, once the page is handed to its template.
    written: nodes.document | None = None

    def begin(self) -> None:
        if gc.isenabled():
            gc.disable()
            self.paused = True

    def page_written(self, app: Sphinx, pagename: str, templatename: str, context: dict,
                     doctree: nodes.document | None) -> None:
        if self.paused and doctree is not None:
            self.written = doctree

    def end(self, *event_arguments) -> None:
        if self.written is not None:
            take_apart(self.written)
            self.written = None
        if self.paused:
            gc.enable()
            self.paused = False


PAUSE = CollectorPause()


class LoadedEnvironment(CollectorPause):
    """The collector paused from the end of conf.py's reading to the builder's start, and what is alive then set
    aside until the build ends. An application that fails to start, or is never built, leaves the collector
    paused or what it set aside set aside until the next build in the process ends (the command line ends with
    its build; ``make serve`` builds in a process of its own each time)."""

    frozen = False

    def loading(self, app: Sphinx, config) -> None:
        self.begin()

    def loaded(self, app: Sphinx) -> None:
        if self.paused:
            gc.freeze()
            self.frozen = True
            self.end()

    def build_finished(self, app: Sphinx, exception: Exception | None) -> None:
        if self.frozen:
            gc.unfreeze()  # collectable again: what the build replaced of the environment is freed
            self.frozen = False
        self.end()


ENVIRONMENT = LoadedEnvironment()


class TakeApartWrittenPage(SphinxPostTransform):
    """First of a page's post-transforms: the page of entries written before it is done with."""

    default_priority = 1

    def run(self, **kwargs) -> None:
        if PAUSE.written is not None:
            PAUSE.end()


def setup_collector(app: Sphinx) -> None:
    app.add_post_transform(TakeApartWrittenPage)
    app.connect("html-page-context", PAUSE.page_written, priority=100)
    app.connect("build-finished", PAUSE.end)
    app.connect("config-inited", ENVIRONMENT.loading, priority=1000)
    app.connect("builder-inited", ENVIRONMENT.loaded, priority=1)
    app.connect("build-finished", ENVIRONMENT.build_finished, priority=1000)
