/* Sphinx's search, tuned for a publication list:
   - a result's summary is readable text: no BibTeX source, badge, link buttons, "+N authors" button or
     equal-contribution note, whitespace squeezed, and it starts where a word of the query stands (Sphinx looks
     for word stems only);
   - a paper is found by its title, authors and venue, and listed once, by its title alone, leading to the top
     of its own page (its project page or paper page), whose words then add no second result;
   - results that hold the query's exact phrase ("Yang You") come first;
   - a title reads as written ("Don't … Q&A"): Sphinx's index holds it escaped, and its display escapes it again;
   - a fact's label stays apart from its value ("Venue: SC '23"), and the words searched for are highlighted
     on the result a visitor opens, not on every page visited after leaving the results. */
"use strict";
(() => {
  const NOT_READ = ".pub-bibtex, .pub-meta, .pub-links, .pub-legend, .pub-authors-toggle, .pub-authors-gap, " +
    ".draft-mark";
  const NAME_DETAILS = " · ";  // a paper's search name: "<title> · <authors>; <venue> <year>"
  const query = (new URLSearchParams(window.location.search).get("q") || "").trim().toLowerCase();
  const phrase = query.replace(/\s+/g, " ");
  const queryWords = phrase.split(" ").filter((word) => word.length > 2);

  const unescaped = (text) => {
    const area = document.createElement("textarea");  // holds text only: nothing in it is markup or runs
    area.innerHTML = text;
    return area.value;
  };

  let resultOpened = false;
  document.addEventListener("click", (event) => {
    if (event.target.closest("#search-results a")) resultOpened = true;
  });
  window.addEventListener("pagehide", () => {
    if (!resultOpened) localStorage.removeItem("sphinx_highlight_terms");
  });

  const sphinxHtmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(NOT_READ).forEach((element) => element.remove());
    page.querySelectorAll("dt").forEach((label) => label.append(": "));
    return sphinxHtmlToText(page.documentElement.outerHTML, anchor).replace(/\s+/g, " ");
  };

  const sphinxSummary = Search.makeSearchSummary;
  Search.makeSearchSummary = (htmlText, keywords, anchor) =>
    sphinxSummary(htmlText, [...keywords, ...queryWords], anchor);

  const sphinxObjectSearch = Search.performObjectSearch;
  Search.performObjectSearch = (object, objectTerms) =>
    sphinxObjectSearch(object, objectTerms).map((result) => {
      const split = result[1].indexOf(NAME_DETAILS);
      if (split < 0) return result;
      const details = result[1].slice(split + NAME_DETAILS.length);
      return [result[0], result[1].slice(0, split), result[2], details, ...result.slice(4)];
    });

  const sphinxPerformSearch = Search._performSearch;
  Search._performSearch = (...terms) => {
    const results = sphinxPerformSearch(...terms);
    const papers = new Set(results.filter((result) => result[6] === "object").map((result) => result[0]));
    return results
      .filter((result) => result[6] === "object" || !papers.has(result[0]))
      .map((result) => (result[6] === "object" ? [result[0], result[1], "", ...result.slice(3)] : result))
      .map((result) => [result[0], unescaped(result[1]), result[2], result[3] && unescaped(result[3]),
                        ...result.slice(4)]);
  };

  Scorer.score = (result) => {
    const text = `${result[1]} ${result[3] || ""}`.toLowerCase();
    return phrase.includes(" ") && text.includes(phrase) ? result[4] + 1000 : result[4];
  };
})();
