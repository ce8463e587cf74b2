// The widget's CSS, scoped by its shadow root: site CSS cannot reach in, nor this out.
// Owners theme it with the --leflux-* custom properties on <leflux-widget> (inherited
// into the shadow root); each --lf-* below is one of them or its default. Logical
// properties (inline-start/end) so that dir=rtl mirrors the layout.

export const CSS = `
:host { all: initial; position: fixed; z-index: 2147483000; bottom: var(--lf-offset);
  right: var(--lf-offset);
  --lf-accent: var(--leflux-accent, var(--lf-site-accent, #4f46e5));
  --lf-accent-text: var(--leflux-accent-text, #fff);
  --lf-text: var(--leflux-text, #1c1e21);
  --lf-bg: var(--leflux-background, #fff);
  --lf-surface: var(--leflux-surface, #f7f7f9);
  --lf-border: var(--leflux-border, #e5e7eb);
  --lf-muted: var(--leflux-muted, #6b7280);
  --lf-font: var(--leflux-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  --lf-radius: var(--leflux-radius, 16px);
  --lf-launcher: var(--leflux-launcher-size, 56px);
  --lf-width: var(--leflux-panel-width, 370px);
  --lf-height: var(--leflux-panel-height, 580px);
  --lf-offset: var(--leflux-offset, 20px);
  --lf-soft: #eef2ff; --lf-soft-text: #3730a3; --lf-warn: #fffbeb; --lf-error-bg: #fff7ed;
  --lf-error-text: #7c2d12; --lf-field: #d1d5db;
  font: 14px/1.45 var(--lf-font); color: var(--lf-text); color-scheme: light; }
:host([data-theme="dark"]) {
  --lf-text: var(--leflux-text, #e5e7eb);
  --lf-bg: var(--leflux-background, #111827);
  --lf-surface: var(--leflux-surface, #0b1220);
  --lf-border: var(--leflux-border, #374151);
  --lf-muted: var(--leflux-muted, #9ca3af);
  --lf-soft: #1e1b4b; --lf-soft-text: #c7d2fe; --lf-warn: #2a2410; --lf-error-bg: #3b1d0f;
  --lf-error-text: #fdba74; --lf-field: #4b5563; color-scheme: dark; }
:host([data-position="bottom-left"]) { right: auto; left: var(--lf-offset); }
* { box-sizing: border-box; }
button { font: inherit; cursor: pointer; color: inherit; }
button:disabled { cursor: default; }
.lf-launcher { width: var(--lf-launcher); height: var(--lf-launcher); border-radius: 50%; border: 0;
  background: var(--lf-accent); color: var(--lf-accent-text);
  box-shadow: 0 6px 20px rgba(0,0,0,.25); display: grid; place-items: center; }
.lf-launcher:focus-visible, button:focus-visible, textarea:focus-visible, a:focus-visible {
  outline: 3px solid #93c5fd; outline-offset: 2px; }
.lf-launcher svg { width: 46%; height: 46%; }
.lf-panel { position: absolute; bottom: calc(var(--lf-launcher) + 14px); right: 0;
  width: min(var(--lf-width), calc(100vw - 2 * var(--lf-offset)));
  height: min(var(--lf-height), 75vh); background: var(--lf-bg); color: var(--lf-text);
  border-radius: var(--lf-radius); box-shadow: 0 12px 40px rgba(0,0,0,.22);
  display: flex; flex-direction: column; overflow: hidden; border: 1px solid var(--lf-border);
  z-index: 2; }
:host([data-position="bottom-left"]) .lf-panel { right: auto; left: 0; }
.lf-panel[hidden] { display: none; }
.lf-header { display: flex; align-items: center; gap: 8px; padding: 10px 12px;
  background: var(--lf-accent); color: var(--lf-accent-text); position: relative; }
.lf-avatar { width: 28px; height: 28px; border-radius: 50%; object-fit: cover; flex: none;
  background: rgba(255,255,255,.2); }
.lf-avatar[hidden] { display: none; }
.lf-title { font-weight: 600; flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.lf-status { font-size: 12px; opacity: .9; }
.lf-icon-btn { background: transparent; border: 0; font-size: 20px; line-height: 1;
  padding: 2px 6px; border-radius: 6px; }
.lf-menu { position: absolute; top: 100%; inset-inline-end: 8px; margin-top: 4px; z-index: 3;
  background: var(--lf-bg); color: var(--lf-text); border: 1px solid var(--lf-border);
  border-radius: 10px; box-shadow: 0 8px 24px rgba(0,0,0,.2); padding: 4px; min-width: 180px; }
.lf-menu[hidden] { display: none; }
.lf-menu button { display: block; width: 100%; text-align: start; background: none; border: 0;
  padding: 8px 10px; border-radius: 6px; }
.lf-menu button:hover, .lf-menu button:focus-visible { background: var(--lf-surface); }
.lf-messages { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column;
  gap: 8px; background: var(--lf-surface); }
.lf-msg { max-width: 85%; padding: 8px 12px; border-radius: 14px; word-wrap: break-word;
  overflow-wrap: anywhere; }
.lf-msg p { margin: 0 0 6px; } .lf-msg p:last-child { margin-bottom: 0; }
.lf-msg ul, .lf-msg ol { margin: 4px 0; padding-inline-start: 20px; padding-inline-end: 0; }
.lf-msg code { background: rgba(127,127,127,.15); padding: 0 4px; border-radius: 4px; font-size: 13px; }
.lf-msg a { color: inherit; text-decoration: underline; }
.lf-msg[data-role="visitor"] { align-self: flex-end; background: var(--lf-accent);
  color: var(--lf-accent-text); border-end-end-radius: 4px; }
.lf-msg[data-role="agent"] { align-self: flex-start; background: var(--lf-bg);
  border: 1px solid var(--lf-border); border-end-start-radius: 4px; }
.lf-msg[aria-busy="true"]::after { content: "▍"; animation: lf-blink 1s steps(1) infinite; }
.lf-msg.lf-error { background: var(--lf-error-bg); border-color: #fed7aa; color: var(--lf-error-text); }
.lf-note { align-self: center; font-size: 12px; color: var(--lf-muted); text-align: center;
  padding: 2px 8px; }
.lf-note.lf-error { color: #ea580c; }
.lf-summary-line { font-weight: 600; }
@keyframes lf-blink { 50% { opacity: 0; } }
.lf-choices { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.lf-suggestions { align-self: stretch; justify-content: center; }
.lf-choice { border: 1px solid var(--lf-accent); color: var(--lf-accent); background: var(--lf-bg);
  border-radius: 999px; padding: 4px 12px; }
:host([data-theme="dark"]) .lf-choice, :host([data-theme="dark"]) .lf-link-button {
  color: var(--lf-text); }
.lf-choice:disabled { opacity: .5; }
.lf-choice.lf-chosen { background: var(--lf-accent); color: var(--lf-accent-text); opacity: 1; }
.lf-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 8px;
  margin-top: 6px; }
.lf-card { border: 1px solid var(--lf-border); border-radius: 10px; padding: 8px; background: var(--lf-bg); }
.lf-card img { width: 100%; height: 90px; object-fit: cover; border-radius: 6px; }
.lf-card-title { font-weight: 600; } .lf-card-price { color: #059669; font-weight: 600; }
.lf-card-desc { font-size: 12px; color: var(--lf-muted); }
.lf-link-button { background: none; border: 0; color: var(--lf-accent); padding: 0;
  text-decoration: underline; }
.lf-links { margin: 4px 0 0; padding-inline-start: 18px; }
.lf-summary { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 6px 0 0; }
.lf-summary dt { color: var(--lf-muted); } .lf-summary dd { margin: 0; font-weight: 500; }
.lf-steps { list-style: none; margin: 6px 0 0; padding: 0; }
.lf-step { padding-inline-start: 22px; position: relative; }
.lf-step::before { position: absolute; inset-inline-start: 0; content: "○"; color: #9ca3af; }
.lf-step-done::before { content: "✓"; color: #059669; }
.lf-step-active { font-weight: 600; } .lf-step-active::before { content: "●"; color: var(--lf-accent); }
.lf-working { display: flex; align-items: center; gap: 8px; padding: 6px 10px 6px 14px;
  font-size: 12px; background: var(--lf-soft); color: var(--lf-soft-text); }
.lf-working[hidden] { display: none; }
.lf-working-text { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.lf-stop { border: 1px solid currentColor; background: transparent; border-radius: 999px;
  padding: 2px 12px; font-size: 12px; font-weight: 600; }
.lf-spinner { width: 12px; height: 12px; border: 2px solid #c7d2fe; border-top-color: #4f46e5;
  border-radius: 50%; animation: lf-spin .8s linear infinite; flex: none; }
@keyframes lf-spin { to { transform: rotate(360deg); } }
.lf-gate { border-inline-start: 3px solid #f59e0b; background: var(--lf-warn); }
.lf-gate-text { font-weight: 500; }
.lf-gate-actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 8px; flex-wrap: wrap; }
.lf-gate-answer { margin-top: 6px; font-size: 12px; color: var(--lf-muted); }
.lf-take-over { margin: 8px 14px 0; }
.lf-take-over[hidden] { display: none; }
.lf-btn { border-radius: 8px; padding: 6px 14px; border: 1px solid var(--lf-field); background: var(--lf-bg); }
.lf-btn:disabled { opacity: .55; }
.lf-btn-primary { background: var(--lf-accent); color: var(--lf-accent-text); border-color: transparent; }
.lf-btn.lf-chosen { outline: 2px solid var(--lf-accent); opacity: 1; }
.lf-form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid var(--lf-border); background: var(--lf-bg); }
.lf-input { flex: 1; resize: none; border: 1px solid var(--lf-field); border-radius: 10px; padding: 9px 10px;
  font: inherit; line-height: 20px; max-height: 120px; min-height: 40px; background: var(--lf-bg);
  color: var(--lf-text); }
.lf-send { border: 0; border-radius: 10px; background: var(--lf-accent); color: var(--lf-accent-text);
  padding: 0 14px; }
.lf-send:disabled { opacity: .5; }
.lf-highlight { position: fixed; pointer-events: none; border: 3px solid var(--lf-accent);
  border-radius: 6px; box-shadow: 0 0 0 4000px rgba(79,70,229,.06); transition: all .15s ease;
  z-index: 1; }
.lf-highlight[hidden] { display: none; }
/* While the agent acts, the panel gets out of the way of the element it acts on: to the
   other side of the screen, or down to a bar (title, progress, Stop). */
:host([data-dodge~="flip"]) { right: auto; left: var(--lf-offset); }
:host([data-dodge~="flip"][data-position="bottom-left"]) { left: auto; right: var(--lf-offset); }
:host([data-dodge~="flip"]) .lf-panel { right: auto; left: 0; }
:host([data-dodge~="flip"][data-position="bottom-left"]) .lf-panel { left: auto; right: 0; }
:host([data-dodge~="bar"]) .lf-panel { height: auto; }
:host([data-dodge~="bar"]) .lf-messages, :host([data-dodge~="bar"]) .lf-form,
:host([data-dodge~="bar"]) .lf-take-over { display: none; }
:host([data-dodge~="top"]) { bottom: auto; top: var(--lf-offset); }
:host([data-dodge~="top"]) .lf-panel { bottom: auto; top: 0; }
:host([data-dodge~="top"]) .lf-launcher { display: none; }
@media (max-width: 480px) {
  :host { --lf-offset: 12px; }
  .lf-panel { position: fixed; inset: 0; width: 100vw; height: 100dvh; border-radius: 0;
    bottom: 0; right: 0; }
  :host([data-open]) .lf-launcher { display: none; }
  :host([data-dodge~="bar"]) .lf-panel { top: auto; height: auto; border-radius: 16px 16px 0 0;
    box-shadow: 0 -8px 30px rgba(0,0,0,.2); }
  :host([data-dodge~="top"]) .lf-panel { top: 0; bottom: auto; border-radius: 0 0 16px 16px; }
}
@media (prefers-reduced-motion: reduce) { * { animation: none !important; transition: none !important; } }
`;
