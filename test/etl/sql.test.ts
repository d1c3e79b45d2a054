// The SQL parts (etl/write/sql.ts): multi-row INSERTs within D1's statement limits, the row
// count in the last line although rows are streamed (a table's rows may be made as they are read).
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lazyRows, type Row } from "../../etl/build/catalog.ts";
import { MAX_ROWS_PER_STATEMENT, MAX_STATEMENT_BYTES, splitSqlStatements, writeTableSql } from "../../etl/write/sql.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sql-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("writeTableSql", () => {
  const n = 1234;
  const rows = lazyRows(function* (): Generator<Row> {
    for (let i = 1; i <= n; i++) yield { id: i, title: `It's movie ${i}\0`, runtime: i % 3 ? 90 : null };
  });
  const file = path.join(dir, "movies.sql");
  const out = writeTableSql({ name: "movies", columns: ["id", "title", "runtime"], key: ["id"], rows }, file);
  const text = fs.readFileSync(file, "utf8");

  it("names the row count in its last line and hashes what it wrote", () => {
    expect(text.startsWith("INSERT INTO movies (id, title, runtime) VALUES\n")).toBe(true);
    expect(text.endsWith(`;\n-- movies: ${n} rows\n`)).toBe(true);
    expect(out.sha256).toBe(createHash("sha256").update(text).digest("hex"));
    expect(out.bytes).toBe(Buffer.byteLength(text));
    expect(fs.readdirSync(dir)).toEqual(["movies.sql"]); // no scratch left
  });

  it("writes every row once, in order, in statements within the limits", () => {
    const statements = splitSqlStatements(text);
    expect(statements).toHaveLength(out.statements);
    expect(statements.length).toBe(Math.ceil(n / MAX_ROWS_PER_STATEMENT));
    for (const s of statements) expect(Buffer.byteLength(s)).toBeLessThanOrEqual(MAX_STATEMENT_BYTES);
    const ids = statements.flatMap((s) => [...s.matchAll(/^\((\d+), /gm)].map((m) => Number(m[1])));
    expect(ids).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    // Quotes doubled, NUL dropped, null as NULL.
    expect(text).toContain("(3, 'It''s movie 3', NULL)");
  });
});
