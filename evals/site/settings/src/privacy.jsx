import { useState } from "react";
import { createRoot } from "react-dom/client";

const INITIAL = {
  onlineStatus: true,
  findByPhone: true,
  personalisedAds: true,
  readReceipts: false,
  profileVisibility: "everyone",
  activityEmails: "daily",
  idleTimeout: "30",
};
const SWITCHES = [
  ["onlineStatus", "Show when I'm online", "Friends see a green dot next to your name."],
  ["findByPhone", "Let people find me by my phone number", "Used for contact suggestions."],
  ["personalisedAds", "Personalised ads", "Ads based on your activity on Chirp."],
  ["readReceipts", "Read receipts", "Let others know when you've read their messages."],
];
const EMAIL_OPTIONS = [
  ["instant", "Instantly"],
  ["daily", "Daily digest"],
  ["weekly", "Weekly digest"],
  ["never", "Never"],
];

function validTimeout(value) {
  const n = Number(value);
  return Number.isInteger(n) && n >= 5 && n <= 120;
}

function DeactivateCard() {
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState(false);
  if (done) return <div className="alert alert-secondary" role="status">Your account is deactivated. Log in again within 30 days to restore it.</div>;
  return (
    <div className="card border-danger mt-4">
      <div className="card-body">
        <h2 className="h6 text-danger">Deactivate account</h2>
        <p className="small text-muted">Your profile and posts will be hidden. After 30 days your account is permanently deleted.</p>
        {!asking && <button type="button" className="btn btn-outline-danger" onClick={() => setAsking(true)}>Deactivate account</button>}
        {asking && (
          <div className="confirm" role="alertdialog" aria-label="Confirm deactivation">
            <p className="mb-2"><strong>Are you sure?</strong> You'll be logged out everywhere.</p>
            <button type="button" className="btn btn-danger me-2" onClick={() => { window.deactivated = true; setDone(true); }}>Yes, deactivate</button>
            <button type="button" className="btn btn-light" onClick={() => setAsking(false)}>Keep my account</button>
          </div>
        )}
      </div>
    </div>
  );
}

function App() {
  const [values, setValues] = useState(INITIAL);
  const [touched, setTouched] = useState(false);
  const [toast, setToast] = useState("");
  const set = (key, value) => setValues((v) => ({ ...v, [key]: value }));
  const timeoutOk = validTimeout(values.idleTimeout);

  const submit = (e) => {
    e.preventDefault();
    setTouched(true);
    if (!timeoutOk) {
      setToast("");
      return;
    }
    window.savedPrivacy = { ...values, idleTimeout: Number(values.idleTimeout) };
    setToast("Your privacy settings were updated.");
  };

  return (
    <div className="container py-4">
      <h1 className="h3 mb-1">Privacy &amp; notifications</h1>
      <p className="text-muted mb-4">Control who sees you and what we send you.</p>
      <form onSubmit={submit} noValidate>
        <div className="card mb-3"><div className="card-body">
          <h2 className="h6">Privacy</h2>
          {SWITCHES.map(([key, label, help]) => (
            <div className="form-check form-switch mb-2" key={key}>
              <input className="form-check-input" type="checkbox" role="switch" id={key} checked={values[key]} onChange={(e) => set(key, e.target.checked)} />
              <label className="form-check-label" htmlFor={key}>{label}</label>
              <div className="form-text">{help}</div>
            </div>
          ))}
          <div className="mt-3">
            <label className="form-label" htmlFor="profileVisibility">Who can see your profile</label>
            <select className="form-select" id="profileVisibility" value={values.profileVisibility} onChange={(e) => set("profileVisibility", e.target.value)}>
              <option value="everyone">Everyone</option>
              <option value="fof">Friends of friends</option>
              <option value="friends">Friends only</option>
              <option value="me">Only me</option>
            </select>
          </div>
        </div></div>

        <div className="card mb-3"><div className="card-body">
          <h2 className="h6">Email me about activity</h2>
          {EMAIL_OPTIONS.map(([value, label]) => (
            <div className="form-check" key={value}>
              <input className="form-check-input" type="radio" name="activityEmails" id={`email-${value}`} value={value} checked={values.activityEmails === value} onChange={() => set("activityEmails", value)} />
              <label className="form-check-label" htmlFor={`email-${value}`}>{label}</label>
            </div>
          ))}
        </div></div>

        <div className="card mb-3"><div className="card-body">
          <h2 className="h6">Security</h2>
          <label className="form-label" htmlFor="idleTimeout">Sign me out after this many minutes of inactivity</label>
          <input type="number" className={`form-control w-auto ${touched && !timeoutOk ? "is-invalid" : ""}`} id="idleTimeout" min="5" max="120" value={values.idleTimeout} aria-invalid={touched && !timeoutOk ? "true" : "false"} onChange={(e) => set("idleTimeout", e.target.value)} />
          <div className="invalid-feedback">Choose a value between 5 and 120 minutes.</div>
        </div></div>

        <button type="submit" className="btn btn-primary">Save changes</button>
      </form>
      <DeactivateCard />
      {toast && <div className="toast-msg" role="status">{toast}</div>}
    </div>
  );
}

window.deactivated = false;
createRoot(document.getElementById("root")).render(<App />);
