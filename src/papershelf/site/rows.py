"""What a paper's row in a list shows beyond its title and byline, for the page (render.py) and for
papers/list.json (list_data.py), so a row drawn by either is the same: its buttons and its abstract's start."""

from __future__ import annotations

from ..model.load import Paper

SNIPPET_LENGTH = 180  # characters of the abstract a list row shows before it is expanded
LINK_LABELS = {"pdf": "PDF", "code": "Code", "project": "Project page", "data": "Data", "video": "Video",
               "slides": "Slides", "blog": "Blog post", "poster": "Poster", "demo": "Demo", "pubmed": "PubMed",
               "pmc": "PubMed Central", "ads": "ADS"}


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, url) buttons: the arXiv abstract first, then the paper's own links."""
    links = []
    if paper.meta.arxiv:
        links.append(("arXiv", f"https://arxiv.org/abs/{paper.meta.arxiv}"))
        if "pdf" not in paper.meta.links:
            links.append(("PDF", f"https://arxiv.org/pdf/{paper.meta.arxiv}"))
    if paper.meta.doi:
        links.append(("DOI", f"https://doi.org/{paper.meta.doi}"))
    for name, url in paper.meta.links.items():
        links.append((LINK_LABELS.get(name, name.replace("_", " ").replace("-", " ").capitalize()), url))
    return links


def row_links(paper: Paper) -> list[tuple[str, str]]:
    """The buttons of a paper's row in a list: arXiv, PDF and code, where the paper has them. A paper without an
    arXiv id gets its way to the paper itself too, its DOI or else its own page (`links.paper`): most of a
    bibliography exported from IEEE Xplore, Scopus or Zotero has no arXiv id, and its rows would lead nowhere
    but to the paper's page here."""
    links = paper_links(paper)
    wanted = {"arXiv", "PDF", "Code"}
    if not paper.meta.arxiv:
        wanted.add(next((label for label, _ in links if label in ("DOI", "Paper")), "DOI"))
    return [(label, url) for label, url in links if label in wanted]
