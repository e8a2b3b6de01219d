#!/usr/bin/env python3
"""Drives headless Chromium over static pages holding built cards, for CardHostBrowserTests.

--cards is a JSON object naming fragment files: {"inline": …, "shadow": …, "light": …, "ar": …,
"ja": …}, all of the same user; --css is whocard.css. For each embedding (inline, shadow) it
loads the card on a blank page and inside a hostile host page (a Tailwind-preflight-like reset, a
Bootstrap-reboot-like one, and `.chat h2`, `.chat p`, `.chat a`, … rules, loaded after
whocard.css) and reports the computed styles of the card's parts on both. It also reports the
card's colours by theme and OS scheme, whether a broken avatar looks exactly like its initials
alone, the card's width in narrow containers, and the layout of the ar and ja cards.
Prints one JSON object; the Swift test asserts on it. --docs writes the hostile-host screenshots.
"""
import argparse
import base64
import json
import pathlib
import shutil
import struct
import sys
import tempfile
import zlib

TAILWIND_LIKE = """
*, ::before, ::after { box-sizing: border-box; border: 0 solid #e5e7eb; margin: 0; padding: 0; }
html { line-height: 1.5; font-family: ui-sans-serif, system-ui; -webkit-text-size-adjust: 100%; }
h1, h2, h3, h4, h5, h6 { font-size: inherit; font-weight: inherit; }
a { color: inherit; text-decoration: inherit; }
ol, ul, menu { list-style: none; }
img, svg { display: block; vertical-align: middle; max-width: 100%; height: auto; }
b, strong { font-weight: bolder; }
"""

BOOTSTRAP_LIKE = """
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: Georgia, serif; font-size: 1rem; font-weight: 400; line-height: 1.5; color: #212529; }
h1, h2, h3, h4, h5, h6 { margin-top: 0; margin-bottom: .5rem; font-weight: 500; line-height: 1.2; }
h2 { font-size: calc(1.325rem + .9vw); } h3 { font-size: calc(1.3rem + .6vw); }
p { margin-top: 0; margin-bottom: 1rem; }
ol, ul { padding-left: 2rem; margin-top: 0; margin-bottom: 1rem; }
a { color: rgba(13, 110, 253, 1); text-decoration: underline; }
a:not([href]):not([class]) { color: inherit; text-decoration: none; }
small { font-size: .875em; }
code { font-size: .875em; color: #d63384; }
img, svg { vertical-align: middle; }
"""

CHAT_RULES = """
.chat { font: italic 18px/2.5 "Comic Sans MS", cursive; color: #333; text-align: justify; letter-spacing: .1em;
        text-transform: lowercase; word-spacing: 4px; text-indent: 2em; }
.chat h2 { color: purple; font-size: 2rem; font-weight: normal; margin: 1em 0; text-decoration: underline; }
.chat h3 { font-size: 3rem; text-transform: uppercase; color: teal; }
.chat p { text-transform: uppercase; margin: 1.5em; padding: 1em; color: #b00; font-size: 22px; }
.chat a { font-weight: bold; color: green; text-decoration: none; border-bottom: 2px dotted; }
.chat ul { list-style: square; padding: 0 3em; margin: 2em; }
.chat li { margin: 1em; display: list-item; }
.chat span { font-style: oblique; font-weight: 900; color: orange; }
.chat section { margin: 3em; border: 4px solid red; }
.chat img { border: 5px solid red; width: 200px; }
.chat svg { width: 3rem; height: 3rem; fill: red; }
.chat article { max-width: none; background: yellow; }
"""

PARTS = {
    "name": ".p-name", "eyebrow": ".whocard__eyebrow", "org": ".whocard__org", "link": ".whocard__link",
    "icon": ".whocard__icon", "label": ".whocard__label", "note": ".whocard__note",
    "heading": ".whocard__heading", "contact_link": ".whocard__contact a", "list_item": ".whocard__list li",
    "bio": ".whocard__bio p", "card": "article.whocard",
}

PROPERTIES = [
    "font-family", "font-size", "font-weight", "font-style", "line-height", "text-transform", "letter-spacing",
    "word-spacing", "text-indent", "text-align", "color", "background-color", "margin-top", "margin-right",
    "margin-bottom", "margin-left", "padding-top", "padding-right", "padding-bottom", "padding-left",
    "list-style-type", "text-decoration-line", "box-sizing", "border-top-width", "border-bottom-width",
    "display", "width", "height", "fill",
]

