// Shop orders table in Vue 3: search, status filter, sortable headers, 8 rows a page,
// row actions (Archive, Refund with an inline confirmation) that show on row hover, and a
// bulk "Mark as shipped". State in window.orders / window.archivedOrders.
const STATUSES = ["Pending", "Paid", "Shipped", "Refunded"];
const COLUMNS = [
  { key: "id", label: "Order" },
  { key: "customer", label: "Customer" },
  { key: "date", label: "Date" },
  { key: "items", label: "Items" },
  { key: "total", label: "Total" },
  { key: "status", label: "Status" },
];
const SEED = [
  [1043, "Lena Fischer", "2026-12-06", 2, 58.0, "Pending"],
  [1042, "Marcus Reid", "2026-12-06", 1, 24.5, "Paid"],
  [1041, "Aisha Bello", "2026-12-05", 3, 112.9, "Paid"],
  [1040, "Diego Alvarez", "2026-12-05", 1, 89.0, "Paid"],
  [1039, "Lena Fischer", "2026-12-04", 4, 146.2, "Paid"],
  [1038, "Yuki Tanaka", "2026-12-04", 1, 19.99, "Shipped"],
  [1037, "Owen Price", "2026-12-03", 2, 64.4, "Shipped"],
  [1036, "Fatima Zahra", "2026-12-03", 5, 203.75, "Pending"],
  [1035, "Marcus Reid", "2026-12-02", 1, 35.0, "Refunded"],
  [1034, "Nora Lindqvist", "2026-12-02", 2, 47.8, "Shipped"],
  [1033, "Jack O'Neill", "2026-12-01", 3, 91.3, "Shipped"],
  [1032, "Priya Nair", "2026-11-30", 1, 12.0, "Pending"],
  [1031, "Lena Fischer", "2026-11-29", 2, 55.5, "Shipped"],
  [1030, "Tomás Silva", "2026-11-29", 6, 318.6, "Shipped"],
  [1029, "Emma Dubois", "2026-11-28", 1, 29.9, "Shipped"],
  [1028, "Owen Price", "2026-11-27", 2, 70.0, "Refunded"],
  [1027, "Sara Cohen", "2026-11-26", 3, 98.45, "Shipped"],
  [1026, "Ali Rahimi", "2026-11-26", 1, 15.0, "Shipped"],
  [1025, "Grace Kim", "2026-11-25", 2, 61.2, "Shipped"],
  [1024, "Aisha Bello", "2026-11-24", 1, 33.3, "Shipped"],
];
const PER_PAGE = 8;

Vue.createApp({
  setup() {
    return { STATUSES, COLUMNS };
  },
  data() {
    return {
      rows: SEED.map(([id, customer, date, items, total, status]) => ({ id, customer, date, items, total, status })),
      archived: [],
      query: "",
      status: "",
      sortKey: "date",
      sortDir: "descending",
      page: 1,
      selected: [],
      refunding: null,
    };
  },
  computed: {
    filtered() {
      const q = this.query.trim().toLowerCase().replace(/^#/, "");
      return this.rows.filter((o) => (!this.status || o.status === this.status) && (!q || String(o.id).includes(q) || o.customer.toLowerCase().includes(q)));
    },
    sorted() {
      const dir = this.sortDir === "ascending" ? 1 : -1;
      const key = this.sortKey;
      return this.filtered.slice().sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : b.id - a.id) * dir);
    },
    pages() {
      return Math.max(1, Math.ceil(this.filtered.length / PER_PAGE));
    },
    pageRows() {
      return this.sorted.slice((this.page - 1) * PER_PAGE, this.page * PER_PAGE);
    },
    allOnPageSelected() {
      return this.pageRows.length > 0 && this.pageRows.every((o) => this.selected.includes(o.id));
    },
    rangeText() {
      if (!this.filtered.length) return "0 orders";
      const first = (this.page - 1) * PER_PAGE + 1;
      return `${first}–${first + this.pageRows.length - 1} of ${this.filtered.length} orders`;
    },
  },
  watch: {
    query() { this.page = 1; this.publish(); },
    status() { this.page = 1; this.publish(); },
    rows: { handler() { this.publish(); }, deep: true, immediate: true },
    page() { this.publish(); },
  },
  methods: {
    publish() {
      window.orders = JSON.parse(JSON.stringify(this.rows));
      window.archivedOrders = this.archived.map((o) => o.id);
      window.ordersView = { page: this.page, sortKey: this.sortKey, sortDir: this.sortDir, status: this.status, query: this.query };
    },
    money(n) {
      return "$" + n.toFixed(2);
    },
    formatDate(iso) {
      return new Date(iso + "T12:00:00").toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" });
    },
    sortBy(key) {
      this.sortDir = this.sortKey === key && this.sortDir === "ascending" ? "descending" : "ascending";
      this.sortKey = key;
      this.page = 1;
      this.publish();
    },
    toggleAll(on) {
      const ids = this.pageRows.map((o) => o.id);
      this.selected = on ? [...new Set([...this.selected, ...ids])] : this.selected.filter((id) => !ids.includes(id));
    },
    markShipped() {
      this.rows.forEach((o) => { if (this.selected.includes(o.id) && o.status !== "Refunded") o.status = "Shipped"; });
      this.selected = [];
    },
    archive(order) {
      this.archived.push(order);
      this.rows = this.rows.filter((o) => o.id !== order.id);
      this.selected = this.selected.filter((id) => id !== order.id);
      this.page = Math.min(this.page, this.pages);
    },
    refund(order) {
      order.status = "Refunded";
      this.refunding = null;
    },
  },
}).mount("#orders-app");
