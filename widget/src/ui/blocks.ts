// The five ui blocks, rendered from untrusted data (checked, never HTML).

import { link, renderMarkdown, safeHref } from "./markdown";

export interface BlockHandlers {
  onChoice(value: string, label: string): void;
  onShowElement?(elementId: number): void;
}

type Data = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" ? v : v == null ? "" : String(v));
const list = (v: unknown): Data[] =>
  Array.isArray(v) ? v.filter((x): x is Data => !!x && typeof x === "object").slice(0, 50) : [];

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, cls?: string,
  text?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Buttons that answer once: the chosen one is marked, all of them become inert. */
export function choiceButtons(doc: Document, options: Data[], handlers: BlockHandlers,
  hook = "choice"): HTMLElement {
  const wrap = el(doc, "div", "lf-choices");
  wrap.setAttribute("role", "group");
  for (const o of options) {
    const label = str(o.label) || str(o.value);
    const value = str(o.value) || label;
    if (!label) continue;
    const b = el(doc, "button", "lf-choice", label);
    b.type = "button";
    b.setAttribute("data-leflux", hook);
    b.setAttribute("data-value", value);
    b.addEventListener("click", () => {
      for (const other of Array.from(wrap.querySelectorAll("button"))) other.disabled = true;
      b.classList.add("lf-chosen");
      handlers.onChoice(value, label);
    });
    wrap.appendChild(b);
  }
  return wrap;
}

export function renderBlock(doc: Document, type: string, data: Data, message: string | undefined,
  handlers: BlockHandlers, showMe = "Show me"): HTMLElement {
  const box = el(doc, "div", `lf-block lf-block-${type}`);
  if (message) box.appendChild(renderMarkdown(doc, message));
  switch (type) {
    case "choices":
      box.appendChild(choiceButtons(doc, list(data.options), handlers));
      break;
    case "product_cards": {
      const grid = el(doc, "div", "lf-cards");
      for (const item of list(data.items)) {
        const card = el(doc, "div", "lf-card");
        const img = safeHref(str(item.image));
        if (img && !img.startsWith("mailto:")) {
          const i = el(doc, "img");
          i.src = img;
          i.alt = str(item.title);
          i.loading = "lazy";
          card.appendChild(i);
        }
        const title = el(doc, "div", "lf-card-title");
        const url = str(item.url);
        title.appendChild(url ? link(doc, url, str(item.title)) : doc.createTextNode(str(item.title)));
        card.appendChild(title);
        if (item.price != null && item.price !== "") {
          card.appendChild(el(doc, "div", "lf-card-price", str(item.price)));
        }
        if (item.description) card.appendChild(el(doc, "div", "lf-card-desc", str(item.description)));
        if (typeof item.elementId === "number" && handlers.onShowElement) {
          const show = el(doc, "button", "lf-link-button", showMe);
          show.type = "button";
          show.addEventListener("click", () => handlers.onShowElement!(item.elementId as number));
          card.appendChild(show);
        }
        grid.appendChild(card);
      }
      box.appendChild(grid);
      break;
    }
    case "link_list": {
      const ul = el(doc, "ul", "lf-links");
      for (const l of list(data.links)) {
        const li = el(doc, "li");
        li.appendChild(link(doc, str(l.url), str(l.label) || str(l.url)));
        ul.appendChild(li);
      }
      box.appendChild(ul);
      break;
    }
    case "form_summary": {
      const dl = el(doc, "dl", "lf-summary");
      for (const f of list(data.fields)) {
        dl.appendChild(el(doc, "dt", undefined, str(f.label)));
        dl.appendChild(el(doc, "dd", undefined, str(f.value)));
      }
      box.appendChild(dl);
      break;
    }
    case "steps": {
      const ol = el(doc, "ol", "lf-steps");
      for (const s of list(data.steps)) {
        const status = ["done", "active", "todo"].includes(str(s.status)) ? str(s.status) : "todo";
        const li = el(doc, "li", `lf-step lf-step-${status}`, str(s.label));
        li.setAttribute("data-status", status);
        if (status === "active") li.setAttribute("aria-current", "step");
        ol.appendChild(li);
      }
      box.appendChild(ol);
      break;
    }
    default:
      box.appendChild(el(doc, "pre", undefined, JSON.stringify(data).slice(0, 500)));
  }
  return box;
}
