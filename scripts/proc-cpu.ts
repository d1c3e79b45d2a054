// CPU time of a local server's processes, read from /proc (Linux): the figure `bench:api`
// prints beside req/s. On a shared machine throughput follows whatever else runs, but the CPU a
// server spends per request barely does, so the ratio of two servers' CPU per request predicts
// the ratio of their throughput on an idle machine better than a loaded req/s does.
//
// "The server" is the process that listens on its port plus all its descendants: workerd for
// Miniflare's API, wrangler's proxy and its workerd for `wrangler dev`, the Python process for
// the original service.
import fs from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_S = 100;

/** Whether /proc can be read here (Linux). */
export const procAvailable = () => fs.existsSync("/proc/self/stat");

function pids(): number[] {
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** utime + stime (ticks), parent pid and name of one process, or undefined once it is gone. */
function stat(pid: number): { ticks: number; ppid: number; comm: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
  const close = text.lastIndexOf(")");
  const fields = text.slice(close + 2).split(" ");
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { ticks: Number(fields[11]) + Number(fields[12]), ppid: Number(fields[1]), comm: text.slice(text.indexOf("(") + 1, close) };
}

/** Inodes of the sockets listening on 127.0.0.1:<port> (or any address) over TCP v4 and v6. */
function listeningInodes(port: number): Set<string> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let lines: string[];
    try {
      lines = fs.readFileSync(file, "utf8").trim().split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT" in hex, st 0A is LISTEN, inode is field 10.
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === "0A") inodes.add(f[9]!);
    }
  }
  return inodes;
}

/** The processes holding a socket that listens on `port`. */
export function listeners(port: number): number[] {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const found: number[] = [];
  for (const pid of pids()) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1]!)) {
        found.push(pid);
        break;
      }
    }
  }
  return found;
}

/** `roots` and all their live descendants. */
export function processTree(roots: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const pid of pids()) {
    const s = stat(pid);
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  const out = new Set<number>();
  const visit = (pid: number) => {
    if (out.has(pid)) return;
    out.add(pid);
    for (const c of children.get(pid) ?? []) visit(c);
  };
  roots.forEach(visit);
  return [...out];
}

/** A server's processes: whoever listens on `port`, and its descendants. */
export function serverProcesses(port: number): number[] {
  return processTree(listeners(port));
}

/** CPU milliseconds (user + system) spent so far by `procs` (processes gone since count 0). */
export function cpuMs(procs: number[]): number {
  let ticks = 0;
  for (const pid of procs) ticks += stat(pid)?.ticks ?? 0;
  return (ticks * 1000) / TICKS_PER_S;
}

/** The names of `procs` (for the bench's header: which processes were counted). */
export function processNames(procs: number[]): string[] {
  return procs.map((p) => stat(p)?.comm ?? "?");
}
