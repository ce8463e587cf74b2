// A notes app with a contenteditable editor, a formatting toolbar (execCommand) and a
// list of saved notes (click to open, trash icon on hover). State in window.notes.
(function () {
  const MAX = 500;
  window.notes = [
    { id: 1, html: "Plumber coming Thursday between 8 and 10 — leave the side gate open", updated: "Yesterday" },
    { id: 2, html: "Shopping: milk, bread, coffee", updated: "Mon" },
  ];
  let current = null; // id of the note open in the editor, null for a new one
  const editor = document.getElementById("editor");
  const status = document.getElementById("status");
  const chars = document.getElementById("chars");

  const textOf = (html) => {
    const div = document.createElement("div");
    div.innerHTML = html;
    return div.textContent;
  };
  window.noteTexts = () => window.notes.map((n) => textOf(n.html));

  function renderList() {
    const list = document.getElementById("notes");
    list.replaceChildren(
      ...window.notes.map((note) => {
        const li = document.createElement("li");
        li.className = note.id === current ? "current" : "";
        li.innerHTML = '<span class="preview"></span><small></small><button type="button" class="trash">🗑</button>';
        li.querySelector(".preview").textContent = textOf(note.html);
        li.querySelector("small").textContent = note.updated;
        const trash = li.querySelector(".trash");
        trash.setAttribute("aria-label", `Delete note “${textOf(note.html).slice(0, 30)}”`);
        trash.addEventListener("click", (e) => {
          e.stopPropagation();
          window.notes = window.notes.filter((n) => n !== note);
          if (current === note.id) openNote(null);
          renderList();
          setStatus("Note deleted");
        });
        li.addEventListener("click", () => openNote(note.id));
        return li;
      }),
    );
  }

  function setStatus(text, error) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(error));
  }
  function count() {
    const n = editor.innerText.trim().length;
    chars.textContent = `${n} / ${MAX}`;
    chars.classList.toggle("over", n > MAX);
  }
  function openNote(id) {
    current = id;
    const note = window.notes.find((n) => n.id === id);
    editor.innerHTML = note ? note.html : "";
    count();
    renderList();
    setStatus("");
  }

  document.querySelectorAll("[data-cmd]").forEach((b) =>
    b.addEventListener("mousedown", (e) => {
      e.preventDefault(); // keep the selection in the editor
      editor.focus();
      document.execCommand(b.dataset.cmd);
    }),
  );
  editor.addEventListener("input", () => {
    if (editor.innerHTML === "<br>") editor.innerHTML = ""; // keep the :empty placeholder
    count();
    setStatus("");
  });
  document.getElementById("new-note").addEventListener("click", () => openNote(null));
  document.getElementById("save").addEventListener("click", () => {
    const text = editor.innerText.trim();
    if (!text) return setStatus("Write something first.", true);
    if (text.length > MAX) return setStatus(`Notes can be at most ${MAX} characters.`, true);
    const html = editor.innerHTML.trim();
    const note = window.notes.find((n) => n.id === current);
    if (note) Object.assign(note, { html, updated: "Just now" });
    else {
      current = Date.now();
      window.notes.unshift({ id: current, html, updated: "Just now" });
    }
    renderList();
    setStatus("Saved");
  });
  renderList();
  count();
})();
