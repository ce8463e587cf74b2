// Question pages of the resident parking permit service: one question per page,
// answers kept in sessionStorage, GOV.UK-style error summary with links to the fields.
(function () {
  var STORE = 'permit-application';
  var answers = JSON.parse(sessionStorage.getItem(STORE) || '{}');
  var params = new URLSearchParams(location.search);
  var form = document.querySelector('form[data-question]');
  window.permitAnswers = answers;

  function val(name) { var el = form.elements[name]; return el ? (el.value || '').trim() : ''; }
  function checked(name) { var el = form.querySelector('input[name="' + name + '"]:checked'); return el ? el.value : ''; }

  function dateProblem() {
    var d = val('dob-day'), m = val('dob-month'), y = val('dob-year');
    if (!d && !m && !y) return ['dob-day', 'Enter your date of birth'];
    if (!d) return ['dob-day', 'Date of birth must include a day'];
    if (!m) return ['dob-month', 'Date of birth must include a month'];
    if (!y) return ['dob-year', 'Date of birth must include a year'];
    if (!/^\d{4}$/.test(y)) return ['dob-year', 'Year must include 4 numbers'];
    var date = new Date(+y, +m - 1, +d);
    if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || date.getMonth() !== +m - 1 || date.getDate() !== +d) return ['dob-day', 'Date of birth must be a real date'];
    if (date > new Date()) return ['dob-day', 'Date of birth must be in the past'];
    var adult = new Date(); adult.setFullYear(adult.getFullYear() - 17);
    if (date > adult) return ['dob-day', 'You must be 17 or older to hold a parking permit'];
    return null;
  }

  var RULES = {
    name: function () {
      var p = [];
      if (!val('first-name')) p.push(['first-name', 'Enter your first name']);
      if (!val('last-name')) p.push(['last-name', 'Enter your last name']);
      return p;
    },
    dob: function () { var p = dateProblem(); return p ? [p] : []; },
    zone: function () { return checked('in-zone') ? [] : [['in-zone', 'Select yes if you live in the permit zone']]; },
    vehicle: function () {
      var reg = val('registration').toUpperCase();
      if (!reg) return [['registration', 'Enter your vehicle registration number']];
      if (!/^(?=.*\d)(?=.*[A-Z])[A-Z0-9 ]{2,8}$/.test(reg)) return [['registration', 'Enter a real vehicle registration number, like CV17 XYZ']];
      return [];
    },
    email: function () {
      var e = val('email');
      if (!e) return [['email', 'Enter your email address']];
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)) return [['email', 'Enter an email address in the correct format, like name@example.com']];
      return [];
    },
    length: function () { return checked('permit-length') ? [] : [['permit-length', 'Select how long you want the permit for']]; }
  };

  function clearErrors() {
    var old = document.querySelector('.govuk-error-summary'); if (old) old.remove();
    form.querySelectorAll('.govuk-error-message').forEach(function (e) { e.remove(); });
    form.querySelectorAll('.govuk-form-group--error').forEach(function (g) { g.classList.remove('govuk-form-group--error'); });
    form.querySelectorAll('[aria-invalid]').forEach(function (i) { i.removeAttribute('aria-invalid'); i.classList.remove('govuk-input--error'); });
    document.title = document.title.replace(/^Error: /, '');
  }

  function showErrors(problems) {
    var summary = document.createElement('div');
    summary.className = 'govuk-error-summary'; summary.setAttribute('role', 'alert'); summary.tabIndex = -1;
    summary.innerHTML = '<h2 class="govuk-error-summary__title">There is a problem</h2><ul class="govuk-error-summary__list"></ul>';
    problems.forEach(function (p) {
      var input = document.getElementById(p[0]) || form.querySelector('[name="' + p[0] + '"]');
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = '#' + input.id; a.textContent = p[1]; li.appendChild(a); summary.querySelector('ul').appendChild(li);
      var group = input.closest('.govuk-form-group');
      group.classList.add('govuk-form-group--error');
      if (!group.querySelector('.govuk-error-message')) {
        var msg = document.createElement('p'); msg.className = 'govuk-error-message';
        msg.innerHTML = '<span class="govuk-visually-hidden">Error:</span> ' + p[1];
        var anchor = group.querySelector('.govuk-hint') || group.querySelector('legend, label');
        anchor.insertAdjacentElement('afterend', msg);
      }
      input.setAttribute('aria-invalid', 'true');
      if (input.classList.contains('govuk-input')) input.classList.add('govuk-input--error');
    });
    form.parentNode.insertBefore(summary, form.parentNode.firstChild);
    document.title = 'Error: ' + document.title;
    summary.focus();
  }

  if (form) {
    // Answers already given are shown again, as when going back through the service.
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in answers)) return;
      if (el.type === 'radio') el.checked = answers[el.name] === el.value; else el.value = answers[el.name];
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearErrors();
      var problems = RULES[form.dataset.question]();
      if (problems.length) { showErrors(problems); return; }
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name) return;
        if (el.type === 'radio') { if (el.checked) answers[el.name] = el.value; } else answers[el.name] = el.value.trim();
      });
      if (answers.registration) answers.registration = answers.registration.toUpperCase();
      sessionStorage.setItem(STORE, JSON.stringify(answers));
      var next = form.dataset.next;
      if (form.dataset.question === 'zone' && answers['in-zone'] === 'no') next = 'not-eligible.html';
      else if (params.get('change')) next = 'check.html';
      location.href = next;
    });
  }
})();
