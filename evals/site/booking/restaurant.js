// Reservation widget: time slots depend on the day of the week, past dates and
// Mondays are refused, more than 8 guests must phone.
(function () {
  var $ = function (id) { return document.getElementById(id); };
  function range(from, to) { // "HH:MM" slots every 30 minutes, last seating at `to`
    var out = [], t = from;
    while (t <= to) { out.push(String(Math.floor(t / 60)).padStart(2, '0') + ':' + String(t % 60).padStart(2, '0')); t += 30; }
    return out;
  }
  var SLOTS = { 0: range(720, 900), 1: [], 2: range(720, 840).concat(range(1050, 1260)), 3: null, 4: null, 5: null, 6: range(720, 1290) };
  SLOTS[3] = SLOTS[4] = SLOTS[5] = SLOTS[2];
  function today() { var d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); }
  $('res-date').min = today();
  function dayOf(value) { var p = value.split('-'); return new Date(+p[0], +p[1] - 1, +p[2]).getDay(); }
  function fillSlots() {
    var keep = $('res-time').value, v = $('res-date').value;
    var slots = v ? SLOTS[dayOf(v)] : range(720, 1290);
    $('res-time').innerHTML = '<option value="">Select a time</option>' + slots.map(function (s) { return '<option value="' + s + '">' + s + '</option>'; }).join('');
    if (slots.indexOf(keep) >= 0) $('res-time').value = keep;
  }
  $('res-date').addEventListener('change', fillSlots);
  $('res-date').addEventListener('input', fillSlots);
  fillSlots();
  function msg(input, box, text) { $(box).textContent = text || ''; $(input).setAttribute('aria-invalid', text ? 'true' : 'false'); return !text; }
  $('reservation').addEventListener('submit', function (e) {
    e.preventDefault();
    $('form-error').hidden = true;
    var date = $('res-date').value, ok = true;
    var dateProblem = !date ? 'Choose a date' : (date < today() ? 'Please choose a date in the future.' : (dayOf(date) === 1 ? "We're closed on Mondays." : ''));
    ok = msg('res-date', 'date-msg', dateProblem) && ok;
    ok = msg('res-time', 'time-msg', !dateProblem && !$('res-time').value ? 'Choose a time' : '') && ok;
    var g = $('guests').value;
    ok = msg('guests', 'guests-msg', !/^\d+$/.test(g) || +g < 1 ? 'Enter the number of guests' : (+g > 8 ? 'For more than 8 guests, please call us on 020 7946 0321.' : '')) && ok;
    ok = msg('res-name', 'name-msg', $('res-name').value.trim() ? '' : 'Enter a name for the booking') && ok;
    ok = msg('res-phone', 'phone-msg', $('res-phone').value.replace(/\D/g, '').length >= 7 ? '' : 'Enter a phone number we can reach you on') && ok;
    var em = $('res-email').value.trim();
    ok = msg('res-email', 'email-msg', em && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(em) ? 'Enter a valid email address' : '') && ok;
    if (!ok) { $('form-error').textContent = 'Please correct the highlighted fields.'; $('form-error').hidden = false; return; }
    var data = {};
    new FormData($('reservation')).forEach(function (v, k) { data[k] = v; });
    data.guests = +data.guests;
    window.lastSubmitted = data;
    var when = new Date(date + 'T00:00:00').toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    $('confirmation-text').textContent = data.guests + (data.guests === 1 ? ' guest' : ' guests') + ' on ' + when + ' at ' + data.time + ', under the name ' + data.name + '.';
    $('booking-ref').textContent = 'OL' + Math.floor(1000 + Math.random() * 9000);
    $('reservation').hidden = true; $('confirmation').hidden = false;
  });
})();
