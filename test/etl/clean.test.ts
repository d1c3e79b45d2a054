import { describe, expect, it } from "vitest";
import { cleanMovieRow, directorsFromCrew, isoDateYear, parseMovieId, RAW_MOVIE_COLUMNS, readNumber } from "../../etl/clean.ts";
import { EtlReport } from "../../etl/report.ts";

// Hand-written rows in the raw layout (values invented for the tests).
function rawRow(over: Partial<Record<string, string>> = {}): Record<string, string> {
  const base: Record<string, string> = Object.fromEntries(RAW_MOVIE_COLUMNS.map((c) => [c, ""]));
  Object.assign(base, {
    adult: "False",
    belongs_to_collection: "{'id': 900, 'name': 'Paper Boats Collection', 'poster_path': None, 'backdrop_path': None}",
    budget: "2000000",
    genres: "[{'id': 18, 'name': 'Drama'}, {'id': 35, 'name': 'Comedy'}]",
    id: "4242",
    original_language: "fr",
    overview: "Two sisters build paper boats.\nOne of them sails away.",
    popularity: "3.5",
    production_companies: "[{'name': 'Harbour Films', 'id': 77}]",
    production_countries: "[{'iso_3166_1': 'FR', 'name': 'France'}, {'iso_3166_1': 'BE', 'name': 'Belgium'}]",
    release_date: "2003-06-15",
    revenue: "5000000.0",
    runtime: "97.0",
    spoken_languages: "[{'iso_639_1': 'fr', 'name': 'Français'}, {'iso_639_1': 'en', 'name': 'English'}, {'iso_639_1': 'nl', 'name': ''}]",
    title: "  Paper Boats ",
    vote_average: "6.8",
    vote_count: "120",
  });
  for (const [k, v] of Object.entries(over)) if (v !== undefined) base[k] = v;
  return base;
}

function clean(over: Partial<Record<string, string>> = {}) {
  const report = new EtlReport();
  const movie = cleanMovieRow(rawRow(over), report, 7);
  return { movie, report };
}

describe("parseMovieId", () => {
  it("accepts plain positive digits only", () => {
    expect(parseMovieId("862")).toBe(862);
    expect(parseMovieId("0862")).toBe(862);
    for (const bad of ["", "0", "-5", "+5", "12.0", " 12", "12 ", "1997-08-20", "1e3", "abc", "9".repeat(16), undefined]) {
      expect(parseMovieId(bad)).toBeNull();
    }
  });
});

describe("isoDateYear", () => {
  it("accepts real calendar dates", () => {
    expect(isoDateYear("1995-10-30")).toBe(1995);
    expect(isoDateYear("2000-02-29")).toBe(2000); // divisible by 400: leap
    expect(isoDateYear("2004-02-29")).toBe(2004);
    expect(isoDateYear("2011-12-31")).toBe(2011);
  });
  it("rejects impossible or malformed dates", () => {
    for (const bad of [
      "",
      "1",
      "12",
      "2011-13-45",
      "2011-02-30",
      "1900-02-29",
      "2001-02-29",
      "2011-04-31",
      "2011-00-10",
      "2011-01-00",
      "0000-01-01",
      "95-10-30",
      "1995-1-30",
      "1995/10/30",
      "1995-10-30T00:00",
      "10/30/1995",
    ]) {
      expect(isoDateYear(bad), bad).toBeNull();
    }
  });
});

describe("readNumber", () => {
  it("reads the raw number formats and says why it cannot", () => {
    expect(readNumber("30000000")).toBe(30_000_000);
    expect(readNumber("81.0")).toBe(81);
    expect(readNumber("1.5e-05")).toBe(0.000015);
    expect(readNumber(" 12 ")).toBe(12);
    expect(readNumber("")).toBe("missing");
    expect(readNumber("   ")).toBe("missing");
    expect(readNumber(undefined)).toBe("missing");
    for (const bad of ["/ff9qCepilowshEtG2GYWwzt2bs4.jpg", "abc", "0x10", "Infinity", "NaN", "1e999", "1,000", "12abc"]) {
      expect(readNumber(bad), bad).toBe("not_numeric");
    }
  });
});