STYLES = """
var mode = arguments[0], parts = arguments[1], properties = arguments[2];
var root = mode === 'shadow' ? document.querySelector('whocard-card').shadowRoot : document;
var out = {};
Object.keys(parts).forEach(function (part) {
  var el = root.querySelector(parts[part]);
  if (!el) { out[part] = null; return; }
  var s = getComputedStyle(el), v = {};
  properties.forEach(function (p) { v[p] = s.getPropertyValue(p); });
  out[part] = v;
});
return out;
"""


def pixels(png_base64):
    """Decodes a Chromium screenshot (8-bit RGB or RGBA PNG, not interlaced) to rows of bytes."""
    data = base64.b64decode(png_base64)
    width, height = struct.unpack(">II", data[16:24])
    channels = {2: 3, 6: 4}[data[25]]
    chunks, at = b"", 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            chunks += data[at + 8:at + 8 + length]
        at += 12 + length
    raw, stride, rows, previous = zlib.decompress(chunks), width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1: line[x] = (line[x] + a) & 255
            elif kind == 2: line[x] = (line[x] + b) & 255
            elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return rows, channels


def differing(first, second):
    """Share of pixels that differ by more than 48 in a channel (antialiasing stays below it)."""
    (a, channels), (b, _) = pixels(first), pixels(second)
    if len(a) != len(b) or len(a[0]) != len(b[0]):
        return 1.0
    total = len(a) * len(a[0]) // channels
    count = sum(1 for ra, rb in zip(a, b) for x in range(0, len(ra), channels)
                if max(abs(ra[x + i] - rb[x + i]) for i in range(3)) > 48)
    return count / total


