#!/usr/bin/env python3
"""Drives headless Chromium over a running `whocard preview --serve` for PreviewBrowserTests.

Loads each user's preview page at 360 px and 1280 px wide, in the light and the dark colour
scheme, and reports what a customer would see: the card's name and links and whether they are
visible, console errors, Content-Security-Policy violations, horizontal overflow. Runs axe-core
on a few pages in both schemes, then checks live reload (the export changes) and the error page
(a template breaks, then is fixed). Prints one JSON object; the Swift test asserts on it.
Screenshots go to --screenshots; with --docs, the card screenshots of the README and docs/preview.md too.
"""
import argparse
import json
import pathlib
import shutil
import sys
import time

CSP_LISTENER = """
window.__whocardCSP = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__whocardCSP.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""

OBSERVE = """
function visible(el) {
  var r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && parseFloat(s.opacity) > 0;
}
var card = document.querySelector('article.whocard');
var name = card && card.querySelector('.p-name');
return {
  title: document.title,
  card: !!card,
  name: name ? name.textContent.trim() : null,
  nameVisible: name ? visible(name) : false,
  links: card ? Array.prototype.map.call(card.querySelectorAll('a.u-url'), function (a) {
    return {href: a.getAttribute('href'), visible: visible(a)};
  }) : [],
  overflow: document.documentElement.scrollWidth > window.innerWidth,
  width: window.innerWidth,
  dark: matchMedia('(prefers-color-scheme: dark)').matches,
  cardBackground: card ? getComputedStyle(card).backgroundColor : null,
  csp: window.__whocardCSP || [],
  reloadScripts: document.querySelectorAll('script[src="/_whocard/reload.js"]').length,
  inlineScripts: Array.prototype.filter.call(document.scripts, function (s) {
    return !s.src && s.type !== 'application/ld+json';
  }).length
};
"""


def wait(predicate, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = predicate()
            if value:
                return value
        except Exception:  # the page is reloading
            pass
        time.sleep(0.1)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--ids", required=True, help="comma-separated user ids")
    parser.add_argument("--axe-ids", default="", help="comma-separated ids to run axe-core on")
    parser.add_argument("--export", required=True, help="the served export, edited for the reload check")
    parser.add_argument("--templates", required=True, help="the served --templates folder")
    parser.add_argument("--reload-id", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--docs", help="folder for the card screenshots of the README and docs")
    parser.add_argument("--docs-id")
    args = parser.parse_args()

    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from axe_selenium_python import Axe
    except ImportError as error:
        print(json.dumps({"setup": f"{error}: pip install selenium axe-selenium-python (make test does this)"}))
        return
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        print(json.dumps({"setup": "chromium or chromedriver is missing: apt-get install chromium chromium-driver (make test does this)"}))
        return

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                 # Offline and deterministic: only the preview server resolves.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_script_timeout(30)
    out = {"pages": [], "axe": [], "reload": {}, "error_page": {}}
    shots = pathlib.Path(args.screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_LISTENER})

        def emulate(width, scheme):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                   {"features": [{"name": "prefers-color-scheme", "value": scheme}]})

        def load(path):
            driver.get(args.base + path)
            wait(lambda: driver.execute_script("return document.readyState") == "complete", 10)

        def errors():
            return [{"level": e["level"], "source": e.get("source", ""), "message": e["message"]}
                    for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]

        ids = [i for i in args.ids.split(",") if i]
        for scheme in ["light", "dark"]:
            for width in [360, 1280]:
                emulate(width, scheme)
                for user in ids + [None]:
                    path = f"/cards/{user}" if user else "/"
                    load(path)
                    page = driver.execute_script(OBSERVE)
                    page.update({"id": user, "path": path, "scheme": scheme, "requested_width": width,
                                 "console": errors()})
                    name = f"{user or 'gallery'}-{width}-{scheme}.png"
                    if user is None or user == args.docs_id or user == ids[0]:
                        driver.save_screenshot(str(shots / name))
                    out["pages"].append(page)
                    if args.docs and user == args.docs_id and width == 1280:
                        card = driver.find_element("css selector", "article.whocard")
                        card.screenshot(str(pathlib.Path(args.docs) / f"card-{scheme}.png"))

        axe = Axe(driver)
        for scheme in ["light", "dark"]:
            emulate(1280, scheme)
            for user in [i for i in args.axe_ids.split(",") if i] + [None]:
                path = f"/cards/{user}" if user else "/"
                load(path)
                axe.inject()
                result = axe.run()
                out["axe"].append({"path": path, "scheme": scheme, "violations": [
                    {"id": v["id"], "impact": v.get("impact"), "help": v["help"],
                     "targets": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]})
                errors()

        # Live reload: the export changes while the page is open.
        emulate(1280, "light")
        load(f"/cards/{args.reload_id}")
        before = driver.execute_script(OBSERVE)["name"]
        driver.execute_script("window.__whocardMarker = true;")
        export = pathlib.Path(args.export)
        text = export.read_text(encoding="utf-8")
        renamed = before + " Jr."
        started = time.monotonic()
        export.write_text(text.replace(before, renamed, 1), encoding="utf-8")
        seen = wait(lambda: driver.execute_script(
            "return !window.__whocardMarker && document.querySelector('.whocard .p-name').textContent.trim();") == renamed, 10)
        out["reload"] = {"before": before, "expected": renamed, "reloaded": bool(seen),
                         "seconds": round(time.monotonic() - started, 2),
                         "after": driver.execute_script("var n = document.querySelector('.whocard .p-name'); return n && n.textContent.trim();")}

        # A broken template: the page shows the error, the server keeps serving; fixing it recovers.
        broken = pathlib.Path(args.templates) / "page.html.mustache"
        broken.write_text("<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>t</title></head>\n<body>\n{{#card}}\n</body>\n</html>\n", encoding="utf-8")
        started = time.monotonic()
        shown = wait(lambda: driver.execute_script(
            "var p = document.querySelector('pre'); return p && p.textContent;"), 10)
        error_page = {"shown": shown, "seconds": round(time.monotonic() - started, 2), "title": driver.title}
        driver.save_screenshot(str(shots / "template-error.png"))
        broken.unlink()
        started = time.monotonic()
        recovered = wait(lambda: driver.execute_script(
            "var n = document.querySelector('.whocard .p-name'); return n && n.textContent.trim();"), 10)
        error_page.update({"recovered": recovered, "recover_seconds": round(time.monotonic() - started, 2)})
        out["error_page"] = error_page
        export.write_text(text, encoding="utf-8")
    finally:
        driver.quit()
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
