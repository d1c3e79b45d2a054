// What the browse page offers to pick from (genres, decades, languages, countries): the figures
// behind the analysis page (/eda/data.json, a static file the ETL writes with the seed), read once.
// Without it the page still works: every filter can be typed, as the API accepts names.
export interface Choice {
  value: string;
  label: string;
  count: number;
}
export interface CatalogChoices {
  genres: Choice[];
  decades: Choice[];
  languages: Choice[];
  countries: Choice[];
}

interface EdaData {
  stats: {
    genres: { name: string; count: number }[];
    years: { year: number; count: number }[];
    languages: { key: string; name: string; count: number }[];
    countries: { key: string; name: string; count: number }[];
  };
}

let loaded: Promise<CatalogChoices | null> | undefined;

export function catalogChoices(): Promise<CatalogChoices | null> {
  loaded ??= fetch("/eda/data.json", { headers: { accept: "application/json" } })
    .then((res) => (res.ok ? (res.json() as Promise<EdaData>) : null))
    .then((data) => data && choicesOf(data))
    .catch(() => null);
  return loaded;
}

function choicesOf({ stats }: EdaData): CatalogChoices {
  const decades = new Map<number, number>();
  for (const y of stats.years) decades.set(Math.floor(y.year / 10) * 10, (decades.get(Math.floor(y.year / 10) * 10) ?? 0) + y.count);
  return {
    genres: stats.genres.map((g) => ({ value: g.name, label: g.name, count: g.count })).sort((a, b) => a.label.localeCompare(b.label)),
    decades: [...decades].sort(([a], [b]) => a - b).map(([d, count]) => ({ value: String(d), label: `${d}s`, count })),
    languages: stats.languages.map((l) => ({ value: l.key, label: l.name, count: l.count })),
    countries: stats.countries.map((c) => ({ value: c.key, label: c.name, count: c.count })),
  };
}
