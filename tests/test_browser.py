"""The built site as visitors meet it, in Chromium: search, dark mode, phones, copying BibTeX, privacy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sources import read_sources
from sphinx_scholar.testing import browser_problems, chromium, serve, site_pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SOURCES = read_sources()
PROJECT, PAPER = sorted(SOURCES.projects.items())[0]


def project_query() -> str:
    """The first word of the project page's heading, as a visitor who remembers the project's name types it."""
    heading = next(line for line in (SOURCES.srcdir / f"{PROJECT}.md").read_text().splitlines()
                   if line.startswith("# "))
    return heading[2:].split()[0].strip(":,.")


def coauthor_query() -> tuple[str, str]:
    """A co-author's surname, and the paper's own page it leads to."""
    entry = SOURCES.entries[PAPER]
    coauthor = next(name for name in reversed(entry.authors) if name not in SOURCES.owner_names)
    return coauthor.split()[-1], f"{SOURCES.own_pages[entry.key]}.html"


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context) -> Page:
    return context.new_page()


def search(page: Page, base_url: str, query: str, *, shortcut: bool = False) -> None:
    page.goto(base_url + "index.html")
    if shortcut:
        page.keyboard.press("Control+k")
    else:
        page.locator("button.search-button-field").first.click()
    field = page.locator("#pst-search-dialog input[name=q]")
    expect(field).to_be_focused()
    field.fill(query)
    field.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    expect(page.locator("#search-results li").first).to_be_visible(timeout=10_000)


@pytest.mark.parametrize(("query", "shortcut", "expected"), [
    (project_query(), False, f"{PROJECT}.html"),
    (*coauthor_query()[:1], True, coauthor_query()[1]),
])
def test_search_finds_project_coauthor_and_venue(page, base_url, query, shortcut, expected):
    search(page, base_url, query, shortcut=shortcut)
    result = page.locator(f"#search-results li a[href*='{expected}']").first
    expect(result).to_be_visible()
    result.click()
    page.wait_for_load_state()
    assert page.url.split("?")[0].split("#")[0] == base_url + expected.split("#")[0]
    if "#" in expected:
        assert page.url.endswith("#" + expected.split("#")[1])
        expect(page.locator(f"li#{expected.split('#')[1]}")).to_be_in_viewport()


def theme_of(page: Page) -> str:
    return page.evaluate("document.documentElement.dataset.theme")


def test_dark_mode_switch_persists_across_pages(page, base_url):
    page.emulate_media(color_scheme="light")
    page.goto(base_url + "index.html")
    assert theme_of(page) == "light"
    page.locator("button.theme-switch-button").first.click()
    page.locator("button.theme-change-button[data-mode=dark]").first.click()
    assert theme_of(page) == "dark"
    page.goto(base_url + "publications/index.html")
    assert theme_of(page) == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_phone_width_has_no_horizontal_scrolling(phone, base_url, site):
    for name in site_pages(site):
        phone.goto(base_url + name)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{name} is {width} px wide"


def test_phone_navigation_is_reachable(phone, base_url):
    phone.goto(base_url + f"{PROJECT}.html")
    toggle = phone.locator("button.primary-toggle")
    expect(toggle).to_be_visible()
    toggle.click()
    link = phone.locator("#pst-primary-sidebar-modal a[href='../publications/index.html'], "
                         "#pst-primary-sidebar-modal a[href$='.html']").first
    expect(link).to_be_visible()


def test_phone_publication_entries_are_readable(phone, base_url):
    phone.goto(base_url + "publications/index.html")
    for box in phone.locator("li.pub").evaluate_all("items => items.map(i => i.getBoundingClientRect().toJSON())"):
        assert box["left"] >= 0 and box["right"] <= 375
    size = phone.locator("p.pub-authors").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert size >= 14


def test_printed_entries_keep_their_badge_beside_a_full_width_body(page, base_url):
    """A browser printing the CV reads the screen's stylesheet after the print one: the print layout must still
    win (the badge in its column, the entry beside it across the page, not squeezed into the badge's column)."""
    page.goto(base_url + "cv.html")
    page.emulate_media(media="print")
    boxes = page.locator("ul.pub-list > li.pub").evaluate_all("""items => items.map(item => ({
        item: item.getBoundingClientRect().toJSON(),
        badge: item.querySelector('.pub-meta').getBoundingClientRect().toJSON(),
        body: item.querySelector('.pub-body').getBoundingClientRect().toJSON()}))""")
    assert boxes
    for box in boxes:
        assert box["badge"]["right"] <= box["body"]["left"], box
        assert box["body"]["width"] > 0.6 * box["item"]["width"], box
        assert box["badge"]["top"] >= box["item"]["top"] and box["body"]["bottom"] <= box["item"]["bottom"], box


def test_bibtex_copy_button_puts_the_entry_on_the_clipboard(browser, base_url):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    page.goto(base_url + "publications/index.html")
    entry = page.locator(f"li#{PAPER}")
    entry.locator("details.pub-bibtex summary").click()
    block = entry.locator("details.pub-bibtex pre")
    expect(block).to_be_visible()
    block.hover()
    entry.locator("button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"@{SOURCES.entries[PAPER].type}{{{PAPER},")
    assert "author" in copied and "venue_short" not in copied
    context.close()


def test_no_console_errors_failed_requests_or_other_hosts(browser, site):
    assert browser_problems(site, browser) == []


def results(page: Page, base_url: str, query: str) -> list[tuple[str, str, str]]:
    """(href, label, summary) of each result of a search on the search page, once summaries arrived."""
    page.goto(base_url + "search.html?q=" + query.replace(" ", "+"))
    expect(page.locator("#search-results .search-summary")).to_contain_text("found", timeout=20_000)
    page.wait_for_load_state("networkidle")
    found = []
    for item in page.locator("#search-results li").all():
        link = item.locator("a").first
        summary = item.locator("p.context")
        found.append((link.get_attribute("href"), link.inner_text(),
                      summary.inner_text() if summary.count() else ""))
    return found


def test_search_results_read_well(page, base_url):
    coauthor, entry = coauthor_query()
    found = results(page, base_url, coauthor)
    label = next(label for href, label, _ in found if href.endswith(entry))
    assert label == SOURCES.entries[PAPER].title, "a paper is listed by its title"
    assert page.evaluate("document.activeElement.matches('article form.bd-search input')"), \
        "the page's own search field has the focus, ready for another search"
    assert len([href for href, _, _ in found if href.endswith(entry)]) == 1, "once, at its own page"
    for _, _, summary in found:
        for source in ("@inproceedings", "@misc", "year = {", "venue_short", "BibTeX"):
            assert source not in summary, summary
    for key in LONG_LISTS:  # a name behind a "+N authors" button is found; the button is no text of a summary
        hidden = SOURCES.entries[key].authors[-2]
        found = results(page, base_url, hidden)
        assert any(href.endswith(f"{SOURCES.own_pages[key]}.html") for href, _, _ in found), hidden
        assert not [summary for _, _, summary in found if re.search(r"\+\d+ authors", summary)]


def test_exact_phrase_ranks_first(page, base_url):
    authors = [author for entry in SOURCES.entries.values() for author in entry.authors
               if " " in author and author not in SOURCES.owner_names]
    phrase = max(sorted(set(authors)), key=authors.count)  # the most frequent co-author, say "Yang You"
    href, label, _ = results(page, base_url, phrase)[0]
    first = [entry for entry in SOURCES.entries.values() if href.endswith(f"{SOURCES.own_pages[entry.key]}.html")]
    assert first and phrase in first[0].authors, (phrase, href, label)


def contrast(rgb_a: str, rgb_b: str) -> float:
    def luminance(rgb: str) -> float:
        channels = [int(value) / 255 for value in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_search_highlights_are_readable(browser, base_url, mode):
    context = browser.new_context(color_scheme=mode)
    page = context.new_page()
    results(page, base_url, project_query())
    highlight = page.locator("span.highlighted").first
    expect(highlight).to_be_visible()
    colour, background = highlight.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert contrast(colour, background) >= 4.5, (colour, background)
    assert page.locator("#pst-search-dialog input[name=q], .bd-search input[name=q]").first.get_attribute(
        "placeholder") == "Search this site…"
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_bibtex_opens_below_its_button_without_moving_it(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(base_url + "publications/index.html")
    entry = page.locator(f"li#{PAPER}")
    summary = entry.locator("details.pub-bibtex summary")

    def place() -> tuple[float, float]:
        box, frame = summary.bounding_box(), entry.bounding_box()
        return round(box["x"] - frame["x"]), round(box["y"] - frame["y"])

    closed = place()
    summary.click()
    expect(entry.locator("details.pub-bibtex pre")).to_be_visible()
    assert place() == closed
    code = entry.locator("details.pub-bibtex pre").bounding_box()
    assert code["y"] >= summary.bounding_box()["y"] + summary.bounding_box()["height"]
    context.close()


LONG_LISTS = sorted(key for key, entry in SOURCES.entries.items() if len(entry.authors) > 8)


def visible_authors(entry) -> list[str]:
    texts = entry.locator("span.pub-author").evaluate_all(
        "spans => spans.filter(s => s.getClientRects().length).map(s => s.textContent)")
    return [name.replace("\xa0", " ").strip(" ,").removeprefix("and ") for name in texts]


def test_a_name_never_breaks_across_lines_on_a_phone(phone, base_url):
    phone.goto(base_url + "publications/index.html")
    owner_names = phone.locator("strong.pub-owner")
    assert owner_names.count() > 0
    lines = owner_names.evaluate_all("names => names.map(name => name.getClientRects().length)")
    assert set(lines) == {1}, lines


@pytest.mark.parametrize("key", LONG_LISTS)
@pytest.mark.parametrize("width", [1280, 375])
def test_long_author_list_opens_and_closes_by_keyboard(browser, base_url, key, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(base_url + "publications/index.html")
    entry = page.locator(f"li#{key}")
    authors = SOURCES.entries[key].authors
    shown = visible_authors(entry)
    assert len(shown) < len(authors) and shown[:3] == list(authors[:3])
    assert any(name in SOURCES.owner_names for name in shown), "the owner is always in view"
    button = entry.locator("button.pub-authors-toggle")
    expect(button).to_have_text(f"+{len(authors) - len(shown)} authors")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    assert visible_authors(entry) == list(authors)
    expect(entry.locator("span.pub-authors-gap").first).to_be_hidden()
    expect(button).to_be_focused()
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "false")
    assert visible_authors(entry) == shown
    context.close()


def test_older_news_open_by_keyboard(page, base_url):
    page.goto(base_url + "index.html")
    more = page.locator("details.news-more")
    if not more.count():
        assert page.locator("li.news-item").count() <= 5
        return
    expect(more.locator("li.news-item").first).to_be_hidden()
    summary = more.locator("summary")
    expect(summary).to_have_accessible_name(re.compile(r"^More news \(\d+\)$"))
    summary.focus()
    page.keyboard.press("Enter")
    expect(more.locator("li.news-item").first).to_be_visible()
    expect(summary).to_have_accessible_name("Show less news")


def test_search_words_are_highlighted_on_the_result_opened_only(page, base_url):
    search(page, base_url, project_query())
    page.locator("#search-results li a").first.click()
    expect(page.locator("span.highlighted").first).to_be_visible()
    search(page, base_url, project_query())
    page.goto(base_url + "cv.html")  # away from the results, not through one
    page.wait_for_load_state("load")
    assert page.locator("span.highlighted").count() == 0
    expect(page.get_by_text("Hide Search Matches")).to_have_count(0)


def test_a_fact_reads_label_then_value_in_search_results(page, base_url):
    found = results(page, base_url, "Venue")
    summaries = [summary for _, _, summary in found if "Venue" in summary]
    assert summaries and not [summary for summary in summaries if re.search(r"Venue[A-Z]", summary)], summaries


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_project_facts_read_as_rows_on_a_phone(browser, base_url, mode):
    context = browser.new_context(viewport={"width": 375, "height": 740}, color_scheme=mode)
    page = context.new_page()
    for docname in sorted(SOURCES.projects):
        page.goto(base_url + f"{docname}.html")
        facts = page.locator("dl.project-facts")
        expect(facts).to_be_visible()
        assert facts.bounding_box()["x"] + facts.bounding_box()["width"] <= 375
        for label in facts.locator("dt").all():
            value = label.locator("xpath=following-sibling::dd[1]")
            assert abs(label.bounding_box()["y"] - value.bounding_box()["y"]) < 4, "label and value on one row"
        heading = page.locator("h1")
        assert heading.bounding_box()["height"] < 120, "a short name fits the first screen"
    context.close()


def test_profile_links_have_visible_icons_in_both_modes(browser, base_url):
    for mode in ("light", "dark"):
        context = browser.new_context(viewport={"width": 375, "height": 740}, color_scheme=mode)
        page = context.new_page()
        page.goto(base_url + "index.html")
        links = page.locator("ul.profile-links a")
        assert links.count() >= 1
        for link in links.all():
            icon = link.locator("svg")
            assert icon.bounding_box()["width"] >= 12
            colours = link.evaluate("a => [getComputedStyle(a.querySelector('svg')).color, getComputedStyle(a).color]")
            assert colours[0] == colours[1], "icons in the link's colour, readable in either mode"
        context.close()



def test_the_home_page_reaches_its_first_paper_within_two_screens_on_a_phone(phone, base_url):
    phone.goto(base_url + "index.html")
    top = phone.evaluate("document.querySelector('li.pub').getBoundingClientRect().top")
    assert top < 2 * phone.viewport_size["height"], top
