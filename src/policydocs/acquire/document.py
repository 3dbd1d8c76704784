"""What the acquire stage hands to the cleaner."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawDocument:
    """One input, decoded to text but otherwise untouched.

    ``text`` is the text layer every offset refers to:
    - ``format == "text"``: the decoded file;
    - ``format == "html"``: the decoded markup;
    - ``format in ("pdf", "docx")``: the extracted body, one paragraph per line.
    """

    source: str  # file path, URL, or "<stdin>"
    format: str  # "text" | "html" | "pdf" | "docx"
    text: str
    encoding: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # container metadata (docx/pdf properties, HTTP headers)
    warnings: list[str] = field(default_factory=list)
    # (offset in text, locator) pairs, ascending: where in the container each stretch of text came
    # from, e.g. (0, "page 1"), (812, "page 2") for a PDF or (0, "paragraph 1") for a DOCX.
    anchors: list[tuple[int, str]] = field(default_factory=list)

    def locate(self, offset: int) -> str | None:
        """The container locator (page, paragraph) of a text offset, if the format has one."""
        found = None
        for start, locator in self.anchors:
            if start > offset:
                break
            found = locator
        return found
