//! Names the protocol core gives its messages, values and block parts where they are prose
//! (`server certificate`) rather than an RFC's identifier (`ClientHello`, `master_secret`,
//! which stay as they are).

/// The Chinese name, or `None` when the name is an identifier that stays as it is.
pub fn name(name: &str) -> Option<String> {
    if let Some(n) = exact(name) {
        return Some(n.to_string());
    }
    // A name with a note in parentheses: `client_random (sent in clear)`.
    if let Some((id, note)) = name.strip_suffix(')').and_then(|n| n.split_once(" ("))
        && let Some(note) = note_words(note)
    {
        return Some(format!("{id}（{note}）"));
    }
    // A value of one of the two connections Mallory holds: `client ↔ Mallory: master_secret`.
    if let Some((side, id)) = name.split_once(": ")
        && side.contains('↔')
    {
        return Some(format!("{side}：{id}"));
    }
    // A part of a PKCS#1 block: `EM[0..1] leading 00` (RFC 8017 §9.2).
    if let Some(rest) = name.strip_prefix("EM[") {
        let (range, part) = rest.split_once("] ")?;
        return Some(format!("EM[{range}] {}", block_part(part)?));
    }
    None
}

fn exact(name: &str) -> Option<&'static str> {
    Some(match name {
        "server certificate" => "服务器证书",
        "CA certificate" => "CA证书",
        "HTTP request" => "HTTP请求",
        "DNS query" => "DNS查询",
        "WebSocket frame" => "WebSocket帧",
        "DNS response" => "DNS响应",
        "HTTP response" => "HTTP响应",
        "HTTP request, decrypted by Mallory from the recording" => {
            "HTTP请求（Mallory从录下的流量中解密）"
        }
        "HTTP response, decrypted by Mallory from the recording" => {
            "HTTP响应（Mallory从录下的流量中解密）"
        }
        "SHA-256(ClientHello as the client sent it)" => "SHA-256(客户端发出的ClientHello)",
        "SHA-256(ClientHello as the server received it)" => "SHA-256(服务器收到的ClientHello)",
        "SHA-256(handshake_messages) as the server saw them" => {
            "服务器看到的SHA-256(handshake_messages)"
        }
        "client's SHA-256(handshake_messages), ClientHello … ClientKeyExchange" => {
            "客户端的SHA-256(handshake_messages)，ClientHello … ClientKeyExchange"
        }
        "server's SHA-256(handshake_messages), ClientHello … ClientKeyExchange" => {
            "服务器的SHA-256(handshake_messages)，ClientHello … ClientKeyExchange"
        }
        "server's modulus (replaced)" => "服务器的模数（被替换）",
        "Mallory's modulus (put in its place)" => "Mallory的模数（换上去的）",
        "SHA-256(original tbsCertificate): what the CA signed" => {
            "SHA-256(原来的tbsCertificate)：CA签过的内容"
        }
        "SHA-256(forged tbsCertificate)" => "SHA-256(伪造的tbsCertificate)",
        "application_data record, one bit flipped" => "application_data记录，翻转了一个比特",
        "padded block EM (PKCS#1 v1.5, type 2)" => "填充块EM（PKCS#1 v1.5，类型2）",
        "decrypted block EM" => "解密得到的块EM",
        _ => return block_part(name),
    })
}

/// The parts of an EMSA-PKCS1-v1_5 block (RFC 8017 §9.2), as `crypto::signature` names them.
fn block_part(part: &str) -> Option<&'static str> {
    Some(match part {
        "leading 00" => "开头的00",
        "block type" => "块类型",
        "padding PS" => "填充PS",
        "separator" => "分隔符",
        "DigestInfo" => "DigestInfo",
        "digest" => "digest",
        "unexpected bytes" => "意外的字节",
        _ => return None,
    })
}

/// The notes in parentheses after an identifier.
fn note_words(note: &str) -> Option<&'static str> {
    Some(match note {
        "sent in clear" => "明文发送",
        "sent RSA-encrypted" => "用RSA加密后发送",
        "recorded" => "录下的",
        "relayed" => "转发的",
        "edited by Mallory" => "被Mallory修改过",
        "CA modulus" => "CA的模数",
        _ => return None,
    })
}
