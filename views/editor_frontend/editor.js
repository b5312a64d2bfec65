// Tone Coach's one editor: the draft is typed where it is highlighted.
//
// A Streamlit component (components.v1, plain JS, no build step). The user types into a real <textarea>
// whose text is transparent; under it a painted copy of the same text carries the highlights. The textarea
// is never rebuilt, so the caret, the selection and the browser's own undo survive every re-check. Typed
// text is sent to Python 600 ms after the last key (at once on blur); Python answers with the findings'
// spans, which are painted with DOM text nodes only: nothing typed is ever parsed as HTML.
(function () {
  "use strict";

  const DEBOUNCE_MS = 600;
  const root = document.getElementById("root");
  const area = document.getElementById("draft");
  const paint = document.getElementById("paint");
  const label = document.getElementById("label");
  const status = document.getElementById("status");
  const atCaret = document.getElementById("at-caret");

  let version = null; // the version of the draft Python last gave us (it changes when Python edits the draft)
  let painted = { text: "", spans: [] }; // what the backdrop shows, spans in UTF-16 offsets of painted.text
  let paintedKey = null; // what the last render from Python painted
  let sentText = null; // the last text sent to Python
  let checkedText = null; // the text the last findings belong to
  let seq = 0;
  let timer = null;
  let focusSent = null; // the finding number last sent as selected
  let focusShown = null; // the finding Python says is current (keyboard bar), outlined
  let scrollCardTo = null; // a finding number whose card to bring into view once Python confirms it
  let debounceMs = DEBOUNCE_MS;

  function post(type, data) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data), "*");
  }

  // The box grows with the draft up to its CSS max-height, then scrolls (the painted copy scrolls with it).
  function fitBox() {
    area.style.height = "auto";
    area.style.height = Math.ceil(area.scrollHeight + 2) + "px";
    paint.scrollTop = area.scrollTop;
  }

  function setHeight() {
    // The editor's own height (the document's would never shrink below the frame's current height).
    post("streamlit:setFrameHeight", { height: Math.ceil(root.getBoundingClientRect().bottom) + 4 });
  }

  function send(extra) {
    seq += 1;
    sentText = area.value;
    post("streamlit:setComponentValue", {
      value: Object.assign({ text: area.value, seq: seq, focus: focusSent, ready: true }, extra || {}),
      dataType: "json",
    });
  }

  // ---- spans follow edits: map offsets through the change between two texts ----

  function change(before, after) {
    let start = 0;
    const max = Math.min(before.length, after.length);
    while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
    let tail = 0;
    while (
      tail < max - start &&
      before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
    ) tail++;
    return { start: start, oldEnd: before.length - tail, newEnd: after.length - tail };
  }

  function mapSpans(spans, before, after) {
    if (before === after) return spans;
    const c = change(before, after);
    const delta = c.newEnd - c.oldEnd;
    const out = [];
    for (const s of spans) {
      if (s.e <= c.start) out.push(s);
      else if (s.s >= c.oldEnd) out.push(Object.assign({}, s, { s: s.s + delta, e: s.e + delta }));
      // a span the edit touched is dropped until the re-check says what it is now
    }
    return out;
  }

  // ---- painting ----

  function innermost(spans, a, b) {
    let best = null;
    for (const s of spans) {
      if (s.s <= a && s.e >= b && (best === null || s.e - s.s < best.e - best.s)) best = s;
    }
    return best;
  }

  function repaint() {
    const text = painted.text;
    const spans = painted.spans.filter((s) => s.s >= 0 && s.s < s.e && s.e <= text.length);
    const cuts = new Set([0, text.length]);
    for (const s of spans) { cuts.add(s.s); cuts.add(s.e); }
    const points = Array.from(cuts).sort((x, y) => x - y);
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = document.createTextNode(text.slice(a, b));
      const over = spans.filter((s) => s.s <= a && s.e >= b);
      if (!over.length) { frag.appendChild(piece); continue; }
      const inner = innermost(over, a, b);
      const mark = document.createElement("mark");
      mark.className = "tc-mark tc-" + inner.cat + (focusShown !== null && inner.num === focusShown ? " tc-current" : "");
      mark.style.background = inner.bg;
      mark.style.borderBottom = "3px " + inner.line + " " + inner.colour;
      mark.dataset.num = String(inner.num);
      mark.dataset.rule = inner.rule;
      mark.title = over.map((s) => s.tip).join("\n\n");
      const starts = over.filter((s) => s.s === a).map((s) => s.n);
      if (starts.length) mark.dataset.n = starts.join(",");
      mark.appendChild(piece);
      frag.appendChild(mark);
    }
    frag.appendChild(document.createTextNode("\u200b")); // keeps a final empty line as tall as the textarea's
    paint.replaceChildren(frag);
    fitBox();
    showAtCaret();
  }

  function spanAt(offset) {
    let best = null;
    for (const s of painted.spans) {
      if (s.s <= offset && offset <= s.e && (best === null || s.e - s.s < best.e - best.s)) best = s;
    }
    return best;
  }

  function showAtCaret() {
    const s = area.selectionStart === area.selectionEnd && painted.text === area.value ? spanAt(area.selectionStart) : null;
    atCaret.textContent = s ? s.n + " · " + s.tip : "";
    setHeight();
  }

  function setStatus() {
    if (area.value === checkedText) {
      root.dataset.state = "checked";
      status.textContent = root.dataset.summary || "";
    } else {
      root.dataset.state = "checking";
      status.textContent = "Checking as you type…";
    }
  }

  // ---- the user's side ----

  area.addEventListener("input", () => {
    painted = { text: area.value, spans: mapSpans(painted.spans, painted.text, area.value) };
    repaint();
    setStatus();
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });

  function flush() {
    clearTimeout(timer);
    timer = null;
    if (area.value !== sentText) send();
  }

  area.addEventListener("blur", flush);
  area.addEventListener("scroll", () => { paint.scrollTop = area.scrollTop; });

  function selectAtCaret() {
    showAtCaret();
    if (area.selectionStart !== area.selectionEnd || painted.text !== area.value) return;
    const s = spanAt(area.selectionStart);
    if (s && s.num !== focusSent) {
      focusSent = s.num;
      scrollCardTo = s.num;
      clearTimeout(timer);
      timer = null;
      send();
    }
  }

  area.addEventListener("click", selectAtCaret);
  area.addEventListener("keyup", (event) => {
    if (event.key.startsWith("Arrow") || event.key === "Home" || event.key === "End") selectAtCaret();
  });

  // Hover help: the textarea covers the highlights, so look through it for the mark under the pointer.
  let hoverQueued = false;
  area.addEventListener("mousemove", (event) => {
    if (hoverQueued) return;
    hoverQueued = true;
    requestAnimationFrame(() => {
      hoverQueued = false;
      area.style.pointerEvents = "none";
      const under = document.elementFromPoint(event.clientX, event.clientY);
      area.style.pointerEvents = "";
      const mark = under && under.closest ? under.closest("mark.tc-mark") : null;
      area.title = mark ? mark.title : "";
    });
  });

  // Bring the selected finding's card into view on the page (same origin; skipped if the page forbids it).
  function scrollToCard(num) {
    try {
      const card = window.parent.document.querySelector('.tc-card[data-num="' + String(num) + '"]');
      if (card) card.scrollIntoView({ block: "nearest" });
    } catch (err) {
      /* a page that does not let the editor reach it just does not scroll */
    }
  }

  // ---- Python's side ----

  function applyTheme(theme) {
    const dark = theme && theme.base ? theme.base === "dark"
      : window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    document.documentElement.classList.toggle("tc-dark", Boolean(dark));
    // The frame takes the page's own background, so the status line reads as part of the page.
    const page = theme && /^#[0-9a-f]{6}$/i.test(theme.backgroundColor || "") ? theme.backgroundColor : "";
    document.body.style.background = page;
  }

  function replaceText(text) {
    const old = area.value;
    if (old === text) return;
    const c = change(old, text);
    const hadFocus = document.activeElement === area;
    // setRangeText keeps the caret where it was relative to the text around it.
    area.setRangeText(text.slice(c.start, c.newEnd), c.start, c.oldEnd, "preserve");
    if (!hadFocus && document.activeElement === area) area.blur();
  }

  function onRender(args, theme) {
    applyTheme(theme);
    if (args.label) { label.textContent = args.label; area.setAttribute("aria-label", args.label); }
    if (typeof args.placeholder === "string") area.placeholder = args.placeholder;
    if (typeof args.debounce_ms === "number") debounceMs = args.debounce_ms;
    const text = typeof args.text === "string" ? args.text : "";
    const first = version === null;
    if (args.version !== version) {
      // Python changed the draft (Apply, Undo, an example, an opened file) or this is the first render.
      version = args.version;
      clearTimeout(timer);
      timer = null;
      replaceText(text);
      sentText = text;
    }
    focusShown = typeof args.focus === "number" ? args.focus : null;
    if (scrollCardTo === null) focusSent = focusShown;
    const spans = Array.isArray(args.spans) ? args.spans : [];
    checkedText = text; // the findings (and summary) below are Python's answer for this text
    root.dataset.summary = args.summary || "";
    const next = { text: area.value, spans: mapSpans(spans, text, area.value) };
    const key = JSON.stringify([next, focusShown]);
    if (key !== paintedKey) { // a rerun that changed nothing leaves the painted copy (and its marks) alone
      paintedKey = key;
      painted = next;
      repaint();
    }
    setStatus();
    if (scrollCardTo !== null && focusShown === scrollCardTo) {
      scrollToCard(scrollCardTo);
      scrollCardTo = null;
    }
    if (first) send(); // tells Python the editor works, so the plain text box can go
  }

  window.addEventListener("message", (event) => {
    if (event.source !== window.parent) return;
    const data = event.data || {};
    if (data.type === "streamlit:render") onRender(data.args || {}, data.theme);
  });

  if (window.ResizeObserver) new ResizeObserver(setHeight).observe(root);
  post("streamlit:componentReady", { apiVersion: 1 });
  setHeight();
})();
