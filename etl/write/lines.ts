// JSON-lines files (the parity inputs), streamed line by line through one reused buffer.
import { BufferedFile } from "./files.ts";

/** One line per item. */
export function writeLines<T>(file: string, items: readonly T[], line: (item: T) => string): void {
  const out = new BufferedFile(file);
  try {
    for (const item of items) {
      out.write(line(item));
      out.write("\n");
    }
  } finally {
    out.close();
  }
}
