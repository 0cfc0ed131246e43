//! Simplified Chinese for complaints: the lessons: exercises, the walk, the lab, signing by hand.

use crate::error::LessonComplaint;

pub(super) fn say(c: &LessonComplaint) -> String {
    match c {
        LessonComplaint::NoSuchExercise { number, count } => {
            format!("练习{number}: 没有这道练习（练习编号从1到{count}；见`tlswalk exercise list`）")
        }
        LessonComplaint::AddressDoesNotParse { text, reason } => format!("{text}: {reason}"),
        LessonComplaint::NoSmallExponent => "找不到合适的小公钥指数".into(),
        LessonComplaint::PaddingKeyTooSmall { bits } => format!("{bits}位的密钥太小"),
        LessonComplaint::CertificateDoesNotParse { reason } => {
            format!("证书无法解析：{reason}")
        }
        LessonComplaint::EveryCheckPassed { case } => format!("{case}: 每项检查都通过了"),
        LessonComplaint::RecordDidNotOpen { alert } => {
            format!("记录解密失败：告警{alert}")
        }
        LessonComplaint::OpenedRecordNotUtf8 => "解密后的记录不是UTF-8".into(),
        LessonComplaint::NoAlert { case } => format!("{case}: 没有告警"),
        LessonComplaint::TamperedRecordOpened => {
            "一条被篡改的记录竟然解密成功了：认证标签的检查有问题".into()
        }
        LessonComplaint::KeyLogNoLine => "密钥日志的渲染器一行也没有写出".into(),
        LessonComplaint::PageBytesUnlabelled { step, message, gap } => {
            use crate::render::html::tree::Gap;
            let problem = match gap {
                Gap::Unlabelled { start, end } => {
                    format!("字节{start}..{end}不属于任何字段")
                }
                Gap::Twice { at } => format!("字节{at}同时属于两个字段"),
                Gap::PastEnd { end } => format!("有一个字段越过了末尾，一直到字节{end}"),
            };
            let place = if *step == 0 {
                "第一步之前".to_string()
            } else {
                format!("第{step}步")
            };
            format!("无法绘制页面：{message}（{place}）：{problem}")
        }
        LessonComplaint::ServerNameLost => "ClientHello丢失了它的server_name".into(),
        LessonComplaint::KeyGenerationFailed { reason } => {
            format!("RSA密钥生成失败：{reason}")
        }
        LessonComplaint::MalloryKitMissing => "缺少Mallory的工具包".into(),
        LessonComplaint::AttackUsesNoCertificate { attack } => {
            format!("{}没有用到Mallory的任何证书", attack.name())
        }
        LessonComplaint::ModulusLengthDiffers => "Mallory的模数和服务器的模数长度不同".into(),
        LessonComplaint::ModulusNotInCertificate => "服务器的模数不在它的证书里".into(),
        LessonComplaint::RecordingLacks { message } => format!("录下的内容里没有{message}"),
        LessonComplaint::RecordedPreMasterUndecryptable { reason } => {
            format!("解密录下的预主密钥时出错：{reason}")
        }
        LessonComplaint::HandshakeUnfinished => "握手在双方都完成之前就停止了".into(),
        LessonComplaint::UpgradeFailed => {
            "WebSocket升级没有完成（没有收到带着预期Sec-WebSocket-Accept的101）".into()
        }
        LessonComplaint::SigningKeyTooSmall { bits } => {
            format!("{bits}位的密钥太小，无法做SHA-256 PKCS#1 v1.5签名")
        }
        LessonComplaint::LibraryCouldNotSign { reason } => {
            format!("rsa库无法签名：{reason}")
        }
        LessonComplaint::SignaturesDiffer => "手工计算的签名EM^d mod n与rsa库给出的签名不同".into(),
    }
}
