// Files written piece by piece, with their size (and SHA-256) known when they close: the seed's
// large outputs (SQL parts, the KV bulk file, the parity inputs) are streamed through them
// instead of being joined into one string first — at 1M movies a table's SQL alone exceeds
// V8's largest string.
import { createHash, type Hash } from "node:crypto";
import fs from "node:fs";

/** Bytes encoded before a write: one buffer, reused, so the gigabyte a seed writes never passes through fresh memory. */
const BUFFER_BYTES = 1 << 20;

/** The most bytes a text can take in UTF-8: a UTF-16 code unit takes at most 3 (room to reserve before Buffer.write). */
export const utf8Bound = (text: string): number => 3 * text.length;

/**
 * A file written piece by piece through one reused buffer: no text is joined into a large
 * string first, and no fresh memory is touched per write (on this VM a first touch of a page
 * costs ~14 µs: joined chunks of JSON lines were a tenth of the ETL's page faults).
 */
export class BufferedFile {
  private readonly fd: number;
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

  protected put(buf: Buffer): void {
    fs.writeSync(this.fd, buf);
    this.bytes += buf.length;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.put(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  close(): { bytes: number } {
    this.flush();
    fs.closeSync(this.fd);
    return { bytes: this.bytes };
  }
}

/** A BufferedFile whose SHA-256 is known when it closes. */
export class HashedFile extends BufferedFile {
  private readonly hash: Hash = createHash("sha256");

  protected override put(buf: Buffer): void {
    this.hash.update(buf);
    super.put(buf);
  }

  override close(): { sha256: string; bytes: number } {
    const { bytes } = super.close();
    return { sha256: this.hash.digest("hex"), bytes };
  }
}
