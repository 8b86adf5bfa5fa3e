/* papershelf: filter and sort the list of all papers (papers/), and filter the authors index.
 * Reads the data-* attributes of each list item; without JavaScript the form
 * stays hidden and the list is a plain list. The choices live in the URL
 * (?topic=…&year=…&author=…&sort=…) so a filtered list can be linked. */
(function () {
  "use strict";

  // Same as papershelf.identity.slugify: ASCII words joined by hyphens.
  function slugify(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function words(value) {
    return (value || "").split(" ").filter(Boolean);
  }

  var byText = function (a, b) { return a < b ? -1 : a > b ? 1 : 0; };
  var comparators = {
    "date-desc": function (a, b) { return byText(b.dataset.date, a.dataset.date); },
    "date-asc": function (a, b) { return byText(a.dataset.date, b.dataset.date); },
    "title": function (a, b) { return a.dataset.title.localeCompare(b.dataset.title); },
    "upvotes": function (a, b) { return Number(b.dataset.upvotes) - Number(a.dataset.upvotes); },
    "authors": function (a, b) { return Number(b.dataset.authors) - Number(a.dataset.authors); },
    "authors-asc": function (a, b) { return Number(a.dataset.authors) - Number(b.dataset.authors); }
  };

  function matches(item, choice) {
    if (choice.topic && words(item.dataset.topics).indexOf(choice.topic) < 0) return false;
    if (choice.year && item.dataset.year !== choice.year) return false;
    if (choice.author) {
      var found = words(item.dataset.people).some(function (slug) { return slug.indexOf(choice.author) >= 0; });
      if (!found) return false;
    }
    return true;
  }

  function setUp(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var list = document.getElementById("ps-all-papers");
    var status = document.getElementById("ps-filter-status");
    var empty = document.getElementById("ps-no-match");
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll("li.ps-paper"));
    items.forEach(function (item, index) { item.dataset.order = index; });
    var fields = { topic: form.elements.topic, year: form.elements.year, author: form.elements.author, sort: form.elements.sort };

    var params = new URLSearchParams(window.location.search);
    Object.keys(fields).forEach(function (name) {
      var value = params.get(name);
      if (value === null) return;
      var field = fields[name];
      if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) return;
      field.value = value;
    });

    function apply() {
      var choice = { topic: fields.topic.value, year: fields.year.value, author: slugify(fields.author.value) };
      var compare = comparators[fields.sort.value] || comparators["date-desc"];
      var sorted = items.slice().sort(function (a, b) {
        return compare(a, b) || Number(a.dataset.order) - Number(b.dataset.order);  // stable: list order breaks ties
      });
      var shown = 0;
      sorted.forEach(function (item) {
        var visible = matches(item, choice);
        item.hidden = !visible;
        if (visible) shown += 1;
        list.appendChild(item);
      });
      status.textContent = shown === items.length ? "Showing all " + items.length + " papers."
        : "Showing " + shown + " of " + items.length + " papers.";
      empty.hidden = shown !== 0;
      var query = new URLSearchParams();
      Object.keys(fields).forEach(function (name) {
        var value = fields[name].value;
        if (value && !(name === "sort" && value === "date-desc")) query.set(name, value);
      });
      var search = query.toString();
      history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // The filter box of the authors index: shows the rows whose name contains what is typed
  // (accents and case ignored, as in the list's author filter).
  function setUpTermFilter(input) {
    if (input.dataset.ready) return;
    input.dataset.ready = "1";
    var table = document.getElementById(input.dataset.filters);
    var status = document.getElementById("ps-term-filter-status");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var names = rows.map(function (row) { return slugify(row.querySelector("a").textContent).replace(/-/g, " "); });
    function apply() {
      var wanted = slugify(input.value).replace(/-/g, " ");
      var shown = 0;
      rows.forEach(function (row, index) {
        var visible = !wanted || names[index].indexOf(wanted) >= 0;
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      status.textContent = wanted ? shown + " of " + rows.length + " match." : "";
    }
    input.addEventListener("input", apply);
    apply();
  }

  function init() {
    var form = document.getElementById("ps-filters");
    if (form) setUp(form);
    var termFilter = document.getElementById("ps-term-filter");
    if (termFilter) setUpTermFilter(termFilter);
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
