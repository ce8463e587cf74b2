// A TodoMVC in Vue 3 (in-DOM template compiled at run time): @keyup.enter adds, the
// checkbox is a transparent input, delete shows on hover, double-click edits.
import { createApp } from "vue/dist/vue.esm-bundler.js";

createApp({
  data: () => ({
    draft: "",
    editing: null,
    todos: [
      { id: 1, title: "Buy milk", done: false },
      { id: 2, title: "Buy bread", done: false },
      { id: 3, title: "Walk the dog", done: false },
    ],
  }),
  computed: { left() { return this.todos.filter((t) => !t.done).length; } },
  methods: {
    add() {
      if (!this.draft.trim()) return;
      this.todos.push({ id: Date.now(), title: this.draft.trim(), done: false });
      this.draft = "";
    },
    edit(t) {
      this.editing = t.id;
      this.$nextTick(() => document.querySelector("li.editing .edit").focus());
    },
    done(t, e) {
      if (this.editing !== t.id) return;
      t.title = e.target.value.trim();
      this.editing = null;
    },
    remove(t) { this.todos = this.todos.filter((x) => x !== t); },
  },
  template: `
    <section class="todoapp">
      <header><h1>todos</h1>
        <input class="new-todo" placeholder="What needs to be done?" v-model="draft" @keyup.enter="add"></header>
      <ul class="todo-list">
        <li v-for="t in todos" :key="t.id" :class="{ completed: t.done, editing: editing === t.id }">
          <div class="view">
            <input class="toggle" type="checkbox" v-model="t.done">
            <label @dblclick="edit(t)">{{ t.title }}</label>
            <button class="destroy" @click="remove(t)"></button>
          </div>
          <input class="edit" :value="t.title" @keyup.enter="done(t, $event)" @blur="done(t, $event)">
        </li>
      </ul>
      <footer class="footer"><span class="todo-count">{{ left }} {{ left === 1 ? "item" : "items" }} left</span></footer>
    </section>`,
}).mount("#app");
