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
  confirm?: boolean;
  // Where the element lives when not in the top document's light DOM.
  frame?: boolean;
  shadow?: boolean;
}

export interface PageContext {
  url: string;
  title: string;
  indexedElements: IndexedElement[];
  visibleText: string;
  viewport: { width: number; height: number; scrollX: number; scrollY: number };
}
