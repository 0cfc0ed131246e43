// Drives Debian's Chromium through one tlswalk HTML page and checks it as a reader would use
// it. Run by tests/html_page.rs:
//
//   node tests/browser/page.mjs PAGE.html EVENTS.jsonl OUT_DIR
//
// EVENTS.jsonl is `--format json` of the same run (same seed): the values on the page must be
// the values there. Screenshots go to OUT_DIR. Any failed check throws: exit code 1 with the
// reason. Chromium runs with a fresh profile and without any background networking.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pagePath, eventsPath, outDir] = process.argv.slice(2);
if (!pagePath || !eventsPath || !outDir) {
  console.error("usage: node tests/browser/page.mjs PAGE.html EVENTS.jsonl OUT_DIR");
  process.exit(2);
}
const jsonEvents = fs.readFileSync(eventsPath, "utf8").trim().split("\n").map((l) => JSON.parse(l));
fs.mkdirSync(outDir, { recursive: true });
const url = pathToFileURL(path.resolve(pagePath)).href;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tlswalk-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 800 },
});
const problems = [];
const requests = [];
// Every request is refused and remembered: the page must need none.
await context.route("**/*", (route) => {
  const u = route.request().url();
  if (u.split("#")[0] === url.split("#")[0]) return route.continue();
  requests.push(u);
  return route.abort();
});
const page = await context.newPage();
page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.type() + ": " + m.text()); });
page.on("pageerror", (e) => problems.push("page error: " + e.message));
page.on("request", (r) => { if (r.url().split("#")[0] !== url.split("#")[0]) requests.push(r.url()); });

