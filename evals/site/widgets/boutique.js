// A shop home page as many real ones greet a first visit: a cookie bar (Accept all, Reject
// all, Manage preferences with switches) and, a moment later, a newsletter pop-up that
// covers the page. Choices: window.cookieConsent (and localStorage); the pop-up's sign-up:
// window.promoSignup.
(function () {
  window.cookieConsent = null;
  window.promoSignup = null;
  const bar = document.getElementById("cookie-bar");
  const prefs = document.getElementById("cookie-prefs");
  const promo = document.getElementById("promo");

  function consent(analytics, marketing) {
    window.cookieConsent = { necessary: true, analytics, marketing };
    localStorage.setItem("sol-consent", JSON.stringify(window.cookieConsent));
    bar.hidden = true;
    prefs.hidden = true;
  }
  document.getElementById("cookie-accept").onclick = () => consent(true, true);
  document.getElementById("cookie-reject").onclick = () => consent(false, false);
  document.getElementById("cookie-manage").onclick = () => { prefs.hidden = false; };
  prefs.querySelectorAll(".sw[data-kind]").forEach((sw) => {
    sw.onclick = () => sw.setAttribute("aria-checked", String(sw.getAttribute("aria-checked") !== "true"));
  });
  document.getElementById("prefs-save").onclick = () => {
    const on = (kind) => prefs.querySelector(`[data-kind=${kind}]`).getAttribute("aria-checked") === "true";
    consent(on("analytics"), on("marketing"));
  };
  if (!localStorage.getItem("sol-consent")) bar.hidden = false;

  const closePromo = () => {
    promo.hidden = true;
    sessionStorage.setItem("sol-promo-seen", "1");
  };
  promo.querySelector(".promo-close").onclick = closePromo;
  document.getElementById("promo-dismiss").onclick = (e) => { e.preventDefault(); closePromo(); };
  promo.addEventListener("keydown", (e) => { if (e.key === "Escape") closePromo(); });
  document.getElementById("promo-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const email = document.getElementById("promo-email").value.trim();
    const ok = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(email);
    document.getElementById("promo-error").hidden = ok;
    if (!ok) return;
    window.promoSignup = { email: email.toLowerCase() };
    promo.querySelector(".promo").innerHTML = '<h2>Welcome!</h2><p>Your code for 15% off:</p><p class="code">MAREA15</p><p class="fine">We\'ve emailed it to you too.</p><button type="button" class="solid" id="promo-done">Start shopping</button>';
    document.getElementById("promo-done").onclick = closePromo;
  });
  if (!sessionStorage.getItem("sol-promo-seen")) setTimeout(() => { promo.hidden = false; }, 800);
})();
