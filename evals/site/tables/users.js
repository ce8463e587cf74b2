// Members table: sortable headers (aria-sort), 5 rows a page, a select column with bulk
// actions, Edit in a <dialog>, Delete with an inline confirmation. State in window.members.
(function () {
  const PAGE_SIZE = 5;
  window.members = [
    { id: 1, name: "Ana Souza", email: "ana.souza@acme.design", role: "Editor", status: "Active", lastActive: "2026-12-06" },
    { id: 2, name: "Tom Becker", email: "tom.becker@acme.design", role: "Viewer", status: "Active", lastActive: "2026-11-28" },
    { id: 3, name: "Luis Ortega", email: "luis.ortega@acme.design", role: "Editor", status: "Active", lastActive: "2026-12-01" },
    { id: 4, name: "Hannah Wright", email: "hannah.w@acme.design", role: "Admin", status: "Active", lastActive: "2026-12-07" },
    { id: 5, name: "Kenji Mori", email: "kenji.mori@acme.design", role: "Viewer", status: "Inactive", lastActive: "2026-06-14" },
    { id: 6, name: "Maya Patel", email: "maya.patel@acme.design", role: "Editor", status: "Active", lastActive: "2026-12-03" },
    { id: 7, name: "Omar Haddad", email: "omar.haddad@acme.design", role: "Viewer", status: "Inactive", lastActive: "2026-03-02" },
    { id: 8, name: "Chloé Martin", email: "chloe.martin@acme.design", role: "Editor", status: "Active", lastActive: "2026-11-30" },
    { id: 9, name: "Grace Okafor", email: "grace.okafor@acme.design", role: "Viewer", status: "Active", lastActive: "2026-10-19" },
    { id: 10, name: "Piotr Nowak", email: "piotr.nowak@acme.design", role: "Editor", status: "Active", lastActive: "2026-12-05" },
    { id: 11, name: "Sofia Rossi", email: "sofia.rossi@acme.design", role: "Viewer", status: "Active", lastActive: "2026-09-08" },
    { id: 12, name: "Ben Carter", email: "ben.carter@acme.design", role: "Admin", status: "Active", lastActive: "2026-12-04" },
  ];
  const state = { page: 1, sortKey: null, sortDir: "ascending", selected: new Set(), confirming: null, editing: null };
  const tbody = document.getElementById("member-rows");
  const dialog = document.getElementById("edit-dialog");

  function sorted() {
    const rows = window.members.slice();
    if (!state.sortKey) return rows;
    const dir = state.sortDir === "ascending" ? 1 : -1;
    return rows.sort((a, b) => a[state.sortKey].localeCompare(b[state.sortKey]) * dir);
  }

  function pageCount() {
    return Math.max(1, Math.ceil(window.members.length / PAGE_SIZE));
  }

  function flash(text) {
    const el = document.getElementById("flash");
    el.textContent = text;
    el.hidden = false;
    clearTimeout(flash.t);
    flash.t = setTimeout(() => { el.hidden = true; }, 5000);
  }

  function actionsCell(member) {
    const td = document.createElement("td");
    td.className = "row-actions";
    if (state.confirming === member.id) {
      td.innerHTML = '<span class="confirm-inline">Remove from workspace?</span> <button type="button" class="del yes" data-leflux-confirm>Yes, remove</button> <button type="button" class="no">No</button>';
      td.querySelector(".yes").onclick = () => {
        window.members = window.members.filter((m) => m.id !== member.id);
        state.selected.delete(member.id);
        state.confirming = null;
        state.page = Math.min(state.page, pageCount());
        flash(`${member.name} was removed`);
        render();
      };
      td.querySelector(".no").onclick = () => { state.confirming = null; render(); };
      return td;
    }
    td.innerHTML = `<button type="button" class="edit" aria-label="Edit ${member.name}">Edit</button> <button type="button" class="del" aria-label="Delete ${member.name}" data-leflux-confirm>Delete</button>`;
    td.querySelector(".edit").onclick = () => openEditor(member);
    td.querySelector(".del").onclick = () => { state.confirming = member.id; render(); };
    return td;
  }

  function render() {
    const rows = sorted().slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE);
    tbody.replaceChildren(
      ...rows.map((m) => {
        const tr = document.createElement("tr");
        tr.dataset.id = m.id;
        tr.innerHTML = `<td class="sel"><input type="checkbox" aria-label="Select ${m.name}"></td><td class="name"></td><td class="email"></td><td><span class="role"></span></td><td class="status status-${m.status.toLowerCase()}"></td><td class="last"></td>`;
        tr.querySelector(".name").textContent = m.name;
        tr.querySelector(".email").textContent = m.email;
        tr.querySelector(".role").textContent = m.role;
        tr.querySelector(".status").textContent = m.status;
        tr.querySelector(".last").textContent = new Date(m.lastActive + "T12:00:00").toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
        const box = tr.querySelector("input");
        box.checked = state.selected.has(m.id);
        box.onchange = () => {
          if (box.checked) state.selected.add(m.id);
          else state.selected.delete(m.id);
          render();
        };
        tr.append(actionsCell(m));
        return tr;
      }),
    );
    const pageIds = rows.map((m) => m.id);
    const selectPage = document.getElementById("select-page");
    selectPage.checked = pageIds.length > 0 && pageIds.every((id) => state.selected.has(id));
    document.querySelectorAll("th[data-key]").forEach((th) => th.setAttribute("aria-sort", th.dataset.key === state.sortKey ? state.sortDir : "none"));
    const first = (state.page - 1) * PAGE_SIZE + 1;
    document.getElementById("range").textContent = `Showing ${first}–${first + rows.length - 1} of ${window.members.length} members`;
    const buttons = document.getElementById("page-buttons");
    buttons.replaceChildren(
      ...Array.from({ length: pageCount() }, (_, i) => {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = String(i + 1);
        b.setAttribute("aria-label", `Page ${i + 1}`);
        if (i + 1 === state.page) b.setAttribute("aria-current", "page");
        b.onclick = () => { state.page = i + 1; render(); };
        return b;
      }),
    );
    document.getElementById("prev").disabled = state.page === 1;
    document.getElementById("next").disabled = state.page === pageCount();
    document.getElementById("bulk-bar").hidden = state.selected.size === 0;
    document.getElementById("selected-count").textContent = `${state.selected.size} selected`;
    window.membersView = { page: state.page, sortKey: state.sortKey, sortDir: state.sortDir, selected: [...state.selected] };
  }

  function openEditor(member) {
    state.editing = member;
    dialog.querySelector("#edit-name").value = member.name;
    dialog.querySelector("#edit-role").value = member.role;
    dialog.querySelector("#edit-status").value = member.status;
    dialog.showModal();
  }

  document.getElementById("edit-form").addEventListener("submit", (e) => {
    const name = dialog.querySelector("#edit-name").value.trim();
    if (!name) {
      e.preventDefault();
      return;
    }
    Object.assign(state.editing, { name, role: dialog.querySelector("#edit-role").value, status: dialog.querySelector("#edit-status").value });
    flash(`Saved ${name}`);
    state.editing = null;
    render();
  });
  document.getElementById("edit-cancel").onclick = () => { state.editing = null; dialog.close(); };

  document.querySelectorAll("th[data-key] .sort").forEach((button) =>
    button.addEventListener("click", () => {
      const key = button.parentElement.dataset.key;
      state.sortDir = state.sortKey === key && state.sortDir === "ascending" ? "descending" : "ascending";
      state.sortKey = key;
      state.page = 1;
      render();
    }),
  );
  document.getElementById("select-page").addEventListener("change", (e) => {
    const ids = sorted().slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE).map((m) => m.id);
    ids.forEach((id) => (e.target.checked ? state.selected.add(id) : state.selected.delete(id)));
    render();
  });
  const bulk = (status) => () => {
    window.members.forEach((m) => { if (state.selected.has(m.id)) m.status = status; });
    flash(`${state.selected.size} member(s) set to ${status.toLowerCase()}`);
    state.selected.clear();
    render();
  };
  document.getElementById("bulk-deactivate").onclick = bulk("Inactive");
  document.getElementById("bulk-activate").onclick = bulk("Active");
  document.getElementById("bulk-clear").onclick = () => { state.selected.clear(); render(); };
  document.getElementById("prev").onclick = () => { state.page = Math.max(1, state.page - 1); render(); };
  document.getElementById("next").onclick = () => { state.page = Math.min(pageCount(), state.page + 1); render(); };
  render();
})();
