"""Search, in Chromium, of a collection of real Chinese, Japanese and Korean records (tests/fixtures/search, imported by
`papershelf import` and built by conftest's cjk_search_sites): typed into the real dialog, as a reader types,
on the site as built (English) and with `theme.language: zh` (where Pagefind cuts the query into words too)."""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest
from browsing import QuietHandler, Visit
from test_search import open_search, search

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("cjk-search-sites")]
SITE_PATH = "/reading-list/"  # sitebuild.build_site's SITE_URL

DATASET = "人文社会科学数据集检索方法研究的数据集"  # by 王继民, 罗鹏程, 赵常煜, … (北京大学开放研究数据平台)
REMOTE_SENSING = "天宫二号遥感图像自然景物分类数据集"
LIBRARIES = "民国图书馆学教育的社会贡献"  # in 纪念北京大学图书馆学教育100周年研讨会论文集
HISTORY = "历史的起点：《史记》中的时间设置及其意义"  # in 北京大学学报（哲学社会科学版）
PATENT = "光コヒーレンス断層拡張現実に基づく手術顕微鏡撮像システム及び方法"
GENOME = "The genome of Eucalyptus grandis"
KOREAN = "딥러닝 기반 한국 고전한문 표점 추론 자동화 모델의 구축과 활용"  # by 양정현, in 역사학연구


class SiteHandler(QuietHandler):
    def translate_path(self, path):
        if path.startswith(SITE_PATH):
            path = "/" + path[len(SITE_PATH):]
        return http.server.SimpleHTTPRequestHandler.translate_path(self, path)


@pytest.fixture(scope="module", params=["en", "zh"])
def cjk_url(request, cjk_search_sites):
    site = cjk_search_sites[request.param]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield request.param, f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def dialog(browser, cjk_url):
    """One tab with the search open, for the module: each test types its queries into it."""
    language, url = cjk_url
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    visit = Visit(context, url)
    open_search(visit.open())
    assert visit.page.evaluate("document.documentElement.getAttribute('lang')") == language  # as built
    visit.language = language
    yield visit
    assert visit.errors == []
    context.close()


def titles(results: list[dict]) -> list[str]:
    return [result["title"] for result in results]


def text_of(snippet: str) -> str:
    return re.sub("<[^>]+>", "", snippet)


def marked(snippet: str) -> list[str]:
    return re.findall("<mark>(.*?)</mark>", snippet)


@pytest.mark.parametrize("query", ["图像", "遥感图像", "自然景物分类", "数据集"])
def test_a_chinese_word_inside_a_title_finds_the_paper(dialog, query):
    """Not the title's first letters: the English index alone found a title only by its start."""
    assert REMOTE_SENSING in titles(search(dialog.page, query))


def test_a_whole_chinese_title_finds_its_paper_first(dialog):
    for title in (REMOTE_SENSING, DATASET, HISTORY):
        assert titles(search(dialog.page, title))[0] == title


def test_a_chinese_name_whole_or_in_part_finds_the_paper_with_the_name_marked(dialog):
    results = search(dialog.page, "王继民")
    assert (results[0]["kind"], results[0]["title"]) == ("Author", "王继民")  # the person whose name it is, first
    paper = next(result for result in results if result["title"] == DATASET)
    assert marked(paper["snippet"]) == ["王继民"]
    given = search(dialog.page, "继民")  # the given name alone, inside the name
    paper = next(result for result in given if result["title"] == DATASET)
    assert text_of(paper["snippet"]).startswith("王继民, 罗鹏程, 赵常煜")  # the record's own text
    assert marked(paper["snippet"]) == ["继民"]


def test_a_word_inside_a_venue_is_marked_in_the_snippet_as_written(dialog):
    results = search(dialog.page, "北京大学")
    assert {HISTORY, LIBRARIES, DATASET} <= set(titles(results))
    libraries = next(result for result in results if result["title"] == LIBRARIES)
    assert "纪念北京大学图书馆学教育100周年研讨会论文集" in text_of(libraries["snippet"])
    assert marked(libraries["snippet"]) == ["北京大学"]


@pytest.mark.parametrize("query", ["手術顕微鏡", "コヒーレンス", "撮像システム", PATENT])
def test_a_japanese_word_finds_the_japanese_patent(dialog, query):
    assert titles(search(dialog.page, query))[0] == PATENT


@pytest.mark.parametrize("query", ["한문", "고전한문 표점", "자동화 모델", "정현", KOREAN])
def test_a_korean_word_or_part_of_one_finds_the_korean_paper(dialog, query):
    """Korean has spaces between words, but a word holds compounds and particles: 한문 of 고전한문, 모델 of 모델의;
    정현 is the given name of 양정현."""
    assert titles(search(dialog.page, query))[0] == KOREAN


def test_an_english_word_finds_the_english_paper_and_marks_it(dialog):
    results = search(dialog.page, "Eucalyptus")
    assert titles(results) == [GENOME]


def test_letters_that_stand_together_nowhere_find_nothing(dialog):
    """Each pair is a word that must be there: 量子计算 (quantum computing) is in none of these records."""
    assert search(dialog.page, "量子计算") == []



def test_the_page_keeps_its_language(dialog):
    """Pagefind is started under the index's language (English), and the page's is put back at once."""
    search(dialog.page, "数据集")
    assert dialog.page.evaluate("document.documentElement.getAttribute('lang')") == dialog.language
