#!/usr/bin/env node
import { EmulatorServer } from "./server";
import { DEFAULT_ACCOUNT, DEFAULT_REGION, emulatorEnv } from "./world";
import { DEFAULT_THROUGHPUT } from "./store";
import { EmulatorControl } from "./control-client";

/**
 * `pulumi-backup-copy-emulator [flags]` (in a clone: `npm run -s emulator -- [flags]`).
 * Prints `export` lines on stdout (so `. ./emulator.env` or `eval "$(…)"` works) and logs on stderr.
 * Each flag is declared once in FLAGS below: the parser and `--help` both read that table, so a flag cannot be
 * accepted without being described.
 */

interface CliArgs {
  port: number;
  host: string;
  clockScale?: number;
  seed?: number;
  throughput?: number;
  seedDemo: boolean;
  enforceIam: boolean;
  verbose: boolean;
  quiet: boolean;
}

interface Flag {
  name: string;
  /** Placeholder of the value the flag takes; none for a switch. */
  value?: string;
  help: string;
  set(args: CliArgs, value: string): void;
}

const FLAGS: Flag[] = [
  {
    name: "--port",
    value: "N",
    help: "port to listen on (default 4566; 0 picks a free one, printed in the export lines)",
    set: (a, v) => (a.port = number("--port", v)),
  },
  {
    name: "--host",
    value: "HOST",
    help: "address to listen on (default 127.0.0.1)",
    set: (a, v) => (a.host = v),
  },
  {
    name: "--clock-scale",
    value: "N",
    help:
      "emulated seconds per real second (default 1): copy jobs, lifecycle transitions and deletions follow " +
      "this clock, so 60 makes an emulated hour pass in a real minute",
    set: (a, v) => (a.clockScale = number("--clock-scale", v)),
  },
  {
    name: "--seed",
    value: "N",
    help:
      "seed of every random choice the emulator makes: the ids of recovery points, copy jobs and backup jobs, " +
      "and which requests the faults set through the control API hit. The same seed and the same requests in " +
      "the same order give the same ids and the same faults; without it each run picks a random seed",
    set: (a, v) => (a.seed = number("--seed", v)),
  },
  {
    name: "--throughput",
    value: "BYTES_PER_S",
    help:
      "copy speed: a copy job stays RUNNING for about its recovery point's size divided by this " +
      `(default ${DEFAULT_THROUGHPUT}, 100 MiB/s)`,
    set: (a, v) => (a.throughput = number("--throughput", v)),
  },
  {
    name: "--seed-demo",
    help:
      `create vault demo-source (${DEFAULT_REGION}), vault demo-destination (us-west-2), the role ` +
      `arn:aws:iam::${DEFAULT_ACCOUNT}:role/demo-backup-copy and three recovery points in demo-source, ` +
      "and print their names and ARNs as comments after the export lines",
    set: (a) => (a.seedDemo = true),
  },
  {
    name: "--enforce-iam",
    help:
      "strict IAM: only registered access keys, and only seeded roles with their trust policies (default: " +
      `any access key acts as the root of account ${DEFAULT_ACCOUNT}, or of the 12-digit account it names, ` +
      "and any role can be assumed)",
    set: (a) => (a.enforceIam = true),
  },
  {
    name: "--verbose",
    help: "log one line per AWS request on stderr",
    set: (a) => (a.verbose = true),
  },
  {
    name: "--quiet",
    help: "log nothing on stderr (the export lines still go to stdout)",
    set: (a) => (a.quiet = true),
  },
];

const USAGE = `usage: pulumi-backup-copy-emulator ${FLAGS.map((f) => `[${f.name}${f.value ? ` ${f.value}` : ""}]`).join(" ")}`;

