import { describe, expect, it } from "vitest";
import { curlSnippet, exampleRecord } from "./endpoint";

describe("exampleRecord", () => {
  it("fills every input column with a value of its kind, categories from training", () => {
    expect(
      exampleRecord([
        { name: "age", kind: "numeric", dtype: "float64", categories: [] },
        { name: "sex", kind: "categorical", dtype: "object", categories: ["female", "male"] },
        { name: "vip", kind: "boolean", dtype: "bool", categories: [] },
        { name: "booked", kind: "datetime", dtype: "datetime64", categories: [] },
        { name: "note", kind: "text", dtype: "object", categories: [] },
      ]),
    ).toEqual({ age: 0, sex: "female", vip: false, booked: "2024-01-31", note: "" });
  });
});

describe("curlSnippet", () => {
  it("posts the record to the absolute predict URL with the key from the environment", () => {
    const snippet = curlSnippet("/api/v1/deployments/dep_1/predict", { name: "O'Brien" }, "https://ml.example.com");
    expect(snippet).toBe(
      [
        "curl -X POST https://ml.example.com/api/v1/deployments/dep_1/predict \\",
        '  -H "Authorization: Bearer $MODELYARD_API_KEY" \\',
        '  -H "Content-Type: application/json" \\',
        `  -d '{"record":{"name":"O'\\''Brien"}}'`,
      ].join("\n"),
    );
  });
});
