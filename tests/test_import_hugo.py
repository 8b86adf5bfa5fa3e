"""A Hugo research site's publication pages (Hugo Blox, Wowchemy, Academic) imported as they are in real sites'
repositories (fixtures/sources/README.md, "hugo/"): the folder, the site, one page; each page's fields checked
against the page and its cite.bib."""

from __future__ import annotations

import shutil
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from import_checks import collection
from papershelf.cli import cli
from papershelf.model.problems import UsageError
from papershelf.sources import PaperDraft, Skipped, range_dash
from papershelf.sources.detect import HUGO, detect_format
from papershelf.sources.hugo import publications_folder, read_hugo_site

SAMPLES = Path(__file__).parent / "fixtures" / "sources" / "hugo"
LAB = SAMPLES / "3dim-website"
TOPICS = "- id: imaging\n  title: Computational imaging\n"


def read(path: Path) -> dict[str, PaperDraft | Skipped]:
    """The items of a Hugo import, by the page's folder name."""
    return {Path(item.origin).parent.name or Path(item.origin).stem: item for item in read_hugo_site(path).items}


def test_a_labs_pages_take_their_authors_from_the_sites_profiles_and_cite_bib():
    pages = read(LAB / "content" / "publication")
    fiber = pages["balaji-2026-fiber-arxiv"]
    assert isinstance(fiber, PaperDraft)
    # murali-balaji, parker-liu, patrick-cornwall (folder Patrick-Cornwall), tianyi-wang: profiles' titles;
    # "Jürgen Czarske" as written; florian-willomitzer: a profile
    assert fiber.meta["authors"] == ["Muralidhar Madabhushi Balaji", "Parker Liu", "Patrick Cornwall", "Tianyi Wang",
                                     "Jürgen Czarske", "Florian Willomitzer"]
    assert (fiber.meta["date"], fiber.meta["arxiv"], fiber.meta["doi"]) == ("2026-05-27", "2605.29110",
                                                                           "10.48550/arXiv.2605.29110")
    assert fiber.meta["venue"] is None  # publication: '*arXiv preprint*'
    assert fiber.meta["citation"] == {"key": "balaji2026lensless", "type": "article"}  # the cite.bib's key
    assert fiber.meta["tags"] == ["SWH_FiberImaging"] and fiber.keywords[0] == "SWH_FiberImaging"
    assert fiber.ignored == []  # featured, image, weights, publishDate: how the site shows the page


def test_a_profile_the_site_lacks_takes_cite_bibs_spelling_and_says_so():
    kassem = read(LAB / "content" / "publication")["kassem-2025-intensity"]
    assert isinstance(kassem, PaperDraft)
    assert kassem.meta["authors"][:2] == ["Khaled Kassem", "Areeba Fatima"]  # cite.bib: Kassem, Khaled and …
    assert kassem.meta["authors"][2] == "Patrick Cornwall"  # a profile of the site
    assert ("author 'khaled-kassem' (a profile the site does not have: named 'Khaled Kassem' as its cite.bib does)"
            in kassem.ignored)


def test_a_year_written_as_its_first_day_stays_a_year_and_the_venue_loses_its_markdown():
    pages = read(LAB / "content" / "publication")
    hand = pages["arold-2014-hand"]  # date: '2014-01-01'; cite.bib: year={2014}
    assert isinstance(hand, PaperDraft) and hand.meta["date"] == "2014"
    towards = pages["cornwall-2023-towards"]  # date: "2023-08-16"; cite.bib: year={2023}
    assert isinstance(towards, PaperDraft) and towards.meta["date"] == "2023-08-16"
    assert towards.meta["venue"] == "Computational Optical Sensing and Imaging"  # '*Computational … Imaging*'
    assert towards.meta["citation"]["pages"] == "CTh2B–3"  # Google Scholar's cite.bib writes `CTh2B--3`: LaTeX's –
    assert towards.meta["links"] == {"pdf": "https://opg.optica.org/abstract.cfm?URI=COSI-2023-CTh2B.3"}
    assert towards.abstract.startswith("We present a method for the computational synthesis")
    assert towards.notes == ""  # its text is the theme's "Add the **full text** or **supplementary notes**…"
    assert "1 paragraph(s) of the theme's example text (not imported)" in towards.ignored


