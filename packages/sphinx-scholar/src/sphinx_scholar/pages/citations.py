"""``{cite}`` for papers of the publication list: sphinxcontrib-bibtex's role, linked to the list's entry.

sphinxcontrib-bibtex resolves a citation only to a ``{bibliography}`` that lists the key, and warns
otherwise. Here a key that no such bibliography lists links to its entry in the publication list, as
"Lovelace et al., 2024", with the full reference as its tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.roles import CiteRole

from .._compat import citation_keys, keep_plugin_lookups, keys_in_bibliographies
from ..bib.record import Publication
from .domain import PublicationDomain

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

NARRATIVE_ROLES = {"t", "ts", "ct", "cts"}


def author_names(publication: Publication) -> str:
    surnames = publication.surnames
    if not surnames:
        return "Anonymous"
    if len(surnames) <= 2 and not publication.et_al:
        return " and ".join(surnames)
    return f"{surnames[0]} et al."


class CheckedCiteRole(CiteRole):
    """sphinxcontrib-bibtex's role, with a target it cannot read reported in one line (it would raise)."""

    def result_nodes(self, document, env, node, is_ref):
        try:
            citation_keys(self.target)
        except ValueError:
            logger.warning(f"malformed citation {self.target!r}: cite keys separated by commas, like "
                           "{cite:p}`key1,key2`", location=node, type="scholar", subtype="citation")
            return [nodes.inline(self.target, self.target)], []
        return super().result_nodes(document, env, node, is_ref)


class PublicationCiteDomain(BibtexDomain):
    """sphinxcontrib-bibtex's ``cite`` domain, falling back to the publication list."""

    roles = {name: CheckedCiteRole() for name in BibtexDomain.roles}

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        keys = citation_keys(target)
        if all(key in keys_in_bibliographies(self) for key in keys):
            return super().resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
        return cite_publications(env.domains["pub"], fromdocname, builder, typ, keys, node)


def cite_publications(domain: PublicationDomain, fromdocname: str, builder, typ: str, keys: list[str],
                      node: pending_xref) -> nodes.inline:
    narrative = typ in NARRATIVE_ROLES
    result = nodes.inline(classes=["pub-cite"])
    for key in keys:
        publication = domain.lookup(key, node)
        if publication is None:
            continue
        home = domain.home_of(publication.key)
        if home is None:
            logger.warning(f"{key} is cited but on no publication list: add a {{publications}} list that shows it",
                           location=node, type="scholar", subtype="unlisted")
            continue
        text = (f"{author_names(publication)} ({publication.year})" if narrative
                else f"{author_names(publication)}, {publication.year}")
        if len(result):
            result += nodes.Text("; ")
        result += nodes.reference("", text, internal=True, reftitle=domain.formatted(publication.key).citation_text,
                                  refuri=f"{builder.get_relative_uri(fromdocname, home)}#{publication.anchor}")
    if not narrative and len(result):
        result.insert(0, nodes.Text("("))
        result += nodes.Text(")")
    return result


def setup_citations(app: Sphinx) -> None:
    keep_plugin_lookups()
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_domain(PublicationCiteDomain, override=True)
    app.add_role("cite", CheckedCiteRole(), override=True)
