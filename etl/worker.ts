// Starts an ETL worker thread from its module next to the caller: the compiled `.js` when the
// ETL runs compiled, the `.ts` source under tsx or vitest.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** tsx's ESM register API, resolved through its package exports. */
function tsxRegisterUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, { import?: { default?: string } } | string> };
  const entry = pkg.exports["./esm/api"];
  const rel = typeof entry === "object" ? entry.import?.default : undefined;
  if (rel === undefined) throw new Error("cannot find tsx/esm/api to run a TypeScript worker");
  return pathToFileURL(path.join(path.dirname(pkgPath), rel)).href;
}

/**
 * A worker running `module` (a path without extension, relative to `callerUrl`, the caller's
 * import.meta.url) with `workerData`.
 */
export function startWorker(callerUrl: string, module: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith(".ts")) return new Worker(new URL(`${module}.js`, callerUrl), { workerData });
  // Running from TypeScript sources (tsx, vitest). Node 20 does not apply the parent's (or an
  // execArgv --import) loader to a worker's entry module, so the worker registers tsx itself.
  const entry = new URL(`${module}.ts`, callerUrl).href;
  const code =
    `import(${JSON.stringify(tsxRegisterUrl())})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })` +
    `.catch((e) => { process.nextTick(() => { throw e; }); });`;
  return new Worker(code, { eval: true, workerData });
}
