/// One valid link of an accepted row: what is fetched, and where a finding about it goes.
public struct LinkOccurrence: Sendable, Equatable {
    public var userID: String
    public var line: Int
    public var field: Field
    public var link: ValidLink

    public init(userID: String, line: Int, field: Field, link: ValidLink) {
        self.userID = userID
        self.line = line
        self.field = field
        self.link = link
    }
}

extension ValidatedProfile {
    /// The profile's valid web links in field order: avatar, social profiles, website, support page.
    public var linkOccurrences: [LinkOccurrence] {
        var links: [(Field, ValidLink)] = []
        if let avatar { links.append((.avatarURL, avatar)) }
        for social in social { links.append((social.platform.field, social.link)) }
        if let website { links.append((.website, website)) }
        if case .web(let link) = support { links.append((.supportURL, link)) }
        return links.sorted { $0.0 < $1.0 }.map { LinkOccurrence(userID: id, line: line, field: $0.0, link: $0.1) }
    }
}
