#!/usr/bin/env python3
"""Checks that PNG screenshots are not blank: decodes each file (standard library only) and
requires enough distinct colours and enough pixels that differ from the most common colour.
Usage: png_check.py FILE... ; prints one line per file, exits 1 if any looks blank."""
import struct
import sys
import zlib
from collections import Counter


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = ihdr
    if depth != 8 or interlace or colour not in (2, 6):
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    pixels = Counter()
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        if y % 4 == 0:  # every 4th row is plenty to judge
            for x in range(0, stride, bpp * 2):
                pixels[bytes(line[x:x + 3])] += 1
        prev = line
    return width, height, pixels


def main():
    bad = 0
    for path in sys.argv[1:]:
        try:
            w, h, pixels = decode(path)
        except Exception as e:  # noqa: BLE001 - report any decoding problem per file
            print(f"FAIL {path}: {e}")
            bad += 1
            continue
        total = sum(pixels.values())
        top = pixels.most_common(1)[0][1]
        other = 1 - top / total
        ok = len(pixels) >= 50 and other >= 0.03
        print(f"{'ok  ' if ok else 'FAIL'} {path}: {w}x{h}, {len(pixels)} colours, {other:.1%} not background")
        bad += not ok
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
