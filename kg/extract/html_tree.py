"""HTML parsed by the WHATWG rules browsers follow (html5lib), replayed as parser events.

``html.parser`` is not a browser: an unclosed ``<!--`` left the commented-out text, with its
``<p>``, in the article (a deal nobody can see on the page). html5lib builds the tree a
browser builds (an unclosed comment runs to the end of the file, misnested tags are
repaired, character references decoded); its tree walker then gives the start tags, end tags
and text, in document order, to the same handlers :class:`kg.extract.normalize._TextExtractor` has,
so what counts as visible text and its offsets stay as documented.

>>> from kg.extract.normalize import strip_html
>>> strip_html("<p>甲</p><!-- <p>乙投资丙</p> ")
('甲', None)
"""

from __future__ import annotations


def feed_html5(handler, text: str) -> None:
    """Parse *text* as a browser would and call *handler*'s ``handle_starttag(tag, attrs)``,
    ``handle_endtag(tag)`` and ``handle_data(text)`` in document order."""
    import html5lib

    tree = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    for token in html5lib.getTreeWalker("etree")(tree):
        kind = token["type"]
        if kind in ("StartTag", "EmptyTag"):
            handler.handle_starttag(token["name"], list((token.get("data") or {}).items()))
            if kind == "EmptyTag" and token["name"] not in _VOID:
                handler.handle_endtag(token["name"])
        elif kind == "EndTag":
            handler.handle_endtag(token["name"])
        elif kind in ("Characters", "SpaceCharacters"):
            handler.handle_data(token["data"])


# elements without an end tag: html.parser reported only their start (<br>, <img>, <hr>...)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
