import { beforeEach, describe, expect, test } from "vitest";
import { runStep } from "../src/dom/actions";
import { idOf } from "../src/dom/ids";
import { indexPage } from "../src/dom/indexer";

// A custom select as sites build it: a button that opens a hidden listbox in its wrapper
// (no aria-controls), the button showing the chosen option; a multi-select chip listbox.
const PAGE = `
  <span id="country-label">Delivery country</span>
  <div class="select">
    <button type="button" aria-haspopup="listbox" aria-expanded="false"
      aria-labelledby="country-label country-value"><span id="country-value">Netherlands</span></button>
    <ul role="listbox" hidden>
      <li role="option" data-value="FR">France</li>
      <li role="option" data-value="NL" aria-selected="true">Netherlands</li>
      <li role="option" data-value="PT">Portugal</li>
    </ul>
  </div>
  <div class="select">
    <div role="combobox" tabindex="0" aria-controls="speed-list" aria-label="Speed">Standard</div>
    <ul id="speed-list" role="listbox" hidden>
      <li role="option" aria-selected="true">Standard</li><li role="option">Express</li>
    </ul>
  </div>
  <ul role="listbox" aria-multiselectable="true" aria-label="Days" id="days">
    <li role="option" aria-selected="false">Monday</li><li role="option" aria-selected="true">Tuesday</li>
  </ul>`;

function wire(keep = true): void {
  document.body.innerHTML = PAGE;
  for (const select of Array.from(document.querySelectorAll(".select"))) {
    const trigger = select.firstElementChild as HTMLElement;
    const menu = select.querySelector("ul")!;
    trigger.addEventListener("click", () => { menu.hidden = !menu.hidden; });
    for (const o of Array.from(menu.children)) {
      o.addEventListener("click", () => {
        menu.hidden = true;
        if (!keep) return; // a broken widget: the click is lost
        for (const p of Array.from(menu.children)) p.setAttribute("aria-selected", String(p === o));
        (trigger.querySelector("span") ?? trigger).textContent = o.textContent;
      });
    }
  }
  for (const li of Array.from(document.querySelectorAll("#days li"))) {
    li.addEventListener("click", () => li.setAttribute("aria-selected",
      String(li.getAttribute("aria-selected") !== "true")));
  }
}

const trigger = (): Element => document.querySelector("button")!;

beforeEach(() => wire());

describe("custom select (button + hidden listbox)", () => {
  test("the index lists its hidden options and the chosen one, as a select's", () => {
    const els = indexPage(document).elements;
    const button = els.find((e) => e.id === idOf(trigger()))!;
    expect(button.options?.map((o) => o.text)).toEqual(["France", "Netherlands", "Portugal"]);
    expect(button.value).toBe("NL");
    const combo = els.find((e) => e.role === "combobox")!;
    expect(combo.options?.map((o) => o.value)).toEqual(["Standard", "Express"]);
  });

  test("select opens it, clicks the option and checks that the control shows it", async () => {
    indexPage(document);
    const out = await runStep({ action: "select", elementId: idOf(trigger()), inputData: "Portugal" });
    expect(out.success).toBe(true);
    expect(document.getElementById("country-value")!.textContent).toBe("Portugal");
    const combo = document.querySelector("[role=combobox]")!;
    expect((await runStep({ action: "type", elementId: idOf(combo), inputData: "express" })).success)
      .toBe(true);
    expect(combo.textContent).toBe("Express");
    // the days list is not this control's popup: its options are never candidates
    const miss = await runStep({ action: "select", elementId: idOf(trigger()), inputData: "Monday" });
    expect(miss.success).toBe(false);
    expect(miss.error).toContain("France, Netherlands, Portugal");
  });

  test("a choice the page does not keep is an error, not a success", async () => {
    wire(false);
    indexPage(document);
    const out = await runStep({ action: "select", elementId: idOf(trigger()), inputData: "France" });
    expect(out.success).toBe(false);
    expect(out.error).toMatch(/did not keep "France".*Netherlands/);
  });

  test("an option of a multi-select listbox is checked and unchecked by its selection", async () => {
    indexPage(document);
    const [mon, tue] = Array.from(document.querySelectorAll("#days li"));
    expect((await runStep({ action: "check", elementId: idOf(mon!) })).success).toBe(true);
    expect((await runStep({ action: "check", elementId: idOf(mon!) })).success).toBe(true);
    expect(mon!.getAttribute("aria-selected")).toBe("true");
    expect((await runStep({ action: "uncheck", elementId: idOf(tue!) })).success).toBe(true);
    expect(tue!.getAttribute("aria-selected")).toBe("false");
  });
});

describe("filtering combobox (type to filter, then click the option)", () => {
  const AIRPORTS = ["London Heathrow (LHR)", "London Gatwick (LGW)", "Lisbon (LIS)"];
  function combo(): HTMLInputElement {
    document.body.innerHTML = `<label for="from">From</label>
      <input id="from" role="combobox" aria-controls="from-list" aria-expanded="false">
      <ul id="from-list" role="listbox" hidden></ul>`;
    const input = document.querySelector("input")!;
    const list = document.getElementById("from-list")!;
    // Like many sites: the typed text must start a word of the airport's name.
    input.addEventListener("input", () => {
      const q = input.value.trim().toLowerCase();
      const hits = AIRPORTS.filter((a) => a.toLowerCase().split(/\W+/).some((w) => w.startsWith(q)));
      list.innerHTML = hits.length ? hits.map((a) => `<li role="option">${a}</li>`).join("")
        : `<li role="option" aria-disabled="true">No airports match</li>`;
      list.hidden = false;
      for (const li of Array.from(list.children)) {
        li.addEventListener("click", () => { input.value = li.textContent!; list.hidden = true; });
      }
    });
    return input;
  }

  test("a value whose whole words match nothing is found by typing one of its words", async () => {
    const input = combo();
    indexPage(document);
    const out = await runStep({ action: "type", elementId: idOf(input), inputData: "London Gatwick" });
    expect(out.success).toBe(true);
    expect(input.value).toBe("London Gatwick (LGW)");
  });

  test("no option for any of the words: the words stay typed, the note says what the list showed", async () => {
    const input = combo();
    indexPage(document);
    const out = await runStep({ action: "type", elementId: idOf(input), inputData: "Reykjavik Keflavik" });
    expect(input.value).toBe("Reykjavik Keflavik");
    expect(JSON.stringify(out)).toMatch(/typed as is: no option \\?"Reykjavik Keflavik\\?" appeared.*No airports match/);
  }, 15_000);
});