describe("cleanMovieRow", () => {
  it("cleans a good row", () => {
    const { movie, report } = clean();
    expect(movie).toEqual({
      id: 4242,
      title: "Paper Boats",
      releaseDate: "2003-06-15",
      releaseYear: 2003,
      budget: 2_000_000,
      revenue: 5_000_000,
      return: 2.5,
      runtime: 97,
      popularity: 3.5,
      voteAverage: 6.8,
      voteCount: 120,
      overview: "Two sisters build paper boats.\nOne of them sails away.",
      originalLanguage: "fr",
      collection: { id: 900, name: "Paper Boats Collection" },
      genres: [
        { id: 18, name: "Drama" },
        { id: 35, name: "Comedy" },
      ],
      companies: [{ id: 77, name: "Harbour Films" }],
      countries: [
        { code: "FR", name: "France" },
        { code: "BE", name: "Belgium" },
      ],
      languages: [
        { code: "fr", name: "Français" },
        { code: "en", name: "English" },
        { code: "nl", name: "" },
      ],
      directors: [],
    });
    expect(report.total("rejected") + report.total("repaired")).toBe(0);
  });

  it("rejects an invalid id, keeping the raw value as the example", () => {
    for (const id of ["1997-08-20", "", "12.0", "-3", "0"]) {
      const { movie, report } = clean({ id });
      expect(movie).toBeNull();
      expect(report.count("rejected", "invalid_id")).toBe(1);
      expect(report.examples("rejected", "invalid_id")).toEqual([`line 7, id ${JSON.stringify(id)}`]);
    }
  });

  it("rejects missing and impossible release dates", () => {
    expect(clean({ release_date: "" }).report.count("rejected", "missing_release_date")).toBe(1);
    for (const d of ["2011-13-45", "2011-02-30", "1900-02-29", "1", "12"]) {
      const { movie, report } = clean({ release_date: d });
      expect(movie, d).toBeNull();
      expect(report.count("rejected", "invalid_release_date")).toBe(1);
    }
    expect(clean({ release_date: "2000-02-29" }).movie?.releaseYear).toBe(2000);
  });

  it("rejects an empty title", () => {
    const { movie, report } = clean({ title: "   " });
    expect(movie).toBeNull();
    expect(report.count("rejected", "missing_title")).toBe(1);
  });

  it("turns missing or garbage amounts into 0 and counts each kind", () => {
    const { movie, report } = clean({ budget: "/ff9qCepilowshEtG2GYWwzt2bs4.jpg", revenue: "" });
    expect(movie?.budget).toBe(0);
    expect(movie?.revenue).toBe(0);
    expect(movie?.return).toBe(0);
    expect(report.count("repaired", "budget_not_numeric")).toBe(1);
    expect(report.count("repaired", "revenue_missing")).toBe(1);
    expect(report.count("repaired", "budget_missing")).toBe(0);
  });

  it("counts garbage in the other number columns", () => {
    const { movie, report } = clean({ popularity: "Beware the frost", vote_average: "", vote_count: "many" });
    expect(movie).toMatchObject({ popularity: 0, voteAverage: 0, voteCount: 0 });
    expect(report.count("repaired", "popularity_not_numeric")).toBe(1);
    expect(report.count("repaired", "vote_average_missing")).toBe(1);
    expect(report.count("repaired", "vote_count_not_numeric")).toBe(1);
  });

  it("computes return only when the budget is positive", () => {
    expect(clean({ budget: "30000000", revenue: "373554033" }).movie?.return).toBeCloseTo(12.4518011, 7);
    expect(clean({ budget: "0", revenue: "1000" }).movie?.return).toBe(0);
    expect(clean({ budget: "100", revenue: "0" }).movie?.return).toBe(0);
    expect(clean({ budget: "-5", revenue: "100" }).movie?.return).toBe(0);
  });

  it("makes runtime null when missing, negative or garbage", () => {
    for (const [raw, reason] of [
      ["", "runtime_missing"],
      ["-3", "runtime_negative"],
      ["n/a", "runtime_not_numeric"],
      ["1e999", "runtime_not_numeric"],
    ] as const) {
      const { movie, report } = clean({ runtime: raw });
      expect(movie?.runtime, raw).toBeNull();
      expect(report.count("repaired", reason), raw).toBe(1);
    }
    expect(clean({ runtime: "0.0" }).movie?.runtime).toBe(0);
  });

  it("keeps spoken languages in order and drops a repeated code once", () => {
    const { movie, report } = clean({
      spoken_languages:
        "[{'iso_639_1': 'ja', 'name': '日本語'}, {'iso_639_1': 'en', 'name': 'English'}, {'iso_639_1': 'ja', 'name': '日本語'}, {'iso_639_1': 'es', 'name': 'Español'}]",
    });
    expect(movie?.languages.map((l) => l.code)).toEqual(["ja", "en", "es"]);
    expect(report.count("repaired", "duplicate_language")).toBe(1);
  });

  it("counts an unparsable genres value and treats it as empty", () => {
    const { movie, report } = clean({ genres: "[{'id': 18, 'name': 'Drama'" });
    expect(movie?.genres).toEqual([]);
    expect(report.count("repaired", "unparsable_genres")).toBe(1);
    expect(report.examples("repaired", "unparsable_genres")).toEqual(["line 7, id 4242"]);
  });

  it("counts a value of the wrong shape as unparsable", () => {
    const { movie, report } = clean({ production_companies: "{'name': 'Harbour Films', 'id': 77}", production_countries: "'FR'" });
    expect(movie?.companies).toEqual([]);
    expect(movie?.countries).toEqual([]);
    expect(report.count("repaired", "unparsable_production_companies")).toBe(1);
    expect(report.count("repaired", "unparsable_production_countries")).toBe(1);
  });

  it("counts an empty list column as missing", () => {
    const { movie, report } = clean({ genres: "" });
    expect(movie?.genres).toEqual([]);
    expect(report.count("repaired", "missing_genres")).toBe(1);
  });

  it("skips entries without their keys and keeps repeated ids once", () => {
    const { movie, report } = clean({
      genres:
        "[{'id': 18, 'name': 'Drama'}, {'name': 'No id'}, {'id': '35', 'name': 'String id'}, {'id': 18, 'name': 'Drama'}, 'Comedy', {'id': 80, 'name': None}]",
      production_countries: "[{'iso_3166_1': '', 'name': 'Nowhere'}, {'iso_3166_1': 'US', 'name': 'United States of America'}, {'name': 'Canada'}]",
    });
    expect(movie?.genres).toEqual([{ id: 18, name: "Drama" }]);
    expect(report.count("repaired", "invalid_genre_entry")).toBe(4);
    expect(report.count("repaired", "duplicate_genre")).toBe(1);
    expect(movie?.countries).toEqual([{ code: "US", name: "United States of America" }]);
    expect(report.count("repaired", "invalid_country_entry")).toBe(2);
  });

  it("handles the collection: empty or None silently, garbage counted", () => {
    for (const raw of ["", "None"]) {
      const { movie, report } = clean({ belongs_to_collection: raw });
      expect(movie?.collection).toBeNull();
      expect(report.total("repaired")).toBe(0);
    }
    const broken = clean({ belongs_to_collection: "{'id': 900, 'name': 'Paper" });
    expect(broken.movie?.collection).toBeNull();
    expect(broken.report.count("repaired", "unparsable_belongs_to_collection")).toBe(1);
    const noName = clean({ belongs_to_collection: "{'id': 900}" });
    expect(noName.movie?.collection).toBeNull();
    expect(noName.report.count("repaired", "invalid_collection_entry")).toBe(1);
  });

  it("parses the double-quoted and escaped names of the raw file", () => {
    const { movie } = clean({ production_companies: `[{'name': "Children's Films", 'id': 5}, {'name': 'L\\'Atelier', 'id': 6}]` });
    expect(movie?.companies.map((c) => c.name)).toEqual(["Children's Films", "L'Atelier"]);
  });
});

