import { describe, expect, it } from "vitest";
import { csvField, csvLine, csvResponse } from "./csv";

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    [null, ""],
    [undefined, ""],
    [0.32, "0.32"],
    // RFC 4180: a comma, quote, CR or LF puts the field in quotes, its quotes doubled.
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    // Formula injection: = + - @ and a leading tab or CR get a quote that makes the cell text.
    ["=1+1", "'=1+1"],
    ["+5511999", "'+5511999"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\r=1", '"\'\r=1"'],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    // Only at the start: a dash inside a value is harmless.
    ["Sao-Paulo", "Sao-Paulo"],
    ["a=b", "a=b"],
  ])("%j → %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe("csvLine", () => {
  it("joins fields with commas and ends with CRLF", () => {
    expect(csvLine(["1", null, "x,y", 2])).toBe('1,,"x,y",2\r\n');
  });
});

describe("csvResponse", () => {
  it("is a download named after the export and the day, never cached or sniffed", async () => {
    const response = csvResponse("a,b\r\n", "report");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="sms-desk-report-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe("a,b\r\n");
  });
});
