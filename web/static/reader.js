// Enhancements only: every page reads and works without this file.
"use strict";

// Narrow screens: the site navigation folds behind a Menu button (without this file it stays unfolded).
(function foldingMenu() {
  const masthead = document.querySelector(".masthead");
  const button = masthead && masthead.querySelector(".menu-toggle");
  if (!button) return;
  button.hidden = false;
  masthead.classList.add("js-menu");
  button.addEventListener("click", () => {
    const open = masthead.classList.toggle("is-open");
    button.setAttribute("aria-expanded", String(open));
  });
})();

// Anchor targets clear the sticky column heads: --head-clear is their height, measured (they wrap to
// more lines in narrow columns); where they are not sticky (stacked on a phone) a little air suffices.
(function headClearance() {
  const head = document.querySelector("table.aligned > thead");
  if (!head) return;
  function measure() {
    const sticky = getComputedStyle(head.querySelector("th")).position === "sticky";
    const height = sticky ? head.getBoundingClientRect().height + 12 : 12;
    document.documentElement.style.setProperty("--head-clear", `${Math.ceil(height)}px`);
  }
  measure();
  window.addEventListener("resize", measure);
})();

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

// Names and terms are no tab stops (a treaty has hundreds): in a row, the arrow keys go through them.
(function rovingMentions() {
  document.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft" && event.key !== "Escape") return;
    const row = event.target.closest && event.target.closest("tr.row");
    if (!row || event.target.closest("input, textarea, select")) return;
    if (event.key === "Escape") {
      if (event.target.classList.contains("lx")) row.querySelector("a.row-num").focus();
      return;
    }
    const marks = Array.from(row.querySelectorAll("td.text a.lx"));
    if (!marks.length) return;
    const at = marks.indexOf(event.target);
    let next;
    if (at < 0) next = event.key === "ArrowRight" ? marks[0] : marks[marks.length - 1];
    else next = marks[at + (event.key === "ArrowRight" ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });
})();

// Stepping through the findings: j / k (and the buttons) go to the next / previous one shown, light
// its row and bring it into view. Beside the text (wide screens) focus goes to the finding in the list,
// where Enter opens it; where the list is below the text, to the finding's badge in its row.
(function findingSteps() {
  const panel = document.getElementById("findings");
  const steps = panel && panel.querySelector(".finding-steps");
  if (!steps) return;
  steps.hidden = false;
  const live = document.getElementById("finding-current");
  const count = document.getElementById("finding-count");

  function shown() {
    return Array.from(panel.querySelectorAll("li.finding:not([hidden])"));
  }

  function rowOf(id) {
    const badge = document.querySelector(`.badge[data-findings~="${CSS.escape(id)}"]`);
    return badge ? [badge.closest("tr.row"), badge] : [null, null];
  }

  function go(step, moveFocus) {
    const items = shown();
    if (!items.length) return;
    const at = items.indexOf(panel.querySelector("li.finding.is-current"));
    const index = at < 0 ? (step > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + step));
    const item = items[index];
    const id = item.id.replace(/^finding-/, "");
    for (const old of document.querySelectorAll("li.finding.is-current, tr.row.is-target")) {
      old.classList.remove("is-current", "is-target");
    }
    item.classList.add("is-current");
    const [row, badge] = rowOf(id);
    if (row) {
      row.classList.add("is-target");
      row.scrollIntoView({ block: "center" });
    }
    const beside = getComputedStyle(panel).position === "sticky";
    if (beside || !row) {
      const top = item.offsetTop - panel.clientHeight / 3;
      if (beside) panel.scrollTop = Math.max(0, top);
      else item.scrollIntoView({ block: "center" });
    }
    if (moveFocus) {
      const target = beside || !badge ? item.querySelector("summary") : badge;
      target.focus({ preventScroll: true });
    }
    if (live && count) {
      const summary = item.querySelector("summary").textContent.replace(/\s+/g, " ").trim();
      live.textContent = `${(count.dataset.position || "").replace("{i}", index + 1).replace("{n}", items.length)}: ${summary}`;
    }
  }

  for (const button of steps.querySelectorAll("button[data-step]")) {
    button.addEventListener("click", () => go(Number(button.dataset.step), false));
  }
  document.addEventListener("keydown", (event) => {
    if ((event.key !== "j" && event.key !== "k") || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
    event.preventDefault();
    go(event.key === "j" ? 1 : -1, true);
  });
})();

