// A sprint taskboard in Vue 3: composer with a priority select, cards with per-card
// priority, move buttons and a "More actions" menu (Duplicate, Delete). Persisted to localStorage.
const BOARD_KEY = "sprint-board";
const PRIORITIES = ["Low", "Medium", "High", "Urgent"];
const PEOPLE = ["Unassigned", "Priya", "Marco", "Sam"];
const COLUMNS = [
  { id: "todo", name: "To do" },
  { id: "doing", name: "In progress" },
  { id: "done", name: "Done" },
];
const STARTER_CARDS = [
  { id: 101, title: "Fix login redirect loop", priority: "High", assignee: "Priya", status: "todo" },
  { id: 102, title: "Update privacy policy page", priority: "Low", assignee: "Marco", status: "todo" },
  { id: 103, title: "Migrate CI to new runners", priority: "Medium", assignee: "Sam", status: "doing" },
  { id: 104, title: "Write release notes for 2.4", priority: "Medium", assignee: "Priya", status: "done" },
];

function loadCards() {
  const raw = localStorage.getItem(BOARD_KEY);
  return raw === null ? STARTER_CARDS : JSON.parse(raw);
}

Vue.createApp({
  data() {
    return { cards: loadCards(), draft: "", draftPriority: "Medium", draftAssignee: "Unassigned", error: "", openMenu: null };
  },
  watch: {
    cards: {
      handler(cards) {
        localStorage.setItem(BOARD_KEY, JSON.stringify(cards));
        window.board = JSON.parse(JSON.stringify(cards));
      },
      deep: true,
      immediate: true,
    },
  },
  methods: {
    inColumn(id) {
      return this.cards.filter((c) => c.status === id);
    },
    addCard() {
      const title = this.draft.trim();
      if (!title) {
        this.error = "Give the task a title first.";
        return;
      }
      this.error = "";
      this.cards.push({ id: Date.now(), title, priority: this.draftPriority, assignee: this.draftAssignee, status: "todo" });
      this.draft = "";
      this.draftPriority = "Medium";
      this.draftAssignee = "Unassigned";
    },
    move(card, status) {
      card.status = status;
    },
    duplicate(card) {
      this.cards.push({ ...card, id: Date.now(), title: `${card.title} (copy)` });
      this.openMenu = null;
    },
    remove(card) {
      this.cards = this.cards.filter((c) => c.id !== card.id);
      this.openMenu = null;
    },
    initials(name) {
      return name === "Unassigned" ? "?" : name[0];
    },
  },
  template: `
    <header class="topbar"><h1>Sprint 42</h1><span class="crumbs">Web team / Board</span></header>
    <div class="composer">
      <input type="text" v-model="draft" placeholder="What needs doing?" @keydown.enter.prevent>
      <label>Priority
        <select v-model="draftPriority"><option v-for="p in PRIORITIES" :key="p">{{ p }}</option></select>
      </label>
      <label>Assignee
        <select v-model="draftAssignee"><option v-for="p in PEOPLE" :key="p">{{ p }}</option></select>
      </label>
      <div class="btn" role="button" tabindex="0" @click="addCard" @keydown.enter="addCard">Add task</div>
      <p class="hint" v-if="error" role="alert">{{ error }}</p>
    </div>
    <main class="columns">
      <section class="column" v-for="col in COLUMNS" :key="col.id" :data-column="col.id">
        <h2>{{ col.name }} <span class="n">{{ inColumn(col.id).length }}</span></h2>
        <article class="card" v-for="card in inColumn(col.id)" :key="card.id" :data-card="card.title">
          <p class="title">{{ card.title }}</p>
          <div class="meta">
            <span class="pill" :class="card.priority.toLowerCase()">{{ card.priority }}</span>
            <select :aria-label="'Priority for ' + card.title" v-model="card.priority">
              <option v-for="p in PRIORITIES" :key="p">{{ p }}</option>
            </select>
            <span class="avatar" aria-hidden="true">{{ initials(card.assignee) }}</span><span class="who">{{ card.assignee }}</span>
          </div>
          <div class="moves">
            <button v-if="card.status === 'todo'" @click="move(card, 'doing')">Start →</button>
            <button v-if="card.status === 'doing'" @click="move(card, 'todo')">← Back</button>
            <button v-if="card.status === 'doing'" @click="move(card, 'done')">Done ✓</button>
            <button v-if="card.status === 'done'" @click="move(card, 'doing')">Reopen</button>
          </div>
          <button class="kebab" :aria-label="'More actions for ' + card.title" aria-haspopup="menu" :aria-expanded="openMenu === card.id ? 'true' : 'false'" @click="openMenu = openMenu === card.id ? null : card.id">⋯</button>
          <div class="menu" role="menu" v-if="openMenu === card.id">
            <span role="menuitem" tabindex="-1" @click="duplicate(card)">Duplicate</span>
            <span role="menuitem" tabindex="-1" class="danger" @click="remove(card)">Delete</span>
          </div>
        </article>
      </section>
    </main>
  `,
  setup() {
    return { PRIORITIES, PEOPLE, COLUMNS };
  },
}).mount("#board-app");
