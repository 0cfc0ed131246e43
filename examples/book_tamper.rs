// Seal a record with AES-128-GCM, change one bit on the way, and watch the receiver refuse it.
// Included in the book (chapter "Man in the middle and tampering"); tests/book_examples.rs runs it.

use tlswalk::crypto::aead::Provider;
use tlswalk::event::{Actor, Discard};
use tlswalk::tls::record_layer::CipherState;
use tlswalk::wire::enums::{AlertDescription, ContentType, ProtocolVersion};

fn main() {
    let key = [0x11u8; 16];
    let iv = [0x22u8; 4];
    // ANCHOR: tamper
    let mut client = CipherState::new(Provider::Ring, &key, iv);
    let mut server = CipherState::new(Provider::Ring, &key, iv);
    let mut record = client.seal(
        ContentType::APPLICATION_DATA,
        b"POST /transfer HTTP/1.1\r\n\r\nto=alice&amount=10",
        Actor::Client,
        &mut Discard,
    );
    // Mallory cannot read the amount, but he can flip bits: "10" becomes something else.
    let last_plaintext_byte = record.len() - 16 - 1;
    record[last_plaintext_byte] ^= 0x01;

    let err = server
        .open(
            ContentType::APPLICATION_DATA,
            ProtocolVersion::TLS1_2,
            &record[5..],
            Actor::Server,
            &mut Discard,
        )
        .unwrap_err();
    println!("server says: {err}");
    assert_eq!(err.alert, AlertDescription::BAD_RECORD_MAC); // alert 20: the tag does not match
    // ANCHOR_END: tamper
}
