import { readVersionInfo, type Job, type ReseedReport } from "../../reseed/state.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { version } from "./version.routes.ts";

const parse = <T>(json: string | null | undefined): T | null => (json ? (JSON.parse(json) as T) : null);
/** The log line's `event` tag means nothing here. */
const withoutEvent = ({ event: _event, ...rest }: ReseedReport) => rest;

export const versionHandler: AppRouteHandler<typeof version> = async (c) => {
  const info = await readVersionInfo(c.env.DB);
  const job = parse<Job>(info?.job);
  const last = parse<ReseedReport>(info?.last_attempt);
  const body = {
    version: info?.live_version ?? null,
    built_at: info?.built_at ?? null,
    applied_at: info?.applied_at ?? null,
    applied_by: (info?.applied_by ?? null) as "reseed" | "full-load" | null,
    // Loaded without the reseed state (e.g. `wrangler d1 execute`): dataset_meta still knows the movies.
    counts: parse<Record<string, number>>(info?.counts) ?? (info?.movies ? { movies: Number(info.movies) } : {}),
    reseed: {
      last_attempt: last && withoutEvent(last),
      in_progress: job && { version: job.version, started_at: job.startedAt, runs: job.runs, staged: job.cursor },
    },
  };
  return body.version ? c.json(body, 200) : c.json(body, 503);
};
