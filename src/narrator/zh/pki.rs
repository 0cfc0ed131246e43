//! Simplified Chinese for the PKI: the CA, certificates field by field, the client's checklist.

use super::signature::verdict_reason;
use crate::event::{
    CertCheck, CertField, CertRole, Parsed, PkiTopic, SignatureOutcome, ValidityWindow,
};
use crate::hexfmt::hex;
use crate::narrator::{Card, CheckWords};
use crate::pki::inspect::{AltName, ExtensionValue, KeyPurpose, SHA256_WITH_RSA_OID};

pub(super) fn card(t: &PkiTopic) -> Card {
    match t {
        PkiTopic::CaVouchesForServer => Card::new("1. PKI：CA为服务器担保", ""),
        PkiTopic::CertificateAuthority => Card::new(
            "证书颁发机构（CA）",
            "CA先生成一对RSA密钥，再为自己的公钥制作一张证书，用自己的私钥签名（自签名）。\
             客户端只要信任这一张证书，就会信任这个CA签发的一切。",
        ),
        PkiTopic::ServerCertificate => Card::new(
            "服务器证书",
            "服务器有自己的一对RSA密钥。CA把服务器的公钥和主机名写进一张证书并签名：\
             这张证书就是CA的承诺，保证这个公钥属于这些名字。私钥始终留在服务器上。",
        ),
        PkiTopic::CertificateFields => Card::new("证书", ""),
        PkiTopic::Field(f) => field(f),
    }
}

fn field(f: &CertField) -> Card {
    match f {
        CertField::Version { version } => Card::new("版本", format!("v{version}（扩展需要v3）")),
        CertField::Serial { serial } => Card::new(
            "序列号",
            format!("{}（同一颁发者下唯一，随机选取）", hex(serial)),
        ),
        CertField::Issuer { issuer } => {
            Card::new("颁发者", format!("{issuer}（谁签发了这张证书）"))
        }
        CertField::Subject { subject } => Card::new("主体", format!("{subject}（公钥属于谁）")),
        CertField::NotBefore { time } => Card::new("生效时间", time.clone()),
        CertField::NotAfter { time } => Card::new("失效时间", time.clone()),
        CertField::PublicKey {
            bits,
            exponent,
            modulus,
        } => Card::new(
            "公钥",
            format!(
                "RSA {bits}位，公钥指数e = {}（0x{}），模数n = {}",
                u64_of(exponent),
                hex(exponent),
                hex(modulus)
            ),
        ),
        CertField::OtherPublicKey { algorithm } => Card::new(
            "公钥",
            format!(
                "{}密钥（不是RSA：tlswalk不再展示它的细节）",
                super::complaint_pki::key_algorithm(algorithm)
            ),
        ),
        CertField::Extension {
            extension,
            oid,
            critical,
            value,
        } => {
            let crit = if *critical { "，关键" } else { "" };
            Card::new(
                format!("扩展{extension}"),
                format!("{}（{oid}{crit}）", extension_value(value)),
            )
        }
        CertField::SignatureAlgorithm { oid } => {
            Card::new("签名算法", format!("{}（{oid}）", signature_algorithm(oid)))
        }
        CertField::Signature { signature } => Card::new("签名", hex(signature)),
        CertField::Fingerprint { sha256 } => Card::new("SHA-256指纹", hex(sha256)),
        CertField::PrivateKey => Card::new("私钥", "无：证书只携带公钥，从不携带私钥"),
    }
}

/// A certificate's signature algorithm, in words.
fn signature_algorithm(oid: &str) -> &'static str {
    if oid == SHA256_WITH_RSA_OID {
        "sha256WithRSAEncryption：SHA-256、PKCS#1 v1.5填充、RSA"
    } else {
        "不是sha256WithRSAEncryption"
    }
}

fn u64_of(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .take(8)
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
}

