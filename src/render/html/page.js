// tlswalk's page: lays out the page model (the JSON block "tlswalk-view") and lets the reader
// step through it. Every text it shows comes from the model; the script adds no words of its
// own. It makes no request: the page's Content-Security-Policy forbids all.
//
// The page carries the same model in its other languages too ("tlswalk-translations"): the
// language switch lays the page out again from another model, at the same step, without a
// reload.
"use strict";
(function () {
  const first = JSON.parse(document.getElementById("tlswalk-view").textContent);
  const views = [first].concat(JSON.parse(document.getElementById("tlswalk-translations").textContent));
  const events = JSON.parse(document.getElementById("tlswalk-events").textContent);
  let unmount = null;   // stops the listeners of the page as laid out last

  function mount(view, startAt) {
  if (unmount) unmount.abort();
  unmount = new AbortController();
  const signal = unmount.signal;
  document.documentElement.lang = view.lang;
  const L = view.labels;
  const FOLD_BYTES = 32;   // a value longer than this shows its first 32 bytes until expanded
  const FOLD_GRID = 128;  // a hex grid longer than 160 bytes shows its first 128 until expanded
  const laneIndex = new Map(view.lanes.map((l, i) => [l.actor, i]));
  const laneName = new Map(view.lanes.map((l) => [l.actor, l.name]));
  const fill = (t, v) => t.replace(/\{(\w+)\}/g, (m, k) => (k in v ? String(v[k]) : m));

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid);
    return e;
  }

  // ---- status line (copy feedback) ----
  const status = el("div", { id: "status", role: "status", "aria-live": "polite" });
  let statusTimer = 0;
  function say(text) {
    status.textContent = text;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => { status.textContent = ""; }, 1500);
  }
  function copy(text) {
    const done = () => say(L.copied);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text, done));
    } else fallbackCopy(text, done);
  }
  function fallbackCopy(text, done) {
    const t = el("textarea", { "aria-hidden": "true", style: "position:fixed;left:-9999px" });
    t.value = text;
    document.body.append(t);
    t.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing to copy to */ }
    t.remove();
    done();
  }
  const copyButton = (text) => el("button", { class: "small copy", type: "button", text: L.copy,
    onclick: () => copy(text) });

  // ---- values, folded when long ----
  function value(name, hex) {
    const bytes = hex.length / 2;
    const code = el("code", { class: "full" });
    const row = el("div", { class: "vhex", "data-name": name });
    const long = bytes > FOLD_BYTES;
    const show = (open) => {
      code.textContent = open || !long ? hex : hex.slice(0, FOLD_BYTES * 2) + "…";
      row.dataset.folded = String(long && !open);
    };
    show(false);
    row.append(code);
    if (long) {
      const note = el("span", { class: "range" });
      const b = el("button", { class: "small fold-value", type: "button", "aria-expanded": "false" });
      const set = (open) => {
        show(open);
        b.setAttribute("aria-expanded", String(open));
        b.textContent = open ? L.collapse : L.expand;
        note.textContent = open ? "" : " " + fill(L.folded, { shown: FOLD_BYTES, n: bytes });
      };
      b.addEventListener("click", () => set(b.getAttribute("aria-expanded") !== "true"));
      set(false);
      row.append(note, b);
    }
    row.append(copyButton(hex));
    return [el("div", { class: "vname", text: name }), row];
  }
  function values(list, heading) {
    const box = el("div", { class: "vals" });
    if (heading) box.append(el("h4", { text: heading }));
    for (const v of list) box.append(...value(v.name, v.hex));
    return box;
  }

  // ---- bytes: hex grid and field tree ----
  function leaves(nodes, out) {
    for (const n of nodes) {
      if (n.children && n.children.length) leaves(n.children, out);
      else out.push(n);
    }
    return out;
  }
  function bytesBlock(item) {
    const n = item.hex.length / 2;
    const block = el("section", { class: "block bytes", id: item.id, "data-event": item.event });
    block.append(el("h3", { text: item.title }));
    if (item.note) block.append(el("p", { class: "note", text: item.note }));
    const treeBox = el("div", { class: "tree", "aria-label": L.fields });
    const hexBox = el("div", { class: "hex", tabindex: "0", role: "group", "aria-label": L.bytes });
    const spans = [];
    const rows = [];
    // 16 bytes a row, 8 on a phone.
    const per = window.matchMedia("(max-width: 560px)").matches ? 8 : 16;
    const FOLD_ROWS = FOLD_GRID / per;
    for (let r = 0; r * per < n; r++) {
      const row = el("span", { class: "r" });
      row.append(el("span", { class: "off", text: (r * per).toString(16).padStart(4, "0") }));
      for (let i = r * per; i < Math.min(n, r * per + per); i++) {
        const s = el("span", { class: "b", "data-i": i, text: item.hex.substr(i * 2, 2) });
        spans.push(s);
        row.append(s, " ");
      }
      rows.push(row);
      hexBox.append(row);
    }
    const foldable = rows.length > FOLD_ROWS + 2;
    let foldBtn = null;
    const setFold = (open) => {
      rows.forEach((row, i) => { row.hidden = !open && i >= FOLD_ROWS; });
      if (foldBtn) {
        foldBtn.setAttribute("aria-expanded", String(open));
        foldBtn.textContent = (open ? L.collapse : L.expand) +
          (open ? "" : " · " + fill(L.folded, { shown: FOLD_GRID, n }));
      }
    };
    if (foldable) {
      foldBtn = el("button", { class: "small fold", type: "button",
        onclick: () => setFold(foldBtn.getAttribute("aria-expanded") !== "true") });
    }
    // Leaf of each byte, and the tree's buttons by node.
    const leafOf = new Array(n);
    const buttons = new Map();
    const all = leaves(item.tree, []);
    for (const lf of all) for (let i = lf.start; i < lf.end && i < n; i++) leafOf[i] = lf;
    const parents = new Map();
    let selected = null;
    function mark(node, cls, on) {
      for (let i = node.start; i < node.end && i < n; i++) spans[i].classList.toggle(cls, on);
      const b = buttons.get(node);
      if (b) b.classList.toggle(cls, on);
    }
    function select(node, focusTree) {
      if (selected) {
        mark(selected, "sel", false);
        buttons.get(selected).setAttribute("aria-pressed", "false");
      }
      selected = node;
      mark(node, "sel", true);
      const b = buttons.get(node);
      b.setAttribute("aria-pressed", "true");
      // Open the branches above it and the rows it covers.
      for (let p = parents.get(node); p; p = parents.get(p)) openBranch(p, true);
      if (foldable && node.end > FOLD_GRID) setFold(true);
      block.dataset.selStart = node.start;
      block.dataset.selEnd = node.end;
      if (focusTree) b.focus();
    }
    const toggles = new Map();
    function openBranch(node, open) {
      const t = toggles.get(node);
      if (!t) return;
      t.button.setAttribute("aria-expanded", String(open));
      t.button.textContent = open ? "▾" : "▸";
      t.list.hidden = !open;
    }
    function tree(nodes, depth, parent) {
      const ul = el("ul");
      for (const node of nodes) {
        if (parent) parents.set(node, parent);
        const li = el("li");
        const line = el("div", { class: "node" });
        const kids = node.children && node.children.length;
        const len = node.end - node.start;
        const fieldBtn = el("button", { class: "field", type: "button", "aria-pressed": "false",
          "data-start": node.start, "data-end": node.end, text: node.name,
          onclick: () => select(node, false),
          onmouseenter: () => mark(node, "hov", true), onmouseleave: () => mark(node, "hov", false),
          onfocus: () => mark(node, "hov", true), onblur: () => mark(node, "hov", false) });
        buttons.set(node, fieldBtn);
        let sub = null;
        if (kids) {
          sub = tree(node.children, depth + 1, node);
          const t = el("button", { class: "toggle", type: "button", "aria-label": node.name,
            onclick: () => openBranch(node, t.getAttribute("aria-expanded") !== "true") });
          toggles.set(node, { button: t, list: sub });
          line.append(t);
        } else line.append(el("span", { class: "leafpad" }));
        line.append(fieldBtn, el("span", { class: "desc" },
          el("span", { class: "meaning", text: node.meaning || "" }), " ",
          el("span", { class: "range", text: fill(L.field_bytes, { n: len, start: node.start, end: node.end }) })));
        li.append(line);
        if (sub) li.append(sub);
        ul.append(li);
        if (kids) openBranch(node, depth < 1);
      }
      return ul;
    }
    treeBox.append(tree(item.tree, 0, null));
    // A byte selects its field: by click, or by the keyboard inside the grid.
    let cursor = 0;
    const moveCursor = (i) => {
      spans[cursor] && spans[cursor].classList.remove("cur");
      cursor = Math.max(0, Math.min(n - 1, i));
      if (foldable && cursor >= FOLD_GRID) setFold(true);
      spans[cursor] && spans[cursor].classList.add("cur");
      hexBox.setAttribute("aria-label", L.bytes + " " + cursor + ": " + (spans[cursor] ? spans[cursor].textContent : ""));
    };
    hexBox.addEventListener("click", (ev) => {
      const s = ev.target.closest(".b");
      if (!s) return;
      const i = Number(s.dataset.i);
      moveCursor(i);
      if (leafOf[i]) select(leafOf[i], false);
    });
    hexBox.addEventListener("mouseover", (ev) => {
      const s = ev.target.closest(".b");
      if (s && leafOf[Number(s.dataset.i)]) mark(leafOf[Number(s.dataset.i)], "hov", true);
    });
    hexBox.addEventListener("mouseout", (ev) => {
      const s = ev.target.closest(".b");
      if (s && leafOf[Number(s.dataset.i)]) mark(leafOf[Number(s.dataset.i)], "hov", false);
    });
    hexBox.addEventListener("keydown", (ev) => {
      const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -per, ArrowDown: per }[ev.key];
      if (step !== undefined) {
        moveCursor(cursor + step);
        ev.preventDefault();
        ev.stopPropagation();
      } else if (ev.key === "Enter" || ev.key === " ") {
        if (leafOf[cursor]) select(leafOf[cursor], false);
        ev.preventDefault();
      }
    });
    hexBox.addEventListener("focus", () => moveCursor(cursor));
    const split = el("div", { class: "split" }, treeBox, el("div", {}, hexBox, foldBtn));
    block.append(split);
    if (foldable) setFold(false);
    return block;
  }

  // ---- the other items ----
  const MARKS = { pass: "✔", fail: "✘", stopped: "■", state: "→", alert: "!", segment: "TCP",
    datagram: "UDP", arithmetic: "=", key_log: "KEY", record: "GCM" };
  const MARK_WORDS = { pass: L.check_passed, fail: L.check_failed, stopped: L.check_failed,
    state: L.state.split(":")[0].replace(/\{\w+\}/g, "").trim(), alert: "alert", segment: L.segment,
    datagram: L.datagram, arithmetic: "", key_log: L.key_log, record: L.record };
  function line(item) {
    return el("p", { class: "line mark-" + item.mark },
      el("span", { class: "mark", "aria-hidden": "true", text: MARKS[item.mark] || "·" }),
      el("span", { class: "sr", text: (MARK_WORDS[item.mark] || "") + ":" }),
      el("span", { class: "text", text: item.text }));
  }
  function card(item) {
    return el("article", { class: "card" },
      el("h3", {}, item.title + " ", el("span", { class: "who-tag", text: laneName.get(item.who) || "" })),
      el("p", { text: item.text }));
  }
  function derive(item) {
    const box = el("section", { class: "block derive", "data-event": item.event });
    box.append(el("h3", { text: item.formula }),
      el("p", { class: "note", text: L.derivation + " · " + (laneName.get(item.who) || item.who) }));
    if (item.inputs.length) box.append(values(item.inputs, L.inputs));
    if (item.steps.length) box.append(values(item.steps, L.intermediate));
    if (item.outputs.length) box.append(values(item.outputs, L.outputs));
    return box;
  }
  function reproduce(item) {
    const d = el("details", { class: "reproduce", "data-event": item.event });
    d.append(el("summary", { text: L.reproduce }), el("p", { class: "note", text: L.reproduce_hint }));
    d.append(el("pre", { class: "command" }, el("code", { text: item.command })), copyButton(item.command));
    d.append(el("pre", { class: "expect" }, el("code", { text: item.expect.join("\n") })));
    return d;
  }
  function render(item) {
    switch (item.type) {
      case "card": return card(item);
      case "bytes": return bytesBlock(item);
      case "derive": return derive(item);
      case "values": return values(item.values, null);
      case "line": return line(item);
      case "reproduce": return reproduce(item);
      default: return null;
    }
  }

  // ---- the frame: header, step list, lanes, detail ----
  const app = document.getElementById("app");
  app.replaceChildren();
  const total = view.steps.length;
  const position = el("span", { class: "position", "aria-live": "polite" });
  const prev = el("button", { type: "button", id: "prev", text: "◀ " + L.previous, onclick: () => go(current - 1) });
  const next = el("button", { type: "button", id: "next", text: L.next + " ▶", onclick: () => go(current + 1) });
  const dialog = el("dialog", { id: "keys", "aria-labelledby": "keys-title" },
    el("h2", { id: "keys-title", text: L.keys }), el("p", { text: L.keys_help }),
    el("button", { type: "button", class: "small", text: L.close, onclick: () => dialog.close() }));
  const help = el("button", { type: "button", id: "help", "aria-haspopup": "dialog", text: "? " + L.keys,
    onclick: () => dialog.showModal() });
  // One button per other language, named in that language, so that a reader who cannot read
  // this one still finds theirs.
  const switches = views.filter((v) => v !== view).map((v) => el("button", {
    type: "button", class: "lang", lang: v.lang, "data-lang": v.lang, title: v.labels.switch_to,
    "aria-label": v.labels.switch_to, text: v.labels.language,
    onclick: () => { mount(v, current); const back = app.querySelector("button.lang"); if (back) back.focus(); } }));
  app.append(el("header", { class: "top" }, el("h1", { text: view.title }),
    el("div", { class: "controls" }, prev, position, next, help, ...switches),
    el("p", { text: L.generated + " " + L.theme })));
  const stepList = el("ol");
  const nav = el("nav", { class: "steps", "aria-label": L.steps }, el("h2", { text: L.steps }), stepList);
  const diagram = el("div", { class: "diagram", style: "--lanes:" + view.lanes.length });
  const heads = el("div", { class: "lane-heads" });
  for (const l of view.lanes) heads.append(el("div", { text: l.name }));
  diagram.append(heads);
  const lanes = el("section", { class: "lanes", "aria-label": L.lanes }, el("h2", { text: L.lanes }), diagram);
  const detail = el("section", { class: "detail", id: "detail", tabindex: "-1", "aria-label": L.detail });
  app.append(el("main", { class: "layout" }, nav, lanes, detail), dialog, status,
    el("div", { id: "print-all" }));

  const listButtons = [];
  const arrows = [];
  let phase = -1;
  const introBtn = el("button", { type: "button", "data-step": "0", onclick: () => go(0) },
    el("span", { class: "name", text: L.intro }));
  stepList.append(el("li", {}, introBtn));
  listButtons.push(introBtn);
  arrows.push(null);
  view.steps.forEach((s, k) => {
    if (s.phase !== null && s.phase !== phase) {
      phase = s.phase;
      stepList.append(el("li", { class: "phase", text: view.phases[phase] }));
      diagram.append(el("div", { class: "row phase-row" }, el("div", { text: view.phases[phase] })));
    }
    const who = (laneName.get(s.from) || s.from) + " → " + (laneName.get(s.to) || s.to);
    const b = el("button", { type: "button", "data-step": s.n, class: s.failed ? "failed" : null,
      onclick: () => go(k + 1) },
      el("span", { class: "name", text: s.n + ". " + s.name }), el("span", { class: "who", text: who }));
    stepList.append(el("li", {}, b));
    listButtons.push(b);
    const row = el("div", { class: "row" });
    for (let i = 0; i < view.lanes.length; i++) row.append(el("div", { class: "life", style: "grid-column:" + (i + 1) }));
    const a = laneIndex.get(s.from), z = laneIndex.get(s.to);
    const lo = Math.min(a ?? 0, z ?? 0), hi = Math.max(a ?? 0, z ?? 0);
    const dir = a === z ? "self" : a < z ? "ltr" : "rtl";
    const arrow = el("button", { type: "button", class: "arrow " + dir + (s.failed ? " failed" : ""),
      "data-step": s.n, style: "grid-column:" + (lo + 1) + " / " + (hi + 2) + ";--span:" + (hi - lo + 1),
      title: s.name + " — " + who, onclick: () => go(k + 1) },
      el("span", { class: "name", text: s.n + ". " + s.name }));
    row.append(arrow);
    diagram.append(row);
    arrows.push(arrow);
  });

  function stepContent(k) {
    const frag = document.createDocumentFragment();
    if (k === 0) {
      frag.append(el("h2", { text: L.intro }));
      for (const it of view.intro) { const r = render(it); if (r) frag.append(r); }
      return frag;
    }
    const s = view.steps[k - 1];
    frag.append(el("h2", { text: s.n + ". " + s.name }));
    frag.append(el("p", { class: "summary", text: (laneName.get(s.from) || s.from) + " → " +
      (laneName.get(s.to) || s.to) + (s.summary ? " · " + s.summary : "") }));
    for (const it of s.items) { const r = render(it); if (r) frag.append(r); }
    return frag;
  }

  // Scroll a list (not the page) so that its item is in view.
  function reveal(box, item) {
    const b = box.getBoundingClientRect(), r = item.getBoundingClientRect();
    const pad = 48;
    if (r.top < b.top + pad) box.scrollTop -= b.top + pad - r.top;
    else if (r.bottom > b.bottom - 8) box.scrollTop += r.bottom - b.bottom + 8;
  }

  let current = -1;
  function go(k, fromHash) {
    k = Math.max(0, Math.min(total, k));
    if (k === current) return;
    if (current >= 0) {
      listButtons[current].removeAttribute("aria-current");
      if (arrows[current]) arrows[current].removeAttribute("aria-current");
    }
    current = k;
    listButtons[k].setAttribute("aria-current", "step");
    if (arrows[k]) arrows[k].setAttribute("aria-current", "step");
    detail.replaceChildren(stepContent(k));
    position.textContent = k === 0 ? L.intro : fill(L.step_of, { n: view.steps[k - 1].n, total });
    prev.disabled = k === 0;
    next.disabled = k === total;
    reveal(nav, listButtons[k]);
    if (arrows[k]) reveal(diagram, arrows[k]);
    const hash = k === 0 ? "#intro" : "#step-" + view.steps[k - 1].n;
    if (!fromHash && location.hash !== hash) history.replaceState(null, "", hash);
    document.body.dataset.step = k === 0 ? "0" : String(view.steps[k - 1].n);
  }
  function fromHash() {
    const m = /^#step-(\d+)$/.exec(location.hash);
    if (m) {
      const k = view.steps.findIndex((s) => s.n === Number(m[1]));
      if (k >= 0) return go(k + 1, true);
    }
    go(current < 0 ? 0 : current, true);
  }
  window.addEventListener("hashchange", () => fromHash(), { signal });
  document.addEventListener("keydown", (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA")) return;
    if (ev.key === "ArrowRight") { go(current + 1); ev.preventDefault(); }
    else if (ev.key === "ArrowLeft") { go(current - 1); ev.preventDefault(); }
    else if (ev.key === "Home") { go(0); ev.preventDefault(); }
    else if (ev.key === "End") { go(total); ev.preventDefault(); }
    else if (ev.key === "?") { if (!dialog.open) dialog.showModal(); ev.preventDefault(); }
    else if (ev.key === "Escape" && !dialog.open) {
      for (const b of detail.querySelectorAll('button.fold-value[aria-expanded="true"], button.fold[aria-expanded="true"]')) b.click();
    }
  }, { signal });
  // Printing shows every step, one after another.
  window.addEventListener("beforeprint", () => {
    const all = document.getElementById("print-all");
    all.replaceChildren();
    for (let k = 0; k <= total; k++) all.append(stepContent(k));
  }, { signal });
  window.tlswalk = { view, views, events, go, get step() { return current; },
    lang: (tag) => { const v = views.find((x) => x.lang === tag); if (v) mount(v, current); } };
  if (startAt === undefined) fromHash(); else go(startAt, true);
  }

  mount(first);
})();