def test_others_a_named_link_and_an_empty_page():
    pages = read(LAB / "content" / "publication")
    seminar = pages["hausler-2017-seminar"]
    assert isinstance(seminar, PaperDraft)
    assert "others" not in seminar.meta["authors"] and seminar.meta["more_authors"] is True
    assert seminar.meta.get("author_count") is None  # "and others" says there are more, not how many
    book = pages["willomitzer-2024-synthetic"]
    assert isinstance(book, PaperDraft) and book.meta["links"]["book-page"].startswith("https://www.wiley.com/en-us/")
    empty = pages["nero-2026-fog"]
    assert isinstance(empty, Skipped) and empty.reason.startswith("no front matter")


def test_numbered_types_the_themes_callout_and_ieee_cite_bib():
    pages = read(SAMPLES / "bitxinggroup")  # the site: content/publication is found in it
    article = pages["journal-article1"]
    assert isinstance(article, PaperDraft)
    assert article.meta["citation"]["type"] == "article"  # publication_types: ["2"]
    assert article.meta["venue"] == "IEEE Internet of Things Journal"
    assert article.meta["date"] == "2023"  # '2023-01-01T00:00:00Z', and the cite.bib gives the year alone
    assert article.notes == ""
    assert "Hugo shortcodes" not in " ".join(article.ignored)  # the callout held the example text, dropped whole


def test_hugo_blox_today_ids_typed_links_and_a_data_profile():
    pages = read(SAMPLES / "hugo-blox-academic-cv")
    paper = pages["conference-paper"]
    assert isinstance(paper, PaperDraft)
    assert paper.meta["authors"] == ["Alex Johnson", "Robert Ford"]  # me: data/authors/me.yaml, given + family
    assert paper.meta["doi"] == "10.5555/123456"  # hugoblox: ids: doi
    assert paper.meta["venue"] == "HugoBlox Kit Conference"  # "In *HugoBlox Kit Conference*"
    assert paper.meta["links"] == {"code": "https://github.com/HugoBlox/kit", "data": "https://github.com/HugoBlox/kit",
                                   "slides": "https://www.slideshare.net/", "source": "https://github.com/HugoBlox/kit",
                                   "video": "https://youtube.com"}  # pdf: "" left out
    assert "author_notes" in paper.ignored
    preprint = pages["preprint"]
    assert isinstance(preprint, PaperDraft) and preprint.meta["arxiv"] == "1512.04133"  # links: provider arxiv
    assert "custom-link" not in preprint.meta["links"]  # http://example.org: the theme's placeholder
    assert preprint.notes.startswith("Lorem ipsum")  # its summary; the example paragraphs are not imported
    # "my [previous paper](/publications/conference-paper/)": a page of the site, which has no address here
    assert preprint.notes.endswith("This work is driven by the results in my previous paper on LLMs.")
    assert ("links in the text to the site's own pages or files, or to no web address "
            "(/publications/conference-paper/: kept as text)") in preprint.ignored


def test_academic_2019_toml_front_matter():
    [(name, page)] = read(SAMPLES / "academic-2019").items()
    assert isinstance(page, PaperDraft)
    assert page.meta["title"] == "Mobile visual clothing search"
    assert page.meta["authors"] == ["GA Cushen", "MS Nixon"]  # the page's spelling, not cite.bib's
    assert page.meta["date"] == "2013-07-01" and page.meta["citation"]["type"] == "inproceedings"
    assert page.meta["venue"] == "International Conference on Multimedia and Expo Workshops (ICMEW), IEEE."
    assert page.meta["links"] == {"pdf": "http://eprints.soton.ac.uk/352095/1/Cushen-IMV2013.pdf",
                                  "preprint": "http://eprints.soton.ac.uk/352095/1/Cushen-IMV2013.pdf"}  # "#": none
    assert page.meta["citation"]["pages"] == "1–6"
    assert page.notes.startswith("A mobile visual clothing search system is presented")  # abstract_short
    assert "More detail can easily be written" not in page.notes


