// Where elements sit, what the page says about fields, and acting like a person (happy-dom;
// layout, hover rules and hit tests are covered in Chromium by tests/e2e).
import { beforeEach, describe, expect, test } from "vitest";
import { runStep } from "../src/dom/actions";
import { buildContext, isOwnContext } from "../src/dom/context";
import { hover, pressKey, realDoubleClick } from "../src/dom/events";
import { elementById } from "../src/dom/ids";
import { indexPage } from "../src/dom/indexer";
import type { IndexedElement } from "../src/dom/types";
import { OTHER_PAGE, refusePlan } from "../src/executor";
import { ActionLedger } from "../src/storage";

function index(): IndexedElement[] {
  return indexPage(document).elements;
}

function one(els: IndexedElement[], pred: (e: IndexedElement) => boolean): IndexedElement {
  const hits = els.filter(pred);
  expect(hits).toHaveLength(1);
  return hits[0]!;
}

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("where an element sits", () => {
  test("table rows: group text, column header, position without the header row", () => {
    document.body.innerHTML = `
      <table><tr><th>Name</th><th>Price</th><th>Actions</th></tr>
        <tr><td>Red shoes</td><td>$40</td><td><button>Remove</button></td></tr>
        <tr><td>Blue hat</td><td>$15</td><td><button>Remove</button></td></tr></table>`;
    const hat = one(index(), (e) => e.group?.startsWith("Blue hat") ?? false);
    expect(hat).toMatchObject({ text: "Remove", groupKind: "row", column: "Actions",
      position: [2, 2], group: "Blue hat | $15" });
  });

  test("ARIA grids of divs: column headers, aria-colindex, position without the header row", () => {
    document.body.innerHTML = `
      <div role="grid" aria-label="Orders">
        <div role="rowgroup"><div role="row">
          <div role="columnheader">Order</div><div role="columnheader">Status</div>
          <div role="columnheader">Actions</div></div></div>
        <div role="rowgroup">
          <div role="row"><div role="gridcell">#1041</div><div role="gridcell">Paid</div>
            <div role="gridcell"><button>Refund</button></div></div>
          <div role="row"><div role="gridcell">#1042</div><div role="gridcell">Pending</div>
            <div role="gridcell" aria-colindex="3"><button>Refund</button></div></div>
        </div></div>
      <div role="table"><div role="row"><div role="columnheader">Name</div>
        <div role="columnheader">Qty</div></div>
        <div role="row"><div role="cell">Tea</div>
          <div role="cell"><input type="number" aria-label="quantity"></div></div></div>`;
    const els = index();
    const refund = (order: string) => (e: IndexedElement) =>
      e.tag === "button" && (e.group?.startsWith(order) ?? false);
    expect(one(els, refund("#1042"))).toMatchObject({
      text: "Refund", groupKind: "row", column: "Actions", position: [2, 2] });
    expect(one(els, refund("#1041"))).toMatchObject({
      column: "Actions", position: [1, 2] });
    expect(one(els, (e) => e.label === "quantity")).toMatchObject({ column: "Qty",
      group: "Tea" });
  });

  test("ARIA cells are told apart in a row's text like table cells", () => {
    document.body.innerHTML = `
      <div role="table"><div role="row"><span role="cell">Q3 report.pdf</span>
        <span role="cell">Oct 4, 2026</span><span role="cell">2.4 MB</span>
        <span role="cell"><button>Download</button></span></div></div>`;
    expect(one(index(), (e) => e.text === "Download")).toMatchObject({
      group: "Q3 report.pdf | Oct 4, 2026 | 2.4 MB" });
  });

  test("a column header's sort state: aria-sort on its cell or on its own button", () => {
    document.body.innerHTML = `
      <table><thead><tr><th aria-sort="descending"><button>Total</button></th>
        <th aria-sort="none" onclick="">Date</th><th>Notes</th></tr></thead>
        <tbody><tr><td>$4</td><td>May 1</td><td><button>Edit</button></td></tr></tbody></table>
      <div role="table"><div role="row"><span role="columnheader">
        <button aria-sort="ascending">File size</button></span></div></div>`;
    const els = index();
    expect(one(els, (e) => e.text === "Total")).toMatchObject({ sort: "descending" });
    expect(one(els, (e) => e.text === "File size")).toMatchObject({ sort: "ascending" });
    expect(one(els, (e) => e.text === "Edit").sort).toBeUndefined();
  });

  test("list items, fieldsets, dialogs and cards; the controls' own words left out", () => {
    document.body.innerHTML = `
      <ul><li><span>Milk</span><button>Delete</button></li>
          <li><span>Bread</span><button>Delete</button></li></ul>
      <fieldset><legend>Shipping</legend><label>City <input name="city"></label></fieldset>
      <div role="dialog" aria-label="Newsletter"><button>Close</button></div>
      <div class="product-card"><h3>Sneakers</h3><button>Add to cart</button></div>`;
    const els = index();
    expect(one(els, (e) => e.group === "Bread")).toMatchObject({ groupKind: "item",
      position: [2, 2], text: "Delete" });
    expect(one(els, (e) => e.name === "city")).toMatchObject({ group: "Shipping",
      groupKind: "fieldset" });
    expect(one(els, (e) => e.text === "Close")).toMatchObject({ group: "Newsletter",
      groupKind: "dialog" });
    expect(one(els, (e) => e.text === "Add to cart")).toMatchObject({ group: "Sneakers",
      groupKind: "card" });
    expect(one(els, (e) => e.text === "Close").position).toBeUndefined();
  });

  test("a toggle named by the label right after it; icon-only buttons by their class", () => {
    document.body.innerHTML = `<ul><li><input type="checkbox" class="toggle"><label>Walk the dog</label>
      <button class="destroy"></button></li></ul>`;
    const els = index();
    expect(one(els, (e) => e.type === "checkbox").label).toBe("Walk the dog");
    expect(one(els, (e) => e.tag === "button").label).toBe("destroy");
  });
});

