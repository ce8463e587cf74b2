// Which elements a visitor can act on, what ARIA role they have, and their state
// (disabled, on/off).

const INTERACTIVE_ROLES = new Set([
  "button", "link", "checkbox", "radio", "switch", "tab", "menuitem", "menuitemcheckbox",
  "menuitemradio", "option", "combobox", "textbox", "searchbox", "slider", "spinbutton",
  "listbox", "treeitem", "gridcell",
]);

const NATIVE_TAGS = new Set(["button", "input", "select", "textarea", "summary"]);

export function isInteractive(el: Element, tag: string): boolean {
  if (NATIVE_TAGS.has(tag)) return !(tag === "input" && (el as HTMLInputElement).type === "hidden");
  if (tag === "a" || tag === "area") return el.hasAttribute("href") || el.hasAttribute("onclick");
  const role = el.getAttribute("role");
  if (role && INTERACTIVE_ROLES.has(role)) return true;
  if ((el as HTMLElement).isContentEditable) {
    // Only the editing host, not every node inside it.
    const parent = el.parentElement;
    return !parent || !parent.isContentEditable;
  }
  if (el.hasAttribute("onclick")) return true;
  if (typeof (el as HTMLElement).onclick === "function") return true;
  const tabindex = el.getAttribute("tabindex");
  return tabindex !== null && Number(tabindex) >= 0 && tag !== "iframe";
}

export function implicitRole(el: Element, tag: string,
  attr: (n: string) => string | null = (n) => el.getAttribute(n)): string | undefined {
  const explicit = attr("role");
  if (explicit) return explicit;
  switch (tag) {
    case "a":
    case "area":
      return attr("href") !== null ? "link" : undefined;
    case "button":
    case "summary":
      return "button";
    case "select":
      return (el as HTMLSelectElement).multiple ? "listbox" : "combobox";
    case "textarea":
      return "textbox";
    case "input": {
      const type = (el as HTMLInputElement).type;
      if (type === "checkbox" || type === "radio") return type;
      if (type === "button" || type === "submit" || type === "reset" || type === "image") {
        return "button";
      }
      if (type === "range") return "slider";
      if (type === "number") return "spinbutton";
      if (type === "search") return "searchbox";
      return "textbox";
    }
    default:
      return attr("contenteditable") !== null && (el as HTMLElement).isContentEditable
        ? "textbox" : undefined;
  }
}

export function isTextEntry(el: Element): el is HTMLInputElement | HTMLTextAreaElement {
  const tag = el.localName;
  if (tag === "textarea") return true;
  if (tag !== "input") return false;
  const type = (el as HTMLInputElement).type;
  return !["checkbox", "radio", "button", "submit", "reset", "image", "file", "hidden",
    "range", "color"].includes(type);
}

export function isDisabled(el: Element): boolean {
  if ((el as HTMLButtonElement).disabled === true) return true;
  if (el.getAttribute("aria-disabled") === "true") return true;
  if (["input", "select", "textarea", "button"].includes(el.localName) &&
      el.closest("fieldset[disabled]")) {
    return true;
  }
  try {
    return el.matches(":disabled");
  } catch {
    return false;
  }
}

/** Whether a checkbox, switch or toggle button is on (null: it is not one). */
export function isOn(el: Element): boolean | null {
  if (el.localName === "input") return (el as HTMLInputElement).checked;
  // (an option of a listbox that keeps several choices is on when it is selected)
  const aria = el.getAttribute("aria-checked") ?? el.getAttribute("aria-pressed") ??
    (el.getAttribute("role") === "option" ? el.getAttribute("aria-selected") : null);
  return aria === null ? null : aria === "true";
}
