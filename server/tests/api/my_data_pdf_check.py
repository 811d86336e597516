"""Reads a PDF on stdin with PyPI `pypdf` (an independent reader) and prints JSON: the
number of pages, the first page's text as extracted, the document's title and language,
and each font: its name, whether its program is embedded and whether it maps its glyphs
back to Unicode (without which the text cannot be searched, copied or read aloud)."""
import io
import json
import sys

from pypdf import PdfReader

reader = PdfReader(io.BytesIO(sys.stdin.buffer.read()))


def fonts_of(resources, seen):
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        descendants = font.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else font
        descriptor = (described.get("/FontDescriptor") or {})
        descriptor = descriptor.get_object() if descriptor else {}
        name = str(font.get("/BaseFont"))
        if name not in seen:
            seen[name] = {
                "name": name,
                "embedded": any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")),
                "to_unicode": "/ToUnicode" in font,
            }
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            fonts_of(xobject.get("/Resources"), seen)


seen = {}
for page in reader.pages:
    fonts_of(page.get("/Resources"), seen)
root = reader.trailer["/Root"].get_object()
print(json.dumps({
    "pages": len(reader.pages),
    "text": reader.pages[0].extract_text() if reader.pages else "",
    "title": reader.metadata.title if reader.metadata else None,
    "lang": str(root.get("/Lang")) if root.get("/Lang") else None,
    "fonts": list(seen.values()),
}))
