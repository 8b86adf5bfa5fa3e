"""Chinese, Japanese and Korean in site search: the index a build writes for real Chinese and Japanese records
(tests/fixtures/search/cjk-gbt7714.json, imported by `papershelf import`, conftest's cjk_search_sites).

Pagefind's English index takes a word to be what stands between spaces; search.cjk_words gives each run of
those scripts a second life as overlapping pairs of letters, in the meta fields cjk_title and cjk_text, and
the search dialog cuts a query the same way (tests/browser/test_search_cjk.py types them)."""

from __future__ import annotations

import itertools

import pytest

from papershelf.site.search import cjk_runs, cjk_words
from sitebuild import pagefind_records

JAPANESE_TITLE = "光コヒーレンス断層拡張現実に基づく手術顕微鏡撮像システム及び方法"
CHINESE_TITLE = "天宫二号遥感图像自然景物分类数据集"


def papers_by_title(site) -> dict[str, dict]:
    return {record["meta"]["title"]: record for record in pagefind_records(site) if record["meta"]["kind"] == "paper"}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_part_of_a_chinese_or_japanese_title_is_a_word_of_its_record(cjk_search_sites, language):
    """Any two letters side by side in the title are a word of cjk_title, and every letter begins one: a
    query's pairs (two letters or more) or its one letter (Pagefind matching a word's start) find it."""
    papers = papers_by_title(cjk_search_sites[language])
    for title in (CHINESE_TITLE, JAPANESE_TITLE):
        words = papers[title]["meta"]["cjk_title"].split(" ")
        letters = list(title)
        assert {a + b for a, b in itertools.pairwise(letters)} <= set(words)
        assert all(any(word.startswith(letter) for word in words) for letter in letters)
        assert "图像" in words if title == CHINESE_TITLE else "顕微" in words


def test_names_and_venues_in_chinese_are_words_of_the_text_and_the_shown_text_is_untouched(cjk_search_sites):
    papers = papers_by_title(cjk_search_sites["en"])
    dataset = papers["人文社会科学数据集检索方法研究的数据集"]
    assert {"王继", "继民", "北京", "大学"} <= set(dataset["meta"]["cjk_text"].split(" "))
    # what a result shows and its snippet is cut from: the record's own text and names, no pair in them
    assert dataset["meta"]["authors"].startswith("王继民, 罗鹏程, 赵常煜")
    assert "王继民, 罗鹏程" in dataset["content"] and "继民 民" not in dataset["content"]
    assert papers["历史的起点：《史记》中的时间设置及其意义"]["meta"]["venue"] == "北京大学学报（哲学社会科学版）"


def test_a_record_without_those_scripts_gets_no_cjk_field(cjk_search_sites):
    """English papers' records (and every record of an English collection) are as they were."""
    genome = papers_by_title(cjk_search_sites["en"])["The genome of Eucalyptus grandis"]
    assert not {"cjk_title", "cjk_text"} & set(genome["meta"])


def test_runs_part_at_punctuation_and_other_scripts():
    """A run stops at Latin letters, digits and punctuation, Japanese's ・ and Chinese's ：《》 included; kana's
    voicing marks and Han's iteration mark are letters of it."""
    assert list(cjk_runs("历史的起点：《史记》中的时间设置")) == ["历史的起点", "史记", "中的时间设置"]
    assert list(cjk_runs("融合星载GNSS-R和SAR数据")) == ["融合星载", "和", "数据"]
    assert list(cjk_runs("ジョン・スミス 人々 がく")) == ["ジョン", "スミス", "人々", "がく"]
    assert list(cjk_runs("한국 고전한문 표점")) == ["한국", "고전한문", "표점"]
    assert cjk_words("图像识别") == "图像 像识 识别 别"
    assert cjk_words("deep learning, 2024") == ""


def test_text_in_decomposed_form_is_cut_as_composed():
    """A title pasted in NFD (か + U+3099 for が) gives the same words as the composed one."""
    assert cjk_words("がくしゅう".replace("が", "か\u3099")) == cjk_words("がくしゅう")


def test_a_very_long_text_gives_pairs_of_its_start_only():
    """A paper's notes may be any length: its record's pairs, which every result showing it fetches, are bounded."""
    from papershelf.site.search import MAX_CONTENT, with_cjk_words

    meta = with_cjk_words({}, "标题", "数据" * MAX_CONTENT + "图像")
    assert len(meta["cjk_text"].split(" ")) == MAX_CONTENT and "图像" not in meta["cjk_text"]
    assert meta["cjk_title"] == "标题 题"
