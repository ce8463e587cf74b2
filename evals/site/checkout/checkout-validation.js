// Client-side validation for the Bootstrap-style checkout pages, in the way the
// Bootstrap examples do it: `novalidate` on the form, `.was-validated` after the first
// submit attempt, custom messages through setCustomValidity.
(function () {
  var REGIONS = {
    US: ['Alabama', 'Arizona', 'California', 'Colorado', 'Florida', 'Georgia', 'Illinois', 'Massachusetts', 'New York', 'North Carolina', 'Oregon', 'Pennsylvania', 'Texas', 'Washington'],
    CA: ['Alberta', 'British Columbia', 'Manitoba', 'Nova Scotia', 'Ontario', 'Quebec', 'Saskatchewan'],
    MX: ['Ciudad de México', 'Jalisco', 'Nuevo León', 'Oaxaca', 'Yucatán']
  };
  var ZIP = { US: /^\d{5}(-\d{4})?$/, CA: /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/, MX: /^\d{5}$/ };

  function luhn(digits) {
    var sum = 0, alt = false;
    for (var i = digits.length - 1; i >= 0; i--) {
      var d = +digits[i];
      if (alt) { d *= 2; if (d > 9) d -= 9; }
      sum += d; alt = !alt;
    }
    return sum % 10 === 0;
  }

  function expiryProblem(text) {
    var m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text);
    if (!m) return text ? 'Use the format MM/YY' : 'Expiration date required';
    var month = +m[1], year = +m[2];
    if (year < 100) year += 2000;
    if (month < 1 || month > 12) return 'Use the format MM/YY';
    var now = new Date();
    if (year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1)) return 'This card has expired';
    return '';
  }

  function setProblem(input, feedback, message) {
    input.setCustomValidity(message);
    if (feedback && message) feedback.textContent = message;
  }

  function fillStates(country, state) {
    var keep = state.value;
    state.innerHTML = '<option value="">Choose...</option>';
    (REGIONS[country.value] || []).forEach(function (name) {
      var o = document.createElement('option'); o.value = name; o.textContent = name; state.appendChild(o);
    });
    if ((REGIONS[country.value] || []).indexOf(keep) >= 0) state.value = keep;
    var label = document.querySelector('label[for="' + state.id + '"]');
    if (label) label.textContent = country.value === 'CA' ? 'Province' : 'State';
  }

  function init(opts) {
    var form = opts.form, $ = function (id) { return document.getElementById(id); };
    var country = $('country'), state = $('state');
    country.addEventListener('change', function () { fillStates(country, state); });
    fillStates(country, state);

    function cardFieldsOn() { return !$('paypal') || !$('paypal').checked; }
    function togglePayment() {
      var on = cardFieldsOn();
      $('card-fields').classList.toggle('d-none', !on);
      var note = $('paypal-note'); if (note) note.classList.toggle('d-none', on);
      ['cc-name', 'cc-number', 'cc-expiration', 'cc-cvv'].forEach(function (id) { $(id).required = on; $(id).disabled = !on; });
      var numberLabel = document.querySelector('label[for="cc-number"]');
      if (numberLabel) numberLabel.textContent = $('debit') && $('debit').checked ? 'Debit card number' : 'Credit card number';
    }
    form.querySelectorAll('input[name="paymentMethod"]').forEach(function (r) { r.addEventListener('change', togglePayment); });
    togglePayment();

    function check() {
      var zip = $('zip'), rule = ZIP[country.value];
      setProblem(zip, $('zip-feedback'), !zip.value.trim() ? 'Zip code required.' : (rule && !rule.test(zip.value.trim()) ? 'Please enter a valid zip code.' : ''));
      if (cardFieldsOn()) {
        var digits = $('cc-number').value.replace(/[\s-]/g, '');
        setProblem($('cc-number'), $('cc-number-feedback'), !digits ? 'Credit card number is required' : (!/^\d{13,19}$/.test(digits) || !luhn(digits) ? 'Please enter a valid card number' : ''));
        setProblem($('cc-expiration'), $('cc-expiration-feedback'), expiryProblem($('cc-expiration').value));
        $('cc-cvv').setCustomValidity($('cc-cvv').value && !/^\d{3,4}$/.test($('cc-cvv').value.trim()) ? 'bad' : '');
      }
      if (opts.extraCheck) opts.extraCheck();
      return form.checkValidity();
    }
    form.addEventListener('input', function () { if (form.classList.contains('was-validated')) check(); });
    form.addEventListener('change', function () { if (form.classList.contains('was-validated')) check(); });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      event.stopPropagation();
      var ok = check();
      form.classList.add('was-validated');
      if (!ok) { window.checkoutErrors = (window.checkoutErrors || 0) + 1; return; }
      var data = {};
      new FormData(form).forEach(function (v, k) { data[k] = v; });
      data.sameAddress = $('same-address').checked;
      data.saveInfo = $('save-info').checked;
      if (opts.collect) opts.collect(data);
      var number = opts.orderPrefix + '-' + (10400 + Math.floor(Math.random() * 500));
      window.lastSubmitted = data;
      sessionStorage.setItem('lastOrder', JSON.stringify(data));
      $('order-number').textContent = number;
      $('confirmation-detail').textContent = data.email ? 'A receipt is on its way to ' + data.email + '.' : 'Keep this number for your records.';
      $('order-confirmation').classList.remove('d-none');
      $('checkout-row').classList.add('d-none');
      window.scrollTo(0, 0);
    });
  }
  window.FernCheckout = { init: init };
})();