try {
  await page.goto(url, { waitUntil: "load" });
  const step = () => page.evaluate(() => document.body.dataset.step);
  const current = () => page.evaluate(() => {
    const c = document.querySelectorAll('[aria-current="step"]');
    return [...c].map((e) => e.dataset.step);
  });
  const total = await page.evaluate(() => window.tlswalk.view.steps.length);
  const lastN = await page.evaluate(() => String(window.tlswalk.view.steps.at(-1).n));

  // --- Keyboard: → ← Home End move the highlight in the step list and the lanes. ---
  assert.equal(await step(), "0", "the page opens before the first step");
  await page.keyboard.press("ArrowRight");
  assert.equal(await step(), "1", "→ goes to step 1");
  assert.deepEqual(await current(), ["1", "1"], "step 1 is highlighted in the list and the lanes");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await step(), "1", "← goes back");
  await page.keyboard.press("End");
  assert.equal(await step(), lastN, "End goes to the last step");
  assert.deepEqual(await current(), [lastN, lastN]);
  await page.keyboard.press("Home");
  assert.equal(await step(), "0", "Home goes to the first");
  await page.keyboard.press("?");
  assert.ok(await page.evaluate(() => document.getElementById("keys").open), "? opens the keys");
  await page.keyboard.press("Escape");
  assert.ok(!(await page.evaluate(() => document.getElementById("keys").open)), "Esc closes them");
  assert.ok(total > 5, "the walk has steps");

  // --- Deep link: #step-N opens step N. ---
  const hello = await page.evaluate(() => window.tlswalk.view.steps.find((s) => s.name === "ClientHello").n);
  await page.goto(url + "#step-" + hello);
  assert.equal(await step(), String(hello), "a deep link opens its step");
  assert.match(await page.textContent("#detail h2"), /ClientHello/);

  // --- Fields ↔ bytes: each field highlights exactly its JSON range; a byte selects its field. ---
  const block = page.locator("#detail section.bytes").first();
  const eventIndex = Number(await block.getAttribute("data-event"));
  const jsonFields = jsonEvents[eventIndex].fields;
  assert.ok(jsonFields && jsonFields.length > 10, "the ClientHello's JSON has its fields");
  // Open every branch, then click every leaf field the JSON names.
  for (let i = 0; i < 20; i++) {
    const closed = block.locator('button.toggle[aria-expanded="false"]');
    if ((await closed.count()) === 0) break;
    await closed.first().click();
  }
  let checked = 0;
  for (const f of jsonFields) {
    const button = block.locator(`button.field[data-start="${f.start}"][data-end="${f.end}"]`).filter({ hasText: f.name });
    assert.ok((await button.count()) >= 1, `field ${f.name} ${f.start}..${f.end} is in the tree`);
    await button.first().click();
    const sel = await block.evaluate((b) => [...b.querySelectorAll(".hex .b.sel")].map((s) => Number(s.dataset.i)));
    const want = [];
    for (let i = f.start; i < f.end; i++) want.push(i);
    assert.deepEqual(sel, want, `clicking ${f.name} highlights bytes ${f.start}..${f.end}`);
    assert.equal(await button.first().getAttribute("aria-pressed"), "true");
    checked++;
  }
  assert.ok(checked === jsonFields.length);
  // A byte in the middle of the random selects the random field.
  const random = jsonFields.find((f) => f.name === "random");
  await block.locator(`.hex .b[data-i="${random.start + 5}"]`).click();
  assert.equal(await block.getAttribute("data-sel-start"), String(random.start), "a byte selects its field");
  assert.equal(await block.getAttribute("data-sel-end"), String(random.end));
  assert.equal(await block.locator('button.field[aria-pressed="true"]').textContent(), "random");
  // The same with the keyboard: focus the grid, move, Enter.
  await block.locator(".hex").focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  assert.equal(await step(), String(hello), "arrows inside the grid move the byte cursor, not the step");

  // --- The values on the page are the values of --format json. ---
  async function valueOnPage(stepN, name) {
    await page.goto(url + "#step-" + stepN);
    const row = page.locator(`#detail .vhex[data-name="${name}"]`).first();
    assert.ok((await row.count()) === 1, `step ${stepN} shows ${name}`);
    const fold = row.locator("button.fold-value");
    if ((await fold.count()) > 0 && (await fold.getAttribute("aria-expanded")) === "false") await fold.click();
    return (await row.locator("code").textContent()).trim();
  }
  const view = await page.evaluate(() => window.tlswalk.view);
  const stepWith = (pred) => {
    const s = view.steps.find((st) => st.items.some(pred));
    assert.ok(s, "a step shows it");
    return s.n;
  };
  const jsonDerive = (d) => jsonEvents.find((e) => e.kind === "derive" && e.derivation === d);
  const master = jsonDerive("master_secret").outputs[0];
  const msStep = stepWith((it) => it.type === "derive" && it.outputs.some((o) => o.name === "master_secret"));
  assert.equal(await valueOnPage(msStep, "master_secret"), master.bytes, "master_secret equals the JSON's");
  const vd = jsonDerive("verify_data").outputs[0];
  const vdStep = stepWith((it) => it.type === "derive" && it.outputs.some((o) => o.name === vd.name));
  assert.equal(await valueOnPage(vdStep, vd.name), vd.bytes, "verify_data equals the JSON's");
  const rec = jsonEvents.find((e) => e.kind === "record");
  const recStep = stepWith((it) => it.type === "values" && it.values.some((v) => v.name === "tag" && v.hex === rec.tag));
  await page.goto(url + "#step-" + recStep);
  const tags = await page.locator('#detail .vhex[data-name="tag"] code').allTextContents();
  assert.ok(tags.includes(rec.tag), "the first record's GCM tag is on the page, as in the JSON");

  // --- Folded values expand to the full hex. ---
  const certStep = stepWith((it) => it.type === "derive" && it.inputs.some((v) => v.name === "tbsCertificate"));
  await page.goto(url + "#step-" + certStep);
  // The first folded value, held by its position (once open it no longer matches [data-folded]).
  const k = await page.locator("#detail .vhex").evaluateAll((all) => all.findIndex((v) => v.dataset.folded === "true"));
  assert.ok(k >= 0, "a long value is folded");
  const folded = page.locator("#detail .vhex").nth(k);
  const name = await folded.getAttribute("data-name");
  const shown = await folded.locator("code").textContent();
  assert.ok(shown.endsWith("…"), "a folded value says it is folded");
  await folded.locator("button.fold-value").click();
  assert.equal(await folded.getAttribute("data-folded"), "false");
  const full = (await folded.locator("code").textContent()).trim();
  const jsonValue = jsonEvents.flatMap((e) => [...(e.inputs || []), ...(e.steps || []), ...(e.outputs || [])])
    .find((v) => v.name === name);
  assert.equal(full, jsonValue.bytes, `${name} expands to its full hex`);
  // A long hex grid folds too, and a field past the fold opens it.
  const certMsg = view.steps.find((s) => s.name === "Certificate");
  await page.goto(url + "#step-" + certMsg.n);
  const cert = page.locator("#detail section.bytes").first();
  const hiddenRows = await cert.locator(".hex .r[hidden]").count();
  assert.ok(hiddenRows > 0, "the Certificate's grid is folded");
  await cert.locator("button.fold").click();
  assert.equal(await cert.locator(".hex .r[hidden]").count(), 0, "expand shows every row");

  // --- The language switch: every text changes, the step stays, and the page is not reloaded. ---
  await page.goto(url + "#step-" + hello);
  const english = await page.evaluate(() => document.getElementById("app").innerText);
  await page.evaluate(() => { window.notReloaded = true; });
  const toChinese = page.locator('button.lang[data-lang="zh-CN"]');
  assert.equal(await toChinese.textContent(), "中文", "the switch names the language in itself");
  await toChinese.click();
  assert.ok(await page.evaluate(() => window.notReloaded === true), "switching does not reload");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
  assert.equal(await step(), String(hello), "the same step stays open");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.lang), "en",
    "the focus stays on the switch, now the one back to English");
  // Every text of every step in Chinese, outside code and hex, goes to zh-text.txt, where
  // tests/html_page.rs looks for English sentences with the detector the catalogue's tests use.
  const prose = () => page.evaluate(() => {
    const skip = "code, pre, .hex, script, style";
    // The switch back to English is marked lang="en" and says so in English, on purpose.
    const otherLang = (e) => e.closest("[lang]") !== document.documentElement;
    const walker = document.createTreeWalker(document.getElementById("app"), NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement;
      if (!e.closest(skip) && !otherLang(e) && n.textContent.trim()) texts.push(n.textContent.trim());
    }
    const attrs = [...document.querySelectorAll("[title], [aria-label]")].filter((e) => !otherLang(e))
      .flatMap((e) => [e.getAttribute("title"), e.getAttribute("aria-label")]).filter(Boolean);
    return texts.concat(attrs).join("\n");
  });
  const chinese = [];
  for (let k = 0; k <= total; k++) {
    await page.evaluate((k) => window.tlswalk.go(k), k);
    chinese.push(await prose());
  }
  fs.writeFileSync(path.join(outDir, "zh-text.txt"), chinese.join("\n") + "\n");
  await page.evaluate((n) => { location.hash = "#step-" + n; }, hello);
  await page.waitForFunction((n) => document.body.dataset.step === String(n), hello);
  await page.screenshot({ path: path.join(outDir, "page-zh-1280x800.png") });
  await page.locator('button.lang[data-lang="en"]').click();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  assert.equal(await page.evaluate(() => document.getElementById("app").innerText), english,
    "switching back gives the English page again");

  // --- Phone and desktop: screenshots, and nothing wider than the screen. ---
  for (const [w, h] of [[390, 844], [1280, 800]]) {
    await page.setViewportSize({ width: w, height: h });
    // A fresh load at this size (a phone gets 8 bytes a row), from the top.
    await page.goto("about:blank");
    await page.goto(url + "#step-" + hello);
    await page.evaluate(() => window.scrollTo(0, 0));
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= w, `at ${w}px the page is ${wide}px wide`);
    await page.screenshot({ path: path.join(outDir, `page-${w}x${h}.png`) });
    // The ClientHello's bytes with its random selected.
    const bytes = page.locator("#detail section.bytes").first();
    await bytes.locator("button.field", { hasText: /^random$/ }).click();
    await bytes.evaluate((b) => b.scrollIntoView({ block: "start" }));
    await page.evaluate(() => window.scrollBy(0, -70));
    const wider = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wider <= w, `at ${w}px the bytes make the page ${wider}px wide`);
    await page.screenshot({ path: path.join(outDir, `page-fields-${w}x${h}.png`) });
  }
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: path.join(outDir, "page-dark-1280x800.png") });

  assert.deepEqual(problems, [], "no console error or warning");
  assert.deepEqual(requests, [], "no request to anything");
  console.log(`ok: ${total} steps, ${checked} fields checked against the JSON, no request`);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
