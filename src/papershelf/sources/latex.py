"""LaTeX in bibliography fields as the text a reader expects, with pylatexenc.

Accents become Unicode, braces protecting capitals go, `--` is an en dash,
`~` a space and `$\\alpha$` an α. A bare `%` is text (a field value is not a
LaTeX source line, and pylatexenc would take the rest of the field for a
comment). Decoding is slow, so a value without any LaTeX markup is returned as
it is: most fields of most exports are plain.
"""

from __future__ import annotations

import functools
import html
import logging
import re

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from . import collapse_spaces

# pylatexenc logs "macro '\\frac' failed its substitution!" for a macro missing its arguments: the text is still
# usable, and the user is not told about pylatexenc's configuration.
logging.getLogger("pylatexenc").setLevel(logging.ERROR)

# What makes a value need the decoder at all: a command, a group, math, a tie, a dash pair, a quote pair.
_MARKUP = re.compile(r"[\\{}$~]|--|``|''")
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,31});")
_BARE_AMPERSAND = re.compile(r"(?<!\\)&")
# Macros biblatex and DBLP write that pylatexenc does not know: (name, arguments, text).
_EXTRA_MACROS = (("mbox", "{", "%(1)s"), ("hyphen", "", "-"), ("mkbibquote", "{", "“%(1)s”"),
                 ("textsuperscript", "{", "%(1)s"), ("textsubscript", "{", "%(1)s"), ("enquote", "{", "“%(1)s”"),
                 ("href", "{{", "%(2)s"),  # pylatexenc's own \href crashes (IndexError) on its arguments
                 ("rq", "", "’"), ("lq", "", "‘"))  # LaTeX's quotes (`graph{\rq}s`), which pylatexenc drops
# NASA ADS writes a journal as the AAS macro the journal's LaTeX class defines (`journal = {\apj}`): each as the
# abbreviation it prints, from aas_macros.sty, the file ADS gives out to resolve them.
AAS_JOURNALS = {
    "aj": "AJ", "actaa": "Acta Astron.", "araa": "ARA&A", "apj": "ApJ", "apjl": "ApJ", "apjlett": "ApJ",
    "apjs": "ApJS", "apjsupp": "ApJS", "ao": "Appl. Opt.", "applopt": "Appl. Opt.", "apss": "Ap&SS", "aap": "A&A",
    "astap": "A&A", "aapr": "A&A Rev.", "aaps": "A&AS", "azh": "AZh", "baas": "BAAS",
    "bac": "Bull. astr. Inst. Czechosl.", "caa": "Chinese Astron. Astrophys.", "cjaa": "Chinese J. Astron. Astrophys.",
    "icarus": "Icarus", "jcap": "J. Cosmology Astropart. Phys.", "jrasc": "JRASC", "memras": "MmRAS",
    "mnras": "MNRAS", "na": "New A", "nar": "New A Rev.", "pra": "Phys. Rev. A", "prb": "Phys. Rev. B",
    "prc": "Phys. Rev. C", "prd": "Phys. Rev. D", "pre": "Phys. Rev. E", "prl": "Phys. Rev. Lett.", "pasa": "PASA",
    "pasp": "PASP", "pasj": "PASJ", "rmxaa": "Rev. Mexicana Astron. Astrofis.", "qjras": "QJRAS", "skytel": "S&T",
    "solphys": "Sol. Phys.", "sovast": "Soviet Ast.", "ssr": "Space Sci. Rev.", "zap": "ZAp", "nat": "Nature",
    "iaucirc": "IAU Circ.", "aplett": "Astrophys. Lett.", "apspr": "Astrophys. Space Phys. Res.",
    "bain": "Bull. Astron. Inst. Netherlands", "fcp": "Fund. Cosmic Phys.", "gca": "Geochim. Cosmochim. Acta",
    "grl": "Geophys. Res. Lett.", "jcp": "J. Chem. Phys.", "jgr": "J. Geophys. Res.",
    "jqsrt": "J. Quant. Spec. Radiat. Transf.", "memsai": "Mem. Soc. Astron. Italiana", "nphysa": "Nucl. Phys. A",
    "physrep": "Phys. Rep.", "physscr": "Phys. Scr", "planss": "Planet. Space Sci.", "procspie": "Proc. SPIE",
}


def _macros() -> list[tuple[str, str, str]]:
    # a journal's abbreviation is text, not a template: its `%` or `&` stays as it is
    return [*_EXTRA_MACROS, *((name, "", text.replace("%", "%%")) for name, text in AAS_JOURNALS.items())]


@functools.cache
def _decoder(math: str = "text") -> tuple[LatexNodes2Text, object]:
    text_db = get_default_latex_context_db()
    text_db.add_context_category("papershelf", prepend=True,
                                 macros=[MacroTextSpec(name, simplify_repl=text) for name, _, text in _macros()])
    parse_db = latexwalker.get_default_latex_context_db()
    parse_db.add_context_category("papershelf", prepend=True,
                                  macros=[macrospec.MacroSpec(name, args) for name, args, _ in _macros()])
    return LatexNodes2Text(latex_context=text_db, math_mode=math), parse_db