def test_one_page_is_detected_and_read_with_its_bundle(tmp_path):
    page = LAB / "content" / "publication" / "balaji-2026-fiber-arxiv" / "index.md"
    assert detect_format(page.read_text(encoding="utf-8")) == HUGO
    root = collection(tmp_path, TOPICS)
    result = CliRunner().invoke(cli, ["import", str(page), "--root", str(root), "--topic", "imaging"])
    assert result.exit_code == 0, result.output
    [post] = map(frontmatter.load, (root / "papers").glob("*.md"))
    assert post["authors"][0] == "Muralidhar Madabhushi Balaji" and post["citation"]["key"] == "balaji2026lensless"


def test_the_command_imports_a_site_folder_whole_and_the_site_shows_it(tmp_path):
    from sitebuild import build_site, scratch_collection

    root = scratch_collection(tmp_path / "shelf", papers={})
    site = shutil.copytree(LAB, tmp_path / "site")
    command = ["import", str(site), "--root", str(root), "--topic", "mechanistic-interpretability"]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 1, result.output  # nero-2026-fog: an empty page, skipped with its reason
    assert "site (Hugo Blox / Wowchemy / Academic publication pages): added 7 papers" in result.output
    assert "site: content/publication/nero-2026-fog/index.md: skipped: no front matter" in result.output
    again = CliRunner().invoke(cli, command)
    assert "added 0 papers" in again.output and "7 already there and unchanged" in again.output
    build = build_site(root, tmp_path / "built")
    assert build.returncode == 0, build.stderr
    pages = tmp_path / "built" / "papers"
    [book] = [path.read_text(encoding="utf-8") for path in pages.glob("synthetic-wavelength-imaging*/index.html")]
    assert '>Florian Willomitzer</a>' in book  # florian-willomitzer: the profile's title
    assert ('href="https://www.wiley.com/en-us/Computational+Imaging+for+Scene+Understanding%3A+Transient%2C+Spectral'
            '%2C+and+Polarimetric+Analysis-p-9781394284429" rel="nofollow noopener noreferrer">Book page</a>') in book


def test_a_relative_link_joins_the_sites_base_url(tmp_path):
    site = shutil.copytree(SAMPLES / "bitxinggroup", tmp_path / "site")
    (site / "hugo.toml").write_text('baseURL = "https://lab.example.edu/"\n', encoding="utf-8")
    page = site / "content" / "publication" / "journal-article1" / "index.md"
    text = page.read_text(encoding="utf-8").replace("featured: false", "featured: false\nurl_pdf: files/a.pdf")
    page.write_text(text + "\n\nThe [talk](/files/talk.pdf), [code](https://github.com/x/y), [a script]"
                    "(javascript:alert(1)) and ![a figure](figure.png).\n", encoding="utf-8")
    article = read(site)["journal-article1"]
    assert isinstance(article, PaperDraft) and article.meta["links"]["pdf"] == "https://lab.example.edu/files/a.pdf"
    # the bundle's image left out, the script's link kept as its text
    assert article.notes == "The [talk](https://lab.example.edu/files/talk.pdf), [code](https://github.com/x/y), a script and ."


def test_a_folder_that_is_not_a_hugo_site_says_what_a_folder_can_be(tmp_path):
    (tmp_path / "notes.md").write_text("# reading\n", encoding="utf-8")
    with pytest.raises(UsageError, match="imports a folder only as a Hugo site's publications"):
        publications_folder(tmp_path)
    (tmp_path / "c").mkdir()
    result = CliRunner().invoke(cli, ["import", str(tmp_path), "--root", str(collection(tmp_path / "c", TOPICS))])
    assert result.exit_code == 2 and "for a library's export, give the file" in result.output


