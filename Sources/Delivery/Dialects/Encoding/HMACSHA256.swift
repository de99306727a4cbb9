import CCrypto

/// HMAC-SHA256 through OpenSSL's libcrypto, which libcurl loads anyway.
enum HMACSHA256 {
    static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        // An empty key is legal for HMAC but OpenSSL wants a non-null pointer.
        let keyBytes = key.isEmpty ? [0] : key
        let ok = keyBytes.withUnsafeBytes { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                out.withUnsafeMutableBufferPointer { outBuffer in
                    bcd_hmac_sha256(keyBuffer.baseAddress, Int32(key.count),
                                    messageBuffer.baseAddress, messageBuffer.count, outBuffer.baseAddress)
                }
            }
        }
        // HMAC-SHA256 only fails when libcrypto cannot allocate; nothing sensible remains to do.
        precondition(ok == 1, "libcrypto HMAC-SHA256 failed")
        return out
    }

    static func authenticate(_ message: String, key: String) -> [UInt8] {
        authenticate(Array(message.utf8), key: Array(key.utf8))
    }
}
