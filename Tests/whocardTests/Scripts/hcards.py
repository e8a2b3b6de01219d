"""Reads card fragments with the microformats2 parser (mf2py) and their JSON-LD block.

Usage: python3 hcards.py CARD.html ...   Prints one JSON object per file:
{"file", "hcards": [{"name": [...], "url": [...], ...}], "jsonld": {...} or null}
"""
import json
import re
import sys

import mf2py

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        html = f.read()
    parsed = mf2py.parse(doc=html)
    cards = [item["properties"] for item in parsed["items"] if "h-card" in item["type"]]
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    jsonld = json.loads(blocks[0]) if len(blocks) == 1 else None
    print(json.dumps({"file": path, "hcards": cards, "jsonld": jsonld, "scripts": len(blocks)}))
