//! How fast the walk's HTML page opens in a browser, next to the same run's SVG diagram.
//!
//! ```text
//! npm ci && cargo run --release --example bench_page
//! ```
//!
//! Renders the seed-7 walk as `--format html` and `--format svg` (timing the rendering), then
//! opens each file 20 times in Debian's headless Chromium (`tests/browser/bench.mjs`, driven by
//! playwright-core) and prints the median time from navigation start to the end of the load
//! event, with each file's size. The page's target is under 500 ms on a 2-core machine.

use std::process::Command;
use std::time::{Duration, Instant};
use tlswalk::event::Event;
use tlswalk::narrator::Narrator;
use tlswalk::rng::Randomness;
use tlswalk::scenario::walk::{WalkOptions, walk};

const RUNS: usize = 20;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn timed<T>(f: impl Fn() -> T) -> (T, Duration) {
    let mut best = Duration::MAX;
    let mut out = f();
    for _ in 0..10 {
        let start = Instant::now();
        out = f();
        best = best.min(start.elapsed());
    }
    (out, best)
}

fn main() {
    let mut events: Vec<Event> = Vec::new();
    walk(&WalkOptions::new(Randomness::Seeded(7)), &mut events).expect("the walk");
    let narrator = Narrator::default();
    let (html, html_time) =
        timed(|| tlswalk::render::html::page(&events, &narrator, "bench").expect("the page"));
    let (svg, svg_time) = timed(|| tlswalk::render::svg::sequence_svg(&events));
    let dir = std::env::temp_dir().join(format!("tlswalk-bench-page-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let (page, image) = (dir.join("walk.html"), dir.join("walk.svg"));
    std::fs::write(&page, &html).expect("write the page");
    std::fs::write(&image, &svg).expect("write the image");

    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("node")
        .current_dir(root)
        .arg("tests/browser/bench.mjs")
        .arg(RUNS.to_string())
        .arg(&page)
        .arg(&image)
        .output()
        .expect("node is needed (and `npm ci` for playwright-core)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "the browser run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let times: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("bench.mjs prints JSON");
    let load = |path: &std::path::Path| -> f64 {
        let runs = times[path.to_str().expect("UTF-8 path")]
            .as_array()
            .expect("the file's runs");
        median(runs.iter().filter_map(|v| v.as_f64()).collect())
    };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{:<34} {:>12} {:>14} {:>18}",
        "the seed-7 walk as", "size", "rendering", "Chromium load (median)"
    );
    println!("{}", "-".repeat(82));
    println!(
        "{:<34} {:>9} KB {:>11.1} ms {:>15.1} ms",
        "--format html (interactive page)",
        html.len() / 1000,
        ms(html_time),
        load(&page)
    );
    println!(
        "{:<34} {:>9} KB {:>11.1} ms {:>15.1} ms",
        "--format svg (sequence diagram)",
        svg.len() / 1000,
        ms(svg_time),
        load(&image)
    );
    println!(
        "\n{RUNS} loads of each in headless Chromium (first load not counted); rendering: best of 10."
    );
}
