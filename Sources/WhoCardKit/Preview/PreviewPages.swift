import Foundation

/// The preview server's own pages and script: error pages shown instead of a card, and the
/// live-reload script. No inline script or style, so they hold under `default-src 'self'`.
enum PreviewPages {
    /// Reloads the page when the server announces a generation other than the one the page
    /// was rendered at (its `data-generation`). EventSource reconnects by itself, so a
    /// restarted server reloads open pages too.
    static let reloadScript = """
        // whocard preview: reloads this page when the export or a template changes.
        (function () {
          "use strict";
          var script = document.currentScript;
          var shown = script ? script.getAttribute("data-generation") : null;
          var events = new EventSource("\(PreviewSite.eventsPath)");
          events.addEventListener("generation", function (event) {
            if (event.data !== shown) {
              events.close();
              window.location.reload();
            }
          });
        })();

        """

    /// Styles the server's own pages (errors, not found): readable, wrapping long paths, and
    /// following the reader's colour scheme like the cards do.
    static let stylesheet = """
        :root { color-scheme: light dark; }
        body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 1.5rem; }
        main { max-width: 48rem; margin: 0 auto; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; padding: 0.75rem 1rem; border-left: 4px solid #c62828; background: rgba(198, 40, 40, 0.08); }

        """

    /// The script tag pages carry; the generation tells the script which version it shows.
    static func reloadTag(generation: String) -> String {
        "<script src=\"\(PreviewSite.reloadScriptPath)\" data-generation=\"\(Escape.html(generation))\" defer></script>\n"
    }

    /// `html` with the reload script added before `</head>` (or at the end, for a custom
    /// template without a head).
    static func addingReloadScript(to html: String, generation: String) -> String {
        let tag = reloadTag(generation: generation)
        if let head = html.range(of: "</head>", options: .caseInsensitive) {
            var result = html
            result.insert(contentsOf: tag, at: head.lowerBound)
            return result
        }
        return html + (html.hasSuffix("\n") ? "" : "\n") + tag
    }

    /// The export or a template cannot be used; the message names the file (and line).
    static func error(_ error: PreviewError) -> String {
        let what: String
        switch error {
        case .input: what = "The export cannot be read"
        case .template: what = "A template has an error"
        }
        return document(
            title: what,
            body: """
                <p>\(what), so the preview cannot be rendered:</p>
                <pre class="whocard-preview-error">\(Escape.html(error.description))</pre>
                <p>Fix the file and save it: this page reloads by itself.</p>
                """)
    }

    static func unknownUser(id: String, file: String, users: Int, suggestions: [String]) -> String {
        var body =
            "<p>There is no user <code>\(Escape.html(id))</code> in <code>\(Escape.html(file))</code> (\(users) users).</p>\n"
        if !suggestions.isEmpty {
            body += "<p>Did you mean:</p>\n<ul>\n"
            for suggestion in suggestions {
                body +=
                    "<li><a href=\"\(Escape.html(PreviewSite.cardPath(id: suggestion)))\">\(Escape.html(suggestion))</a></li>\n"
            }
            body += "</ul>\n"
        }
        body += "<p><a href=\"/\">All cards</a></p>"
        return document(title: "No user '\(id)'", body: body)
    }

    static func rejected(id: String, file: String, findings: [Finding]) -> String {
        var body =
            "<p>The row of user <code>\(Escape.html(id))</code> in <code>\(Escape.html(file))</code> is rejected, so it has no card:</p>\n<ul>\n"
        for finding in findings {
            body +=
                "<li>line \(finding.line): \(Escape.html(finding.severity.rawValue)) [\(Escape.html(finding.rule))] \(Escape.html(finding.message)). Fix: \(Escape.html(finding.hint))</li>\n"
        }
        body += "</ul>\n<p><a href=\"/\">All cards</a></p>"
        return document(title: "User '\(id)' has no card", body: body)
    }

    static func notFound(path: String) -> String {
        document(
            title: "Not found",
            body: """
                <p>Nothing is served at <code>\(Escape.html(path))</code>. Cards are at <code>/cards/&lt;id&gt;</code>.</p>
                <p><a href="/">All cards</a></p>
                """)
    }

    private static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(Escape.html(title)) (whocard preview)</title>
        <link rel="stylesheet" href="\(PreviewSite.stylesheetPath)">
        </head>
        <body>
        <main>
        <h1>\(Escape.html(title))</h1>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// `id` as one URL path segment.
    static func percentEncoded(_ id: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
    }
}
