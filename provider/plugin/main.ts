/**
 * The plugin's entry: `pulumi-resource-backup-copy [flags] <engine address>`. The engine starts it, reads the
 * gRPC port from the first line of stdout, then calls it; every later stdout line is shown as a diagnostic of
 * the stack, so lines of an operation go to the engine's Log against the operation's URN instead.
 *
 * SIGINT: Ctrl-C reaches every process of the CLI's process group, this one included. The engine then cancels
 * (the Cancel RPC); the plugin must outlive the signal to answer the operations in flight with a resumable
 * partial, so SIGINT cancels like Cancel does instead of ending the process. SIGTERM (the engine closing
 * plugins) ends it.
 */
import { format } from "util";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type { CopyJobPluginProvider } from "./copy-job-provider";
import { currentUrn, ProviderServer } from "./server";

const ORPHAN_CHECK_MS = 1000;

/** The engine's address: the first argument that is not a flag (the engine may add -v=N, --logtostderr, --tracing X). */
export function engineAddressOf(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--tracing" || arg === "--root") {
      i++;
      continue;
    }
    if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

/** The provider over the operations, loaded on the first resource call (with the AWS SDK). */
function loadProvider(): CopyJobPluginProvider {
  const { CopyJobPluginProvider } = require("./copy-job-provider") as typeof import("./copy-job-provider");
  const { processRuntime } = require("../runtime") as typeof import("../runtime");
  return new CopyJobPluginProvider(processRuntime);
}

/**
 * The engine closes a plugin with SIGINT (then SIGKILL 5 s later: sdk/go/common/resource/plugin/plugin.go), and
 * starts each plugin in its own process group (RegisterProcessGroup), so a terminal's Ctrl-C reaches the CLI, which
 * sends Cancel, not this process. A YAML program's CLI run closes two plugins (the YAML host loads the schema
 * through one): staying up after every SIGINT cost each CLI command 5-10 s. So after SIGINT the plugin answers
 * what is in flight (the cancelled waits' partials) and any call that follows at once, then exits when no
 * operation has been in flight for this long.
 */
const IDLE_EXIT_MS = 500;

function exitOnceIdle(server: ProviderServer): void {
  let idleSince: number | undefined;
  setInterval(() => {
    if (server.operationsInFlight > 0) idleSince = undefined;
    else if (Date.now() - (idleSince ??= Date.now()) >= IDLE_EXIT_MS) process.exit(0);
  }, 50);
}

export async function main(args: string[]): Promise<void> {
  const server = new ProviderServer(engineAddressOf(args), loadProvider);
  // The core still prints some lines with console.log: inside an operation they belong to its resource.
  console.log = (...parts: unknown[]) => {
    const urn = currentUrn.getStore();
    if (urn) server.log.log("info", format(...parts), urn);
    else process.stderr.write(`${format(...parts)}\n`);
  };
  process.on("SIGINT", () => {
    server.cancel();
    exitOnceIdle(server);
  });
  // The engine ends its plugins when it exits; an engine killed outright cannot, and this process, which
  // outlives SIGINT, would serve nobody forever. Once the parent is gone (this process was re-parented), exit.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, ORPHAN_CHECK_MS).unref();
  process.on("unhandledRejection", (error) => {
    process.stderr.write(
      `backup-copy: unhandled rejection: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  });
  const grpcServer = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  grpcServer.addService(provrpc.ResourceProviderService, server.service());
  const port = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  process.stdout.write(`${port}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`backup-copy: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
