import { beforeEach, describe, expect, test } from "vitest";
import { buildContext } from "../src/dom/context";
import { elementById } from "../src/dom/ids";
import { indexPage } from "../src/dom/indexer";
import type { IndexedElement } from "../src/dom/types";

function index(host: Element | null = null): IndexedElement[] {
  return indexPage(document, { widgetHost: host }).elements;
}

function byLabel(els: IndexedElement[], label: string): IndexedElement | undefined {
  return els.find((e) => e.label === label);
}

beforeEach(() => {
  document.body.innerHTML = "";
  document.title = "Test page";
});

describe("labels and values", () => {
  test("every labelling source gives a label", () => {
    document.body.innerHTML = `
      <form>
        <label for="name">Full name</label><input id="name" name="name" value="Ann">
        <label>Email <input id="email" type="email" placeholder="you@example.com"></label>
        <input aria-label="Phone number" id="phone">
        <span id="cityLabel">City</span><input aria-labelledby="cityLabel" id="city">
        <div>Company: <input id="company"></div>
        <input id="nolabel" placeholder="Search the shop">
        <input id="pw" type="password" value="hunter2">
        <input type="hidden" name="csrf" value="secret">
        <button type="submit">Sign up</button>
      </form>`;
    const els = index();
    expect(byLabel(els, "Full name")).toMatchObject({ tag: "input", name: "name", value: "Ann",
      role: "textbox", type: "text" });
    expect(byLabel(els, "Email")).toMatchObject({ type: "email", placeholder: "you@example.com" });
    expect(byLabel(els, "Phone number")).toBeDefined();
    expect(byLabel(els, "City")).toBeDefined();
    expect(byLabel(els, "Company")).toBeDefined();
    expect(els.find((e) => e.placeholder === "Search the shop")?.label).toBeUndefined();
    const pw = els.find((e) => e.type === "password")!;
    expect(pw).toBeDefined();
    expect(pw.value).toBeUndefined(); // never sent
    expect(JSON.stringify(els)).not.toContain("hunter2");
    expect(els.some((e) => e.name === "csrf")).toBe(false);
    expect(els.find((e) => e.tag === "button")).toMatchObject({ text: "Sign up", type: "submit",
      role: "button" });
  });

  test("select options, checkboxes, radios, disabled and links", () => {
    document.body.innerHTML = `
      <label>Country <select name="country"><option value="">Choose</option>
        <option value="fr" selected>France</option><option value="de">Germany</option></select></label>
      <label><input type="checkbox" name="terms" checked> I accept</label>
      <label><input type="radio" name="plan" value="pro"> Pro</label>
      <button disabled>Pay</button>
      <fieldset disabled><input aria-label="In disabled fieldset"></fieldset>
      <a href="/cart">Cart <img alt="cart icon" src="x.png"></a>
      <a>no href</a>`;
    const els = index();
    const country = byLabel(els, "Country")!;
    expect(country.value).toBe("fr");
    expect(country.options).toEqual([
      { value: "", text: "Choose", selected: false },
      { value: "fr", text: "France", selected: true },
      { value: "de", text: "Germany", selected: false },
    ]);
    expect(byLabel(els, "I accept")).toMatchObject({ checked: true, type: "checkbox" });
    expect(byLabel(els, "Pro")).toMatchObject({ checked: false, value: "pro", role: "radio" });
    expect(els.find((e) => e.text === "Pay")?.disabled).toBe(true);
    expect(byLabel(els, "In disabled fieldset")?.disabled).toBe(true);
    const link = els.find((e) => e.tag === "a")!;
    expect(link.href).toMatch(/\/cart$/);
    expect(link.text).toBe("Cart cart icon");
    expect(els.filter((e) => e.tag === "a")).toHaveLength(1);
  });

  test("required fields say so (native attribute or aria-required), others do not", () => {
    document.body.innerHTML = `
      <form>
        <label for="n">Full name</label><input id="n" required>
        <label for="c">Country</label><select id="c" required><option>France</option></select>
        <label for="m">Message</label><textarea id="m" aria-required="true"></textarea>
        <input type="checkbox" id="t" required><label for="t">I agree to the terms</label>
        <input type="checkbox" id="nl"><label for="nl">Send me the newsletter</label>
        <div role="checkbox" aria-checked="false" aria-required="true" tabindex="0">Consent</div>
        <label for="o">Company</label><input id="o" aria-required="false">
        <button type="submit" required>Create account</button>
      </form>`;
    type Req = IndexedElement & { required?: boolean };
    const els = index() as Req[];
    for (const label of ["Full name", "Country", "Message", "I agree to the terms"]) {
      expect((byLabel(els, label) as Req | undefined)?.required, label).toBe(true);
    }
    expect(els.find((e) => e.role === "checkbox" && e.text === "Consent")?.required).toBe(true);
    expect(byLabel(els, "Send me the newsletter")).not.toHaveProperty("required");
    expect(byLabel(els, "Company")).not.toHaveProperty("required");
    expect(els.find((e) => e.text === "Create account")).not.toHaveProperty("required");
  });
});

