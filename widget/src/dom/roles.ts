// Which elements a visitor can act on, and what ARIA role they have.

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
