// A fast reader for the common shape of an RFC 4180 file, exact to what csv-parse gives with
// the options etl/read.ts uses (`{ bom: true, relax_column_count: true }`), and a way out for
// everything else.
//
// csv-parse walks every byte through a JavaScript state machine and builds every field as a
// string: ~27 MB/s here, and the credits file of a million movies is 2.7 GB, almost all of it
// cast lists that are never used. This reader works on the file's bytes: a quoted field's end
// is found with Buffer.indexOf (memchr), and a field becomes a string only when the caller
// asks for it, so the cast column is skipped without being decoded.
//
// It handles, exactly as csv-parse does: a UTF-8 BOM, "\n" or "\r\n" record delimiters (the
// first one met outside quotes decides, as csv-parse's auto-discovery does; the other line
// ends are then ordinary field content), quoted fields with doubled quotes, commas and line
// breaks, empty lines (a record of one empty field), rows of any length, a last record without
// a line end. Anything else — a bare "\r" record delimiter, a quote inside an unquoted field,
// a character other than a comma or the record delimiter after a closing quote, a quote not
// closed at the end, a UTF-16 BOM — throws CsvFallback before the caller has seen the
// offending record: the caller then reads the file again with csv-parse, which decides what
// it means (most of these are errors that stop the run, with csv-parse's own code and line).
import fs from "node:fs";

/** The input leaves the shape this reader handles; read it with csv-parse instead. */
export class CsvFallback extends Error {
  override readonly name = "CsvFallback";
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** One record, valid only during the callback: fields are decoded on demand. */
export class CsvRecord {
  /** Number of fields. */
  length = 0;
  /** Line feeds inside the record's fields (a quoted field may span lines). */
  newlines = 0;
  buf: Buffer = Buffer.alloc(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** Whether a field holds doubled quotes ("" for "), which decoding must undo. */
  escaped = new Uint8Array(64);

  /** Field i as a string (UTF-8, as csv-parse decodes it). */
  field(i: number): string {
    const s = this.starts[i] as number;
    const e = this.ends[i] as number;
    if (this.escaped[i] === 0) return this.buf.toString("utf8", s, e);
    // Doubled quotes: each pair stands for one quote. Decoding the pieces apart is the same
    // as decoding the whole, since a quote (ASCII) never sits inside a UTF-8 sequence.
    let out = "";
    let from = s;
    for (let q = this.buf.indexOf(QUOTE, from); q !== -1 && q < e; q = this.buf.indexOf(QUOTE, from)) {
      out += this.buf.toString("utf8", from, q + 1);
      from = q + 2;
    }
    return out + this.buf.toString("utf8", from, e);
  }

  /** All fields as strings. */
  fields(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.field(i));
    return out;
  }

  push(start: number, end: number, escaped: boolean): void {
    const i = this.length;
    if (i === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.escaped = grow(this.escaped);
    }
    this.starts[i] = start;
    this.ends[i] = end;
    this.escaped[i] = escaped ? 1 : 0;
    this.length = i + 1;
  }
}

/** Record delimiter: not met yet, "\n", or "\r\n". */
enum Delim {
  Unknown,
  Lf,
  CrLf,
}

/** What parsing one record from `pos` gave: its end (next record's start), or that more bytes are needed. */
const MORE = -1;

class Scanner {
  delim = Delim.Unknown;
  /** Next line feed at or after `lfFrom` (memo for counting line feeds inside fields). */
  private lfAt = -1;
  private lfFrom = 0;
  constructor(readonly rec: CsvRecord) {}

  resetBuffer(): void {
    this.lfAt = -1;
    this.lfFrom = 0;
  }

  /** Line feeds in buf[s, e). */
  private countLf(buf: Buffer, s: number, e: number): number {
    let n = 0;
    let at = this.lfAt;
    if (at < s || this.lfFrom > s) {
      at = buf.indexOf(LF, s);
      this.lfFrom = s;
    }
    while (at !== -1 && at < e) {
      n++;
      at = buf.indexOf(LF, at + 1);
    }
    this.lfAt = at === -1 ? Number.MAX_SAFE_INTEGER : at;
    return n;
  }