describe("directorsFromCrew", () => {
  const crew = (entries: string[]) => `[${entries.join(", ")}]`;
  const person = (id: number, name: string, job: string) =>
    `{'credit_id': '52fe${id}', 'department': 'Directing', 'gender': 1, 'id': ${id}, 'job': '${job}', 'name': '${name}', 'profile_path': None}`;

  it("keeps Director entries once per person, in crew order", () => {
    const report = new EtlReport();
    const out = directorsFromCrew(
      crew([
        person(10, "Ada Stone", "Screenplay"),
        person(20, "Bo Lind", "Director"),
        person(30, "Cy Park", "Director"),
        person(20, "Bo Lind", "Director"),
        person(40, "Di Moss", "Assistant Director"),
        person(30, "Cy Park", "Producer"),
      ]),
      report,
      { id: 1, line: 2 },
    );
    expect(out).toEqual([
      { id: 20, name: "Bo Lind" },
      { id: 30, name: "Cy Park" },
    ]);
    expect(report.count("repaired", "duplicate_director")).toBe(1);
    expect(report.examples("repaired", "duplicate_director")).toEqual(["line 2, id 1"]);
  });

  it("returns [] for an empty crew list without counting", () => {
    const report = new EtlReport();
    expect(directorsFromCrew("[]", report)).toEqual([]);
    expect(report.total("repaired")).toBe(0);
  });

  it("counts unparsable and missing crew, and broken Director entries", () => {
    const report = new EtlReport();
    expect(directorsFromCrew("[{'job': 'Director', 'id': 5, 'name': 'X'", report)).toEqual([]);
    expect(directorsFromCrew("", report)).toEqual([]);
    expect(directorsFromCrew("[{'job': 'Director', 'name': 'No Id'}, 7, {'job': 'Director', 'id': 9, 'name': 'Ok'}]", report)).toEqual([{ id: 9, name: "Ok" }]);
    expect(report.count("repaired", "unparsable_crew")).toBe(1);
    expect(report.count("repaired", "missing_crew")).toBe(1);
    expect(report.count("repaired", "invalid_director_entry")).toBe(1);
    expect(report.count("repaired", "invalid_crew_entry")).toBe(1);
  });
});