describe("what counts as interactive and visible", () => {
  test("ARIA roles, contenteditable, onclick, tabindex, cursor:pointer", () => {
    document.body.innerHTML = `
      <div role="button" id="r">Role button</div>
      <div contenteditable="true" aria-label="Notes"><p>hello <b>there</b></p></div>
      <div onclick="void 0">Clickable div</div>
      <span tabindex="0">Focusable span</span>
      <div style="cursor: pointer"><span>Pointer card</span></div>
      <div>Plain text</div>`;
    const els = index();
    const texts = els.map((e) => e.text ?? e.label);
    expect(texts).toContain("Role button");
    expect(texts).toContain("Notes");
    expect(texts).toContain("Clickable div");
    expect(texts).toContain("Focusable span");
    expect(texts).toContain("Pointer card");
    expect(texts).not.toContain("Plain text");
    // The editing host only, not its children; its words are its value.
    expect(els.filter((e) => e.label === "Notes")).toHaveLength(1);
    expect(byLabel(els, "Notes")?.value).toBe("hello there");
  });

  test("an editable region's value keeps its lines: blocks, list items and <br>", () => {
    document.body.innerHTML = `
      <div contenteditable="true" aria-label="List"><ul><li>tent</li><li>sleeping <b>bag</b></li><li>stove</li></ul></div>
      <div contenteditable="true" aria-label="Paragraphs"><p>Dear   Jo,</p><p>see <i>you</i><br>soon</p><div><br></div></div>
      <div contenteditable="true" aria-label="Inline">re<b>new</b> pass<i>port</i></div>`;
    const els = index();
    expect(byLabel(els, "List")?.value).toBe("tent\nsleeping bag\nstove");
    expect(byLabel(els, "Paragraphs")?.value).toBe("Dear Jo,\nsee you\nsoon");
    // inline tags inside a word add no blank
    expect(byLabel(els, "Inline")?.value).toBe("renew passport");
  });

  test("a long editable region's value is cut at 500 characters", () => {
    document.body.innerHTML = `<div contenteditable="true" aria-label="Long">${"<p>word word</p>".repeat(100)}</div>`;
    const value = byLabel(index(), "Long")?.value ?? "";
    expect(value.length).toBe(500);
    expect(value.endsWith("…")).toBe(true);
    // one paragraph of widely spaced words: read only so far, and said to be cut
    document.body.innerHTML = `<div contenteditable="true" aria-label="Spaced"><p>${"<i>a</i>                    ".repeat(200)}</p></div>`;
    const spaced = byLabel(index(), "Spaced")?.value ?? "";
    expect(spaced.endsWith("…")).toBe(true);
    expect(spaced.length).toBeLessThanOrEqual(500);
  });

  test("hidden elements are skipped", () => {
    document.body.innerHTML = `
      <button>Shown</button>
      <div style="display:none"><button>In display none</button></div>
      <button style="visibility:hidden">Visibility hidden</button>
      <div style="opacity:0"><button>In transparent</button></div>
      <button style="width:0px">Zero width</button>
      <label><input type="checkbox" style="opacity:0" id="styled"> Styled box</label>`;
    const els = index();
    expect(els.map((e) => e.text ?? e.label)).toEqual(["Shown", "Styled box"]);
  });

  test("open shadow roots and same-origin iframes are indexed, the widget is not", () => {
    document.body.innerHTML = `<x-card id="card"></x-card><iframe id="f"></iframe>
      <leflux-widget id="w"></leflux-widget>`;
    const card = document.getElementById("card")!;
    card.attachShadow({ mode: "open" }).innerHTML =
      `<label for="q">Quantity</label><input id="q" value="1"><button>Add to cart</button>`;
    const widget = document.getElementById("w")!;
    widget.attachShadow({ mode: "open" }).innerHTML = `<button>Widget button</button>`;
    const frame = document.getElementById("f") as HTMLIFrameElement;
    frame.contentDocument!.body.innerHTML = `<label>Coupon <input name="coupon"></label>`;
    const els = index(widget);
    expect(byLabel(els, "Quantity")).toMatchObject({ value: "1", shadow: true });
    expect(els.find((e) => e.text === "Add to cart")?.shadow).toBe(true);
    expect(byLabel(els, "Coupon")).toMatchObject({ name: "coupon", frame: true });
    expect(els.some((e) => e.text === "Widget button")).toBe(false);
  });
});