def _to_text(value: str, math: str = "text") -> str:
    converter, parse_db = _decoder(math)
    walker = latexwalker.LatexWalker(value, latex_context=parse_db, tolerant_parsing=True)
    try:
        nodes, _, _ = walker.get_latex_nodes()
        return str(converter.nodelist_to_text(nodes))
    except (IndexError, KeyError, TypeError, ValueError, AttributeError, latexwalker.LatexWalkerError):
        # A macro whose arguments pylatexenc's own text rules do not expect (a bare \href): the text with its
        # commands' names dropped is what a reader can still use; never an internal error.
        return _without_commands(re.sub(r"\\[A-Za-z]+\*?", " ", value))


_MATH = re.compile(r"(\$[^$]*\$)")


def _without_commands(value: str) -> str:
    """What pylatexenc makes of text with no command: braces dropped, ties as spaces, dashes as dashes, ``quotes''
    as “quotes” (before the braces go: `'{}'`, two quotes kept apart, stays two)."""
    value = value.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    return value.replace("~", " ").replace("{", "").replace("}", "")


# Escapes that stand for one literal character (papershelf's own export writes them, as do others):
# taken out before decoding and put back after, so that they come back exactly, whatever follows them.
_LITERALS = {"{\\textbackslash}": "\\", "\\textbackslash{}": "\\", "{\\textbraceleft}": "{", "{\\textbraceright}": "}",
             "\\{": "{", "\\}": "}", "{\\textasciitilde}": "~", "{\\textasciicircum}": "^", "{\\textasciigrave}": "`",
             "\\&": "&", "\\%": "%", "\\$": "$", "\\#": "#", "\\_": "_"}
_LITERAL = re.compile("|".join(re.escape(escape) for escape in sorted(_LITERALS, key=len, reverse=True)))
_PAR = re.compile(r"\s*\\par(?![A-Za-z])\s*")
_PLACEHOLDERS = {escape: chr(0xF0000 + index) for index, escape in enumerate(_LITERALS)}  # a private-use plane
_RESTORE = {ord(char): _LITERALS[escape] for escape, char in _PLACEHOLDERS.items()}


def latex_to_text(value: str, keep_paragraphs: bool = False) -> str:
    """The text of a LaTeX field value: see `_latex_to_text`; escaped literal characters come back as written,
    and `\\par` separates paragraphs."""
    if keep_paragraphs and "\\par" in value:
        parts = (latex_to_text(part, True) for part in _PAR.split(value))
        return "\n\n".join(part for part in parts if part)
    # DBLP writes a title's math as escaped text ({\\textdollar}{\\textbackslash}alpha…), to be decoded twice
    dblp_math = "\\textdollar" in value
    if "\\" not in value or dblp_math or not _LITERAL.search(value) or any(ord(char) >= 0xF0000 for char in value):
        return _latex_to_text(value, keep_paragraphs)
    value = _LITERAL.sub(lambda found: _PLACEHOLDERS[found.group()], value)
    return _latex_to_text(value, keep_paragraphs).translate(_RESTORE)


def _latex_to_text(value: str, keep_paragraphs: bool = False) -> str:
    """The text of a LaTeX field value: one line, or paragraphs separated by a blank line.

    With `keep_paragraphs` (abstracts), math stays as written (`$x < y$`), as arXiv shows it.
    Text whose markup is only braces, ties and dashes skips the (slow) parser.
    """
    math = "verbatim" if keep_paragraphs else "text"
    entities = "&" in value and bool(_ENTITY.search(value))
    if entities:  # ACM writes HTML entities (`&amp;`, `&nbsp;`): a bare `&` is text, not LaTeX's column separator
        value = _BARE_AMPERSAND.sub(r"\\&", value) if _MARKUP.search(value) else html.unescape(value)
    if _MARKUP.search(value) and "\\" not in value and "$" not in value:
        value = _without_commands(value)
    elif keep_paragraphs and "$" in value and "\\" not in _MATH.sub("", value):
        parts = _MATH.split(value)  # odd parts are math, kept as written
        value = "".join(part if index % 2 else _without_commands(part) for index, part in enumerate(parts))
    elif _MARKUP.search(value):
        value = _to_text(_BARE_PERCENT.sub(r"\\%", value), math)
        if not keep_paragraphs and "$" in value and "\\" in value:  # DBLP writes a title's math as text: decode that
            value = _to_text(_BARE_PERCENT.sub(r"\\%", value), math)
    if entities and "&" in value:
        value = html.unescape(value)
    if keep_paragraphs:
        paragraphs = re.split(r"\n\s*\n", value)
        return "\n\n".join(collapse_spaces(p) for p in paragraphs if p.strip())
    return collapse_spaces(value)
