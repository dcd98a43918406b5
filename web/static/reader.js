// Enhancements only: every page reads and works without this file.
"use strict";

// Lexicon mentions: hovering or focusing one lights the same entry in the other columns of its row
// and shows the entry in every language (the title attribute, moved into a tooltip that focus shows too).
(function lexiconMentions() {
  const tip = document.createElement("div");
  tip.className = "lx-tip";
  tip.id = "lx-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);

  for (const mark of document.querySelectorAll(".lx[title]")) {
    mark.dataset.title = mark.title;
    mark.removeAttribute("title");
  }

  function scope(mark) {
    return mark.closest("tr") || mark.closest("section") || document;
  }

  function light(mark) {
    const entry = mark.dataset.entry;
    if (!entry) return;
    for (const other of scope(mark).querySelectorAll(".lx")) {
      if (other.dataset.entry === entry) other.classList.add("lit");
    }
    if (mark.dataset.title) {
      tip.textContent = mark.dataset.title;
      tip.hidden = false;
      const box = mark.getBoundingClientRect();
      tip.style.left = `${Math.max(4, window.scrollX + box.left)}px`;
      tip.style.top = `${window.scrollY + box.bottom + 6}px`;
      mark.setAttribute("aria-describedby", tip.id);
    }
  }

  function unlight(mark) {
    for (const lit of document.querySelectorAll(".lx.lit")) lit.classList.remove("lit");
    tip.hidden = true;
    mark.removeAttribute("aria-describedby");
  }

  for (const type of ["mouseover", "focusin"]) {
    document.addEventListener(type, (event) => {
      const mark = event.target.closest && event.target.closest(".lx");
      if (mark) light(mark);
    });
  }
  for (const type of ["mouseout", "focusout"]) {
    document.addEventListener(type, (event) => {
      const mark = event.target.closest && event.target.closest(".lx");
      if (mark) unlight(mark);
    });
  }
})();

// Permalinks: #<clause-id> highlights the clause's row (CSS :target does the clause itself),
// opens the details that hold it (or that it is: #claims-a1 opens the claims panel of article 1)
// and brings it to the middle of the screen.
(function permalinks() {
  function follow() {
    for (const old of document.querySelectorAll(".is-target")) old.classList.remove("is-target");
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) {
      turnVersionOn(id);
      return;
    }
    for (let node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    if (target.tagName === "LI" && target.classList.contains("finding")) {
      target.hidden = false;
      const details = target.querySelector("details");
      if (details) details.open = true;
    }
    const row = target.closest("tr.row") || target.closest("li.finding");
    if (row) row.classList.add("is-target");
    target.scrollIntoView({ block: target.tagName === "DETAILS" ? "start" : "center" });
  }
  // A clause of a version this view does not show: its permalink route turns that version on.
  function turnVersionOn(id) {
    const table = document.querySelector("table[data-clause-permalink]");
    const treaty = table && location.pathname.split("/").pop();
    if (!table || !id.startsWith(`${treaty}.`) || !/\.c\d+$/.test(id)) return;
    const lang = id.slice(treaty.length + 1).split(".")[0];
    if (table.querySelector(`td[lang="${CSS.escape(lang)}"]`)) return;  // shown: no such clause
    location.replace(table.dataset.clausePermalink.replace("CLAUSE", encodeURIComponent(id)));
  }

  window.addEventListener("hashchange", follow);
  if (location.hash) follow();
})();

// Findings filters: the form works as a GET form without JavaScript; here it filters in place.
(function findingFilters() {
  const form = document.getElementById("finding-filters");
  if (!form) return;
  const findings = Array.from(document.querySelectorAll("li.finding"));
  const badges = Array.from(document.querySelectorAll(".badge[data-findings]"));
  const count = document.getElementById("finding-count");
  const names = ["type", "severity", "pair", "review"];

  function chosen() {
    const out = {};
    for (const name of names) {
      const value = form.elements[name] ? form.elements[name].value : "";
      if (value) out[name] = value;
    }
    return out;
  }

  function matches(el, filters) {
    return Object.entries(filters).every(([name, value]) =>
      name === "pair" ? (el.dataset.pairs || "").split(" ").includes(value) : el.dataset[name] === value);
  }

  function apply() {
    const filters = chosen();
    let shown = 0;
    const visible = new Set();
    for (const li of findings) {
      const ok = matches(li, filters);
      li.hidden = !ok;
      if (ok) {
        shown += 1;
        visible.add(li.id.replace(/^finding-/, ""));
      }
    }
    for (const badge of badges) {
      badge.parentElement.hidden = !badge.dataset.findings.split(" ").some((id) => visible.has(id));
    }
    if (count && count.dataset.template) {
      count.textContent = count.dataset.template.replace("{shown}", shown).replace("{total}", findings.length);
    }
    const url = new URL(location.href);
    for (const name of names) {
      if (filters[name]) url.searchParams.set(name, filters[name]);
      else url.searchParams.delete(name);
    }
    history.replaceState(null, "", url);
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  apply();
})();

// Editing forms: one submission per form. A second click would reach a file the first one changed
// and be refused (409); the button is not disabled, since a disabled button would not send its value.
(function submitOnce() {
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.method !== "post") return;
    if (form.dataset.sent) event.preventDefault();
    form.dataset.sent = "1";
  });
  window.addEventListener("pageshow", () => {  // back to a page kept in the history cache: send again
    for (const form of document.querySelectorAll("form[data-sent]")) delete form.dataset.sent;
  });
})();
