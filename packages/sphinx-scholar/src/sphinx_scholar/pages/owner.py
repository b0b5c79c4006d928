"""The site owner, from ``scholar_owner`` in conf.py: checked once, and turned into the ways to reach them
(the ``{owner-contacts}`` list, the header's icon links, the home page's profile, JSON-LD), every address built
and quoted here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..bib.biblatex import LANGUAGE_TAG
from ..bib.identifiers import is_web_address
from ..errors import report_error
from ..icons import icon_svg
from ..settings import conf_line, settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

EMAIL = re.compile(r"[^@\s\"'<>()\[\],;:\\]+@[^@\s\"'<>()\[\],;:\\]+\.[^@\s\"'<>()\[\],;:\\]+")
X_HANDLE = re.compile(r"\w{1,15}", re.ASCII)
#: Raster images only: an SVG may hold script, which runs when its address is opened.
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")
#: The labels of the owner section's own contacts, which a profile may not take.
BUILT_IN_LABELS = ("email", "homepage", "x")
#: What an address keeps as it is when written into an attribute; quotes, <, > and spaces are %-encoded.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


@dataclass(frozen=True)
class ProfileLink:
    label: str
    url: str
    text: str  # what a list of contacts shows

    @property
    def short_text(self) -> str:
        """What a row of icon links shows beside the icon: the address or handle where it is short."""
        return self.text if self.label in ("Email", "X") else self.label

    @property
    def attribute_url(self) -> str:
        """The address as an attribute value: quotes, <, > and spaces %-encoded."""
        return quote(self.url, safe=URL_SAFE)


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


TEXT_KEYS = ("name", "alternate_name", "alternate_name_lang", "job_title", "affiliation", "department", "email",
             "homepage", "x_handle", "photo")


def owner_problems(owner: dict) -> list[tuple[str, str]]:
    """(key, what is wrong) for each value of the owner section that cannot be used as it stands."""
    if not isinstance(owner, dict):
        return [("owner", "the owner section must be a dict: owner = {\"name\": ...}")]
    problems = [(key, f"{key} must be text, not {owner[key]!r}") for key in TEXT_KEYS
                if key in owner and not isinstance(owner[key], str)]
    profiles = owner.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(label, str) and label.strip() and isinstance(url, str)
                                                 for label, url in profiles.items()):  # a label names its link
        problems.append(("profiles", 'profiles must map names to addresses: {"GitHub": "https://github.com/you"}'))
    if problems:
        return problems
    if owner and not owner.get("name"):
        problems.append(("name", "the owner section needs a name"))
    if owner.get("email") and not EMAIL.fullmatch(owner["email"]):
        problems.append(("email", f"email {owner['email']!r} is not an email address"))
    if owner.get("alternate_name_lang") and not LANGUAGE_TAG.fullmatch(owner["alternate_name_lang"]):
        problems.append(("alternate_name_lang", f"alternate_name_lang {owner['alternate_name_lang']!r} is not a "
                                                "language tag like 'zh' or 'pt-BR'"))
    if owner.get("x_handle") and not X_HANDLE.fullmatch(owner["x_handle"]):
        problems.append(("x_handle", f"x_handle {owner['x_handle']!r} is not an X handle (letters, digits, _)"))
    urls = {"homepage": owner.get("homepage", ""), **{f"profiles {label!r}": url
                                                      for label, url in owner.get("profiles", {}).items()}}
    for key, url in urls.items():
        if url and not is_web_address(url):
            problems.append((key.split()[0], f"{key} must be an http(s) address, not {url!r}"))
    taken = [label for label in owner.get("profiles", {}) if label.strip().lower() in BUILT_IN_LABELS]
    if taken:
        problems.append(("profiles", f"profiles {taken[0]!r} is set by its own key (email, homepage, x_handle)"))
    photo = owner.get("photo", "")
    if photo and (not photo.lower().endswith(PHOTO_TYPES) or photo.startswith(("/", "\\")) or ".." in photo.split("/")):
        problems.append(("photo", f"photo {photo!r} must be an image file ({', '.join(PHOTO_TYPES)}) in the site's "
                                  "folder, as a relative path"))
    return problems


def photo_problem(owner: dict, srcdir: str) -> str:
    photo = owner.get("photo", "")
    if photo and not (Path(srcdir) / photo).is_file():
        return f"photo {photo!r} does not exist (a path from the folder of conf.py)"
    return ""


def check_owner(app: Sphinx, config: Config) -> None:
    owner = settings(config).owner
    problems = owner_problems(owner)
    if not problems and (missing := photo_problem(owner, app.srcdir)):
        problems.append(("photo", missing))
    for key, message in problems:
        where = ("owner", False) if key == "owner" else (f'"{key}":', True)
        location = "{}:{}".format(*conf_line(app.confdir, where[0], indented=where[1]))
        report_error(app, message, location=location)


def header_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The header's icons (``theme/components/profile-icon-links.html``): one per way to reach the owner, each drawn
    inline; values are escaped here, as Sphinx's templates do not escape."""
    owner = settings(app.config).owner
    links = [] if owner_problems(owner) else [link for link in profile_links(owner) if link.label != "Homepage"]
    context["profile_icon_links"] = [{"label": escape(link.label), "url": escape(link.attribute_url),
                                      "icon": icon_svg(link.label)} for link in links]


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
    app.connect("html-page-context", header_links)
    app.add_directive("owner-contacts", OwnerContactsDirective)
