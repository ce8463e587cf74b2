// The high-stakes gate in the transcript: the question, then Cancel (focused: the safe
// default) and Confirm. Once answered the buttons are inert and the answer stays under
// the question; only the live gate carries the data-leflux hooks.

let gates = 0;

export interface Gate {
  el: HTMLElement;
  cancel: HTMLButtonElement;
  answer(confirmed: boolean): void;
  readonly answered: boolean;
}

export interface GateText {
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  /** The line kept under the question once answered ("You answered: No, stop"). */
  answered(label: string): string;
}

export function renderGate(doc: Document, t: GateText, onAnswer: (confirmed: boolean) => void):
  Gate {
  const id = `lf-gate-${++gates}`;
  const el = doc.createElement("div");
  el.className = "lf-msg lf-gate";
  el.setAttribute("data-role", "agent");
  el.setAttribute("dir", "auto");
  el.setAttribute("data-leflux", "confirmation");
  el.setAttribute("role", "alertdialog");
  el.setAttribute("aria-labelledby", id);
  const text = doc.createElement("div");
  text.className = "lf-gate-text";
  text.id = id;
  text.textContent = t.message;
  const row = doc.createElement("div");
  row.className = "lf-gate-actions";
  const button = (label: string, hook: string, cls: string): HTMLButtonElement => {
    const b = doc.createElement("button");
    b.type = "button";
    b.className = cls;
    b.textContent = label;
    b.setAttribute("data-leflux", hook);
    return b;
  };
  const cancel = button(t.cancelLabel, "cancel", "lf-btn");
  const confirm = button(t.confirmLabel, "confirm", "lf-btn lf-btn-primary");
  row.append(cancel, confirm);
  el.append(text, row);
  let answered = false;
  const gate: Gate = {
    el,
    cancel,
    get answered() {
      return answered;
    },
    answer(confirmed) {
      if (answered) return;
      answered = true;
      const chosen = confirmed ? confirm : cancel;
      for (const b of [cancel, confirm]) {
        b.disabled = true;
        b.removeAttribute("data-leflux");
      }
      chosen.classList.add("lf-chosen");
      chosen.setAttribute("aria-pressed", "true");
      el.setAttribute("data-leflux", "gate");
      el.setAttribute("data-answer", confirmed ? "confirmed" : "declined");
      el.removeAttribute("role");
      const line = doc.createElement("div");
      line.className = "lf-gate-answer";
      line.textContent = t.answered(chosen.textContent ?? "");
      el.appendChild(line);
      onAnswer(confirmed);
    },
  };
  cancel.addEventListener("click", () => gate.answer(false));
  confirm.addEventListener("click", () => gate.answer(true));
  return gate;
}
