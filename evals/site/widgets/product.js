// Product page: colour swatches (transparent radios over styled circles), an add-to-cart
// toast, ARIA tabs with arrow-key support, and an aria-expanded accordion.
(function () {
  window.cart = [];
  const tabs = [...document.querySelectorAll("[role=tab]")];
  function select(tab) {
    tabs.forEach((t) => {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    });
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (e) => {
      const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      select(next);
      next.focus();
    });
  });

  document.querySelectorAll(".acc button[aria-expanded]").forEach((button) =>
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      document.getElementById(button.getAttribute("aria-controls")).hidden = !open;
    }),
  );

  document.querySelectorAll("input[name=colour]").forEach((r) =>
    r.addEventListener("change", () => { document.getElementById("colour-name").textContent = r.value; }),
  );
  document.getElementById("add-to-cart").addEventListener("click", () => {
    const colour = document.querySelector("input[name=colour]:checked").value;
    const qty = Math.max(1, Math.min(10, Number(document.getElementById("qty").value) || 1));
    const line = window.cart.find((l) => l.colour === colour);
    if (line) line.qty += qty;
    else window.cart.push({ product: "Lumen X2", colour, qty });
    document.getElementById("cart-count").textContent = String(window.cart.reduce((n, l) => n + l.qty, 0));
    const toast = document.getElementById("toast");
    toast.textContent = `Added ${qty} × Lumen X2 (${colour}) to your cart`;
    toast.hidden = false;
    clearTimeout(toast.t);
    toast.t = setTimeout(() => { toast.hidden = true; }, 6000);
  });
})();
