//! Simplified Chinese for complaints: the command line and the command layer: flags, values,
//! output paths.

use crate::error::{CliComplaint, SignInput};
use crate::hexfmt::HexProblem;

pub(super) fn say(c: &CliComplaint) -> String {
    match c {
        CliComplaint::OutputDirMissing { path, dir } => {
            format!("{path}: 目录{dir}不存在")
        }
        CliComplaint::OutputExists { path } => {
            format!("{path}: 文件已存在，没有写入任何内容（要覆盖它，请加--force）")
        }
        CliComplaint::OutputIsDirectory { path } => {
            format!("{path}: 这是一个目录；请给出要写入的文件名")
        }
        CliComplaint::OutputParentNotDirectory { path, file } => {
            format!("{path}: {file}是文件，不是目录")
        }
        CliComplaint::SameOutputTwice {
            path,
            first,
            second,
        } => format!("{path}: 同时被{first}和{second}指定；请给它们各自一个文件"),
        CliComplaint::OutputIsInput { path, input } => format!(
            "{path}: 它同时也是{}；把签名写到那里会毁掉它，加了--force也不行（请换一个--out）",
            match input {
                SignInput::Message => "要签名的文件",
                SignInput::Key => "私钥（--key）",
            }
        ),
        CliComplaint::NotAKeyLog { path } => format!(
            "{path}: 文件已存在，但不是NSS密钥日志（它的第一行既不是注释，也不是CLIENT_RANDOM …）；\
             没有追加任何内容（请给--keylog换一个文件）"
        ),
        CliComplaint::UnknownCommand { name, choices } => {
            format!("{name:?}: 没有这个命令；请从{choices}中选一个")
        }
        CliComplaint::BadHex { flag, problem } => format!("{flag}: {}", hex_problem(problem)),
        CliComplaint::PrfLenOutOfRange { len, max } => {
            format!("--len {len}: 必须在1到{max}之间")
        }
        CliComplaint::CertificateUnusable { path, reason } => format!("{path}: {reason}"),
        CliComplaint::IssuerSignatureInvalid {
            cert,
            issuer,
            verdict,
            short_key,
        } => format!(
            "{cert}上的签名用{issuer}中的密钥验证不通过：{}",
            super::signature_verdict(verdict, *short_key)
        ),
        CliComplaint::UnsupportedSignatureAlgorithm { oid, expected } => format!(
            "证书的签名算法是{oid}，不是sha256WithRSAEncryption（{expected}）；tlswalk只讲解这一种"
        ),
        CliComplaint::CacertAndInsecure => {
            "--cacert和--insecure互相矛盾：要么用某个CA来验证，要么跳过验证，不能两个都要".into()
        }
        CliComplaint::NoTrustChoice => {
            "connect需要知道信任哪个CA：用--cacert FILE（对于`tlswalk serve`，就是它的PKI目录里的\
             ca.pem），或者用--insecure跳过证书验证（并看看这意味着什么）"
                .into()
        }
        CliComplaint::NotAHostName { host } => {
            format!("--host {host:?}: 不是DNS主机名（只能由字母、数字、'-'和'.'组成）")
        }
        CliComplaint::BadRequestPath { path } => {
            format!("--path {path:?}: 必须以'/'开头，并且不能包含空格")
        }
        CliComplaint::UnknownAttack { name, choices } => {
            format!("--attack {name:?}: 没有这种攻击；请从{choices}中选一个，或者用all")
        }
        CliComplaint::BadHeader { value } => format!(
            "--header {value:?}: 不是首部字段；请写成'Name: value'（名字由字母、数字和-组成，不能换行）"
        ),
        CliComplaint::Http10OneRequest => {
            "--http 1.0在一个响应之后就关闭连接：要发--requests 2个或更多请求，请用--http 1.1（默认）"
                .into()
        }
        CliComplaint::KxOnlyStolenKey => "--kx ecdhe和--tls 1.3选择的是--attack stolen-key录下的会话；\
             其他攻击都在使用RSA的TLS 1.2上进行"
            .into(),
        CliComplaint::Tls12Only { option: "--ems" } => "--ems是TLS 1.2的扩展主密钥（RFC 7627）；\
             TLS 1.3本来就把每个秘密绑定到握手消息哈希上：请去掉--ems，或者改用--tls 1.2"
            .into(),
        CliComplaint::Tls12Only { option: "--kx" } => "--kx选择的是TLS 1.2的密钥交换；TLS 1.3总是使用\
             临时密钥共享：请去掉--kx，或者改用--tls 1.2"
            .into(),
        CliComplaint::Tls12Only { option } => format!(
            "{option}恢复的是TLS 1.2会话；tlswalk不恢复TLS 1.3会话：请去掉{option}，或者改用--tls 1.2"
        ),
        CliComplaint::PipelineNeedsRequests => {
            "--pipeline是把几个请求一口气发出去：请加上--requests 2或更多".into()
        }
        CliComplaint::SendNeedsWss => "--send发送的是WebSocket消息：需要wss://的URL".into(),
        CliComplaint::ResumeNeedsHttps => {
            "--resume为HTTPS连接两次：需要https://的URL，不能是wss://".into()
        }
        CliComplaint::BadDnsName { name, problem } => {
            format!("{name:?}: 不是合法的域名：{}", name_problem(problem))
        }
        CliComplaint::SingleLabelName { name } => format!(
            "{name:?}: 模型里的查询需要至少两个标签的域名（比如example.com），因为模型的根服务器\
             只把各个顶级域转介给它们的服务器；用--server ADDR可以向真实的服务器查询任何域名"
        ),
        CliComplaint::BadDnsServer { value } => format!(
            "--server {value:?}: 不是IP地址（可以带端口：127.0.0.1、127.0.0.1:5353、[::1]:53）"
        ),
        CliComplaint::NoDnsAnswer {
            server,
            tries,
            timeout_ms,
        } => format!(
            "{server}没有回答：试了{tries}次，每次等{timeout_ms}毫秒（那里有DNS服务器在监听吗？）"
        ),
        CliComplaint::UnknownScenario { name, choices } => {
            format!("--scenario {name:?}: 没有这个场景；请从{choices}中选一个，或者用all")
        }
        CliComplaint::HostIsMallory { host } => {
            format!("--host {host}: 这是实验里Mallory自己的名字；请给出受害者的主机")
        }
        CliComplaint::LessonDisagrees { wrong } => {
            let wrong: Vec<String> = wrong
                .iter()
                .map(|(attack, p)| format!("{}：{}", attack.name(), super::mitm_problem(p)))
                .collect();
            format!("与课程所讲的不一致：{}", wrong.join("；"))
        }
        CliComplaint::NoConnectionsAllowed => "--max-connections 0: 没有什么可做的".into(),
        CliComplaint::NotAnAddress { flag, addr } => {
            format!("{flag} {addr:?}: 不是地址（应为HOST:PORT，例如127.0.0.1:9443）")
        }
        CliComplaint::NotAListenAddress { addr } => {
            format!("--addr {addr:?}: 不是可以监听的地址（应为HOST:PORT，例如127.0.0.1:8443）")
        }
        CliComplaint::NoSuchFile { path } => format!("{path}: 没有这个文件"),
        CliComplaint::SignatureInvalid { verdict, short_key } => format!(
            "签名无效：{}",
            super::signature_verdict(verdict, *short_key)
        ),
        CliComplaint::WrongAnswer { id, mismatch } => super::exercise::wrong(*id, mismatch),
        CliComplaint::NoConcurrency { flag } => {
            format!("{flag} 0: 这样永远无法处理任何连接（请给1或更大的数）")
        }
    }
}

/// Why text is not hex (the wording `hexfmt::parse_hex` used to return, kept as it was).
pub(super) fn hex_problem(p: &HexProblem) -> String {
    let why = match p {
        HexProblem::OddLength => "数字的个数是奇数".to_string(),
        HexProblem::InvalidCharacter { character, index } => {
            format!("偏移{index}处的字符{character:?}无效")
        }
    };
    format!("不是十六进制（{why}）")
}

/// Why a name is not a DNS name.
fn name_problem(p: &crate::dns::NameProblem) -> String {
    use crate::dns::NameProblem;
    match p {
        NameProblem::EmptyLabel => "有空标签（连着两个点，或者以点开头）".into(),
        NameProblem::LabelTooLong { len } => {
            format!("有一个标签长{len}字节，超过了63字节的上限（RFC 1035 §2.3.4）")
        }
        NameProblem::TooLong { len } => {
            format!("编码后长{len}字节，超过了255字节的上限（RFC 1035 §2.3.4）")
        }
        NameProblem::BadCharacter { c } => {
            format!("{c:?}不是字母、数字、“-”或“_”")
        }
        NameProblem::BadPointer { at } => format!("第{at}字节处有一个错误的压缩指针"),
    }
}
