"""Every use of another package's internals, in one place, each pinned by a test in tests/test_compat.py.

Where a public API exists it is used instead; what is here has none (the 404 page's links are pinned by
tests/test_readthedocs.py):

- sphinxcontrib-bibtex parses the .bib file again unless it is handed this build's parse in its cache format;
- its ``cite`` domain resolves a citation only through its own bibliographies, kept in internal tables;
- Sphinx gives templates its scripts as ``_JavaScript`` objects, with no public way to defer or inline one;
- a post-transform has no public way to the builder (``SphinxTransform.app`` is deprecated in Sphinx 9,
  whose own post-transforms read ``env._app.builder``);
- sphinx-notfound-page's helper that makes a page's links absolute;
- pydata-sphinx-theme's files in the output, and the shape of its FontAwesome icon rules (:mod:`.iconfont`);
- pydata-sphinx-theme writes its light-and-dark pygments.css only when the build finishes;
- whether conf.py set a value or left it at its default (the engine's defaults give way to the site's);
- Sphinx and MyST each make docutils' settings for every page they read by building docutils' option parser
  afresh (with MyST's thrown away unused): 2 ms a page, 8 s of 4,000 paper pages; the same settings are made
  from the parser kept for the same components;
- citeproc-py looks up its style's elements by XPath on every reference it draws (most of the APA and IEEE
  references of 4,000 paper pages): the style never changes, so each lookup is kept;
- sphinx-autobuild's server and watcher, which its command line puts together with a build step of its own
  (a new Python per rebuild): ``make serve`` puts them together with a forked build;
- whether the search index's language splits words by a pattern (so that texts may be joined) or by context;
- Sphinx prunes its search index to its own documents when it loads the last one and when it writes the new
  one, with no public way for pages written outside them (the paper pages) to keep their words;
- Sphinx's highlighter makes a Pygments lexer and formatter for each code block, with no public way to keep
  them;
- pydyf lists a PDF's page references anew each time WeasyPrint asks for one (once per tagged element of a
  PDF/UA file: a quarter of writing a long CV's PDF): the list is kept while the pages do not change;
- the HTML builder sets what its translator reads of the page being written (its folder, its section numbers)
  in ``write_doc``, with no public way to set it for HTML written outside it: a paper page, a list's entry;
- Sphinx's command line prints an exception that stops a build as a forty-line report, with no public way to
  have the exception itself: ``make serve`` shows it in one line (pinned, with the server's parts, by
  tests/test_serve_problems.py).
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

# The packages each shim reaches into are imported where the shim runs: the command-line tools that read
# conf.py (``make project``, ``make lint``) then start without Sphinx's builders, which a build has loaded anyway.
if TYPE_CHECKING:
    from docutils import nodes
    from pybtex.database import BibliographyData
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html._assets import _JavaScript
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain


def share_parse_with_sphinxcontrib_bibtex(app: Sphinx, bib_path: Path, data: BibliographyData) -> bool:
    """Hand sphinxcontrib-bibtex this build's parse as its up-to-date cache, so it does not parse the file again.

    Returns whether it was handed over (it is not when sphinxcontrib-bibtex reads other files too).
    """
    from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

    bibfiles = [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles or ()]
    if bibfiles != [bib_path.resolve()] or "cite" not in app.env.domains:
        return False
    app.env.domains["cite"].data["bibdata"] = BibData(
        encoding=app.config.bibtex_encoding,
        bibfiles={bibfiles[0]: BibFile(mtime=get_mtime(bibfiles[0]), keys=dict.fromkeys(data.entries))},
        data=data,
    )
    return True


def sphinxcontrib_bibtex_has_parsed(app: Sphinx, bib_path: Path) -> bool:
    """Whether sphinxcontrib-bibtex's cache holds a parse of the file as it is now (it would parse it itself,
    with BibTeX's macros only, where it does not)."""
    from sphinxcontrib.bibtex.bibfile import get_mtime

    bibdata = app.env.domains["cite"].data.get("bibdata") if "cite" in app.env.domains else None
    cached = bibdata.bibfiles.get(bib_path.resolve()) if bibdata is not None else None
    return cached is not None and cached.mtime == get_mtime(bib_path.resolve())


def citation_keys(target: str) -> list[str]:
    """The keys of a ``{cite}`` role's target (``key1,key2``, with optional pre- and post-text)."""
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets

    return [citation_target.key for citation_target in parse_citation_targets(target)]