pub(super) fn check(c: &CertCheck, passed: bool) -> CheckWords {
    let (name, detail) = match c {
        CertCheck::Parse { parsed } => (
            "解析",
            match parsed {
                Parsed::NoCertificate => "服务器没有发送证书".to_string(),
                Parsed::NotDer { error } => {
                    format!("服务器的证书不是有效的X.509 DER（{error}）")
                }
                Parsed::Certificate { version, subject } => {
                    format!("{subject}的X.509 v{version}证书")
                }
            },
        ),
        CertCheck::IssuerKnown {
            issuer,
            anchors,
            self_signed,
        } => (
            "颁发者已知",
            if passed {
                format!("由{issuer}签发，它是受信任的CA")
            } else {
                format!(
                    "{}由{issuer}签发；信任库中有：{}",
                    if *self_signed {
                        "自签名证书，不在信任库中："
                    } else {
                        ""
                    },
                    if anchors.is_empty() {
                        "无".to_string()
                    } else {
                        anchors.join(", ")
                    }
                )
            },
        ),
        CertCheck::IssuerSignature { outcome } => ("颁发者签名", signature(outcome, passed)),
        CertCheck::Validity {
            not_before,
            not_after,
            now,
            window,
        } => (
            "有效期",
            match window {
                ValidityWindow::NotYetValid => {
                    format!("尚未生效：从{not_before}起有效，现在是{now}")
                }
                ValidityWindow::Expired => {
                    format!("已过期：有效期到{not_after}为止，现在是{now}")
                }
                ValidityWindow::Current => format!("{not_before} ≤ 现在{now} ≤ {not_after}"),
            },
        ),
        CertCheck::HostName {
            wanted,
            names,
            subject,
        } => (
            "主机名",
            if passed {
                format!("{wanted}在subjectAltName [{}]中", names.join(", "))
            } else if names.is_empty() {
                format!(
                    "期望subjectAltName中有{wanted}，实际证书没有subjectAltName（主体{subject}中的CN不会被采用，RFC 6125 §6.4.4）"
                )
            } else {
                format!("期望{wanted}，实际证书只适用于{}", names.join(", "))
            },
        ),
        CertCheck::LeafNotCa { is_ca } => (
            "叶子证书不是CA",
            if *is_ca {
                "期望basicConstraints为CA:FALSE或不存在，实际服务器自己的证书上是CA:TRUE".into()
            } else {
                "basicConstraints：不是CA".into()
            },
        ),
        CertCheck::IssuerIsCa {
            issuer,
            is_ca,
            can_sign,
        } => (
            "颁发者是CA",
            match (is_ca, can_sign) {
                (true, true) => format!("{issuer}带有CA:TRUE，可以签发证书"),
                (false, _) => {
                    format!("期望颁发者{issuer}带有basicConstraints CA:TRUE，实际它不是CA")
                }
                (true, false) => format!("期望颁发者{issuer}带有keyUsage keyCertSign，实际没有"),
            },
        ),
        CertCheck::KeyUsage {
            key_usage,
            extended_key_usage,
            key_encipherment,
            server_auth,
        } => {
            let ku_text = key_usage
                .as_ref()
                .map_or("没有keyUsage（不作限制）".to_string(), |k| {
                    format!("keyUsage：{k}")
                });
            let eku_text = extended_key_usage.as_ref().map_or(
                "没有extendedKeyUsage（不作限制）".to_string(),
                |uses| format!("extendedKeyUsage：{}", uses.join(", ")),
            );
            (
                "密钥用法",
                if *key_encipherment && *server_auth {
                    format!("{ku_text}；{eku_text}")
                } else if !key_encipherment {
                    format!(
                        "期望有keyEncipherment（客户端会用这个密钥加密预主密钥，RFC 5246 §7.4.2），实际为{ku_text}"
                    )
                } else {
                    format!("期望有serverAuth，实际为{eku_text}")
                },
            )
        }
    };
    CheckWords {
        name: name.into(),
        detail,
    }
}

