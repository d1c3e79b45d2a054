// A file written piece by piece whose SHA-256 and size are known when it closes: the seed's
// large outputs (SQL parts, the KV bulk file) are streamed through it instead of being joined
// into one string first — at 1M movies a table's SQL alone exceeds V8's largest string.
import { createHash, type Hash } from "node:crypto";
import fs from "node:fs";

export class HashedFile {
  private readonly fd: number;
  private readonly hash: Hash | null;
  private pending: string[] = [];
  private pendingBytes = 0;
  bytes = 0;

  /** `hashed: false` for a scratch file nobody needs the hash of. */
  constructor(
    readonly file: string,
    hashed = true,
  ) {
    this.fd = fs.openSync(file, "w");
    this.hash = hashed ? createHash("sha256") : null;
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  /** Appends the whole of another file's bytes (read in chunks). */
  copyFrom(file: string): void {
    this.flush();
    const fd = fs.openSync(file, "r");
    try {
      const buf = Buffer.allocUnsafe(8 << 20);
      for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) this.put(buf.subarray(0, n));
    } finally {
      fs.closeSync(fd);
    }
  }

  private put(buf: Buffer): void {
    this.hash?.update(buf);
    fs.writeSync(this.fd, buf);
    this.bytes += buf.length;
  }

  private flush(): void {
    if (!this.pending.length) return;
    this.put(Buffer.from(this.pending.join("")));
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): { sha256: string; bytes: number } {
    this.flush();
    fs.closeSync(this.fd);
    return { sha256: this.hash?.digest("hex") ?? "", bytes: this.bytes };
  }
}
