import { beforeEach, describe, expect, test } from "vitest";
import { runStep } from "../src/dom/actions";
import { buildContext } from "../src/dom/context";
import { idOf } from "../src/dom/ids";

const PAY = `
  <form id="pay" method="POST" action="/charge">
    <input id="card" aria-label="Card number">
    <input name="action" type="hidden" value="shadowing form.action">
    <button type="button" id="help">Help</button>
    <button id="go" data-leflux-confirm>Pay now</button>
  </form>
  <form id="search" action="/search"><input id="q" aria-label="Search"><button>Go</button></form>
  <input id="loose" aria-label="Loose">`;

function counter(selector: string): { n: number } {
  const seen = { n: 0 };
  document.querySelector(selector)!.addEventListener("submit", (e) => {
    e.preventDefault();
    seen.n++;
  });
  return seen;
}

beforeEach(() => {
  document.body.innerHTML = PAY;
});

describe("the page context describes forms and focus", () => {
  test("controls name their form, forms list their submit controls and marks", () => {
    const ctx = buildContext(document);
    const byId = new Map(ctx.indexedElements.map((e) => [e.id, e]));
    const pay = idOf(document.querySelector("#pay")!);
    expect(byId.get(idOf(document.querySelector("#card")!))?.formId).toBe(pay);
    expect(byId.get(idOf(document.querySelector("#go")!))?.formId).toBe(pay);
    expect(byId.get(idOf(document.querySelector("#loose")!))?.formId).toBeUndefined();
    const form = ctx.forms.find((f) => f.id === pay)!;
    expect(form).toMatchObject({ method: "post", submitIds: [idOf(document.querySelector("#go")!)],
      hasSubmit: true, marked: true, text: "Pay now" });
    expect(form.action).toBe(new URL("/charge", location.href).href);
    const search = ctx.forms.find((f) => f.id === idOf(document.querySelector("#search")!))!;
    expect(search.marked).toBe(false);
    expect(ctx.forms).toHaveLength(2);
  });

  test("a marked submit control the index leaves out still marks its form", () => {
    document.body.innerHTML = `<form id="f"><input id="a" aria-label="Amount">
      <button>Continue</button><input type="submit" value="Pay" style="display:none" data-leflux-confirm>
      <button type="button" data-leflux-confirm>Delete row</button></form>
      <form id="g"><input aria-label="Note"><button type="button" data-leflux-confirm>X</button>
      <button>Save</button></form>`;
    const ctx = buildContext(document);
    const f = ctx.forms.find((x) => x.id === idOf(document.querySelector("#f")!))!;
    expect(f.marked).toBe(true);
    // A marked button that does not submit leaves its form unmarked.
    const g = ctx.forms.find((x) => x.id === idOf(document.querySelector("#g")!))!;
    expect(g.marked).toBe(false);
  });

  test("focusedId is the focused indexed element, null when nothing has focus", () => {
    expect(buildContext(document).focusedId).toBeNull();
    (document.querySelector("#card") as HTMLElement).focus();
    expect(buildContext(document).focusedId).toBe(idOf(document.querySelector("#card")!));
  });
});

describe("a key press may not submit a marked form without the visitor's approval", () => {
  test("Enter in a field of a marked form is refused, and runs once confirmed", async () => {
    const pay = counter("#pay");
    const card = idOf(document.querySelector("#card")!);
    buildContext(document);
    const out = await runStep({ action: "press", elementId: card, inputData: "Enter" });
    expect(out.success).toBe(false);
    expect(out.error).toMatch(/needs the visitor's confirmation/);
    expect(pay.n).toBe(0);
    const ok = await runStep({ action: "press", elementId: card, inputData: "Enter" },
      { confirmed: true });
    expect(ok.success).toBe(true);
    expect(pay.n).toBe(1);
  });

  test("Enter or Space on the marked button, or on the focused field, is refused", async () => {
    const pay = counter("#pay");
    buildContext(document);
    const go = idOf(document.querySelector("#go")!);
    for (const key of ["Enter", "Space"]) {
      const out = await runStep({ action: "press", elementId: go, inputData: key });
      expect(out.error).toMatch(/needs the visitor's confirmation/);
    }
    (document.querySelector("#card") as HTMLElement).focus();
    expect((await runStep({ action: "press", inputData: "Enter" })).success).toBe(false);
    expect(pay.n).toBe(0);
  });

  test("a page's own Enter handler that submits a marked form is cancelled", async () => {
    const pay = counter("#pay");
    const loose = document.querySelector("#loose")!;
    loose.addEventListener("keydown", (e) => {
      if ((e as KeyboardEvent).key === "Enter") {
        (document.querySelector("#pay") as HTMLFormElement).requestSubmit();
      }
    });
    buildContext(document);
    const out = await runStep({ action: "press", elementId: idOf(loose), inputData: "Enter" });
    expect(out.error).toMatch(/tried to submit a form that needs the visitor's confirmation/);
    expect(pay.n).toBe(0);
  });

  test("other forms and other keys are untouched", async () => {
    const search = counter("#search");
    buildContext(document);
    const q = idOf(document.querySelector("#q")!);
    expect((await runStep({ action: "press", elementId: q, inputData: "Enter" })).success)
      .toBe(true);
    expect(search.n).toBe(1);
    const card = idOf(document.querySelector("#card")!);
    expect((await runStep({ action: "press", elementId: card, inputData: "Tab" })).success)
      .toBe(true);
  });
});
