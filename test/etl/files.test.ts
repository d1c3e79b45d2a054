// HashedFile (etl/write/files.ts): what it writes through its reused buffer is exactly the texts
// given, in order, whatever their sizes and characters, and the hash and size it reports are
// those of the file.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HashedFile } from "../../etl/write/files.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "files-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("HashedFile", () => {
  it("writes small, large and multi-byte texts byte for byte", () => {
    const texts: string[] = [];
    // Many small pieces (several buffer flushes), 2- to 4-byte characters, a lone surrogate,
    // one piece just under the buffer, one far over it.
    for (let i = 0; i < 50_000; i++) texts.push(`(${i}, 'Amélie ${i}', '東京物語 🎬')\n`);
    texts.push("\ud800 lone", "x".repeat((1 << 20) - 7), "é".repeat(700_000), "");
    const file = path.join(dir, "out.txt");
    const out = new HashedFile(file);
    for (const t of texts) out.write(t);
    const { sha256, bytes } = out.close();
    const expected = Buffer.from(texts.join(""));
    const written = fs.readFileSync(file);
    expect(written.equals(expected)).toBe(true);
    expect(bytes).toBe(expected.length);
    expect(sha256).toBe(createHash("sha256").update(expected).digest("hex"));
  });
});