describe("what the page says about fields", () => {
  test("hints, invalid state, error text and alerts", () => {
    document.body.innerHTML = `
      <div role="alert">Payment declined</div>
      <label for="e">Email</label>
      <input id="e" type="email" required autocomplete="email" inputmode="email"
        aria-invalid="true" aria-describedby="e-err e-hint">
      <span id="e-err" class="field-error">Enter a valid email</span>
      <span id="e-hint">We never share it</span>
      <label for="z">Postcode</label><input id="z" pattern="[0-9]{5}" value="abc">
      <div class="invalid-feedback">Five digits</div>
      <label for="n">Guests</label><input id="n" type="number" min="1" max="8">`;
    const ctx = buildContext(document, null);
    const els = ctx.indexedElements;
    expect(one(els, (e) => e.label === "Email")).toMatchObject({ required: true,
      autocomplete: "email", inputMode: "email", invalid: true,
      errorText: "Enter a valid email We never share it" });
    const zip = one(els, (e) => e.label === "Postcode");
    expect(zip.pattern).toBe("[0-9]{5}");
    expect(zip.errorText).toBe("Five digits");
    expect(one(els, (e) => e.label === "Guests")).toMatchObject({ min: "1", max: "8" });
    expect(one(els, (e) => e.label === "Guests").invalid).toBeUndefined();
    expect(ctx.alerts).toContain("Payment declined");
  });

  test("contenteditable regions are editable with their text as value", () => {
    document.body.innerHTML = `<div contenteditable="true" aria-label="Note"><p>Hi <b>there</b></p></div>`;
    expect(one(index(), (e) => e.label === "Note")).toMatchObject({ editable: true,
      value: "Hi there", role: "textbox" });
  });

  test("context ids: fresh per context, all of this page load", () => {
    const a = buildContext(document, null).contextId!;
    const b = buildContext(document, null).contextId!;
    expect(a).not.toBe(b);
    expect(isOwnContext(a) && isOwnContext(b)).toBe(true);
    expect(isOwnContext("someoneelse.1")).toBe(false);
  });
});

