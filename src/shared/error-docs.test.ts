import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE } from "./error-catalogue.js";
import { renderErrorDocs } from "./error-docs.js";

describe("error catalogue", () => {
  it("docs/errors.md is generated from the catalogue (run `npm run docs:errors` after changing it)", () => {
    const onDisk = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
    expect(onDisk).toBe(renderErrorDocs());
  });

  it("every code has an HTTP status and both messages", () => {
    for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(spec.en.length).toBeGreaterThan(3);
    }
  });
});
