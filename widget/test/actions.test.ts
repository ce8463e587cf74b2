import { createElement, useState } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { beforeEach, describe, expect, test } from "vitest";
import { runStep } from "../src/dom/actions";
import { idOf as stableId } from "../src/dom/ids";
import { indexPage } from "../src/dom/indexer";

/** The index id of the element `selector` finds (it must be in the index). */
function idOf(selector: string): number {
  const el = document.querySelector(selector);
  if (!el) throw new Error(`no element ${selector}`);
  const id = stableId(el);
  if (!indexPage(document).elements.some((e) => e.id === id)) {
    throw new Error(`not indexed: ${selector}`);
  }
  return id;
}

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("type", () => {
  test("sets the value and fires input then change", async () => {
    document.body.innerHTML = `<input aria-label="Name">`;
    const input = document.querySelector("input")!;
    const seen: string[] = [];
    for (const t of ["focus", "input", "change"]) {
      input.addEventListener(t, () => seen.push(`${t}:${input.value}`));
    }
    const out = await runStep({ action: "type", elementId: idOf("input"), inputData: "Ahmed",
      description: "name" });
    expect(out).toEqual({ success: true, elementId: idOf("input"), description: "name" });
    expect(input.value).toBe("Ahmed");
    expect(seen).toEqual(["focus:", "input:Ahmed", "change:Ahmed"]);
  });

  test("a React-controlled input takes the text into its state", async () => {
    document.body.innerHTML = `<div id="app"></div>`;
    const states: string[] = [];
    function Form() {
      const [name, setName] = useState("");
      states.push(name);
      return createElement("input", { "aria-label": "Name", value: name,
        onChange: (e: { target: HTMLInputElement }) => setName(e.target.value) });
    }
    const root = createRoot(document.getElementById("app")!);
    flushSync(() => root.render(createElement(Form)));
    const out = await runStep({ action: "type", elementId: idOf("input"), inputData: "Ahmed" });
    await new Promise((r) => setTimeout(r, 10));
    expect(out.success).toBe(true);
    expect(states.at(-1)).toBe("Ahmed");
    expect(document.querySelector("input")!.value).toBe("Ahmed");
    root.unmount();
  });

  test("a field that rejects the text reports it", async () => {
    document.body.innerHTML = `<input aria-label="Age">`;
    const input = document.querySelector("input")!;
    input.addEventListener("input", () => {
      input.value = input.value.replace(/\D/g, ""); // digits only, like a masked field
    });
    const out = await runStep({ action: "type", elementId: idOf("input"), inputData: "abc" });
    expect(out.success).toBe(false);
    expect(out.error).toMatch(/did not accept/);
  });

  test("contenteditable and clear", async () => {
    document.body.innerHTML = `<div contenteditable="true" aria-label="Notes">old</div>
      <input aria-label="Search" value="shoes">`;
    expect((await runStep({ action: "type", elementId: idOf("[contenteditable]"),
      inputData: "new text" })).success).toBe(true);
    expect(document.querySelector("[contenteditable]")!.textContent).toBe("new text");
    expect((await runStep({ action: "clear", elementId: idOf("input") })).success).toBe(true);
    expect(document.querySelector("input")!.value).toBe("");
  });
});

