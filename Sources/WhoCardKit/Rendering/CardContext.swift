/// Builds the values templates see (documented in Templates/README.md). Every string is
/// escaped for the output format here, so no template can print an export value raw.
struct CardContext {
    /// The output format a context is escaped for.
    enum Format {
        case html
        case markdown

        func text(_ value: String) -> String {
            switch self {
            case .html: Escape.html(value)
            case .markdown: Escape.markdown(value)
            }
        }

        func url(_ value: String) -> String {
            switch self {
            case .html: Escape.html(value)
            case .markdown: Escape.markdownDestination(value)
            }
        }
    }

    let profile: ValidatedProfile
    let bio: Bio?
    let labels: CardLabels
    /// The card's links seen linking back to it, by normalised link: only those the profile has count.
    let verified: [String: VerifiedLink]

    /// `bioOutputs` selects which renderings of the bio are made (each costs a libcmark pass).
    init(
        _ profile: ValidatedProfile, bioOutputs: Bio.Outputs = .all, labels: CardLabels = .english,
        verified: [VerifiedLink] = []
    ) {
        self.profile = profile
        self.labels = labels
        self.bio = profile.bio.flatMap { $0.isEmpty ? nil : Bio($0, outputs: bioOutputs) }
        var byLink: [String: VerifiedLink] = [:]
        if !verified.isEmpty {
            let links = Self.identityLinks(profile)
            for link in verified where links.contains(link.link) { byLink[link.link] = link }
        }
        self.verified = byLink
    }

    /// The links a card can verify, normalised: the social links, then the website.
    static func identityLinks(_ profile: ValidatedProfile) -> [String] {
        profile.social.map(\.link.normalized) + (profile.website.map { [$0.normalized] } ?? [])
    }

    /// The card's verified links, in the order the card shows them (social links, then the website).
    var verifiedLinks: [VerifiedLink] {
        guard !verified.isEmpty else { return [] }
        return Self.identityLinks(profile).compactMap { verified[$0] }
    }

    /// The name shown on the card: the person's name, else the provider, else the user id.
    var displayName: String {
        Escape.singleLine(profile.name ?? profile.provider ?? profile.id)
    }

    /// Names, hashed once.
    private enum Key {
        static let id = TemplateKey("id"), name = TemplateKey("name"), provider = TemplateKey("provider")
        static let avatar = TemplateKey("avatar"), url = TemplateKey("url"), alt = TemplateKey("alt")
        static let social = TemplateKey("social"), hasSocial = TemplateKey("has_social")
        static let contact = TemplateKey("contact"), hasContact = TemplateKey("has_contact")
        static let support = TemplateKey("support"), items = TemplateKey("items"), hours = TemplateKey("hours")
        static let bio = TemplateKey("bio"), bioTruncated = TemplateKey("bio_truncated")
        static let platform = TemplateKey("platform"), platformName = TemplateKey("platform_name")
        static let handle = TemplateKey("handle"), label = TemplateKey("label"), icon = TemplateKey("icon")
        static let kind = TemplateKey("kind"), href = TemplateKey("href"), text = TemplateKey("text")
        static let hCardClass = TemplateKey("class")
        static let lang = TemplateKey("lang"), dir = TemplateKey("dir"), theme = TemplateKey("theme")
        static let labels = TemplateKey("t"), initials = TemplateKey("initials")
        static let note = TemplateKey("note"), verified = TemplateKey("verified"), date = TemplateKey("date")
    }

