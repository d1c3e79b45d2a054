// Number formats for people (English): the web UI and the EDA report's readings (etl/eda/format.ts)
// write amounts the same way.

const int = new Intl.NumberFormat("en");

/** 4,995 */
export const count = (n: number) => int.format(Math.round(n));

/** 52.5% (of whole; 0% when whole is 0) */
export const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : "0%");

export const fixed = (n: number, digits = 2) => n.toFixed(digits);

/** $1.2 bn, $350 M, $25 k, $1. */
export function money(n: number): string {
  const abs = Math.abs(n);
  const [div, unit] = abs >= 1e9 ? [1e9, " bn"] : abs >= 1e6 ? [1e6, " M"] : abs >= 1e3 ? [1e3, " k"] : [1, ""];
  const v = n / div;
  return `$${div === 1 ? count(v) : v.toFixed(Math.abs(v) >= 100 ? 0 : 1)}${unit}`;
}

/** 1 h 21 min */
export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60),
    m = Math.round(minutes % 60);
  return h ? `${h} h ${m} min` : `${m} min`;
}
