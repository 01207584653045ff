import { ChildProcess, spawn } from "child_process";
import * as assert from "assert";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { installPackage } from "../harness/installed-package";

/**
 * The emulator's CLI run the way users run it (issue 14): `npx pulumi-backup-copy-emulator … &` where the
 * package is installed, and `npm run -s emulator` in a clone. Its stdout must be a sourceable env file, and
 * killing the pid the shell got (npm's, not ours) must free the port.
 */

const REPO = path.resolve(__dirname, "../..");
/** Server pids seen, killed after the tests if a failing test left one behind. */
const servers: number[] = [];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Started {
  child: ChildProcess;
  stdout: () => string;
  port: number;
  /** The server's own pid, from its stderr line (not the pid of npm that the shell would print). */
  serverPid: number;
}

const exportsDone = (out: string) => /^export AWS_DEFAULT_REGION=.*$/m.test(out);

/** Spawns the command and waits until `ready(stdout)`. */
function startCli(command: string, args: string[], cwd: string, ready = exportsDone): Promise<Started> {
  const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      check();
    });
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      check();
    });
    const check = () => {
      const m = /^export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:(\d+)$/m.exec(out);
      const pid = /listening on .*; pid (\d+)\)/.exec(err);
      if (m && pid && ready(out)) {
        servers.push(Number(pid[1]));
        resolve({ child, stdout: () => out, port: Number(m[1]), serverPid: Number(pid[1]) });
      }
    };
    child.on("exit", (code) =>
      reject(new Error(`${command} exited (${code}) before serving:\n${out}\n${err}`)),
    );
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Waits for the port to close: true if it did within `attempts` polls. */
async function portCloses(port: number, attempts = 100): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (!(await portOpen(port))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function assertEnvFile(text: string): void {
  const lines = text.trim().split("\n");
  for (const line of lines) assert.match(line, /^(export [A-Z_]+=\S+|# .*)$/, `not sourceable: ${line}`);
  for (const name of [
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_BACKUP",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
  ])
    assert.ok(
      lines.some((l) => l.startsWith(`export ${name}=`)),
      `no ${name}`,
    );
}

describe("emulator: the CLI as users start and stop it", function () {
  this.timeout(120_000);
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    for (const pid of servers) if (alive(pid)) process.kill(pid, "SIGKILL");
  });

  it("npx pulumi-backup-copy-emulator: export lines on stdout; killing npx's pid frees the port", async () => {
    const pkg = await installPackage();
    // What `npm install` leaves: node_modules/.bin/<bin> -> the package's executable dist/emulator/cli.js.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-npx-"));
    const bin = path.join(pkg.packageDir, "dist", "emulator", "cli.js");
    fs.chmodSync(bin, 0o755);
    fs.mkdirSync(path.join(project, "node_modules", ".bin"), { recursive: true });
    fs.symlinkSync(bin, path.join(project, "node_modules", ".bin", "pulumi-backup-copy-emulator"));
    try {
      const started = await startCli("npx", ["pulumi-backup-copy-emulator", "--port", "0"], project);
      children.push(started.child);
      assertEnvFile(started.stdout());
      assert.ok(await portOpen(started.port));
      const exited = new Promise((r) => started.child.once("exit", r));
      process.kill(started.child.pid!, "SIGTERM");
      await exited;
      assert.ok(
        await portCloses(started.port),
        `port ${started.port} still served after npx's pid was killed`,
      );
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it("npm run -s emulator: nothing but export and comment lines on stdout; SIGTERM frees the port", async () => {
    const demoPrinted = (out: string) => (out.match(/^# recovery point: /gm) ?? []).length === 3;
    const args = ["run", "-s", "emulator", "--", "--port", "0", "--seed-demo"];
    const started = await startCli("npm", args, REPO, demoPrinted);
    children.push(started.child);
    assertEnvFile(started.stdout());
    const exited = new Promise((r) => started.child.once("exit", r));
    process.kill(started.child.pid!, "SIGTERM");
    await exited;
    assert.ok(
      await portCloses(started.port),
      `port ${started.port} still served by pid ${started.serverPid} after npm's pid was killed`,
    );
  });
});
