// What the owner asks for (the <script> tag's data-open, data-position, data-theme,
// data-lang and data-strings, or the same options of start()), resolved against the page
// and the browser. Pure apart from the reads `resolveOptions` makes of the page it is given
// and `watchTheme`, which follows the visitor's colour scheme.

import { direction, parseOverrides, pickLanguage, type Strings, stringsFor } from "./ui/i18n";
import { guard } from "./guard";

export type Position = "bottom-right" | "bottom-left";
export type ThemeSetting = "light" | "dark" | "auto";

export interface WidgetOptions {
  open: boolean;
  position: Position;
  theme: ThemeSetting;
  lang: string;
  dir: "ltr" | "rtl";
  strings: Strings;
}

/** The owner's choices before they are resolved (start()'s options, or the tag's). */
export interface OptionInput {
  open?: boolean;
  position?: string;
  theme?: string;
  lang?: string;
  /** Overrides of the widget's strings: an object, or its JSON (data-strings). */
  strings?: Record<string, unknown> | string;
}

export function flag(value: string | undefined): boolean {
  return value !== undefined && value !== "false" && value !== "0";
}

/** The tag's data-* attributes as start() options. */
export function fromDataset(d: DOMStringMap): OptionInput {
  return { open: flag(d.open), position: d.position, theme: d.theme, lang: d.lang,
    strings: d.strings };
}

/** "left" / "bottom-left" put the widget on the left; anything else on the right. */
export function normalizePosition(value: string | undefined): Position {
  const v = (value ?? "").trim().toLowerCase();
  return v === "left" || v === "bottom-left" ? "bottom-left" : "bottom-right";
}

export function themeSetting(value: string | undefined | null): ThemeSetting {
  const v = (value ?? "").trim().toLowerCase();
  return v === "light" || v === "dark" ? v : "auto";
}

/** The theme in effect: the owner's choice, else the visitor's prefers-color-scheme. */
export function resolveTheme(setting: ThemeSetting, prefersDark: boolean): "light" | "dark" {
  if (setting !== "auto") return setting;
  return prefersDark ? "dark" : "light";
}

/** Applies the theme now and, for "auto", again when the visitor's scheme changes. */
export function watchTheme(setting: ThemeSetting, apply: (theme: "light" | "dark") => void): void {
  const mq = typeof window.matchMedia === "function"
    ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  const update = (): void => apply(resolveTheme(setting, !!mq?.matches));
  update();
  if (setting === "auto") mq?.addEventListener?.("change", guard(update));
}

export function resolveOptions(input: OptionInput, doc: Document,
  nav: { languages?: readonly string[]; language?: string }): WidgetOptions {
  const lang = pickLanguage([input.lang, doc.documentElement.getAttribute("lang"),
    ...(nav.languages ?? []), nav.language]);
  return {
    open: input.open === true,
    position: normalizePosition(input.position),
    theme: themeSetting(input.theme),
    lang,
    dir: direction(lang),
    strings: stringsFor(lang, parseOverrides(input.strings)),
  };
}
