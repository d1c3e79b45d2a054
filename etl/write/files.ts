// A file written piece by piece whose SHA-256 and size are known when it closes: the seed's
// large outputs (SQL parts, the KV bulk file) are streamed through it instead of being joined
// into one string first — at 1M movies a table's SQL alone exceeds V8's largest string.
import { createHash, type Hash } from "node:crypto";
import fs from "node:fs";

/** Bytes encoded before a write: one buffer, reused, so the gigabyte a seed writes never passes through fresh memory. */
const BUFFER_BYTES = 1 << 20;

/** The most bytes a text can take in UTF-8: a UTF-16 code unit takes at most 3 (room to reserve before Buffer.write). */
export const utf8Bound = (text: string): number => 3 * text.length;

export class HashedFile {
  private readonly fd: number;
  private readonly hash: Hash = createHash("sha256");
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  bytes = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, "w");
  }

  write(text: string): void {
    const most = utf8Bound(text);
    if (this.used + most > BUFFER_BYTES) {
      this.flush();
      if (most > BUFFER_BYTES) {
        this.put(Buffer.from(text));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }

  private put(buf: Buffer): void {
    this.hash.update(buf);
    fs.writeSync(this.fd, buf);
    this.bytes += buf.length;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.put(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  close(): { sha256: string; bytes: number } {
    this.flush();
    fs.closeSync(this.fd);
    return { sha256: this.hash.digest("hex"), bytes: this.bytes };
  }
}
