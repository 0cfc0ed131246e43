//! Simplified Chinese for complaints: certificate, key and signature files; the PKI directory.

use crate::error::{FileKind, HostProblem, InputFile, KeyAlgorithm, PemProblem, PkiComplaint};

pub(super) fn say(c: &PkiComplaint) -> String {
    match c {
        PkiComplaint::NoSuchFile { path } => format!("{path}: 没有这个文件"),
        PkiComplaint::IsADirectory {
            path,
            expected,
            holds_pki,
        } => {
            let (what, inside) = match expected {
                FileKind::Certificate => ("证书文件", "server.pem或ca.pem"),
                FileKind::PrivateKey => ("私钥文件", "server.key或ca.key"),
            };
            let path = path.trim_end_matches('/');
            if *holds_pki {
                format!(
                    "{path}: 这是一个目录，需要的是{what}（它里面是一套PKI：你是想用{}吗？）",
                    inside
                        .split("或")
                        .map(|f| format!("{path}/{f}"))
                        .collect::<Vec<_>>()
                        .join("或")
                )
            } else {
                format!("{path}: 这是一个目录，需要的是{what}")
            }
        }
        PkiComplaint::PemBodyBroken { path, tag, problem } => format!(
            "{path}: PEM的开头行-----BEGIN {tag}-----没有问题，但{}",
            pem_problem(tag, problem)
        ),
        PkiComplaint::PkiDirIsFile { path } => format!(
            "{path}: 这是一个文件；PKI是一个目录（包含ca.pem、ca.key、server.pem、server.key）：\
             请给出目录名"
        ),
        PkiComplaint::PkiDirUnderFile { path, file } => {
            format!("{path}: 不能作为目录，因为{file}是一个文件")
        }
        PkiComplaint::PkiFileIsDirectory { path } => {
            format!("{path}: 这是一个目录；无法在那里写入PKI文件")
        }
        PkiComplaint::CertFileHoldsKey { path, tag } => {
            format!("{path}: 里面是私钥（{tag}），需要的是证书")
        }
        PkiComplaint::CertFileHoldsOther { path, tag } => {
            format!("{path}: 里面是PEM {tag:?}块，需要的是CERTIFICATE")
        }
        PkiComplaint::CertFileNotPem { path } => {
            format!("{path}: 不是PEM文件（应以-----BEGIN CERTIFICATE-----开头）")
        }
        PkiComplaint::CertFileNotX509 { path, error } => {
            format!("{path}: 不是有效的X.509证书（{error}）")
        }
        PkiComplaint::KeyFileNotPem { path } => {
            format!("{path}: 不是PEM文件（应以-----BEGIN PRIVATE KEY-----开头）")
        }
        PkiComplaint::KeyNotRsa { path, error } => {
            format!("{path}: 不是RSA私钥（{error}）")
        }
        PkiComplaint::KeyNotPkcs1 { path, error } => {
            format!("{path}: 不是有效的PKCS#1 RSA私钥（{error}）")
        }
        PkiComplaint::KeyFileHoldsCert { path } => {
            format!("{path}: 里面是证书，需要的是私钥（证书只携带公钥）")
        }
        PkiComplaint::KeyEncrypted { path } => {
            format!("{path}: 这个密钥是加密的；请先解密（openssl pkey -in KEY -out PLAIN）")
        }
        PkiComplaint::KeyFileHoldsOther { path, tag } => {
            format!("{path}: 里面是PEM {tag:?}块，需要的是PRIVATE KEY")
        }
        PkiComplaint::KeySize {
            path,
            bits,
            min,
            max,
        } => format!(
            "{path}: 这把RSA密钥是{bits}位；tlswalk需要{min}到{max}位（ring不接受其他长度）"
        ),
        PkiComplaint::NotX509 { error } => format!("不是有效的X.509证书（{error}）"),
        PkiComplaint::CertRsaKey { error } => format!("证书中的RSA公钥：{error}"),
        PkiComplaint::CertKeyNotRsa { algorithm } => format!(
            "证书的公钥是{}密钥，不是RSA；tlswalk只验证RSA签名",
            key_algorithm(algorithm)
        ),
        PkiComplaint::KeyAlgorithm { path, algorithm } => format!(
            "{path}: 这是{}私钥，不是RSA（rsaEncryption，1.2.840.113549.1.1.1）；\
             tlswalk只用RSA密钥签名和解密，这是TLS_RSA_WITH_AES_128_GCM_SHA256的要求",
            key_algorithm(algorithm)
        ),
        PkiComplaint::CannotIssue { common_name, error } => {
            format!("无法为{common_name:?}签发证书：{error}")
        }
        PkiComplaint::SerialLength { len } => {
            format!("证书序列号必须是1到20字节，实际是{len}字节")
        }
        PkiComplaint::HostNotAscii { name } => format!("主机名{name:?}不是纯ASCII"),
        PkiComplaint::RsaKeyPkcs8 { error } => {
            format!("无法把RSA密钥编码为PKCS#8：{error}")
        }
        PkiComplaint::RingRefusesKey { error } => {
            format!("ring不接受这把RSA密钥（它只用2048到4096位的密钥签名）：{error}")
        }
        PkiComplaint::KeyPkcs8 { error } => format!("无法把密钥编码为PKCS#8：{error}"),
        PkiComplaint::HostName { host, problem } => {
            format!("--host {host:?}: {}", host_problem(problem))
        }
        PkiComplaint::KeyGeneration { error } => format!("RSA密钥生成失败：{error}"),
        PkiComplaint::AlreadyExists { path } => {
            format!("{path}: 已存在，没有写入任何内容（要覆盖它，请加--force）")
        }
        PkiComplaint::KeyMismatch { key, cert } => {
            format!("{key}: 这把密钥与{cert}中的公钥不匹配")
        }
        PkiComplaint::FileTooLarge { path, input, limit } => {
            let what = match input {
                InputFile::Certificate => "证书文件",
                InputFile::PrivateKey => "私钥文件",
                InputFile::Signature => "签名文件",
                InputFile::Message => "要签名或验证的文件",
            };
            format!("{path}: 超过了{what}允许的{}上限，已拒绝", size(*limit))
        }
    }
}

