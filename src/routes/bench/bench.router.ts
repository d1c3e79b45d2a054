// Floor routes for `npm run bench:api`: the cost of the platform alone (a request that touches
// nothing, one D1 query, one KV read), to compare each real route with. They exist only in
// bench mode; otherwise they are ordinary unknown paths (404). Not part of the OpenAPI document.
import { activeDataset } from "../../db/dataset.ts";
import { benchMode } from "../../lib/bench.ts";
import { createRouter } from "../../lib/create-app.ts";
import { shardKeysOf } from "../../shared/shard.ts";

const bench = createRouter();

bench.use("/__bench/*", async (c, next) => {
  if (!benchMode(c.env)) return c.notFound();
  await next();
});

bench.get("/__bench/noop", (c) => c.json({ ok: true }));

bench.get("/__bench/d1", async (c) => c.json(await c.env.DB.prepare("SELECT 1 AS one").first()));

// One KV read of a real recommendation shard (the shard map comes from isolate memory, as in
// /recomendacion), so the floor reads a value of realistic size.
bench.get("/__bench/kv", async (c) => {
  const map = (await activeDataset(c.env.DB))?.shardMap;
  const key = map ? shardKeysOf(map)[0]! : "missing";
  const value = await c.env.RECS.get(key);
  return c.json({ bytes: value?.length ?? 0 });
});

export const benchRouter = bench;
