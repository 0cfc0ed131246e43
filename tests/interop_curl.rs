//! curl (OpenSSL inside) against `tlswalk serve`: the routes, keep-alive, and many clients at
//! once. Needs curl on the PATH; fails (never skips) without it.

mod serve_support;

use serve_support::*;
use std::thread;

#[test]
fn curl_fetches_root_echo_and_bytes_over_one_kept_alive_connection() {
    require("curl");
    let dir = temp_dir("curl-routes");
    let (server, port) = serve(&["--max-connections", "1"]);
    let (page, echo, bytes) = (
        dir.join("page.html"),
        dir.join("echo.txt"),
        dir.join("bytes"),
    );
    let mut args = curl_args(port, "/");
    args.pop();
    let base = format!("https://localhost:{port}");
    args.extend([
        "--write-out".into(),
        "%{http_code} %{size_download} %{num_connects}\\n".into(),
        format!("{base}/"),
        "-o".into(),
        page.to_str().unwrap().into(),
        format!("{base}/echo"),
        "-o".into(),
        echo.to_str().unwrap().into(),
        format!("{base}/bytes/100000"),
        "-o".into(),
        bytes.to_str().unwrap().into(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run("curl", &args, b"");
    assert_eq!(out.code(), Some(0), "curl failed: {out:?}");
    let rows: Vec<Vec<u64>> = out
        .stdout
        .lines()
        .map(|l| l.split(' ').map(|n| n.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 3, "{}", out.stdout);
    assert!(rows.iter().all(|r| r[0] == 200), "{rows:?}");
    // One TCP connection for all three: the second and third reuse it (keep-alive).
    assert_eq!(rows.iter().map(|r| r[2]).collect::<Vec<_>>(), vec![1, 0, 0]);
    assert_eq!(rows[2][1], 100_000);
    let got = std::fs::read(&bytes).unwrap();
    assert_eq!(got.len(), 100_000);
    assert!(
        got == pattern(100_000),
        "/bytes content differs from the pattern"
    );
    let page = std::fs::read_to_string(&page).unwrap();
    assert!(page.contains("TLS_RSA_WITH_AES_128_GCM_SHA256"), "{page}");
    assert!(page.contains("client random"));
    let echo = std::fs::read_to_string(&echo).unwrap();
    assert!(echo.starts_with("GET /echo HTTP/1.1\r\n"), "{echo:?}");
    assert!(echo.contains("User-Agent: curl/"), "{echo:?}");

    let (status, output) = server.finish();
    assert!(status.success(), "serve exited with {status}:\n{output}");
    assert!(
        output.contains("[c1] [1] client → server  ClientHello"),
        "{output}"
    );
    assert!(output.contains("GET /bytes/100000 HTTP/1.1"), "{output}");
    assert!(
        output.contains("stopped after 1 connection (1 handshake completed, 3 requests answered"),
        "{output}"
    );
}

#[test]
fn twenty_concurrent_curl_clients_all_get_200() {
    require("curl");
    const N: usize = 20;
    let (server, port) = serve(&["--max-connections", &N.to_string()]);
    let clients: Vec<_> = (0..N)
        .map(|i| {
            thread::spawn(move || {
                let mut args = curl_args(port, &format!("/bytes/{}", 1000 + i));
                args.extend(["-o".into(), "/dev/null".into()]);
                args.extend(["--write-out".into(), "%{http_code} %{size_download}".into()]);
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                run("curl", &args, b"")
            })
        })
        .collect();
    for (i, c) in clients.into_iter().enumerate() {
        let out = c.join().unwrap();
        assert_eq!(out.code(), Some(0), "client {i}: {out:?}");
        assert_eq!(out.stdout, format!("200 {}", 1000 + i), "client {i}");
    }
    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
    assert!(
        output.contains("stopped after 20 connections (20 handshakes completed, 20 requests answered, 0 refused)"),
        "{output}"
    );
    // Lines of concurrent connections never mix: every narration line carries one prefix.
    for line in output.lines().filter(|l| l.starts_with("[c")) {
        assert_eq!(line.matches("[c").count(), 1, "mixed line: {line:?}");
    }
}
