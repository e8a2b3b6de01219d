/// The schema.org `Person` JSON-LD block embedded in the HTML card, and the JSON card for programs.
enum StructuredData {
    /// Compact JSON-LD; safe inside `<script type="application/ld+json">` (no `<`, `>` or `&`).
    /// Written from fixed fragments rather than with ``JSONWriter``: it is on every HTML card.
    static func jsonLD(_ card: CardContext) -> String {
        let profile = card.profile
        var json = #"{"@context":"https://schema.org","@type":"Person","name":""#
        json.reserveCapacity(512)
        func string(_ value: String) {
            JSONString.appendEscaped(value, to: &json)
            json += "\""
        }
        string(card.displayName)
        if let provider = profile.provider {
            json += #","worksFor":{"@type":"Organization","name":""#
            string(Escape.singleLine(provider))
            json += "}"
        }
        if let avatar = profile.avatar {
            json += #","image":""#
            string(avatar.normalized)
        }
        if let email = profile.email {
            json += #","email":""#
            string(email)
        }
        if let phone = profile.phone {
            json += #","telephone":""#
            string(phone)
        }
        if let website = profile.website {
            json += #","url":""#
            string(website.normalized)
        }
        if !profile.social.isEmpty {
            json += #","sameAs":["#
            for (index, social) in profile.social.enumerated() {
                json += index == 0 ? "\"" : ",\""
                string(social.link.normalized)
            }
            json += "]"
        }
        if let bio = card.bio, !bio.plainText.isEmpty {
            json += #","description":""#
            string(bio.plainText)
        }
        json += "}"
        return json
    }

    /// The JSON card (schema in Templates/README.md): every key always present, `null` when
    /// the export has no valid value; keys in a fixed order.
    static func card(_ card: CardContext) -> String {
        let profile = card.profile
        var json = JSONWriter(indent: "  ")
        json.beginObject()
        json.string("schema", "whocard.card/1")
        json.string("id", profile.id)
        json.optional("name", profile.name)
        json.optional("provider", profile.provider)
        json.optional("avatar_url", profile.avatar?.normalized)
        json.beginArray("social")
        for social in profile.social {
            json.beginObject()
            json.string("platform", social.platform.rawValue)
            json.string("platform_name", social.platform.displayName)
            json.string("handle", social.handle)
            json.string("handle_display", CardContext.handleText(social))
            json.string("url", social.link.normalized)
            json.string("display", social.link.display)
            json.string("original", social.link.original)
            json.endObject()
        }
        json.endArray()
        json.beginObject("contact")
        json.optional("email", profile.email)
        json.optional("phone", profile.phone)
        json.optional("website", profile.website?.normalized)
        json.endObject()
        json.beginObject("support")
        switch profile.support {
        case .web(let link): json.string("channel", link.normalized)
        case .email(let address): json.string("channel", "mailto:" + address)
        case .phone(let number): json.string("channel", CardContext.telURI(number))
        case nil: json.null("channel")
        }
        json.optional("email", profile.supportEmail)
        json.optional("phone", profile.supportPhone)
        json.optional("hours", profile.supportHours)
        json.endObject()
        if let bio = card.bio {
            json.beginObject("bio")
            json.string("markdown", bio.commonMark)
            json.string("html", bio.html)
            json.string("text", bio.plainText)
            json.bool("truncated", bio.truncated)
            json.endObject()
        } else {
            json.null("bio")
        }
        json.beginArray("verified_links")
        for verified in card.verifiedLinks {
            json.beginObject()
            json.string("url", verified.link)
            json.string("verified_at", verified.isoDate)
            json.string("verified_by", verified.page)
            json.endObject()
        }
        json.endArray()
        json.beginArray("findings")
        for finding in profile.findings {
            json.beginObject()
            json.string("severity", finding.severity.rawValue)
            json.string("rule", finding.rule)
            if let field = finding.field { json.string("field", field) } else { json.null("field") }
            json.int("line", finding.line)
            if let column = finding.column { json.int("column", column) } else { json.null("column") }
            json.optional("value", finding.value)
            json.string("message", finding.message)
            json.string("hint", finding.hint)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output + "\n"
    }
}
