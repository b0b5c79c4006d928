"""The ``{profile}`` directive: the home page's introduction of its owner.

Its content (position, a short bio) is written on the page; the owner section of conf.py gives the rest: an
optional photo, and a row of links, each with its icon, for every way to reach the owner it sets, then the CV
and its PDF. Nothing is made for what the owner section leaves out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..icons import icon_svg
from ..settings import pdf_left_out, pdf_uri, settings
from .owner import owner_problems, photo_problem, profile_links
from .publications import page_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def icon(label: str) -> nodes.raw:
    return nodes.raw("", icon_svg(label), format="html")


class ProfileDirective(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        owner = settings(self.config).owner
        profile = nodes.container(classes=["profile"])
        if owner.get("photo") and not owner_problems(owner) and not photo_problem(owner, self.env.srcdir):
            self.env.note_dependency(owner["photo"])
            profile += nodes.image(uri="/" + owner["photo"], alt=f"Photo of {owner['name']}",
                                   classes=["profile-photo", "dark-light"])  # the theme: no white backing in dark mode
        body = nodes.container(classes=["profile-body"])
        body += self.parse_content_to_nodes()
        if (links := self.links(owner)).children:
            body += links
        profile += body
        return [profile]

    def links(self, owner: dict) -> nodes.bullet_list:
        row = nodes.bullet_list(classes=["profile-links"])
        for link in profile_links(owner):
            title = link.label if link.short_text != link.label else ""
            row += link_item(link.label, link.short_text, refuri=link.url, reftitle=title)
        cv_page = settings(self.config).cv_page
        if cv_page and cv_page in self.env.found_docs:
            row += link_item("CV", "CV", refuri=page_uri(self.env, self.env.docname, cv_page), internal=True)
            if not pdf_left_out(self.config):
                row += link_item("PDF", "CV (PDF)", refuri=pdf_uri(self.env.docname), classes=["cv-pdf-link"])
        return row


def link_item(icon_label: str, text: str, **attributes) -> nodes.list_item:
    """A link with its icon; the text in its own element, so the icon and it are the link's two parts. Where the
    text does not say what the link is ("@ada", an address), a screen reader hears that first ("X: @ada")."""
    says_it = re.search(rf"\b{re.escape(icon_label)}\b", text, re.IGNORECASE)
    named = [] if says_it else [nodes.inline(f"{icon_label}: ", f"{icon_label}: ", classes=["visually-hidden"])]
    reference = nodes.reference("", "", icon(icon_label), *named, nodes.inline(text, text), **attributes)
    return nodes.list_item("", nodes.paragraph("", "", reference))


def setup_profile(app: Sphinx) -> None:
    app.add_directive("profile", ProfileDirective)
