// A small ARIA 1.2 combobox (editable input + listbox popup), in the shape of the
// WAI-ARIA Authoring Practices "list autocomplete" pattern: the list filters as you type,
// and the field only has a value once an option is chosen (click, or arrows + Enter).
(function () {
  var uid = 0;
  function Combobox(input, opts) {
    this.input = input; this.opts = opts; this.items = []; this.active = -1; this.selected = null;
    this.list = document.getElementById(input.getAttribute('aria-controls'));
    var self = this, timer = null;
    input.setAttribute('role', 'combobox'); input.setAttribute('aria-autocomplete', 'list'); input.setAttribute('aria-expanded', 'false');
    input.setAttribute('autocomplete', 'off');
    input.addEventListener('input', function () {
      if (self.selected && input.value !== self.opts.label(self.selected)) self.choose(null, true);
      clearTimeout(timer);
      timer = setTimeout(function () { self.filter(input.value); }, opts.delay || 0);
    });
    input.addEventListener('focus', function () { if (opts.openOnFocus) self.filter(input.value); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        if (input.getAttribute('aria-expanded') !== 'true') self.filter(input.value);
        if (!self.items.length) return;
        self.move(e.key === 'ArrowDown' ? 1 : -1);
      } else if (e.key === 'Enter') {
        if (input.getAttribute('aria-expanded') === 'true' && self.active >= 0) { e.preventDefault(); self.choose(self.items[self.active]); }
        else if (opts.onEnter) { e.preventDefault(); opts.onEnter(input.value); }
      } else if (e.key === 'Escape') { self.close(); }
    });
    input.addEventListener('blur', function () { setTimeout(function () { self.close(); }, 150); });
  }
  Combobox.prototype.filter = function (text) {
    var q = text.trim().toLowerCase(), self = this;
    this.items = q || this.opts.openOnFocus ? this.opts.source.filter(function (o) { return self.opts.matches(o, q); }).slice(0, this.opts.max || 8) : [];
    this.active = -1; this.input.removeAttribute('aria-activedescendant');
    this.list.innerHTML = '';
    if (!q && !this.opts.openOnFocus) { this.close(); return; }
    if (!this.items.length) {
      var none = document.createElement('li'); none.className = 'no-results'; none.setAttribute('role', 'option'); none.setAttribute('aria-disabled', 'true');
      none.textContent = this.opts.emptyText || 'No matches'; this.list.appendChild(none);
    }
    this.items.forEach(function (o, i) {
      var li = document.createElement('li'); li.setAttribute('role', 'option'); li.id = self.list.id + '-opt-' + (++uid);
      li.setAttribute('aria-selected', 'false');
      li.innerHTML = self.opts.render ? self.opts.render(o) : '';
      if (!self.opts.render) li.textContent = self.opts.label(o);
      li.addEventListener('mousedown', function (e) { e.preventDefault(); });
      li.addEventListener('click', function () { self.choose(o); });
      self.list.appendChild(li);
    });
    this.list.hidden = false; this.input.setAttribute('aria-expanded', 'true');
  };
  Combobox.prototype.move = function (step) {
    var lis = this.list.querySelectorAll('[role=option]:not([aria-disabled])');
    this.active = (this.active + step + this.items.length) % this.items.length;
    lis.forEach(function (li) { li.setAttribute('aria-selected', 'false'); li.classList.remove('active'); });
    lis[this.active].setAttribute('aria-selected', 'true'); lis[this.active].classList.add('active');
    this.input.setAttribute('aria-activedescendant', lis[this.active].id);
    lis[this.active].scrollIntoView({ block: 'nearest' });
  };
  Combobox.prototype.choose = function (o, keepText) {
    this.selected = o;
    if (o && !this.opts.clearOnSelect) this.input.value = this.opts.label(o);
    if (o && this.opts.clearOnSelect) this.input.value = '';
    if (!keepText) this.close();
    this.opts.onChange(o);
  };
  Combobox.prototype.close = function () {
    this.list.hidden = true; this.input.setAttribute('aria-expanded', 'false'); this.input.removeAttribute('aria-activedescendant'); this.active = -1;
  };
  window.Combobox = Combobox;
})();