describe("acting like a person", () => {
  test("keys carry keyCode and which for older handlers", () => {
    document.body.innerHTML = `<input id="t">`;
    const seen: Array<[string, number, number]> = [];
    const input = document.getElementById("t")!;
    for (const type of ["keydown", "keypress", "keyup"]) {
      input.addEventListener(type, (e) => {
        const k = e as KeyboardEvent;
        seen.push([k.type, k.keyCode, k.which]);
      });
    }
    pressKey(input, "Enter");
    expect(seen).toEqual([["keydown", 13, 13], ["keypress", 13, 13], ["keyup", 13, 13]]);
  });

  test("Enter submits a form the way a browser does", async () => {
    document.body.innerHTML = `
      <form id="one"><input name="q"></form>
      <form id="two"><input name="a"><input name="b"></form>
      <form id="three"><input name="c"><button type="button">Help</button><button>Go</button></form>`;
    const submitted: string[] = [];
    const clicked: string[] = [];
    for (const f of Array.from(document.forms)) {
      f.addEventListener("submit", (e) => {
        e.preventDefault();
        submitted.push(f.id);
      });
    }
    for (const b of Array.from(document.querySelectorAll("button"))) {
      b.addEventListener("click", () => clicked.push(b.textContent!));
    }
    const els = index();
    for (const name of ["q", "a", "c"]) {
      const out = await runStep({ action: "press", elementId: one(els, (e) => e.name === name).id,
        inputData: "Enter" });
      expect(out.success).toBe(true);
    }
    // One field and no button: submitted; two fields and no button: nothing; a default
    // button: that button is clicked (and submits).
    expect(submitted).toEqual(["one", "three"]);
    expect(clicked).toEqual(["Go"]);
  });

  test("hovering a control enters its row too, and leaving goes back out", () => {
    document.body.innerHTML = `<ul><li id="row"><button id="b">x</button></li></ul><p id="far">far</p>`;
    const events: string[] = [];
    const row = document.getElementById("row")!;
    row.addEventListener("mouseenter", () => events.push("enter row"));
    row.addEventListener("mouseleave", () => events.push("leave row"));
    hover(document.getElementById("b")!);
    hover(document.getElementById("far")!);
    expect(events).toEqual(["enter row", "leave row"]);
  });

  test("a double click is two clicks then dblclick", () => {
    document.body.innerHTML = `<label id="l">Buy milk</label>`;
    const events: string[] = [];
    const l = document.getElementById("l")!;
    for (const t of ["mousedown", "click", "dblclick"]) {
      l.addEventListener(t, (e) => events.push(`${t}:${(e as MouseEvent).detail}`));
    }
    realDoubleClick(l);
    expect(events).toEqual(["mousedown:1", "click:1", "mousedown:2", "click:2", "dblclick:2"]);
  });

  test("a slider takes values in its range only", async () => {
    document.body.innerHTML = `<label for="r">Volume</label><input id="r" type="range" min="0" max="10">`;
    const id = one(index(), (e) => e.label === "Volume").id;
    expect((await runStep({ action: "type", elementId: id, inputData: "7" })).success).toBe(true);
    expect((elementById(id) as HTMLInputElement).value).toBe("7");
    const out = await runStep({ action: "select", elementId: id, inputData: "11" });
    expect(out).toMatchObject({ success: false });
    expect(out.error).toContain("0 to 10");
  });

  test("a click that changed nothing says so; one that did does not", async () => {
    document.body.innerHTML = `<button id="a">Nothing</button><button id="b">Something</button>
      <p id="out"></p>`;
    document.getElementById("b")!.addEventListener("click", () => {
      document.getElementById("out")!.textContent = "done";
    });
    const els = index();
    const nothing = await runStep({ action: "click",
      elementId: one(els, (e) => e.text === "Nothing").id, description: "Nothing" });
    expect(nothing).toMatchObject({ success: true, description: "Nothing (the page did not change)" });
    const something = await runStep({ action: "click",
      elementId: one(els, (e) => e.text === "Something").id, description: "Something" });
    expect(something).toMatchObject({ success: true, description: "Something" });
  });
});

describe("plans for another page", () => {
  test("every action is answered with a failure and nothing runs", () => {
    document.body.innerHTML = `<button id="b">Pay</button>`;
    let clicks = 0;
    document.getElementById("b")!.addEventListener("click", () => clicks++);
    const id = index()[0]!.id;
    const sent: Array<[string, Record<string, unknown>]> = [];
    refusePlan([
      { id: "a-1", type: "click_element", elementId: id, description: "Pay" },
      { id: "a-2", type: "execute_generic_sequence", isSequence: true,
        actions: [{ action: "click", elementId: id, description: "Pay" }] },
    ], { ledger: new ActionLedger("refuse"), send: (e, p) => sent.push([e, p]), hooks: {},
      onExecuted: () => undefined });
    expect(clicks).toBe(0);
    expect(sent[0]).toEqual(["action_complete", { actionId: "a-1",
      result: { success: false, description: "Pay", error: OTHER_PAGE } }]);
    expect(sent[1]![0]).toBe("sequence_complete");
    expect(sent[1]![1].result).toMatchObject({ success: false,
      results: [{ index: 0, action: "click", success: false, error: OTHER_PAGE }] });
  });

  test("a plan this tab already ran on its previous page is reported as run, not refused", () => {
    const ledger = new ActionLedger("refuse-ran");
    ledger.start("a-9");
    ledger.finish("a-9", { kind: "action", result: { success: true, description: "Send" } });
    const sent: Array<[string, Record<string, unknown>]> = [];
    refusePlan([{ id: "a-9", type: "click_element", elementId: 1, description: "Send" }],
      { ledger, send: (e, p) => sent.push([e, p]), hooks: {}, onExecuted: () => undefined });
    expect(sent).toEqual([["action_complete", { actionId: "a-9",
      result: { success: true, description: "Send" } }]]);
  });
});
