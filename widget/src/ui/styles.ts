// The widget's CSS, scoped by its shadow root: site CSS cannot reach in, nor this out.

export const CSS = `
:host { all: initial; position: fixed; z-index: 2147483000; bottom: 20px; right: 20px;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c1e21;
  --lf-accent: #4f46e5; --lf-accent-text: #fff; }
:host([data-position="left"]) { right: auto; left: 20px; }
* { box-sizing: border-box; }
button { font: inherit; cursor: pointer; }
.lf-launcher { width: 56px; height: 56px; border-radius: 50%; border: 0;
  background: var(--lf-accent); color: var(--lf-accent-text);
  box-shadow: 0 6px 20px rgba(0,0,0,.25); display: grid; place-items: center; }
.lf-launcher:focus-visible, button:focus-visible, textarea:focus-visible, a:focus-visible {
  outline: 3px solid #93c5fd; outline-offset: 2px; }
.lf-launcher svg { width: 26px; height: 26px; }
.lf-panel { position: absolute; bottom: 70px; right: 0; width: 370px; height: min(580px, 75vh);
  background: #fff; border-radius: 16px; box-shadow: 0 12px 40px rgba(0,0,0,.22);
  display: flex; flex-direction: column; overflow: hidden; border: 1px solid #e5e7eb; z-index: 2; }
:host([data-position="left"]) .lf-panel { right: auto; left: 0; }
.lf-panel[hidden] { display: none; }
.lf-header { display: flex; align-items: center; gap: 8px; padding: 12px 14px;
  background: var(--lf-accent); color: var(--lf-accent-text); }
.lf-title { font-weight: 600; flex: 1; }
.lf-status { font-size: 12px; opacity: .9; }
.lf-close { background: transparent; border: 0; color: inherit; font-size: 20px; line-height: 1;
  padding: 2px 6px; border-radius: 6px; }
.lf-messages { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column;
  gap: 8px; background: #f7f7f9; }
.lf-msg { max-width: 85%; padding: 8px 12px; border-radius: 14px; word-wrap: break-word;
  overflow-wrap: anywhere; }
.lf-msg p { margin: 0 0 6px; } .lf-msg p:last-child { margin-bottom: 0; }
.lf-msg ul, .lf-msg ol { margin: 4px 0; padding-left: 20px; }
.lf-msg code { background: rgba(0,0,0,.06); padding: 0 4px; border-radius: 4px; font-size: 13px; }
.lf-msg a { color: inherit; text-decoration: underline; }
.lf-msg[data-role="visitor"] { align-self: flex-end; background: var(--lf-accent);
  color: var(--lf-accent-text); border-bottom-right-radius: 4px; }
.lf-msg[data-role="agent"] { align-self: flex-start; background: #fff; border: 1px solid #e5e7eb;
  border-bottom-left-radius: 4px; }
.lf-msg[aria-busy="true"]::after { content: "▍"; animation: lf-blink 1s steps(1) infinite; }
.lf-msg.lf-error { background: #fff7ed; border-color: #fed7aa; color: #7c2d12; }
.lf-note { align-self: center; font-size: 12px; color: #6b7280; text-align: center; padding: 2px 8px; }
.lf-note.lf-error { color: #9a3412; }
.lf-summary-line { font-weight: 600; }
@keyframes lf-blink { 50% { opacity: 0; } }
.lf-choices { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.lf-choice { border: 1px solid var(--lf-accent); color: var(--lf-accent); background: #fff;
  border-radius: 999px; padding: 4px 12px; }
.lf-choice:disabled { opacity: .5; cursor: default; }
.lf-choice.lf-chosen { background: var(--lf-accent); color: var(--lf-accent-text); opacity: 1; }
.lf-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 8px;
  margin-top: 6px; }
.lf-card { border: 1px solid #e5e7eb; border-radius: 10px; padding: 8px; background: #fff; }
.lf-card img { width: 100%; height: 90px; object-fit: cover; border-radius: 6px; }
.lf-card-title { font-weight: 600; } .lf-card-price { color: #047857; font-weight: 600; }
.lf-card-desc { font-size: 12px; color: #4b5563; }
.lf-link-button { background: none; border: 0; color: var(--lf-accent); padding: 0;
  text-decoration: underline; }
.lf-links { margin: 4px 0 0; padding-left: 18px; }
.lf-summary { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 6px 0 0; }
.lf-summary dt { color: #6b7280; } .lf-summary dd { margin: 0; font-weight: 500; }
.lf-steps { list-style: none; margin: 6px 0 0; padding: 0; }
.lf-step { padding-left: 22px; position: relative; }
.lf-step::before { position: absolute; left: 0; content: "○"; color: #9ca3af; }
.lf-step-done::before { content: "✓"; color: #059669; }
.lf-step-active { font-weight: 600; } .lf-step-active::before { content: "●"; color: var(--lf-accent); }
.lf-working { display: flex; align-items: center; gap: 8px; padding: 6px 14px; font-size: 12px;
  background: #eef2ff; color: #3730a3; }
.lf-working[hidden] { display: none; }
.lf-spinner { width: 12px; height: 12px; border: 2px solid #c7d2fe; border-top-color: #4f46e5;
  border-radius: 50%; animation: lf-spin .8s linear infinite; flex: none; }
@keyframes lf-spin { to { transform: rotate(360deg); } }
.lf-confirm { padding: 12px 14px; border-top: 1px solid #e5e7eb; background: #fffbeb; }
.lf-confirm[hidden] { display: none; }
.lf-take-over { margin: 8px 14px 0; }
.lf-take-over[hidden] { display: none; }
.lf-confirm-text { margin-bottom: 8px; font-weight: 500; }
.lf-confirm-actions { display: flex; gap: 8px; justify-content: flex-end; }
.lf-btn { border-radius: 8px; padding: 6px 14px; border: 1px solid #d1d5db; background: #fff; }
.lf-btn-primary { background: var(--lf-accent); color: var(--lf-accent-text); border-color: transparent; }
.lf-form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; background: #fff; }
.lf-input { flex: 1; resize: none; border: 1px solid #d1d5db; border-radius: 10px; padding: 9px 10px;
  font: inherit; line-height: 20px; max-height: 120px; min-height: 40px; }
.lf-send { border: 0; border-radius: 10px; background: var(--lf-accent); color: var(--lf-accent-text);
  padding: 0 14px; }
.lf-send:disabled { opacity: .5; }
.lf-highlight { position: fixed; pointer-events: none; border: 3px solid var(--lf-accent);
  border-radius: 6px; box-shadow: 0 0 0 4000px rgba(79,70,229,.06); transition: all .15s ease;
  z-index: 1; }
.lf-highlight[hidden] { display: none; }
.lf-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 480px) {
  :host { bottom: 12px; right: 12px; }
  :host([data-position="left"]) { left: 12px; }
  .lf-panel { position: fixed; inset: 0; width: 100vw; height: 100dvh; border-radius: 0;
    bottom: 0; right: 0; }
  :host([data-open]) .lf-launcher { display: none; }
  /* While acting on the page, a bottom sheet: the visitor sees what is being done. */
  :host([data-working]) .lf-panel { top: auto; height: 45dvh; border-radius: 16px 16px 0 0;
    box-shadow: 0 -8px 30px rgba(0,0,0,.2); }
}
@media (prefers-reduced-motion: reduce) { * { animation: none !important; transition: none !important; } }
`;
