import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";

const STORAGE_KEY = "basket-shopping-list";
const CATEGORIES = ["Produce", "Dairy", "Bakery", "Pantry", "Frozen", "Household"];
const STARTER = [
  { id: 1, name: "Bananas", qty: 6, category: "Produce", bought: false },
  { id: 2, name: "Oat milk", qty: 2, category: "Dairy", bought: false },
  { id: 3, name: "Coffee beans", qty: 1, category: "Pantry", bought: false },
  { id: 4, name: "Sourdough loaf", qty: 1, category: "Bakery", bought: true },
];

function load() {
  const raw = localStorage.getItem(STORAGE_KEY);
  if (raw === null) return STARTER;
  try {
    return JSON.parse(raw);
  } catch {
    return STARTER;
  }
}

function AddItemForm({ onAdd }) {
  const [name, setName] = useState("");
  const [qty, setQty] = useState("1");
  const [category, setCategory] = useState("Produce");
  const [error, setError] = useState("");
  const submit = (e) => {
    e.preventDefault();
    const amount = Number(qty);
    if (!name.trim()) return setError("Enter an item name.");
    if (!Number.isInteger(amount) || amount < 1 || amount > 99) return setError("Quantity must be between 1 and 99.");
    setError("");
    onAdd({ name: name.trim(), qty: amount, category });
    setName("");
    setQty("1");
  };
  return (
    <form className="add-form" onSubmit={submit} noValidate>
      <div className="field grow">
        <label htmlFor="item-name">Item</label>
        <input id="item-name" placeholder="e.g. Tomatoes" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error ? "true" : undefined} />
      </div>
      <div className="field">
        <label htmlFor="item-qty">Qty</label>
        <input id="item-qty" type="number" min="1" max="99" value={qty} onChange={(e) => setQty(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="item-category">Aisle</label>
        <select id="item-category" value={category} onChange={(e) => setCategory(e.target.value)}>
          {CATEGORIES.map((c) => <option key={c}>{c}</option>)}
        </select>
      </div>
      <button type="submit" className="btn-add">Add</button>
      {error && <p className="form-error" role="alert">{error}</p>}
    </form>
  );
}

function ItemRow({ item, onChange, onRemove }) {
  return (
    <li className={item.bought ? "item bought" : "item"} data-name={item.name}>
      <label className="got-it">
        <input type="checkbox" checked={item.bought} onChange={(e) => onChange({ bought: e.target.checked })} />
        <span className="item-name">{item.name}</span>
      </label>
      <span className="badge">{item.category}</span>
      <div className="stepper">
        <button type="button" aria-label={`Decrease ${item.name}`} onClick={() => onChange({ qty: Math.max(1, item.qty - 1) })}>−</button>
        <input aria-label={`Quantity of ${item.name}`} type="number" min="1" max="99" value={item.qty} onChange={(e) => onChange({ qty: Math.max(1, Math.min(99, Number(e.target.value) || 1)) })} />
        <button type="button" aria-label={`Increase ${item.name}`} onClick={() => onChange({ qty: Math.min(99, item.qty + 1) })}>+</button>
      </div>
      <button type="button" className="remove" aria-label={`Remove ${item.name}`} title="Remove" onClick={onRemove}>
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M5 2h6v1h3v2H2V3h3zM3 6h10l-1 9H4z" /></svg>
      </button>
    </li>
  );
}

function App() {
  const [items, setItems] = useState(load);
  useEffect(() => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(items));
  }, [items]);
  const change = (id, patch) => setItems((all) => all.map((i) => (i.id === id ? { ...i, ...patch } : i)));
  const toBuy = items.filter((i) => !i.bought);
  return (
    <main className="card">
      <header>
        <h1>Basket</h1>
        <p className="muted">Weekly shop · shared with Sam</p>
      </header>
      <AddItemForm onAdd={(item) => setItems((all) => [...all, { ...item, id: Date.now(), bought: false }])} />
      <ul className="items">
        {items.map((item) => (
          <ItemRow key={item.id} item={item} onChange={(p) => change(item.id, p)} onRemove={() => setItems((all) => all.filter((i) => i.id !== item.id))} />
        ))}
      </ul>
      <footer className="summary">
        <span id="remaining">{toBuy.length} of {items.length} still to buy</span>
        <button type="button" className="link" onClick={() => setItems((all) => all.filter((i) => !i.bought))}>Remove bought items</button>
      </footer>
    </main>
  );
}

createRoot(document.getElementById("root")).render(<App />);
