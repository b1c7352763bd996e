//! SHA-256 and its lowercase hex form, the one spelling every crate uses
//! (finding ids, requirement ids, cassette fingerprints, artifact hashes).

use sha2::{Digest, Sha256};

use crate::model::Sha256Hex;

/// The SHA-256 digest of `bytes`.
pub fn sha256(bytes: impl AsRef<[u8]>) -> [u8; 32] {
    Sha256::digest(bytes.as_ref()).into()
}

/// The SHA-256 digest of `parts`, each followed by a NUL byte, so that
/// `("ab", "c")` and `("a", "bc")` differ.
pub fn sha256_of_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
        hasher.update([0]);
    }
    hasher.finalize().into()
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    hex(&sha256(bytes))
}

impl Sha256Hex {
    /// The digest of `bytes`.
    pub fn of(bytes: impl AsRef<[u8]>) -> Self {
        Self::from_digest(&sha256(bytes))
    }

    /// A finished digest.
    pub fn from_digest(digest: &[u8; 32]) -> Self {
        // 32 bytes always make 64 lowercase hex digits.
        Self::parse(&hex(digest))
            .unwrap_or_else(|| unreachable!("a SHA-256 digest is 64 hex digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hex(&[0, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_ne!(
            sha256_of_parts([b"ab".as_slice(), b"c"]),
            sha256_of_parts([b"a".as_slice(), b"bc"])
        );
    }
}
