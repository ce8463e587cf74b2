import { beforeEach, describe, expect, test } from "vitest";
import { stringsFor } from "../src/ui/i18n";
import { Panel } from "../src/ui/panel";

function setup() {
  const calls = { sent: [] as string[], confirmed: [] as boolean[], choices: [] as string[],
    open: [] as boolean[], shown: [] as number[] };
  const panel = new Panel(document, {
    onSend: (t) => calls.sent.push(t),
    onConfirm: (c) => calls.confirmed.push(c),
    onOpenChange: (o) => calls.open.push(o),
    onChoice: (v) => calls.choices.push(v),
    onShowElement: (id) => calls.shown.push(id),
  }, { position: "bottom-right", strings: stringsFor("en"), lang: "en", dir: "ltr" });
  document.body.appendChild(panel.host);
  const $ = (sel: string) => panel.root.querySelector(sel) as HTMLElement;
  const $$ = (sel: string) => Array.from(panel.root.querySelectorAll(sel)) as HTMLElement[];
  return { panel, calls, $, $$ };
}

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("panel", () => {
  test("hooks live in an open shadow root; launcher opens and closes", () => {
    const { panel, calls, $ } = setup();
    expect(panel.host.localName).toBe("leflux-widget");
    expect(panel.host.shadowRoot).toBe(panel.root);
    for (const hook of ["launcher", "input", "send"]) expect($(`[data-leflux="${hook}"]`)).toBeTruthy();
    expect(document.querySelector('[data-leflux="launcher"]')).toBeNull(); // not in the page's DOM
    $('[data-leflux="launcher"]').click();
    expect(panel.isOpen).toBe(true);
    expect($('[data-leflux="launcher"]').getAttribute("aria-expanded")).toBe("true");
    $('[data-leflux="close"]').click();
    expect(panel.isOpen).toBe(false);
    expect(calls.open).toEqual([true, false]);
  });

  test("sending trims, clears the input and ignores blanks", () => {
    const { calls, $ } = setup();
    const input = $('[data-leflux="input"]') as HTMLTextAreaElement;
    input.value = "   ";
    $('[data-leflux="send"]').click();
    input.value = "  sign me up  ";
    $('[data-leflux="send"]').click();
    expect(calls.sent).toEqual(["sign me up"]);
    expect(input.value).toBe("");
  });

  test("streamed bubble is updated in place and locked when done", () => {
    const { panel, $$ } = setup();
    panel.stream("s1", "Hel", false);
    panel.stream("s1", "Hello **there**", false);
    let bubbles = $$('[data-leflux="message"][data-role="agent"]');
    expect(bubbles).toHaveLength(1);
    expect(bubbles[0].getAttribute("aria-busy")).toBe("true");
    panel.stream("s1", "Hello **there**!", true);
    bubbles = $$('[data-leflux="message"][data-role="agent"]');
    expect(bubbles).toHaveLength(1);
    expect(bubbles[0].getAttribute("aria-busy")).toBe("false");
    expect(bubbles[0].querySelector("strong")?.textContent).toBe("there");
  });

  test("the gate shows the server's labels, focuses the safe choice and answers once", () => {
    const { panel, calls, $, $$ } = setup();
    panel.showConfirm("Pay $30 now?", "Yes, pay", "Not now");
    expect(panel.isOpen).toBe(true);
    const confirm = $('[data-leflux="confirm"]') as HTMLButtonElement;
    expect(confirm.textContent).toBe("Yes, pay");
    expect($('[data-leflux="cancel"]').textContent).toBe("Not now");
    expect(panel.root.activeElement).toBe($('[data-leflux="cancel"]'));
    expect($('[data-leflux="confirmation"]').textContent).toContain("Pay $30 now?");
    confirm.click();
    confirm.click(); // inert now: no second answer
    expect(calls.confirmed).toEqual([true]);
    expect(confirm.disabled).toBe(true);
    // The question stays in the transcript with the answer, without the live hooks.
    const answered = $('[data-leflux="gate"]');
    expect(answered.textContent).toContain("Pay $30 now?");
    expect(answered.textContent).toContain("You answered: Yes, pay");
    expect($('[data-leflux="confirm"]')).toBeNull();
    panel.showConfirm("Delete?", "", "");
    expect($('[data-leflux="confirm"]').textContent).toBe("Confirm");
    $('[data-leflux="cancel"]').click();
    expect(calls.confirmed).toEqual([true, false]);
    expect($$('[data-leflux="gate"]').map((g) => g.getAttribute("data-answer")))
      .toEqual(["confirmed", "declined"]);
  });

  test("Escape at the gate declines it", () => {
    const { panel, calls, $ } = setup();
    panel.showConfirm("Delete the account?", "Delete", "Keep it");
    $('[data-leflux="cancel"]').dispatchEvent(new KeyboardEvent("keydown", { key: "Escape",
      bubbles: true }));
    expect(calls.confirmed).toEqual([false]);
  });

  test("suggestion chips on an empty conversation send their text, then go inert", () => {
    const { panel, calls, $$ } = setup();
    panel.configure({ name: "default", accentColor: "#4f46e5", title: null, greeting: null,
      suggestions: ["Find shoes", 3 as unknown as string, "Track order"],
      limits: { maxMessageChars: 4000, roundTrips: 5, maxElements: 5000,
        maxPayloadBytes: 1048576, maxTools: 32, maxToolSchemaChars: 8000,
        maxToolSchemaDepth: 8, toolTimeoutMs: 10000, toolResultChars: 4000 } });
    expect($$('[data-leflux="title"]')[0].textContent).toBe("Assistant");
    const chips = $$('[data-leflux="suggestion"]');
    expect(chips.map((c) => c.textContent)).toEqual(["Find shoes", "Track order"]);
    chips[1].click();
    expect(calls.choices).toEqual(["Track order"]);
    expect(chips.every((c) => (c as HTMLButtonElement).disabled)).toBe(true);
    panel.addMessage("visitor", "Track order");
    expect($$('[data-leflux="suggestion"]')).toHaveLength(0); // the welcome gives way
  });

  test("a typed answer makes earlier choices inert, marking the one it matches", () => {
    const { panel, $$ } = setup();
    panel.addBlock("choices", { options: [{ label: "Red", value: "red" },
      { label: "Blue", value: "blue" }] });
    panel.settleChoices("blue");
    const buttons = $$('[data-leflux="choice"]') as HTMLButtonElement[];
    expect(buttons.map((b) => b.disabled)).toEqual([true, true]);
    expect(buttons.map((b) => b.classList.contains("lf-chosen"))).toEqual([false, true]);
  });
});

