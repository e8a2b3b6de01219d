/// vCard 4.0 (RFC 6350) for a profile: CRLF line endings, text values escaped, lines folded
/// at 75 octets on UTF-8 character boundaries.
enum VCard {
    static func card(_ card: CardContext) -> String {
        let profile = card.profile
        var lines: [String] = ["BEGIN:VCARD", "VERSION:4.0"]
        lines.append("UID;VALUE=text:" + escape(profile.id))
        lines.append("FN:" + escape(card.displayName))
        if let provider = profile.provider { lines.append("ORG:" + escape(Escape.singleLine(provider))) }
        if let avatar = profile.avatar { lines.append("PHOTO:" + avatar.normalized) }
        if let email = profile.email { lines.append("EMAIL:" + escape(email)) }
        if let phone = profile.phone { lines.append("TEL;VALUE=uri:" + CardContext.telURI(phone)) }
        if let website = profile.website { lines.append("URL:" + website.normalized) }
        for social in profile.social {
            lines.append("X-SOCIALPROFILE;TYPE=\(social.platform.rawValue):" + social.link.normalized)
        }
        switch profile.support {
        case .web(let link): lines.append("URL;TYPE=work:" + link.normalized)
        case .email(let address): lines.append("EMAIL;TYPE=work:" + escape(address))
        case .phone(let number): lines.append("TEL;VALUE=uri;TYPE=work:" + CardContext.telURI(number))
        case nil: break
        }
        if let email = profile.supportEmail, profile.support != .email(email) {
            lines.append("EMAIL;TYPE=work:" + escape(email))
        }
        if let phone = profile.supportPhone, profile.support != .phone(phone) {
            lines.append("TEL;VALUE=uri;TYPE=work:" + CardContext.telURI(phone))
        }
        if let bio = card.bio, !bio.plainText.isEmpty {
            lines.append("NOTE:" + escape(bio.plainText))
        }
        lines.append("END:VCARD")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Escapes a TEXT value: backslash, comma and semicolon get a backslash; line breaks
    /// (CRLF, CR or LF) become `\n`.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { break }
                out.unicodeScalars.append(scalar)
            }
            previousWasCR = scalar == "\r"
        }
        return out
    }

    /// Folds a content line so no physical line exceeds 75 octets (RFC 6350 §3.2): CRLF and
    /// a space are inserted between UTF-8 characters; the space counts toward the next line.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = ""
        var width = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if width + size > 75 {
                out += "\r\n "
                width = 1
            }
            out.unicodeScalars.append(scalar)
            width += size
        }
        return out
    }
}