fn signature(outcome: &SignatureOutcome, passed: bool) -> String {
    match outcome {
        SignatureOutcome::UnsupportedAlgorithm { oid } => {
            format!("期望sha256WithRSAEncryption（{SHA256_WITH_RSA_OID}），实际为{oid}")
        }
        SignatureOutcome::UnusableKey => "颁发者的公钥不是可用的RSA密钥".into(),
        SignatureOutcome::Walked {
            digest,
            digest_in_signature,
            by_hand,
            library,
            verdict,
            short_key,
        } => {
            let word = |valid: bool| if valid { "有效" } else { "无效" };
            let verdicts = format!(
                "手工验证：{}，库（ring）验证：{}",
                word(*by_hand),
                word(*library)
            );
            if passed {
                return format!(
                    "用CA的公钥还原出SHA-256(tbsCertificate) = {}；{verdicts}",
                    hex(digest)
                );
            }
            let found = if digest_in_signature.is_empty() {
                verdict_reason(verdict, *short_key)
            } else {
                format!(
                    "期望摘要为{}（由tbsCertificate重新计算），实际签名里是{}",
                    hex(digest),
                    hex(digest_in_signature)
                )
            };
            let disagree = if by_hand != library {
                "——手工验证与库的结论不一致"
            } else {
                ""
            };
            // Which alert: OpenSSL answers decrypt_error, as tlswalk does; RFC 5246 §7.2.2
            // files a certificate whose signature does not verify under bad_certificate.
            format!(
                "{found}；{verdicts}{disagree}（告警decrypt_error (51)，与OpenSSL发送的相同；按RFC 5246 \
                 §7.2.2应归为bad_certificate (42)）"
            )
        }
    }
}

pub(super) fn tbs_digest(what: CertRole) -> String {
    let what = match what {
        CertRole::Ca => "CA证书",
        CertRole::Server => "服务器证书",
    };
    format!("tbs_digest = SHA-256(tbsCertificate)（{what}，RFC 5280 §4.1.1.3）")
}

pub(super) const CERT_SIGNATURE: &str =
    "signatureValue = EMSA-PKCS1-v1_5(tbs_digest)^d mod n (RFC 8017 §8.2.1)";

/// An extension's value in words: `CA:FALSE (may not sign certificates)`.
fn extension_value(v: &ExtensionValue) -> String {
    match v {
        ExtensionValue::SubjectAltName { names } => names
            .iter()
            .map(|n| match n {
                AltName::Dns(d) => format!("DNS:{d}"),
                AltName::Ip(ip) => format!("IP:{ip}"),
                AltName::BadIp(raw) => format!("IP:?{raw}"),
                AltName::Other(o) => o.clone(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        ExtensionValue::BasicConstraints { ca: true, path_len } => format!(
            "CA:TRUE（可以签发证书{}）",
            path_len
                .map(|n| format!("，pathlen {n}"))
                .unwrap_or_default()
        ),
        ExtensionValue::BasicConstraints { ca: false, .. } => "CA:FALSE（不能签发证书）".into(),
        ExtensionValue::KeyUsage { usages } => usages.clone(),
        ExtensionValue::ExtendedKeyUsage { purposes } => purposes
            .iter()
            .map(|p| match p {
                KeyPurpose::Any => "任意用途".to_string(),
                KeyPurpose::ServerAuth => "serverAuth（TLS服务器）".into(),
                KeyPurpose::ClientAuth => "clientAuth（TLS客户端）".into(),
                KeyPurpose::CodeSigning => "codeSigning".into(),
                KeyPurpose::EmailProtection => "emailProtection".into(),
                KeyPurpose::TimeStamping => "timeStamping".into(),
                KeyPurpose::OcspSigning => "OCSPSigning".into(),
                KeyPurpose::Other(oid) => oid.clone(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        ExtensionValue::SubjectKeyIdentifier { id } => {
            format!("{}（标识这张证书的密钥）", hex(id))
        }
        ExtensionValue::AuthorityKeyIdentifier { id } => {
            format!("{}（标识颁发者的密钥）", hex(id))
        }
        ExtensionValue::Unrecognised { der } => hex(der),
    }
}
