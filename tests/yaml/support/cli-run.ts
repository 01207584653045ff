/**
 * One run of the `pulumi` CLI as a subprocess, and what it showed: exit code, stdout, stderr and, for engine
 * commands, the engine's events from `--event-log` (the JSON-lines file the Automation API reads too) reduced
 * by the e2e recorder to each resource's steps and the diagnostics (where the plugin's progress lines land).
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { recorder, type Run } from "../../e2e/support";

export interface CliRun extends Run {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Events written to the event log so far (the engine appends as it goes). */
  eventsSoFar(): EngineEvent[];
  /** Settles when the CLI exits; rejects on a non-zero exit unless `allowFailure`. */
  done(opts?: { allowFailure?: boolean }): Promise<CliRun>;
}

export interface CliOptions {
  cwd: string;
  env: Record<string, string>;
  eventLog?: string;
  allowFailure?: boolean;
}

export function runCli(cli: string, args: string[], opts: CliOptions): Promise<CliRun> {
  return startCli(cli, args, opts).done(opts);
}

/** CLI process groups still running: killCliRuns() ends them (a failed or timed-out test leaves none behind). */
const running = new Set<number>();

/**
 * SIGKILLs every CLI this process started that is still running, with its language host and plugins (each CLI
 * leads its own process group). For a world's stop after a test that failed mid-run.
 */
export function killCliRuns(): void {
  for (const pgid of running) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  running.clear();
}

export function startCli(cli: string, args: string[], opts: CliOptions): RunningCli {
  // detached: its own process group, so killCliRuns reaches the host and plugins it starts too.
  const child = spawn(cli, args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  if (child.pid !== undefined) running.add(child.pid);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d));
  child.stderr!.on("data", (d: Buffer) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({ code, signal });
    });
  });
  const eventsSoFar = () => (opts.eventLog ? readEvents(opts.eventLog) : []);
  return {
    child,
    eventsSoFar,
    async done(o = {}) {
      const { code, signal } = await exited;
      const r = recorder();
      for (const e of eventsSoFar()) r.onEvent(e);
      r.onOutput(stdout + stderr);
      const run: CliRun = { ...r.run, args, code, signal, stdout, stderr };
      if (code !== 0 && !(o.allowFailure ?? opts.allowFailure)) {
        const error = new Error(`pulumi ${args.join(" ")} exited ${code ?? signal}:\n${stdout}\n${stderr}`);
        (error as Error & { run: CliRun }).run = run;
        throw error;
      }
      return run;
    },
  };
}

/** The complete lines of an event log (the last may still be half written while the CLI runs). */
export function readEvents(file: string): EngineEvent[] {
  if (!fs.existsSync(file)) return [];
  const events: EngineEvent[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as EngineEvent);
    } catch {
      // a line the engine is still writing
    }
  }
  return events;
}