/** The text `--help` prints: what the emulator does, then each flag with what it does. */
export function helpText(): string {
  const column = 2 + Math.max(...FLAGS.map((f) => `${f.name}${f.value ? ` ${f.value}` : ""}`.length)) + 2;
  const wrap = (text: string, width: number): string[] => {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    return [...lines, line];
  };
  const flagLines = [...FLAGS, { name: "-h, --help", help: "print this help and exit" } as Flag].flatMap(
    (f) => {
      const head = `  ${f.name}${f.value ? ` ${f.value}` : ""}`.padEnd(column);
      return wrap(f.help, 110 - column).map((text, i) => (i === 0 ? head : " ".repeat(column)) + text);
    },
  );
  return [
    USAGE,
    "(in a clone of the repository: npm run -s emulator -- [flags])",
    "",
    "A local AWS Backup endpoint (restJson1) and STS on one port, for the AWS SDKs, the AWS CLI, boto3 and",
    "pulumi-backup-copy. Prints export lines (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_BACKUP, AWS_ENDPOINT_URL_STS,",
    "keys, AWS_REGION, AWS_DEFAULT_REGION) on stdout: `> emulator.env &` then `. ./emulator.env`. Logs go to",
    "stderr. Stops on SIGINT or SIGTERM, and when the process that started it exits.",
    "",
    "flags:",
    ...flagLines,
    "",
  ].join("\n");
}

function number(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value === "" || !Number.isFinite(n))
    throw new Error(`${flag} needs a number, not ${JSON.stringify(value ?? "nothing")}\n${USAGE}`);
  return n;
}

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    port: 4566,
    host: "127.0.0.1",
    seedDemo: false,
    enforceIam: false,
    verbose: false,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split("=", 2);
    if (name === "--help" || name === "-h") {
      process.stdout.write(helpText());
      process.exit(0);
    }
    const flag = FLAGS.find((f) => f.name === name);
    if (!flag) throw new Error(`unknown argument ${argv[i]}\n${USAGE}\n(--help describes each flag)`);
    if (!flag.value) {
      flag.set(args, "");
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag.name} needs a value (${flag.value})\n${USAGE}`);
    flag.set(args, value);
  }
  return args;
}

/** A source vault with three recovery points, a cross-region destination and a copy role. */
async function seedDemo(control: EmulatorControl): Promise<string[]> {
  const lines: string[] = [];
  await control.seedVault({ name: "demo-source" });
  const dest = await control.seedVault({ name: "demo-destination", region: "us-west-2" });
  const role = `arn:aws:iam::${DEFAULT_ACCOUNT}:role/demo-backup-copy`;
  await control.seedRole({ arn: role });
  lines.push(
    `# source vault: demo-source (${DEFAULT_REGION})`,
    `# destination vault: ${dest.backupVaultArn}`,
    `# copy role: ${role}`,
  );
  for (const [i, type] of ["EBS", "EBS", "DynamoDB"].entries()) {
    const rp = await control.seedRecoveryPoint({
      vaultName: "demo-source",
      resourceType: type,
      backupSizeInBytes: (i + 1) * 2 * 1024 ** 3,
      creationDate: new Date(Date.now() - (3 - i) * 86_400_000).toISOString(),
    });
    lines.push(`# recovery point: ${rp.recoveryPointArn}`);
  }
  return lines;
}

async function main(): Promise<void> {
  // Read before anything asynchronous: a parent killed while we start up must still count as gone.
  const parent = process.ppid;
  const args = parseArgs(process.argv.slice(2));
  const server = new EmulatorServer({
    port: args.port,
    host: args.host,
    clockScale: args.clockScale,
    seed: args.seed,
    throughputBytesPerSecond: args.throughput,
    quiet: args.quiet,
    enforceIam: args.enforceIam,
    logRequests: args.verbose,
  });
  const port = await server.listen();
  const endpoint = `http://${args.host}:${port}`;
  const extra = args.seedDemo ? await seedDemo(new EmulatorControl(endpoint)) : [];
  for (const [k, v] of Object.entries(emulatorEnv(endpoint))) console.log(`export ${k}=${v}`);
  for (const line of extra) console.log(line);
  if (!args.quiet)
    console.error(
      `[emulator] AWS Backup emulator listening on ${endpoint} (control API: ${endpoint}/_emulator/; pid ${process.pid})`,
    );
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  exitWithParent(parent, stop);
}

/**
 * `npx pulumi-backup-copy-emulator … &` runs npm, which runs `sh -c`, which runs this process: killing the
 * pid the shell printed (npm's) kills npm and the shell but no signal reaches us, and we would keep serving
 * the port. So when our parent goes away (we are re-parented, our ppid changes) we stop as well.
 */
function exitWithParent(parent: number, stop: () => void): void {
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      stop();
    }
  }, 250);
  timer.unref();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