describe("ui blocks", () => {
  test("choices send their value once", () => {
    const { panel, calls, $$ } = setup();
    panel.addBlock("choices", { options: [{ label: "Red", value: "red shoes" },
      { label: "Blue", value: "blue shoes" }] }, "Which colour?");
    const buttons = $$('[data-leflux="choice"]');
    expect(buttons.map((b) => b.textContent)).toEqual(["Red", "Blue"]);
    buttons[1].click();
    buttons[0].click();
    expect(calls.choices).toEqual(["blue shoes"]);
  });

  test("a product card without an image shows no picture (not the page URL as one)", () => {
    const { panel, $ } = setup();
    panel.addBlock("product_cards", { items: [
      { title: "Lamp", image: "" }, { title: "Mug" }, { title: "Cup", image: "mailto:a@b.c" },
      { title: "Shoe", image: "/img/shoe.svg" },
    ] });
    const imgs = $('[data-block-type="product_cards"]').querySelectorAll("img");
    expect(Array.from(imgs).map((i) => i.getAttribute("src")))
      .toEqual([new URL("/img/shoe.svg", location.href).href]);
  });

  test("product cards, links, form summary and steps render from data, not HTML", () => {
    const { panel, calls, $ } = setup();
    panel.addBlock("product_cards", { items: [
      { title: "<img src=x onerror=alert(1)>Lamp", price: "$30", url: "/p/lamp", elementId: 7,
        image: "javascript:alert(1)" },
    ] });
    panel.addBlock("link_list", { links: [{ label: "FAQ", url: "/faq" },
      { label: "Bad", url: "javascript:alert(1)" }] });
    panel.addBlock("form_summary", { fields: [{ label: "Email", value: "a@b.c" }] });
    panel.addBlock("steps", { steps: [{ label: "Cart", status: "done" },
      { label: "Pay", status: "active" }, { label: "Done", status: "weird" }] });
    const card = $('[data-block-type="product_cards"]');
    expect(card.querySelector("img")).toBeNull(); // unsafe image URL dropped, title is text
    expect(card.textContent).toContain("<img src=x onerror=alert(1)>Lamp");
    expect(card.querySelector("a")?.getAttribute("href")).toBe(new URL("/p/lamp", location.href).href);
    (card.querySelector("button") as HTMLElement).click();
    expect(calls.shown).toEqual([7]);
    const links = $('[data-block-type="link_list"]').querySelectorAll("a");
    expect(links).toHaveLength(1);
    expect($('[data-block-type="form_summary"]').textContent).toContain("a@b.c");
    const steps = Array.from($('[data-block-type="steps"]').querySelectorAll("li"));
    expect(steps.map((s) => s.getAttribute("data-status"))).toEqual(["done", "active", "todo"]);
    expect(steps[1].getAttribute("aria-current")).toBe("step");
  });
});
