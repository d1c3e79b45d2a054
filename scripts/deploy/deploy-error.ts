// A deploy step that cannot go on: its message is the one line `npm run deploy` prints before
// exiting non-zero (wrangler's own output, already shown above it, has the details).
export class DeployError extends Error {
  override name = "DeployError";
}
