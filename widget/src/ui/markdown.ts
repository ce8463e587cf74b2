// A small, safe markdown: paragraphs, **bold**, *italic*, `code`, lists and links.
// Built as DOM nodes, never innerHTML: agent text may quote page content.

// An auto-linked URL never ends in punctuation or a closing quote or bracket: in
// "see “https://x.test/a”." the link is https://x.test/a.
const INLINE = /(\*\*[^*]+\*\*|__[^_]+__|`[^`]+`|\[[^\]]+\]\([^)\s]+\)|https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"\[\]{}*_`\u2018\u2019\u201A\u201C\u201D\u201E\u00AB\u00BB\u2039\u203A\u2026\u3001\u3002\uFF0C\uFF0E\u300D\u300F]|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g;

export function safeHref(raw: string, base = location.href): string | null {
  // An empty href would resolve to the current page: a card with no image shows none.
  if (!raw || !raw.trim()) return null;
  try {
    const url = new URL(raw, base);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

export function link(doc: Document, href: string, label: string): HTMLElement {
  const safe = safeHref(href);
  if (!safe) return doc.createElement("span").appendChild(doc.createTextNode(label)).parentElement!;
  const a = doc.createElement("a");
  a.href = safe;
  a.textContent = label;
  if (new URL(safe).origin !== location.origin) {
    a.target = "_blank";
    a.rel = "noopener noreferrer";
  }
  return a;
}

function inline(doc: Document, text: string, into: Node): void {
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const token = m[0];
    const at = m.index ?? 0;
    if (at > last) into.appendChild(doc.createTextNode(text.slice(last, at)));
    last = at + token.length;
    if (token.startsWith("**") || token.startsWith("__")) {
      const b = doc.createElement("strong");
      inline(doc, token.slice(2, -2), b);
      into.appendChild(b);
    } else if (token.startsWith("`")) {
      const c = doc.createElement("code");
      c.textContent = token.slice(1, -1);
      into.appendChild(c);
    } else if (token.startsWith("[")) {
      const parts = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token);
      into.appendChild(parts ? link(doc, parts[2], parts[1]) : doc.createTextNode(token));
    } else if (token.startsWith("http")) {
      into.appendChild(link(doc, token, token));
    } else {
      const em = doc.createElement("em");
      inline(doc, token.slice(1, -1), em);
      into.appendChild(em);
    }
  }
  if (last < text.length) into.appendChild(doc.createTextNode(text.slice(last)));
}

export function renderMarkdown(doc: Document, text: string): DocumentFragment {
  const frag = doc.createDocumentFragment();
  let list: HTMLElement | null = null;
  let para: HTMLElement | null = null;
  for (const rawLine of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = rawLine.trimEnd();
    const bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      const tag = bullet ? "ul" : "ol";
      if (!list || list.localName !== tag) {
        list = doc.createElement(tag);
        frag.appendChild(list);
      }
      const li = doc.createElement("li");
      inline(doc, (bullet ?? numbered)![1], li);
      list.appendChild(li);
      para = null;
      continue;
    }
    list = null;
    if (!line.trim()) {
      para = null;
      continue;
    }
    if (!para) {
      para = doc.createElement("p");
      frag.appendChild(para);
    } else {
      para.appendChild(doc.createElement("br"));
    }
    inline(doc, line, para);
  }
  return frag;
}
