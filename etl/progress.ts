// Progress lines for long ETL stages: redrawn in place on a terminal, throttled lines in logs/CI.
const tty = process.stderr.isTTY;

export class Progress {
  private last = 0;
  constructor(
    private label: string,
    private total?: number,
  ) {}
  update(done: number) {
    const now = Date.now();
    if (now - this.last < (tty ? 100 : 2000)) return;
    this.last = now;
    const of = this.total ? ` / ${this.total.toLocaleString("en")} (${Math.round((100 * done) / this.total)}%)` : "";
    const line = `  ${this.label}: ${done.toLocaleString("en")}${of}`;
    process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  }
  done(summary: string) {
    process.stderr.write(`${tty ? "\r\x1b[K" : ""}  ${this.label}: ${summary}\n`);
  }
}

export function log(line: string) {
  process.stderr.write(`${line}\n`);
}
