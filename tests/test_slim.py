"""Slimmer pages (plugins/papershelf_mkdocs/slim.py): whitespace runs collapsed where a browser shows the same."""

from __future__ import annotations

from papershelf_mkdocs.slim import collapse_whitespace


def test_indentation_and_blank_lines_become_one_line_break():
    html = "<ul>\n    <li>a</li>\n\n\n    <li>b</li>   \n  </ul>"
    assert collapse_whitespace(html) == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_spaces_without_a_line_break_are_kept():
    assert collapse_whitespace("<p>a  b\t c</p>") == "<p>a  b\t c</p>"


def test_pre_textarea_and_script_keep_their_text():
    kept = "<pre>\n  code\n\n  more</pre><TEXTAREA>\n\n  typed</TEXTAREA><script>\n  var a = 1\n\n  a++\n</script >"
    assert collapse_whitespace(f"<div>\n   {kept}\n   </div>") == f"<div>\n{kept}\n</div>"


def test_a_script_still_reads_each_statement_on_its_line():
    # outside <script>, a line break stays where the run had one: inline handlers keep their statement ends
    assert collapse_whitespace('<a onclick="a()\n      b()">x</a>') == '<a onclick="a()\nb()">x</a>'
