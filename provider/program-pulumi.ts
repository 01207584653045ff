/**
 * The @pulumi/pulumi the running program uses, for the values CopyJob needs from it (its base class,
 * getProject, secret, output, Config).
 *
 * Why: a linked install (`npm install ../pulumi-backup-copy`, `npm link`) resolves our own
 * `require("@pulumi/pulumi")` from the package's real directory, so from the clone's node_modules: a second
 * copy beside the program's. The engine refuses resources registered through it ("Request message
 * serialization failure: Expected argument of type pulumirpc.RegisterResourceRequest": the gRPC client the
 * program's copy made checks the message class of its own copy). The program's copy is the one Node resolves
 * from the directory Pulumi runs the program in, its cwd (for an Automation API inline program: the host's cwd,
 * whose copy runs the program). When that is our own copy, or nothing resolves there, ours is used.
 */
import type * as pulumiModule from "@pulumi/pulumi";

type Pulumi = typeof pulumiModule;

export function programPulumi(): Pulumi {
  const own = require.resolve("@pulumi/pulumi");
  let theirs: string;
  try {
    theirs = require.resolve("@pulumi/pulumi", { paths: [process.cwd()] });
  } catch {
    return require(own) as Pulumi;
  }
  return require(theirs) as Pulumi;
}
