/**
 * The Python side of the conformance suite: a virtualenv under `.cache/venv` (git-ignored) with pinned boto3,
 * botocore and awscli from PyPI, made by the test set-up itself so a fresh machine needs only python3.
 * Idempotent: a stamp file records what was installed, and a second run with the same pins and interpreter
 * reuses the venv without calling pip. Fails loudly (never skips) when python3 or its venv module is missing.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const REPO = path.resolve(__dirname, "../..");
export const VENV = path.join(REPO, ".cache", "venv");
/** Pinned: botocore's service model is the second reading of the API, so it must not drift between runs. */
export const REQUIREMENTS = ["boto3==1.44.5", "botocore==1.44.5", "awscli==1.46.2"];
const STAMP = path.join(VENV, ".pulumi-backup-copy-requirements");

export interface PythonEnv {
  python: string;
  /** True when this call created the venv (a cold set-up), false when it reused it. */
  created: boolean;
  seconds: number;
}

function systemPython(): string {
  const probe = spawnSync("python3", ["-c", "import sys, venv, ensurepip; print(sys.version.split()[0])"], {
    encoding: "utf8",
  });
  if (probe.error || probe.status !== 0)
    throw new Error(
      "The conformance suite needs python3 with its venv and ensurepip modules (Debian/Ubuntu: apt-get install " +
        `python3 python3-venv). python3 said: ${probe.error?.message ?? probe.stderr.trim()}`,
    );
  return probe.stdout.trim();
}

export function ensurePythonEnv(): PythonEnv {
  const started = Date.now();
  const version = systemPython();
  const python = path.join(VENV, "bin", "python");
  const wanted = JSON.stringify({ python: version, requirements: REQUIREMENTS });
  if (fs.existsSync(python) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === wanted)
    return { python, created: false, seconds: (Date.now() - started) / 1000 };
  // Anything else (no venv, other pins, an interrupted install without its stamp) starts from scratch.
  fs.rmSync(VENV, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(VENV), { recursive: true });
  const run = (cmd: string, args: string[]) => {
    try {
      execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`${cmd} ${args.join(" ")} failed: ${e.stderr?.trim() || e.message}`, { cause: err });
    }
  };
  run("python3", ["-m", "venv", VENV]);
  run(python, ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", ...REQUIREMENTS]);
  fs.writeFileSync(STAMP, wanted);
  return { python, created: true, seconds: (Date.now() - started) / 1000 };
}