  /**
   * Length of the record delimiter at p (0 if none), deciding it if still unknown; MORE when
   * the bytes end before that can be told. A bare "\r" as the first line end is not handled.
   */
  private delimAt(buf: Buffer, p: number, len: number, eof: boolean): number {
    const c = buf[p];
    if (this.delim === Delim.Lf) return c === LF ? 1 : 0;
    if (c !== CR && c !== LF) return 0;
    if (this.delim === Delim.CrLf) {
      if (c !== CR) return 0;
      if (p + 1 >= len) return eof ? 0 : MORE;
      return buf[p + 1] === LF ? 2 : 0;
    }
    if (c === LF) {
      this.delim = Delim.Lf;
      return 1;
    }
    if (p + 1 >= len) {
      if (eof) throw new CsvFallback("a bare carriage return ends the first line");
      return MORE;
    }
    if (buf[p + 1] !== LF) throw new CsvFallback("a bare carriage return ends the first line");
    this.delim = Delim.CrLf;
    return 2;
  }

  /**
   * Parses the record starting at pos (< len) into `rec`. Returns the start of the next
   * record, or MORE if the record does not end within buf[0, len) and more bytes may come.
   */
  record(buf: Buffer, pos: number, len: number, eof: boolean): number {
    const rec = this.rec;
    rec.length = 0;
    rec.newlines = 0;
    let p = pos;
    for (;;) {
      // one field from p
      if (p < len && buf[p] === QUOTE) {
        const s = p + 1;
        let escaped = false;
        let q = s;
        for (;;) {
          q = buf.indexOf(QUOTE, q);
          if (q === -1 || q >= len) {
            if (eof) throw new CsvFallback("a quote is not closed at the end of the file");
            return MORE;
          }
          if (q + 1 >= len && !eof) return MORE;
          if (q + 1 < len && buf[q + 1] === QUOTE) {
            escaped = true;
            q += 2;
            continue;
          }
          break;
        }
        rec.push(s, q, escaped);
        rec.newlines += this.countLf(buf, s, q);
        p = q + 1;
        if (p >= len) return len; // eof: the last record ends with the closing quote
        if (buf[p] === COMMA) {
          p++;
          continue;
        }
        const d = this.delimAt(buf, p, len, eof);
        if (d === MORE) return MORE;
        if (d === 0) throw new CsvFallback("a closing quote is followed by something else than a comma or a line end");
        return p + d;
      }
      // unquoted: up to a comma or the record delimiter; line ends of the other kind are content
      const s = p;
      for (;;) {
        while (p < len) {
          const c = buf[p] as number;
          if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
          p++;
        }
        if (p >= len) {
          if (!eof) return MORE;
          rec.push(s, p, false);
          rec.newlines += this.countLf(buf, s, p);
          return len;
        }
        const c = buf[p] as number;
        if (c === COMMA) break;
        if (c === QUOTE) throw new CsvFallback("a quote inside an unquoted field");
        const d = this.delimAt(buf, p, len, eof);
        if (d === MORE) return MORE;
        if (d > 0) {
          rec.push(s, p, false);
          rec.newlines += this.countLf(buf, s, p);
          return p + d;
        }
        p++; // a line end of the other kind: field content
      }
      rec.push(s, p, false);
      rec.newlines += this.countLf(buf, s, p);
      p++;
    }
  }
}

/**
 * Calls `onRecord` for every record of `file`, in order (the header is the first). Returning
 * false from the callback stops the reading. Throws CsvFallback (see above) before handing
 * over a record of a shape it does not handle; file errors are thrown as they are.
 */
export function readCsvRecords(file: string, onRecord: (rec: CsvRecord) => unknown, chunkBytes = 16 << 20): void {
  const fd = fs.openSync(file, "r");
  try {
    const rec = new CsvRecord();
    const scanner = new Scanner(rec);
    let buf = Buffer.allocUnsafe(Math.max(16, chunkBytes));
    let len = 0;
    let start = 0; // start of the first record not handed over yet
    let eof = false;
    let first = true;
    for (;;) {
      // keep the unfinished record, then fill the rest of the buffer
      if (start > 0) {
        buf.copy(buf, 0, start, len);
        len -= start;
        start = 0;
      } else if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2); // one record longer than the buffer
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      scanner.resetBuffer();
      while (len < buf.length && !eof) {
        const n = fs.readSync(fd, buf, len, buf.length - len, null);
        if (n === 0) eof = true;
        len += n;
      }
      if (first) {
        first = false;
        if (len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
        else if (len >= 3 && buf[0] === 0xff && buf[1] === 0xfe) throw new CsvFallback("a UTF-16 byte order mark");
      }
      rec.buf = buf;
      while (start < len) {
        const next = scanner.record(buf, start, len, eof);
        if (next === MORE) break;
        start = next;
        if (onRecord(rec) === false) return;
      }
      if (eof && start >= len) return;
    }
  } finally {
    fs.closeSync(fd);
  }
}
