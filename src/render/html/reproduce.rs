//! "Reproduce it yourself": for each derivation and record on the page, a shell command that
//! recomputes its values with independent tools — `python3` with `hashlib`/`hmac`, Python's own
//! big integers for RSA, pyca/cryptography for AES-GCM — and the lines it prints. A test runs
//! every command of a real page and compares what it prints with these lines.
//!
//! The commands are `python3 -c '…'` with the script in single quotes; the scripts use only
//! double quotes, so they paste into any POSIX shell as they are.

use crate::crypto::aead::{GcmKey, Provider};
use crate::event::{Derivation, Event, EventKind, Layer, Value};
use num_bigint_dig::BigUint;

/// A command and what it prints, line by line.
pub struct Command {
    /// The shell command.
    pub command: String,
    /// Its output, one entry per line.
    pub expect: Vec<String>,
}

fn python(lines: &[String], expect: Vec<String>) -> Command {
    Command {
        command: format!("python3 -c '\n{}\n'", lines.join("\n")),
        expect,
    }
}

/// The first name of a value: `client_write_key = key_block[0..16]` → `client_write_key`.
fn short(name: &str) -> &str {
    name.split([' ', '(']).next().unwrap_or(name)
}

/// The command for derivation event `i`, when its values can be recomputed without a secret
/// the page does not show.
pub fn derivation(events: &[Event], i: usize) -> Option<Command> {
    let EventKind::Derive {
        what,
        inputs,
        steps,
        outputs,
    } = &events[i].kind
    else {
        return None;
    };
    match what {
        Derivation::MasterSecret => prf(b"master secret", inputs, steps, outputs),
        Derivation::ExtendedMasterSecret => prf(b"extended master secret", inputs, steps, outputs),
        Derivation::KeyBlock => prf(b"key expansion", inputs, steps, outputs),
        Derivation::VerifyData { label } => prf(label.as_bytes(), inputs, steps, outputs),
        Derivation::TbsDigest { .. } => {
            let (tbs, out) = (inputs.first()?, outputs.first()?);
            Some(python(
                &[
                    "import hashlib".into(),
                    format!("tbs = bytes.fromhex(\"{}\")", hex::encode(&tbs.bytes)),
                    format!(
                        "print(\"{} =\", hashlib.sha256(tbs).hexdigest())",
                        short(&out.name)
                    ),
                ],
                vec![format!(
                    "{} = {}",
                    short(&out.name),
                    hex::encode(&out.bytes)
                )],
            ))
        }
        Derivation::VerifyPublicOp => {
            let [s, e, n] = inputs.as_slice() else {
                return None;
            };
            let em = outputs.first()?;
            rsa_public(&s.bytes, &e.bytes, &n.bytes, "EM", &em.bytes)
        }
        // The CA signs with its private key; anyone checks the signature with the public
        // key from the CA's certificate: signatureValue^e mod n gives EM back.
        Derivation::CertSignature { .. } => {
            let [em, n] = inputs.as_slice() else {
                return None;
            };
            let sig = outputs.first()?;
            let e = exponent_for(events, &n.bytes)?;
            rsa_public(&sig.bytes, &e, &n.bytes, "EM", &em.bytes)
        }
        Derivation::PreMasterEncrypt => {
            let (pms, em, c) = (inputs.first()?, steps.first()?, outputs.first()?);
            pre_master(events, &em.bytes, &c.bytes, &pms.bytes)
        }
        // Decrypting needs the server's private key, which the page does not show; the
        // decrypted block is checked the other way: encrypting it again gives the ciphertext.
        Derivation::PreMasterDecrypt => {
            let (c, em, pms) = (inputs.first()?, steps.first()?, outputs.first()?);
            pre_master(events, &em.bytes, &c.bytes, &pms.bytes)
        }
        Derivation::WebSocketAccept => {
            let ([key, guid], [digest], [accept]) =
                (inputs.as_slice(), steps.as_slice(), outputs.as_slice())
            else {
                return None;
            };
            let text = |v: &Value| String::from_utf8(v.bytes.clone()).ok();
            Some(python(
                &[
                    "import base64, hashlib".into(),
                    format!(
                        "d = hashlib.sha1(b\"{}\" + b\"{}\").digest()",
                        text(key)?,
                        text(guid)?
                    ),
                    "print(\"SHA-1 =\", d.hex())".into(),
                    "print(\"Sec-WebSocket-Accept =\", base64.b64encode(d).decode())".into(),
                ],
                vec![
                    format!("SHA-1 = {}", hex::encode(&digest.bytes)),
                    format!("Sec-WebSocket-Accept = {}", text(accept)?),
                ],
            ))
        }
        Derivation::WebSocketUnmask => {
            let ([key, masked], [payload]) = (inputs.as_slice(), outputs.as_slice()) else {
                return None;
            };
            Some(python(
                &[
                    format!("key = bytes.fromhex(\"{}\")", hex::encode(&key.bytes)),
                    format!("masked = bytes.fromhex(\"{}\")", hex::encode(&masked.bytes)),
                    "print(\"payload =\", bytes(b ^ key[i % 4] for i, b in enumerate(masked)).hex())".into(),
                ],
                vec![format!("payload = {}", hex::encode(&payload.bytes))],
            ))
        }
        _ => None,
    }
}

