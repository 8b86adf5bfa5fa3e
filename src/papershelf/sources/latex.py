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
from typing import Any

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from ..exports.bibtex import bibtex_text
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
                 ("rq", "", "’"), ("lq", "", "‘"),  # LaTeX's quotes (`graph{\rq}s`), which pylatexenc drops
                 ("textless", "", "<"), ("textgreater", "", ">"))  # which it drops too
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
    return _Text(latex_context=text_db, math_mode=math), parse_db


# Unicode's superscripts and subscripts: a script all of whose characters have one is written with them.
_SUPERSCRIPTS = dict(zip("0123456789+-−=()abcdefghijklmnoprstuvwxyz", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))


def script_text(text: str, mark: str) -> str:
    """A sub- (`mark` "_") or superscript ("^") as text: in Unicode's sub- and superscripts if it has each character
    (`10^{-6}` is 10⁻⁶, `D_s` is Dₛ), else after the mark, in parentheses unless a letter or digit run
    (`W^{\\pm}` is W^±, `s_{NN}` is s_NN, `D^{*+}` is D^(*+))."""
    text = collapse_spaces(text)
    table = _SUPERSCRIPTS if mark == "^" else _SUBSCRIPTS
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    return mark + text if len(text) <= 1 or text.isalnum() else f"{mark}({text})"


