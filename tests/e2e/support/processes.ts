/**
 * The processes behind an Automation API call: this test process spawns `pulumi`, the engine spawns the
 * dynamic-provider plugin (through pulumi-resource-pulumi-nodejs, which execs node). Tests find them to kill
 * them (SIGKILL mid-wait) and to check where the plugin runs. Uses `ps` (Linux and macOS); a plugin's working
 * directory is read from /proc (Linux).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";

export interface Proc {
  pid: number;
  ppid: number;
  command: string;
}

export function processTable(): Proc[] {
  const out = execFileSync("ps", ["-A", "-o", "pid=,ppid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => line.match(/^\s*(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), command: m[3] }));
}

/** Every descendant of `pid` (children first). */
export function descendants(pid: number, table = processTable()): Proc[] {
  const found: Proc[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const p of table) {
      if (p.ppid === parent) {
        found.push(p);
        queue.push(p.pid);
      }
    }
  }
  return found;
}

export interface EngineProcesses {
  /** The `pulumi` CLI this process spawned. */
  cli: Proc;
  /** The dynamic-provider plugin under it, if the engine has started one. */
  plugin?: Proc;
}

/** The CLI (a child of this process running `cliPath`) and its dynamic-provider plugin. */
export function engineProcesses(cliPath: string): EngineProcesses | undefined {
  const table = processTable();
  const cli = table.find((p) => p.ppid === process.pid && p.command.split(" ")[0] === cliPath);
  if (!cli) return undefined;
  const plugin = descendants(cli.pid, table).find((p) => /cmd\/dynamic-provider/.test(p.command));
  return { cli, plugin };
}

/** A process's working directory (Linux: /proc/PID/cwd). */
export function cwdOf(pid: number): string {
  return fs.readlinkSync(`/proc/${pid}/cwd`);
}

/** Running, and not a zombie (a killed plugin's parent died too, and nobody may reap it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).trim();
    return stat !== "" && !stat.startsWith("Z");
  } catch {
    return false; // ps exits 1 when the process is gone
  }
}
