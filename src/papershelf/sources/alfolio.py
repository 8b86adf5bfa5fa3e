"""al-folio homepages: the files a bibliography names (`pdf = {2019-ICLR-word2mat.pdf}`) as addresses on the site.

al-folio's publication layout links `pdf`, `supp`, `poster` and `slides` that are not web addresses as
`<url><baseurl>/assets/pdf/<name>`, with the `url` and `baseurl` of the site's `_config.yml`. A .bib read in
the site's repository (`_bibliography/` beside `_config.yml`) gets the same addresses; elsewhere, or when the
configuration gives no `url`, such a field is reported with what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .identifiers import is_http_url

# The fields al-folio's bib layout links as files of the site's assets/pdf/ folder.
ASSET_FIELDS = frozenset({"pdf", "supp", "poster", "slides"})
CONFIG_CHARACTERS = 65536  # `url` and `baseurl` are among the first settings of a Jekyll configuration
_URL = re.compile(r"""^url:[ \t]*["']?([^"'\s#]*)""", re.MULTILINE)
_BASEURL = re.compile(r"""^baseurl:[ \t]*["']?([^"'\s#]*)""", re.MULTILINE)


@dataclass(frozen=True)
class AlFolioSite:
    """The al-folio site whose `_bibliography/` an import file is in; `files_url` its assets/pdf/ on the web, if
    its `_config.yml` gives the site's address."""

    files_url: str | None

    def link(self, field: str, value: str) -> str | None:
        """The address of a file the entry names, as the site links it; None for another field or value."""
        if field not in ASSET_FIELDS or not self.files_url or not is_file_name(value):
            return None
        return self.files_url + quote(value.lstrip("/"), safe="/%")


def is_file_name(value: str) -> bool:
    """A name al-folio reads as a file of assets/pdf/ (not an address, not text)."""
    return bool(value) and ":" not in value and not any(char.isspace() for char in value)


def alfolio_site(bib: Path) -> AlFolioSite | None:
    """The al-folio site `bib` belongs to: a `_bibliography/` folder with the site's `_config.yml` beside it."""
    config = bib.parent.parent / "_config.yml"
    if bib.parent.name != "_bibliography" or not config.is_file() or config.is_symlink():
        return None
    with config.open(encoding="utf-8", errors="replace") as handle:
        text = handle.read(CONFIG_CHARACTERS)
    url, baseurl = _URL.search(text), _BASEURL.search(text)
    site = url.group(1).rstrip("/") if url else ""
    if not is_http_url(site):
        return AlFolioSite(None)
    path = "/".join(part for part in (baseurl.group(1) if baseurl else "").split("/") if part)
    return AlFolioSite(f"{site}/{path + '/' if path else ''}assets/pdf/")


def file_note(field: str, value: str) -> str | None:
    """What the report says of a file an entry names and the import could not link (`files_notice` says why, once);
    None for any other field or value."""
    if field not in ASSET_FIELDS or not is_file_name(value):
        return None
    return f"{field} ('{value[:60]}' is a file of the al-folio site's assets/pdf/, not a web address)"


def files_notice(site: AlFolioSite | None) -> str:
    """What the report says once of the files a .bib's entries name: where they are linked, or how to link them."""
    if site and site.files_url:
        return (f"al-folio site: the files its entries name (pdf, supp, poster, slides) are linked at "
                f"{site.files_url} (url and baseurl of its _config.yml)")
    if site:
        return ("al-folio site: its _config.yml gives no url, so the files its entries name (pdf, supp, poster, "
                "slides: assets/pdf/…) are not linked; set url (and baseurl) there and import again to link them")
    return ("the files al-folio entries name (pdf, supp, poster, slides: the site's assets/pdf/…) are not linked: "
            "import _bibliography/papers.bib inside the site's repository, whose _config.yml gives its url, to link "
            "them")
