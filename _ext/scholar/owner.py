"""The site owner, from ``scholar_owner`` in conf.py: checked once, and turned into the ways to reach them
(the ``{owner-contacts}`` list, the header's icon links, JSON-LD), every address built and quoted here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from .bibfile import is_web_address
from .errors import report_error
from .settings import conf_line, settings

EMAIL = re.compile(r"[^@\s\"'<>()\[\],;:\\]+@[^@\s\"'<>()\[\],;:\\]+\.[^@\s\"'<>()\[\],;:\\]+")
X_HANDLE = re.compile(r"\w{1,15}", re.ASCII)
#: Icons of the header's links; a local image for X: the brands icon font would cost 110 KB for one glyph.
ICONS = {"Email": ("fa-solid fa-envelope", "fontawesome"), "X": ("_static/x-logo.svg", "local")}
DEFAULT_ICON = ("fa-solid fa-link", "fontawesome")
#: What an address keeps as it is when written into an attribute; quotes, <, > and spaces are %-encoded.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


@dataclass(frozen=True)
class ProfileLink:
    label: str
    url: str
    text: str  # what a list of contacts shows


def profile_links(owner: dict) -> list[ProfileLink]:
    """Each way to reach the owner that the owner section gives, email first (none from a section with
    problems: those are reported)."""
    if owner_problems(owner):
        return []
    links = []
    if owner.get("email"):
        links.append(ProfileLink("Email", f"mailto:{quote(owner['email'], safe='@+')}", owner["email"]))
    if owner.get("homepage"):
        links.append(ProfileLink("Homepage", owner["homepage"], owner["homepage"]))
    if owner.get("x_handle"):
        handle = owner["x_handle"]
        links.append(ProfileLink("X", f"https://x.com/{quote(handle)}", f"@{handle}"))
    for label, url in owner.get("profiles", {}).items():
        links.append(ProfileLink(label, url, url))
    return links


TEXT_KEYS = ("name", "alternate_name", "job_title", "affiliation", "department", "email", "homepage", "x_handle")


def owner_problems(owner: dict) -> list[tuple[str, str]]:
    """(key, what is wrong) for each value of the owner section that cannot be used as it stands."""
    if not isinstance(owner, dict):
        return [("owner", "the owner section must be a dict: owner = {\"name\": ...}")]
    problems = [(key, f"{key} must be text, not {owner[key]!r}") for key in TEXT_KEYS
                if key in owner and not isinstance(owner[key], str)]
    profiles = owner.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(label, str) and isinstance(url, str)
                                                 for label, url in profiles.items()):
        problems.append(("profiles", 'profiles must map names to addresses: {"GitHub": "https://github.com/you"}'))
    if problems:
        return problems
    if owner and not owner.get("name"):
        problems.append(("name", "the owner section needs a name"))
    if owner.get("email") and not EMAIL.fullmatch(owner["email"]):
        problems.append(("email", f"email {owner['email']!r} is not an email address"))
    if owner.get("x_handle") and not X_HANDLE.fullmatch(owner["x_handle"]):
        problems.append(("x_handle", f"x_handle {owner['x_handle']!r} is not an X handle (letters, digits, _)"))
    urls = {"homepage": owner.get("homepage", ""), **{f"profiles {label!r}": url
                                                      for label, url in owner.get("profiles", {}).items()}}
    for key, url in urls.items():
        if url and not is_web_address(url):
            problems.append((key.split()[0], f"{key} must be an http(s) address, not {url!r}"))
    return problems


def check_owner(app: Sphinx, config: Config) -> None:
    owner = settings(config).owner
    for key, message in owner_problems(owner):
        where = ("owner", False) if key == "owner" else (f'"{key}":', True)
        location = "{}:{}".format(*conf_line(app.confdir, where[0], indented=where[1]))
        report_error(app, message, location=location, subtype="owner")


def add_icon_links(app: Sphinx, config: Config) -> None:
    """The header's icons: one per way to reach the owner, unless conf.py lists its own."""
    options = config.html_theme_options
    if config.html_theme != "pydata_sphinx_theme" or "icon_links" in options:
        return
    owner = settings(config).owner
    if owner_problems(owner):
        return  # reported, one line each
    links = [link for link in profile_links(owner) if link.label != "Homepage"]
    if links:  # the theme writes name and url into HTML as they are
        options["icon_links"] = [{"name": escape(link.label), "url": quote(link.url, safe=URL_SAFE),
                                  "icon": ICONS.get(link.label, DEFAULT_ICON)[0],
                                  "type": ICONS.get(link.label, DEFAULT_ICON)[1]} for link in links]


class OwnerContactsDirective(SphinxDirective):
    """The owner's email and profiles as a list, or (``:inline:``) as one line, as a CV's head gives them."""

    option_spec = {"inline": directives.flag}

    def run(self) -> list[nodes.Node]:
        if "inline" in self.options:
            line = nodes.paragraph(classes=["owner-contacts-inline"])
            for index, link in enumerate(profile_links(settings(self.config).owner)):
                line += nodes.Text(" · " if index else "")
                line += nodes.reference(link.text, link.text, refuri=link.url)
            return [line]
        items = nodes.bullet_list(classes=["owner-contacts"])
        for link in profile_links(settings(self.config).owner):
            paragraph = nodes.paragraph("", f"{link.label}: ")
            paragraph += nodes.reference(link.text, link.text, refuri=link.url)
            items += nodes.list_item("", paragraph)
        return [items]


def setup_owner(app: Sphinx) -> None:
    app.connect("config-inited", check_owner)
    app.connect("config-inited", add_icon_links)
    app.add_directive("owner-contacts", OwnerContactsDirective)
