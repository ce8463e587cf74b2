// Packing list: a form with an Add button and validation, rows with a round "packed"
// checkbox (the real input is transparent over the styled circle) and editable quantities.
(function () {
  const KEY = "packing-list";
  const starter = [
    { id: 1, item: "Passport", qty: 1, bag: "Backpack", essential: true, packed: false },
    { id: 2, item: "Phone charger", qty: 1, bag: "Backpack", essential: true, packed: false },
    { id: 3, item: "T-shirts", qty: 5, bag: "Checked bag", essential: false, packed: false },
    { id: 4, item: "Swimsuit", qty: 1, bag: "Checked bag", essential: false, packed: false },
    { id: 5, item: "Sunscreen", qty: 1, bag: "Checked bag", essential: false, packed: true },
  ];
  let items = JSON.parse(localStorage.getItem(KEY) || "null") || starter;
  const rows = document.getElementById("rows");
  const form = document.getElementById("add-item");

  function publish() {
    localStorage.setItem(KEY, JSON.stringify(items));
    window.packing = items.map((i) => ({ ...i }));
  }

  function render() {
    publish();
    rows.replaceChildren(
      ...items.map((entry) => {
        const tr = document.createElement("tr");
        tr.className = entry.packed ? "packed" : "";
        tr.dataset.item = entry.item;
        tr.innerHTML = `
          <td><span class="pack"><input type="checkbox" aria-label="Packed ${entry.item}"><span class="tick"></span></span></td>
          <td class="name"></td>
          <td><input class="qty" type="number" min="1" max="30" aria-label="Quantity of ${entry.item}"></td>
          <td class="bag"></td>
          <td><button type="button" class="remove">Remove</button></td>`;
        const name = tr.querySelector(".name");
        name.textContent = entry.item;
        if (entry.essential) name.insertAdjacentHTML("beforeend", '<span class="star" title="Essential">★ essential</span>');
        tr.querySelector(".bag").textContent = entry.bag;
        const box = tr.querySelector(".pack input");
        box.checked = entry.packed;
        box.addEventListener("change", () => {
          entry.packed = box.checked;
          render();
        });
        const qty = tr.querySelector(".qty");
        qty.value = entry.qty;
        const takeQty = () => {
          const n = Number(qty.value);
          if (Number.isInteger(n) && n >= 1 && n <= 30) entry.qty = n;
        };
        qty.addEventListener("input", () => {
          takeQty();
          publish();
        });
        qty.addEventListener("change", () => {
          takeQty();
          render();
        });
        tr.querySelector(".remove").addEventListener("click", () => {
          items = items.filter((i) => i !== entry);
          render();
        });
        return tr;
      }),
    );
    const packed = items.filter((i) => i.packed).length;
    document.getElementById("summary").textContent = `${packed} of ${items.length} items packed`;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = form.item.value.trim();
    form.item.classList.toggle("is-invalid", !name);
    form.item.setAttribute("aria-invalid", String(!name));
    if (!name) return;
    const qty = Math.min(30, Math.max(1, Number(form.qty.value) || 1));
    items.push({ id: Date.now(), item: name, qty, bag: form.bag.value, essential: form.essential.checked, packed: false });
    form.reset();
    render();
  });
  render();
})();
