(function () {
  var $ = function (id) { return document.getElementById(id); };
  function label(a) { return a.name === 'All airports' ? a.city + ' (All airports)' : a.city + ' ' + (a.name === a.city ? '' : a.name + ' ').replace(/^/, '') + '(' + a.code + ')'; }
  function norm(s) { return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); }
  function matches(a, q) { q = norm(q); return norm(a.city).indexOf(q) === 0 || norm(a.name).indexOf(q) >= 0 || a.code.toLowerCase() === q || norm(a.country).indexOf(q) === 0; }
  function render(a) {
    var span = document.createElement('span'); span.textContent = label(a);
    var small = document.createElement('small'); small.textContent = a.country;
    return '<span class="code">' + a.code + '</span>' + span.outerHTML + small.outerHTML;
  }
  window.flightSearch = { from: null, to: null };
  ['from', 'to'].forEach(function (which) {
    window.flightSearch[which + 'Box'] = new Combobox($(which + '-input'), {
      source: window.AIRPORTS, label: label, matches: matches, render: render, emptyText: 'No airports match',
      onChange: function (a) { $(which + '-code').value = a ? a.code : ''; window.flightSearch[which] = a ? a.code : null; if (a) setError(which, ''); }
    });
  });
  $('swap').addEventListener('click', function () {
    var f = window.flightSearch.fromBox, t = window.flightSearch.toBox, a = f.selected, b = t.selected;
    f.choose(b); t.choose(a); if (!b) $('from-input').value = ''; if (!a) $('to-input').value = '';
  });
  document.querySelectorAll('input[name=trip]').forEach(function (r) {
    r.addEventListener('change', function () { $('return-wrap').style.visibility = r.value === 'oneway' && r.checked ? 'hidden' : 'visible'; });
  });
  function setError(which, msg) {
    var input = $(which + '-input') || $(which);
    $(which + '-error').textContent = msg; input.setAttribute('aria-invalid', msg ? 'true' : 'false'); return !msg;
  }
  function today() { var d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); }
  $('flight-search').addEventListener('submit', function (e) {
    e.preventDefault();
    var s = window.flightSearch, ok = true, oneway = document.querySelector('input[name=trip]:checked').value === 'oneway';
    ok = setError('from', !s.from ? ($('from-input').value ? 'Choose a departure airport from the list' : 'Where are you flying from?') : '') && ok;
    ok = setError('to', !s.to ? ($('to-input').value ? 'Choose a destination from the list' : 'Where are you flying to?') : (s.to === s.from ? 'Origin and destination must be different' : '')) && ok;
    var dep = $('depart').value, ret = $('return').value;
    ok = setError('depart', !dep ? 'Choose a departure date' : (dep < today() ? 'Departure date is in the past' : '')) && ok;
    ok = setError('return', oneway ? '' : (!ret ? 'Choose a return date' : (dep && ret < dep ? 'Return must be after departure' : ''))) && ok;
    if (!ok) return;
    window.lastSubmitted = { trip: oneway ? 'oneway' : 'return', from: s.from, to: s.to, depart: dep, ret: oneway ? null : ret, passengers: +$('passengers').value, cabin: $('cabin').value };
    $('results-title').textContent = 'Flights from ' + $('from-input').value + ' to ' + $('to-input').value;
    $('results-sub').textContent = (oneway ? 'One way' : 'Return') + ' · ' + dep + (oneway ? '' : ' – ' + ret) + ' · ' + $('passengers').value + ' passenger(s) · ' + $('cabin').selectedOptions[0].text;
    $('results').hidden = false;
  });
})();
