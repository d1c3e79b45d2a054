// Several movies can share a title. Both title routes pick the same one: the requested year if
// `?anio=` is given, else the most voted (lists arrive sorted by votes desc, then id).
import { ApiError } from "./errors.ts";

export function pickByYear<T extends { release_year?: number; anio?: number }>(
  movies: T[],
  anio: number | undefined,
  input: string,
  suggestions: string[],
): { primary: T; others: T[] } {
  const year = (m: T) => m.release_year ?? m.anio;
  const primary = anio === undefined ? movies[0] : movies.find((m) => year(m) === anio);
  if (!primary) throw notInYear(input, anio!, suggestions, movies.map(year));
  return { primary, others: movies.filter((m) => m !== primary) };
}

/** 404 for a title that exists, but not in the year asked for. */
export function notInYear(input: string, anio: number, suggestions: string[], years: (number | undefined)[]) {
  return new ApiError(404, "not_found", `No movie titled "${input}" was released in ${anio}.`, {
    sugerencias: suggestions,
    anios_disponibles: years,
  });
}
