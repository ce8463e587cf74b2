// A React-controlled form: every field's value lives in React state, so only input that
// React sees (native value setter + input event) sticks. Bundled by widget/build.mjs.
import { useState } from "react";
import { createRoot } from "react-dom/client";

function App() {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [plan, setPlan] = useState("basic");
  const [terms, setTerms] = useState(false);
  const [submitted, setSubmitted] = useState(null);
  const [typed, setTyped] = useState(0);
  if (submitted) {
    return (
      <main>
        <h1>Thanks!</h1>
        <p id="result">{`Subscribed ${submitted.name} <${submitted.email}> on ${submitted.plan}`}</p>
      </main>
    );
  }
  return (
    <main>
      <h1>Join the React Shop newsletter</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!terms) return;
          setSubmitted({ name, email, plan });
        }}
      >
        <p>
          <label htmlFor="r-name">Your name</label>
          <input id="r-name" value={name} onChange={(e) => { setName(e.target.value); setTyped((n) => n + 1); }} />
        </p>
        <p>
          <label htmlFor="r-email">Email</label>
          <input id="r-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </p>
        <p>
          <label htmlFor="r-plan">Plan</label>
          <select id="r-plan" value={plan} onChange={(e) => setPlan(e.target.value)}>
            <option value="basic">Basic</option>
            <option value="weekly">Weekly digest</option>
            <option value="daily">Daily deals</option>
          </select>
        </p>
        <p>
          <label>
            <input type="checkbox" checked={terms} onChange={(e) => setTerms(e.target.checked)} /> I accept the terms
          </label>
        </p>
        <p id="state" data-name={name} data-email={email} data-plan={plan} data-terms={String(terms)} data-typed={typed}>
          {`state: ${name} | ${email} | ${plan} | ${terms}`}
        </p>
        <button type="submit">Subscribe</button>
      </form>
    </main>
  );
}

createRoot(document.getElementById("root")).render(<App />);
