/* papershelf: filter and sort the whole collection on the list of all papers (papers/).
 * The pages are plain HTML lists, one page of papers each; without JavaScript the
 * form is hidden (main.html's <noscript> style) and they are the list. Once a reader filters or sorts (or
 * opens a link with choices in it), papers/list.json — every paper's list entry —
 * is fetched once, and the list shows every matching paper, a page at a time.
 * The choices live in the URL (?topic=…&year=…&author=…&venue=…&sort=…).
 * Values from the data are set as text, never as HTML. */
(function () {
  "use strict";

  var FIELDS = ["topic", "year", "author", "venue", "sort"];
  var SORT_DEFAULT = "date-desc";
  var TYPING_PAUSE = 250;  // ms without a key before a typed name filters

  function simpleSlug(name) {  // list_data.simple_slug: the data gives a slug only where it differs
    return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function byText(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /* A row's buttons, [label, url]: list_data.row_buttons writes an arXiv link as "a" (abstract) or "p" (PDF). */
  function buttons(links, arxiv) {
    return links.map(function (button) {
      if (button === "a") return ["arXiv", "https://arxiv.org/abs/" + arxiv];
      if (button === "p") return ["PDF", "https://arxiv.org/pdf/" + arxiv];
      return button;
    });
  }

  // Letters that carry no accent to drop but have one plain Latin spelling ("Łukasz" is found as "Lukasz").
  var PLAIN = { "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th" };
  // Scripts written without spaces between words: a name in them is found by any part of it.
  var UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

  // A name's words as the author filters compare them: lower case, without accents ("Andersen-Nowak" → two),
  // in any script.
  function nameWords(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/[łøđðıßæœþ]/g, function (letter) { return PLAIN[letter]; })
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // Whether a name in an unspaced script holds what is typed: "王" finds 王继民, "继民" too.
  function unspacedMatch(words, wanted) {
    return UNSPACED.test(wanted.join("")) && words.join("").indexOf(wanted.join("")) >= 0;
  }

  // Whether a name answers the list's author filter: the whole name, or whole words after the given
  // name (a family name, or a part of a double one): "Li" finds "Changye Li", not "Lin" or "Oliver".
  function nameMatches(words, wanted) {
    if (!wanted.length) return true;
    if (unspacedMatch(words, wanted)) return true;
    var text = wanted.join(" ");
    if (words.join(" ") === text) return true;
    for (var at = 1; at + wanted.length <= words.length; at++) {
      if (words.slice(at, at + wanted.length).join(" ") === text) return true;
    }
    return false;
  }

  // Whether a name answers the authors index's box, as one types: each word typed starts a word of the
  // name, given or family ("Li" finds Li and Lin, not Oliver; "lau jean" finds Jean-Paul Laumond).
  function nameStartsWith(words, wanted) {
    if (!wanted.length || unspacedMatch(words, wanted)) return true;
    return wanted.every(function (part) {
      return words.some(function (word) { return word.indexOf(part) === 0; });
    });
  }

  /* The data file, as arrays of objects. */
  function readData(raw) {
    var at = {};
    raw.fields.forEach(function (name, index) { at[name] = index; });
    var authors = raw.authors.map(function (entry) {
      var name = typeof entry === "string" ? entry : entry[0];
      return { name: name, slug: typeof entry === "string" ? simpleSlug(entry) : entry[1], words: nameWords(name),
               page: typeof entry === "string" || entry[2] !== 0 };  // [name, slug, 0]: no page of their own
    });
    var topics = raw.topics.map(function (entry) {
      return { key: entry[0], name: entry[1], slug: entry[2], parent: entry[3] || "" };
    });
    var parentOf = {};
    topics.forEach(function (topic) { parentOf[topic.key] = topic.parent; });
    // a paper's topics and the topics above them: a filter by a topic includes its subtopics' papers
    function withAncestors(direct) {
      var keys = {};
      direct.forEach(function (topic) {
        for (var key = topic.key, depth = 0; key && !keys[key] && depth < 100; key = parentOf[key], depth++) keys[key] = true;
      });
      return keys;
    }
    var papers = raw.papers.map(function (row, order) {
      var venue = row[at.venue];
      var paper = {
        order: order, slug: row[at.slug], title: row[at.title], lowerTitle: row[at.title].toLowerCase(),
        date: row[at.date], shownDate: row[at.shown_date], upvotes: row[at.upvotes],
        // null: more authors than the names, how many not known (more_authors); sorted as one more than the names
        authorCount: row[at.author_count], moreAuthors: row[at.author_count] === null,
        year: row[at.date].slice(0, 4),
        authors: row[at.authors].map(function (index) { return authors[index]; }),
        topics: row[at.topics].map(function (index) { return topics[index]; }),
        topicKeys: withAncestors(row[at.topics].map(function (index) { return topics[index]; })),
        venue: venue >= 0 ? raw.venues[venue] : "",
        snippet: row[at.snippet], buttons: buttons(row[at.links], row[at.arxiv])
      };
      if (paper.moreAuthors) paper.authorCount = paper.authors.length + 1;
      return paper;
    });
    papers.urls = raw.urls;
    return papers;
  }

  var comparators = {
    "date-desc": function (a, b) { return byText(b.date, a.date); },
    "date-asc": function (a, b) { return byText(a.date, b.date); },
    "title": function (a, b) { return a.lowerTitle.localeCompare(b.lowerTitle); },
    "title-desc": function (a, b) { return b.lowerTitle.localeCompare(a.lowerTitle); },
    "upvotes": function (a, b) { return b.upvotes - a.upvotes; },
    "authors": function (a, b) { return b.authorCount - a.authorCount; },
    "authors-asc": function (a, b) { return a.authorCount - b.authorCount; }
  };

  // The criteria of `choice` that a paper fails, stopping at the second: a paper failing one criterion still
  // counts for that criterion's menu (its counts are those the other choices leave).
  function failedCriteria(choice, paper) {
    var failed = [];
    if (choice.topic && !paper.topicKeys[choice.topic]) failed.push("topic");
    if (choice.year && paper.year !== choice.year) failed.push("year");
    if (failed.length < 2 && choice.venue && paper.venue !== choice.venue) failed.push("venue");
    if (failed.length < 2 && choice.author.length
        && !paper.authors.some(function (a) { return nameMatches(a.words, choice.author); })) {
      failed.push("author");
    }
    return failed;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(className, href, text) {
    var node = element("a", className, text);
    node.href = href;
    return node;
  }

  function plural(count, word) { return count.toLocaleString("en") + " " + word + (count === 1 ? "" : "s"); }

  var ROW_AUTHORS = 6, FOLDED_AUTHORS = 30;  // _macros.html, author_links: six, then "+N more" unfolds to 30

  function authorLinks(parent, authors, at) {
    authors.forEach(function (author, index) {
      if (index) parent.appendChild(document.createTextNode(", "));
      parent.appendChild(author.page ? link("", at("author", author.slug), author.name)
        : document.createTextNode(author.name));
    });
  }

  /* One list entry, as the site's pages draw it (templates/_macros.html, paper_item): the same elements,
   * classes and text, so a row looks and works the same whether the page or the filter drew it. */
  function entry(paper, root, urls) {
    var at = function (kind, slug) { return root + urls[kind].replace("{slug}", slug); };
    var page = at("paper", paper.slug);
    var item = element("li", "ps-paper");
    item.appendChild(link("ps-paper__title", page, paper.title));
    var people = element("span", "ps-paper__authors");
    var all = paper.authors;
    var shown = all.length <= ROW_AUTHORS + 1 ? all : all.slice(0, ROW_AUTHORS);
    authorLinks(people, shown, at);
    if (shown.length < all.length) {
      people.appendChild(document.createTextNode(", "));
      var more = element("details", "ps-more-authors");
      more.appendChild(element("summary", "", "+" + (all.length - shown.length) + " more"));
      authorLinks(more, all.slice(shown.length, FOLDED_AUTHORS), at);
      if (all.length > FOLDED_AUTHORS) more.appendChild(document.createTextNode(" and " + plural(all.length - FOLDED_AUTHORS, "other")));
      people.appendChild(more);
    }
    var missing = paper.authorCount - all.length;
    if (missing > 0) {
      people.appendChild(document.createTextNode(" "));
      people.appendChild(element("span", "ps-missing", paper.moreAuthors ? "(more authors not yet recorded)"
        : "(" + plural(missing, "author") + " not yet recorded)"));
    }
    item.appendChild(people);
    var meta = element("span", "ps-paper__meta");
    var time = element("time", "", paper.shownDate);
    time.setAttribute("datetime", paper.date);
    meta.appendChild(time);
    if (paper.venue) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(element("span", "ps-venue", paper.venue));
    }
    if (paper.upvotes) {
      meta.appendChild(document.createTextNode(" · "));
      var votes = element("span", "ps-upvotes");
      votes.title = "Upvotes on Hugging Face Daily Papers";
      var arrow = element("span", "", "▲");
      arrow.setAttribute("aria-hidden", "true");
      votes.appendChild(arrow);
      votes.appendChild(document.createTextNode(" " + plural(paper.upvotes, "upvote")));
      meta.appendChild(votes);
    }
    item.appendChild(meta);
    var chips = element("span", "ps-chips");
    paper.topics.forEach(function (topic) {
      chips.appendChild(link("ps-chip", at("topic", topic.slug), topic.name));
      chips.appendChild(document.createTextNode(" "));
    });
    item.appendChild(chips);
    if (paper.snippet) {
      var snippet = element("details", "ps-snippet");
      var summary = element("summary");
      summary.appendChild(element("span", "ps-snippet__label", "Abstract"));
      summary.appendChild(document.createTextNode(" "));
      summary.appendChild(element("span", "ps-snippet__text", paper.snippet));
      snippet.appendChild(summary);
      var full = element("p", "ps-snippet__full");
      if (paper.snippet.slice(-1) === "…") full.appendChild(link("ps-snippet__source", page + "#abstract", "Read the whole abstract"));
      else full.textContent = paper.snippet;
      snippet.appendChild(full);
      item.appendChild(snippet);
    }
    var actions = element("span", "ps-actions");
    paper.buttons.forEach(function (button) {
      var action = link("ps-action", button[1], button[0]);
      action.rel = "nofollow noopener noreferrer";
      actions.appendChild(action);
    });
    actions.appendChild(link("ps-action", page + "#cite", "Cite"));
    item.appendChild(actions);
    return item;
  }

  // The line under the heading ("37 papers, newest first.") says what the list shows now: a phone's reader, whose
  // filters are folded away, sees "2 of 37 papers, oldest first." rather than a count the rows contradict.
  var SORT_PHRASES = { "date-desc": "newest first", "date-asc": "oldest first", title: "by title (A–Z)",
                       "title-desc": "by title (Z–A)", upvotes: "most upvotes first", authors: "most authors first",
                       "authors-asc": "fewest authors first" };

  function countSentence(shown, total, chosen) {
    var filtered = chosen.topic || chosen.year || chosen.author.length || chosen.venue;
    var papers = total.toLocaleString("en") + (total === 1 ? " paper" : " papers");
    var order = SORT_PHRASES[chosen.sort] || SORT_PHRASES[SORT_DEFAULT];
    return (filtered ? shown.toLocaleString("en") + " of " + papers : papers) + ", " + order + ".";
  }

  function setUp(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var list = document.getElementById("ps-all-papers");
    var status = document.getElementById("ps-filter-status");
    var empty = document.getElementById("ps-no-match");
    var moreBox = document.getElementById("ps-more-papers");
    var pagers = Array.prototype.slice.call(document.querySelectorAll(".ps-pager"));
    if (!list || !status) return;
    var dataUrl = new URL(form.dataset.list, window.location.href);
    var root = new URL(form.dataset.root, window.location.href).pathname;
    var pageSize = Math.max(1, Number(form.dataset.pageSize) || 100);
    var serverItems = Array.prototype.slice.call(list.children);
    var countLine = document.querySelector(".ps-count");
    var builtCount = countLine ? countLine.textContent : "";
    var total = Number(builtCount.replace(/[^0-9]/g, "")) || 0;
    var fields = {};
    FIELDS.forEach(function (name) { fields[name] = form.elements[name]; });
    var data = null, matches = [], shown = 0, applied = 0, urls = null;

    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var value = params.get(name), field = fields[name];
      if (value === null || !field) return;
      if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) return;
      field.value = value;
    });

    function choice() {
      var chosen = {};
      FIELDS.forEach(function (name) { chosen[name] = fields[name] ? fields[name].value : ""; });
      chosen.author = nameWords(chosen.author);
      return chosen;
    }

    function isDefault(chosen) {
      return !chosen.topic && !chosen.year && !chosen.author.length && !chosen.venue && (chosen.sort || SORT_DEFAULT) === SORT_DEFAULT;
    }

    function remember() {
      var query = new URLSearchParams();
      FIELDS.forEach(function (name) {
        var value = fields[name] ? fields[name].value : "";
        if (value && !(name === "sort" && value === SORT_DEFAULT)) query.set(name, value);
      });
      var search = query.toString();
      history.replaceState(history.state, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    function loadData() {
      if (!data) {
        data = fetch(dataUrl.href).then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + response.statusText);
          return response.json();
        }).then(readData);
      }
      return data;
    }

    function showMore() {
      var fragment = document.createDocumentFragment();
      matches.slice(shown, shown + pageSize).forEach(function (paper) { fragment.appendChild(entry(paper, root, urls)); });
      list.appendChild(fragment);
      shown = Math.min(matches.length, shown + pageSize);
      if (moreBox) moreBox.hidden = shown >= matches.length;
    }

    // Each choice's count among the papers the other filters leave ("2024 (3)" once a topic is chosen).
    var FACETS = { topic: function (paper) { return Object.keys(paper.topicKeys); },
                   year: function (paper) { return [paper.year]; },
                   venue: function (paper) { return paper.venue ? [paper.venue] : []; } };

    // One pass over the papers: the ones every choice keeps, and each menu's counts under the other choices.
    function filterAndCount(papers, chosen) {
      var menus = Object.keys(FACETS).filter(function (name) {
        return fields[name] && fields[name].tagName === "SELECT";
      });
      var counts = {}, kept = [];
      menus.forEach(function (name) { counts[name] = {}; });
      papers.forEach(function (paper) {
        var failed = failedCriteria(chosen, paper);
        if (failed.length > 1) return;
        if (!failed.length) kept.push(paper);
        menus.forEach(function (name) {
          if (failed.length && failed[0] !== name) return;
          FACETS[name](paper).forEach(function (value) { counts[name][value] = (counts[name][value] || 0) + 1; });
        });
      });
      menus.forEach(function (name) { showCounts(fields[name], counts[name]); });
      return kept;
    }

    function showCounts(field, counts) {
      Array.prototype.forEach.call(field.options, function (option) {
        if (!option.value) return;
        if (!option.hasAttribute("data-label")) option.setAttribute("data-label", option.textContent.replace(/ \([\d,]+\)$/, ""));
        option.textContent = option.getAttribute("data-label") + " (" + (counts[option.value] || 0).toLocaleString("en") + ")";
      });
    }

    function apply() {
      var number = ++applied;
      var chosen = choice();
      remember();
      if (isDefault(chosen)) {  // back to the page as built
        if (data) data.then(function (papers) { if (number === applied) filterAndCount(papers, chosen); });
        list.replaceChildren.apply(list, serverItems);
        pagers.forEach(function (pager) { pager.hidden = false; pager.style.display = ""; });
        if (moreBox) moreBox.hidden = true;
        empty.hidden = true;
        status.textContent = "Showing all " + total.toLocaleString("en") + " papers.";
        if (countLine) countLine.textContent = builtCount;
        return Promise.resolve();
      }
      status.textContent = "Loading the list of papers…";
      return loadData().then(function (papers) {
        if (number !== applied) return;
        urls = papers.urls;
        var compare = comparators[chosen.sort] || comparators[SORT_DEFAULT];
        matches = filterAndCount(papers, chosen).sort(function (a, b) {
          return compare(a, b) || a.order - b.order;  // stable: the collection's order breaks ties
        });
        shown = 0;
        list.textContent = "";
        showMore();
        pagers.forEach(function (pager) { pager.hidden = true; pager.style.display = "none"; });
        empty.hidden = matches.length !== 0;
        status.textContent = "Showing " + matches.length.toLocaleString("en") + " of "
          + papers.length.toLocaleString("en") + " papers.";
        if (countLine) countLine.textContent = countSentence(matches.length, papers.length, chosen);
      }).catch(function (error) {
        if (number === applied) status.textContent = "The list of papers could not be loaded (" + error.message + ").";
      });
    }

    // Typing a name filters once the typing pauses, not at every key (a key cost 826 ms at 1,000 papers on
    // a slow phone); a choice in a menu, or Enter, at once.
    var typing = null;
    form.addEventListener("input", function (event) {
      clearTimeout(typing);
      if (event.target.tagName === "INPUT" && event.target.value.trim()) typing = setTimeout(apply, TYPING_PAUSE);
      else apply();  // a menu, or the name field emptied: back to the list at once
    });
    form.addEventListener("change", function () { clearTimeout(typing); apply(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (moreBox) moreBox.querySelector("button").addEventListener("click", showMore);
    apply();
  }

  // The filter box of the authors index: shows the authors whose name's words start with what is typed
  // (nameStartsWith: accents and case ignored, any script). A paged index holds one page of them; its box then searches every author of the
  // collection, from names.json (list_data.term_names), fetched once at the first key.
  function setUpTermFilter(input) {
    if (input.dataset.ready) return;
    input.dataset.ready = "1";
    var table = document.getElementById(input.dataset.filters);
    var status = document.getElementById("ps-term-filter-status");
    if (!table) return;
    var body = table.querySelector("tbody");
    var rows = Array.prototype.slice.call(body.querySelectorAll("tr"));
    var names = rows.map(function (row) {  // a term without a page of its own is its name, unlinked
      var cell = row.querySelector("td");
      return nameWords((cell.querySelector("a") || cell.firstChild || cell).textContent);
    });
    var everyone = null, typing = null, asked = 0;

    function loadNames() {
      if (!everyone) {
        var root = new URL(input.dataset.root, window.location.href).href;
        everyone = fetch(new URL(input.dataset.names, window.location.href).href).then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + response.statusText);
          return response.json();
        }).then(function (raw) {
          var terms = raw.terms.map(function (entry, order) {
            var slug = entry.length > 2 ? entry[2] : simpleSlug(entry[0]);
            return { name: entry[0], count: entry[1], order: order, words: nameWords(entry[0]),
                     url: entry[3] === 0 ? "" : root + raw.url.replace("{slug}", slug) };
          });
          if (input.dataset.order !== "name") {  // the file is by family name; this index by paper count
            terms.sort(function (a, b) { return b.count - a.count || a.name.toLowerCase().localeCompare(b.name.toLowerCase()); });
          }
          return terms;
        });
      }
      return everyone;
    }

    function row(term) {
      var line = document.createElement("tr");
      line.className = "ps-term";
      var cell = document.createElement("td"), count = document.createElement("td"), anchor = document.createElement("a");
      anchor.href = term.url;
      anchor.textContent = term.name;
      cell.appendChild(term.url ? anchor : document.createTextNode(term.name));
      count.className = "ps-term__count";
      count.textContent = String(term.count);
      line.appendChild(cell);
      line.appendChild(count);
      return line;
    }

    function applyHere(wanted) {  // this page's rows: the whole index, or no filter
      var shown = 0;
      body.replaceChildren.apply(body, rows);
      rows.forEach(function (line, index) {
        var visible = nameStartsWith(names[index], wanted);
        line.hidden = !visible;
        if (visible) shown += 1;
      });
      status.textContent = wanted.length ? shown + " of " + rows.length + " match." : "";
    }

    function apply() {
      var wanted = nameWords(input.value);
      var number = ++asked;
      if (!wanted.length || !input.dataset.names) return applyHere(wanted);
      status.textContent = "Searching every author…";
      loadNames().then(function (terms) {
        if (number !== asked) return;
        var found = terms.filter(function (term) { return nameStartsWith(term.words, wanted); });
        var fragment = document.createDocumentFragment();
        found.slice(0, 1000).forEach(function (term) { fragment.appendChild(row(term)); });
        body.replaceChildren(fragment);
        status.textContent = found.length + " of " + terms.length + " match" +
          (found.length > 1000 ? "; the first 1000 shown." : ".");
      }).catch(function (error) {
        if (number !== asked) return;
        applyHere(wanted);
        status.textContent += " (this page only: " + error.message + ")";
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(typing);
      if (input.dataset.names) typing = setTimeout(apply, TYPING_PAUSE);
      else apply();  // one page of rows: at once
    });
    apply();
  }

  // A list row carries its abstract's start; unfolded, the whole abstract comes from the paper's page
  // (fetched once, kept by the browser's cache). If that fails, the row keeps its link to the page.
  function showWholeAbstract(event) {
    var details = event.target;
    if (!details.open || !details.classList || !details.classList.contains("ps-snippet")) return;
    var source = details.querySelector("a.ps-snippet__source");
    if (!source || details.getAttribute("data-loading")) return;
    details.setAttribute("data-loading", "");
    fetch(source.href.split("#")[0]).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (html) {
      var abstract = new DOMParser().parseFromString(html, "text/html").querySelector(".ps-abstract");
      if (!abstract) throw new Error("no abstract on " + source.href);
      source.parentNode.textContent = abstract.textContent.replace(/\s+/g, " ").trim();
    }).catch(function () {
      details.removeAttribute("data-loading");
    });
  }
  document.addEventListener("toggle", showWholeAbstract, true);  // toggle does not bubble: caught on its way down

  // On a narrow screen the filters fold behind one "Filter" button (papershelf.css), which says how many are set.
  function setUpFold(form) {
    var toggle = document.querySelector(".ps-filters__toggle");
    if (!toggle || toggle.dataset.ready) return;
    toggle.dataset.ready = "1";
    function label() {
      var set = FIELDS.filter(function (name) {
        var field = form.elements[name];
        return field && field.value && !(name === "sort" && field.value === SORT_DEFAULT);
      }).length;
      toggle.textContent = set ? "Filter (" + set + ")" : "Filter";
    }
    toggle.addEventListener("click", function () {
      var open = form.classList.toggle("ps-filters--open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var first = form.querySelector("select, input");
        if (first) first.focus();
      }
    });
    form.addEventListener("input", label);
    form.addEventListener("change", label);
    label();
  }

  // A code block wider than the screen scrolls: it takes the keyboard's focus, so it can be scrolled without a
  // mouse (axe: scrollable-region-focusable).
  function focusableCode() {
    document.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      if (code.scrollWidth > code.clientWidth && !code.hasAttribute("tabindex")) code.setAttribute("tabindex", "0");
    });
  }

  // "Added this week / this month" on the reader's day, not the build's: a published site is built when
  // papers are pushed, and its counts and recent views would otherwise stay as they were that day.
  var SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function pad(number) { return (number < 10 ? "0" : "") + number; }

  function isoDay(date) { return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()); }

  function shownDay(iso) {  // as the pages write a date (text.display_date): "Mar 5, 2026"
    var parts = iso.split("-");
    return SHORT_MONTHS[Number(parts[1]) - 1] + " " + Number(parts[2]) + ", " + parts[0];
  }

  // The first day of the last `days` days, today (the reader's) included.
  function firstDay(days) {
    var now = new Date();
    return isoDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1)));
  }

  function papersWord(count) { return count.toLocaleString("en") + " paper" + (count === 1 ? "" : "s"); }

  // Home: "this week (N) · this month (N)", from the days papers were added (data-recent-added).
  function countRecent(box) {
    var added;
    try { added = JSON.parse(box.getAttribute("data-recent-added") || "{}"); } catch { return; }
    Array.prototype.forEach.call(box.querySelectorAll("[data-recent-days]"), function (count) {
      var start = firstDay(Number(count.getAttribute("data-recent-days")));
      var total = 0;
      Object.keys(added).forEach(function (day) { if (day >= start) total += Number(added[day]) || 0; });
      count.textContent = total.toLocaleString("en");
    });
  }

  // A recent view (recent/week/): the rows added within its last days, counted and dated for today.
  function keepRecentView(count) {
    var days = Number(count.getAttribute("data-recent-days"));
    var list = document.getElementById("ps-recent-papers");
    var empty = document.getElementById("ps-recent-empty");
    if (!days || !list) return;
    var start = firstDay(days), today = isoDay(new Date()), shown = 0;
    Array.prototype.forEach.call(list.children, function (row) {
      var added = row.querySelector(".ps-added time");
      var keep = Boolean(added) && added.getAttribute("datetime") >= start;
      row.hidden = !keep;
      row.style.display = keep ? "" : "none";
      if (keep) shown += 1;
    });
    count.querySelector(".ps-recent-count").textContent = papersWord(shown);
    [[".ps-recent-start", start], [".ps-recent-end", today]].forEach(function (pair) {
      var time = count.querySelector(pair[0]);
      time.setAttribute("datetime", pair[1]);
      time.textContent = shownDay(pair[1]);
    });
    list.hidden = shown === 0;
    if (empty) empty.hidden = shown !== 0;
  }

  function init() {
    focusableCode();
    var recentLinks = document.querySelector(".ps-recent-links[data-recent-added]");
    if (recentLinks) countRecent(recentLinks);
    var recentCount = document.querySelector(".ps-count[data-recent-days]");
    if (recentCount) keepRecentView(recentCount);
    var form = document.getElementById("ps-filters");
    if (form) setUp(form);  // first: it sets the fields from the URL, which the fold's button then counts
    if (form) setUpFold(form);
    var termFilter = document.getElementById("ps-term-filter");
    if (termFilter) setUpTermFilter(termFilter);
    (window.papershelfPageHooks || []).forEach(function (hook) { hook(); });
  }

  // mkdocs-material's instant navigation swaps pages without a load event.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
