// TodoMVC in Vue 3 (global build), persisted to localStorage.
const STORAGE_KEY = "todos-vuejs";
const STARTER = [
  { id: 1, title: "Learn Vue", completed: false },
  { id: 2, title: "Write the quarterly report", completed: true },
  { id: 3, title: "Book flights to Lisbon", completed: false },
  { id: 4, title: "Renew gym membership", completed: false },
];
const todoStorage = {
  fetch() {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw === null ? STARTER : JSON.parse(raw);
  },
  save(todos) {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(todos));
  },
};
const filters = {
  all: (todos) => todos,
  active: (todos) => todos.filter((t) => !t.completed),
  completed: (todos) => todos.filter((t) => t.completed),
};

const app = Vue.createApp({
  data() {
    return { todos: todoStorage.fetch(), newTodo: "", editedTodo: null, beforeEditCache: "", visibility: "all" };
  },
  watch: {
    todos: { handler: todoStorage.save, deep: true, immediate: true },
  },
  computed: {
    filteredTodos() {
      return filters[this.visibility](this.todos);
    },
    remaining() {
      return filters.active(this.todos).length;
    },
    allDone: {
      get() {
        return this.remaining === 0;
      },
      set(value) {
        this.todos.forEach((todo) => { todo.completed = value; });
      },
    },
  },
  methods: {
    addTodo() {
      const value = this.newTodo && this.newTodo.trim();
      if (!value) return;
      this.todos.push({ id: Date.now(), title: value, completed: false });
      this.newTodo = "";
    },
    removeTodo(todo) {
      this.todos.splice(this.todos.indexOf(todo), 1);
    },
    editTodo(todo) {
      this.beforeEditCache = todo.title;
      this.editedTodo = todo;
    },
    doneEdit(todo) {
      if (!this.editedTodo) return;
      this.editedTodo = null;
      todo.title = todo.title.trim();
      if (!todo.title) this.removeTodo(todo);
    },
    cancelEdit(todo) {
      this.editedTodo = null;
      todo.title = this.beforeEditCache;
    },
    removeCompleted() {
      this.todos = filters.active(this.todos);
    },
  },
  directives: {
    "todo-focus": { mounted: (el) => el.focus() },
  },
});
const vm = app.mount("#app");

function onHashChange() {
  const visibility = window.location.hash.replace(/#\/?/, "");
  if (filters[visibility]) {
    vm.visibility = visibility;
  } else {
    window.location.hash = "";
    vm.visibility = "all";
  }
}
window.addEventListener("hashchange", onHashChange);
onHashChange();
