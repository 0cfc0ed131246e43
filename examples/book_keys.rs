// From three values to the session keys, with the library's key schedule.
// Included in the book (chapter "Three randoms → session keys"); tests/book_examples.rs runs it.

use tlswalk::event::{Actor, Discard};
use tlswalk::hexfmt::{hex, parse_hex};
use tlswalk::tls::keys::{key_block, master_secret};

fn array<const N: usize>(h: &str) -> [u8; N] {
    parse_hex(h).expect("hex").try_into().expect("length")
}

fn main() {
    // The values of `tlswalk handshake --seed 7 --verbose` (see the transcript above).
    let pre_master = parse_hex(
        "030379b7105d4945b4c4d876049320cce1889695ffb5848e9e21a569ecc3d26d94ad0767a9c9ef114dae01ca76d058e0",
    )
    .expect("hex");
    let client_random: [u8; 32] =
        array("0500b16feb31dce31f4854253043869a6f02b8c8d207116a00a9d1ac28faff17");
    let server_random: [u8; 32] =
        array("603675d2acf235e33e2f82735660fcf45722d36afc67436051ed6023b5defa32");

    // ANCHOR: derive
    // master_secret = PRF(pre_master_secret, "master secret", client_random ‖ server_random)
    let ms = master_secret(
        &pre_master,
        &client_random,
        &server_random,
        Actor::Client,
        &mut Discard,
    );
    // key_block = PRF(master_secret, "key expansion", server_random ‖ client_random)
    let keys = key_block(
        &ms,
        &client_random,
        &server_random,
        Actor::Client,
        &mut Discard,
    );
    println!("master_secret    {}", hex(&ms.0));
    println!("client_write_key {}", hex(&keys.client_write_key));
    println!("client_write_IV  {}", hex(&keys.client_write_iv));
    // ANCHOR_END: derive

    // The walk with seed 7 derives the same values (tests/book_examples.rs also compares them
    // with a fresh run of the walk).
    assert_eq!(
        hex(&ms.0),
        "16b370b9031a7f0bd0e3ea91b8368c71323e8c5dd5ea563f8fa070d43a38aed5fc242ebc71a02bd845f8acafdb7994b8"
    );
    assert_eq!(
        hex(&keys.client_write_key),
        "05ad98b1545da1f33131527cb4be83fe"
    );
}