def keys_in_bibliographies(domain: BibtexDomain) -> set[str]:
    """Keys that a ``{bibliography}`` directive lists, which sphinxcontrib-bibtex resolves itself."""
    return {citation.key for citation in domain.citations
            if domain.bibliographies[citation.bibliography_key].list_ == "citation"}


def inline_script(body: str) -> _JavaScript:
    from sphinx.builders.html._assets import _JavaScript

    return _JavaScript(None, body=body)


def deferred_scripts(scripts: Iterable[_JavaScript], inlined: dict[str, str]) -> list[_JavaScript]:
    """The page's scripts with ``defer`` (order kept), and those named in ``inlined`` written into the page."""
    from sphinx.builders.html._assets import _JavaScript

    result = []
    for script in scripts:
        name = script.filename.split("?")[0] if script.filename else ""
        if name in inlined:
            script = inline_script(inlined[name])
        elif script.filename and "async" not in script.attributes:
            script = _JavaScript(script.filename, priority=script.priority, **{**script.attributes, "defer": "defer"})
        result.append(script)
    return result


def absolute_links(app: Sphinx, doctree: nodes.document) -> None:
    """Links of a page served at any depth (the 404 page), made absolute as sphinx-notfound-page does."""
    from docutils import nodes
    from notfound.utils import replace_uris

    replace_uris(app, doctree, nodes.reference, "refuri")


def app_of(env):
    """The application of ``env`` (``env.app`` is deprecated in Sphinx 9), for a directive that fails the build."""
    return env._app


def builder_of(env: BuildEnvironment) -> Builder:
    """The builder writing the page a post-transform works on."""
    return env._app.builder


#: What the HTML builder's ``write_doc`` sets for the page it writes, and its translator reads.
PAGE_STATE = ("secnumbers", "fignumbers", "imgpath", "dlpath", "current_docname")


@contextmanager
def page_written(builder, docname: str) -> Iterator[None]:
    """The builder's state while it writes ``docname``, as ``write_doc`` sets it, and as it was afterwards: a
    list's entries are written while Sphinx resolves a page, which another extension may ask for at any time."""
    from sphinx.util.osutil import relative_uri

    before = {name: getattr(builder, name) for name in PAGE_STATE if hasattr(builder, name)}
    builder.secnumbers = builder.env.toc_secnumbers.get(docname, {})
    builder.fignumbers = builder.env.toc_fignumbers.get(docname, {})
    builder.imgpath = relative_uri(builder.get_target_uri(docname), "_images")
    builder.dlpath = relative_uri(builder.get_target_uri(docname), "_downloads")
    builder.current_docname = docname
    try:
        yield
    finally:
        for name, value in before.items():
            setattr(builder, name, value)


def words_found_apart(indexer) -> bool:
    """Whether the search index's language finds words with a pattern that never takes in a space (Sphinx's
    default splitter, which most languages keep): texts joined by spaces then give the words each gives on its
    own. Japanese and Chinese read words by their context."""
    from sphinx.search import SearchLanguage

    language = indexer.lang
    return type(language).split is SearchLanguage.split and not language._word_re.search(" ")


def keep_in_search_index(builder, pages: set[str]) -> None:
    """Each prune of the search index (``IndexBuilder.prune``, as the HTML builder's ``load_indexer`` and
    ``dump_search_index`` call it) keeps what ``pages`` fed it, as the set holds them at that moment."""
    load_indexer = builder.load_indexer

    def load_keeping(docnames) -> None:
        prune = builder.indexer.prune
        builder.indexer.prune = lambda kept: prune({*kept, *pages})
        load_indexer(docnames)

    builder.load_indexer = load_keeping


def missing_from_search_index(builder, pages: set[str]) -> set[str]:
    """Those of ``pages`` the search index holds nothing of (it was not loaded, or they were never fed)."""
    indexer = getattr(builder, "indexer", None)
    return set() if indexer is None else {page for page in pages if page not in indexer._titles}


#: What ``IndexBuilder.feed`` writes, document by document: titles, files, section titles and index entries by
#: document, and the documents of each word of a text and of a title.
SEARCH_STORES_BY_DOCUMENT = ("_titles", "_filenames", "_all_titles", "_index_entries")
SEARCH_STORES_BY_WORD = ("_mapping", "_title_mapping")
SEARCH_STORES = (*SEARCH_STORES_BY_DOCUMENT, *SEARCH_STORES_BY_WORD)


