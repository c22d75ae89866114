"""A reportlab canvas whose finished pages go to disk at once.

reportlab keeps every page object (its compressed content stream included) until
`Canvas.save()`, and then `PDFDocument.format()` formats every object into one list of bytes and
joins the whole file in memory: a 14,300-page report held ~7 KB per page. `StreamingCanvas`
draws exactly as a Canvas does, but `finish_page()` closes the page, compresses its operators and
writes the page object and its content stream to a temporary file beside the output right away;
the document keeps only their object numbers and byte offsets (a few hundred bytes a page).
`save()` writes what is only known at the end — the font subsets, the pages tree, the catalog and
the info — object by object, then the cross-reference table from the recorded offsets and the
trailer, and moves the finished file into place. A cancelled or failed rendering leaves no file
(`discard()`).

The bytes of every object are reportlab's own (PDFIndirectObject.format); only their order in the
file differs: a page and its stream come where the page was finished, numbered as reportlab
numbers them when they are referenced. The file is valid for any reader (the xref gives each
object's offset; PDF does not ask objects to lie in number order).

Only what the table report draws is streamed: a page that uses no named colour, shading, form,
image or annotation (objects the document names and numbers late) is written at once; any other
page stays in memory and is written at save, as reportlab would. Encrypted documents are not
streamed at all.
"""

from __future__ import annotations

import os
import uuid
import zlib
from array import array
from pathlib import Path
from typing import IO, Any

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFArray,
    PDFDocument,
    PDFFile,
    PDFIndirectObject,
    PDFName,
    PDFPage,
    PDFStream,
    PDFTrailer,
)
from reportlab.pdfgen.canvas import Canvas

XREF_CHUNK = 4096  # cross-reference lines written at a time