/// A size limit in bytes, as people say it: `64 KiB`, `64 MiB`, `512 bytes`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b}字节"),
    }
}

/// What is wrong with a PEM block's body, after its BEGIN line.
fn pem_problem(tag: &str, p: &PemProblem) -> String {
    match p {
        PemProblem::NotBase64 { error } => {
            format!("正文不是base64（{error}）：文件已损坏或被截断")
        }
        PemProblem::NoEndLine => {
            format!("后面没有-----END {tag}-----行：文件被截短了")
        }
        PemProblem::MismatchedEnd { end } => {
            format!("它以-----END {end}-----结尾，与开头不匹配")
        }
        PemProblem::Empty => "BEGIN行和END行之间什么也没有".into(),
        PemProblem::Other { error } => format!("这一块无法解析（{error}）"),
    }
}

/// Why a name cannot be a certificate's host name.
fn host_problem(p: &HostProblem) -> String {
    match p {
        HostProblem::Empty => "主机名不能为空".into(),
        HostProblem::Character { c } => format!(
            "主机名中不允许出现“{}”（只能用字母、数字，以及点之间的连字符，RFC 1123 §2.1）",
            c.escape_debug()
        ),
        HostProblem::TooLong { len, max } => {
            format!("{len}个字符；主机名最多{max}个字符（RFC 1034 §3.1）")
        }
        HostProblem::EmptyLabel => {
            "有一个空标号（连续两个点，或以点开头）：两个点之间的每一段都需要1到63个字符".into()
        }
        HostProblem::LabelTooLong { label, len, max } => {
            format!("标号{label:?}有{len}个字符；一个标号最多{max}个字符（RFC 1034 §3.1）")
        }
        HostProblem::Hyphen { label } => {
            format!("标号{label:?}以连字符开头或结尾，RFC 1123 §2.1不允许这样")
        }
        HostProblem::Wildcard => {
            "通配符只能单独作为最左边的整个标号，例如*.example.test（RFC 6125 §6.4.3）".into()
        }
        HostProblem::WildcardAlone => "通配符后面还需要有名字，例如*.example.test".into(),
        HostProblem::Numeric => {
            "全是数字却不是IP地址：主机名的最后一个标号不能全是数字（RFC 1123 §2.1）".into()
        }
    }
}

/// A key's algorithm by its registered name and OID, said to stand before 密钥 or 私钥:
/// `Ed25519（1.3.101.112）`, `曲线为P-256（1.2.840.10045.3.1.7）的椭圆曲线（id-ecPublicKey，
/// 1.2.840.10045.2.1）`.
pub fn key_algorithm(a: &KeyAlgorithm) -> String {
    match a {
        KeyAlgorithm::Rsa => "rsaEncryption（1.2.840.113549.1.1.1）".into(),
        KeyAlgorithm::RsaPss => "id-RSASSA-PSS（1.2.840.113549.1.1.10，只用于PSS签名的RSA）".into(),
        KeyAlgorithm::Ec { curve } => {
            let curve = match curve.as_deref() {
                // RFC 5480 §2.1.1.1; secp256k1 and brainpool from SEC 2 and RFC 5639.
                Some(oid @ "1.2.840.10045.3.1.7") => format!("曲线为P-256（{oid}）的"),
                Some(oid @ "1.3.132.0.34") => format!("曲线为P-384（{oid}）的"),
                Some(oid @ "1.3.132.0.35") => format!("曲线为P-521（{oid}）的"),
                Some(oid @ "1.3.132.0.10") => format!("曲线为secp256k1（{oid}）的"),
                Some(oid @ "1.3.36.3.3.2.8.1.1.7") => {
                    format!("曲线为brainpoolP256r1（{oid}）的")
                }
                Some(oid) => format!("曲线为{oid}的"),
                None => String::new(),
            };
            format!("{curve}椭圆曲线（id-ecPublicKey，1.2.840.10045.2.1）")
        }
        KeyAlgorithm::Ed25519 => "Ed25519（1.3.101.112）".into(),
        KeyAlgorithm::Ed448 => "Ed448（1.3.101.113）".into(),
        KeyAlgorithm::X25519 => "X25519（1.3.101.110）".into(),
        KeyAlgorithm::X448 => "X448（1.3.101.111）".into(),
        KeyAlgorithm::Dsa => "DSA（1.2.840.10040.4.1）".into(),
        KeyAlgorithm::Other { oid } => format!("算法为{oid}的"),
    }
}