def search_words_fed_apart(indexer, feed: Callable[[], None]) -> dict[str, dict]:
    """In a process forked from the build: what ``feed`` gives the search index, alone (the index's stores are
    emptied first, in this process's copy), for :func:`add_search_words` in the build's. What one document
    gives depends on nothing else of the index."""
    for name in SEARCH_STORES:
        setattr(indexer, name, {})
    feed()
    return {name: getattr(indexer, name) for name in SEARCH_STORES}


def add_search_words(indexer, stores: dict[str, dict]) -> None:
    """Into the search index, what :func:`search_words_fed_apart` found, as if it had been fed here."""
    for name in SEARCH_STORES_BY_DOCUMENT:
        getattr(indexer, name).update(stores[name])
    for name in SEARCH_STORES_BY_WORD:
        documents_of = getattr(indexer, name)
        for word, documents in stores[name].items():
            documents_of.setdefault(word, set()).update(documents)


def keep_highlighters(builder) -> None:
    """Sphinx's highlighter makes a new Pygments lexer and formatter for every code block: a lexer found by name
    among all of Pygments' (about 0.3 ms), a formatter that builds its style's whole stylesheet first (about
    0.5 ms); a paper page has four blocks. Neither keeps any state from one block to the next: the same language
    and options get the same lexer, the same options the same formatter. A lexer found for another name than
    asked for (an unknown language, which Sphinx reports at each block) is never kept."""
    highlighter = getattr(builder, "highlighter", None)
    if highlighter is None:
        return
    make_formatter, make_lexer = highlighter.get_formatter, highlighter.get_lexer
    formatters, lexers = {}, {}

    def get_formatter(**options):
        key = tuple(sorted(options.items()))
        try:
            formatter = formatters.get(key)
        except TypeError:  # an option's value is a list (hl_lines)
            return make_formatter(**options)
        if formatter is None:
            formatter = formatters[key] = make_formatter(**options)
        return formatter

    def get_lexer(source, lang, opts=None, force=False, location=None):
        key = (lang, force, tuple(sorted((opts or {}).items())))
        try:
            lexer = lexers.get(key)
        except TypeError:
            lexer = None
        if lexer is None:
            lexer = make_lexer(source, lang, opts, force, location)
            if lang.lower() in lexer.aliases and lang not in SOURCE_DEPENDENT_LANGUAGES:
                lexers[key] = lexer
        return lexer

    highlighter.get_formatter, highlighter.get_lexer = get_formatter, get_lexer


#: Languages whose lexer Sphinx chooses by the code itself.
SOURCE_DEPENDENT_LANGUAGES = {"py", "python", "py3", "python3", "default", "guess", "pycon", "pycon3"}


#: pydata-sphinx-theme's stylesheet and script, and FontAwesome's fonts, as the theme writes them to the output.
THEME_STYLESHEET = "_static/styles/pydata-sphinx-theme.css"
THEME_SCRIPT = "_static/scripts/pydata-sphinx-theme.js"
FONTAWESOME_FONTS = "_static/vendor/fontawesome/webfonts"
#: One icon class and its aliases in the theme's stylesheet: ``.fa-magnifying-glass,.fa-search{--fa:"\f002"}``.
FONTAWESOME_ICON_RULE = re.compile(r'((?:\.fa-[\w-]+,)*\.fa-[\w-]+)\{--fa:"\\([0-9a-f]+)"\}')


def write_theme_pygments_stylesheet(app: Sphinx) -> None:
    """pygments.css as pydata-sphinx-theme writes it when the build finishes (its light and dark styles), now:
    pages that carry it inline need it before then."""
    from pydata_sphinx_theme.pygments import overwrite_pygments_css

    overwrite_pygments_css(app)


def set_in_conf(config: Config, name: str) -> bool:
    """Whether conf.py (or ``-D``) set ``name``: Sphinx keeps no public record of a value left at its default."""
    return name in config._raw_config or name in config._overrides


def conf_value(config: Config, name: str):
    """What conf.py (or ``-D``) set ``name`` to, declared or not; None where it did not set it."""
    return config._overrides.get(name, config._raw_config.get(name))


