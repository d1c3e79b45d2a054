import { activeDataset } from "../../db/dataset.ts";
import { checkRanges, discover } from "../../db/discover.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { defaultDirection } from "../../shared/discover.ts";
import type { descubrir } from "./descubrir.routes.ts";

export const descubrirHandler: AppRouteHandler<typeof descubrir> = async (c) => {
  const { genero, direccion, orden, ...rest } = c.req.valid("query");
  const query = { ...rest, generos: genero, orden, direccion: direccion ?? defaultDirection(orden) };
  checkRanges(query);
  // The catalogue's years bound an open year range (in isolate memory: no D1 call).
  const span = (await activeDataset(c.env.DB))?.years ?? undefined;
  return c.json(await discover(c.env.DB, query, span), 200);
};
