"""Read an API object's docstring into plain data: summary, parameters, returns, examples.

Parameters, returns and raises come from `docstring_parser` (numpydoc, Google and reST styles);
the Examples section is split with the standard library's doctest parser, which understands
``>>>`` / ``...`` prompts and the shown output, or, for packages documented with Sphinx code
directives instead (``.. ipython:: python``, ``.. code-block:: python``), into the directives'
top-level statements. Examples are grouped into *blocks*: the doctest
statements between two paragraphs of prose, each with the prose that introduces it.
"""

from __future__ import annotations

import ast
import doctest
import re
import textwrap
from dataclasses import dataclass

import docstring_parser

# "Examples" / "Example" headers: numpydoc (underlined) or Google / reST ("Examples:", "Example::")
_NUMPYDOC_HEADER = re.compile(r"^([A-Z][A-Za-z ]*)\n-{3,}[ \t]*$", re.MULTILINE)
_GOOGLE_EXAMPLES = re.compile(r"^[ \t]*Examples?[ \t]*:{1,2}[ \t]*$", re.MULTILINE)
_GOOGLE_HEADER = re.compile(r"^[A-Z][A-Za-z ]{2,30}:{1,2}[ \t]*$", re.MULTILINE)
_SIGNATURE_LINE = re.compile(r"^[A-Za-z_][\w.]*\(.*\)\s*(->.*)?$")
_XDOCTEST_SKIP = re.compile(r"#\s*xdoctest\s*:\s*\+(SKIP|REQUIRES)", re.IGNORECASE)
_DIRECTIVE = re.compile(r"#\s*x?doctest\s*:.*$", re.IGNORECASE | re.MULTILINE)
_CODE_DIRECTIVE = re.compile(
    r"^([ \t]*)\.\.[ \t]+(?:ipython|code-block|code|sourcecode)::[ \t]*"
    r"(?:python3?|ipython3?|py)[ \t]*$",
    re.MULTILINE,
)
_IPYTHON_DECORATOR = re.compile(r"^@(?:savefig|suppress|verbatim|doctest|okexcept|okwarning)\b")


