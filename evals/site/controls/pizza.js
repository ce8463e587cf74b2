// Pizza builder: size cards (transparent radios over the card), crust pills (sr-only
// radios), topping tiles (display:none checkboxes behind their labels) and a switch.
// "Add to order" records window.order and shows a confirmation.
(function () {
  const form = document.getElementById("builder");
  const SIZE = { small: 8.5, medium: 10.5, large: 12.5 };
  window.order = null;

  function read() {
    return {
      size: form.size.value,
      crust: form.crust.value,
      toppings: [...form.querySelectorAll("input[name=toppings]:checked")].map((i) => i.value),
      glutenFree: form.glutenFree.checked,
      note: form.note.value.trim(),
    };
  }
  function price(p) {
    return SIZE[p.size] + (p.crust === "stuffed" ? 2 : 0) + p.toppings.length * 1.2 + (p.glutenFree ? 2 : 0);
  }
  function update() {
    document.getElementById("price").textContent = "€" + price(read()).toFixed(2);
  }
  form.addEventListener("change", update);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const pizza = read();
    window.order = { ...pizza, price: Math.round(price(pizza) * 100) / 100 };
    const msg = document.getElementById("added");
    msg.textContent = `Added a ${pizza.size} pizza to your order (€${window.order.price.toFixed(2)}).`;
    msg.hidden = false;
  });
  update();
})();
