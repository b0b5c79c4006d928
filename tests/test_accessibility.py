"""Every page of the built site passes axe's WCAG 2.1 A/AA rules in Chromium, light and dark, wide and phone-sized
(its own module: one browser serves its checks, and it cannot run beside another module's)."""

from __future__ import annotations

import shutil

import pytest
from site_helpers import REPO
from sphinx_scholar.testing import axe_violations, chromium, sphinx_build

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def test_axe_finds_no_violation_on_any_page(site, browser):
    """Light and dark, 1280 and 375 px wide: each violation names its page, mode and width."""
    assert axe_violations(site, REPO, modes=("light", "dark"), widths=(1280, 375), browser=browser) == []


def test_the_accessibility_check_sees_a_violation_and_a_mode_not_shown(tmp_path, browser):
    """The check above can fail: an image without a text alternative, on a page that ignores the colour mode."""
    (tmp_path / "index.html").write_text('<!DOCTYPE html><html lang="en"><head><title>Bare</title></head>'
                                         '<body><main><img src="photo.png"></main></body></html>')
    found = axe_violations(tmp_path, REPO, modes=("dark",), widths=(375,), browser=browser)
    assert found == ["index.html (dark, 375px): the page does not show the dark mode",
                     "index.html (dark, 375px): image-alt: img"], found


def test_the_accessibility_check_sees_a_mode_as_loaded_and_as_switched_to(tmp_path, browser):
    """Text readable in the light mode only is a violation of the dark mode at both widths: at 1280 px the page
    loads light and is switched to dark (its slow colour transition ended as a visitor sees it end; axe would
    see the light colours still), at 375 px it loads dark. A page that ignores the switch is named."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Modes</title>'
        "<style>body { background: #fff; color: #222; transition: color 5s, background-color 5s; }"
        "html[data-theme=dark] body { background: #000; color: #111; }</style>"
        "<script>const dark = matchMedia('(prefers-color-scheme: dark)');"
        "const follow = () => { document.documentElement.dataset.theme = dark.matches ? 'dark' : 'light'; };"
        "follow(); dark.addEventListener('change', follow);</script>"
        "</head><body><main><p>Readable in the light mode only.</p></main></body></html>")
    (tmp_path / "fixed.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Fixed</title>'
        "<script>document.documentElement.dataset.theme = matchMedia('(prefers-color-scheme: dark)').matches"
        " ? 'dark' : 'light';</script></head><body><main><p>Set once.</p></main></body></html>")
    found = axe_violations(tmp_path, REPO, browser=browser)
    assert found == ["fixed.html (dark, 1280px): the page does not show the dark mode",
                     "index.html (dark, 1280px): color-contrast: p",
                     "fixed.html (light, 375px): the page does not show the light mode",
                     "index.html (dark, 375px): color-contrast: p"], found


def test_posts_and_formulas_pass_axe_in_both_modes(tmp_path, browser):
    """A site with posts, formulas in their titles and summaries and in a bib title (the engine's posts root,
    themed as this site is): the pages a researcher gets on writing a post."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "packages" / "sphinx-scholar" / "tests" / "roots" / "test-posts", site)
    (site / "conf.py").write_text((site / "conf.py").read_text() + 'html_theme = "sphinx_scholar"\n')
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert "<math" in (tmp_path / "html" / "posts" / "index.html").read_text()
    assert axe_violations(tmp_path / "html", REPO, widths=(375,), browser=browser) == []
