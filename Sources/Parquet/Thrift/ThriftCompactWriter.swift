/// Writes Thrift's compact protocol, the encoding of Parquet's page headers and footer: fields
/// as (id delta, type) nibbles, integers as zigzag varints, lists with their element type.
///
/// Only what Parquet's metadata uses: structs, i32/i64/bool/binary fields and lists of structs,
/// i32 and binary. Invariant: `fieldIDs` holds one entry per open struct (the last id written in
/// it), so a field's header is written relative to the previous field of the same struct.
struct ThriftCompactWriter {
    private(set) var bytes: [UInt8] = []
    private var fieldIDs: [Int16] = [0]

    enum FieldType: UInt8 {
        case booleanTrue = 1, booleanFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8
        case list = 9, set = 10, map = 11, `struct` = 12
    }

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    private mutating func fieldHeader(_ id: Int16, _ type: FieldType) {
        let last = fieldIDs[fieldIDs.count - 1]
        let delta = Int(id) - Int(last)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        fieldIDs[fieldIDs.count - 1] = id
    }

    private func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    private mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func i32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        varint(zigzag(Int64(value)))
    }

    mutating func i64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        varint(zigzag(value))
    }

    mutating func byte(_ id: Int16, _ value: Int8) {
        fieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func bool(_ id: Int16, _ value: Bool) {
        fieldHeader(id, value ? .booleanTrue : .booleanFalse)
    }

    mutating func binary(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ id: Int16, _ value: String) { binary(id, Array(value.utf8)) }

    /// A struct field: `body` writes its fields.
    mutating func `struct`(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, .struct)
        structBody(body)
    }

    /// A struct's fields and its stop byte (the top-level struct, or an element of a list).
    mutating func structBody(_ body: (inout ThriftCompactWriter) -> Void) {
        fieldIDs.append(0)
        body(&self)
        bytes.append(0) // stop
        fieldIDs.removeLast()
    }

    private mutating func listHeader(_ id: Int16, count: Int, element: FieldType) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | element.rawValue)
        } else {
            bytes.append(0xF0 | element.rawValue)
            varint(UInt64(count))
        }
    }

    mutating func list<T>(_ id: Int16, structs elements: [T], _ body: (inout ThriftCompactWriter, T) -> Void) {
        listHeader(id, count: elements.count, element: .struct)
        for element in elements { structBody { body(&$0, element) } }
    }

    mutating func list(_ id: Int16, i32s elements: [Int32]) {
        listHeader(id, count: elements.count, element: .i32)
        for element in elements { varint(zigzag(Int64(element))) }
    }

    mutating func list(_ id: Int16, strings elements: [String]) {
        listHeader(id, count: elements.count, element: .binary)
        for element in elements {
            varint(UInt64(element.utf8.count))
            bytes.append(contentsOf: element.utf8)
        }
    }
}
