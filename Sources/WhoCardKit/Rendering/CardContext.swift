/// Builds the values templates see (documented in Templates/README.md). Every string is
/// escaped for the output format here, so no template can print an export value raw.
struct CardContext {
    /// The output format a context is escaped for.
    enum Format {
        case html
        case markdown

        func text(_ value: String) -> TemplateText {
            switch self {
            case .html: TemplateText(Escape.html(value))
            case .markdown: TemplateText(Escape.markdown(value))
            }
        }

        func url(_ value: String) -> TemplateText {
            switch self {
            case .html: TemplateText(Escape.html(value))
            case .markdown: TemplateText(Escape.markdownDestination(value))
            }
        }
    }

    let profile: ValidatedProfile
    let bio: Bio?

    init(_ profile: ValidatedProfile) {
        self.profile = profile
        self.bio = profile.bio.flatMap { $0.isEmpty ? nil : Bio($0) }
    }

    /// The name shown on the card: the person's name, else the provider, else the user id.
    var displayName: String {
        Escape.singleLine(profile.name ?? profile.provider ?? profile.id)
    }

    func values(_ format: Format) -> TemplateContext {
        let name = displayName
        var context: TemplateContext = [
            "id": format.text(profile.id),
            "name": format.text(name),
        ]
        if let provider = profile.provider {
            context["provider"] = format.text(Escape.singleLine(provider))
        }
        if let avatar = profile.avatar {
            context["avatar"] = [
                "url": format.url(avatar.normalized),
                "alt": format.text("Photo of \(name)"),
            ] as TemplateContext
        }
        if !profile.social.isEmpty {
            context["social"] = profile.social.map { social(format, $0, name: name) }
            context["has_social"] = true
        }
        let contact = contactItems(format)
        if !contact.isEmpty {
            context["contact"] = contact
            context["has_contact"] = true
        }
        let support = supportItems(format)
        if !support.isEmpty || profile.supportHours != nil {
            var section: TemplateContext = [:]
            if !support.isEmpty { section["items"] = support }
            if let hours = profile.supportHours { section["hours"] = format.text(Escape.singleLine(hours)) }
            context["support"] = section
        }
        if let bio, !bio.plainText.isEmpty {
            context["bio"] = TemplateText(format == .html ? bio.html : bio.commonMark)
            if bio.truncated { context["bio_truncated"] = true }
        }
        return context
    }

    /// How a handle is shown: `@name`, `in/slug` on LinkedIn, the profile address for
    /// numeric Facebook ids.
    static func handleText(_ link: SocialLink) -> String {
        switch link.platform {
        case .linkedin:
            return link.handle.contains("/") ? link.handle : "in/" + link.handle
        case .facebook where link.handle.allSatisfy(\.isASCIIDigitCharacter):
            return link.link.display
        default:
            return "@" + link.handle
        }
    }

    private func social(_ format: Format, _ link: SocialLink, name: String) -> TemplateContext {
        var item: TemplateContext = [
            "platform": TemplateText(link.platform.rawValue),
            "platform_name": format.text(link.platform.displayName),
            "handle": format.text(Self.handleText(link)),
            "url": format.url(link.link.normalized),
            "label": format.text("\(name) on \(link.platform.displayName)"),
        ]
        if format == .html { item["icon"] = TemplateText(PlatformIcon.svg(link.platform)) }
        return item
    }

    private func contactItems(_ format: Format) -> [TemplateContext] {
        var items: [TemplateContext] = []
        if let email = profile.email {
            items.append(item(format, kind: "email", label: "Email", href: "mailto:" + email, text: email, hCard: "u-email"))
        }
        if let phone = profile.phone {
            items.append(item(format, kind: "phone", label: "Phone", href: Self.telURI(phone), text: phone, hCard: "p-tel"))
        }
        if let website = profile.website {
            items.append(item(format, kind: "web", label: "Website", href: website.normalized, text: website.display, hCard: "u-url"))
        }
        return items
    }

    private func supportItems(_ format: Format) -> [TemplateContext] {
        var items: [TemplateContext] = []
        var seen: Set<String> = []
        func add(kind: String, label: String, href: String, text: String) {
            guard seen.insert(href.lowercased()).inserted else { return }
            items.append(item(format, kind: kind, label: label, href: href, text: text, hCard: nil))
        }
        switch profile.support {
        case .web(let link): add(kind: "web", label: "Help centre", href: link.normalized, text: link.display)
        case .email(let address): add(kind: "email", label: "Email", href: "mailto:" + address, text: address)
        case .phone(let number): add(kind: "phone", label: "Phone", href: Self.telURI(number), text: number)
        case nil: break
        }
        if let email = profile.supportEmail { add(kind: "email", label: "Email", href: "mailto:" + email, text: email) }
        if let phone = profile.supportPhone { add(kind: "phone", label: "Phone", href: Self.telURI(phone), text: phone) }
        return items
    }

    private func item(_ format: Format, kind: String, label: String, href: String, text: String, hCard: String?) -> TemplateContext {
        var item: TemplateContext = [
            "kind": TemplateText(kind),
            "label": TemplateText(label),
            "href": format.url(href),
            "text": format.text(Escape.singleLine(text)),
        ]
        if let hCard { item["class"] = TemplateText(hCard) }
        return item
    }

    /// `tel:` URI of a validated phone number: the leading `+` and the digits.
    static func telURI(_ phone: String) -> String {
        "tel:" + String(phone.unicodeScalars.filter { $0 == "+" || ("0"..."9").contains($0) }.map(Character.init))
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
