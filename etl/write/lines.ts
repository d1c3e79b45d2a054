// JSON-lines files (the parity inputs) written in chunks rather than joined into one huge string.
import fs from "node:fs";

/** One line per item. */
export function writeLines<T>(file: string, items: readonly T[], line: (item: T) => string): void {
  const fd = fs.openSync(file, "w");
  try {
    for (let i = 0; i < items.length; i += 1000)
      fs.writeSync(
        fd,
        items
          .slice(i, i + 1000)
          .map(line)
          .join("\n") + "\n",
      );
  } finally {
    fs.closeSync(fd);
  }
}
