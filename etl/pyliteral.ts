// Parser for the Python literals stored in the raw Kaggle CSV columns (what Python's
// ast.literal_eval accepts for these columns). Hand-written recursive descent over char codes:
// the ETL calls it hundreds of thousands of times, so it never uses regexes per character and
// copies text only to produce string values.

/** A Python tuple; kept apart from lists so a caller can tell `(1, 2)` from `[1, 2]`. */
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

/**
 * Keys of a dict. Primitive keys compare by value (JS SameValueZero, so `1` and `1.0` are one key
 * as in Python); tuple keys compare by identity, and `True`/`1` stay distinct keys (Python merges
 * them) — neither occurs in the dataset.
 */
export type PyKey = null | boolean | number | string | PyTuple;
/** A Python dict, in insertion order; a repeated key keeps its first position and last value. */
export type PyDict = Map<PyKey, PyValue>;
/** Python ints and floats both become numbers (ints beyond 2^53 lose precision). */
export type PyValue = null | boolean | number | string | PyValue[] | PyTuple | PyDict;

export class PyLiteralError extends Error {
  override readonly name = "PyLiteralError";
  constructor(
    readonly reason: string,
    /** 0-based UTF-16 offset in the input where parsing failed. */
    readonly position: number,
    input: string,
  ) {
    super(`${reason} at position ${position} (near ${JSON.stringify(input.slice(position, position + 20))})`);
  }
}

export function isPyDict(v: PyValue | undefined): v is PyDict {
  return v instanceof Map;
}

/** Parse one Python literal; the whole input must be that literal (plus whitespace). */
export function parsePyLiteral(text: string): PyValue {
  const p = new Parser(text);
  p.skipWs();
  if (p.pos >= text.length) p.fail("empty input");
  const value = p.value(0);
  p.skipWs();
  // As in Python, a top-level `1, 2` is a tuple.
  const result = text.charCodeAt(p.pos) === C_COMMA ? p.tupleRest([value], -1, 0) : value;
  if (p.pos < text.length) p.fail("unexpected characters after the literal");
  return result;
}

// Deep enough for any real value, shallow enough that hostile input cannot overflow the stack.
const MAX_DEPTH = 200;

/** The UTF-16 code of each character, to compare with charCodeAt. */
function codes<const S extends readonly string[]>(...chars: S): { [I in keyof S]: number } {
  return chars.map((ch) => ch.charCodeAt(0)) as { [I in keyof S]: number };
}
const [C_TAB, C_LF, C_VT, C_FF, C_CR, C_SPACE] = codes("\t", "\n", "\v", "\f", "\r", " ");
const [C_DQUOTE, C_HASH, C_SQUOTE, C_LPAREN, C_RPAREN, C_PLUS, C_COMMA, C_MINUS, C_DOT, C_COLON] = codes('"', "#", "'", "(", ")", "+", ",", "-", ".", ":");
const [C_0, C_7, C_9, C_UNDERSCORE, C_BACKSLASH] = codes("0", "7", "9", "_", "\\");
const [C_LBRACKET, C_RBRACKET, C_LBRACE, C_RBRACE] = codes("[", "]", "{", "}");

/** The escapes of one character after the backslash, and what each stands for. */
const ONE_CHAR_ESCAPES = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
const SIMPLE_ESCAPES = new Map(Object.entries(ONE_CHAR_ESCAPES).map(([ch, value]) => [ch.charCodeAt(0), value]));

