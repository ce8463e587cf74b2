// A TodoMVC in React (hooks): Enter in the new-todo field adds (no form, no button), the
// checkbox is a transparent input, delete shows on hover, double-click edits.
import { useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";

function Item({ todo, onToggle, onDestroy, onSave }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(todo.title);
  const input = useRef(null);
  useEffect(() => {
    if (editing) input.current.focus();
  }, [editing]);
  const save = () => {
    if (!editing) return;
    setEditing(false);
    onSave(text.trim());
  };
  return (
    <li className={(todo.done ? "completed " : "") + (editing ? "editing" : "")}>
      <div className="view">
        <input className="toggle" type="checkbox" checked={todo.done} onChange={onToggle} />
        <label onDoubleClick={() => setEditing(true)}>{todo.title}</label>
        <button className="destroy" onClick={onDestroy} />
      </div>
      <input className="edit" ref={input} value={text} onChange={(e) => setText(e.target.value)}
        onBlur={save} onKeyDown={(e) => { if (e.key === "Enter") save(); }} />
    </li>
  );
}

function App() {
  const [todos, setTodos] = useState([
    { id: 1, title: "Buy milk", done: false },
    { id: 2, title: "Buy bread", done: false },
    { id: 3, title: "Walk the dog", done: false },
  ]);
  const [draft, setDraft] = useState("");
  const update = (id, patch) => setTodos((ts) => ts.map((t) => (t.id === id ? { ...t, ...patch } : t)));
  const left = todos.filter((t) => !t.done).length;
  return (
    <section className="todoapp">
      <header>
        <h1>todos</h1>
        <input className="new-todo" placeholder="What needs to be done?" value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== "Enter" || !draft.trim()) return;
            setTodos((ts) => [...ts, { id: Date.now(), title: draft.trim(), done: false }]);
            setDraft("");
          }} />
      </header>
      <ul className="todo-list">
        {todos.map((t) => (
          <Item key={t.id} todo={t} onToggle={() => update(t.id, { done: !t.done })}
            onDestroy={() => setTodos((ts) => ts.filter((x) => x.id !== t.id))}
            onSave={(title) => update(t.id, { title })} />
        ))}
      </ul>
      <footer className="footer"><span className="todo-count">{left} {left === 1 ? "item" : "items"} left</span></footer>
    </section>
  );
}

createRoot(document.getElementById("root")).render(<App />);
