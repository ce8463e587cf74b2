import { beforeEach, describe, expect, test } from "vitest";
import { runStep } from "../src/dom/actions";
import { idOf } from "../src/dom/ids";
import { indexPage } from "../src/dom/indexer";
import { UNCHANGED_NOTE } from "../src/dom/outcome";

beforeEach(() => {
  document.body.innerHTML = "";
});

function indexed(el: Element): number {
  const id = idOf(el);
  if (!indexPage(document).elements.some((e) => e.id === id)) throw new Error("not indexed");
  return id;
}

describe("a click's answer drawn out of the page's own tree", () => {
  test("a web component that answers in its shadow root changed the page", async () => {
    document.body.innerHTML = `<x-counter></x-counter>`;
    const root = document.querySelector("x-counter")!.attachShadow({ mode: "open" });
    root.innerHTML = `<button aria-label="Add adult ticket">+</button><output>0</output>`;
    const button = root.querySelector("button")!;
    button.addEventListener("click", () => {
      root.querySelector("output")!.textContent = "1";
    });
    const out = await runStep({ action: "click", elementId: indexed(button), description: "+" });
    expect(out.success).toBe(true);
    expect(out.description).toBe("+");
  });

  test("a form in a same-origin frame that shows its thanks changed the page", async () => {
    document.body.innerHTML = `<iframe id="f"></iframe>`;
    const doc = (document.getElementById("f") as HTMLIFrameElement).contentDocument!;
    doc.body.innerHTML = `<button>Subscribe</button><p role="status"></p>`;
    const button = doc.querySelector("button")!;
    button.addEventListener("click", () => {
      doc.querySelector("p")!.textContent = "You're in";
    });
    const out = await runStep({ action: "click", elementId: indexed(button),
      description: "Subscribe" });
    expect(out.description).toBe("Subscribe");
  });

  test("a click nothing answers, in a shadow root, is still said to change nothing", async () => {
    document.body.innerHTML = `<x-card></x-card>`;
    const root = document.querySelector("x-card")!.attachShadow({ mode: "open" });
    root.innerHTML = `<button>Reserve seats</button>`;
    const button = root.querySelector("button")!;
    const out = await runStep({ action: "click", elementId: indexed(button),
      description: "Reserve seats" });
    expect(out.description).toBe(`Reserve seats (${UNCHANGED_NOTE})`);
  });
});
