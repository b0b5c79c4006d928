"""What WeasyPrint may read while it draws the CV's PDF: the built site's own files, and nothing else.

WeasyPrint's own fetcher reads any ``file:`` address and fetches ``http(s):`` ones at build time: a link
``<a rel="attachment" href="file:///proc/self/environ">`` in the CV attached the build's environment to the PDF,
an ``<img>`` drew any file of the build machine, a remote image was fetched by it. Here an address is read only
when it names a file under the output folder, as a ``file:`` address or under the site's own address (its
``html_baseurl``, Read the Docs' ``READTHEDOCS_CANONICAL_URL``), once symbolic links are followed; ``data:``
addresses hold their content in themselves and pass. Anything else is refused and remembered, for the build to
fail with one line each. Fonts do not come this way: Pango finds them through fontconfig.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse


class ResourceRefused(ValueError):
    """Raised to WeasyPrint, which catches it and goes on without the resource (the build fails afterwards)."""


class SiteFilesOnly(URLFetcher):
    """WeasyPrint's fetcher, for the files of the site in ``outdir`` and ``data:`` addresses only.

    ``refused`` maps each refused address to why, in the order WeasyPrint asked for them."""

    def __init__(self, outdir: Path, site_addresses: Iterable[str]):
        super().__init__()
        self.outdir = Path(os.path.abspath(outdir))
        self.site = self.outdir.resolve()
        self.site_addresses = [urlsplit(address.rstrip("/") + "/") for address in site_addresses if address]
        self.refused: dict[str, str] = {}

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme.lower() == "data":
            return super().fetch(url, headers)
        file, reason = self.site_file(parts)
        if file is None:
            self.refused.setdefault(url, reason)
            raise ResourceRefused(reason)
        # The file itself, symbolic links followed: what is read is what was checked.
        return super().fetch(file.as_uri(), headers)

    def site_file(self, parts: SplitResult) -> tuple[Path | None, str]:
        """The file of the site an address names, or None and why it is refused."""
        scheme = parts.scheme.lower()
        if scheme == "file":
            if parts.netloc not in ("", "localhost"):
                return None, "a file on another machine"
            named = Path(url2pathname(parts.path))
        elif (named := self.under_site_address(parts)) is None:
            if scheme in ("http", "https"):
                return None, "an address outside the site, which the build does not fetch"
            return None, f"a {scheme}: address, which the build does not fetch" if scheme else "not an address"
        try:
            file = named.resolve()
        except (OSError, RuntimeError):
            return None, "a loop of symbolic links"
        if file.is_relative_to(self.site):
            return file, ""
        if Path(os.path.normpath(named)).is_relative_to(self.outdir):
            return None, "a symbolic link in the site to a file outside it"
        return None, "a file outside the built site"

    def under_site_address(self, parts: SplitResult) -> Path | None:
        """Where in the output folder an address under the site's own lies (it is not fetched from the network:
        at build time it is the previous deployment, or nothing)."""
        for address in self.site_addresses:
            if ((parts.scheme.lower(), parts.netloc.lower()) == (address.scheme.lower(), address.netloc.lower())
                    and parts.path.startswith(address.path)):
                return self.outdir / unquote(parts.path[len(address.path):])
        return None


class WithoutRefusalNotices(logging.Filter):
    """WeasyPrint logs a resource it could not load ("Failed to load image at …"), a second line for what the
    build reports itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return ResourceRefused.__name__ not in record.getMessage()


@contextlib.contextmanager
def refusals_reported_once() -> Iterator[None]:
    weasyprint_logger = logging.getLogger("weasyprint")
    notices = WithoutRefusalNotices()
    weasyprint_logger.addFilter(notices)
    try:
        yield
    finally:
        weasyprint_logger.removeFilter(notices)
