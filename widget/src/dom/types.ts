// The page context of SPEC §4.1, as the embed sends it.

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
}
