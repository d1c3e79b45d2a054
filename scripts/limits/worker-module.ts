// The Worker's bundle as a module (built by ./worker-bundle.ts). Kept apart from the bundler so
// the replay worker can import it without pulling esbuild in.
import { pathToFileURL } from "node:url";

export interface WorkerModule {
  default: {
    fetch(req: Request, env: unknown, ctx: unknown): Promise<Response>;
    scheduled?(controller: unknown, env: unknown, ctx: unknown): Promise<void>;
  };
  /** The cache resets found in src/, by function name (e.g. forgetActiveDataset). */
  resets: Record<string, () => void>;
}

let instances = 0;
/** A fresh instance of the bundled module: its own module-level state (caches), compiled anew. */
export async function importWorker(file: string): Promise<WorkerModule> {
  return (await import(`${pathToFileURL(file).href}?instance=${++instances}`)) as WorkerModule;
}
