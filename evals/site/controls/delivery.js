// Delivery preferences: two custom select dropdowns (a button and a div role=combobox,
// each opening a role=listbox popup), a multi-select chip listbox and a single-select card
// listbox. Saved values go to window.deliveryPrefs.
(function () {
  document.querySelectorAll(".select").forEach((select) => {
    const trigger = select.querySelector(".select-trigger");
    const menu = select.querySelector(".select-menu");
    const hidden = select.querySelector("input[type=hidden]");
    const label = trigger.querySelector("span:first-child");
    const options = [...menu.querySelectorAll("[role=option]")];
    let active = options.findIndex((o) => o.getAttribute("aria-selected") === "true");
    const setOpen = (open) => {
      menu.hidden = !open;
      trigger.setAttribute("aria-expanded", String(open));
      options.forEach((o, i) => o.classList.toggle("active", open && i === active));
    };
    const choose = (option) => {
      options.forEach((o) => o.setAttribute("aria-selected", String(o === option)));
      hidden.value = option.dataset.value;
      label.textContent = option.textContent;
      active = options.indexOf(option);
      setOpen(false);
      trigger.focus();
    };
    trigger.addEventListener("click", () => setOpen(menu.hidden));
    trigger.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (menu.hidden) setOpen(true);
        else {
          active = Math.max(0, Math.min(options.length - 1, active + (e.key === "ArrowDown" ? 1 : -1)));
          setOpen(true);
        }
      } else if ((e.key === "Enter" || e.key === " ") && !menu.hidden) {
        e.preventDefault();
        choose(options[active]);
      } else if (e.key === "Escape") setOpen(false);
    });
    options.forEach((o) => o.addEventListener("click", () => choose(o)));
    document.addEventListener("click", (e) => { if (!select.contains(e.target)) setOpen(false); });
  });

  const toggle = (li) => li.setAttribute("aria-selected", String(li.getAttribute("aria-selected") !== "true"));
  document.querySelectorAll("#days [role=option]").forEach((li) => li.addEventListener("click", () => toggle(li)));
  const places = [...document.querySelectorAll("#safe-place [role=option]")];
  places.forEach((li) => li.addEventListener("click", () => places.forEach((p) => p.setAttribute("aria-selected", String(p === li)))));

  window.deliveryPrefs = undefined;
  document.getElementById("prefs-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const form = e.target;
    const days = [...document.querySelectorAll("#days [aria-selected=true]")].map((li) => li.dataset.value);
    const toast = document.getElementById("toast");
    if (!days.length) {
      toast.textContent = "Pick at least one day you can receive parcels.";
      toast.hidden = false;
      return;
    }
    window.deliveryPrefs = {
      country: form.country.value,
      speed: form.speed.value,
      days,
      safePlace: document.querySelector("#safe-place [aria-selected=true]").dataset.value,
    };
    toast.textContent = "Delivery preferences saved";
    toast.hidden = false;
  });
})();
