"""axe-core (from npm, never a CDN) and layout shift on every kind of reader page, light and dark, desktop and phone.

axe-core is installed by scripts/install-browser-tools into $PAPERSHELF_TOOLS/browser; Playwright
injects it into each page. The default run checks two of the four modes (desktop light, phone
dark); the slow run checks all four, and Lighthouse's accessibility score where it is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter

import frontmatter
import pytest
from browsing import CHROMIUM, DESKTOP, PHONE, SCREENSHOTS, TOOLS, Visit

from sitebuild import REPO

pytestmark = pytest.mark.browser

AXE = TOOLS / "axe-core" / "axe.min.js"
LIGHTHOUSE = TOOLS / "lighthouse" / "cli" / "index.js"
MODES = {  # name → (viewport, colour scheme)
    "desktop-light": (DESKTOP, "light"),
    "phone-dark": (PHONE, "dark"),
    "desktop-dark": (DESKTOP, "dark"),
    "phone-light": (PHONE, "light"),
}
# The default run: each kind of page once, the four modes taken in turn (the slow run: every pair).
QUICK = {"home": "phone-dark", "list": "desktop-light", "paper": "phone-light", "topic": "desktop-dark",
         "author": "phone-dark", "year": "desktop-light", "404": "phone-light", "topics": "phone-light",
         "authors": "desktop-dark", "years": "phone-dark", "recent": "desktop-light", "guide": "phone-dark",
         "guide-code": "desktop-light"}
# Every rule axe enables by default, by the standards it checks: WCAG 2.0, 2.1 and 2.2, levels A and AA, and
# axe's best practices (rules of other standards, or off by default, such as AAA contrast, are not run).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a",
                                                      "wcag22aa", "best-practice"]},
               "resultTypes": ["violations"]}
QUICK_SEARCH = ("phone-dark",)

# A line of text moving on a phone is ~0.008; Chrome now and then reports shifts under 0.001 that no element
# caused (none is attributed), which fail no reader. Google's "good" Cumulative Layout Shift is under 0.1.
NOTICEABLE_SHIFT = 0.005

# Sums the layout shifts a reader did not cause, as Chrome's Cumulative Layout Shift does.
MEASURE_LAYOUT_SHIFT = """
window.__layoutShift = 0;
window.__shifted = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__layoutShift += entry.value;
    for (const source of entry.sources) {
      const node = source.node;
      window.__shifted.push((node && (node.outerHTML || node.textContent) || "?").slice(0, 80) + " " +
                            JSON.stringify([source.previousRect.y, source.currentRect.y]));
    }
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE}: run scripts/install-browser-tools")
    return AXE.read_text(encoding="utf-8")


def reader_pages(site_dir) -> dict[str, str]:
    """One page of each kind a reader meets: name → path under the site."""
    posts = {path.stem: frontmatter.load(path) for path in sorted((REPO / "papers").glob("*.md"))}
    slug = max(posts, key=lambda s: len(posts[s]["authors"]))  # a long byline: the fullest row and page
    author = sorted(p.name for p in (site_dir / "authors").iterdir() if p.is_dir() and p.name not in {"by-name", "page"})[0]
    return {"home": "", "list": "papers/", "paper": f"papers/{slug}/",
            "topic": f"topics/{posts[slug]['topics'][0]}/", "author": f"authors/{author}/",
            "year": f"years/{str(posts[slug]['date'])[:4]}/", "404": "no-such-page/",
            "topics": "topics/", "authors": "authors/", "years": "years/", "recent": "recent/week/",
            "guide": "reading/", "guide-code": "customizing/"}  # (guide pages with code blocks and comments)


def open_tab(browser, site_url, mode: str) -> Visit:
    viewport, scheme = MODES[mode]
    phone = viewport is PHONE
    context = browser.new_context(viewport=viewport, color_scheme=scheme, device_scale_factor=2 if phone else 1,
                                  is_mobile=phone, has_touch=phone)
    context.add_init_script(MEASURE_LAYOUT_SHIFT)
    return Visit(context, site_url)