/// P_SHA256 (RFC 5246 §5): `A(i) = HMAC(secret, A(i-1))`, `block i = HMAC(secret, A(i) ‖
/// label ‖ seed)`; the secret is the first input, the seed the others in order.
fn prf(label: &[u8], inputs: &[Value], steps: &[Value], outputs: &[Value]) -> Option<Command> {
    let (secret, seed) = inputs.split_first()?;
    let total: usize = outputs.iter().map(|o| o.bytes.len()).sum();
    let rounds = total.div_ceil(32);
    if rounds == 0 || steps.len() < 2 * rounds {
        return None;
    }
    let label = std::str::from_utf8(label).ok()?;
    let mut lines = vec![
        "import hmac, hashlib".into(),
        "h = lambda k, m: hmac.new(k, m, hashlib.sha256).digest()".into(),
        format!("secret = bytes.fromhex(\"{}\")", hex::encode(&secret.bytes)),
        format!(
            "seed = b\"{label}\" + bytes.fromhex(\"{}\")",
            seed.iter()
                .map(|v| hex::encode(&v.bytes))
                .collect::<String>()
        ),
        "a, out = seed, b\"\"".into(),
        format!("for i in range(1, {}):", rounds + 1),
        "    a = h(secret, a)".into(),
        "    print(\"A(%d) =\" % i, a.hex())".into(),
        "    block = h(secret, a + seed)".into(),
        "    print(\"block %d =\" % i, block.hex())".into(),
        "    out += block".into(),
    ];
    let mut expect = Vec::new();
    for r in 0..rounds {
        expect.push(format!(
            "A({}) = {}",
            r + 1,
            hex::encode(&steps[2 * r].bytes)
        ));
        expect.push(format!(
            "block {} = {}",
            r + 1,
            hex::encode(&steps[2 * r + 1].bytes)
        ));
    }
    let mut at = 0;
    for o in outputs {
        let end = at + o.bytes.len();
        lines.push(format!(
            "print(\"{} =\", out[{at}:{end}].hex())",
            short(&o.name)
        ));
        expect.push(format!("{} = {}", short(&o.name), hex::encode(&o.bytes)));
        at = end;
    }
    Some(python(&lines, expect))
}

/// `x^e mod n` as `k` bytes, printed as `name = …`, when it gives `want`.
fn rsa_public(x: &[u8], e: &[u8], n: &[u8], name: &str, want: &[u8]) -> Option<Command> {
    let k = n.len();
    let got = modpow(x, e, n, k);
    (got == want).then(|| {
        python(
            &[
                format!("x = int(\"{}\", 16)", hex::encode(x)),
                format!("e = int(\"{}\", 16)", hex::encode(e)),
                format!("n = int(\"{}\", 16)", hex::encode(n)),
                format!("print(\"{name} =\", pow(x, e, n).to_bytes({k}, \"big\").hex())"),
            ],
            vec![format!("{name} = {}", hex::encode(want))],
        )
    })
}

/// The pre-master secret's RSA encryption (RFC 5246 §7.4.7.1): `EM^e mod n` is the ciphertext,
/// and the last 48 bytes of EM are the pre-master secret. The key is the certificate key that
/// maps this EM to this ciphertext.
fn pre_master(events: &[Event], em: &[u8], c: &[u8], pms: &[u8]) -> Option<Command> {
    if pms.len() != 48 || !em.ends_with(pms) {
        return None; // A malformed block: the server went on with a random secret.
    }
    let (n, e) = keys(events)
        .into_iter()
        .find(|(n, e)| n.len() == c.len() && modpow(em, e, n, n.len()) == c)?;
    Some(python(
        &[
            format!("em = bytes.fromhex(\"{}\")", hex::encode(em)),
            format!("e = int(\"{}\", 16)", hex::encode(&e)),
            format!("n = int(\"{}\", 16)", hex::encode(&n)),
            format!(
                "print(\"encrypted_pre_master_secret =\", pow(int.from_bytes(em, \"big\"), e, n).to_bytes({}, \"big\").hex())",
                n.len()
            ),
            "print(\"pre_master_secret =\", em[-48:].hex())".into(),
        ],
        vec![
            format!("encrypted_pre_master_secret = {}", hex::encode(c)),
            format!("pre_master_secret = {}", hex::encode(pms)),
        ],
    ))
}

