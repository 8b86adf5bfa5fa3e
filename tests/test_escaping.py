"""Payloads in a paper's fields leave no executable markup on any page."""

from __future__ import annotations

from sitebuild import build_site, executable_markup, html_pages, scratch_collection

LINK_PAYLOAD = """links:
  code: "https://example.org/\\"><script>alert('link')</script>"
"""

HOSTILE = """---
title: "</title><script>alert('title')</script><img src=x onerror=alert(1)>"
authors:
  - "<script>alert('author')</script>"
  - "\\"><svg onload=alert(2)>"
date: "2024-01-02"
venue: "</title><script>alert('venue')</script>"
topics:
  - multimodal-llms
tags:
  - "<b onmouseover=alert(3)>tag</b>"
""" + LINK_PAYLOAD + """---

Abstract <script>alert('abstract')</script> with <img src=x onerror=alert(4)> and
[click](javascript:alert(5)) and <a href="javascript:alert(6)">x</a> and {{ 7*7 }} {% if true %}TEMPLATE{% endif %}.

## Notes

<iframe src="javascript:alert(7)"></iframe> [data](data:text/html;base64,PHNjcmlwdD4=)
"""


def test_unsafe_body_and_link_payloads_stop_the_build(tmp_path):
    root = scratch_collection(tmp_path / "c", {"hostile.md": HOSTILE})
    refused = build_site(root, tmp_path / "refused")
    assert refused.returncode != 0
    for expected in ("links.code:", "body: raw HTML '<script'", "body: link 'javascript:alert(5)'", "body: raw HTML '<iframe'"):
        assert expected in refused.stderr
    assert not (tmp_path / "refused" / "papers" / "hostile").exists()


def test_payloads_in_fields_are_inert_on_every_page(tmp_path, theme_scripts):
    front_matter = HOSTILE.split("\n---\n")[0].replace(LINK_PAYLOAD.strip(), "")
    accepted_body = "Abstract {{ 7*7 }} {% if true %}TEMPLATE{% endif %} <b>not html</b>`<script>`.\n"
    root = scratch_collection(tmp_path / "c", {"hostile.md": f"{front_matter}\n---\n\n{accepted_body}".replace("<b>not html</b>", "")})
    site = tmp_path / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    pages = html_pages(site)
    assert len(pages) > 10
    for page in pages:
        assert executable_markup(page.read_text(), theme_scripts) == [], page
    paper = (site / "papers" / "hostile" / "index.html").read_text()
    assert "&lt;/title&gt;&lt;script&gt;" in paper
    assert "{{ 7*7 }}" in paper and "{% if true %}TEMPLATE{% endif %}" in paper and ">49<" not in paper


def test_sanitized_body_html_drops_scripts_handlers_and_unsafe_urls():
    from papershelf.model.markdown_html import markdown_to_html

    html = markdown_to_html(HOSTILE.split("\n---\n", 1)[1])
    assert executable_markup(html) == []
    assert "<script" not in html and "<iframe" not in html
    assert "{{ 7*7 }}" in html