def test_a_page_that_is_not_utf8_or_has_broken_front_matter_is_skipped_with_why(tmp_path):
    folder = tmp_path / "content" / "publication"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "index.md").write_bytes(b"---\ntitle: Caf\xe9\npublication_types: ['2']\n---\n")
    (folder / "b").mkdir()
    (folder / "b" / "index.md").write_text("---\ntitle: [unclosed\npublication_types: ['2']\n---\n", encoding="utf-8")
    pages = read(tmp_path)
    assert isinstance(pages["a"], Skipped) and "is not UTF-8 text (byte 14)" in pages["a"].reason
    assert isinstance(pages["b"], Skipped) and pages["b"].reason.startswith("front matter line")


@pytest.mark.parametrize(("pages", "kept"), [("46-53", "46–53"), ("S12--S19", "S12–S19"), ("CTh2B-3", "CTh2B-3"),
                                             ("46-53, 60-62", "46–53, 60–62"), ("arXiv:2401.00001", "arXiv:2401.00001")])
def test_page_ranges_take_an_en_dash_and_article_numbers_stay(pages, kept):
    assert range_dash(pages) == kept


def test_reading_is_bounded_and_follows_no_link(tmp_path, monkeypatch):
    from papershelf.sources import hugo

    site = shutil.copytree(SAMPLES / "bitxinggroup", tmp_path / "site")
    pages = site / "content" / "publication"
    (pages / "linked").symlink_to(LAB / "content" / "publication" / "arold-2014-hand")  # a link: not followed
    theme = site / "content" / "publication" / "themes" / "academic" / "example"
    theme.mkdir(parents=True)  # a theme's example pages are not the site's
    shutil.copy(LAB / "content" / "publication" / "arold-2014-hand" / "index.md", theme / "index.md")
    assert sorted(read(site)) == ["journal-article1", "journal-article1 copy 2"]
    monkeypatch.setattr(hugo, "MAX_PAGES", 1)
    with pytest.raises(UsageError, match="holds more than 1 pages: import its subfolders one by one"):
        read(site)
    monkeypatch.setattr(hugo, "MAX_PAGES", 20_000)
    monkeypatch.setattr(hugo, "MAX_BYTES", 2_000)
    with pytest.raises(UsageError, match="hold more than 2,000 bytes, the limit for an import"):
        read(site)


def test_a_multilingual_sites_publications_are_found_under_its_language(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SAMPLES / "bitxinggroup" / "content" / "publication", site / "content" / "en" / "publication")
    assert publications_folder(site) == site / "content" / "en" / "publication"
    assert sorted(read(site)) == ["journal-article1", "journal-article1 copy 2"]


def test_hostile_pages_are_skipped_with_why_and_nothing_runs(tmp_path):
    pages = tmp_path / "content" / "publication"
    for name in ("deep", "script", "nested"):
        (pages / name).mkdir(parents=True)
    # tomllib recurses once per nested array: 100,000 of them would crash the import
    (pages / "deep" / "index.md").write_text("+++\ntitle = 'Deep'\npublication_types = ['1']\nx = "
                                             + "[" * 100_000 + "]" * 100_000 + "\n+++\n", encoding="utf-8")
    (pages / "script" / "index.md").write_text(
        "---\ntitle: '<script>alert(1)</script> Bold'\nauthors: ['**A B**', {name: C D}]\ndate: '2020-02-03'\n"
        "publication_types: ['2']\nurl_pdf: 'javascript:alert(1)'\n---\n[click](javascript:alert(1)) and <img src=x "
        "onerror=alert(1)>\n", encoding="utf-8")
    (pages / "nested" / "index.md").write_text("---\ntitle: T\nauthors: [A B]\ndate: '2020'\npublication_types: "
                                               "['2']\ntags: " + "[" * 40 + "]" * 40 + "\n---\n", encoding="utf-8")
    read_back = read(tmp_path)
    assert isinstance(read_back["deep"], Skipped) and "nested too deeply" in read_back["deep"].reason
    assert isinstance(read_back["nested"], Skipped) and "nested over 16 deep" in read_back["nested"].reason
    script = read_back["script"]
    assert isinstance(script, PaperDraft) and script.meta["authors"] == ["A B", "C D"]
    assert script.meta["links"] == {} and "link pdf ('javascript:alert(1)' is not a web address" in " ".join(script.ignored)
    assert script.notes == "click and &lt;img src=x onerror=alert(1)>"  # no link to run, no tag to render
    (tmp_path / "shelf").mkdir()
    root = collection(tmp_path / "shelf", TOPICS)
    result = CliRunner().invoke(cli, ["import", str(tmp_path), "--root", str(root), "--topic", "imaging"])
    assert result.exit_code == 1 and "added 1 paper" in result.output and "Traceback" not in result.output
    assert CliRunner().invoke(cli, ["validate", "--root", str(root)]).exit_code == 0


