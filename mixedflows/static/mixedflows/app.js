// mixedflows: keyboard-first arrival grid that keeps rows through a dropped connection.
(function () {
  "use strict";
  const QUEUE_KEY = "mixedflows.pendingRows";

  // A 422 carries the row back with its errors shown inline: swap it in like a success (htmx 2 drops 4xx bodies).
  if (typeof htmx !== "undefined") { // htmx 2 declares a global const, not a window property
    htmx.config.includeIndicatorStyles = false; // an inline <style> the CSP refuses; app.css styles indicators
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false },
    ];
  }

  function newKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; }
  }
  function saveQueue(queue) { localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); }
  function csrfToken() {
    const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    return headers["X-CSRFToken"] || "";
  }
  function setOffline(on) {
    const banner = document.getElementById("offline-banner");
    if (banner) banner.hidden = !on;
  }

  function pendingRow(item) {
    const row = document.createElement("div");
    row.className = "grid-line pending";
    row.dataset.intakeKey = item.key;
    const names = ["given_name", "fathers_name", "family_name"].map((f) => item.fields[f] || "").join(" ").trim();
    row.innerHTML = '<span class="status"></span><span class="names" dir="auto"></span>';
    row.querySelector(".status").textContent = gettext("waiting to send");
    row.querySelector(".names").textContent = names;
    return row;
  }

  function showPending() {
    const rows = document.getElementById("rows");
    if (!rows) return;
    for (const item of loadQueue()) {
      if (item.url !== rows.dataset.postUrl) continue;
      if (!rows.querySelector('[data-intake-key="' + item.key + '"]')) rows.appendChild(pendingRow(item));
    }
  }

  let flushing = false; // one flush at a time: the timer and the "online" event must not send a row twice
  async function flush() {
    if (flushing) return;
    flushing = true;
    try { await flushQueue(); } finally { flushing = false; }
  }

  async function flushQueue() {
    const queue = loadQueue();
    if (!queue.length) return;
    const remaining = [];
    for (const item of queue) {
      const body = new URLSearchParams(item.fields);
      let response;
      try {
        response = await fetch(item.url, { method: "POST", body, headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" }, credentials: "same-origin" });
      } catch (e) {
        remaining.push(item);
        continue;
      }
      const placeholder = document.querySelector('[data-intake-key="' + item.key + '"]');
      if (response.ok) {
        const html = await response.text();
        const doc = new DOMParser().parseFromString(html, "text/html");
        const saved = doc.querySelector("[data-saved-row]");
        if (placeholder && saved) placeholder.replaceWith(document.importNode(saved, true));
      } else if (response.status === 422) {
        if (placeholder) {
          placeholder.className = "grid-line row-error";
          placeholder.querySelector(".status").textContent = gettext("not saved: correct it in the entry row");
          placeholder.addEventListener("click", () => refill(item), { once: true });
        }
      } else {
        remaining.push(item);
      }
    }
    saveQueue(remaining);
    setOffline(remaining.length > 0 && !navigator.onLine);
  }

  function refill(item) {
    const form = document.getElementById("entry");
    if (!form) return;
    for (const [name, value] of Object.entries(item.fields)) {
      const input = form.elements.namedItem(name);
      if (input) input.value = value;
    }
    form.querySelector("input:not([type=hidden])").focus();
  }

  document.addEventListener("htmx:sendError", (event) => {
    const form = event.detail.elt;
    if (!form || form.id !== "entry") return;
    const fields = Object.fromEntries(new FormData(form).entries());
    delete fields.csrfmiddlewaretoken;
    const item = { url: form.getAttribute("hx-post"), key: fields.intake_key, fields };
    const queue = loadQueue();
    if (!queue.some((q) => q.key === item.key)) queue.push(item);
    saveQueue(queue);
    setOffline(true);
    document.getElementById("rows").appendChild(pendingRow(item));
    form.reset();
    form.elements.namedItem("intake_key").value = newKey();
    form.querySelector("input:not([type=hidden])").focus();
  });

  // Nothing the server sends moves the cursor. htmx focuses an [autofocus] of swapped content only when
  // the swap settles, a timer later (longer on a slow laptop); by then the officer may be typing in the
  // next box, and the cursor jumping back would put her words in the wrong field. So it is decided at
  // the swap itself and htmx is left nothing to focus: the new content's [autofocus] takes the cursor
  // only if the box that had it was replaced (the entry row she just saved), otherwise the cursor stays.
  let focusedBeforeSwap = null;
  document.addEventListener("htmx:beforeSwap", () => { focusedBeforeSwap = document.activeElement; });
  document.addEventListener("htmx:afterSwap", (event) => {
    const root = event.target;
    const targets = root.matches?.("[autofocus]") ? [root] : Array.from(root.querySelectorAll?.("[autofocus]") || []);
    targets.forEach((el) => el.removeAttribute("autofocus"));
    const before = focusedBeforeSwap;
    const lost = !before || before === document.body || !before.isConnected;
    if (targets.length && lost && (document.activeElement === document.body || !document.activeElement)) {
      targets[0].focus({ preventScroll: true });
    } else if (before && before.isConnected && document.activeElement !== before && !lost) {
      before.focus({ preventScroll: true });
    }
  });

  // The offline worker keeps the grid's empty copy (no one's record: only the entry row) and the
  // page's own scripts and styles, so a reload without a connection still shows the grid and its queue.
  const OFFLINE_CACHE = "mixedflows-grid";
  function keepOfflineCopy(rows) {
    if (!("serviceWorker" in navigator) || !rows.dataset.offlineWorker) return;
    const scope = rows.dataset.offlineWorker.replace(/[^/]*$/, "");
    const assets = Array.from(document.querySelectorAll("script[src], link[rel=stylesheet][href]"), (e) => e.src || e.href)
      .filter((url) => new URL(url).origin === location.origin);
    navigator.serviceWorker.register(rows.dataset.offlineWorker, { scope })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => new Promise((resolve, reject) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => (event.data === "kept" ? resolve() : reject());
        registration.active.postMessage(
          { type: "keep", page: location.pathname, copy: rows.dataset.offlineCopyUrl, assets }, [channel.port2],
        );
      }))
      .then(() => { rows.dataset.offlineReady = "kept"; })
      .catch(() => {}); // no worker (an old browser, a private window): the grid works online as before
  }
  document.addEventListener("submit", (event) => {
    // Signing out forgets the kept copies; rows still waiting to be sent stay queued.
    if (event.target.matches('form[action$="/logout/"]') && "caches" in window) caches.delete(OFFLINE_CACHE);
  });

  document.addEventListener("DOMContentLoaded", () => {
    const rows = document.getElementById("rows");
    const copy = document.querySelector("#entry[data-offline-copy]");
    showPending();
    if (copy) {
      // The kept copy's row key was made when it was kept: every row typed here needs its own.
      copy.elements.namedItem("intake_key").value = newKey();
      setOffline(true);
      // Back online, the live page (fresh sign-in token) sends the queue. "online" alone is not
      // trusted (a Wi-Fi without a way out says online): the server must answer too.
      const backOnline = () => fetch(location.href, { method: "HEAD", cache: "no-store", credentials: "same-origin" })
        .then((response) => { if (response.ok) location.reload(); }, () => {});
      window.addEventListener("online", backOnline);
      setInterval(backOnline, 5000);
      return;
    }
    if (rows) keepOfflineCopy(rows);
    flush();
    setInterval(flush, 5000);
    window.addEventListener("online", flush);
  });
})();
