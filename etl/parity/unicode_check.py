#!/usr/bin/python3
"""Reference side of etl/parity/unicode-check.ts: Python's own behaviour over every code point.

Writes JSON lines, one per block of code points:
  {"lo", "hi", "doc", "lower": doc.lower(), "cleaned": re.sub(r'[^\\w\\s]', '', doc),
   "tokens": TfidfVectorizer(stop_words='english') analyzer of cleaned,
   "word": [code points of the block matched by \\w], "space": [... matched by \\s]}
"""
import json
import re
import sys

from sklearn.feature_extraction.text import TfidfVectorizer

out = sys.argv[1]
block = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
analyze = TfidfVectorizer(stop_words="english").build_analyzer()
W, S = re.compile(r"\w"), re.compile(r"\s")


def patterns(ch):
    # alone, joined to words, doubled, and around capital sigmas (Final_Sigma contexts)
    return [f"x{ch}y", f"{ch}{ch}", f"A{ch}\u03a3", f"A\u03a3{ch}", f"A\u03a3{ch}b", f" {ch}\u03a3 ",
            f"\u03a3{ch}", f"{ch}\u0130{ch}", f"the{ch}and"]


with open(out, "w", encoding="ascii") as f:
    for lo in range(0, 0x110000, block):
        hi = min(lo + block, 0x110000)
        doc = " ".join(p for c in range(lo, hi) for p in patterns(chr(c)))
        cleaned = re.sub(r"[^\w\s]", "", doc)
        rec = {"lo": lo, "hi": hi, "doc": doc, "lower": doc.lower(), "cleaned": cleaned,
               "tokens": analyze(cleaned),
               "word": [c for c in range(lo, hi) if W.match(chr(c))],
               "space": [c for c in range(lo, hi) if S.match(chr(c))]}
        f.write(json.dumps(rec, ensure_ascii=True) + "\n")