function isDigit(c: number): boolean {
  return c >= C_0 && c <= C_9;
}
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === C_UNDERSCORE;
}
function isIdentChar(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}
function hexValue(c: number): number {
  if (c >= C_0 && c <= C_9) return c - C_0;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
function isHashable(v: PyValue): v is PyKey {
  if (v instanceof PyTuple) return v.items.every(isHashable);
  return !(Array.isArray(v) || v instanceof Map);
}

class Parser {
  pos = 0;
  /** Whether the last number() was a float literal (for the sign of zero). */
  lastFloat = false;
  constructor(readonly src: string) {}

  fail(reason: string, at: number = this.pos): never {
    throw new PyLiteralError(reason, at, this.src);
  }

  skipWs(): void {
    const s = this.src;
    let i = this.pos;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === C_SPACE || c === C_TAB || c === C_LF || c === C_CR || c === C_FF || c === C_VT) i++;
      else if (c === C_HASH) {
        // a comment runs to the end of the line
        while (i < s.length && s.charCodeAt(i) !== C_LF && s.charCodeAt(i) !== C_CR) i++;
      } else if (c === C_BACKSLASH && (s.charCodeAt(i + 1) === C_LF || s.charCodeAt(i + 1) === C_CR)) {
        i += s.charCodeAt(i + 1) === C_CR && s.charCodeAt(i + 2) === C_LF ? 3 : 2; // explicit line joining
      } else break;
    }
    this.pos = i;
  }

  /** Parse a value at `pos` (whitespace already skipped). */
  value(depth: number): PyValue {
    const c = this.src.charCodeAt(this.pos);
    if (c === C_SQUOTE || c === C_DQUOTE) return this.strings();
    if (c === C_LBRACKET || c === C_LPAREN || c === C_LBRACE) {
      if (depth >= MAX_DEPTH) this.fail("nesting too deep");
      if (c === C_LBRACKET) return this.list(depth + 1);
      if (c === C_LPAREN) return this.tuple(depth + 1);
      return this.dict(depth + 1);
    }
    if (isDigit(c) || c === C_DOT) return this.number();
    if (c === C_MINUS || c === C_PLUS) {
      this.pos++;
      this.skipWs();
      const d = this.src.charCodeAt(this.pos);
      if (!(isDigit(d) || d === C_DOT)) this.fail("expected a number after the sign");
      const n = this.number();
      // Python's int -0 is 0; only a float keeps its negative zero.
      return c === C_MINUS ? (n === 0 && !this.lastFloat ? 0 : -n) : n;
    }
    if (isIdentStart(c)) return this.name();
    if (Number.isNaN(c)) this.fail("unexpected end of input");
    return this.fail("unexpected character");
  }

  name(): PyValue {
    const s = this.src;
    const start = this.pos;
    let i = start + 1;
    while (isIdentChar(s.charCodeAt(i))) i++;
    const next = s.charCodeAt(i);
    const len = i - start;
    if (next === C_SQUOTE || next === C_DQUOTE) {
      // A string prefix. Only str prefixes are literals we can represent.
      const prefix = s.slice(start, i).toLowerCase();
      if (prefix === "r" || prefix === "u") return this.strings();
      if (prefix === "b" || prefix === "br" || prefix === "rb") this.fail("bytes literals are not supported", start);
      if (prefix === "f" || prefix === "fr" || prefix === "rf") this.fail("f-strings are not literals", start);
      this.fail("invalid string prefix", start);
    }
    const c0 = s.charCodeAt(start);
    if (len === 4 && c0 === 78 && s.startsWith("None", start)) {
      this.pos = i;
      return null;
    }
    if (len === 4 && c0 === 84 && s.startsWith("True", start)) {
      this.pos = i;
      return true;
    }
    if (len === 5 && c0 === 70 && s.startsWith("False", start)) {
      this.pos = i;
      return false;
    }
    return this.fail("unexpected name (only None, True and False are literals)", start);
  }

  /** After an opening bracket: true (and past it) if `close` comes next, the container being empty. */
  closesEmpty(close: number): boolean {
    this.pos++; // the opening bracket
    this.skipWs();
    if (this.src.charCodeAt(this.pos) !== close) return false;
    this.pos++;
    return true;
  }

  /** After an item of a list or dict: `,` (and `close` after it: a trailing comma) or `close`. True (and past it) when it closes. */
  closesAfterItem(close: number, message: string): boolean {
    this.skipWs();
    const c = this.src.charCodeAt(this.pos);
    if (c === C_COMMA) {
      this.pos++;
      this.skipWs();
      if (this.src.charCodeAt(this.pos) !== close) return false;
    } else if (c !== close) this.fail(message);
    this.pos++;
    return true;
  }

  list(depth: number): PyValue[] {
    const items: PyValue[] = [];
    if (this.closesEmpty(C_RBRACKET)) return items;
    do items.push(this.value(depth));
    while (!this.closesAfterItem(C_RBRACKET, "expected ',' or ']' in list"));
    return items;
  }

  /** `(` starts a tuple, or just groups one value: `(1)` is 1, `(1,)` a tuple. */
  tuple(depth: number): PyValue {
    if (this.closesEmpty(C_RPAREN)) return new PyTuple([]);
    const first = this.value(depth);
    this.skipWs();
    const c = this.src.charCodeAt(this.pos);
    if (c === C_RPAREN) {
      this.pos++;
      return first;
    }
    if (c !== C_COMMA) this.fail("expected ',' or ')' in tuple");
    return this.tupleRest([first], C_RPAREN, depth);
  }

  /** The rest of a tuple from the comma after its first item, up to `close` (-1: end of input). */
  tupleRest(items: PyValue[], close: number, depth: number): PyTuple {
    const s = this.src;
    for (;;) {
      this.pos++; // ,
      this.skipWs();
      let c = s.charCodeAt(this.pos);
      if (c === close || (close < 0 && this.pos >= s.length)) break;
      items.push(this.value(depth));
      this.skipWs();
      c = s.charCodeAt(this.pos);
      if (c === close || (close < 0 && this.pos >= s.length)) break;
      if (c !== C_COMMA) this.fail(close < 0 ? "unexpected characters after the literal" : "expected ',' or ')' in tuple");
    }
    if (close >= 0) this.pos++;
    return new PyTuple(items);
  }

  dict(depth: number): PyDict {
    const map: PyDict = new Map();
    if (this.closesEmpty(C_RBRACE)) return map;
    for (;;) {
      const keyAt = this.pos;
      const key = this.value(depth);
      this.skipWs();
      const colon = this.src.charCodeAt(this.pos);
      if (colon !== C_COLON) {
        if (colon === C_COMMA || colon === C_RBRACE) this.fail("set literals are not supported");
        this.fail("expected ':' in dict");
      }
      if (!isHashable(key)) this.fail("unhashable dict key", keyAt);
      this.pos++;
      this.skipWs();
      map.set(key, this.value(depth));
      if (this.closesAfterItem(C_RBRACE, "expected ',' or '}' in dict")) return map;
    }
  }

  /** One string literal, plus any adjacent ones (`'a' "b"` is `'ab'` in Python). */
  strings(): string {
    let out = this.string();
    for (;;) {
      const save = this.pos;
      this.skipWs();
      const s = this.src;
      const c = s.charCodeAt(this.pos);
      if (c === C_SQUOTE || c === C_DQUOTE) {
        out += this.string();
        continue;
      }
      const n = s.charCodeAt(this.pos + 1);
      if ((c === 114 || c === 82 || c === 117 || c === 85) && (n === C_SQUOTE || n === C_DQUOTE)) {
        out += this.string();
        continue;
      }
      this.pos = save;
      return out;
    }
  }

  /** One string literal at `pos`, with an optional r/u prefix. */
  string(): string {
    const s = this.src;
    let raw = false;
    let c = s.charCodeAt(this.pos);
    if (c === 114 || c === 82) {
      raw = true;
      c = s.charCodeAt(++this.pos);
    } else if (c === 117 || c === 85) c = s.charCodeAt(++this.pos);
    const q = c;
    const openAt = this.pos;
    const triple = s.charCodeAt(openAt + 1) === q && s.charCodeAt(openAt + 2) === q;
    let i = openAt + (triple ? 3 : 1);
    let start = i;
    let out = "";
    const len = s.length;
    for (;;) {
      if (i >= len) this.fail("unterminated string", openAt);
      const ch = s.charCodeAt(i);
      if (ch === q) {
        if (!triple) {
          out += s.slice(start, i);
          this.pos = i + 1;
          return out;
        }
        if (s.charCodeAt(i + 1) === q && s.charCodeAt(i + 2) === q) {
          out += s.slice(start, i);
          this.pos = i + 3;
          return out;
        }
        i++;
      } else if (ch === C_BACKSLASH) {
        if (i + 1 >= len) this.fail("unterminated string", openAt);
        if (raw) {
          i += 2;
          continue;
        } // raw strings keep the backslash and the escaped char
        out += s.slice(start, i);
        i = this.escape(i);
        out += this.escaped;
        start = i;
      } else if ((ch === C_LF || ch === C_CR) && !triple) {
        this.fail("newline in a single-quoted string", i);
      } else i++;
    }
  }

  private escaped = "";

  /** Decode the escape at `at` (a backslash) into `this.escaped`; return the index after it. */
  private escape(at: number): number {
    const s = this.src;
    const c = s.charCodeAt(at + 1);
    let i = at + 2;
    const simple = SIMPLE_ESCAPES.get(c);
    if (simple !== undefined) {
      this.escaped = simple;
      return i;
    }
    switch (c) {
      case C_LF:
        this.escaped = "";
        return i; // line continuation
      case C_CR:
        this.escaped = "";
        return s.charCodeAt(i) === C_LF ? i + 1 : i;
      case 120:
        return this.hexEscape(at, 2, "\\xXX"); // x
      case 117:
        return this.hexEscape(at, 4, "\\uXXXX"); // u
      case 85:
        return this.hexEscape(at, 8, "\\UXXXXXXXX"); // U
      case 78:
        return this.fail("\\N{name} escapes are not supported", at); // N
      default:
        if (c >= C_0 && c <= C_7) {
          let code = c - C_0;
          for (let k = 0; k < 2; k++) {
            const d = s.charCodeAt(i);
            if (!(d >= C_0 && d <= C_7)) break;
            code = code * 8 + (d - C_0);
            i++;
          }
          this.escaped = String.fromCharCode(code);
          return i;
        }
        // Unknown escape: Python keeps the backslash; the char after it is copied as text.
        this.escaped = "\\";
        return at + 1;
    }
  }

  private hexEscape(at: number, digits: number, form: string): number {
    const s = this.src;
    let code = 0;
    const first = at + 2;
    for (let k = 0; k < digits; k++) {
      const d = hexValue(s.charCodeAt(first + k));
      if (d < 0) this.fail(`truncated ${form} escape`, at);
      code = code * 16 + d;
    }
    if (code > 0x10ffff) this.fail("escape beyond U+10FFFF", at);
    this.escaped = String.fromCodePoint(code);
    return first + digits;
  }

  /** Digits with Python's single underscores between them; returns the index after them. */
  private digits(i: number, valid: (c: number) => boolean): number {
    const s = this.src;
    while (valid(s.charCodeAt(i))) {
      i++;
      if (s.charCodeAt(i) === C_UNDERSCORE && valid(s.charCodeAt(i + 1))) i++;
    }
    return i;
  }

  /** An unsigned int or float at `pos` (a digit or a dot). */
  number(): number {
    const s = this.src;
    const start = this.pos;
    let c = s.charCodeAt(start);
    let i: number;
    if (c === C_0) {
      const p = s.charCodeAt(start + 1) | 0x20; // lower-case
      const base = p === 120 ? 16 : p === 111 ? 8 : p === 98 ? 2 : 0;
      if (base !== 0) {
        const valid =
          base === 16 ? (d: number) => hexValue(d) >= 0 : base === 8 ? (d: number) => d >= C_0 && d <= C_7 : (d: number) => d === C_0 || d === C_0 + 1;
        let j = start + 2;
        if (s.charCodeAt(j) === C_UNDERSCORE) j++;
        if (!valid(s.charCodeAt(j))) this.fail("invalid number", start);
        i = this.digits(j, valid);
        if (isIdentChar(s.charCodeAt(i)) || isDigit(s.charCodeAt(i))) this.fail("invalid number", start);
        this.pos = i;
        this.lastFloat = false;
        return parseInt(s.slice(start + 2, i).replaceAll("_", ""), base);
      }
    }
    i = this.digits(start, isDigit);
    const intEnd = i;
    let isFloat = false;
    c = s.charCodeAt(i);
    if (c === C_DOT) {
      isFloat = true;
      i = this.digits(i + 1, isDigit);
      if (intEnd === start && i === intEnd + 1) this.fail("invalid number", start); // a lone '.'
      c = s.charCodeAt(i);
    }
    if (c === 101 || c === 69) {
      // e E
      isFloat = true;
      let j = i + 1;
      const sign = s.charCodeAt(j);
      if (sign === C_PLUS || sign === C_MINUS) j++;
      if (!isDigit(s.charCodeAt(j))) this.fail("invalid number exponent", i);
      i = this.digits(j, isDigit);
    }
    if (isIdentChar(s.charCodeAt(i)) || s.charCodeAt(i) === C_DOT) this.fail("invalid number", start);
    this.pos = i;
    this.lastFloat = isFloat;
    if (!isFloat) {
      // Python 3 forbids leading zeros in non-zero decimal ints ("012").
      if (s.charCodeAt(start) === C_0) {
        for (let k = start; k < i; k++) {
          const d = s.charCodeAt(k);
          if (d !== C_0 && d !== C_UNDERSCORE) this.fail("leading zeros in a decimal int", start);
        }
        return 0;
      }
      if (i - start <= 15) {
        // exact in a double: no string copy needed
        let n = 0;
        for (let k = start; k < i; k++) {
          const d = s.charCodeAt(k);
          if (d !== C_UNDERSCORE) n = n * 10 + (d - C_0);
        }
        return n;
      }
    }
    const text = s.slice(start, i);
    return Number(text.includes("_") ? text.replaceAll("_", "") : text);
  }
}
