// Event editor: date, time, range and colour inputs, a live text-size slider, and a
// calendar list that grows when an event is saved (window.events).
(function () {
  window.events = [{ title: "Team stand-up", date: "2026-12-08", start: "09:30", end: "09:45", remind: 5, colour: "#16a34a", where: "Zoom" }];
  window.displayPrefs = { textSize: 16 };
  const form = document.getElementById("event-form");
  const remind = document.getElementById("ev-remind");
  const remindOut = document.getElementById("ev-remind-out");
  const size = document.getElementById("text-size");

  function renderList() {
    const list = document.getElementById("event-list");
    list.replaceChildren(
      ...window.events
        .slice()
        .sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start))
        .map((ev) => {
          const li = document.createElement("li");
          const when = new Date(ev.date + "T12:00:00").toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric" });
          li.innerHTML = '<span class="dot"></span><strong></strong><br><small></small>';
          li.querySelector(".dot").style.background = ev.colour;
          li.querySelector("strong").textContent = ev.title;
          li.querySelector("small").textContent = `${when}, ${ev.start}–${ev.end}`;
          return li;
        }),
    );
  }

  function showRemind() {
    const n = Number(remind.value);
    const text = n === 0 ? "0 minutes" : n % 60 === 0 ? `${n / 60} hour${n === 60 ? "" : "s"}` : `${n} minutes`;
    remindOut.textContent = text;
    remind.setAttribute("aria-valuetext", text);
  }
  remind.addEventListener("input", showRemind);

  size.addEventListener("input", () => {
    document.body.style.setProperty("--text-size", size.value + "px");
    document.getElementById("text-size-out").textContent = size.value;
    window.displayPrefs = { textSize: Number(size.value) };
  });

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    const titleError = document.getElementById("title-error");
    const timeError = document.getElementById("time-error");
    titleError.hidden = Boolean(v.title.trim());
    form.title.setAttribute("aria-invalid", String(!v.title.trim()));
    let timeProblem = "";
    if (!v.date) timeProblem = "Pick a date.";
    else if (v.date < form.date.min) timeProblem = "That date is in the past.";
    else if (v.end <= v.start) timeProblem = "The event must end after it starts.";
    timeError.textContent = timeProblem;
    timeError.hidden = !timeProblem;
    if (!v.title.trim() || timeProblem) return;
    window.events.push({ title: v.title.trim(), date: v.date, start: v.start, end: v.end, remind: Number(v.remind), colour: v.colour, where: v.where.trim() });
    renderList();
    form.reset();
    showRemind();
    let note = document.querySelector(".saved-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "saved-note";
      note.setAttribute("role", "status");
      form.after(note);
    }
    note.textContent = `Saved “${v.title.trim()}”.`;
  });
  form.addEventListener("reset", () => setTimeout(showRemind));
  renderList();
})();
