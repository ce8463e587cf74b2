// The page context, as the embed sends it: the wire types generated from the server's
// models (src/protocol.gen.ts), with what buildContext always fills in made required.

import type * as Wire from "../protocol.gen";

export type SelectOption = Wire.SelectOption;
export type IndexedElement = Wire.IndexedElement;
export type FormInfo = Wire.FormInfo;

type Always = "url" | "title" | "indexedElements" | "visibleText" | "forms" | "focusedId";

/** The window's size and scroll (an open object on the wire: the server does not read it). */
export interface Viewport {
  width: number;
  height: number;
  scrollX: number;
  scrollY: number;
}

export type PageContext = Wire.PageContext & Required<Pick<Wire.PageContext, Always>> & {
  indexedElements: IndexedElement[];
  forms: FormInfo[];
  viewport: Viewport;
};
