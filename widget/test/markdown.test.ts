import { describe, expect, test } from "vitest";
import { renderMarkdown } from "../src/ui/markdown";

function links(text: string): { href: string | null; text: string | null }[] {
  const div = document.createElement("div");
  div.appendChild(renderMarkdown(document, text));
  return Array.from(div.querySelectorAll("a")).map((a) => ({
    href: a.getAttribute("href"), text: a.textContent }));
}

describe("auto-linked URLs", () => {
  test.each([
    ["See \u201chttps://shop.test/returns\u201d for details.", "https://shop.test/returns"],
    ["Open \u2018https://shop.test/a\u2019, then", "https://shop.test/a"],
    ["(see https://shop.test/faq).", "https://shop.test/faq"],
    ["[https://shop.test/x] or", "https://shop.test/x"],
    ["\u00abhttps://shop.test/fr\u00bb", "https://shop.test/fr"],
    ["Go to https://shop.test/p?q=1&r=2!", "https://shop.test/p?q=1&r=2"],
    ["Go to https://shop.test/long\u2026", "https://shop.test/long"],
    ["\u8be6\u89c1https://shop.test/zh\u3002", "https://shop.test/zh"],
    ["\"https://shop.test/q\", she said", "https://shop.test/q"],
  ])("%s links %s and leaves the punctuation as text", (text, href) => {
    const got = links(text);
    expect(got).toEqual([{ href, text: href }]);
  });

  test("a URL that ends in a letter, digit or slash keeps it", () => {
    expect(links("https://shop.test/a/ and https://shop.test/b2")).toEqual([
      { href: "https://shop.test/a/", text: "https://shop.test/a/" },
      { href: "https://shop.test/b2", text: "https://shop.test/b2" }]);
  });
});