    func values(_ format: Format) -> TemplateObject {
        let name = displayName
        let escapedName = format.text(name)
        var context = TemplateObject(capacity: 16)
        context.append(Key.id, .text(format.text(profile.id)))
        context.append(Key.lang, .text(format.text(labels.catalogue.tag)))
        context.append(Key.dir, .text(labels.catalogue.direction.rawValue))
        context.append(Key.theme, .text(labels.theme.rawValue))
        context.append(Key.labels, .object(format == .html ? labels.html : labels.markdown))
        context.append(Key.name, .text(escapedName))
        if let provider = profile.provider {
            context.append(Key.provider, .text(format.text(Escape.singleLine(provider))))
        }
        if let avatar = profile.avatar {
            var object = TemplateObject(capacity: 3)
            object.append(Key.url, .text(format.url(avatar.normalized)))
            // HTML escaping commutes with concatenation; Markdown's collapses spaces, so it
            // sees the whole text.
            object.append(
                Key.alt,
                .text(
                    format == .html
                        ? labels.photoAltHTML(name: escapedName) : format.text(labels.photoAltText(name: name))))
            object.append(Key.initials, .text(format.text(Self.initials(name))))
            context.append(Key.avatar, .object(object))
        }
        if !profile.social.isEmpty {
            var items: [TemplateValue] = []
            items.reserveCapacity(profile.social.count)
            for link in profile.social {
                items.append(.object(social(format, link, name: name, escapedName: escapedName)))
            }
            context.append(Key.social, .list(items))
            context.append(Key.hasSocial, true)
        }
        context.append(Key.note, .text(note(format)))
        let contact = contactItems(format)
        if !contact.isEmpty {
            context.append(Key.contact, .list(contact))
            context.append(Key.hasContact, true)
        }
        let support = supportItems(format)
        if !support.isEmpty || profile.supportHours != nil {
            var section = TemplateObject(capacity: 2)
            if !support.isEmpty { section.append(Key.items, .list(support)) }
            if let hours = profile.supportHours {
                section.append(Key.hours, .text(format.text(Escape.singleLine(hours))))
            }
            context.append(Key.support, .object(section))
        }
        if let bio, !bio.plainText.isEmpty {
            context.append(Key.bio, .text(format == .html ? bio.html : bio.commonMark))
            if bio.truncated { context.append(Key.bioTruncated, true) }
        }
        return context
    }

