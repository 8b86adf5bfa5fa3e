/* papershelf: site search with Pagefind (pagefind/ at the site root, built from the collection).
 * Nothing is downloaded until the reader opens the search: then Pagefind's script,
 * its WebAssembly and only the index chunks each query needs, all from this site.
 * Opens with the header button, "/" or Ctrl-K (⌘K). Results: an author or topic whose
 * name is the query (or an author's family name) first, then papers, authors and topics,
 * then guide pages; each with its authors, date, topics and a snippet whose only markup
 * is Pagefind's <mark>, rebuilt here as text nodes. */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : window.location.href);  // assets/papershelf/ → site root
  var PAGE = 10;
  var MORE_TERMS = 5;  // other matching terms (authors of one name) of a record, linked under its best match
  var TERM_RECORDS = 6;  // term records (50 terms each) read, twice over, to find a name that is the query
  var pagefind = null;
  var dialog = null;
  var current = 0;  // the latest query's number: answers to older ones are dropped

  var OPTIONS = {
    baseUrl: root.pathname,
    excerptLength: 24,
    // cjk_title and cjk_text: a record's Chinese, Japanese and Korean as pairs of letters (search.py's cjk_words)
    ranking: { metaWeights: { title: 10, authors: 4, arxiv: 10, doi: 10, topics: 2, venue: 1, cjk_title: 10,
                              cjk_text: 1 } }
  };

  // Chinese, Japanese and Korean: the ranges of search.py's CJK_RANGES, whose runs it indexes as overlapping
  // pairs of letters (cjk_words: 图像识别 → 图像 像识 识别 别). A query's run is cut into such pairs (one letter
  // stays one, which Pagefind matches as the start of a pair): two letters or more are found wherever they
  // stand in a title, an abstract or a name, not only at its start.
  var CJK = /[\u1100-\u11FF\u3005-\u3007\u3040-\u30FF\u3130-\u318F\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\u{20000}-\u{3134F}]+/gu;
  var HAS_CJK = new RegExp(CJK.source, "u");  // CJK without /g, whose test() would move its lastIndex

  function cjkRuns(text) {
    var runs = [];
    (text.normalize("NFC").match(CJK) || []).forEach(function (match) {
      match.split(/[^\p{L}\p{N}]+/u).forEach(function (run) { if (run) runs.push(run); });
    });
    return runs;
  }

  // A run's pairs side by side, and for an odd run its last two letters (图像识别 → 图像 识别; 数据集 → 数据 据集;
  // 王 → 王): each a word, or the start of one, the index has wherever the run stands, and every letter in one.
  // Half the words of every overlapping pair: each may be in another index chunk for the browser to fetch.
  // `typing` (what is fetched ahead while the reader types) leaves out the odd end, which the next letter
  // changes: what is fetched is what the run typed so far asks for whatever follows.
  function pairs(run, typing) {
    var letters = Array.from(run);
    var found = [];
    for (var at = 0; at + 1 < letters.length; at += 2) found.push(letters[at] + letters[at + 1]);
    if (letters.length % 2 && !typing) found.push(letters.slice(-2).join(""));
    return found;
  }

  // The query Pagefind is given: its CJK runs as pairs, its other words as typed. Its first MAX_PAIRS pairs
  // only: a whole title's 9 pairs fetched 28 index chunks, 573 KB, at 10,000 papers in three parts, where the
  // first 6 (twelve letters) name it as well.
  var MAX_PAIRS = 6;

  function cjkQuery(query, typing) {
    var left = MAX_PAIRS;
    return query.normalize("NFC").replace(CJK, function (match) {
      var words = [];
      cjkRuns(match).forEach(function (run) { words = words.concat(pairs(run, typing)); });
      words = words.slice(0, Math.max(0, left));
      left -= words.length;
      return " " + words.join(" ") + " ";
    }).replace(/\s+/g, " ").trim();
  }

  // The papers' index and a second, small one of the terms (authors, topics, years) and the guide pages
  // (pagefind/terms/): each import is a Pagefind instance of its own. A site may lack the second.
  function loadIndex(path) {
    return import(new URL(path, root).href).then(function (module) {
      return module.options(OPTIONS).then(function () { return startInIndexLanguage(module); });
    });
  }

  // Pagefind cuts a query into words by the page's language, <html lang>, read once as it starts: for zh, ja
  // and ko with the browser's word segmenter, which would cut cjkQuery's pairs again (像识 → 像 识) and match
  // less strictly than the index was cut (Pagefind leaves out a query's words that match nothing). The index
  // is English (search.py's LANGUAGE), so Pagefind starts under that language, the page's put back at once.
  var INDEX_LANGUAGE = "en";

  function startInIndexLanguage(module) {
    var html = document.documentElement;
    var language = html.getAttribute("lang");
    html.setAttribute("lang", INDEX_LANGUAGE);
    try {
      module.init();  // reads the language before it returns
    } finally {
      if (language === null) html.removeAttribute("lang");
      else html.setAttribute("lang", language);
    }
    return module;
  }

  // A large collection's papers are indexed in parts (search.py's PART_PAPERS), listed in
  // pagefind/papershelf-parts.json: merged into the first part, they are searched and ranked as one index.
  function withParts(module) {
    return fetch(new URL("pagefind/papershelf-parts.json", root).href)
      .then(function (response) { return response.ok ? response.json() : { parts: [] }; })
      .catch(function () { return { parts: [] }; })
      .then(function (list) {
        return Promise.all((list.parts || []).map(function (part) {
          return module.mergeIndex(new URL("pagefind/" + part, root).href, OPTIONS);
        }));
      }).then(function () { return module; });
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = Promise.all([
        loadIndex("pagefind/pagefind.js").then(withParts),
        loadIndex("pagefind/terms/pagefind.js").catch(function () { return null; })
      ]);
    }
    return pagefind;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt is the record's text with "<" and ">" escaped and <mark> around matches.
  function snippet(excerpt) {
    var paragraph = element("p", "ps-search__snippet");
    excerpt.split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (part) {
        var text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
        paragraph.appendChild(marked ? element("mark", "", text) : document.createTextNode(text));
      }
      return marked;
    }, false);
    return paragraph;
  }

  // A record with Chinese, Japanese or Korean text: Pagefind's excerpt counts words between spaces (a sentence
  // of Chinese is one) and marks none of a query's pairs (search.py indexes them in meta fields, not in the
  // text). The excerpt is cut here from the record's own text instead, in Pagefind's form: SNIPPET_LETTERS
  // letters around the first match, each run of the query marked where the text has it (accents and kana's
  // voicing marks aside, as Pagefind compares), and the other words Pagefind matched.
  var SNIPPET_LETTERS = 80;
  var SNIPPET_BEFORE = 20;

  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function cjkExcerpt(data, query) {
    var letters = Array.from(data.content);
    var marked = letters.map(function () { return false; });
    markRuns(letters, marked, cjkRuns(query));
    markLocations(data.content, marked, data.locations || []);
    return excerptOf(letters, marked);
  }

  // Each letter of the text that is in a place one of the runs is, compared folded.
  function markRuns(letters, marked, runs) {
    var folded = "", starts = [];  // the text folded, and where each letter's folded form starts in it
    letters.forEach(function (letter) { starts.push(folded.length); folded += fold(letter); });
    starts.push(folded.length);
    runs.forEach(function (run) {
      var wanted = fold(run);
      for (var at = folded.indexOf(wanted); at >= 0; at = folded.indexOf(wanted, at + 1)) {
        for (var letter = 0; letter < letters.length && starts[letter] < at + wanted.length; letter++) {
          if (starts[letter + 1] > at) marked[letter] = true;
        }
      }
    });
  }

  // The words Pagefind matched (its locations count the text's runs between spaces), but not one with CJK: it
  // matched that only by the query's first pair at its start (王继民, for 王继), and markRuns marks its letters.
  function markLocations(content, marked, locations) {
    var wanted = {}, word = 0, offset = 0;
    locations.forEach(function (location) { wanted[location] = true; });
    content.split(/(\s+)/).forEach(function (part, at) {  // words at the even places, spaces between
      var length = Array.from(part).length;
      if (at % 2 === 0 && part && wanted[word++] && !HAS_CJK.test(part)) {
        for (var letter = offset; letter < offset + length; letter++) marked[letter] = true;
      }
      offset += length;
    });
  }

  // SNIPPET_LETTERS letters from SNIPPET_BEFORE before the first marked one, in Pagefind's form.
  function excerptOf(letters, marked) {
    var start = Math.max(0, marked.indexOf(true) - SNIPPET_BEFORE);
    var end = Math.min(letters.length, start + SNIPPET_LETTERS);
    start = Math.max(0, Math.min(start, end - SNIPPET_LETTERS));
    var excerpt = start > 0 ? "…" : "", open = false;
    for (var at = start; at < end; at++) {
      if (marked[at] !== open) { excerpt += open ? "</mark>" : "<mark>"; open = marked[at]; }
      excerpt += letters[at].replace(/</g, "&lt;").replace(/>/g, "&gt;");
    }
    return excerpt + (open ? "</mark>" : "") + (end < letters.length ? "…" : "");
  }

  function resultItem(data, query) {
    var meta = data.meta || {};
    var kind = meta.kind || "guide";
    if (kind !== "paper" && kind !== "guide") return termItem(data, kind, readTerms(data, kind, query));
    var item = element("li", "ps-search__result ps-search__result--" + kind);
    item.appendChild(link(data.url, kind, meta.title || data.url));
    var facts = kind === "paper" ? [meta.authors, meta.date, meta.topics] : [meta.summary];
    facts = facts.filter(Boolean);
    if (facts.length) item.appendChild(element("p", "ps-search__facts", facts.join(" · ")));
    var excerpt = HAS_CJK.test(data.content || "") ? cjkExcerpt(data, query) : data.excerpt;
    if (excerpt && !saidAlready(excerpt, facts.join(" · "))) item.appendChild(snippet(excerpt));
    return item;
  }

  // Whether every part of a snippet is in the result's line of facts already: a paper without an abstract, whose
  // snippet is its authors and topics, shows them once.
  function saidAlready(excerpt, facts) {
    var text = excerpt.replace(/<\/?mark>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    return text.split(" · ").every(function (part) {  // (Pagefind ends an excerpt with "." or "…")
      return facts.indexOf(part.trim().replace(/^…|[.…]$/g, "")) >= 0;
    });
  }

  // "Paper", "Guide", or a taxonomy's singular: "Author", "Venue" (a taxonomy added in mkdocs.yml).
  function kindLabel(kind) {
    return kind.charAt(0).toUpperCase() + kind.slice(1);
  }

  function link(url, kind, title) {
    var anchor = element("a", "ps-search__link");
    anchor.href = url;
    anchor.appendChild(element("span", "ps-search__kind", kindLabel(kind)));
    anchor.appendChild(element("span", "ps-search__title", title));
    return anchor;
  }

  // Words as Pagefind compares them: lower case, without accents.
  function words(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function wordsMatched(queryWords, title) {
    var titleWords = words(title);
    return queryWords.filter(function (word) {
      return titleWords.some(function (titleWord) { return titleWord.indexOf(word) === 0; });
    }).length;
  }

  // How well a term's name answers the query: 2 the whole name; 1 an author's family name or a whole part
  // of it (whole words after the given name: "Andersen-Nowak", "Nowak", "Zhang", not "Zhang" of "Zhang
  // Wei Li"); 0 every word the start of one of the name's; -1 less.
  function exactness(queryWords, kind, title) {
    var nameWords = words(title);
    var wanted = queryWords.join(" ");
    if (nameWords.join(" ") === wanted) return 2;
    if (kind === "author" && wanted.length > 1) {
      for (var at = 1; at + queryWords.length <= nameWords.length; at++) {
        if (nameWords.slice(at, at + queryWords.length).join(" ") === wanted) return 1;
      }
    }
    return wordsMatched(queryWords, title) === queryWords.length ? 0 : -1;
  }

  // A record of up to 50 terms of a taxonomy (search.py's term_records): each section Pagefind matched
  // is one term, its anchor the term's page. Its terms, the one that answers the query best first
  // (the name itself, then the most words matched, then the most papers).
  function readTerms(data, kind, query) {
    var queryWords = words(query);
    var terms = (data.sub_results || []).filter(function (sub) { return sub.url.indexOf("#") >= 0; })
      .map(function (sub, order) {
        // the anchor is the term's page, then "~" and its papers (search.py's terms_html)
        var anchor = decodeURIComponent((sub.anchor && sub.anchor.id) || sub.url.split("#")[1]).split("~");
        var papers = Number(anchor[1]) || 0;
        var text = (sub.excerpt || "").replace(/<[^>]*>/g, "");
        return { sub: sub, url: new URL(anchor[0], root).href, matched: wordsMatched(queryWords, sub.title),
                 order: order, exact: exactness(queryWords, kind, sub.title), papers: papers, text: text,
                 described: wordsMatched(queryWords, text.replace(sub.title, "")) > 0,
                 count: papers ? papers + (papers === 1 ? " paper" : " papers") : "" };
      });
    terms.sort(function (a, b) {
      return b.exact - a.exact || b.matched - a.matched || b.papers - a.papers || a.order - b.order;
    });
    return { terms: terms, queryWords: queryWords, exact: terms.length ? terms[0].exact : -1,
             papers: terms.length ? terms[0].papers : 0 };
  }

  // A term record's result: the term that answers the query best, and others whose names match every
  // word linked under it.
  function termItem(data, kind, read) {
    var terms = read.terms;
    var item = element("li", "ps-search__result ps-search__result--" + kind);
    if (!terms.length) {  // not expected: every word of such a record is in a term's section
      item.appendChild(link(data.url, kind, kindLabel(kind)));
      return item;
    }
    var best = terms[0];
    item.appendChild(link(best.url, kind, best.sub.title));
    var count = best.count;
    item.appendChild(element("p", "ps-search__facts", count ? kindLabel(kind) + " · " + count : kindLabel(kind)));
    // a snippet only where the term has more than its name (a topic's description)
    var rest = best.text.replace(best.sub.title, "").replace(/[\s.]+/g, "");
    if (rest && best.sub.excerpt) item.appendChild(snippet(best.sub.excerpt));
    var others = terms.slice(1).filter(function (term) { return term.matched === read.queryWords.length; });
    if (others.length) {
      var also = element("p", "ps-search__also", "Also: ");
      others.slice(0, MORE_TERMS).forEach(function (term, at) {
        if (at) also.appendChild(document.createTextNode(", "));
        var anchor = element("a", "", term.sub.title);
        anchor.href = term.url;
        also.appendChild(anchor);
      });
      if (others.length > MORE_TERMS) also.appendChild(document.createTextNode(", +" + (others.length - MORE_TERMS) + " more"));
      item.appendChild(also);
    }
    return item;
  }

  function ready(data) {
    return { data: function () { return Promise.resolve(data); } };
  }

  // The results in the order shown: a person or topic whose name is the query first (the whole name,
  // then a family name; the one with the most papers first), then other terms that match every word,
  // then papers, the remaining terms, and guide pages last. The term records read for this are the
  // TERM_RECORDS most relevant and the TERM_RECORDS whose terms have most papers (`byPapers`); the
  // others follow the papers unread, as Pagefind ranked them. The second index's answer sorted by papers
  // names the term records alone (a guide page has no such value): the rest of that index are guide pages.
  function ordered(query, answers) {
    var papers = answers[0] ? answers[0].results : [];
    var others = answers[1] ? answers[1].results : [];
    var byPapers = answers[2] ? answers[2].results : [];
    var isTerm = {};
    byPapers.forEach(function (result) { isTerm[result.id] = true; });
    var terms = others.filter(function (result) { return isTerm[result.id]; });
    var guides = others.filter(function (result) { return !isTerm[result.id]; });
    var first = terms.slice(0, TERM_RECORDS), seen = {};
    first.concat(byPapers.slice(0, TERM_RECORDS)).forEach(function (result) { seen[result.id] = result; });
    first = Object.keys(seen).map(function (id) { return seen[id]; });
    var unread = terms.filter(function (result) { return !seen[result.id]; });
    return Promise.all(first.map(function (result) { return result.data(); })).then(function (records) {
      var read = records.map(function (data, order) {
        var meta = data.meta || {};
        return { data: data, order: order, read: readTerms(data, meta.kind || "term", query) };
      });
      var named = read.filter(function (r) { return r.read.exact > 0; }).sort(function (a, b) {
        return b.read.exact - a.read.exact || b.read.papers - a.read.papers || a.order - b.order;
      });
      var matching = read.filter(function (r) { return r.read.exact === 0; });
      // Pagefind matches a record of names for a word one's initial begins ("hypothesis", H. V. Jagadish):
      // a record none of whose terms has a word the query's words begin, in its name or description, is left
      // out, and so are the records not read when none of those read had one (Pagefind ranks them lower).
      var relevant = read.filter(function (r) {
        return r.read.terms.some(function (term) { return term.matched > 0 || term.described; });
      });
      var partial = relevant.filter(function (r) { return r.read.exact < 0; });
      var wrap = function (list) { return list.map(function (r) { return ready(r.data); }); };
      return [].concat(wrap(named), wrap(matching), papers, wrap(partial), relevant.length ? unread : [], guides);
    });
  }

  function build() {
    dialog = element("dialog", "ps-search md-typeset");
    dialog.setAttribute("aria-label", "Search");
    dialog.innerHTML =
      '<form class="ps-search__form" role="search" method="dialog">' +
      '<label class="ps-search__label" for="ps-search-input">Search papers, authors and topics</label>' +
      '<div class="ps-search__bar"><input id="ps-search-input" class="ps-search__input" type="search" ' +
      'autocomplete="off" spellcheck="false" placeholder="Title, author, arXiv id, topic…">' +
      '<button type="button" class="ps-search__close" aria-label="Esc: close search">Esc</button></div></form>' +
      '<p class="ps-search__status" role="status" aria-live="polite"></p>' +
      '<ol class="ps-search__results"></ol>' +
      '<button type="button" class="ps-search__more md-button" hidden>More results</button>';
    document.body.appendChild(dialog);
    var input = dialog.querySelector("input");
    var status = dialog.querySelector("[role=status]");
    var list = dialog.querySelector("ol");
    var more = dialog.querySelector(".ps-search__more");
    var results = [], shown = 0, timer = null, searched = "";

    function showMore() {
      var number = current;
      var batch = results.slice(shown, shown + PAGE);
      shown += batch.length;
      more.hidden = shown >= results.length;
      return Promise.all(batch.map(function (result) { return result.data(); })).then(function (data) {
        if (number !== current) return;
        data.forEach(function (page) { list.appendChild(resultItem(page, searched)); });
      });
    }

    function run(query) {
      var number = ++current;
      if (!query.trim()) {
        list.textContent = "";
        list.removeAttribute("data-query");
        status.textContent = "";
        more.hidden = true;
        return;
      }
      status.textContent = "Searching…";
      loadPagefind().then(function (indexes) {
        return Promise.all([
          indexes[0].search(cjkQuery(query)),
          indexes[1] ? indexes[1].search(cjkQuery(query)) : null,
          indexes[1] ? indexes[1].search(cjkQuery(query), { sort: { papers: "desc" } }) : null  // the term records alone
        ]);
      }).then(function (answers) {
        return number === current ? ordered(query, answers) : null;
      }).then(function (found) {
        if (number !== current || !found) return;
        results = found;
        shown = 0;
        searched = query;
        list.textContent = "";
        list.setAttribute("data-query", query);  // which query the list answers (the browser tests wait for it)
        status.textContent = results.length === 0 ? "No results for “" + query + "”."
          : results.length === 1 ? "1 result." : results.length + " results.";
        return showMore();
      }).catch(function (error) {
        if (number === current) status.textContent = "Search is unavailable: " + error.message;
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value;
      // The index chunks a query needs are fetched at once; the search itself waits for a pause in typing.
      if (query.trim()) {
        loadPagefind().then(function (indexes) {
          var ahead = cjkQuery(query, true);
          indexes.forEach(function (index) { if (index && ahead) index.preload(ahead); });
        }).catch(function () {});
      }
      timer = setTimeout(function () { run(query); }, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {  // a search field's Escape would only empty it
        event.preventDefault();
        dialog.close();
      } else if (event.key === "Enter") {
        var first = list.querySelector("a");
        if (first) { event.preventDefault(); first.click(); }
      } else if (event.key === "ArrowDown") {
        var link = list.querySelector("a");
        if (link) { event.preventDefault(); link.focus(); }
      }
    });
    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (at < 0 || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? input : links[Math.min(next, links.length - 1)]).focus();
    });
    more.addEventListener("click", showMore);
    dialog.querySelector(".ps-search__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    list.addEventListener("click", function (event) { if (event.target.closest("a")) dialog.close(); });
  }

  function open() {
    if (!dialog) build();
    if (!dialog.open) dialog.showModal();
    var input = dialog.querySelector("input");
    input.focus();
    input.select();
    loadPagefind().catch(function () {});  // fetched while the reader types
  }

  function addButton() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".ps-search-button")) return;
    var button = element("button", "md-header__button md-icon ps-search-button");
    button.type = "button";
    button.setAttribute("aria-label", "Search (press /)");
    button.title = "Search (/ or Ctrl-K)";
    button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
      '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27' +
      'A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 ' +
      '12 5 9.5 5"/></svg>';
    button.addEventListener("click", open);
    var palette = header.querySelector(".ps-palette, form[data-md-component=palette]");
    header.insertBefore(button, palette || null);
  }

  // A link or label that opens the theme's search (the 404 page's "Search the collection") opens this one.
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("label[for=__search], .ps-404-search");
    if (opener) {
      event.preventDefault();
      open();
    }
  });

  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;
    if ((event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      open();
    } else if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
    }
  });

  // papershelf.js, loaded after this script on every page, runs these hooks each time a page is shown.
  (window.papershelfPageHooks = window.papershelfPageHooks || []).push(addButton);
})();