describe("select_text", () => {
  test("selects the words across the editor's inline and block elements", async () => {
    document.body.innerHTML = `<div contenteditable="true" aria-label="Note">` +
      `<div>Renew <i>pass</i>port</div><div>by  May</div></div>`;
    const out = await runStep({ action: "select_text", elementId: idOf("[contenteditable]"),
      inputData: "renew passport by may" });
    expect(out.success).toBe(true);
    expect(document.getSelection()!.toString().replace(/\s+/g, "")).toBe("RenewpassportbyMay");
    expect(document.activeElement).toBe(document.querySelector("[contenteditable]"));
  });

  test("no words: all of it; a field: its value's words", async () => {
    document.body.innerHTML = `<div contenteditable="true" aria-label="Note"><p>tent</p>` +
      `<p>stove</p></div><input aria-label="Title" value="Trip list">`;
    expect((await runStep({ action: "select_text", elementId: idOf("[contenteditable]") }))
      .success).toBe(true);
    expect(document.getSelection()!.toString()).toMatch(/tent\s*stove/);
    expect((await runStep({ action: "select_text", elementId: idOf("input"),
      inputData: "list" })).success).toBe(true);
    const input = document.querySelector("input")!;
    expect([input.selectionStart, input.selectionEnd]).toEqual([5, 9]);
  });

  test("words the text does not say fail and select nothing", async () => {
    document.body.innerHTML = `<div contenteditable="true" aria-label="Note">Renew passport</div>`;
    document.getSelection()!.removeAllRanges();
    const out = await runStep({ action: "select_text", elementId: idOf("[contenteditable]"),
      inputData: "renew licence" });
    expect(out.success).toBe(false);
    expect(out.error).toMatch(/does not say "renew licence"/);
    expect(document.getSelection()!.toString()).toBe("");
  });
});

describe("click", () => {
  test("pointer and mouse events in browser order, then click", async () => {
    document.body.innerHTML = `<button aria-label="Go">Go</button>`;
    const b = document.querySelector("button")!;
    const seen: string[] = [];
    for (const t of ["pointerdown", "mousedown", "focus", "pointerup", "mouseup", "click"]) {
      b.addEventListener(t, () => seen.push(t));
    }
    const out = await runStep({ action: "click", elementId: idOf("button"), description: "go" });
    expect(out.success).toBe(true);
    expect(seen).toEqual(["pointerdown", "mousedown", "focus", "pointerup", "mouseup", "click"]);
  });

  test("gone, hidden and disabled elements fail with a clear error", async () => {
    document.body.innerHTML = `<button aria-label="A">A</button><button aria-label="B">B</button>
      <button aria-label="C">C</button>`;
    const [a, b, c] = ["A", "B", "C"].map((l) => idOf(`[aria-label=${l}]`));
    document.querySelector("[aria-label=A]")!.remove();
    (document.querySelector("[aria-label=B]") as HTMLElement).style.display = "none";
    (document.querySelector("[aria-label=C]") as HTMLButtonElement).disabled = true;
    expect((await runStep({ action: "click", elementId: a })).error).toMatch(/no longer on the page/);
    expect((await runStep({ action: "click", elementId: b })).error).toMatch(/hidden/);
    expect((await runStep({ action: "click", elementId: c })).error).toMatch(/disabled/);
    expect((await runStep({ action: "click", elementId: 999999 })).success).toBe(false);
    expect((await runStep({ action: "click" })).error).toMatch(/needs an elementId/);
    expect((await runStep({ action: "fly" })).error).toMatch(/unknown action/);
  });
});