    /// How a handle is shown (``Platform/handleStyle``): `@name`, `in/slug` on LinkedIn, the
    /// profile address for numeric Facebook ids; a handle that is a path as it is.
    static func handleText(_ link: SocialLink) -> String {
        if link.handle.utf8.contains(UInt8(ascii: "/")) { return link.handle }
        switch link.platform.handleStyle {
        case .prefixed(let prefix):
            return prefix + "/" + link.handle
        case .atUnlessNumeric
        where link.handle.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }):
            return link.link.display
        case .at, .atUnlessNumeric:
            return "@" + link.handle
        }
    }

    private func social(_ format: Format, _ link: SocialLink, name: String, escapedName: String) -> TemplateObject {
        let platform = link.platform
        var item = TemplateObject(capacity: 6)
        item.append(Key.platform, .text(platform.rawValue))
        item.append(Key.platformName, .text(format.text(platform.displayName)))
        item.append(Key.handle, .text(format.text(Self.handleText(link))))
        item.append(Key.url, .text(format.url(link.link.normalized)))
        if format == .html {
            item.append(
                Key.label, .text(labels.linkLabelHTML(name: escapedName, platform: Escape.html(platform.displayName))))
            item.append(Key.icon, .text(PlatformIcon.svg(platform)))
        } else {
            item.append(Key.label, .text(format.text(labels.linkLabelText(name: name, platform: platform.displayName))))
        }
        if let mark = verifiedMark(format, link: link.link.normalized, shown: Self.handleText(link)) {
            item.append(Key.verified, mark)
        }
        return item
    }

    /// The note under the social links: that they are the person's own, and how many of the
    /// card's links (social links and website) link back to it.
    private func note(_ format: Format) -> String {
        let count = verifiedLinks.count
        guard count > 0 else { return labels.label(.note, format) }
        return labels.noteVerified(verified: count, total: Self.identityLinks(profile).count, format)
    }

    /// The `verified` object of a link the card shows as `shown`: its mark and ISO date; `nil`
    /// when the link is not verified.
    private func verifiedMark(_ format: Format, link: String, shown: String) -> TemplateValue? {
        guard let verification = verified[link] else { return nil }
        var object = TemplateObject(capacity: 2)
        object.append(Key.text, .text(labels.verifiedMark(link: shown, checkedAt: verification.checkedAt, format)))
        object.append(Key.date, .text(verification.isoDate))
        return .object(object)
    }

    private func contactItems(_ format: Format) -> [TemplateValue] {
        var items: [TemplateValue] = []
        if let email = profile.email {
            items.append(
                item(format, kind: "email", label: .email, href: "mailto:" + email, text: email, hCard: "u-email"))
        }
        if let phone = profile.phone {
            items.append(
                item(format, kind: "phone", label: .phone, href: Self.telURI(phone), text: phone, hCard: "p-tel"))
        }
        if let website = profile.website {
            items.append(
                item(
                    format, kind: "web", label: .website, href: website.normalized, text: website.display,
                    hCard: "u-url", verified: verifiedMark(format, link: website.normalized, shown: website.display)))
        }
        return items
    }

    private func supportItems(_ format: Format) -> [TemplateValue] {
        var items: [TemplateValue] = []
        var seen: [String] = []
        func add(kind: String, label: LocaleCatalogue.Key, href: String, text: String) {
            guard !seen.contains(where: { Self.equalIgnoringCase($0, href) }) else { return }
            seen.append(href)
            items.append(item(format, kind: kind, label: label, href: href, text: text, hCard: nil))
        }
        switch profile.support {
        case .web(let link): add(kind: "web", label: .helpCentre, href: link.normalized, text: link.display)
        case .email(let address): add(kind: "email", label: .email, href: "mailto:" + address, text: address)
        case .phone(let number): add(kind: "phone", label: .phone, href: Self.telURI(number), text: number)
        case nil: break
        }
        if let email = profile.supportEmail { add(kind: "email", label: .email, href: "mailto:" + email, text: email) }
        if let phone = profile.supportPhone {
            add(kind: "phone", label: .phone, href: Self.telURI(phone), text: phone)
        }
        return items
    }

    private func item(
        _ format: Format, kind: String, label: LocaleCatalogue.Key, href: String, text: String, hCard: String?,
        verified: TemplateValue? = nil
    ) -> TemplateValue {
        var item = TemplateObject(capacity: 6)
        item.append(Key.kind, .text(kind))
        item.append(Key.label, .text(labels.label(label, format)))
        item.append(Key.href, .text(format.url(href)))
        item.append(Key.text, .text(format.text(Escape.singleLine(text))))
        if let hCard { item.append(Key.hCardClass, .text(hCard)) }
        if let verified { item.append(Key.verified, verified) }
        return .object(item)
    }

    /// Up to two letters for the avatar's placeholder: the first letter of the first and of
    /// the last word, upper-cased ("Bob Okafor" → "BO"; one word, or a script without spaces,
    /// gives one).
    static func initials(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0.isWhitespace || $0 == "-" }).filter {
            $0.first?.isLetter ?? false
        }
        guard let first = words.first?.first else { return "" }
        guard words.count > 1, let last = words.last?.first else { return String(first).uppercased() }
        return (String(first) + String(last)).uppercased()
    }

    /// The parts joined with one allocation.
    static func concat(_ parts: String...) -> String {
        var result = ""
        result.reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count })
        for part in parts { result += part }
        return result
    }

    /// `a.lowercased() == b.lowercased()`, without allocating for ASCII text.
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        let isASCII = a.utf8.allSatisfy { $0 < 0x80 } && b.utf8.allSatisfy { $0 < 0x80 }
        guard isASCII else { return a.lowercased() == b.lowercased() }
        return a.utf8.elementsEqual(b.utf8) { x, y in
            (x | (x >= 0x41 && x <= 0x5A ? 0x20 : 0)) == (y | (y >= 0x41 && y <= 0x5A ? 0x20 : 0))
        }
    }

    /// `tel:` URI of a validated phone number: the leading `+` and the digits.
    static func telURI(_ phone: String) -> String {
        var copy = phone
        return copy.withUTF8 { bytes in
            let isKept: (UInt8) -> Bool = {
                $0 == UInt8(ascii: "+") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
            }
            let count = 4 + bytes.reduce(0) { $0 + (isKept($1) ? 1 : 0) }
            // Exact size, so a short URI stays an inline string.
            return String(unsafeUninitializedCapacity: count) { out in
                var index = 0
                for byte in "tel:".utf8 {
                    out[index] = byte
                    index += 1
                }
                for byte in bytes where isKept(byte) {
                    out[index] = byte
                    index += 1
                }
                return index
            }
        }
    }
}
