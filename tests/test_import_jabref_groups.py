"""JabRef's groups, kept in the group tree at the end of a .bib file (`@comment{jabref-meta: groupstree: …}`):
JabRef 2 and 3 list each static group's entries there by key, and JabRef 4 and later (and Zotero Better BibTeX's
"JabRef groups" option) name each entry's groups in its `groups` field by their name alone, which the tree places.
Real files (tests/fixtures/sources/exporters/, origins in its README)."""

from pathlib import Path

import frontmatter
import yaml

from import_checks import run_import, shelf, validates

EXPORTERS = Path(__file__).parent / "fixtures" / "sources" / "exporters"


def topics_of(root: Path) -> dict[str, dict]:
    return {entry["id"]: entry for entry in yaml.safe_load((root / "topics.yml").read_text(encoding="utf-8"))}


def filed(root: Path) -> dict[str, list[str]]:
    posts = map(frontmatter.load, (root / "papers").glob("*.md"))
    return {post["citation"]["key"]: post["topics"] for post in posts}


def test_a_jabref_2_librarys_groups_listing_their_entries_by_key_become_topics_a_subgroup_under_its_group(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, str(EXPORTERS / "jabref-2.10-groups.bib"), "--add-topics")
    topics = topics_of(root)
    assert topics["my-main-group-2"] == {"id": "my-main-group-2", "title": "my-main-group-2"}
    assert topics["my-subgroup-2"] == {"id": "my-subgroup-2", "title": "my-subgroup-2", "parent": "my-main-group-2"}
    # Doe-2017 is listed in my-subgroup-2 by the tree only; Other- (in my-other-subgroup-2) has no year
    assert filed(root) == {"Doe-2017": ["my-subgroup-2"]}
    assert "entry 2 (key Other-), line 14: skipped: no year" in output and code == 1
    assert validates(root)


def test_a_jabref_2_group_tree_wrapped_at_70_characters_inside_a_key_still_files_that_entry(tmp_path):
    # `…\;Ag` / `ekyan_1975_B\;…`: JabRef 2.10 breaks the line inside the key; the entry has no keywords
    root = shelf(tmp_path, "- id: cuprous-oxide\n  title: Cuprous oxide\n  aliases: [Cu2O]\n"
                           "- id: cupric-oxide\n  title: Cupric oxide\n  aliases: [CuO]\n")
    code, output = run_import(root, str(EXPORTERS / "jabref-2.10-wrapped-groups.bib"))
    assert code == 0, output
    assert filed(root) == {"Adachi_1989": ["cupric-oxide"], "Agekyan_1975_B": ["cuprous-oxide"],
                           "Arbuzova_2009": ["cupric-oxide"], "Huang_2004": ["cupric-oxide"]}


def test_a_control_character_an_exporter_left_in_an_abstract_is_removed_and_said_not_the_paper_lost(tmp_path):
    # Huang_2004's abstract says "300\x01C to 900\x01C": degree signs lost on the way; no page may hold U+0001
    root = shelf(tmp_path, "- id: cupric-oxide\n  title: Cupric oxide\n  aliases: [CuO, Cu2O]\n")
    code, output = run_import(root, str(EXPORTERS / "jabref-2.10-wrapped-groups.bib"))
    assert code == 0, output
    said = next(line for line in output.splitlines() if "entry 4 (key Huang_2004), line 56: ignored fields: " in line)
    assert said.endswith("characters no page can show in the abstract (U+0001: a character the exporter lost, "
                         "removed; check the text against the paper)")
    post = frontmatter.load(next((root / "papers").glob("preparation-of-large-scale-cupric-oxide-nanowires*.md")))
    assert "copper foils in O2 ambient at the temperatures from 300C to 900C. Scanning" in post.content
    assert validates(root)


def test_better_bibtexs_jabref_groups_are_placed_in_their_tree_a_name_with_a_comma_kept_whole(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, str(EXPORTERS / "better-bibtex-jabref-groups.bib"), "--add-topics")
    assert code == 0, output
    topics = topics_of(root)
    # `groups = {Oeuvres}`: the tree's FM > 0018_MarioBunge > Oeuvres
    assert topics["oeuvres"] == {"id": "oeuvres", "title": "Oeuvres", "parent": "0018-mariobunge"}
    assert topics["0018-mariobunge"] == {"id": "0018-mariobunge", "title": "0018_MarioBunge", "parent": "fm"}
    assert topics["stanford-encyclopdia-of-philosophy"]["parent"] == "references"
    # one group whose name holds a comma, not two made up of its halves
    assert topics["indication-relation-d-en-lien-avec-dretske"]["title"] == "Indication (relation d', en lien avec Dretske)"
    assert not any(topic["title"].startswith("en lien") for topic in topics.values())
    # the tree has two groups named Économie (under Philosophie des sciences and Sciences sociales): which one
    # the entry means cannot be told, so it is filed by the name alone
    assert topics["economie"] == {"id": "economie", "title": "Économie"}
    assert filed(root) == {
        "Bunge-1978-modelevolution": ["oeuvres"],
        "Chakravartty-2011-ScientificRealism": ["0013-realisme-scientifique", "stanford-encyclopdia-of-philosophy"],
        "Collier-1990-IntrinsicInformation": ["indication-relation-d-en-lien-avec-dretske"],
        "Rutherford-2002-Routledgedictionaryeconomics": ["references", "economie"],
    }
    assert validates(root)


def test_a_jabref_group_named_in_topics_yml_files_the_entries_of_its_subgroups_by_their_path(tmp_path):
    # without --add-topics: a topic whose alias is the group's path ("FM/0018_MarioBunge/Oeuvres") takes its entries
    root = shelf(tmp_path, "- id: bunge\n  title: Mario Bunge's works\n  aliases: [FM/0018_MarioBunge/Oeuvres]\n")
    code, output = run_import(root, str(EXPORTERS / "better-bibtex-jabref-groups.bib"))
    assert filed(root) == {"Bunge-1978-modelevolution": ["bunge"]}
    assert "3 entries have no topic" in output and code == 1


def test_better_biblatexs_jabref_3_groups_list_their_entries_by_key_wrapped_inside_a_key(tmp_path):
    # `1 ExplicitGroup:Omit URL export when DOI present. #131\;0\;CapEA11\;Cu` / `mEA14\;TayEA11\;;`: the
    # Zotero collection, its items by citation key, wrapped at 70 characters as JabRef 2 did
    root = shelf(tmp_path)
    code, output = run_import(root, str(EXPORTERS / "better-biblatex-jabref3-groups.bib"), "--add-topics")
    assert code == 0, output
    topic = "omit-url-export-when-doi-present-131"
    assert topics_of(root)[topic]["title"] == "Omit URL export when DOI present. #131"
    assert filed(root) == {"CapEA11": [topic], "CumEA14": [topic], "TayEA11": [topic]}
