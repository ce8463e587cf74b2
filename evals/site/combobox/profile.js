(function () {
  var $ = function (id) { return document.getElementById(id); };
  var CITIES = ['Amsterdam, Netherlands', 'Athens, Greece', 'Austin, Texas, USA', 'Barcelona, Spain', 'Berlin, Germany', 'Boston, Massachusetts, USA',
    'Bristol, United Kingdom', 'Brussels, Belgium', 'Chicago, Illinois, USA', 'Copenhagen, Denmark', 'Dublin, Ireland', 'Edinburgh, United Kingdom',
    'Hamburg, Germany', 'Helsinki, Finland', 'Lisbon, Portugal', 'London, Ontario, Canada', 'London, United Kingdom', 'Lyon, France', 'Madrid, Spain',
    'Manchester, United Kingdom', 'Marseille, France', 'Milan, Italy', 'Montréal, Quebec, Canada', 'Munich, Germany', 'New York, New York, USA',
    'Oslo, Norway', 'Paris, France', 'Paris, Texas, USA', 'Porto, Portugal', 'Prague, Czechia', 'San Francisco, California, USA', 'Seville, Spain',
    'Stockholm, Sweden', 'Toronto, Ontario, Canada', 'Valencia, Spain', 'Vienna, Austria', 'Warsaw, Poland', 'Zürich, Switzerland'];
  var SKILLS = ['JavaScript', 'TypeScript', 'Python', 'Go', 'Rust', 'Java', 'Kotlin', 'Swift', 'C#', 'C++', 'Ruby', 'PHP', 'SQL', 'PostgreSQL', 'MySQL',
    'MongoDB', 'Redis', 'GraphQL', 'REST APIs', 'React', 'Vue.js', 'Angular', 'Node.js', 'Django', 'Flask', 'FastAPI', 'Spring Boot', 'Docker',
    'Kubernetes', 'Terraform', 'AWS', 'Google Cloud', 'Azure', 'Linux', 'Git', 'CI/CD', 'Machine Learning', 'Data Analysis', 'Figma', 'UX Research'];
  var MAX = 8;
  function norm(s) { return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); }
  var state = window.profile = { city: null, skills: ['JavaScript', 'SQL'] };

  function render(city) {
    var i = city.indexOf(','), b = document.createElement('b'), rest = document.createElement('span');
    b.textContent = city.slice(0, i); rest.className = 'muted'; rest.textContent = city.slice(i);
    return b.outerHTML + rest.outerHTML;
  }
  new Combobox($('city-input'), {
    source: CITIES, label: function (c) { return c; }, render: render, delay: 250, emptyText: 'No cities found',
    matches: function (c, q) { return norm(c).indexOf(q.normalize('NFD').replace(/[\u0300-\u036f]/g, '')) === 0 || norm(c).indexOf(', ' + norm(q)) >= 0; },
    onChange: function (c) { state.city = c; $('city-value').value = c || ''; if (c) $('city-error').textContent = ''; }
  });

  function renderTags() {
    $('tags').innerHTML = '';
    state.skills.forEach(function (s) {
      var li = document.createElement('li'); li.className = 'tag';
      li.innerHTML = '<span></span><button type="button">×</button>';
      li.querySelector('span').textContent = s;
      li.querySelector('button').setAttribute('aria-label', 'Remove ' + s);
      li.querySelector('button').addEventListener('click', function () { state.skills = state.skills.filter(function (x) { return x !== s; }); renderTags(); });
      $('tags').appendChild(li);
    });
  }
  function addSkill(text) {
    text = text.replace(/,$/, '').trim();
    if (!text) return;
    var known = SKILLS.filter(function (s) { return s.toLowerCase() === text.toLowerCase(); })[0];
    var value = known || text;
    $('skills-error').textContent = '';
    if (state.skills.some(function (s) { return s.toLowerCase() === value.toLowerCase(); })) { $('skills-error').textContent = value + ' is already on your profile'; }
    else if (state.skills.length >= MAX) { $('skills-error').textContent = 'You can add up to ' + MAX + ' skills'; }
    else { state.skills.push(value); renderTags(); }
    $('skill-input').value = '';
  }
  var skillBox = new Combobox($('skill-input'), {
    source: SKILLS, label: function (s) { return s; }, clearOnSelect: true, emptyText: 'Press Enter to add it anyway',
    matches: function (s, q) { return s.toLowerCase().indexOf(q) >= 0 && state.skills.indexOf(s) < 0; },
    onChange: function (s) { if (s) addSkill(s); },
    onEnter: function (text) { addSkill(text); skillBox.close(); }
  });
  $('skill-input').addEventListener('input', function () { if (this.value.slice(-1) === ',') { addSkill(this.value); skillBox.close(); } });
  $('skill-input').addEventListener('keydown', function (e) {
    if (e.key === 'Backspace' && !this.value && state.skills.length) { state.skills.pop(); renderTags(); }
  });
  renderTags();

  $('profile-form').addEventListener('submit', function (e) {
    e.preventDefault();
    $('saved').hidden = true;
    if (!state.city) { $('city-error').textContent = $('city-input').value ? 'Choose a city from the list' : 'Add your location'; return; }
    window.lastSubmitted = { headline: $('headline').value, city: state.city, remote: $('remote').checked, skills: state.skills.slice() };
    $('saved').hidden = false;
  });
  $('cancel').addEventListener('click', function () { location.reload(); });
})();
