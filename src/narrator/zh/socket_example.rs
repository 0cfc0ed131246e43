//! Simplified Chinese for the socket examples (`examples/echo_*.rs`, `examples/upload_*.rs`).

use crate::narrator::SocketExample;

/// A line of the socket examples.
pub fn socket_example(t: &SocketExample<'_>) -> String {
    match *t {
        SocketExample::Usage(example, args) => {
            format!("用法：cargo run --release --example {example} -- {args}")
        }
        SocketExample::Listening(addr) => format!("正在监听{addr}"),
        SocketExample::Accepted(peer) => format!("来自{peer}的连接"),
        SocketExample::Saved(bytes, file) => format!("已把{bytes}字节保存到{file}"),
        SocketExample::UploadComplete(bytes) => format!("上传成功：{bytes}字节"),
        SocketExample::Failed(doing, error) => format!("{doing}：{error}"),
    }
}
