// Check-your-answers page: every answer with a Change link back to its question.
(function () {
  var answers = JSON.parse(sessionStorage.getItem('permit-application') || '{}');
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var rows = [
    ['Name', 'name.html', 'first-name', function (a) { return a['first-name'] && a['last-name'] ? a['first-name'] + ' ' + a['last-name'] : ''; }],
    ['Date of birth', 'dob.html', 'dob-day', function (a) { return a['dob-day'] ? +a['dob-day'] + ' ' + MONTHS[+a['dob-month'] - 1] + ' ' + a['dob-year'] : ''; }],
    ['Lives in the permit zone', 'zone.html', 'in-zone', function (a) { return a['in-zone'] ? (a['in-zone'] === 'yes' ? 'Yes' : 'No') : ''; }],
    ['Vehicle registration', 'vehicle.html', 'registration', function (a) { return a.registration || ''; }],
    ['Email address', 'email.html', 'email', function (a) { return a.email || ''; }],
    ['Permit length', 'length.html', 'permit-length', function (a) { return a['permit-length'] ? a['permit-length'] + ' months' : ''; }]
  ];
  var list = document.getElementById('summary');
  rows.forEach(function (r) {
    var value = r[3](answers);
    var row = document.createElement('div'); row.className = 'govuk-summary-list__row';
    row.innerHTML = '<dt class="govuk-summary-list__key"></dt><dd class="govuk-summary-list__value"></dd><dd class="govuk-summary-list__actions"><a class="govuk-link"></a></dd>';
    row.children[0].textContent = r[0];
    row.children[1].textContent = value || 'Not provided';
    var link = row.querySelector('a'); link.href = r[1] + '?change=1';
    link.innerHTML = 'Change<span class="govuk-visually-hidden"> ' + r[0].toLowerCase() + '</span>';
    list.appendChild(row);
  });
  document.getElementById('send-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var old = document.querySelector('.govuk-error-summary'); if (old) old.remove();
    var missing = rows.filter(function (r) { return !r[3](answers); });
    if (missing.length) {
      var box = document.createElement('div'); box.className = 'govuk-error-summary'; box.setAttribute('role', 'alert'); box.tabIndex = -1;
      box.innerHTML = '<h2 class="govuk-error-summary__title">There is a problem</h2><ul class="govuk-error-summary__list"></ul>';
      missing.forEach(function (r) {
        var li = document.createElement('li'); li.innerHTML = '<a></a>';
        li.firstChild.href = r[1] + '?change=1'; li.firstChild.textContent = 'Answer the question: ' + r[0].toLowerCase();
        box.querySelector('ul').appendChild(li);
      });
      document.getElementById('check').prepend(box); box.focus();
      return;
    }
    var ref = 'NBC-' + Math.random().toString(36).slice(2, 8).toUpperCase();
    sessionStorage.setItem('permit-submitted', JSON.stringify(answers));
    location.href = 'confirmation.html?ref=' + ref;
  });
})();
