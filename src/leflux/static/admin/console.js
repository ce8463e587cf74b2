// The LeFlux owner's console. Everything shown is built with textContent (never
// innerHTML): visitors write much of it.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (sel) => document.querySelector(sel);
  let cursor = null;
  let current = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === "class") node.className = v; else node.setAttribute(k, String(v));
    }
    for (const child of children) {
      if (child === undefined || child === null || child === "") continue;
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
    return node;
  }

  function when(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  async function api(path, options) {
    const res = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
    if (res.status === 401) { location.href = "/admin"; throw new Error("signed out"); }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error((body.error && body.error.message) || res.statusText);
    return body;
  }

  function badge(outcome) {
    return el("span", { class: "badge " + (outcome || "none") }, outcome || "no task");
  }

  // ------------------------------------------------------------------ the list
  function filterQuery() {
    const form = new FormData($("#filters"));
    const params = new URLSearchParams();
    for (const [k, v] of form.entries()) if (v) params.set(k, String(v));
    if (params.get("until")) {  // a date "to" includes that whole day
      const d = new Date(params.get("until") + "T00:00:00Z");
      d.setUTCDate(d.getUTCDate() + 1);
      params.set("until", d.toISOString().slice(0, 10));
    }
    params.set("limit", "50");
    return params;
  }

  async function loadList(more) {
    const params = filterQuery();
    if (more && cursor) params.set("cursor", cursor);
    const tbody = $("[data-admin=session-list] tbody");
    if (!more) tbody.replaceChildren();
    $("#list-note").textContent = "Loading…";
    try {
      const data = await api("/api/admin/sessions?" + params.toString());
      for (const s of data.sessions) tbody.append(row(s));
      cursor = data.nextCursor || null;
      $("#more").hidden = !cursor;
      $("#list-note").textContent = tbody.children.length ? "" : "No sessions match.";
    } catch (e) {
      $("#list-note").textContent = "Could not load sessions: " + e.message;
    }
  }

  function row(s) {
    const tr = el("tr", { "data-session": s.sessionId, tabindex: 0 },
      el("td", {}, when(s.startedAt)), el("td", {}, s.siteId), el("td", {}, badge(s.outcome)),
      el("td", {}, s.messages), el("td", { class: "first", title: s.firstMessage || "" }, s.firstMessage || ""));
    const open = () => { for (const r of document.querySelectorAll("tr.selected")) r.classList.remove("selected"); tr.classList.add("selected"); loadDetail(s.sessionId); };
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    return tr;
  }

  // ------------------------------------------------------------------ one session
  async function loadDetail(id) {
    current = id;
    const data = await api("/api/admin/sessions/" + encodeURIComponent(id));
    if (current !== id) return;
    const s = data.session;
    $("#detail").hidden = false;
    $("#detail-title").textContent = "Session " + s.sessionId;
    $("#detail-meta").replaceChildren(badge(s.outcome), " ", s.siteId, " · started ",
      when(s.startedAt), " · last activity ", when(s.lastActivityAt), " · ",
      String(s.messages), " messages, ", String(s.tasks), " tasks");
    $("[data-admin=transcript]").replaceChildren(...data.transcript.map((m) =>
      el("li", { class: m.role }, el("span", { class: "who" }, (m.role === "visitor" ? "Visitor" : "Agent") + " · " + when(m.at)), m.text || "[" + (m.blockType || "empty") + "]")));
    $("[data-admin=timeline]").replaceChildren(...data.timeline.filter((t) => !t.kind.endsWith("_message")).map(item));
  }

  function stepLine(step) {
    const parts = [step.action];
    if (step.description) parts.push("— " + step.description);
    if (step.inputData !== undefined) parts.push("“" + step.inputData + "”");
    let cls = "";
    if (step.success === true) { cls = "step-ok"; parts.push("✓" + (step.result ? " " + step.result : "")); }
    if (step.success === false) { cls = "step-bad"; parts.push("✗ " + (step.error || step.result || "failed")); }
    return el("li", { class: cls, "data-step": step.action }, parts.join(" "));
  }

  function planName(t) {
    return t.plan !== undefined ? "Plan " + t.plan : "A plan";
  }

  function item(t) {
    const li = el("li", { class: t.kind + (t.outcome ? " " + t.outcome : "") + (t.kind === "result" ? (t.success ? " ok" : " bad") : ""), "data-kind": t.kind });
    li.append(el("span", { class: "when" }, when(t.at)));
    switch (t.kind) {
      case "task_started": li.append("Task started: " + (t.text || "")); break;
      case "task_closed": li.append("Task ended: ", badge(t.outcome)); break;
      case "page": li.append("Page: " + (t.title || "") + " ", el("code", {}, t.url || "")); break;
      case "page_said": li.append("The page said: ", el("ul", {}, ...(t.alerts || []).map((a) => el("li", {}, a)))); break;
      case "confirmation_asked": li.append("Asked to confirm: " + (t.text || "")); break;
      case "confirmation_answered": li.append("Visitor " + (t.confirmed ? "confirmed" : "declined")); break;
      case "error": li.append("Error (" + (t.code || "") + "): " + (t.text || "")); break;
      case "result": li.append(planName(t) + (t.success ? " done" : " failed: " + (t.text || ""))); break;
      case "plan": {
        const by = t.planner ? " by " + t.planner + (t.planMs !== undefined ? " in " + t.planMs + " ms" : "") : "";
        li.append(planName(t) + " (" + (t.status || "") + ")" + by);
        if (t.text) li.append(el("div", {}, "Asked: " + t.text));
        li.append(el("ul", {}, ...(t.steps || []).map(stepLine)));
        break;
      }
      default: li.append(t.text || t.kind);
    }
    return li;
  }

  async function erase() {
    if (!current || !confirm("Erase this session and everything recorded about it?")) return;
    await api("/api/admin/sessions/" + encodeURIComponent(current), { method: "DELETE", headers: { "X-CSRF-Token": csrf } });
    const tr = document.querySelector('tr[data-session="' + CSS.escape(current) + '"]');
    if (tr) tr.remove();
    current = null;
    $("#detail").hidden = true;
  }

  // ------------------------------------------------------------------ stats
  async function loadStats(days) {
    for (const b of document.querySelectorAll(".range button")) b.classList.toggle("active", b.dataset.days === String(days));
    const site = new FormData($("#filters")).get("site");
    const params = new URLSearchParams({ days: String(days) });
    if (site) params.set("site", String(site));
    const s = await api("/api/admin/stats?" + params.toString());
    const rate = s.successRate === undefined ? "—" : Math.round(s.successRate * 100) + "%";
    const median = s.medianSecondsToDone === undefined ? "—" : s.medianSecondsToDone.toFixed(1) + " s";
    const numbers = [["Started", s.started], ["Completed", s.completed], ["Failed", s.failed],
      ["Declined", s.declined], ["Abandoned", s.abandoned], ["Open", s.open],
      ["Success rate", rate], ["Median time to done", median]];
    $("[data-admin=stats]").replaceChildren(...numbers.map(([k, v]) =>
      el("div", { "data-stat": k }, el("dt", {}, k), el("dd", {}, String(v)))));
    $("#chart").replaceChildren(chart(s.perDay));
    $("#top-failed").replaceChildren(...s.topFailed.map((f) => el("li", {}, f.text + " (" + f.count + ")")));
    $("#top-failed-none").hidden = s.topFailed.length > 0;
  }

  function chart(days) {
    const NS = "http://www.w3.org/2000/svg";
    const w = 720, h = 180, pad = 24;
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("width", String(w));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Tasks per day: started, completed, failed");
    const max = Math.max(1, ...days.map((d) => d.started));
    const slot = (w - pad * 2) / Math.max(1, days.length);
    days.forEach((d, i) => {
      const bars = [["started", d.started, "#9fb3e8"], ["completed", d.completed, "#2e7d32"], ["failed", d.failed, "#c62828"]];
      bars.forEach(([name, value, color], j) => {
        const bh = (h - pad * 2) * value / max;
        const r = document.createElementNS(NS, "rect");
        const bw = slot / 4;
        r.setAttribute("x", String(pad + i * slot + j * bw + bw / 2));
        r.setAttribute("y", String(h - pad - bh));
        r.setAttribute("width", String(bw));
        r.setAttribute("height", String(bh));
        r.setAttribute("fill", color);
        const tip = document.createElementNS(NS, "title");
        tip.textContent = d.day + ": " + value + " " + name;
        r.append(tip);
        svg.append(r);
      });
      if (days.length <= 10 || i % Math.ceil(days.length / 10) === 0) {
        const label = document.createElementNS(NS, "text");
        label.setAttribute("x", String(pad + i * slot + slot / 2));
        label.setAttribute("y", String(h - 6));
        label.setAttribute("font-size", "10");
        label.setAttribute("text-anchor", "middle");
        label.textContent = d.day.slice(5);
        svg.append(label);
      }
    });
    return svg;
  }

  // ------------------------------------------------------------------ wiring
  function show(view) {
    for (const b of document.querySelectorAll("button.tab")) b.classList.toggle("active", b.dataset.view === view);
    $("#sessions").hidden = view !== "sessions";
    $("#stats").hidden = view !== "stats";
    if (view === "stats") loadStats(7).catch((e) => { $("#top-failed").textContent = e.message; });
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("#filters").addEventListener("submit", (e) => { e.preventDefault(); loadList(false); });
    $("#more").addEventListener("click", () => loadList(true));
    $("#erase").addEventListener("click", () => erase().catch((e) => alert(e.message)));
    for (const b of document.querySelectorAll("button.tab")) b.addEventListener("click", () => show(b.dataset.view));
    for (const b of document.querySelectorAll(".range button")) b.addEventListener("click", () => loadStats(Number(b.dataset.days)));
    loadList(false);
  });
})();
