import {
  DescribeCopyJobCommand,
  ListBackupVaultsCommand,
  ListCopyJobsCommand,
  StartCopyJobCommand,
} from "@aws-sdk/client-backup";
import * as assert from "assert";
import { backupClient, rejectsWith, ROLE, seedBasic, useEmulator } from "./helpers";

describe("emulator: faults", () => {
  const emu = useEmulator();

  it("throttles with a token bucket per operation: ThrottlingException 400", async () => {
    await emu().control.setFaults({
      throttle: { operations: ["ListBackupVaults"], ratePerSecond: 0, burst: 3 },
    });
    const c = backupClient(emu());
    for (let i = 0; i < 3; i++) await c.send(new ListBackupVaultsCommand({}));
    const err = await rejectsWith(c.send(new ListBackupVaultsCommand({})), "ThrottlingException", 400);
    assert.strictEqual(err.$fault, "client");
    // Other operations are not in the list.
    await rejectsWith(c.send(new DescribeCopyJobCommand({ CopyJobId: "x" })), "ResourceNotFoundException");
    const calls = await emu().control.calls();
    assert.strictEqual(calls.throttled, 1);
    assert.strictEqual(calls.ListBackupVaults, 4);
  });

  it("the SDK's standard retry rides out throttling when the bucket refills", async () => {
    await emu().control.setFaults({ throttle: { ratePerSecond: 50, burst: 1 } });
    const c = backupClient(emu(), { maxAttempts: 5 });
    for (let i = 0; i < 4; i++) await c.send(new ListBackupVaultsCommand({}));
    assert.ok((await emu().control.calls()).throttled >= 1);
  });

  async function outcomes(seed: number, n: number): Promise<string[]> {
    await emu().control.setFaults({ seed, throttleProbability: 0.3, serverErrorProbability: 0.3 });
    const c = backupClient(emu());
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      try {
        await c.send(new ListBackupVaultsCommand({}));
        out.push("ok");
      } catch (e) {
        const err = e as { name: string; $metadata: { httpStatusCode?: number } };
        out.push(`${err.name}:${err.$metadata.httpStatusCode}`);
      }
    }
    return out;
  }

  it("random throttles and 5xx are deterministic under a seed", async () => {
    const a = await outcomes(42, 40);
    const b = await outcomes(42, 40);
    assert.deepStrictEqual(a, b);
    assert.ok(a.includes("ThrottlingException:400"), a.join());
    assert.ok(
      a.some((x) => /^ServiceUnavailableException:50[03]$/.test(x)),
      a.join(),
    );
    assert.ok(a.includes("ok"));
    assert.notDeepStrictEqual(await outcomes(43, 40), a);
    const calls = await emu().control.calls();
    assert.ok(calls.throttled > 0 && calls.serverErrors > 0);
    await emu().control.setFaults({});
    assert.deepStrictEqual(await outcomes(42, 0), []);
  });

  it("resets sockets without a response", async () => {
    await emu().control.setFaults({ resetProbability: 1 });
    const err = await backupClient(emu())
      .send(new ListBackupVaultsCommand({}))
      .then(
        () => undefined,
        (e: Error) => e,
      );
    assert.ok(err, "the call must fail");
    assert.match(String((err as { code?: string }).code ?? err.message), /ECONNRESET|socket hang up/i);
    assert.strictEqual((await emu().control.calls()).resets, 1);
    // The control API is never faulted.
    await emu().control.setFaults({});
    await backupClient(emu()).send(new ListBackupVaultsCommand({}));
  });

  it("adds latency", async () => {
    await emu().control.setFaults({ latencyMs: { min: 60, max: 80 } });
    const t = Date.now();
    await backupClient(emu()).send(new ListBackupVaultsCommand({}));
    assert.ok(Date.now() - t >= 60);
  });

  it("hides new copy jobs for consistencyDelaySeconds", async () => {
    const { rpArn, destArn } = await seedBasic(emu());
    await emu().control.setFaults({ consistencyDelaySeconds: 5 });
    const c = backupClient(emu());
    const { CopyJobId } = await c.send(
      new StartCopyJobCommand({
        RecoveryPointArn: rpArn,
        SourceBackupVaultName: "src",
        DestinationBackupVaultArn: destArn,
        IamRoleArn: ROLE,
      }),
    );
    await rejectsWith(c.send(new DescribeCopyJobCommand({ CopyJobId })), "ResourceNotFoundException");
    assert.deepStrictEqual((await c.send(new ListCopyJobsCommand({}))).CopyJobs, []);
    await emu().control.advanceClock(5);
    assert.strictEqual(
      (await c.send(new DescribeCopyJobCommand({ CopyJobId }))).CopyJob!.CopyJobId,
      CopyJobId,
    );
  });

  it("an error with `times` fails only that many requests, then the operation answers again", async () => {
    await emu().control.setFaults({
      error: { operations: ["ListBackupVaults"], code: "ResourceNotFoundException", times: 2 },
    });
    const c = backupClient(emu(), { maxAttempts: 1 });
    await rejectsWith(c.send(new ListBackupVaultsCommand({})), "ResourceNotFoundException", 400);
    await rejectsWith(c.send(new ListBackupVaultsCommand({})), "ResourceNotFoundException", 400);
    await c.send(new ListBackupVaultsCommand({}));
    await c.send(new ListBackupVaultsCommand({}));
  });

  it("rejects invalid fault specs", async () => {
    await assert.rejects(emu().control.setFaults({ throttleProbability: 2 }), /probability/);
    await assert.rejects(
      emu().control.setFaults({
        error: { operations: ["ListBackupVaults"], code: "AccessDeniedException", times: -1 },
      }),
      /times/,
    );
  });
});
