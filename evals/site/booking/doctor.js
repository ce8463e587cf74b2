// Appointment request: weekdays only, 08:00-17:45 on the quarter hour, no past dates,
// errors listed in a summary and next to each field.
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var CLIN = { any: 'the first available clinician', okafor: 'Dr. Amara Okafor', rivera: 'Dr. Tomás Rivera', ng: 'Helen Ng' };
  function iso(d) { return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); }
  function clear() {
    document.querySelectorAll('.err').forEach(function (e) { e.remove(); });
    document.querySelectorAll('.is-invalid').forEach(function (e) { e.classList.remove('is-invalid'); e.removeAttribute('aria-invalid'); });
    $('errors').hidden = true;
  }
  function mark(id, text, problems) {
    var el = $(id); el.classList.add('is-invalid'); el.setAttribute('aria-invalid', 'true');
    var span = document.createElement('span'); span.className = 'err'; span.id = id + '-error'; span.textContent = text;
    el.insertAdjacentElement('afterend', span); el.setAttribute('aria-describedby', span.id);
    problems.push(text);
  }
  $('appointment').addEventListener('submit', function (e) {
    e.preventDefault(); clear();
    var p = [], date = $('appt-date').value, time = $('appt-time').value, todayIso = iso(new Date());
    if (!$('reason').value) mark('reason', 'Select a reason for your visit', p);
    if (!date) mark('appt-date', 'Choose a date', p);
    else if (date <= todayIso) mark('appt-date', 'Choose a date from tomorrow onwards — past dates and same-day bookings are not available online', p);
    else { var day = new Date(date + 'T00:00:00').getDay(); if (day === 0 || day === 6) mark('appt-date', 'The clinic is closed at weekends. Choose a weekday', p); }
    if (!time) mark('appt-time', 'Choose a time', p);
    else if (time < '08:00' || time > '17:45') mark('appt-time', 'Appointments are between 08:00 and 17:45', p);
    else if (+time.slice(3, 5) % 15) mark('appt-time', 'Choose a time on the quarter hour, for example 09:15', p);
    if (!$('patient-first').value.trim()) mark('patient-first', 'Enter the patient\u2019s first name', p);
    if (!$('patient-last').value.trim()) mark('patient-last', 'Enter the patient\u2019s last name', p);
    var dob = $('patient-dob').value;
    if (!dob) mark('patient-dob', 'Enter the patient\u2019s date of birth', p);
    else if (dob >= todayIso) mark('patient-dob', 'Date of birth must be in the past', p);
    if ($('patient-phone').value.replace(/\D/g, '').length < 7) mark('patient-phone', 'Enter a phone number', p);
    if (p.length) {
      $('errors').innerHTML = '<strong>There ' + (p.length === 1 ? 'is 1 problem' : 'are ' + p.length + ' problems') + ' with your request</strong><ul></ul>';
      p.forEach(function (t) { var li = document.createElement('li'); li.textContent = t; $('errors').querySelector('ul').appendChild(li); });
      $('errors').hidden = false; $('errors').focus();
      return;
    }
    var data = {};
    new FormData($('appointment')).forEach(function (v, k) { data[k] = v; });
    data.newPatient = $('new-patient').checked;
    window.lastSubmitted = data;
    var when = new Date(date + 'T00:00:00').toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    var how = { 'in-person': 'An in-person appointment', video: 'A video appointment', phone: 'A phone appointment' }[data.type];
    $('booked-text').textContent = how + ' with ' + CLIN[data.clinician] + ' on ' + when + ' at ' + time + ' for ' + data.firstName + ' ' + data.lastName + '.';
    $('appointment').hidden = true; $('booked').hidden = false;
  });
})();
