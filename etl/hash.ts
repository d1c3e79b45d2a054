// One content hash for everything the seed is addressed by (dataset version, parts, KV keys).
import { createHash } from "node:crypto";

export const sha256 = (s: string | Buffer): string => createHash("sha256").update(s).digest("hex");