#: How long the watcher waits for a save to settle before it rebuilds (sphinx-autobuild's: 50 ms): an editor's
#: write and rename come within a millisecond or two.
WATCH_STEP_MS = 10


def autobuild_app(srcdir: Path, outdir: Path, build, host: str, port: int, ignored: list[Path]):
    """sphinx-autobuild's watcher, static server and browser reload (as its ``_create_app`` puts them together),
    with ``build`` called for each change in a process forked for it (sphinx-autobuild makes a pool of as many
    processes as the machine has cores for each change, and waits for it to shut down): an ASGI app."""
    import asyncio
    import os

    import watchfiles
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    class ForkingRebuildServer(RebuildServer):
        async def watch(self) -> None:
            async for changes in watchfiles.awatch(*self.paths, watch_filter=lambda _, path: not self.ignore(path),
                                                   step=WATCH_STEP_MS):
                changed_paths = [Path(path).resolve() for _, path in changes]
                child = os.fork()  # from the event loop's thread, as a process pool forks its workers
                if child == 0:
                    try:
                        self.change_callback(changed_paths=changed_paths)
                    finally:
                        os._exit(0)  # never the server's own clean-up: it is the server's
                await asyncio.to_thread(os.waitpid, child, 0)
                self.flag.set()

    hidden = [srcdir / name for name in (".git", ".venv", "venv", ".ruff_cache", ".pytest_cache")]
    watcher = ForkingRebuildServer([srcdir], IgnoreFilter([*map(str, hidden + ignored)], []), build)
    return Starlette(routes=[WebSocketRoute("/websocket-reload", watcher, name="reload"),
                             Mount("/", app=StaticFiles(directory=outdir, html=True), name="static")],
                     middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=f"{host}:{port}")],
                     lifespan=watcher.lifespan)


def autobuild_server(srcdir: Path, outdir: Path, build, host: str, port: int, ignored: list[Path],
                     serve_through: Callable = lambda app: app) -> int:
    """:func:`autobuild_app`, served (through ``serve_through``, a wrapper of the app) until stopped."""
    import uvicorn

    outdir.mkdir(parents=True, exist_ok=True)  # as sphinx-autobuild's command does: a failed first build made none
    app = serve_through(autobuild_app(srcdir, outdir, build, host, port, ignored))
    with suppress(KeyboardInterrupt):
        uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


@contextmanager
def sphinx_build_exceptions(record: Callable[[BaseException], None]) -> Iterator[None]:
    """Within: an exception that stops ``sphinx.cmd.build.build_main`` is handed to ``record`` in place of Sphinx's
    report of it (``sphinx._cli.util.errors.handle_exception``); build_main still returns 2."""
    from sphinx._cli.util import errors

    handle = errors.handle_exception
    errors.handle_exception = lambda exception, /, **options: record(exception)
    try:
        yield
    finally:
        errors.handle_exception = handle


def component_types(components: tuple) -> tuple:
    return tuple(component if isinstance(component, type) or component is None else type(component)
                 for component in components)


def new_option_parser(types: tuple):
    """docutils' option parser for components of these types, with nothing but their own defaults."""
    import warnings

    from docutils.frontend import OptionParser

    with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
        return OptionParser(components=types)


#: The parser kept per component types, whose defaults every page's settings start from.
option_parser = cache(new_option_parser)


@cache
def config_file_settings(types: tuple, files: tuple) -> tuple[dict, list[str]]:
    """What the standard docutils.conf files ``files`` (path, time and size) set, read as ``types`` read them
    (by a parser of its own: reading them adds to the parser's list of files read)."""
    import warnings

    parser = new_option_parser(types)
    with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
        try:
            settings = parser.get_standard_config_settings()
        except ValueError as error:  # as docutils' own parser says it: one line, and exit status 2
            parser.error(str(error))
    return dict(settings.__dict__), list(parser.config_files)


def standard_config_files(parser) -> tuple:
    def state(path: str) -> tuple:
        path = os.path.abspath(path)  # ./docutils.conf is the working folder's
        try:
            status = os.stat(path)
        except OSError:
            return (path,)
        return path, status.st_mtime_ns, status.st_size

    return tuple(state(path) for path in parser.get_standard_config_files())


