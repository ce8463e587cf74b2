// Account settings: role=switch buttons, selects and a theme radio group edited locally and
// stored by "Save changes" (window.savedSettings, localStorage); a guarded account deletion.
(function () {
  const KEY = "northwind.settings";
  const defaults = {
    displayName: "Jordan Lee",
    language: "en",
    timezone: "Europe/London",
    theme: "light",
    emailNotifications: true,
    pushNotifications: false,
    weeklyDigest: false,
    marketingEmails: true,
  };
  const saved = Object.assign({}, defaults, JSON.parse(localStorage.getItem(KEY) || "{}"));
  window.savedSettings = Object.assign({}, saved);
  window.accountDeleted = false;

  const form = document.getElementById("settings-form");
  const switches = [...document.querySelectorAll("[role=switch]")];
  const dirty = document.getElementById("dirty");

  function load(values) {
    form.displayName.value = values.displayName;
    form.language.value = values.language;
    form.timezone.value = values.timezone;
    form.querySelector(`input[name=theme][value=${values.theme}]`).checked = true;
    switches.forEach((s) => s.setAttribute("aria-checked", String(values[s.dataset.key])));
  }

  function current() {
    const values = {
      displayName: form.displayName.value.trim(),
      language: form.language.value,
      timezone: form.timezone.value,
      theme: (form.querySelector("input[name=theme]:checked") || {}).value,
    };
    switches.forEach((s) => { values[s.dataset.key] = s.getAttribute("aria-checked") === "true"; });
    return values;
  }

  function markDirty() {
    dirty.hidden = JSON.stringify(current()) === JSON.stringify(window.savedSettings);
  }

  function toast(message) {
    const el = document.getElementById("toast");
    el.textContent = message;
    el.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { el.hidden = true; }, 6000);
  }

  switches.forEach((s) =>
    s.addEventListener("click", () => {
      s.setAttribute("aria-checked", String(s.getAttribute("aria-checked") !== "true"));
      markDirty();
    }),
  );
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const values = current();
    if (!values.displayName) {
      form.displayName.setAttribute("aria-invalid", "true");
      toast("Display name can't be empty.");
      return;
    }
    form.displayName.removeAttribute("aria-invalid");
    window.savedSettings = values;
    localStorage.setItem(KEY, JSON.stringify(values));
    dirty.hidden = true;
    toast("Settings saved");
  });

  const modal = document.getElementById("delete-modal");
  document.getElementById("delete-account").addEventListener("click", () => { modal.hidden = false; });
  document.getElementById("cancel-delete").addEventListener("click", () => { modal.hidden = true; });
  document.getElementById("confirm-delete").addEventListener("click", () => {
    window.accountDeleted = true;
    localStorage.setItem("northwind.deleted", "1");
    document.body.innerHTML = '<main class="deleted"><h1>Your account has been deleted</h1><p>We\'re sorry to see you go, Jordan.</p></main>';
  });

  load(saved);
})();
