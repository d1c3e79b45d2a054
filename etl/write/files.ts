// A file written piece by piece whose SHA-256 and size are known when it closes: the seed's
// large outputs (SQL parts, the KV bulk file) are streamed through it instead of being joined
// into one string first — at 1M movies a table's SQL alone exceeds V8's largest string.
import { createHash, type Hash } from "node:crypto";
import fs from "node:fs";

export class HashedFile {
  private readonly fd: number;
  private readonly hash: Hash = createHash("sha256");
  private pending: string[] = [];
  private pendingBytes = 0;
  bytes = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, "w");
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (!this.pending.length) return;
    const buf = Buffer.from(this.pending.join(""));
    this.hash.update(buf);
    fs.writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): { sha256: string; bytes: number } {
    this.flush();
    fs.closeSync(this.fd);
    return { sha256: this.hash.digest("hex"), bytes: this.bytes };
  }
}
