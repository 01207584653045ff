#!/usr/bin/env node
import { EmulatorServer } from "./server";
import { DEFAULT_ACCOUNT, DEFAULT_REGION, emulatorEnv } from "./world";
import { EmulatorControl } from "./control-client";

/**
 * npm run emulator -- [--port 4566] [--host 127.0.0.1] [--clock-scale N] [--seed N]
 *                     [--throughput BYTES_PER_S] [--seed-demo] [--enforce-iam] [--verbose] [--quiet]
 * Prints `export` lines on stdout (so `eval "$(npm run -s emulator ...)"`-style use works) and logs on stderr.
 */

const USAGE =
  "usage: emulator [--port N] [--host H] [--clock-scale N] [--seed N] [--throughput BYTES_PER_S] [--seed-demo] [--enforce-iam] [--verbose] [--quiet]";

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

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    port: 4566,
    host: "127.0.0.1",
    seedDemo: false,
    enforceIam: false,
    verbose: false,
    quiet: false,
  };
  const number = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n)) throw new Error(`${flag} needs a number\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--port":
        args.port = number(flag, value());
        break;
      case "--host":
        args.host = value() ?? args.host;
        break;
      case "--clock-scale":
        args.clockScale = number(flag, value());
        break;
      case "--seed":
        args.seed = number(flag, value());
        break;
      case "--throughput":
        args.throughput = number(flag, value());
        break;
      case "--seed-demo":
        args.seedDemo = true;
        break;
      case "--enforce-iam":
        args.enforceIam = true;
        break;
      case "--verbose":
        args.verbose = true;
        break;
      case "--quiet":
        args.quiet = true;
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    }
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
