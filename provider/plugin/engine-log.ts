/**
 * Lines logged through the engine's Log service against a resource's URN, so the CLI shows them under that
 * resource (the dynamic provider can only print to stdout, which the CLI shows under the stack). Without an
 * engine address (a test driving the plugin alone) lines go to stderr.
 */
import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";

export type Severity = "debug" | "info" | "warning" | "error";

const SEVERITIES: Record<Severity, engproto.LogSeverity> = {
  debug: engproto.LogSeverity.DEBUG,
  info: engproto.LogSeverity.INFO,
  warning: engproto.LogSeverity.WARNING,
  error: engproto.LogSeverity.ERROR,
};

export class EngineLog {
  private client?: engrpc.EngineClient;
  /** The last call sent: each waits for the one before, so lines arrive in the order they were logged. */
  private last: Promise<void> = Promise.resolve();

  connect(address: string | undefined): void {
    if (!address || this.client) return;
    this.client = new engrpc.EngineClient(address, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
    });
  }

  /** Never throws: a lost log line must not fail a copy. */
  log(severity: Severity, message: string, urn?: string): void {
    const client = this.client;
    if (!client) {
      process.stderr.write(`${urn ? `${urn}: ` : ""}${message}\n`);
      return;
    }
    const req = new engproto.LogRequest().setSeverity(SEVERITIES[severity]).setMessage(message);
    if (urn) req.setUrn(urn);
    this.last = this.last.then(
      () =>
        new Promise<void>((resolve) =>
          client.log(req, (err) => {
            if (err) process.stderr.write(`${message}\n`);
            resolve();
          }),
        ),
    );
  }

  /** Resolves once every line logged so far has been sent. */
  flush(): Promise<void> {
    return this.last;
  }
}