describe("EtlReport", () => {
  it("counts by reason, keeps at most 5 examples and prints a summary", () => {
    const r = new EtlReport();
    r.beginFile("/some/dir/movies.csv");
    for (let i = 1; i <= 7; i++) {
      r.rowRead();
      r.reject("invalid_id", { line: i + 1, id: `x${i}` });
    }
    r.rowRead();
    r.rowKept();
    r.repair("budget_missing", { id: 3 });
    r.endFile();
    r.note("movie_without_credits", { id: 3 });
    expect(r.count("rejected", "invalid_id")).toBe(7);
    expect(r.examples("rejected", "invalid_id")).toHaveLength(5);
    expect(r.file("movies.csv")).toEqual({ read: 8, kept: 1, rejected: 7, skipped: 0 });
    const json = JSON.parse(JSON.stringify(r));
    expect(json.rejected.invalid_id.count).toBe(7);
    expect(json.repaired.budget_missing).toEqual({ count: 1, examples: ["id 3"] });
    expect(json.totals).toEqual({ rejected: 7, repaired: 1, skipped: 0, noted: 1 });
    const text = r.summary();
    expect(text).toContain("movies.csv: 8 rows read, 1 kept, 7 rejected");
    expect(text).toMatch(/invalid_id\s+7\s+e\.g\. line 2, id "x1"/);
    expect(text.split("\n").length).toBeGreaterThan(4);
  });

  it("refuses reason names that are not snake_case", () => {
    expect(() => new EtlReport().reject("Invalid ID")).toThrow(/snake_case/);
  });
});
