// Listing with filters that take effect only on "Apply filters"; sort applies at once;
// 8 results a page. The applied state is in the URL and in window.searchState.
(function () {
  var PER_PAGE = 8, $ = function (id) { return document.getElementById(id); };
  var CAT_NAMES = { fiction: 'Fiction', mystery: 'Mystery & Thriller', science: 'Science & Nature', history: 'History', children: "Children's", cookery: 'Food & Drink' };
  var url = new URLSearchParams(location.search);
  var state = window.searchState = {
    q: url.get('q') || '', cats: url.get('cat') ? url.get('cat').split(',') : [], min: url.get('min') || '', max: url.get('max') || '',
    format: url.get('format') || '', sort: url.get('sort') || 'relevance', page: +(url.get('page') || 1)
  };
  var basket = window.basket = JSON.parse(localStorage.getItem('marginalia-basket') || '[]');

  function syncControls() {
    $('q').value = state.q;
    document.querySelectorAll('input[name=cat]').forEach(function (c) { c.checked = state.cats.indexOf(c.value) >= 0; });
    $('price-min').value = state.min; $('price-max').value = state.max; $('format').value = state.format; $('sort').value = state.sort;
  }
  function matches(b) {
    var q = state.q.toLowerCase();
    if (q && (b.title + ' ' + b.author).toLowerCase().indexOf(q) < 0) return false;
    if (state.cats.length && state.cats.indexOf(b.category) < 0) return false;
    if (state.min !== '' && b.price < +state.min) return false;
    if (state.max !== '' && b.price > +state.max) return false;
    if (state.format && b.format !== state.format) return false;
    return true;
  }
  var SORTS = {
    relevance: function () { return 0; },
    'price-asc': function (a, b) { return a.price - b.price; }, 'price-desc': function (a, b) { return b.price - a.price; },
    newest: function (a, b) { return b.year - a.year; }, title: function (a, b) { return a.title.localeCompare(b.title); }
  };
  function render() {
    var list = window.BOOKS.filter(matches).sort(SORTS[state.sort]);
    var pages = Math.max(1, Math.ceil(list.length / PER_PAGE));
    state.page = Math.min(Math.max(1, state.page), pages);
    state.total = list.length;
    var shown = list.slice((state.page - 1) * PER_PAGE, state.page * PER_PAGE);
    $('result-count').textContent = list.length ? list.length + (list.length === 1 ? ' result' : ' results') + ' · showing ' + ((state.page - 1) * PER_PAGE + 1) + '–' + ((state.page - 1) * PER_PAGE + shown.length) : '0 results';
    $('results').innerHTML = '';
    if (!list.length) $('results').innerHTML = '<p class="empty">No books match these filters. Try widening the price range or clearing a category.</p>';
    shown.forEach(function (b) {
      var el = document.createElement('article'); el.className = 'book'; el.dataset.id = b.id;
      el.innerHTML = '<div class="cover" aria-hidden="true"></div><h3 class="title"></h3><p class="author"></p><p class="meta"></p><div class="price"></div><button type="button">Add to basket</button>';
      el.querySelector('.title').textContent = b.title; el.querySelector('.author').textContent = b.author;
      el.querySelector('.meta').textContent = b.format[0].toUpperCase() + b.format.slice(1) + ' · ' + b.year + ' · ' + CAT_NAMES[b.category];
      el.querySelector('.price').textContent = '£' + b.price.toFixed(2);
      el.querySelector('button').setAttribute('aria-label', 'Add ' + b.title + ' to basket');
      el.querySelector('button').addEventListener('click', function () { add(b.id); });
      $('results').appendChild(el);
    });
    var nav = $('pagination'); nav.innerHTML = '';
    function pageButton(label, page, opts) {
      var btn = document.createElement('button'); btn.type = 'button'; btn.textContent = label;
      if (opts && opts.aria) btn.setAttribute('aria-label', opts.aria);
      if (page === state.page && !(opts && opts.arrow)) btn.setAttribute('aria-current', 'page');
      btn.disabled = page < 1 || page > pages || (opts && opts.arrow && page === state.page);
      btn.addEventListener('click', function () { state.page = page; render(); window.scrollTo(0, 0); });
      nav.appendChild(btn);
    }
    if (pages > 1) {
      pageButton('‹ Previous', state.page - 1, { arrow: true, aria: 'Previous page' });
      for (var i = 1; i <= pages; i++) pageButton(String(i), i, { aria: 'Page ' + i });
      pageButton('Next ›', state.page + 1, { arrow: true, aria: 'Next page' });
    }
    var chips = [];
    if (state.q) chips.push('“' + state.q + '”');
    state.cats.forEach(function (c) { chips.push(CAT_NAMES[c]); });
    if (state.min !== '' || state.max !== '') chips.push('£' + (state.min || '0') + ' – ' + (state.max ? '£' + state.max : 'any'));
    if (state.format) chips.push(state.format[0].toUpperCase() + state.format.slice(1));
    $('chips').innerHTML = chips.map(function (c) { return '<span class="chip"></span>'; }).join('');
    $('chips').querySelectorAll('.chip').forEach(function (el, i) { el.textContent = chips[i]; });
    var qs = new URLSearchParams();
    if (state.q) qs.set('q', state.q); if (state.cats.length) qs.set('cat', state.cats.join(','));
    if (state.min !== '') qs.set('min', state.min); if (state.max !== '') qs.set('max', state.max);
    if (state.format) qs.set('format', state.format); if (state.sort !== 'relevance') qs.set('sort', state.sort);
    if (state.page > 1) qs.set('page', state.page);
    history.replaceState(null, '', location.pathname + (qs.toString() ? '?' + qs : ''));
    $('basket-count').textContent = basket.reduce(function (n, l) { return n + l.qty; }, 0);
  }
  function add(id) {
    var line = basket.filter(function (l) { return l.id === id; })[0];
    if (line) line.qty += 1; else basket.push({ id: id, qty: 1 });
    localStorage.setItem('marginalia-basket', JSON.stringify(basket));
    $('basket-count').textContent = basket.reduce(function (n, l) { return n + l.qty; }, 0);
  }
  $('filters').addEventListener('submit', function (e) {
    e.preventDefault();
    state.cats = Array.prototype.filter.call(document.querySelectorAll('input[name=cat]'), function (c) { return c.checked; }).map(function (c) { return c.value; });
    state.min = $('price-min').value.trim(); state.max = $('price-max').value.trim(); state.format = $('format').value; state.page = 1;
    render();
  });
  $('clear').addEventListener('click', function () {
    state.cats = []; state.min = ''; state.max = ''; state.format = ''; state.page = 1; syncControls(); render();
  });
  $('sort').addEventListener('change', function () { state.sort = this.value; state.page = 1; render(); });
  $('search-form').addEventListener('submit', function (e) { e.preventDefault(); state.q = $('q').value.trim(); state.page = 1; render(); });
  syncControls(); render();
})();