@dataclass(frozen=True)
class Param:
    """One documented parameter, return value or attribute."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Statement:
    """One doctest prompt: its source (directives removed) and the output the doc shows."""

    source: str
    want: str = ""
    skip: bool = False  # marked +SKIP: the doc itself does not run it
    raises: bool = False  # the doc shows it raising an exception


@dataclass(frozen=True)
class ExampleBlock:
    """Consecutive doctest statements and the prose just before them."""

    narrative: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class ApiDoc:
    """What a docstring says about one function, class or method."""

    summary: str
    extended: str
    params: tuple[Param, ...]
    returns: tuple[Param, ...]
    raises: tuple[Param, ...]
    attributes: tuple[Param, ...]
    examples: tuple[ExampleBlock, ...]
    signature_line: str = ""  # a signature written as the docstring's first line (numpy ufuncs)


def clean(text: str | None) -> str:
    """Collapse runs of whitespace into single spaces."""
    return " ".join((text or "").split())


def _split_signature(text: str) -> tuple[str, str]:
    first, _, rest = text.partition("\n")
    if _SIGNATURE_LINE.match(first.strip()):
        return first.strip(), rest.lstrip("\n")
    return "", text


def examples_region(text: str) -> str:
    """The part of a docstring that holds its examples ('' without ``>>>`` or code directives)."""
    if ">>>" not in text and not _CODE_DIRECTIVE.search(text):
        return ""
    for match in _NUMPYDOC_HEADER.finditer(text):
        if match.group(1).strip() in ("Examples", "Example"):
            following = _NUMPYDOC_HEADER.search(text, match.end())
            return text[match.end() : following.start() if following else len(text)]
    google = _GOOGLE_EXAMPLES.search(text)
    if google:
        following = _GOOGLE_HEADER.search(text, google.end())
        return text[google.end() : following.start() if following else len(text)]
    return text


def directive_blocks(region: str) -> tuple[ExampleBlock, ...]:
    """Blocks from ``.. ipython:: python`` / ``.. code-block:: python`` directives (NeuroKit2 and
    other Sphinx-documented packages): each directive's code, split into top-level statements,
    with the prose before it. IPython's pseudo-decorators are removed; a statement marked
    ``@verbatim`` (shown, not run) or ``@okexcept`` (may raise) is marked skipped."""
    lines = region.splitlines()
    blocks: list[ExampleBlock] = []
    prose: list[str] = []
    index = 0
    while index < len(lines):
        start = _CODE_DIRECTIVE.match(lines[index])
        if start is None:
            prose.append(lines[index])
            index += 1
            continue
        depth, body = len(start.group(1)), []
        index += 1
        while index < len(lines):
            line = lines[index]
            if line.strip() and len(line) - len(line.lstrip()) <= depth:
                break
            body.append(line)
            index += 1
        statements = _code_statements(textwrap.dedent("\n".join(body)))
        if statements:
            blocks.append(ExampleBlock(clean(" ".join(prose)), statements))
        prose = []
    return tuple(blocks)


def _code_statements(code: str) -> tuple[Statement, ...]:
    kept: list[str] = []
    marked: list[bool] = []  # per kept line: the statement starting there is not to run
    pending = False
    for line in code.splitlines():
        bare = line.strip()
        if bare.startswith(":") and not kept:
            continue  # directive options (":okexcept:", ":suppress:")
        if _IPYTHON_DECORATOR.match(bare):
            pending = pending or bare.startswith(("@verbatim", "@okexcept"))
            continue
        kept.append(line)
        marked.append(pending and bool(bare))
        pending = pending and not bare
    try:
        tree = ast.parse("\n".join(kept))
    except (SyntaxError, ValueError):
        return ()
    out = []
    for node in tree.body:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        source = "\n".join(kept[first - 1 : node.end_lineno]).rstrip()
        out.append(Statement(source=source, skip=marked[first - 1]))
    return tuple(out)


def example_blocks(region: str) -> tuple[ExampleBlock, ...]:
    """Group the doctest statements of `region` into blocks separated by prose."""
    if ">>>" not in region:
        return directive_blocks(region)
    try:
        parts = doctest.DocTestParser().parse(region)
    except ValueError:  # inconsistent indentation and the like: the doc's examples are unusable
        return ()
    blocks: list[ExampleBlock] = []
    narrative: list[str] = []
    statements: list[Statement] = []
    skip_rest = False
    for part in parts:
        if isinstance(part, str):
            if part.strip() and statements:
                blocks.append(ExampleBlock(clean(" ".join(narrative)), tuple(statements)))
                narrative, statements, skip_rest = [], [], False
            if part.strip():
                narrative.append(part)
            continue
        if _XDOCTEST_SKIP.search(part.source):
            skip_rest = True  # xdoctest: a directive on its own line skips the rest of the block
        source = _DIRECTIVE.sub("", part.source).rstrip()
        if not source.strip():
            continue
        statements.append(
            Statement(
                source=source,
                want=part.want.rstrip(),
                skip=skip_rest or bool(part.options.get(doctest.SKIP)),
                raises=part.exc_msg is not None,
            )
        )
    if statements:
        blocks.append(ExampleBlock(clean(" ".join(narrative)), tuple(statements)))
    return tuple(blocks)


def _params(doc: docstring_parser.Docstring, kind: str) -> tuple[Param, ...]:
    out = []
    for meta in doc.meta:
        if isinstance(meta, docstring_parser.DocstringParam) and meta.args[0] == kind:
            kind_text = clean(meta.type_name)
            if meta.is_optional and kind_text and "optional" not in kind_text:
                kind_text += ", optional"  # the parser strips the marker: keep it for readers
            # numpydoc allows "x1, x2 : array_like": one entry per name
            for name in meta.arg_name.split(","):
                if name.strip():
                    out.append(Param(name.strip().lstrip("*"), kind_text, clean(meta.description)))
    return tuple(out)


def parse(text: str) -> ApiDoc:
    """Parse a (dedented) docstring of any common style."""
    signature_line, body = _split_signature(text)
    try:
        doc = docstring_parser.parse(body)
    except docstring_parser.ParseError:
        doc = docstring_parser.Docstring()
        paragraphs = body.strip().split("\n\n")
        doc.short_description = paragraphs[0] if paragraphs else ""
    returns = tuple(
        Param(clean(r.return_name), clean(r.type_name), clean(r.description))
        for r in doc.many_returns
        if r.args[0] == "returns"
    )
    raises = tuple(Param("", clean(r.type_name), clean(r.description)) for r in doc.raises)
    summary = clean(doc.short_description)
    extended = (doc.long_description or "").strip()
    extended = extended.split(">>>")[0].strip()  # prose only; examples are parsed separately
    if summary and extended and summary[-1] not in ".:!?" and extended[0].islower():
        # a summary sentence wrapped onto the next line: the parser cut it after one line
        first, _, rest = extended.partition("\n\n")
        summary, extended = clean(f"{summary} {first}"), rest.strip()
    return ApiDoc(
        summary=summary,
        extended=extended,
        params=_params(doc, "param"),
        returns=returns,
        raises=raises,
        attributes=_params(doc, "attribute"),
        examples=example_blocks(examples_region(body)),
        signature_line=signature_line,
    )
