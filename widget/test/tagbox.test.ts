import { beforeEach, describe, expect, test } from "vitest";
import { runStep } from "../src/dom/actions";
import { idOf } from "../src/dom/ids";
import { indexPage } from "../src/dom/indexer";

beforeEach(() => {
  document.body.innerHTML = "";
});

/** A tag box: it suggests known skills as you type, and takes any words with Enter. */
function tagBox(): { input: HTMLInputElement; tags: string[] } {
  document.body.innerHTML = `<form><label for="s">Skills</label>
    <input id="s" role="combobox" aria-controls="s-list" aria-expanded="false">
    <ul id="s-list" role="listbox" hidden></ul><button type="submit">Save</button></form>`;
  const input = document.getElementById("s") as HTMLInputElement;
  const list = document.getElementById("s-list")!;
  const tags: string[] = [];
  input.addEventListener("input", () => {
    const q = input.value.toLowerCase();
    const hits = ["Python", "Docker"].filter((s) => q && s.toLowerCase().startsWith(q));
    list.innerHTML = hits.length ? hits.map((h) => `<li role="option">${h}</li>`).join("")
      : `<li role="option" aria-disabled="true">Press Enter to add it anyway</li>`;
    list.hidden = false;
    list.querySelectorAll("li[aria-disabled]").length || list.querySelectorAll("li").forEach(
      (li) => li.addEventListener("click", () => { tags.push(li.textContent!); input.value = ""; }));
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && input.value) { e.preventDefault(); tags.push(input.value); input.value = ""; }
  });
  return { input, tags };
}

function indexed(el: Element): number {
  const id = idOf(el);
  if (!indexPage(document).elements.some((e) => e.id === id)) throw new Error("not indexed");
  return id;
}

describe("typing into a box that suggests", () => {
  test("the suggestion that says the words is taken", async () => {
    const { input, tags } = tagBox();
    const out = await runStep({ action: "type", elementId: indexed(input), inputData: "Python" });
    expect(out.success).toBe(true);
    expect(tags).toEqual(["Python"]);
  });

  test("with no suggestion the words stay typed, and Enter adds them", async () => {
    const { input, tags } = tagBox();
    const id = indexed(input);
    const typed = await runStep({ action: "type", elementId: id, inputData: "Elixir" });
    expect(typed.success).toBe(true);
    expect(input.value).toBe("Elixir");
    const pressed = await runStep({ action: "press", elementId: id, inputData: "Enter" });
    expect(pressed.success).toBe(true);
    expect(tags).toEqual(["Elixir"]);
  });

  test("choosing (select) still fails when no option says the words", async () => {
    const { input } = tagBox();
    const out = await runStep({ action: "select", elementId: indexed(input), inputData: "Elixir" });
    expect(out.success).toBe(false);
  });
});
