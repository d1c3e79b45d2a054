import { describe, expect, it } from "vitest";
import { isPyDict, PyLiteralError, PyTuple, type PyValue, parsePyLiteral } from "../../etl/pyliteral.ts";

const p = parsePyLiteral;

/** Throws a PyLiteralError; returns it for position checks. */
function bad(text: string): PyLiteralError {
  try {
    parsePyLiteral(text);
  } catch (err) {
    expect(err).toBeInstanceOf(PyLiteralError);
    return err as PyLiteralError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe("parsePyLiteral: scalars", () => {
  it("reads None, True, False", () => {
    expect(p("None")).toBe(null);
    expect(p("True")).toBe(true);
    expect(p("False")).toBe(false);
  });

  it("reads ints, floats, signs and exponents", () => {
    expect(p("0")).toBe(0);
    expect(p("42")).toBe(42);
    expect(p("-7")).toBe(-7);
    expect(p("+7")).toBe(7);
    expect(p("- 7")).toBe(-7); // Python allows space after a unary sign
    expect(p("-0")).toBe(0); // int: no negative zero
    expect(p("-0.0")).toBe(-0);
    expect(p("3.25")).toBe(3.25);
    expect(p("-21.946943")).toBe(-21.946943);
    expect(p("1.")).toBe(1);
    expect(p(".5")).toBe(0.5);
    expect(p("1e3")).toBe(1000);
    expect(p("2.5E-3")).toBe(0.0025);
    expect(p("-1.5e+2")).toBe(-150);
    expect(p("1_000_000")).toBe(1_000_000);
    expect(p("0x1F")).toBe(31);
    expect(p("0o17")).toBe(15);
    expect(p("0b101")).toBe(5);
    expect(p("00")).toBe(0);
    expect(p("007.5")).toBe(7.5); // floats may have leading zeros
    // biome-ignore lint/correctness/noPrecisionLoss: the literal rounds exactly as Python's int-to-float would
    expect(p("123456789012345678")).toBe(123456789012345678);
  });

  it("rejects malformed numbers", () => {
    for (const t of ["012", "1e", "1e+", ".", "1..2", "1.2.3", "1_", "1__0", "0x", "0xZ", "12abc", "1j", "--1", "-", "- None"]) {
      bad(t);
    }
  });
});

describe("parsePyLiteral: strings", () => {
  it("reads both quote styles and the other quote inside", () => {
    expect(p("'Toy Story'")).toBe("Toy Story");
    expect(p('"Toy Story"')).toBe("Toy Story");
    expect(p(`"Andy's toys"`)).toBe("Andy's toys");
    expect(p(`'say "hi"'`)).toBe('say "hi"');
    expect(p("''")).toBe("");
    expect(p('""')).toBe("");
  });

  it("decodes every escape", () => {
    expect(p(String.raw`'it\'s'`)).toBe("it's");
    expect(p(String.raw`"a \"b\""`)).toBe('a "b"');
    expect(p(String.raw`'back\\slash'`)).toBe("back\\slash");
    expect(p(String.raw`'a\nb\tc\rd'`)).toBe("a\nb\tc\rd");
    expect(p(String.raw`'\a\b\f\v'`)).toBe("\x07\b\f\v");
    expect(p(String.raw`'caf\xe9'`)).toBe("café");
    expect(p(String.raw`'\u65e5\u672c'`)).toBe("日本");
    expect(p(String.raw`'\U0001F3AC'`)).toBe("🎬");
    expect(p(String.raw`'\101\0\7'`)).toBe("A\0\x07");
    expect(p("'line\\\ncontinued'")).toBe("linecontinued");
  });

  it("keeps unknown escapes as backslash + char, like Python", () => {
    expect(p(String.raw`'C:\dir\q'`)).toBe("C:\\dir\\q");
    expect(p(String.raw`'\é'`)).toBe("\\é");
    expect(p(String.raw`'\🎬'`)).toBe("\\🎬");
  });

  it("reads raw and u prefixes, triple quotes and adjacent literals", () => {
    expect(p(String.raw`r'a\nb'`)).toBe("a\\nb");
    expect(p(String.raw`r'it\'s'`)).toBe("it\\'s");
    expect(p("u'x'")).toBe("x");
    expect(p("'''one\ntwo ' '' end'''")).toBe("one\ntwo ' '' end");
    expect(p('"""x"""')).toBe("x");
    expect(p(`'a' "b"  'c'`)).toBe("abc");
  });

  it("keeps unicode text as is", () => {
    expect(p("'日本語'")).toBe("日本語");
    expect(p("'Français — Ελληνικά 🎬'")).toBe("Français — Ελληνικά 🎬");
  });

  it("rejects broken strings", () => {
    for (const t of [
      "'abc",
      '"abc',
      "'abc\"",
      "'a\nb'",
      String.raw`'\x4'`,
      String.raw`'\u12'`,
      String.raw`'\U00110000'`,
      String.raw`'\N{DASH}'`,
      "'abc\\",
      "b'bytes'",
      "f'{x}'",
      "x'y'",
      "'''abc''",
    ]) {
      bad(t);
    }
  });
});

describe("parsePyLiteral: containers", () => {
  it("reads lists, tuples and dicts, nested, with whitespace anywhere", () => {
    expect(p("[]")).toEqual([]);
    expect(p("[ 1 , 'a' , None , ]")).toEqual([1, "a", null]);
    expect(p("()")).toEqual(new PyTuple([]));
    expect(p("(1,)")).toEqual(new PyTuple([1]));
    expect(p("(1, 2)")).toEqual(new PyTuple([1, 2]));
    expect(p("(5)")).toBe(5); // parentheses only group
    expect(p("{}")).toEqual(new Map());
    const v = p(" \n\t[{'id': 16, 'name': 'Animation', 'tags': ('a', [True, False]), 'x': {'y': None}},\r\n {\"id\": -2}] \n");
    expect(v).toEqual([
      new Map<unknown, unknown>([
        ["id", 16],
        ["name", "Animation"],
        ["tags", new PyTuple(["a", [true, false]])],
        ["x", new Map([["y", null]])],
      ]),
      new Map([["id", -2]]),
    ]);
  });

  it("keeps dict order; a repeated key keeps its place and takes the last value", () => {
    const d = p("{'b': 1, 'a': 2, 'b': 3, 4: 'four', (1, 2): 'pair'}");
    expect(isPyDict(d)).toBe(true);
    if (!isPyDict(d)) return;
    expect([...d.keys()].slice(0, 3)).toEqual(["b", "a", 4]);
    expect(d.get("b")).toBe(3);
    expect(d.get(4)).toBe("four");
  });

  it("reads a raw crew-like value", () => {
    const crew = p(
      "[{'credit_id': None, 'department': 'Directing', 'gender': 2, 'id': 7879, 'job': 'Director', 'name': 'Jean-Luc O\\'Brien', 'profile_path': None}]",
    ) as PyValue[];
    const e = crew[0];
    expect(isPyDict(e) && e.get("name")).toBe("Jean-Luc O'Brien");
  });

  it("rejects malformed containers with a position", () => {
    expect(bad("[{'id': 18, 'name': 'Drama'").position).toBe(27); // truncated
    expect(bad("[1, 2] x").position).toBe(7); // trailing garbage
    expect(bad("[1 2]").position).toBe(3);
    for (const t of [
      "",
      "   ",
      "[",
      "[1,,2]",
      "[,]",
      "(1 2)",
      "{'a' 1}",
      "{'a': }",
      "{'a': 1,, }",
      "{1, 2}",
      "{[1]: 2}",
      "{(1, [2]): 3}",
      "[1)",
      "{'a': 1]",
      "nan",
      "inf",
      "none",
      "[None True]",
      "'a' 'b' 3",
    ]) {
      bad(t);
    }
  });

  it("refuses nesting deep enough to overflow the stack", () => {
    bad("[".repeat(100_000) + "]".repeat(100_000));
    expect(p("[".repeat(150) + "]".repeat(150))).toBeDefined();
  });

  it("reports the error in the message", () => {
    const e = bad("[1, 2");
    expect(e.message).toMatch(/at position 5/);
    expect(e.name).toBe("PyLiteralError");
  });
});

describe("parsePyLiteral: large input", () => {
  // Speed is measured by `npm run bench:etl`, not asserted here; this checks a 1 MB value parses whole.
  it("parses a 1 MB list of dicts", () => {
    const entry =
      "{'credit_id': '52fe4284c3a36847f8024f49', 'department': 'Directing', 'gender': 2, 'id': 7879, 'job': 'Director', 'name': 'Ann O\\'Neil', 'profile_path': None}";
    const text = `[${Array(6000).fill(entry).join(", ")}]`;
    const v = p(text) as PyValue[];
    expect(v).toHaveLength(6000);
    expect((v[5999] as Map<string, unknown>).get("name")).toBe("Ann O'Neil");
  });
});