class _Text(LatexNodes2Text):  # type: ignore[misc]  # pylatexenc has no type information
    """pylatexenc's text, but in math (`math_mode="text"`) a sub- or superscript is `script_text`, and the spaces
    between symbols are kept as written (`B \\to \\pi` is "B → π", not "B→π")."""

    def nodelist_to_text(self, nodelist: list[Any]) -> str:
        if self.math_mode != "text" or not nodelist or not nodelist[0].parsing_state.in_math_mode:
            return str(super().nodelist_to_text(nodelist))
        parts: list[str] = []
        mark = ""  # a ^ or _ whose script is still to come
        previous: Any = None
        for node in nodelist:
            space = previous.macro_post_space if self._is_bare_macro_node(previous) else ""
            if isinstance(node, latexwalker.LatexCharsNode):
                for char in space + node.chars:
                    if mark and not char.isspace():
                        parts.append(script_text(char, mark))
                        mark = ""
                    elif not mark and char in "^_":
                        mark = char
                    elif not mark:
                        parts.append(char)
            elif mark:
                parts.append(script_text(str(self.node_to_text(node)), mark))
                mark = ""
            else:
                parts.append(space + str(self.node_to_text(node)))
            previous = node
        return "".join(parts) + mark


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
    `\\par` separates paragraphs, Mendeley's escaped LaTeX is read as the LaTeX it stands for, and MathML as
    its text."""
    if "{\\$}" in value or "$\\backslash$" in value:
        value = mendeley_unescaped(value)
    if keep_paragraphs and "$\\" in value:
        value = _SYMBOL_MATH.sub(_symbol, value)
    text = _paragraphs_to_text(value, keep_paragraphs)
    return mathml_to_text(text) if "<" in text else text


# Math that is one symbol (`$\\Theta$`: Mendeley writes an abstract's Θ so) is that symbol, in an abstract too.
_SYMBOL_MATH = re.compile(r"\$\\([A-Za-z]{1,40})\$")


def _symbol(found: re.Match[str]) -> str:
    return _symbol_of(found.group())


@functools.lru_cache(maxsize=1024)  # an abstract of thousands of `$\\alpha$` decodes one
def _symbol_of(math: str) -> str:
    symbol = _to_text(math)
    return symbol if len(symbol) == 1 and not symbol.isascii() else math


def _paragraphs_to_text(value: str, keep_paragraphs: bool) -> str:
    if keep_paragraphs and "\\par" in value:
        parts = (_paragraphs_to_text(part, True) for part in _PAR.split(value))
        return "\n\n".join(part for part in parts if part)
    # DBLP writes a title's math as escaped text ({\\textdollar}{\\textbackslash}alpha…), to be decoded twice
    dblp_math = "\\textdollar" in value
    if dblp_math:  # its `{\\^{}}` is math's ^ (`AC{\\^{}}0` is AC⁰), not a circumflex accent on nothing
        value = value.replace("{\\^{}}", "^")
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


# Mendeley Desktop escapes the LaTeX of a field as text: `$x^{2}$` is written `{\$}x{\^{}}{\{}2{\}}{\$}`, a
# command `\pm` as `\backslashpm` in math and `$\backslash$textit` elsewhere. Each escape, as the LaTeX it stands for:
_MENDELEY_ESCAPES = {"{\\^{}}": "^", "{\\_}": "_", "{\\{}": "{", "{\\}}": "}", "\\backslash": "\\",
                     "{\\textless}": "<", "{\\textgreater}": ">", "{\\~{}}": "~", "{\\&}": "\\&", "{\\%}": "\\%",
                     "{\\#}": "\\#"}
_MENDELEY_ESCAPE = re.compile("|".join(re.escape(escape) for escape in _MENDELEY_ESCAPES))
_MENDELEY_DOLLAR = "{\\$}"
# `$\backslash$word`: a command; `{\{}$\backslash$Textbackslash{\}}` a backslash escaped twice (Mendeley's title
# case writes `\prd` so: `{\{}$\backslash$Textbackslash{\}}Prd`).
_MENDELEY_COMMAND = re.compile(r"\$\\backslash\$([A-Za-z]*)")
_MENDELEY_TWICE = re.compile(r"\{\\\{\}\$\\backslash\$textbackslash\{\\\}\}", re.IGNORECASE)


def mendeley_unescaped(value: str) -> str:
    """A value of Mendeley Desktop's BibTeX export as LaTeX for `latex_to_text`.

    Its math, `{\\$}…{\\$}`, is read as the LaTeX it escapes and written as its text (`script_text` for sub- and
    superscripts), so that an abstract gets "B⁰ → π⁰π⁰" too, not LaTeX; a `{\\$}` that cannot open or close math
    (pandoc's rule: no space inside the dollars, no digit right after the closing one) is a dollar. An escaped
    command, `$\\backslash$textit{\\{}g1{\\}}`, is the command; `$\\backslash$r` before a capital, a digit or
    no letter is the carriage return (`\\r`) Mendeley kept from the source, a space; a journal's AAS macro is
    resolved whatever its case (`$\\backslash$Prd` is Phys. Rev. D).
    """
    if "$\\backslash$" in value:
        value = _MENDELEY_TWICE.sub("$\\\\backslash$", value)
        value = _MENDELEY_COMMAND.sub(_mendeley_command, value).replace("{\\{}", "{").replace("{\\}}", "}")
    if _MENDELEY_DOLLAR not in value:
        return value
    parts = value.split(_MENDELEY_DOLLAR)
    pieces: list[tuple[bool, str]] = [(False, parts[0])]  # (math?, text)
    index = 1
    while index < len(parts):  # parts[index] follows the index-th dollar
        inside, after = parts[index], parts[index + 1] if index + 1 < len(parts) else None
        if after is not None and inside.strip() == inside != "" and not after[:1].isdigit():
            pieces += [(True, _MENDELEY_ESCAPE.sub(_mendeley_escape, inside)), (False, after)]
            index += 2
        else:
            pieces.append((False, "\\$" + inside))
            index += 1
    maths = [text for math, text in pieces if math]
    texts = iter(_math_texts(maths))
    # each math's text written back as literal LaTeX (as papershelf's export writes it), which comes back as written
    text = "".join(bibtex_text(next(texts)) if math else text for math, text in pieces)
    return text.replace("{\\~{}}", "~") if maths else text  # beside math, `{\~{}}` is a tie (`510{\~{}}GeV`)


_SEPARATOR = "\U000F00FF"  # a private-use character, between math converted together


def _math_texts(maths: list[str]) -> list[str]:
    """The text of each math (without its dollars), converted in one pass of the decoder: one pass per math would
    cost thousands of passes for an abstract of thousands."""
    if not maths:
        return []
    if not any(_SEPARATOR in math for math in maths):
        texts = _to_text(_SEPARATOR.join(f"${math}$" for math in maths)).split(_SEPARATOR)
        if len(texts) == len(maths):
            return [text.strip() for text in texts]
    return [_to_text(f"${math}$").strip() for math in maths]  # a math that swallowed the next (an open brace)


def _mendeley_escape(found: re.Match[str]) -> str:
    return _MENDELEY_ESCAPES[found.group()]


def _mendeley_command(found: re.Match[str]) -> str:
    name = found.group(1)
    if not name:
        return "{\\textbackslash}"
    if name.lower() in AAS_JOURNALS:
        return "\\" + name.lower() + "{}"
    if name[0] in "rnt" and not name[1:2].islower():
        return " " + name[1:]
    return "\\" + name


# MathML (Mendeley keeps a title's, escaped: `{\textless}mi{\textgreater}g…`; some publishers write `mml:` tags).
_MATHML_TOKEN = re.compile(r"<(/?)(?:mml:)?([A-Za-z]+)\b[^<>]*?(/?)>|[^<]+|<")
_MATHML_DEPTH = 32
_MATHML_SCRIPTS = {"msub": ("_",), "msup": ("^",), "msubsup": ("_", "^"), "munder": ("_",), "mover": ("^",),
                   "munderover": ("_", "^")}


def mathml_to_text(text: str) -> str:
    """`text` with each MathML `<math>…</math>` as its text: scripts as `script_text` (`<msub><mi>g</mi><mn>1</mn>`
    is g₁), a fraction as a/b, a root as √(…), the rest the text of its elements; other tags stay as they are."""
    if "math" not in text:
        return text
    out: list[str] = []
    stack: list[tuple[str, list[str]]] = []  # open elements of the math, each with the texts of its children
    start = 0  # where the math being read starts
    for found in _MATHML_TOKEN.finditer(text):
        closing, name, empty = found.group(1), (found.group(2) or "").lower(), found.group(3)
        if not stack and (name != "math" or closing or empty):
            out.append(found.group())
        elif not stack:
            start = found.start()
            stack.append((name, []))
        elif not name:  # text inside math: MathML ignores the spaces around a token's text
            if found.group().strip():
                stack[-1][1].append(html.unescape(found.group().strip()))
        elif closing and any(element == name for element, _ in stack):  # a closing tag of no open element: ignored
            while stack:
                element, children = stack.pop()
                (stack[-1][1] if stack else out).append(_mathml_element(element, children))
                if element == name:
                    break
        elif not closing and not empty and len(stack) < _MATHML_DEPTH:  # deeper: the text of its elements
            stack.append((name, []))
    return "".join(out) + (text[start:] if stack else "")  # a `<math>` never closed is no MathML: as written


def _mathml_element(name: str, children: list[str]) -> str:
    if name in _MATHML_SCRIPTS and len(children) > len(_MATHML_SCRIPTS[name]):
        base, *scripts = children
        return base + "".join(script_text(script, mark) for mark, script in zip(_MATHML_SCRIPTS[name], scripts, strict=False))
    if name == "mfrac" and len(children) == 2:
        return "/".join(child if len(child) <= 1 or child.isalnum() else f"({child})" for child in children)
    if name in ("msqrt", "mroot") and children:
        return f"√({children[0]})" if name == "msqrt" or len(children) == 1 else f"{children[1]}√({children[0]})"
    return "".join(children)
