"""What the one header of every page draws from files the plugin writes: the logo and the palette toggle.

The theme's icon for the logo is inline SVG in every page (~400 bytes); papershelf's header
has an empty <span class="ps-logo">, drawn from assets/papershelf/logo.svg by papershelf.css.

mkdocs-material draws its toggle as a form of radio buttons with an icon per palette, and an
inline script that applies a reader's choice, in every page (~2 KB). papershelf's pages are
many (~50,000 at 10,000 papers), so each has one empty button and a <script src> of this
file, loaded at the top of <body> (before anything shows: no flash of the other palette); the
palettes, their names and icons live here once. The few pages of the nav (home, lists, indexes)
have it inline instead: one request less before their first paint. A reader's choice is stored as the theme
stores it (the same key and value), so it holds on every page of the site.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.theme import Theme

PALETTE_JS = "assets/papershelf/palette.js"
LOGO_SVG = "assets/papershelf/logo.svg"  # papershelf.css draws .ps-logo with it (the site's logo image wins)
AUTOMATIC = "(prefers-color-scheme)"

SCRIPT = """// papershelf: the site's colour palettes (written by the build from mkdocs.yml), applied before the page shows,
// and the header's toggle between them.
(function () {
  "use strict";
  var palettes = %(palettes)s;
  var here = document.currentScript;  // this file (assets/papershelf/), or a copy inline in a page
  var scope = %(scope)s ? new URL(%(scope)s, location)
    : here.src ? new URL("../..", here.src) : new URL(here.getAttribute("data-base"), location);
  var key = scope.pathname + ".__palette";
  function stored() {
    try { return JSON.parse(localStorage.getItem(key)); } catch (error) { return null; }
  }
  function shown(index) {  // the palette whose colours show at this position of the toggle
    if (palettes[index].media !== "%(automatic)s") return palettes[index];
    var wanted = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    for (var i = 0; i < palettes.length; i++) {
      if (palettes[i].media === "(prefers-color-scheme: " + wanted + ")") return palettes[i];
    }
    return palettes[index];
  }
  function first() {
    var saved = stored();
    if (saved && typeof saved.index === "number" && palettes[saved.index]) return saved.index;
    for (var i = 0; i < palettes.length; i++) {
      var media = palettes[i].media;
      if (media && media !== "%(automatic)s" && matchMedia(media).matches) return i;
    }
    return 0;
  }
  function apply(index) {
    var palette = shown(index);
    ["scheme", "primary", "accent"].forEach(function (name) {
      document.body.setAttribute("data-md-color-" + name, palette[name]);
    });
  }
  var current = first();
  apply(current);
  function draw(button) {
    button.innerHTML = palettes[current].icon;
    button.setAttribute("aria-label", palettes[current].name);
    button.title = palettes[current].name;
  }
  function wire() {
    var button = document.querySelector(".ps-palette");
    if (!button) return;
    draw(button);
    button.addEventListener("click", function () {
      current = (current + 1) %% palettes.length;
      apply(current);
      var palette = palettes[current];
      try {
        localStorage.setItem(key, JSON.stringify({index: current, color: {media: palette.media,
          scheme: palette.scheme, primary: palette.primary, accent: palette.accent}}));
      } catch (error) { /* no storage (a private window): the choice lasts for this page */ }
      draw(button);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
"""


def toggled_palettes(theme: Theme) -> list[dict[str, Any]]:
    """mkdocs.yml's palettes when the reader can switch between them (a list with toggles), else []."""
    palettes = theme.get("palette")
    if not isinstance(palettes, list) or not any(isinstance(p, dict) and p.get("toggle") for p in palettes):
        return []
    return [p for p in palettes if isinstance(p, dict)]


def icon_svg(name: str, theme_dirs: list[str]) -> str:
    """The theme's icon `name` ("material/brightness-7") as inline SVG, hidden from assistive technology."""
    for folder in theme_dirs:
        path = Path(folder) / ".icons" / f"{name}.svg"
        if path.is_file():
            return path.read_text(encoding="utf-8").strip().replace("<svg ", '<svg aria-hidden="true" ', 1)
    return ""


def palette_script(theme: Theme, scope: str | None = None) -> str:
    """The text of assets/papershelf/palette.js for these theme options."""
    entries = []
    for palette in toggled_palettes(theme):
        toggle = palette.get("toggle") or {}
        entries.append({
            "media": palette.get("media") or "",
            "scheme": str(palette.get("scheme") or "default").replace(" ", "-"),
            "primary": str(palette.get("primary") or "indigo").replace(" ", "-"),
            "accent": str(palette.get("accent") or "indigo").replace(" ", "-"),
            "name": str(toggle.get("name") or "Switch colour scheme"),
            "icon": icon_svg(str(toggle.get("icon") or "material/brightness-6"), list(theme.dirs)),
        })
    as_js = json.dumps(entries, ensure_ascii=True).replace("</", "<\\/")
    return SCRIPT % {"palettes": as_js, "scope": json.dumps(scope), "automatic": AUTOMATIC}


def logo_svg(theme: Theme) -> str:
    """The theme's logo icon (theme.icon.logo, as its partials/logo.html chooses it) as an SVG file."""
    icon = (theme.get("icon") or {}).get("logo") or "material/library"
    return icon_svg(str(icon), list(theme.dirs)).replace(' aria-hidden="true"', "", 1)