fn modpow(x: &[u8], e: &[u8], n: &[u8], k: usize) -> Vec<u8> {
    let n = BigUint::from_bytes_be(n);
    if n == BigUint::from(0u8) {
        return Vec::new();
    }
    let v = BigUint::from_bytes_be(x)
        .modpow(&BigUint::from_bytes_be(e), &n)
        .to_bytes_be();
    if v.len() > k {
        return v;
    }
    let mut out = vec![0; k - v.len()];
    out.extend(v);
    out
}

/// Every RSA public key `(n, e)` in the run's certificates: those the CA hands over and those
/// in Certificate messages.
fn keys(events: &[Event]) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for e in events {
        let EventKind::Message {
            layer,
            bytes,
            fields,
            ..
        } = &e.kind
        else {
            continue;
        };
        let ders: Vec<&[u8]> = match layer {
            Layer::Pki => vec![bytes.as_slice()],
            Layer::Tls => fields
                .iter()
                .filter(|f| f.name.starts_with("certificate[") && !f.name.ends_with("length"))
                .filter_map(|f| bytes.get(f.start..f.end))
                .collect(),
            _ => Vec::new(),
        };
        for der in ders {
            if let Ok(info) = crate::pki::inspect::describe(der)
                && !info.modulus.is_empty()
                && !out.iter().any(|(n, _)| *n == info.modulus)
            {
                out.push((info.modulus, info.exponent));
            }
        }
    }
    out
}

/// The public exponent of the certificate key with modulus `n`.
fn exponent_for(events: &[Event], n: &[u8]) -> Option<Vec<u8>> {
    let n = strip(n);
    keys(events)
        .into_iter()
        .find(|(m, _)| strip(m) == n)
        .map(|(_, e)| e)
}

fn strip(b: &[u8]) -> &[u8] {
    let zeros = b.iter().take_while(|x| **x == 0).count();
    &b[zeros..]
}

/// The command for record event `i`: AES-128-GCM with the write key and IV of the side that
/// sealed it (RFC 5288 §3), the nonce `IV ‖ explicit`, the AAD `seq ‖ type ‖ version ‖
/// length` (RFC 5246 §6.2.3.3). The key is the one, among the run's key blocks, that opens
/// this record.
pub fn record(events: &[Event], i: usize) -> Option<Command> {
    let EventKind::Record {
        content_type,
        seq,
        nonce,
        aad,
        plaintext,
        ciphertext,
        tag,
        ok,
        ..
    } = &events[i].kind
    else {
        return None;
    };
    let nonce: [u8; 12] = nonce.as_slice().try_into().ok()?;
    if !ok || aad.len() != 13 {
        return None;
    }
    let mut sealed = ciphertext.clone();
    sealed.extend_from_slice(tag);
    let key = events[..i].iter().rev().find_map(|e| {
        let EventKind::Derive {
            what: Derivation::KeyBlock,
            outputs,
            ..
        } = &e.kind
        else {
            return None;
        };
        outputs.iter().find_map(|o| {
            let key: [u8; 16] = o.bytes.as_slice().try_into().ok()?;
            let opens = GcmKey::new(Provider::RustCrypto, &key)
                .open(&nonce, aad, &sealed)
                .is_ok_and(|p| p == *plaintext);
            opens.then_some(key)
        })
    })?;
    Some(python(
        &[
            "import struct".into(),
            "from cryptography.hazmat.primitives.ciphers.aead import AESGCM".into(),
            format!("key = bytes.fromhex(\"{}\")", hex::encode(key)),
            format!(
                "nonce = bytes.fromhex(\"{}\") + bytes.fromhex(\"{}\")",
                hex::encode(&nonce[..4]),
                hex::encode(&nonce[4..])
            ),
            format!("plaintext = bytes.fromhex(\"{}\")", hex::encode(plaintext)),
            format!(
                "aad = struct.pack(\">QBHH\", {seq}, {}, 0x0303, len(plaintext))",
                content_type.0
            ),
            "out = AESGCM(key).encrypt(nonce, plaintext, aad)".into(),
            "print(\"nonce =\", nonce.hex())".into(),
            "print(\"aad =\", aad.hex())".into(),
            "print(\"ciphertext =\", out[:-16].hex())".into(),
            "print(\"tag =\", out[-16:].hex())".into(),
        ],
        vec![
            format!("nonce = {}", hex::encode(nonce)),
            format!("aad = {}", hex::encode(aad)),
            format!("ciphertext = {}", hex::encode(ciphertext)),
            format!("tag = {}", hex::encode(tag)),
        ],
    ))
}
