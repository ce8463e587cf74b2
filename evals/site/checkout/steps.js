// Three-step checkout (information → shipping → payment) in one page, the way hosted
// shop checkouts do it: ?step= in the URL, each step its own form, inline errors.
(function () {
  var STEPS = ['information', 'shipping', 'payment'];
  var RATES = { tracked48: ['Royal Mail Tracked 48', 0], 'dpd-next-day': ['DPD Next Day', 5.95], collect: ['Click & collect — Bristol roastery', 0] };
  var POSTCODES = { 'United Kingdom': /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i, Ireland: /^[A-Z]\d[\dW] ?[A-Z\d]{4}$/i,
                    France: /^\d{5}$/, Germany: /^\d{5}$/, Spain: /^\d{5}$/, Netherlands: /^\d{4} ?[A-Z]{2}$/i };
  var $ = function (id) { return document.getElementById(id); };
  var order = window.checkoutState = { step: 'information' };

  function show(step, push) {
    STEPS.concat(['thank-you']).forEach(function (s) { $(s).hidden = s !== step; });
    STEPS.forEach(function (s, i) {
      var crumb = $('crumb-' + s);
      crumb.className = s === step ? 'current' : (STEPS.indexOf(step) > i || step === 'thank-you' ? '' : 'todo');
    });
    order.step = step;
    if (push) history.pushState({ step: step }, '', '?step=' + step);
    document.querySelectorAll('[data-review="email"]').forEach(function (el) { el.textContent = $('email').value; });
    document.querySelectorAll('[data-review="address"]').forEach(function (el) {
      el.textContent = [$('address1').value, $('address2').value, $('city').value, $('postcode').value.toUpperCase(), $('country').value].filter(Boolean).join(', ');
    });
    var rate = RATES[document.querySelector('input[name=rate]:checked').value];
    document.querySelectorAll('[data-review="rate"]').forEach(function (el) { el.textContent = rate[0]; });
    if (step !== 'information') {
      $('ship-cost').textContent = rate[1] ? '£' + rate[1].toFixed(2) : 'Free';
      $('grand-total').textContent = '£' + (47.5 + rate[1]).toFixed(2);
    }
  }

  function flag(id, problem, messageId) {
    var field = $(id).closest('.field');
    field.classList.toggle('invalid', !!problem);
    $(id).setAttribute('aria-invalid', problem ? 'true' : 'false');
    if (problem && messageId) $(messageId).textContent = problem;
    return !problem;
  }

  function validInformation() {
    var ok = true, email = $('email').value.trim(), pc = $('postcode').value.trim();
    ok = flag('email', !email ? 'Enter an email' : (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? 'Enter a valid email' : '')) && ok;
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) $('email').closest('.field').querySelector('.error').textContent = 'Enter a valid email';
    ok = flag('last-name', !$('last-name').value.trim()) && ok;
    ok = flag('address1', !$('address1').value.trim()) && ok;
    ok = flag('city', !$('city').value.trim()) && ok;
    ok = flag('postcode', !pc ? 'Enter a postcode' : (!POSTCODES[$('country').value].test(pc) ? 'Enter a valid postcode for ' + $('country').value : ''), 'postcode-error') && ok;
    return ok;
  }

  function validPayment() {
    if (!$('method-card').checked) return true;
    var ok = true, digits = $('card-number').value.replace(/\D/g, '');
    ok = flag('card-number', !digits ? 'Enter a card number' : (digits.length < 13 || digits.length > 19 ? 'Enter a valid card number' : ''), 'card-number-error') && ok;
    var m = /^\s*(\d{1,2})\s*\/\s*(\d{2})\s*$/.exec($('card-expiry').value), bad = !m || +m[1] < 1 || +m[1] > 12;
    var now = new Date();
    if (!bad && (2000 + +m[2] < now.getFullYear() || (2000 + +m[2] === now.getFullYear() && +m[1] < now.getMonth() + 1))) {
      ok = flag('card-expiry', 'Your card has expired', 'card-expiry-error') && ok;
    } else {
      ok = flag('card-expiry', bad ? 'Enter a valid expiration date' : '', 'card-expiry-error') && ok;
    }
    ok = flag('card-cvc', !/^\d{3,4}$/.test($('card-cvc').value.trim())) && ok;
    ok = flag('card-name', !$('card-name').value.trim()) && ok;
    return ok;
  }

  $('information').addEventListener('submit', function (e) { e.preventDefault(); if (validInformation()) show('shipping', true); });
  $('shipping').addEventListener('submit', function (e) { e.preventDefault(); show('payment', true); });
  $('payment').addEventListener('submit', function (e) {
    e.preventDefault();
    if (!validPayment()) return;
    var data = {};
    ['information', 'shipping', 'payment'].forEach(function (f) { new FormData($(f)).forEach(function (v, k) { data[k] = v; }); });
    data.marketing = $('marketing').checked; data.billingSame = $('billing-same').checked;
    window.lastSubmitted = data;
    var ref = '#' + (1040 + Math.floor(Math.random() * 50));
    $('order-ref').textContent = 'Order ' + ref;
    $('thanks-heading').textContent = 'Thank you' + (data.firstName ? ', ' + data.firstName : '') + '!';
    show('thank-you', false);
    history.pushState({ step: 'thank-you' }, '', '?step=thank-you');
  });
  document.querySelectorAll('input[name=method]').forEach(function (r) {
    r.addEventListener('change', function () { $('card-box').hidden = !$('method-card').checked; });
  });
  document.querySelectorAll('[data-goto]').forEach(function (a) {
    a.href = '?step=' + a.dataset.goto;
    a.addEventListener('click', function (e) { e.preventDefault(); show(a.dataset.goto, true); });
  });
  window.addEventListener('popstate', function (e) { show((e.state && e.state.step) || 'information', false); });
  show('information', false);
})();
