import { describe, expect, it } from "vitest";
import { serverBase } from "../src/transport";

describe("serverBase", () => {
  it("takes the server from the owner's tag", () => {
    expect(serverBase("https://lf.example.com/embed.js")).toEqual({
      origin: "https://lf.example.com", prefix: "/",
    });
    expect(serverBase("https://example.com/leflux/embed.js?v=2").prefix).toBe("/leflux/");
  });

  it("takes the same server from the loader's hashed script", () => {
    expect(serverBase("https://lf.example.com/embed/0123456789abcdef.js")).toEqual({
      origin: "https://lf.example.com", prefix: "/",
    });
    expect(serverBase("https://example.com/leflux/embed/0123456789abcdef.js").prefix)
      .toBe("/leflux/");
  });

  it("keeps any other file's folder as the prefix", () => {
    expect(serverBase("https://cdn.example.com/orphan/embed.js").prefix).toBe("/orphan/");
    expect(serverBase("https://cdn.example.com/embed/latest.js").prefix).toBe("/embed/");
  });
});
