// SHA-256 as lower-case hex, with WebCrypto (the Worker's, and Node's in tests): the reseed checks
// each bundle object against the hash `latest` gives for it.
export async function sha256Hex(data: string | ArrayBuffer | Uint8Array): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let hex = "";
  for (const b of digest) hex += (b < 16 ? "0" : "") + b.toString(16);
  return hex;
}
