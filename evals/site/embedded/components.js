// Two web components with open shadow roots: <ticket-picker> (counters per ticket type,
// a maximum per booking, a running total) and <booking-form> (name and email, "Reserve
// seats"), which reads the picker. A reservation is stored in window.reservation.
const TICKET_TYPES = [
  { id: "adult", label: "Adult", price: 22 },
  { id: "concession", label: "Concession", price: 16 },
  { id: "child", label: "Child (5–15)", price: 12 },
];

class TicketPicker extends HTMLElement {
  constructor() {
    super();
    this.counts = { adult: 0, concession: 0, child: 0 };
    this.attachShadow({ mode: "open" });
  }

  get max() {
    return Number(this.getAttribute("max") || 8);
  }

  get total() {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  get price() {
    return TICKET_TYPES.reduce((sum, t) => sum + t.price * this.counts[t.id], 0);
  }

  connectedCallback() {
    this.shadowRoot.innerHTML = `
      <style>
        :host { display: block; background: #1e293b; border-radius: 14px; padding: 20px; }
        h2 { margin: 0 0 12px; font-size: 18px; color: #fff; }
        .row { display: flex; align-items: center; justify-content: space-between; padding: 10px 0; border-bottom: 1px solid #334155; }
        .price { color: #94a3b8; font-size: 13px; display: block; }
        .stepper { display: flex; align-items: center; gap: 10px; }
        button { width: 32px; height: 32px; border-radius: 50%; border: 1px solid #64748b; background: transparent; color: #fff; font-size: 18px; cursor: pointer; }
        button:disabled { opacity: .3; cursor: default; }
        output { min-width: 18px; text-align: center; font-weight: 700; }
        .sum { display: flex; justify-content: space-between; margin-top: 14px; font-weight: 700; color: #fff; }
        .limit { color: #fbbf24; font-size: 13px; min-height: 18px; margin: 8px 0 0; }
      </style>
      <h2>Tickets</h2>
      ${TICKET_TYPES.map((t) => `
        <div class="row" data-type="${t.id}">
          <span>${t.label}<span class="price">€${t.price}.00 each</span></span>
          <span class="stepper">
            <button type="button" class="minus" aria-label="Remove ${t.label.split(" ")[0].toLowerCase()} ticket">−</button>
            <output aria-live="polite" aria-label="${t.label} tickets">0</output>
            <button type="button" class="plus" aria-label="Add ${t.label.split(" ")[0].toLowerCase()} ticket">+</button>
          </span>
        </div>`).join("")}
      <p class="limit" role="status"></p>
      <div class="sum"><span>Total</span><span class="total">€0.00</span></div>`;
    this.shadowRoot.querySelectorAll(".row").forEach((row) => {
      const type = row.dataset.type;
      row.querySelector(".plus").addEventListener("click", () => this.change(type, 1));
      row.querySelector(".minus").addEventListener("click", () => this.change(type, -1));
    });
    this.render();
  }

  change(type, delta) {
    const next = this.counts[type] + delta;
    if (next < 0) return;
    if (delta > 0 && this.total >= this.max) {
      this.shadowRoot.querySelector(".limit").textContent = `You can book at most ${this.max} tickets at a time.`;
      return;
    }
    this.counts[type] = next;
    this.shadowRoot.querySelector(".limit").textContent = "";
    this.render();
    this.dispatchEvent(new CustomEvent("tickets-change", { bubbles: true, composed: true }));
  }

  render() {
    this.shadowRoot.querySelectorAll(".row").forEach((row) => {
      const n = this.counts[row.dataset.type];
      row.querySelector("output").textContent = String(n);
      row.querySelector(".minus").disabled = n === 0;
    });
    this.shadowRoot.querySelector(".total").textContent = `€${this.price.toFixed(2)}`;
    window.ticketCounts = { ...this.counts };
  }
}

class BookingForm extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
  }

  connectedCallback() {
    this.shadowRoot.innerHTML = `
      <style>
        :host { display: block; background: #f8fafc; color: #0f172a; border-radius: 14px; padding: 20px; }
        h2 { margin: 0 0 12px; font-size: 18px; }
        label { display: block; font-weight: 600; font-size: 14px; margin: 10px 0 4px; }
        input { width: 100%; box-sizing: border-box; padding: 9px; border: 1px solid #cbd5e1; border-radius: 8px; font: inherit; }
        input[aria-invalid=true] { border-color: #dc2626; }
        .error { color: #dc2626; font-size: 13px; margin: 8px 0 0; }
        button { margin-top: 16px; width: 100%; padding: 11px; border: 0; border-radius: 8px; background: #f59e0b; color: #111; font: inherit; font-weight: 700; cursor: pointer; }
        .ok { background: #dcfce7; color: #14532d; padding: 14px; border-radius: 8px; }
      </style>
      <h2>Your details</h2>
      <form novalidate>
        <label for="bk-name">Full name</label>
        <input id="bk-name" name="name" autocomplete="name">
        <label for="bk-email">Email for the e-tickets</label>
        <input id="bk-email" name="email" type="email" autocomplete="email">
        <p class="error" role="alert" hidden></p>
        <button type="submit">Reserve seats</button>
      </form>`;
    this.shadowRoot.querySelector("form").addEventListener("submit", (e) => this.submit(e));
  }

  submit(event) {
    event.preventDefault();
    const form = event.target;
    const error = this.shadowRoot.querySelector(".error");
    const picker = document.querySelector("ticket-picker");
    const name = form.name.value.trim();
    const email = form.email.value.trim();
    let problem = "";
    if (picker.total === 0) problem = "Choose at least one ticket.";
    else if (!name) problem = "Enter the name for the booking.";
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(email)) problem = "Enter a valid email address for your e-tickets.";
    form.name.setAttribute("aria-invalid", String(problem.includes("name")));
    form.email.setAttribute("aria-invalid", String(problem.includes("email")));
    error.textContent = problem;
    error.hidden = !problem;
    if (problem) return;
    window.reservation = { name, email: email.toLowerCase(), tickets: { ...picker.counts }, total: picker.price };
    this.shadowRoot.innerHTML = `<div class="ok" role="status"><strong>Seats reserved.</strong> ${picker.total} ticket(s) for ${name.replace(/</g, "&lt;")}; e-tickets are on their way.</div>`;
  }
}

window.reservation = null;
customElements.define("ticket-picker", TicketPicker);
customElements.define("booking-form", BookingForm);
