"""Hand-built .xlsx files for the reader's attack tests: a minimal valid package (content types,
workbook, one sheet, optional shared strings) whose parts are streamed from byte chunks, so a test
can make a 1 MB file that claims or inflates to a gigabyte without holding it in memory."""

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = b"http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>")
ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="' + PKG_REL + b'">'
             b'<Relationship Id="rId1" Type="' + REL + b'/officeDocument" Target="xl/workbook.xml"/>'
             b"</Relationships>")
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="' + MAIN + b'" xmlns:r="' + REL + b'">'
            b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="' + PKG_REL + b'">'
                 b'<Relationship Id="rId1" Type="' + REL + b'/worksheet" Target="worksheets/sheet1.xml"/>'
                 b'<Relationship Id="rId2" Type="' + REL + b'/sharedStrings" Target="sharedStrings.xml"/>'
                 b"</Relationships>")


def sheet_xml(rows: Iterable[bytes]) -> Iterator[bytes]:
    """A worksheet part around `rows` (each the bytes of one <row> element or more)."""
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + MAIN + b'"><sheetData>'
    yield from rows
    yield b"</sheetData></worksheet>"


def shared_strings_xml(items: Iterable[bytes]) -> Iterator[bytes]:
    """A shared-string table around `items` (each the bytes of one or more <si> elements)."""
    yield b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + MAIN + b'">'
    yield from items
    yield b"</sst>"


def repeated(chunk: bytes, total: int) -> Iterator[bytes]:
    """`total` bytes made of `chunk` repeated (the last piece cut short)."""
    while total > 0:
        yield chunk[:total]
        total -= len(chunk)


def write_workbook(path: Path, sheet: Iterable[bytes] | None, shared: Iterable[bytes] | None = None, *,
                   extra: dict[str, bytes] | None = None) -> Path:
    """Write the package, streaming the sheet and shared-string parts into the zip (a part given
    as None is left out)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES if shared is not None
                   else CONTENT_TYPES.replace(CONTENT_TYPES[CONTENT_TYPES.index(b"<Override PartName=\"/xl/shared"):
                                                            CONTENT_TYPES.index(b"</Types>")], b""))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS if shared is not None
                   else WORKBOOK_RELS.replace(WORKBOOK_RELS[WORKBOOK_RELS.index(b"<Relationship Id=\"rId2\""):
                                                            WORKBOOK_RELS.index(b"</Relationships>")], b""))
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            if chunks is None:
                continue
            with z.open(name, "w", force_zip64=True) as f:
                for chunk in chunks:
                    f.write(chunk)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def header_and_row(cell_b2: bytes) -> list[bytes]:
    """Row 1: two inline header texts; row 2: A2 = "x", B2 = the given <c> element content."""
    return [b'<row r="1"><c r="A1" t="inlineStr"><is><t>first</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>second</t></is></c></row>',
            b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c>' + cell_b2 + b"</row>"]
