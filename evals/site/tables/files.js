// A file list (ARIA table of div rows) with actions that appear on row hover: Download,
// Star and a "More actions" menu (Rename in a <dialog>, Move to… a folder, Move to trash).
// Sortable headers and a live search box. State: window.files, window.downloads, window.trash.
(function () {
  window.files = [
    { name: "Q3 report.pdf", modified: "2026-10-04", size: 2_400_000, folder: "My files", starred: false },
    { name: "Invoice 2026-117.pdf", modified: "2026-11-18", size: 182_000, folder: "My files", starred: false },
    { name: "Holiday photos.zip", modified: "2026-08-21", size: 734_000_000, folder: "My files", starred: false },
    { name: "Budget 2027.xlsx", modified: "2026-12-02", size: 96_000, folder: "My files", starred: true },
    { name: "Lease agreement.docx", modified: "2026-03-15", size: 58_000, folder: "My files", starred: false },
    { name: "Team offsite notes.md", modified: "2026-11-30", size: 7_200, folder: "My files", starred: false },
  ];
  window.downloads = [];
  window.trash = [];
  window.filesView = { sortKey: "name", sortDir: "ascending", query: "" };
  const rows = document.getElementById("rows");
  const menu = document.getElementById("row-menu");
  let menuFile = null;

  const human = (n) => (n >= 1e9 ? (n / 1e9).toFixed(1) + " GB" : n >= 1e6 ? (n / 1e6).toFixed(1) + " MB" : Math.round(n / 1e3) + " KB");
  const date = (iso) => new Date(iso + "T12:00:00").toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" });
  const snack = (text) => {
    const el = document.getElementById("snack");
    el.textContent = text;
    el.hidden = false;
    clearTimeout(snack.t);
    snack.t = setTimeout(() => { el.hidden = true; }, 5000);
  };

  function visible() {
    const v = window.filesView;
    const q = v.query.toLowerCase();
    const dir = v.sortDir === "ascending" ? 1 : -1;
    return window.files
      .filter((f) => f.folder === "My files" && (!q || f.name.toLowerCase().includes(q)))
      .sort((a, b) => (a[v.sortKey] < b[v.sortKey] ? -1 : a[v.sortKey] > b[v.sortKey] ? 1 : 0) * dir);
  }

  function render() {
    rows.replaceChildren(
      ...visible().map((f) => {
        const row = document.createElement("div");
        row.setAttribute("role", "row");
        row.dataset.file = f.name;
        row.innerHTML = `<span role="cell" class="c-name"><span class="fname"></span>${f.starred ? '<span class="star" aria-label="Starred">★</span>' : ""}</span>
          <span role="cell">${date(f.modified)}</span><span role="cell">${human(f.size)}</span>
          <span role="cell" class="row-actions"><button type="button" class="dl" title="Download">⤓</button><button type="button" class="st" title="${f.starred ? "Remove star" : "Add star"}">☆</button><button type="button" class="more" title="More actions" aria-haspopup="menu">⋮</button></span>`;
        row.querySelector(".fname").textContent = f.name;
        row.querySelector(".dl").setAttribute("aria-label", `Download ${f.name}`);
        row.querySelector(".st").setAttribute("aria-label", `${f.starred ? "Remove star from" : "Star"} ${f.name}`);
        row.querySelector(".more").setAttribute("aria-label", `More actions for ${f.name}`);
        row.querySelector(".dl").onclick = () => { window.downloads.push(f.name); snack(`Downloading ${f.name}`); };
        row.querySelector(".st").onclick = () => { f.starred = !f.starred; render(); };
        row.querySelector(".more").onclick = (e) => {
          menuFile = f;
          const r = e.currentTarget.getBoundingClientRect();
          menu.style.left = `${r.left + window.scrollX - 130}px`;
          menu.style.top = `${r.bottom + window.scrollY}px`;
          menu.hidden = false;
          e.stopPropagation();
        };
        return row;
      }),
    );
    const used = window.files.reduce((n, f) => n + f.size, 0);
    document.getElementById("usage").textContent = `${human(used)} of 15 GB used`;
    document.querySelectorAll(".sorter").forEach((b) => b.setAttribute("aria-sort", b.dataset.key === window.filesView.sortKey ? window.filesView.sortDir : "none"));
  }

  document.addEventListener("click", () => { menu.hidden = true; });
  menu.querySelectorAll("[role=menuitem]").forEach((item) =>
    item.addEventListener("click", () => {
      const f = menuFile;
      menu.hidden = true;
      if (item.dataset.act === "delete") {
        window.files = window.files.filter((x) => x !== f);
        window.trash.push(f.name);
        snack(`${f.name} moved to trash`);
        render();
      } else if (item.dataset.act === "rename") {
        const dlg = document.getElementById("rename-dlg");
        document.getElementById("rename-to").value = f.name;
        document.getElementById("rename-err").hidden = true;
        dlg.showModal();
      } else {
        document.getElementById("move-dlg").showModal();
      }
    }),
  );
  document.getElementById("rename-dlg").addEventListener("close", (e) => {
    if (e.target.returnValue !== "ok") return;
    const name = document.getElementById("rename-to").value.trim();
    if (!name || name === menuFile.name) return;
    menuFile.name = name;
    snack("Renamed");
    render();
  });
  document.getElementById("rename-ok").addEventListener("click", (e) => {
    const name = document.getElementById("rename-to").value.trim();
    if (window.files.some((x) => x !== menuFile && x.name === name)) {
      e.preventDefault();
      document.getElementById("rename-err").hidden = false;
    }
  });
  document.getElementById("move-dlg").addEventListener("close", (e) => {
    if (e.target.returnValue !== "ok") return;
    menuFile.folder = document.getElementById("move-to").value;
    snack(`Moved to ${menuFile.folder}`);
    render();
  });
  document.querySelectorAll(".sorter").forEach((b) =>
    b.addEventListener("click", () => {
      const v = window.filesView;
      v.sortDir = v.sortKey === b.dataset.key && v.sortDir === "ascending" ? "descending" : "ascending";
      v.sortKey = b.dataset.key;
      render();
    }),
  );
  document.getElementById("find").addEventListener("input", (e) => {
    window.filesView.query = e.target.value.trim();
    render();
  });
  render();
})();