describe("select, check, press", () => {
  test("select by text or value, with a list of options when missing", async () => {
    document.body.innerHTML = `<select aria-label="Size"><option value="s">Small</option>
      <option value="m">Medium</option><option value="l">Large</option></select>`;
    const sel = document.querySelector("select")!;
    let changes = 0;
    sel.addEventListener("change", () => changes++);
    const id = idOf("select");
    expect((await runStep({ action: "select", elementId: id, inputData: "large" })).success).toBe(true);
    expect(sel.value).toBe("l");
    expect((await runStep({ action: "select", elementId: id, inputData: "m" })).success).toBe(true);
    expect(sel.value).toBe("m");
    expect(changes).toBe(2);
    const miss = await runStep({ action: "select", elementId: id, inputData: "XXL" });
    expect(miss.success).toBe(false);
    expect(miss.error).toContain("Small, Medium, Large");
  });

  test("check and uncheck are idempotent; radios are chosen in their group", async () => {
    document.body.innerHTML = `<input type="checkbox" aria-label="Terms">
      <label><input type="radio" name="plan" value="basic" aria-label="Plan"> Basic</label>
      <label><input type="radio" name="plan" value="pro"> Pro plan</label>`;
    const box = document.querySelector("input[type=checkbox]") as HTMLInputElement;
    const id = idOf("input[type=checkbox]");
    let clicks = 0;
    box.addEventListener("click", () => clicks++);
    expect((await runStep({ action: "check", elementId: id })).success).toBe(true);
    expect(box.checked).toBe(true);
    expect((await runStep({ action: "check", elementId: id })).success).toBe(true);
    expect(clicks).toBe(1); // already checked: not clicked again
    expect((await runStep({ action: "uncheck", elementId: id })).success).toBe(true);
    expect(box.checked).toBe(false);
    const radioId = idOf("[aria-label=Plan]");
    expect((await runStep({ action: "select", elementId: radioId, inputData: "Pro plan" })).success)
      .toBe(true);
    expect((document.querySelector("input[value=pro]") as HTMLInputElement).checked).toBe(true);
    expect((await runStep({ action: "uncheck", elementId: radioId })).success).toBe(true);
  });

  test("Enter in a form field submits the form", async () => {
    document.body.innerHTML = `<form><input aria-label="Query"><button>Search</button></form>`;
    let submitted = 0;
    const keys: string[] = [];
    document.querySelector("form")!.addEventListener("submit", (e) => {
      e.preventDefault();
      submitted++;
    });
    document.querySelector("input")!.addEventListener("keydown", (e) => keys.push(e.key));
    const out = await runStep({ action: "press", elementId: idOf("input"), inputData: "enter" });
    expect(out.success).toBe(true);
    expect(keys).toEqual(["Enter"]);
    expect(submitted).toBe(1);
  });
});

describe("navigate, scroll, wait", () => {
  test("navigate stays on this site", async () => {
    const went: string[] = [];
    const hooks = { navigate: (u: string) => went.push(u) };
    expect((await runStep({ action: "navigate", inputData: "/cart" }, hooks)).success).toBe(true);
    expect(went).toEqual([new URL("/cart", location.href).href]);
    const away = await runStep({ action: "navigate", inputData: "https://evil.example/" }, hooks);
    expect(away.success).toBe(false);
    expect(away.error).toMatch(/only pages of this site/);
    expect((await runStep({ action: "navigate", inputData: "javascript:alert(1)" }, hooks)).success)
      .toBe(false);
    expect(went).toHaveLength(1);
  });

  test("scroll the page and wait a bounded time", async () => {
    expect((await runStep({ action: "scroll", inputData: "down" })).success).toBe(true);
    const t0 = Date.now();
    expect((await runStep({ action: "wait", inputData: "50" })).success).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
  });
});

describe("Vue", () => {
  test("v-model fields follow typed text, selects and checkboxes", async () => {
    const { createApp, h, ref, vModelText, vModelSelect, vModelCheckbox, withDirectives } =
      await import("vue");
    document.body.innerHTML = `<div id="app"></div>`;
    const name = ref("");
    const size = ref("s");
    const gift = ref(false);
    createApp({
      render: () => h("form", [
        withDirectives(h("input", { "aria-label": "Name",
          "onUpdate:modelValue": (v: string) => (name.value = v) }), [[vModelText, name.value]]),
        withDirectives(h("select", { "aria-label": "Size",
          "onUpdate:modelValue": (v: string) => (size.value = v) },
          [h("option", { value: "s" }, "Small"), h("option", { value: "l" }, "Large")]),
          [[vModelSelect, size.value]]),
        withDirectives(h("input", { type: "checkbox", "aria-label": "Gift",
          "onUpdate:modelValue": (v: boolean) => (gift.value = v) }), [[vModelCheckbox, gift.value]]),
      ]),
    }).mount("#app");
    expect((await runStep({ action: "type", elementId: idOf("[aria-label=Name]"),
      inputData: "Ahmed" })).success).toBe(true);
    expect((await runStep({ action: "select", elementId: idOf("[aria-label=Size]"),
      inputData: "Large" })).success).toBe(true);
    expect((await runStep({ action: "check", elementId: idOf("[aria-label=Gift]") })).success)
      .toBe(true);
    expect([name.value, size.value, gift.value]).toEqual(["Ahmed", "l", true]);
  });
});
