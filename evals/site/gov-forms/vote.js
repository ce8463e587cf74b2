// "Register to vote": one question per screen in a single page (#hash steps),
// error summary with links, a postcode lookup, check answers, confirmation.
(function () {
  var ORDER = ['nationality', 'name', 'dob', 'nino', 'address', 'open-register', 'check', 'done'];
  var ADDRESSES = {
    'NB1 4QT': ['Flat 1, 22 Mill Lane, Northbridge', 'Flat 2, 22 Mill Lane, Northbridge', '24 Mill Lane, Northbridge', '26 Mill Lane, Northbridge'],
    'NB2 7HL': ['1 Orchard Close, Northbridge', '3 Orchard Close, Northbridge', '5 Orchard Close, Northbridge', 'The Old Forge, Orchard Close, Northbridge']
  };
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var answers = window.voteAnswers = JSON.parse(sessionStorage.getItem('vote') || '{}');
  var $ = function (id) { return document.getElementById(id); };
  var changing = false;

  function normPostcode(p) { p = p.toUpperCase().replace(/\s+/g, ''); return p.length > 3 ? p.slice(0, -3) + ' ' + p.slice(-3) : p; }
  function checkedValues(form, name) { return Array.prototype.filter.call(form.querySelectorAll('[name="' + name + '"]'), function (i) { return i.checked; }).map(function (i) { return i.value; }); }

  var RULES = {
    nationality: function (f) {
      var v = checkedValues(f, 'nationality');
      if (!v.length) return [['nationality', 'Select your nationality']];
      if (v.indexOf('other') >= 0 && !$('other-country').value.trim()) return [['other-country', 'Enter the name of the country']];
      return [];
    },
    name: function () {
      var p = [];
      if (!$('first-names').value.trim()) p.push(['first-names', 'Enter your first name']);
      if (!$('surname').value.trim()) p.push(['surname', 'Enter your last name']);
      return p;
    },
    dob: function () {
      var d = $('dob-day').value.trim(), m = $('dob-month').value.trim(), y = $('dob-year').value.trim();
      if (!d && !m && !y) return [['dob-day', 'Enter your date of birth']];
      if (!d || !m || !y) return [[!d ? 'dob-day' : !m ? 'dob-month' : 'dob-year', 'Date of birth must include a ' + (!d ? 'day' : !m ? 'month' : 'year')]];
      var date = new Date(+y, +m - 1, +d);
      if (!/^\d{4}$/.test(y) || date.getMonth() !== +m - 1 || date.getDate() !== +d) return [['dob-day', 'Date of birth must be a real date']];
      if (date > new Date()) return [['dob-day', 'Date of birth must be in the past']];
      var min = new Date(); min.setFullYear(min.getFullYear() - 14);
      if (date > min) return [['dob-day', 'You must be 14 or older to register to vote']];
      return [];
    },
    nino: function () {
      var n = $('nino').value.toUpperCase().replace(/\s/g, '');
      if (!n) return [['nino', 'Enter your National Insurance number']];
      if (!/^[A-Z]{2}\d{6}[A-D]$/.test(n)) return [['nino', 'Enter a National Insurance number in the correct format']];
      return [];
    },
    address: function () {
      if (!$('postcode').value.trim()) return [['postcode', 'Enter your postcode']];
      if ($('address-group').hidden || !$('address').value) return [['address', 'Select your address']];
      return [];
    },
    'open-register': function (f) { return checkedValues(f, 'open-register').length ? [] : [['open-register', 'Select yes if you want to be in the open register']]; },
    check: function () { return []; }
  };

  function clearErrors() {
    $('errors').innerHTML = '';
    document.querySelectorAll('.govuk-error-message').forEach(function (e) { e.remove(); });
    document.querySelectorAll('.govuk-form-group--error').forEach(function (g) { g.classList.remove('govuk-form-group--error'); });
    document.querySelectorAll('[aria-invalid]').forEach(function (i) { i.removeAttribute('aria-invalid'); });
  }
  function showErrors(problems) {
    var box = document.createElement('div'); box.className = 'govuk-error-summary'; box.setAttribute('role', 'alert'); box.tabIndex = -1;
    box.innerHTML = '<h2 class="govuk-error-summary__title">There is a problem</h2><ul class="govuk-error-summary__list"></ul>';
    problems.forEach(function (p) {
      var li = document.createElement('li'); li.innerHTML = '<a></a>'; li.firstChild.href = '#' + p[0]; li.firstChild.textContent = p[1];
      li.firstChild.addEventListener('click', function (e) { e.preventDefault(); $(p[0]).focus(); });
      box.querySelector('ul').appendChild(li);
      var group = $(p[0]).closest('.govuk-form-group'); group.classList.add('govuk-form-group--error');
      var msg = document.createElement('p'); msg.className = 'govuk-error-message'; msg.textContent = p[1];
      var anchor = group.querySelector('.govuk-hint') || group.querySelector('legend, label');
      if (anchor) anchor.insertAdjacentElement('afterend', msg); else group.insertBefore(msg, group.firstChild);
      $(p[0]).setAttribute('aria-invalid', 'true');
    });
    $('errors').appendChild(box); box.focus();
  }

  function renderCheck() {
    var rows = [
      ['Nationality', 'nationality', (answers.nationality || []).map(function (n) { return n === 'other' ? answers['other-country'] : n[0].toUpperCase() + n.slice(1); }).join(', ')],
      ['Name', 'name', [answers['first-names'], answers['middle-names'], answers.surname].filter(Boolean).join(' ')],
      ['Date of birth', 'dob', answers['dob-day'] ? +answers['dob-day'] + ' ' + MONTHS[+answers['dob-month'] - 1] + ' ' + answers['dob-year'] : ''],
      ['National Insurance number', 'nino', answers.nino],
      ['Address', 'address', answers.address ? answers.address + ', ' + answers.postcode : ''],
      ['Open register', 'open-register', answers['open-register'] === 'yes' ? 'Yes' : answers['open-register'] === 'no' ? 'No' : '']
    ];
    $('answers').innerHTML = '';
    rows.forEach(function (r) {
      var row = document.createElement('div'); row.className = 'govuk-summary-list__row';
      row.innerHTML = '<dt class="govuk-summary-list__key"></dt><dd class="govuk-summary-list__value"></dd><dd class="govuk-summary-list__actions"><a href="#' + r[1] + '">Change<span class="govuk-visually-hidden"> ' + r[0].toLowerCase() + '</span></a></dd>';
      row.children[0].textContent = r[0]; row.children[1].textContent = r[2] || 'Not provided';
      row.querySelector('a').addEventListener('click', function () { changing = true; });
      $('answers').appendChild(row);
    });
  }

  function show(step) {
    if (ORDER.indexOf(step) < 0) step = 'nationality';
    clearErrors();
    document.querySelectorAll('.step').forEach(function (s) { s.hidden = s.dataset.step !== step; });
    var i = ORDER.indexOf(step);
    $('back').hidden = i === 0 || step === 'done';
    $('back').href = '#' + ORDER[Math.max(0, i - 1)];
    if (step === 'check') renderCheck();
    var h = document.querySelector('#step-' + step + ' h1'); document.title = (h ? h.textContent : '') + ' – Register to vote';
  }

  function findAddress() {
    clearErrors();
    var pc = normPostcode($('postcode').value);
    if (!/^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/.test(pc)) { showErrors([['postcode', 'Enter a real postcode']]); return; }
    var list = ADDRESSES[pc];
    if (!list) { showErrors([['postcode', 'We could not find any addresses for ' + pc + '. Check the postcode and try again']]); return; }
    $('postcode').value = pc;
    $('address').innerHTML = '<option value="">' + list.length + ' addresses found</option>' + list.map(function (a) { return '<option>' + a + '</option>'; }).join('');
    $('address-group').hidden = false;
  }
  $('find-address').addEventListener('click', findAddress);
  $('postcode').addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); findAddress(); } });
  document.querySelectorAll('input[name=nationality]').forEach(function (c) {
    c.addEventListener('change', function () { $('other-country-group').hidden = !$('nationality-3').checked; });
  });

  document.querySelectorAll('form.step').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearErrors();
      var step = form.dataset.step, problems = RULES[step](form);
      if (problems.length) { showErrors(problems); return; }
      if (step === 'check') {
        var missing = ['nationality', 'first-names', 'surname', 'dob-year', 'nino', 'address', 'open-register'].filter(function (k) { return !answers[k] || !answers[k].length; });
        if (missing.length) { showErrors([['answers', 'You need to answer every question before sending']]); return; }
        var ref = 'RTV' + Math.floor(100000 + Math.random() * 899999);
        window.lastSubmitted = JSON.parse(JSON.stringify(answers));
        sessionStorage.setItem('vote-submitted', JSON.stringify(answers));
        $('reference').textContent = ref;
        location.hash = 'done';
        return;
      }
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name) return;
        if (el.name === 'nationality') answers.nationality = checkedValues(form, 'nationality');
        else if (el.type === 'radio') { if (el.checked) answers[el.name] = el.value; }
        else answers[el.name] = el.value.trim();
      });
      if (answers.nino) answers.nino = answers.nino.toUpperCase().replace(/\s/g, '');
      sessionStorage.setItem('vote', JSON.stringify(answers));
      location.hash = changing ? 'check' : ORDER[ORDER.indexOf(step) + 1];
      changing = false;
    });
  });
  window.addEventListener('hashchange', function () { show(location.hash.slice(1)); });
  show(location.hash.slice(1) || 'nationality');
})();
