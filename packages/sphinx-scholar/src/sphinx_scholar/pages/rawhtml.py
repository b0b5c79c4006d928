"""Raw HTML in pages: markup passes (``<sup>``, ``<br>``, ``<span lang="fr">``), code does not.

A page is Markdown, and MyST passes HTML written in it to the site as it is, inline, as a block or in a
``{raw} html`` directive alike. What would run in a visitor's browser or pull in another page fails the build,
one line naming file and line: ``<script>``, ``<iframe>``, ``<object>``, ``<embed>`` (and ``<frame>``,
``<base>``, ``<applet>``), an event-handler attribute (``onerror=``), and a ``javascript:``, ``vbscript:`` or
``data:text/html`` address. The HTML is read by an HTML5 parser (tinyhtml5, WeasyPrint's), so no spelling of a
tag or an entity-encoded scheme slips past. ``scholar_allow_raw_html = True`` in conf.py lets everything through,
for a site that embeds a video or a widget on purpose.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import tinyhtml5
from docutils import nodes

from ..errors import report_error
from ..settings import settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FORBIDDEN_ELEMENTS = {"script", "iframe", "object", "embed", "frame", "frameset", "base", "applet"}
#: Attributes that hold an address a browser follows or loads.
ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset"}
#: What a browser ignores in a scheme ("java\tscript:" runs), then the schemes that run code.
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")
CODE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
ALLOW = "set scholar_allow_raw_html = True in conf.py to publish raw HTML as it is"


def raw_html_problems(html: str) -> list[str]:
    """What in a piece of raw HTML would run code or load another page, one phrase each."""
    problems = []
    for element in tinyhtml5.parse(html).iter():
        tag = element.tag.rpartition("}")[2].lower() if isinstance(element.tag, str) else ""
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}>")
        for name, value in element.attrib.items():
            name = name.rpartition("}")[2].lower() if isinstance(name, str) else str(name[1]).lower()
            if name.startswith("on"):
                problems.append(f"an event-handler attribute {name}= on <{tag}>")
            elif name == "srcdoc":
                problems.append(f"a srcdoc= attribute on <{tag}>")
            elif name in ADDRESS_ATTRIBUTES and runs_code(value):
                problems.append(f"a {value.strip()[:40]!r} address in {name}= on <{tag}>")
    return problems


def runs_code(address: str) -> bool:
    return IGNORED_IN_SCHEME.sub("", address).lower().startswith(CODE_SCHEMES)


def check_raw_html(app: Sphinx, doctree: nodes.document) -> None:
    if settings(app.config).allow_raw_html:
        return
    for raw in doctree.findall(nodes.raw):
        if "html" not in raw.get("format", "").split():
            continue
        for problem in dict.fromkeys(raw_html_problems(raw.astext())):
            report_error(app, f"raw HTML with {problem} is not published: write Markdown, or {ALLOW}",
                         location=raw)


def setup_raw_html(app: Sphinx) -> None:
    app.connect("doctree-read", check_raw_html)