def page(css, body, host):
    extra = f"<style>{TAILWIND_LIKE}{BOOTSTRAP_LIKE}{CHAT_RULES}</style>" if host else ""
    # The host's own content shows its rules at work beside the card (in the screenshots).
    chat = ('<h2>Chat with your provider</h2><p>The host page’s text, styled by '
            '<a href="#top">its own rules</a>.</p>') if host else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
            f'<link rel="stylesheet" href="{css}">{extra}</head>'
            f'<body><div class="chat" style="width: 640px">{chat}{body}</div></body></html>')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", required=True)
    parser.add_argument("--css", required=True)
    parser.add_argument("--docs")
    args = parser.parse_args()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as error:
        print(json.dumps({"setup": f"{error}: pip install selenium (make test does this)"}))
        return
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        print(json.dumps({"setup": "chromium or chromedriver is missing: apt-get install chromium chromium-driver"}))
        return
    cards = {k: pathlib.Path(v).read_text(encoding="utf-8") for k, v in json.loads(args.cards).items()}
    work = pathlib.Path(tempfile.mkdtemp(prefix="whocard-host-"))
    shutil.copy(args.css, work / "whocard.css")

    def write(name, html):
        (work / name).write_text(html, encoding="utf-8")
        return (work / name).as_uri()

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--hide-scrollbars",
                 "--no-first-run", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    out = {"styles": {}, "themes": {}, "avatar": {}, "widths": [], "locales": {}}

    def emulate(width, scheme):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": scheme}]})

    try:
        emulate(1000, "light")
        # 1. Host CSS: computed styles on a blank page and inside the hostile host.
        for embedding in ["inline", "shadow"]:
            for host in [False, True]:
                driver.get(write(f"{embedding}-{host}.html", page("whocard.css", cards[embedding], host)))
                styles = driver.execute_script(STYLES, embedding, PARTS, PROPERTIES)
                out["styles"][f"{embedding}-{'host' if host else 'blank'}"] = styles
                if host and args.docs:
                    root = driver.find_element("css selector", ".chat")
                    root.screenshot(str(pathlib.Path(args.docs) / f"card-in-host-page-{embedding}.png"))

        # 2. Themes: the card's background per data-whocard-theme and OS scheme.
        for theme in ["auto", "light", "dark"]:
            html = cards["inline"].replace('data-whocard-theme="auto"', f'data-whocard-theme="{theme}"', 1)
            url = write(f"theme-{theme}.html", page("whocard.css", html, False))
            for scheme in ["light", "dark"]:
                emulate(1000, scheme)
                driver.get(url)
                out["themes"][f"{theme}-{scheme}"] = driver.execute_script(
                    "return getComputedStyle(document.querySelector('article.whocard')).backgroundColor;")
        emulate(1000, "light")

        # 2. A broken avatar (offline, the photo cannot load) looks exactly like the initials alone.
        url = write("avatar.html", page("whocard.css", cards["inline"], True))
        driver.get(url)
        driver.execute_async_script(
            "var done = arguments[0], img = document.querySelector('.whocard__photo');"
            "if (!img) return done(); if (img.complete) return done();"
            "img.addEventListener('error', function () { done(); }); img.addEventListener('load', function () { done(); });")
        try:
            avatar = driver.find_element("css selector", ".whocard__avatar")
            broken = avatar.screenshot_as_base64
            state = driver.execute_script(
                "var img = document.querySelector('.whocard__photo'), ini = document.querySelector('.whocard__initials');"
                "return {broken: img.complete && img.naturalWidth === 0, initials: ini.textContent,"
                " alt: img.getAttribute('alt')};")
            driver.execute_script("document.querySelector('.whocard__photo').remove();")
            alone = avatar.screenshot_as_base64
            driver.execute_script(
                "document.querySelector('.whocard__initials').textContent = '';")
            empty = avatar.screenshot_as_base64
            # Text is antialiased a little differently in a pseudo-element: compare pixels, not bytes.
            state.update({"differing_pixels_vs_initials_alone": differing(broken, alone),
                          "differing_pixels_vs_empty": differing(alone, empty)})
        except Exception as error:  # e.g. a 0-height avatar: report it, the test fails on it
            state = {"error": str(error).splitlines()[0]}
        out["avatar"] = state

        # 2. Narrow containers: the card fills them; wide ones: at most 40rem.
        for width in [280, 360, 400, 1000]:
            for display in ["block", "flex", "inline-block"]:
                body = (f'<div id="box" style="width:{width}px; display:{display}; padding:0">'
                        f'{cards["inline"]}</div>')
                driver.get(write("width.html", page("whocard.css", body, True)))
                measured = driver.execute_script(
                    "return {box: document.getElementById('box').getBoundingClientRect().width,"
                    " card: document.querySelector('article.whocard').getBoundingClientRect().width};")
                measured.update({"width": width, "display": display})
                out["widths"].append(measured)

        # 3. Locales: ar is right to left and mirrored; ja shows its labels.
        for tag in ["ar", "ja"]:
            driver.get(write(f"{tag}.html", page("whocard.css", cards[tag], False)))
            out["locales"][tag] = driver.execute_script("""
              var card = document.querySelector('article.whocard');
              var r = function (sel) { var e = card.querySelector(sel); return e && e.getBoundingClientRect(); };
              var avatar = r('.whocard__avatar') || r('.whocard__identity'), identity = r('.whocard__identity');
              var label = card.querySelector('.whocard__label');
              return {lang: card.getAttribute('lang'), direction: getComputedStyle(card).direction,
                      eyebrow: card.querySelector('.whocard__eyebrow').textContent,
                      heading: (card.querySelector('.whocard__heading') || {}).textContent,
                      note: (card.querySelector('.whocard__note') || {}).textContent,
                      avatarLeft: avatar.left, identityLeft: identity.left,
                      nameAlign: getComputedStyle(card.querySelector('.p-name')).textAlign,
                      nameRight: card.querySelector('.p-name').getBoundingClientRect().right,
                      identityRight: identity.right,
                      firstLinkLeft: r('.whocard__link') ? r('.whocard__link').left : null,
                      cardLeft: card.getBoundingClientRect().left, cardRight: card.getBoundingClientRect().right,
                      overflow: card.scrollWidth > card.clientWidth};""")
            if args.docs and tag == "ar":  # (no Japanese font on the machine that makes the docs)
                driver.find_element("css selector", "article.whocard").screenshot(
                    str(pathlib.Path(args.docs) / f"card-{tag}.png"))
    finally:
        driver.quit()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