def test_a_month_written_as_its_first_day_stays_a_month_and_admin_is_the_labs_head():
    [(name, page)] = read(SAMPLES / "ansr-lab").items()
    assert isinstance(page, PaperDraft)
    assert page.meta["date"] == "2021-01"  # date: '2021-01-01'; cite.bib: month = {January}, year = {2021}
    assert page.meta["authors"][3] == "Lisa Nickerson"  # `admin`: content/authors/admin/_index.md's title
    assert page.meta["authors"][6] == "Dost Öngür"
    assert page.meta["citation"]["pages"] == "sgaa073" and page.meta["venue"] == "Schizophrenia Bulletin Open"


def test_cite_bibs_and_others_counts_only_when_it_counts_more_than_the_page_names():
    from papershelf.sources.hugo import Site, page_to_draft

    page = "---\ntitle: T\nauthors: [A B, C D, E F]\ndate: '2020'\npublication_types: ['2']\n---\n"
    fewer = page_to_draft(page, "p", Site(), "@article{k, title={T}, author={B, A and others}, year={2020}}")
    more = page_to_draft(page, "p", Site(), "@article{k, title={T}, author={B, A and D, C and F, E and G, H and "
                                            "others}, year={2020}}")
    # "B, A and others": two authors or more, and the page names three: nothing says it lacks any
    assert isinstance(fewer, PaperDraft) and fewer.meta["author_count"] is None and not fewer.meta["more_authors"]
    assert isinstance(more, PaperDraft) and more.meta["more_authors"] is True and len(more.meta["authors"]) == 3
    assert more.meta["author_count"] is None


def test_a_profile_with_a_long_biography_still_names_its_author(tmp_path):
    site = shutil.copytree(LAB, tmp_path / "site")
    profile = site / "content" / "authors" / "murali-balaji" / "_index.md"
    long_bio = "".join(f"bio_{number}: Line {number} of a long biography.\n" for number in range(2000))
    profile.write_text(profile.read_text(encoding="utf-8").replace("\n# Display name\n", "\n" + long_bio, 1),
                       encoding="utf-8")
    assert profile.stat().st_size > 60_000  # the front matter ends far past a page's first 8 KB
    paper = read(site / "content" / "publication")["balaji-2026-fiber-arxiv"]
    assert isinstance(paper, PaperDraft) and paper.meta["authors"][0] == "Muralidhar Madabhushi Balaji"
    assert not [note for note in paper.ignored if "murali-balaji" in note]  # the profile's, not cite.bib's


def test_academics_profile_of_2019_names_its_person_in_name():
    [(_, preprint)] = read(SAMPLES / "academic-2019-11").items()  # authors: [admin], no cite.bib
    assert isinstance(preprint, PaperDraft) and preprint.meta["authors"] == ["Nelson Bighetti"]
    assert not [note for note in preprint.ignored if "admin" in note]


def test_tags_in_quotes_and_in_two_cases_are_each_one_tag():
    # the page: tags '"artificial wetland increase"', '"Artificial wetland increase"', …; its cite.bib: keywords
    # {artificial wetland increase, Artificial wetland increase, …}
    gong = read(SAMPLES / "zhanlilz" / "content" / "publication")["gong-2010"]
    assert isinstance(gong, PaperDraft)
    assert gong.meta["tags"] == ["artificial wetland increase", "natural wetland loss", "wetland mapping"]
    assert gong.meta["doi"] == "10.1007/s11430-010-4002-3" and len(gong.meta["authors"]) == 22
