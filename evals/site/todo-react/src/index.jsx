import { useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";

const STORAGE_KEY = "todos-react";

function loadTodos() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY)) || [];
  } catch {
    return [];
  }
}

function useRoute() {
  const read = () => window.location.hash.replace(/^#\/?/, "") || "all";
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onHash = () => setRoute(read());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  return route;
}

function TodoItem({ todo, onToggle, onDestroy, onSave }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(todo.title);
  const input = useRef(null);
  useEffect(() => {
    if (editing) input.current.focus();
  }, [editing]);

  const finish = () => {
    if (!editing) return;
    setEditing(false);
    const title = draft.trim();
    if (title) onSave(title);
    else onDestroy();
  };
  const onKeyDown = (e) => {
    if (e.key === "Enter") finish();
    if (e.key === "Escape") {
      setDraft(todo.title);
      setEditing(false);
    }
  };
  const classes = [todo.completed && "completed", editing && "editing"].filter(Boolean).join(" ");
  return (
    <li className={classes} data-testid="todo-item">
      <div className="view">
        <input className="toggle" type="checkbox" checked={todo.completed} onChange={onToggle} />
        <label onDoubleClick={() => { setDraft(todo.title); setEditing(true); }}>{todo.title}</label>
        <button className="destroy" onClick={onDestroy} />
      </div>
      {editing && (
        <input ref={input} className="edit" value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={finish} onKeyDown={onKeyDown} />
      )}
    </li>
  );
}

function App() {
  const [todos, setTodos] = useState(loadTodos);
  const [title, setTitle] = useState("");
  const route = useRoute();
  useEffect(() => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(todos));
  }, [todos]);

  const update = (id, patch) => setTodos((all) => all.map((t) => (t.id === id ? { ...t, ...patch } : t)));
  const remove = (id) => setTodos((all) => all.filter((t) => t.id !== id));
  const onNewKeyDown = (e) => {
    if (e.key !== "Enter") return;
    const value = title.trim();
    if (!value) return;
    setTodos((all) => [...all, { id: Date.now() + Math.random(), title: value, completed: false }]);
    setTitle("");
  };
  const active = todos.filter((t) => !t.completed).length;
  const completed = todos.length - active;
  const shown = todos.filter((t) => (route === "active" ? !t.completed : route === "completed" ? t.completed : true));
  const link = (name, href, label) => (
    <li><a className={route === name ? "selected" : ""} href={href}>{label}</a></li>
  );
  return (
    <>
      <header className="header">
        <h1>todos</h1>
        <input className="new-todo" placeholder="What needs to be done?" autoFocus value={title} onChange={(e) => setTitle(e.target.value)} onKeyDown={onNewKeyDown} />
      </header>
      {todos.length > 0 && (
        <section className="main">
          <input id="toggle-all" className="toggle-all" type="checkbox" checked={active === 0} onChange={(e) => setTodos((all) => all.map((t) => ({ ...t, completed: e.target.checked })))} />
          <label htmlFor="toggle-all">Mark all as complete</label>
          <ul className="todo-list">
            {shown.map((todo) => (
              <TodoItem key={todo.id} todo={todo} onToggle={() => update(todo.id, { completed: !todo.completed })} onDestroy={() => remove(todo.id)} onSave={(t) => update(todo.id, { title: t })} />
            ))}
          </ul>
        </section>
      )}
      {todos.length > 0 && (
        <footer className="footer">
          <span className="todo-count"><strong>{active}</strong> {active === 1 ? "item" : "items"} left</span>
          <ul className="filters">
            {link("all", "#/", "All")}
            {link("active", "#/active", "Active")}
            {link("completed", "#/completed", "Completed")}
          </ul>
          {completed > 0 && (
            <button className="clear-completed" onClick={() => setTodos((all) => all.filter((t) => !t.completed))}>Clear completed</button>
          )}
        </footer>
      )}
    </>
  );
}

createRoot(document.querySelector(".todoapp")).render(<App />);