def audit(tab: Visit, path: str, axe_source: str) -> tuple[list[dict], float]:
    """(serious or critical axe violations, layout shift) of the page at `path`, fully loaded."""
    page = tab.page
    page.goto(tab.site_url + path, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 300))))")
    # (shifts are reported a frame after they happen; the theme's scripts have run by then)
    shift = page.evaluate("window.__layoutShift")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    serious = [{"rule": v["id"], "impact": v["impact"], "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5]}
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    return serious, shift


def check_modes(browser, site_url, bundled_site, axe_source, wanted: set[tuple[str, str]]):
    """Audit each (page name, mode) in `wanted`, one browser context per mode."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages, failures = reader_pages(bundled_site), {}
    for mode in MODES:
        if not any(m == mode for _, m in wanted):
            continue
        tab = open_tab(browser, site_url, mode)
        try:
            for name, path in pages.items():
                if (name, mode) not in wanted:
                    continue
                violations, shift = audit(tab, path, axe_source)
                tab.page.screenshot(path=str(SCREENSHOTS / f"a11y-{name}-{mode}.png"), full_page=False)
                if violations:
                    failures[f"{name} ({mode})"] = violations
                if shift >= NOTICEABLE_SHIFT:
                    failures[f"{name} ({mode}) layout shift"] = [shift, tab.page.evaluate("window.__shifted")]
                if tab.page.evaluate("document.body.getAttribute('data-md-color-scheme')") != (
                        "slate" if mode.endswith("dark") else "default"):
                    failures[f"{name} ({mode}) palette"] = "not the reader's colour scheme"
            # the 404 page's own status is logged as a console error
            assert [e for e in tab.errors if "status of 404" not in e] == [], tab.errors
        finally:
            tab.context.close()
    assert not failures, json.dumps(failures, indent=1)


# one test per page: xdist's workers share them out; the list page (the fullest) in the README's command too
@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.smoke) if name == "list" else name
                                  for name in QUICK])
def test_no_serious_axe_violations_and_no_layout_shift(name, browser, site_url, bundled_site, axe_source):
    check_modes(browser, site_url, bundled_site, axe_source, {(name, QUICK[name])})


@pytest.mark.parametrize("mode", [mode if mode in QUICK_SEARCH else pytest.param(mode, marks=pytest.mark.slow)
                                  for mode in MODES])  # the default run: one mode
def test_the_search_dialog_and_its_results_have_no_serious_axe_violations(mode, browser, site_url, bundled_site,
                                                                         axe_source):
    """Open with papers and an author with others of the same name linked under it, the fullest results."""
    posts = [frontmatter.load(path) for path in (REPO / "papers").glob("*.md")]
    families = Counter(name.split()[-1] for post in posts for name in post["authors"])
    family = max(families, key=lambda f: (families[f], f))
    tab = open_tab(browser, site_url, mode)
    try:
        page = tab.page
        page.goto(site_url, wait_until="load")
        page.locator(".ps-search-button").click()
        page.locator("dialog.ps-search input").press_sequentially(family)
        page.wait_for_selector(".ps-search__result--paper")
        widest = page.locator(".ps-search__result--author .ps-search__also a")  # an author with others under it
        while not widest.count() and page.locator(".ps-search__more").is_visible():
            shown = page.locator(".ps-search__result").count()
            page.locator(".ps-search__more").click()
            page.wait_for_function(f"document.querySelectorAll('.ps-search__result').length > {shown}")
        assert widest.count()
        page.mouse.move(0, 0)  # away from the results: a hovered link takes the theme's hover colour
        page.add_script_tag(content=axe_source)
        result = page.evaluate("options => axe.run(document.querySelector('dialog.ps-search'), options)", AXE_OPTIONS)
        page.screenshot(path=str(SCREENSHOTS / f"a11y-search-{mode}.png"))
        serious = [(v["id"], v["help"], [(n["target"], n["failureSummary"]) for n in v["nodes"]][:5])
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, json.dumps(serious, indent=1)
    finally:
        tab.context.close()


@pytest.mark.slow
def test_no_serious_axe_violations_in_every_mode(browser, site_url, bundled_site, axe_source):
    every = {(name, mode) for name in QUICK for mode in MODES}
    check_modes(browser, site_url, bundled_site, axe_source, every - set(QUICK.items()))


@pytest.mark.slow
@pytest.mark.parametrize("form", ["mobile", "desktop"])
def test_lighthouse_accessibility_score(form, site_url, bundled_site, tmp_path):
    """Lighthouse (npm) with Debian's chromium: accessibility ≥ 98 on every kind of page."""
    node = shutil.which("node")
    if node is None or not LIGHTHOUSE.is_file():
        pytest.skip(f"Lighthouse is not installed at {LIGHTHOUSE}: run scripts/install-browser-tools")
    scores = {}
    for name, path in reader_pages(bundled_site).items():
        path = "404.html" if name == "404" else path  # Lighthouse audits no page served with an error status
        report = tmp_path / f"{name}.json"
        command = [node, str(LIGHTHOUSE), site_url + path, "--only-categories=accessibility", "--output=json",
                   f"--output-path={report}", "--quiet", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
        if form == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, timeout=180, env=dict(os.environ, CHROME_PATH=CHROMIUM),
                       capture_output=True)
        result = json.loads(report.read_text(encoding="utf-8"))
        scores[name] = round(result["categories"]["accessibility"]["score"] * 100)
        failed = [key for key, audit in result["audits"].items()
                  if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0]
        if failed:
            scores[name + " failed"] = failed
    assert all(score >= 98 for key, score in scores.items() if not key.endswith("failed")), scores
