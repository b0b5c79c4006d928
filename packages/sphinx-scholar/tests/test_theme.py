"""The look on a tiny site (tests/roots/test-themed): the header's profile icons, the small stylesheets written
into each page (compacted, code styles for both modes), scripts deferred, and the theme's icon font cut down to
the glyphs the pages show."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import pytest
from engine_helpers import TESTS, page, soup
from sphinx_scholar.testing import sphinx_build
from sphinx_scholar.theme.compiled import CompiledTemplates

pytestmark = pytest.mark.sphinx("html", testroot="themed")
PAGES = ("index.html", "publications.html", "search.html")


def test_header_has_an_icon_per_profile(built):
    for name in PAGES:
        icons = soup(built, name).find("header").select("ul.profile-icon-links a")
        assert [a["href"] for a in icons] == ["mailto:ada@example.org", "https://x.com/ada_example",
                                              "https://github.example.org/ada", "https://orcid.example.org/ada"]
        for link in icons:
            assert link.find("svg"), "drawn inline: no icon font or image request"
            assert link.find("span", class_="visually-hidden").get_text(), "screen readers hear the profile's name"


def test_small_stylesheets_are_written_into_the_page(built):
    home = soup(built, "index.html")
    links = [link["href"] for link in home.select("link[rel=stylesheet]")]
    for name in ("basic.css", "scholar.css", "pygments.css", "styles/theme.css"):
        assert not [href for href in links if href.startswith(f"_static/{name}")], name
    styles = " ".join(style.get_text() for style in home.find_all("style"))
    assert ".pub-badge{" in styles, "the engine's stylesheet, compacted"
    assert [href for href in links if href.startswith("_static/styles/pydata-sphinx-theme.css")], "the theme's stays"


def test_inlined_code_styles_are_the_themes_light_and_dark_ones(built):
    """pydata-sphinx-theme writes its pygments.css when the build ends; the copy written into pages is its."""
    styles = [style.get_text() for style in soup(built, "index.html").find_all("style")]
    (code,) = [style for style in styles if ".highlight .nl" in style]
    assert 'html[data-theme="light"] .highlight' in code and 'html[data-theme="dark"] .highlight' in code
    assert not re.search(r"^\.highlight", code, re.MULTILINE), "Sphinx's own styles, for one mode only"


def test_scripts_are_deferred_and_the_options_written_in(built):
    for name in PAGES:
        document = soup(built, name)
        for script in document.select("script[src]"):
            assert script.has_attr("defer") or script.has_attr("async"), (name, script["src"])
        assert not document.select("script[src*='documentation_options']"), name


def test_every_icon_a_page_shows_has_its_glyph_in_the_cut_down_font(built):
    assert_every_icon_has_its_glyph(built, PAGES)


@pytest.mark.sphinx("html", testroot="themed", confoverrides={"html_file_suffix": ".htm"})
def test_pages_of_another_suffix_keep_their_icons(built):
    """The pages are found by the suffix the builder writes (before, only .html: the header's icons were cut)."""
    assert_every_icon_has_its_glyph(built, [name.replace(".html", ".htm") for name in PAGES])


def assert_every_icon_has_its_glyph(built, pages) -> None:
    from fontTools.ttLib import TTFont
    from sphinx_scholar._compat import FONTAWESOME_FONTS, FONTAWESOME_ICON_RULE, THEME_STYLESHEET

    site = Path(built.outdir)
    rules = {name[1:]: int(code, 16) for group, code in
             FONTAWESOME_ICON_RULE.findall((site / THEME_STYLESHEET).read_text(encoding="utf-8"))
             for name in group.split(",")}
    glyphs = {path.stem.split("-")[1]: set(TTFont(path).getBestCmap())
              for path in (site / FONTAWESOME_FONTS).glob("*.woff2")}
    shown = 0
    for name in pages:
        for icon in soup(built, name).select("i[class*='fa-']"):
            style = next(cls[3:] for cls in icon["class"] if cls in ("fa-solid", "fa-regular", "fa-brands"))
            for cls in icon["class"]:
                if cls.startswith("fa-") and cls not in ("fa-solid", "fa-regular", "fa-brands", "fa-lg"):
                    assert cls in rules and rules[cls] in glyphs[style], (name, cls)
                    shown += 1
    assert shown, "the pages show the theme's icons (search, colour mode)"
    assert sum(len(cmap) for cmap in glyphs.values()) < 50, "cut down to what is shown"


def test_an_icons_class_is_found_where_it_starts_a_word_only(tmp_path):
    from sphinx_scholar.web.iconfont import icons_in

    written = tmp_path / "page.html"
    written.write_text('fa-solid <i class="fa-brands fa-github"></i> sofa-bed x_fa-no éfa-no "fa-x-twitter" '
                       'sofa-fa-couch', encoding="utf-8")
    assert icons_in(str(written)) == ["fa-brands", "fa-couch", "fa-github", "fa-solid", "fa-x-twitter"]


def test_inlined_css_is_compacted_and_keeps_strings_and_combinators():
    from sphinx_scholar.web.assets import compact_css

    css = '/* note */\na > b ,  c { content: "x  /* y */ ;" attr(z) ; }\nhtml[data-theme="dark"] .x { margin: 0 1px }'
    assert compact_css(css) == 'a>b,c{content: "x  /* y */ ;" attr(z);}html[data-theme="dark"] .x{margin: 0 1px}'


def test_the_owners_alternate_name_carries_the_language_conf_py_declares(built):
    page = soup(built, "index.html")
    assert [span.get_text() for span in page.select('span[lang="en-GB"]')] == ["Augusta Ada King"] * 2
    assert page.find("h1").find("span", lang="en-GB") is not None
    assert page.find("code").find("span", lang=True) is None, "code is left as written"


def test_each_profile_link_says_what_it_is(built):
    links = soup(built, "index.html").select("ul.profile-links a")
    named = {link.get_text().split(": ")[0] for link in links if link.find(class_="visually-hidden")}
    assert {"Email", "X"} <= named, "an address or a handle alone does not say what it is"
    assert all(": " not in link.find_all("span")[-1].get_text() for link in links), "the visible text is as before"


def test_templates_are_compiled_once_in_a_process_and_again_when_edited(tmp_path, monkeypatch):
    """Each build is a new Sphinx with its doctrees elsewhere (as every test's, and each rebuild of make serve):
    the templates compiled for the first are taken as they are, but one the site edited since."""
    monkeypatch.setattr(CompiledTemplates, "kept", {})
    compiled = []
    compile_template = jinja2.Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        if name is not None:
            compiled.append(name)
        return compile_template(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    site = tmp_path / "site"
    shutil.copytree(TESTS / "roots" / "test-themed", site)
    (site / "conf.py").write_text((site / "conf.py").read_text() + 'templates_path = ["_templates"]\n')
    (site / "_templates").mkdir()
    layout = site / "_templates" / "layout.html"

    def build(mark: str, name: str):
        layout.write_text('{% extends "!layout.html" %}{% block footer %}{{ super() }}'
                          f'<p id="mark">{mark}</p>{{% endblock %}}\n')
        compiled.clear()
        result = sphinx_build(site, tmp_path / name / "html")
        assert result.returncode == 0, result.stderr
        return page(tmp_path / name / "html", "index.html")

    assert build("one", "first").find(id="mark").get_text() == "one"
    assert "layout.html" in compiled
    assert build("one", "second").find(id="mark").get_text() == "one"
    assert compiled == []
    assert build("two", "third").find(id="mark").get_text() == "two"
    assert compiled == ["layout.html"]


def test_a_template_compiled_for_one_site_is_not_taken_by_a_site_with_other_filters(tmp_path, monkeypatch):
    """Jinja writes into a template's code what the environment's filters are passed first: a site (or an
    extension) that replaces one gets the theme's templates compiled for its own filters."""
    monkeypatch.setattr(CompiledTemplates, "kept", {})
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(TESTS / "roots" / "test-themed", first)
    shutil.copytree(TESTS / "roots" / "test-themed", second)
    (second / "conf.py").write_text((second / "conf.py").read_text() + (
        "\nfrom jinja2 import pass_context\n\n\n@pass_context\ndef striptags(context, value):\n"
        "    return str(value).replace('<', ' <').replace('>', '> ')\n\n\n"
        "def setup(app):\n    app.connect('builder-inited', lambda app: app.builder.templates.environment"
        ".filters.update(striptags=striptags))\n"))
    for site in (first, second):
        result = sphinx_build(site, site.parent / f"{site.name}-build" / "html")
        assert result.returncode == 0, result.stderr
