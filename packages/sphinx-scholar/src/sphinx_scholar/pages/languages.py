"""Text in another language says so: the owner's alternate name (in Chinese, say) carries the language
``conf.py`` declares for it once (``scholar_owner["alternate_name_lang"] = "zh"``), wherever a page writes it,
so that screen readers pronounce it and browsers pick its font. Nothing is guessed from the characters."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from docutils import nodes

from ..bib.biblatex import LANGUAGE_TAG
from ..settings import settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class foreign_text(nodes.Inline, nodes.TextElement):
    """Text (and its markup) in the language ``lang``."""


def visit_foreign_text_html(translator: HTML5Translator, node: foreign_text) -> None:
    translator.body.append(f'<span lang="{escape(node["lang"])}">')


def depart_foreign_text_html(translator: HTML5Translator, node: foreign_text) -> None:
    translator.body.append("</span>")


def visit_foreign_text_text(translator, node: foreign_text) -> None:
    """Other builders write the text as it is."""


def depart_foreign_text(translator, node: foreign_text) -> None:
    pass


def in_language(children: list[nodes.Node], lang: str) -> list[nodes.Node]:
    """The nodes as text in ``lang``, or as they are where the language is not known."""
    return [foreign_text("", "", *children, lang=lang)] if lang else children


def heading_in_language(section: nodes.Element, lang: str) -> None:
    """A section's heading (a paper page's title) in ``lang``."""
    heading = section.next_node(nodes.title)
    if lang and heading is not None and not isinstance(heading.next_node(foreign_text), foreign_text):
        heading.children = in_language(list(heading.children), lang)
        for child in heading.children:
            child.parent = heading


def declared_languages(owner: dict) -> dict[str, str]:
    """Text -> its language, as the owner section declares it."""
    text, lang = owner.get("alternate_name"), owner.get("alternate_name_lang")
    if isinstance(text, str) and text.strip() and isinstance(lang, str) and LANGUAGE_TAG.fullmatch(lang):
        return {text.strip(): lang}
    return {}


def mark_languages(app: Sphinx, doctree: nodes.document) -> None:
    for text, lang in declared_languages(settings(app.config).owner).items():
        for node in list(doctree.findall(nodes.Text)):
            if text not in node or isinstance(node.parent, (foreign_text, nodes.literal, nodes.raw)):
                continue
            before, *rest = node.split(text)
            parts: list[nodes.Node] = [nodes.Text(before)] if before else []
            for piece in rest:
                parts.append(foreign_text(text, text, lang=lang))
                if piece:
                    parts.append(nodes.Text(piece))
            node.parent.replace(node, parts)


def setup_languages(app: Sphinx) -> None:
    as_text = (visit_foreign_text_text, depart_foreign_text)
    app.add_node(foreign_text, html=(visit_foreign_text_html, depart_foreign_text_html), text=as_text, latex=as_text,
                 man=as_text, texinfo=as_text)
    app.connect("doctree-read", mark_languages)
