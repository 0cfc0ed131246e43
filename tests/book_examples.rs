//! The programs the book shows as code listings (examples/book_*.rs) are compiled here a second
//! time and run: each asserts its own results, so a listing that stops working fails the tests.

mod book_walk {
    include!("../examples/book_walk.rs");
    pub fn run() {
        main()
    }
}
mod book_keys {
    include!("../examples/book_keys.rs");
    pub fn run() {
        main()
    }
}
mod book_tamper {
    include!("../examples/book_tamper.rs");
    pub fn run() {
        main()
    }
}

#[test]
fn walk_listing_runs() {
    book_walk::run();
}

#[test]
fn key_schedule_listing_runs_and_matches_a_fresh_walk() {
    book_keys::run();
    // The listing hard-codes seed 7's values; a fresh walk must still produce them.
    let opts = tlswalk::scenario::walk::WalkOptions::new(tlswalk::rng::Randomness::Seeded(7));
    let r = tlswalk::scenario::walk::walk(&opts, &mut tlswalk::event::Discard).unwrap();
    let s = r.client_secrets.unwrap();
    assert_eq!(
        tlswalk::hexfmt::hex(&s.master_secret.0),
        "16b370b9031a7f0bd0e3ea91b8368c71323e8c5dd5ea563f8fa070d43a38aed5fc242ebc71a02bd845f8acafdb7994b8",
        "seed 7's master secret changed: update examples/book_keys.rs and run book/generate.sh"
    );
    assert_eq!(
        tlswalk::hexfmt::hex(&s.keys.client_write_key),
        "05ad98b1545da1f33131527cb4be83fe"
    );
}

#[test]
fn tamper_listing_runs() {
    book_tamper::run();
}
