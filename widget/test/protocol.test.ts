// The embed's wire types are what the server's schema gives (schema/protocol.json, itself
// checked against the pydantic models by tests/unit/test_contract.py). Keys the embed sends
// but the schema does not declare fail `tsc` (npm test runs it first): the generated
// interfaces have no index signatures.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const widget = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("src/protocol.gen.ts", () => {
  it("is generated from schema/protocol.json as it stands", () => {
    const run = () => execFileSync(process.execPath, ["protocol.mjs", "--check"],
      { cwd: widget, encoding: "utf8", stdio: "pipe" });
    expect(run).not.toThrow();
  }, 60_000);
});
