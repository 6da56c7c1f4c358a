/// Unescapes XML text into bytes: the five predefined entities, decimal and hexadecimal character
/// references, and Office Open XML's own `_xHHHH_` escapes (how Excel writes a control character
/// or a carriage return in a string: `_x000D_`; `_x005F_` escapes the underscore itself).
enum XMLText {
    /// Appends the unescaped text of `raw` to `output`; false when an entity is unknown or a
    /// reference names no character.
    static func decode(_ raw: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                index += 1
                continue
            }
            var end = index + 1
            while end < raw.count && raw[end] != UInt8(ascii: ";") && end - index < 12 { end += 1 }
            guard end < raw.count, raw[end] == UInt8(ascii: ";") else { return false }
            let name = Array(raw[(index + 1)..<end])
            switch name {
            case Array("lt".utf8): output.append(UInt8(ascii: "<"))
            case Array("gt".utf8): output.append(UInt8(ascii: ">"))
            case Array("amp".utf8): output.append(UInt8(ascii: "&"))
            case Array("quot".utf8): output.append(UInt8(ascii: "\""))
            case Array("apos".utf8): output.append(UInt8(ascii: "'"))
            default:
                guard name.first == UInt8(ascii: "#"), let scalar = characterReference(name.dropFirst()) else { return false }
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            index = end + 1
        }
        return true
    }

    private static func characterReference(_ digits: ArraySlice<UInt8>) -> Unicode.Scalar? {
        let hexadecimal = digits.first == UInt8(ascii: "x")
        let text = String(decoding: hexadecimal ? digits.dropFirst() : digits, as: UTF8.self)
        guard !text.isEmpty, let value = UInt32(text, radix: hexadecimal ? 16 : 10) else { return nil }
        return Unicode.Scalar(value)
    }

    /// Replaces `_xHHHH_` escapes in `text[from...]` with the characters they name (an escape of
    /// no valid character is kept as it is, as Excel shows it).
    static func unescapeOfficeEscapes(_ text: inout [UInt8], from: Int) {
        guard text[from...].contains(UInt8(ascii: "_")) else { return }
        var output: [UInt8] = []
        output.reserveCapacity(text.count - from)
        var index = from
        while index < text.count {
            if text[index] == UInt8(ascii: "_"), index + 6 < text.count, text[index + 1] == UInt8(ascii: "x"),
               text[index + 6] == UInt8(ascii: "_"),
               let value = UInt32(String(decoding: text[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
               let scalar = Unicode.Scalar(value) {
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
                index += 7
            } else {
                output.append(text[index])
                index += 1
            }
        }
        text.replaceSubrange(from..., with: output)
    }
}
