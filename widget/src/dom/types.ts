// The page context, as the embed sends it.

export interface SelectOption {
  value: string;
  text: string;
  selected: boolean;
}

export interface IndexedElement {
  id: number;
  tag: string;
  role?: string;
  type?: string;
  text?: string;
  label?: string;
  placeholder?: string;
  name?: string;
  value?: string;
  checked?: boolean;
  disabled?: boolean;
  href?: string;
  options?: SelectOption[];
  inViewport?: boolean;
  parentId?: number;
  /** The embed id of the `<form>` this control belongs to (see PageContext.forms). */
  formId?: number;
  confirm?: boolean;
  // Where the element lives when not in the top document's light DOM.
  frame?: boolean;
  shadow?: boolean;
  /** Native `required` or `aria-required="true"`. */
  required?: boolean;
  /** A secret field (password, card) has a value; the value itself is never sent. */
  filled?: boolean;
  // What the page says about the field (after it was touched or the form submitted).
  invalid?: boolean;
  validationMessage?: string;
  errorText?: string;
  // What the field takes.
  autocomplete?: string;
  inputMode?: string;
  pattern?: string;
  min?: string;
  max?: string;
  // Where it sits: the row / item / card / fieldset / dialog around it.
  group?: string;
  groupKind?: string;
  column?: string;
  position?: [number, number];
  /** Shown only while its row is hovered or focused (measured in that state). */
  hoverOnly?: boolean;
  /** A contenteditable region (its value is its text). */
  editable?: boolean;
}

/** A `<form>` holding an indexed control: what submitting it would do. */
export interface FormInfo {
  id: number;
  method?: string;
  action?: string;
  /** Its submit controls (button without type or type=submit, input submit/image). */
  submitIds: number[];
  hasSubmit: boolean;
  /** The form or one of its submit controls carries `data-leflux-confirm`. */
  marked: boolean;
  /** The submit controls' words. */
  text?: string;
}

export interface PageContext {
  url: string;
  title: string;
  indexedElements: IndexedElement[];
  visibleText: string;
  viewport: { width: number; height: number; scrollX: number; scrollY: number };
  forms: FormInfo[];
  /** The focused element's id (null: nothing on the page has focus). */
  focusedId: number | null;
  /** Alerts, status regions and error/success notices visible on the page. */
  alerts?: string[];
  /** This context's id; an action plan names the one it was made on. */
  contextId?: string;
  /** The owner's tools (window.LeFlux.registerTool), without their handlers. */
  tools?: { name: string; description: string; parameters: Record<string, unknown>;
    highStakes: boolean }[];
}
