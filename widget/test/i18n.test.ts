import { describe, expect, test, vi } from "vitest";
import { direction, LANGUAGES, parseOverrides, pickLanguage, stringsFor } from "../src/ui/i18n";
import { fromDataset, normalizePosition, resolveOptions, resolveTheme, themeSetting } from "../src/options";
import { dodge, dodgeLadder, overlaps } from "../src/ui/dodge";

describe("language", () => {
  test("data-lang, then <html lang>, then the browser's; English when none is spoken", () => {
    expect(pickLanguage(["fr", "de", "es"])).toBe("fr");
    expect(pickLanguage([undefined, "de-AT", "es"])).toBe("de");
    expect(pickLanguage(["", null, "es-MX", "en"])).toBe("es");
    expect(pickLanguage(["it", "AR_eg"])).toBe("ar"); // unspoken ones are skipped
    expect(pickLanguage(["it", "pt-BR"])).toBe("en");
    expect(pickLanguage([])).toBe("en");
  });

  test("every language has every string, and Arabic is right to left", () => {
    const en = stringsFor("en");
    for (const lang of LANGUAGES) {
      const s = stringsFor(lang);
      expect(Object.keys(s)).toEqual(Object.keys(en));
      for (const v of Object.values(s)) expect(v).toBeTruthy();
      if (lang !== "en") expect(s.newConversation).not.toBe(en.newConversation);
    }
    expect(stringsFor("ar").title).toBe("المساعد");
    expect(stringsFor("es").stop).toBe("Detener");
    expect(direction("ar")).toBe("rtl");
    expect(direction("he-IL")).toBe("rtl");
    expect(direction("fr")).toBe("ltr");
  });

  test("owner overrides win over the language's strings; bad ones are ignored", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const o = parseOverrides('{"title": "Ayuda", "stop": 3, "bogus": "x"}');
    expect(o).toEqual({ title: "Ayuda" });
    expect(stringsFor("es", o).title).toBe("Ayuda");
    expect(stringsFor("es", o).send).toBe("Enviar");
    expect(parseOverrides("{not json")).toEqual({});
    expect(parseOverrides("[1]")).toEqual({});
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe("options", () => {
  test("theme: the owner's choice, else the visitor's colour scheme", () => {
    expect(resolveTheme(themeSetting("dark"), false)).toBe("dark");
    expect(resolveTheme(themeSetting("LIGHT"), true)).toBe("light");
    expect(resolveTheme(themeSetting(undefined), true)).toBe("dark");
    expect(resolveTheme(themeSetting("auto"), false)).toBe("light");
    expect(resolveTheme(themeSetting("purple"), true)).toBe("dark");
  });

  test("position: left or bottom-left, else bottom-right", () => {
    expect(normalizePosition("left")).toBe("bottom-left");
    expect(normalizePosition("bottom-left")).toBe("bottom-left");
    expect(normalizePosition("right")).toBe("bottom-right");
    expect(normalizePosition(undefined)).toBe("bottom-right");
  });

  test("the tag's attributes against the page and the browser", () => {
    document.documentElement.setAttribute("lang", "de");
    const nav = { languages: ["fr-FR"], language: "fr-FR" };
    let o = resolveOptions(fromDataset({}), document, nav);
    expect([o.lang, o.dir, o.strings.send, o.theme, o.open]).toEqual(["de", "ltr", "Senden", "auto",
      false]);
    o = resolveOptions(fromDataset({ lang: "ar", theme: "dark", open: "", position: "left",
      strings: '{"send": "أرسل الآن"}' }), document, nav);
    expect([o.lang, o.dir, o.strings.send, o.theme, o.open, o.position])
      .toEqual(["ar", "rtl", "أرسل الآن", "dark", true, "bottom-left"]);
    document.documentElement.removeAttribute("lang");
    expect(resolveOptions(fromDataset({}), document, nav).lang).toBe("fr");
  });
});

describe("dodging the acted element", () => {
  test("overlap and the ladder of moves", () => {
    const a = { left: 0, top: 0, right: 10, bottom: 10 };
    expect(overlaps(a, { left: 5, top: 5, right: 20, bottom: 20 })).toBe(true);
    expect(overlaps(a, { left: 10, top: 0, right: 20, bottom: 10 })).toBe(false);
    expect(dodgeLadder(true)[0]).toBe("bar"); // a phone: straight to the bar
    expect(dodgeLadder(false)[0]).toBe(""); // a desktop: stay unless it covers
  });

  test("the first move that uncovers the target stays; the launcher counts too", () => {
    const host = document.createElement("div");
    const target = { left: 900, top: 600, right: 1000, bottom: 650 };
    // Panel on the right covers the target until flipped; the launcher never does.
    const boxes = () => {
      const flipped = (host.getAttribute("data-dodge") ?? "").includes("flip");
      return [{ left: 1200, top: 720, right: 1256, bottom: 776 },
        flipped ? { left: 20, top: 130, right: 390, bottom: 710 }
          : { left: 890, top: 130, right: 1260, bottom: 710 }];
    };
    expect(dodge(host, boxes, target, false)).toBe("flip");
    expect(host.getAttribute("data-dodge")).toBe("flip");
    // Nothing covers it: the widget stays where it is.
    expect(dodge(host, () => [], target, false)).toBe("");
    expect(host.hasAttribute("data-dodge")).toBe(false);
    // A launcher that covers it wherever it goes: the last move stays.
    const always = () => [{ left: 0, top: 0, right: 2000, bottom: 2000 }];
    expect(dodge(host, always, target, true)).toBe("bar top");
  });
});
