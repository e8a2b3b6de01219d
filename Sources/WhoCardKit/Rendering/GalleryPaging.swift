/// How the QA gallery is split into pages: the one place for its page size, the number of
/// pages, which users a page holds, and the pages' file names (`index.html`, `index-2.html`, …).
/// The nightly build's gallery and the preview server's both page this way.
public struct GalleryPaging: Sendable, Equatable {
    /// Cards per gallery page unless a build says otherwise.
    public static let defaultPageSize = 500

    /// Cards per page (at least 1).
    public let pageSize: Int
    /// Users in the whole gallery, in id order.
    public let userCount: Int

    public init(userCount: Int, pageSize: Int = GalleryPaging.defaultPageSize) {
        self.userCount = max(0, userCount)
        self.pageSize = max(1, pageSize)
    }

    /// Pages in the gallery: at least one, so an empty gallery still has its `index.html`.
    public var pageCount: Int { max(1, (userCount + pageSize - 1) / pageSize) }

    /// Positions (0-based, in id order) of the users on page `page` (1-based).
    public func users(onPage page: Int) -> Range<Int> {
        min(userCount, (page - 1) * pageSize)..<min(userCount, page * pageSize)
    }

    /// `index.html` for the first page, `index-N.html` for page N.
    public static func fileName(page: Int) -> String {
        page <= 1 ? "index.html" : "index-\(page).html"
    }

    /// The page a file name is for, when it is exactly ``fileName(page:)`` of some page.
    public static func page(fileName name: String) -> Int? {
        if name == "index.html" { return 1 }
        guard name.hasPrefix("index-"), name.hasSuffix(".html"),
            let page = Int(name.dropFirst("index-".count).dropLast(".html".count)), page > 1,
            name == fileName(page: page)
        else { return nil }
        return page
    }
}