describe("ids", () => {
  test("stable while the element lives, never reused", () => {
    document.body.innerHTML = `<button id="a">A</button><button id="b">B</button>`;
    const first = index();
    const a = document.getElementById("a")!;
    const idA = first.find((e) => e.text === "A")!.id;
    const idB = first.find((e) => e.text === "B")!.id;
    document.getElementById("b")!.remove();
    const c = document.createElement("button");
    c.textContent = "C";
    document.body.prepend(c);
    const second = index();
    expect(second.find((e) => e.text === "A")!.id).toBe(idA);
    const idC = second.find((e) => e.text === "C")!.id;
    expect(idC).not.toBe(idB);
    expect(idC).not.toBe(idA);
    expect(elementById(idA)).toBe(a);
    expect(elementById(idB)).toBeNull();
    expect(second.every((e) => Number.isInteger(e.id) && e.id > 0)).toBe(true);
  });

  test("parentId links nested interactive elements; data-leflux-confirm marks them", () => {
    document.body.innerHTML = `
      <div role="button" aria-label="Product card"><a href="/p/1">Details</a></div>
      <form data-leflux-confirm><button>Pay now</button></form>
      <button data-leflux-confirm>Delete account</button><button>Safe</button>`;
    const els = index();
    const card = byLabel(els, "Product card")!;
    expect(els.find((e) => e.tag === "a")?.parentId).toBe(card.id);
    expect(els.find((e) => e.text === "Pay now")?.confirm).toBe(true);
    expect(els.find((e) => e.text === "Delete account")?.confirm).toBe(true);
    expect(els.find((e) => e.text === "Safe")?.confirm).toBeUndefined();
  });
});

describe("context", () => {
  test("url, title, viewport, trimmed visible text, capped element count", () => {
    document.body.innerHTML = `<h1>  Welcome   to the shop </h1>\n\n<p>Free returns</p>` +
      Array.from({ length: 30 }, (_, i) => `<button>b${i}</button>`).join("");
    const ctx = buildContext(document, null, { maxElements: 10, maxPayloadBytes: 1_048_576 });
    expect(ctx.title).toBe("Test page");
    expect(ctx.url).toBe(location.href);
    expect(ctx.indexedElements).toHaveLength(10);
    expect(ctx.visibleText).toContain("Welcome to the shop");
    expect(ctx.visibleText.startsWith("Welcome")).toBe(true);
    expect(ctx.visibleText).not.toMatch(/\n\n|  /);
    expect(ctx.viewport.width).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(ctx))).toEqual(ctx);
  });
});
