"""Rewrites a workbook into a damaged or hostile one for the robustness tests, with Python's own
zipfile (a ZIP writer independent of the reader under test):

    python3 hostile_archives.py CASE SOURCE.xlsx OUT [SIZE]

bomb          the first sheet replaced by SIZE bytes of XML that compress about 1000 to 1
lying-bomb    the same, its declared sizes then patched to 1,000 bytes (a bomb that lies)
endless       the first sheet's DEFLATE data made a stored block that claims more bytes than the
              entry has: a reader that trusts the stream and not the entry reads past it forever
dtd           the first sheet given a DTD declaring nested entities (the "billion laughs")
utf16         the first sheet declared as UTF-16
deep          the first sheet nested 1,000 elements deep
"""
import struct
import sys
import zipfile


def entries(source):
    with zipfile.ZipFile(source) as archive:
        return [(info.filename, archive.read(info.filename)) for info in archive.infolist()]


def write(out, items, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in items:
            archive.writestr(name, data)


def replace_sheet(source, out, sheet):
    write(out, [(name, sheet if name == "xl/worksheets/sheet1.xml" else data) for name, data in entries(source)])


def huge_sheet(size):
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row></sheetData></worksheet>"
    return head + b"x" * (size - len(head) - len(tail)) + tail


def patch_sizes(path, name, declared):
    data = bytearray(open(path, "rb").read())
    encoded = name.encode()
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while True:
            start = data.find(signature, start)
            if start < 0:
                break
            name_offset = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_offset:name_offset + len(encoded)] == encoded:
                struct.pack_into("<I", data, start + size_offset, declared)
            start += 4
    open(path, "wb").write(bytes(data))


def endless(source, out):
    items = entries(source)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            archive.writestr(name, data)
    # Rewrite the sheet entry's data as a stored block (not final) claiming 65,535 bytes with 10
    # present: its compressed size stays that of the real data, so the archive's structure holds.
    raw = bytearray(open(out, "rb").read())
    encoded = b"xl/worksheets/sheet1.xml"
    start = raw.find(b"PK\x03\x04")
    while start >= 0:
        name_length, extra_length = struct.unpack_from("<HH", raw, start + 26)
        if raw[start + 30:start + 30 + name_length] == encoded:
            compressed = struct.unpack_from("<I", raw, start + 18)[0]
            data_start = start + 30 + name_length + extra_length
            block = bytes([0x00]) + struct.pack("<HH", 0xFFFF, 0x0000) + b"<worksheet"
            raw[data_start:data_start + compressed] = block + b"\x00" * (compressed - len(block))
            break
        start = raw.find(b"PK\x03\x04", start + 4)
    open(out, "wb").write(bytes(raw))


def main():
    case, source, out = sys.argv[1:4]
    size = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    if case == "bomb":
        replace_sheet(source, out, huge_sheet(size))
    elif case == "lying-bomb":
        replace_sheet(source, out, huge_sheet(size))
        patch_sizes(out, "xl/worksheets/sheet1.xml", 1000)
    elif case == "endless":
        endless(source, out)
    elif case == "dtd":
        replace_sheet(source, out, b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>')
    elif case == "utf16":
        replace_sheet(source, out, '<?xml version="1.0" encoding="UTF-16"?><worksheet><sheetData/></worksheet>'.encode("utf-16"))
    elif case == "deep":
        replace_sheet(source, out, b'<?xml version="1.0"?><worksheet><sheetData>' + b"<x>" * 1000 + b"</x>" * 1000 + b"</sheetData></worksheet>")
    else:
        raise SystemExit("unknown case " + case)


if __name__ == "__main__":
    main()
