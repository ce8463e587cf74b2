// Vanilla-JS checklist: Enter adds, the hidden checkbox toggles under its styled label,
// the delete button appears on hover, double-click edits, ?view= filters.
(function () {
  const KEY = "checklist.tasks";
  const starter = [
    { id: 1, text: "Email the landlord about the boiler", done: false },
    { id: 2, text: "Buy a birthday card for Dad", done: true },
    { id: 3, text: "Finish chapter 3 of the book", done: false },
  ];
  let tasks = JSON.parse(localStorage.getItem(KEY) || "null") || starter;
  let view = new URLSearchParams(location.search).get("view") || "all";

  const list = document.getElementById("tasks");
  const input = document.getElementById("new-task");
  const count = document.getElementById("count");
  const clear = document.getElementById("clear-done");

  function save() {
    localStorage.setItem(KEY, JSON.stringify(tasks));
  }

  function visible(task) {
    return view === "all" || (view === "active" ? !task.done : task.done);
  }

  function row(task) {
    const li = document.createElement("li");
    li.className = "task" + (task.done ? " is-done" : "");
    li.dataset.id = task.id;
    const box = document.createElement("input");
    box.type = "checkbox";
    box.className = "sr-only";
    box.id = "task-" + task.id;
    box.checked = task.done;
    box.addEventListener("change", () => {
      // Update in place (a re-render would swallow a double-click meant for editing).
      task.done = box.checked;
      li.classList.toggle("is-done", task.done);
      if (view === "all") renderFooter();
      else render();
    });
    const label = document.createElement("label");
    label.className = "check";
    label.htmlFor = box.id;
    label.innerHTML = '<span class="box" aria-hidden="true"></span><span class="task-text"></span>';
    label.querySelector(".task-text").textContent = task.text;
    label.addEventListener("dblclick", (e) => {
      e.preventDefault();
      startEdit(li, task);
    });
    const del = document.createElement("button");
    del.type = "button";
    del.className = "task-delete";
    del.setAttribute("aria-label", "Delete task");
    del.title = "Delete";
    del.textContent = "🗑";
    del.addEventListener("click", () => {
      tasks = tasks.filter((t) => t !== task);
      render();
    });
    li.append(box, label, del);
    return li;
  }

  function startEdit(li, task) {
    const editor = document.createElement("input");
    editor.className = "edit-input";
    editor.value = task.text;
    editor.setAttribute("aria-label", "Edit task");
    li.replaceChildren(editor);
    editor.focus();
    let finished = false;
    const finish = (keep) => {
      if (finished) return;
      finished = true;
      const text = editor.value.trim();
      if (keep && text) task.text = text;
      if (keep && !text) tasks = tasks.filter((t) => t !== task);
      render();
    };
    editor.addEventListener("keydown", (e) => {
      if (e.key === "Enter") finish(true);
      if (e.key === "Escape") finish(false);
    });
    editor.addEventListener("blur", () => finish(true));
  }

  function render() {
    list.replaceChildren(...tasks.filter(visible).map(row));
    renderFooter();
  }

  function renderFooter() {
    save();
    const left = tasks.filter((t) => !t.done).length;
    count.textContent = left === 1 ? "1 task left" : left + " tasks left";
    clear.hidden = !tasks.some((t) => t.done);
    document.querySelectorAll("[data-filter]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.filter === view)));
  }

  input.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" || e.isComposing) return;
    const text = input.value.trim();
    if (!text) return;
    tasks.push({ id: Date.now(), text, done: false });
    input.value = "";
    render();
  });
  clear.addEventListener("click", () => {
    tasks = tasks.filter((t) => !t.done);
    render();
  });
  document.querySelectorAll("[data-filter]").forEach((button) =>
    button.addEventListener("click", () => {
      view = button.dataset.filter;
      const url = new URL(location.href);
      if (view === "all") url.searchParams.delete("view");
      else url.searchParams.set("view", view);
      history.pushState({ view }, "", url);
      render();
    }),
  );
  window.addEventListener("popstate", () => {
    view = new URLSearchParams(location.search).get("view") || "all";
    render();
  });
  render();
})();
