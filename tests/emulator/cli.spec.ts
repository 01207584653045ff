import { BackupClient, StartCopyJobCommand } from "@aws-sdk/client-backup";
import * as assert from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as path from "path";
import { DEFAULT_ACCOUNT, DEFAULT_CREDENTIALS, DEFAULT_REGION } from "../../emulator";
import { parseArgs } from "../../emulator/cli";

describe("emulator: CLI arguments", () => {
  it("parses flags, with separate or inline values", () => {
    assert.deepStrictEqual(parseArgs(["--port", "4566", "--clock-scale=60", "--seed", "9", "--seed-demo"]), {
      port: 4566,
      host: "127.0.0.1",
      clockScale: 60,
      seed: 9,
      seedDemo: true,
      enforceIam: false,
      verbose: false,
      quiet: false,
    });
  });

  it("--enforce-iam turns strict IAM on", () => {
    assert.strictEqual(parseArgs(["--enforce-iam"]).enforceIam, true);
  });

  it("refuses unknown flags and non-numbers", () => {
    assert.throws(() => parseArgs(["--bogus"]), /unknown argument/);
    assert.throws(() => parseArgs(["--port", "abc"]), /--port needs a number/);
  });
});

/** The CLI as a process: `node -r ts-node/register/transpile-only emulator/cli.ts …`, our own child. */
const CLI = path.resolve(__dirname, "../../emulator/cli.ts");
const NODE_ARGS = ["-r", require.resolve("ts-node/register/transpile-only"), CLI];

describe("emulator: CLI --help", function () {
  this.timeout(60_000);

  it("--help exits 0 and describes every flag, each of which the parser accepts and acts on", () => {
    const run = spawnSync(process.execPath, [...NODE_ARGS, "--help"], { encoding: "utf8", timeout: 50_000 });
    assert.strictEqual(run.status, 0, run.stderr);
    const described = new Map<string, { value?: string; text: string }>();
    let last: string | undefined;
    for (const line of run.stdout.split("\n")) {
      const option = /^ {2}(?:-h, )?(--[a-z-]+)(?: ([A-Z_]+))? {2,}(\S.*)$/.exec(line);
      if (option) {
        last = option[1];
        described.set(last, { value: option[2], text: option[3] });
      } else if (last && /^ {10,}\S/.test(line)) described.get(last)!.text += ` ${line.trim()}`;
      else last = undefined;
    }
    const flags = [
      "--port",
      "--host",
      "--clock-scale",
      "--seed",
      "--throughput",
      "--seed-demo",
      "--enforce-iam",
      "--verbose",
      "--quiet",
      "--help",
    ];
    assert.deepStrictEqual([...described.keys()].sort(), [...flags].sort());
    const defaults = parseArgs([]);
    for (const [flag, { value, text }] of described) {
      assert.ok(text.length >= 20, `${flag}: "${text}" does not say what it does`);
      if (flag === "--help") continue;
      const parsed = parseArgs(value ? [flag, flag === "--host" ? "0.0.0.0" : "7"] : [flag]);
      assert.notDeepStrictEqual(parsed, defaults, `${flag} is described but changes nothing`);
    }
    assert.match(described.get("--seed")!.text, /same seed .* same ids/);
    assert.match(described.get("--clock-scale")!.text, /emulated seconds per real second/);
  });
});

describe("emulator: CLI --seed does what --help says", function () {
  this.timeout(90_000);
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  });

  /** Starts `cli.ts --port 0 --seed-demo --quiet [--seed N]`, reads its output, then asks it for one copy job. */
  async function demoRun(seed?: number): Promise<{ recoveryPoints: string[]; copyJobId: string }> {
    const args = [
      ...NODE_ARGS,
      "--port",
      "0",
      "--seed-demo",
      "--quiet",
      ...(seed === undefined ? [] : ["--seed", `${seed}`]),
    ];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const recoveryPoints = await new Promise<string[]>((resolve, reject) => {
      child.on("exit", (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
      child.stdout!.on("data", () => {
        const points = [...out.matchAll(/^# recovery point: (\S+)$/gm)].map((m) => m[1]);
        if (points.length === 3) resolve(points);
      });
    });
    const endpoint = /^export AWS_ENDPOINT_URL=(\S+)$/m.exec(out)![1];
    const backup = new BackupClient({ endpoint, region: DEFAULT_REGION, credentials: DEFAULT_CREDENTIALS });
    try {
      const started = await backup.send(
        new StartCopyJobCommand({
          RecoveryPointArn: recoveryPoints[0],
          SourceBackupVaultName: "demo-source",
          DestinationBackupVaultArn: `arn:aws:backup:us-west-2:${DEFAULT_ACCOUNT}:backup-vault:demo-destination`,
          IamRoleArn: `arn:aws:iam::${DEFAULT_ACCOUNT}:role/demo-backup-copy`,
          IdempotencyToken: "cli-seed-spec",
        }),
      );
      return { recoveryPoints, copyJobId: started.CopyJobId! };
    } finally {
      backup.destroy();
      child.kill("SIGTERM");
    }
  }

  it("the same --seed gives the same recovery point and copy job ids; another seed, or none, gives others", async () => {
    const [a, b, other, unseeded] = await Promise.all([demoRun(7), demoRun(7), demoRun(8), demoRun()]);
    assert.deepStrictEqual(b, a);
    assert.notDeepStrictEqual(other.recoveryPoints, a.recoveryPoints);
    assert.notStrictEqual(other.copyJobId, a.copyJobId);
    assert.notDeepStrictEqual(unseeded.recoveryPoints, a.recoveryPoints);
  });
});
