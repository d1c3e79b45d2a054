import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvFallback, readCsvRecords } from "../../etl/csv.ts";
import { mulberry32 } from "../../etl/prng.ts";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "etl-csv-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

type Outcome = { records: string[][]; newlines: number[] } | "fallback";

function fast(bytes: Buffer, chunk: number): Outcome {
  const file = path.join(dir, "in.csv");
  fs.writeFileSync(file, bytes);
  const records: string[][] = [];
  const newlines: number[] = [];
  try {
    readCsvRecords(
      file,
      (r) => {
        records.push(r.fields());
        newlines.push(r.newlines);
      },
      chunk,
    );
  } catch (err) {
    if (err instanceof CsvFallback) return "fallback";
    throw err;
  }
  return { records, newlines };
}

/** csv-parse with the options etl/read.ts uses: its records, or the code of its error. */
function reference(bytes: Buffer): string[][] | { error: string } {
  try {
    return parse(bytes, { bom: true, relax_column_count: true }) as string[][];
  } catch (err) {
    return { error: (err as { code?: string }).code ?? String(err) };
  }
}

const lineFeeds = (r: string[]) => r.reduce((n, f) => n + f.split("\n").length - 1, 0);

/** Either the same records as csv-parse (and their line feeds), or a fallback; never other records. */
function check(bytes: Buffer): Outcome {
  const ref = reference(bytes);
  let first: Outcome | undefined;
  for (const chunk of [16, 61, 1 << 20]) {
    const got = fast(bytes, chunk);
    if (got !== "fallback") {
      expect(Array.isArray(ref), `csv-parse fails (${JSON.stringify(ref)}) where the fast reader gave records: ${JSON.stringify(bytes.toString())}`).toBe(true);
      expect(got.records).toEqual(ref);
      expect(got.newlines).toEqual((ref as string[][]).map(lineFeeds));
    }
    if (first === undefined) first = got;
    else expect(got === "fallback").toBe(first === "fallback"); // the chunk size changes nothing
  }
  return first!;
}

const cell = (v: string) => (/[",\n\r]/.test(v) || v === "" ? `"${v.replaceAll('"', '""')}"` : v);

describe("readCsvRecords: csv-parse's records, or a fallback", () => {
  it("reads well-formed files exactly, with LF or CRLF line ends, a BOM, multi-byte text and long fields", () => {
    const rand = mulberry32(7);
    const pieces = ["a", "b", "é", "日本", " ", ",", '"', "\n", "\r\n", "'", "x".repeat(100)];
    let fallbacks = 0;
    for (let n = 0; n < 150; n++) {
      const eol = rand() < 0.5 ? "\n" : "\r\n";
      const rows: string[] = [];
      const nRows = Math.floor(rand() * 6);
      for (let r = 0; r < nRows; r++) {
        const nFields = 1 + Math.floor(rand() * 4);
        const fields = Array.from({ length: nFields }, () => {
          const v = Array.from({ length: Math.floor(rand() * 5) }, () => pieces[Math.floor(rand() * pieces.length)]).join("");
          return rand() < 0.3 ? `"${v.replaceAll('"', '""')}"` : cell(v);
        });
        rows.push(fields.join(","));
      }
      const text = (rand() < 0.2 ? "\uFEFF" : "") + rows.join(eol) + (rand() < 0.7 ? eol : "");
      if (check(Buffer.from(text)) === "fallback") fallbacks++;
    }
    expect(fallbacks).toBe(0);
  });

  it("keeps empty lines (one empty field), empty quoted fields and a last line without a line end", () => {
    const got = check(Buffer.from('h1,h2\n\n"",x\r\ny,""\n"a\nb",\nlast'));
    expect(got).not.toBe("fallback");
    expect(got !== "fallback" && got.records).toEqual([["h1", "h2"], [""], ["", "x\r"], ["y", ""], ["a\nb", ""], ["last"]]);
  });

  it("falls back on what it does not handle, and on every input csv-parse rejects", () => {
    const cases = [
      "a,b\rc,d\r", // bare CR record delimiter
      'a,b"c\n', // quote inside an unquoted field
      '"ab"c,d\n', // text after a closing quote
      '"ab"\r,d\n', // CR after a closing quote with LF lines
      'a,"unterminated\n', // quote not closed
      "\xff\xfea,b\n", // UTF-16 BOM
    ];
    for (const c of cases) expect(check(Buffer.from(c, "latin1")), c).toBe("fallback");
    // random bytes from CSV's special characters: whatever happens, never records csv-parse would not give
    const rand = mulberry32(11);
    const alphabet = ["a", ",", '"', "\n", "\r", "é", " ", "\0"];
    let accepted = 0;
    for (let n = 0; n < 400; n++) {
      const text = Array.from({ length: Math.floor(rand() * 14) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join("");
      if (check(Buffer.from(text)) !== "fallback") accepted++;
    }
    expect(accepted).toBeGreaterThan(100); // most such inputs are still plain CSV
  });

  it("decodes only the fields asked for, and stops when told", () => {
    const file = path.join(dir, "lazy.csv");
    fs.writeFileSync(file, `id,cast\n1,"${"[{'name': 'x'}], ".repeat(1000)}"\n2,[]\n3,[]\n`);
    const ids: string[] = [];
    readCsvRecords(file, (r) => {
      ids.push(r.field(0));
      return ids.length < 3;
    });
    expect(ids).toEqual(["id", "1", "2"]);
  });
});