class StreamingCanvas(Canvas):
    """A Canvas writing each page to disk as `finish_page()` closes it (see the module doc).

    Draw as on any Canvas, end every page with `finish_page()` (not `showPage()`), then `save()`
    once; on any failure call `discard()`. A streamed page keeps its name (a bookmark or a link
    may still refer to it); its content stream is forgotten altogether."""

    def __init__(self, filename: str | Path, **kwargs: Any) -> None:
        self.out = Path(filename)
        super().__init__(str(self.out), **kwargs)
        # created as open() creates the output (the umask's permissions), under a name of its own
        self._part = self.out.with_name(f".{self.out.name}.{uuid.uuid4().hex[:12]}.part")
        fd = os.open(self._part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        self._file: IO[bytes] | None = os.fdopen(fd, "wb")
        self._header = _header(self._doc)
        self._file.write(self._header)
        self._offset = len(self._header)
        self._offsets = array("Q", [0])  # by object number: where it starts in the file (0: not yet)

    @property
    def streaming(self) -> bool:
        return isinstance(self._doc.encrypt, NoEncryption) and not getattr(self._doc, "_digiSigs", None)

    def finish_page(self) -> None:
        """Close the current page (showPage) and write it and its content stream to the file; the
        document keeps the page's name and number, the file keeps their offsets."""
        self.showPage()
        doc = self._doc
        pages = doc.Pages.pages
        page = pages[-1]
        _compress(page)
        if not self.streaming or not _self_contained(page):
            return
        name = page.__InternalName__
        page_bytes = PDFIndirectObject(name, page).format(doc)  # numbers the stream and the pages tree
        contents = page.Contents
        contents_name = contents.__InternalName__
        numbers = doc.idToObjectNumberAndVersion
        page_number, contents_number = numbers[name][0], numbers[contents_name][0]
        self._write(page_number, name, page, page_bytes)
        self._write(contents_number, contents_name, contents,
                    PDFIndirectObject(contents_name, contents).format(doc))
        for number, oid in ((page_number, name), (contents_number, contents_name)):
            del doc.numberToId[number], doc.idToObject[oid]
        del numbers[contents_name]  # nothing refers to a page's stream but its page
        pages[-1] = b"%d 0 R" % page_number  # the pages tree's Kids entry, ready formatted

    def save(self) -> None:
        """The objects known only now, the cross-reference table and the trailer; then the file
        takes the output's name."""
        if len(self._code):
            self.finish_page()
        doc = self._doc
        # as PDFDocument.GetPDFData: the font subsets, the info's digest, the catalog, the outline
        for font in doc.delayedFonts:
            font.addObjects(doc)
        doc.info.invariant = doc.invariant
        doc.info.digest(doc.signature)
        doc.Reference(doc.Catalog)
        doc.Reference(doc.info)
        doc.Outlines.prepare(doc, self)
        if doc.Outlines.ready < 0:
            doc.Catalog.Outlines = None
        self._write_rest(doc)
        self._out().close()
        self._file = None
        os.replace(self._part, self.out)

    def getpdfdata(self) -> bytes:
        raise NotImplementedError("a StreamingCanvas writes its file: use save()")

    def discard(self) -> None:
        """Drop the unfinished file (after a cancel or an error); harmless after save()."""
        if self._file is not None:
            self._file.close()
            self._file = None
            self._part.unlink(missing_ok=True)

    def _out(self) -> IO[bytes]:
        if self._file is None:
            raise RuntimeError("the PDF was saved or discarded already")
        return self._file

    def _write(self, number: int, oid: str, obj: object, data: bytes) -> None:
        if not rl_config.invariant and rl_config.pdfComments:
            self._raw(f"% {ascii(oid)}: class {type(obj).__name__[:50]} \n".encode())
        offsets = self._offsets
        if number >= len(offsets):
            offsets.extend([0] * (number + 1 - len(offsets)))
        offsets[number] = self._offset
        self._raw(data)

    def _raw(self, data: bytes) -> None:
        self._out().write(data)
        self._offset += len(data)

    def _write_rest(self, doc: PDFDocument) -> None:
        """PDFDocument.format without its in-memory file: every object not yet written (new ones
        may be referenced while formatting), the xref from the recorded offsets, the trailer."""
        doc.encrypt.prepare(doc)
        cat, info = doc.Catalog, doc.info
        encrypt_info = doc.encrypt.info()
        encrypt_ref = doc.Reference(encrypt_info) if encrypt_info else None
        offsets = self._offsets
        number = 0
        while number < doc.objectcounter:  # formatting an object may number new ones
            number += 1
            if number < len(offsets) and offsets[number]:
                continue
            oid = doc.numberToId[number]
            obj = doc.idToObject[oid]
            self._write(number, oid, obj, PDFIndirectObject(oid, obj).format(doc))
        count = doc.objectcounter
        if len(offsets) != count + 1 or not all(offsets[1:]):
            raise ValueError(f"objects 1..{count} are not all in the file")
        xref_at = self._offset
        self._raw(b"xref\n" + f"0 {count + 1}\n".encode() + b"0000000000 65535 f \n")
        for start in range(1, count + 1, XREF_CHUNK):
            chunk = offsets[start:start + XREF_CHUNK]
            self._raw("".join(f"{offset:010d} 00000 n \n" for offset in chunk).encode("ascii"))
        trailer = PDFTrailer(startxref=xref_at, Size=count + 1, Root=doc.Reference(cat), Info=doc.Reference(info),
                             Encrypt=encrypt_ref, ID=doc.ID())
        self._raw(trailer.format(doc))
        header = _header(doc)  # a drawing may have raised the PDF version after the header went out
        if header != self._header:
            if len(header) != len(self._header):
                raise ValueError("the PDF version line changed length")
            self._out().seek(0)
            self._out().write(header)


def _header(doc: PDFDocument) -> bytes:
    """The file's first bytes, as reportlab writes them (PDFFile)."""
    return PDFFile(doc._pdfVersion).strings[0]


def _compress(page: PDFPage) -> None:
    """The page's operators compressed into its content stream now, their text let go. The stream
    carries its filter already (reportlab applies filters only to streams without one)."""
    if page.Contents or not page.stream:
        return
    contents = PDFStream(content=zlib.compress(page.stream.encode("utf8")))
    contents.dictionary["Filter"] = PDFArray([PDFName("FlateDecode")])
    contents.__Comment__ = "page stream"
    page.Contents, page.stream = contents, None


def _self_contained(page: PDFPage) -> bool:
    """Whether the page refers to nothing but its stream, the pages tree and the fonts dictionary
    (all numbered by the time it is formatted); its graphics states are inline."""
    return not (page._colorsUsed or page._shadingUsed or page.XObjects or page.Annots)

