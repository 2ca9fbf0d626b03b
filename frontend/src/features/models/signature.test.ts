import { describe, expect, it } from "vitest";
import { emptyValues, parseSignature, toRecord, validateAll, validateField } from "./signature";

/** The value, or a failed test when it is missing. */
function must<T>(value: T | null | undefined): T {
  expect(value).toBeDefined();
  expect(value).not.toBeNull();
  return value as T;
}

const signature = {
  target: "survived",
  columns: [
    { name: "sex", kind: "categorical", dtype: "str", categories: ["female", "male"], inputs: ["sex"] },
    { name: "age", kind: "numeric", dtype: "float64", categories: [], inputs: ["age"] },
    { name: "member", kind: "boolean", dtype: "bool", categories: [] },
    { name: "joined", kind: "datetime", dtype: "datetime64[ns]", categories: [] },
    { name: "note", kind: "categorical", dtype: "str", categories: [] },
    { name: "fare", kind: "number", dtype: "float64" },
    { kind: "numeric" },
  ],
  dropped: {},
};

describe("parseSignature", () => {
  it("reads every column's kind and categories; categorical without categories is free text", () => {
    const parsed = parseSignature(signature);
    expect(parsed.target).toBe("survived");
    expect(parsed.columns.map((c) => [c.name, c.kind])).toEqual([
      ["sex", "categorical"],
      ["age", "numeric"],
      ["member", "boolean"],
      ["joined", "datetime"],
      ["note", "text"],
      ["fare", "numeric"],
    ]);
    expect(must(parsed.columns[0]).categories).toEqual(["female", "male"]);
    expect(parseSignature({}).columns).toEqual([]);
  });
});

describe("validation", () => {
  const { columns } = parseSignature(signature);
  const [sex, age, member, joined, note] = columns;

  it("accepts blanks everywhere: the model handles missing values", () => {
    expect(validateAll(columns, emptyValues(columns))).toEqual({});
  });

  it("checks each kind", () => {
    expect(validateField(must(age), "abc")).toMatch(/number/);
    expect(validateField(must(age), "-3.5e2")).toBeNull();
    expect(validateField(must(member), "maybe")).toMatch(/yes or no/);
    expect(validateField(must(member), "false")).toBeNull();
    expect(validateField(must(joined), "not a date")).toMatch(/date/);
    expect(validateField(must(joined), "2024-05-31T14:30")).toBeNull();
    expect(validateField(must(sex), "other")).toMatch(/one of the 2 values/);
    expect(validateField(must(sex), "male")).toBeNull();
    expect(validateField(must(note), "anything at all")).toBeNull();
  });

  it("collects errors by column name", () => {
    expect(Object.keys(validateAll(columns, { ...emptyValues(columns), age: "x", sex: "?" }))).toEqual(["sex", "age"]);
  });
});

describe("toRecord", () => {
  it("sends numbers and booleans typed, blanks as null, text as typed", () => {
    const { columns } = parseSignature(signature);
    expect(toRecord(columns, { sex: "female", age: " 29 ", member: "true", joined: "2024-01-02", note: " hi ", fare: "" })).toEqual({
      sex: "female",
      age: 29,
      member: true,
      joined: "2024-01-02",
      note: "hi",
      fare: null,
    });
  });
});