def docutils_settings(*components, defaults=None, read_config_files: bool = False):
    """The settings ``OptionParser(components, defaults, read_config_files).get_default_values()`` gives, from a
    parser kept for the components' types."""
    import warnings

    from docutils.frontend import Values

    types = component_types(components)
    parser = option_parser(types)
    values = {**parser.defaults, **(defaults or {})}
    config_files: list[str] = []
    if read_config_files and not values["_disable_config"]:
        from_files, config_files = config_file_settings(types, standard_config_files(parser))
        values.update(copy.deepcopy(from_files))  # a list of them, say, is each page's own, as it was
    with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
        settings = Values(values)
    settings._config_files = list(config_files)
    return settings


def make_docutils_settings_once() -> None:
    """Sphinx's and MyST's settings for each page read, from docutils' option parser kept per components."""
    import myst_parser.mdit_to_docutils.base as myst_renderer
    import sphinx.util.docutils as sphinx_docutils

    if getattr(sphinx_docutils._get_settings, "kept", False):
        return

    def sphinx_settings(*components, defaults, read_config_files=False):
        return docutils_settings(*components, defaults=defaults, read_config_files=read_config_files)

    def myst_settings(*components):
        return docutils_settings(*components)

    for shim in (sphinx_settings, myst_settings):
        shim.kept = True
    sphinx_docutils._get_settings = sphinx_settings
    myst_renderer.get_default_settings = myst_settings


def keep_citeproc_style_lookups() -> None:
    """citeproc-py's style elements answer each XPath lookup (``CitationStylesElement.xpath_search``), each
    question of whether they call a variable (``calls_variable``, asked of a group's every descendant for every
    reference) and each of their root (``get_root``) once: a style's tree never changes while it is loaded. The
    lookups were 40% of drawing a reference, the questions a fifth of what was left. A citation's item finds its
    reference once (``CitationItem.reference``, asked about 190 times a reference through two properties and
    two dictionaries that raise on a miss: a quarter of what was left)."""
    from functools import cached_property

    from citeproc import model, source

    if getattr(model.CitationStylesElement.xpath_search, "kept", False):
        return
    model.CitationStylesElement.xpath_search = kept_answers(model.CitationStylesElement.xpath_search)
    model.CitationStylesElement.get_root = kept_answers(model.CitationStylesElement.get_root)
    reference = cached_property(source.CitationItem.reference.fget)
    reference.__set_name__(source.CitationItem, "reference")
    source.CitationItem.reference = reference
    for cls in vars(model).values():
        if isinstance(cls, type) and "calls_variable" in vars(cls):
            cls.calls_variable = kept_answers(cls.calls_variable)


def kept_answers(method):
    """``method`` of a style element, answering each question once; the answers keep the elements (their lxml
    proxies) alive, so an element is never mistaken for another."""
    answers: dict = {}

    def kept(element, *arguments):
        key = (element, *arguments)
        if key not in answers:
            answers[key] = method(element, *arguments)
        return answers[key]

    kept.kept = True
    return kept


def keep_plugin_lookups() -> None:
    """pybtex and sphinxcontrib-bibtex look their plugins up among the installed packages' entry points on every
    use (``importlib.metadata.entry_points`` reads every package's metadata: a tenth of a second of each rebuild
    of ``make serve``). What is installed does not change while a process runs: each lookup is answered once."""
    import functools
    import importlib.metadata

    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    if getattr(pybtex.plugin.entry_points, "kept", False):
        return

    @functools.cache
    def kept_entry_points(**selection):
        return tuple(importlib.metadata.entry_points(**selection))

    kept_entry_points.kept = True
    pybtex.plugin.entry_points = kept_entry_points
    sphinxcontrib.bibtex.plugin._entry_points = lambda group, name: kept_entry_points(group=group, name=name)


def keep_pdf_page_references() -> None:
    """pydyf's ``PDF.page_references`` formats a reference to every page each time it is read, and WeasyPrint
    reads it for every tagged element and link it writes: quadratic in a long CV. The references are kept
    while the number of pages is the one they were made for (pages are only ever added)."""
    import pydyf

    if getattr(pydyf.PDF.page_references.fget, "kept", False):
        return
    references_of = pydyf.PDF.page_references.fget

    def kept_page_references(pdf) -> tuple:
        count = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_scholar_page_references")
        if kept is None or kept[0] != count:
            kept = pdf.__dict__["_scholar_page_references"] = (count, references_of(pdf))
        return kept[1]

    kept_page_references.kept = True
    pydyf.PDF.page_references = property(kept_page_references)
