/**
 * Issue 21, defect 5: two same-named CopyJobs under two parents (components) must not share a token: AWS would
 * hand both the one job. Without a parent the scope is `project/stack/name` as released, so existing stacks keep
 * their tokens. The CopyJob's registration is checked under pulumi.runtime.setMocks.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { check } from "../../provider/operations/check";
import { nameFromScope } from "../../provider/operations/context";
import { tokenScope } from "../../provider/inputs/token";
import type { CopyJobArgs } from "../../provider/types";
import { VALID } from "./fixtures";

const URN_A = "urn:pulumi:dev::shop::my:index:Nightly::eu";
const URN_B = "urn:pulumi:dev::shop::my:index:Weekly::eu";
const token = (scope: string) => check({ ...VALID, tokenScope: scope }).inputs!.idempotencyToken;

describe("token scope", () => {
  it("without a parent: project/stack/name, as released", () => {
    assert.equal(tokenScope("shop", "dev", "copy"), "shop/dev/copy");
    assert.equal(
      tokenScope("shop", "dev", "copy", "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"),
      "shop/dev/copy",
    );
  });

  it("under a parent: the parent's type chain and name, the resource's name last", () => {
    assert.equal(tokenScope("shop", "dev", "copy", URN_A), "shop/dev/my:index:Nightly::eu/copy");
    assert.equal(
      tokenScope("shop", "dev", "copy", "urn:pulumi:dev::shop::my:index:Outer$my:index:Nightly::eu"),
      "shop/dev/my:index:Outer$my:index:Nightly::eu/copy",
    );
    assert.notEqual(
      token(tokenScope("shop", "dev", "copy", URN_A)),
      token(tokenScope("shop", "dev", "copy", URN_B)),
    );
    assert.notEqual(
      token(tokenScope("shop", "dev", "copy", URN_A)),
      token(tokenScope("shop", "dev", "copy")),
    );
    assert.equal(nameFromScope(tokenScope("shop", "dev", "copy", URN_A)), "copy");
  });

  it("two same-named CopyJobs under two components register two scopes; one without a parent keeps the old", async () => {
    const scopes: Record<string, string> = {};
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => {
          if (a.type.endsWith("CopyJob")) scopes[`${a.inputs.tokenScope}`] = a.name;
          return { id: `${a.name}-id`, state: a.inputs };
        },
        call: (a) => a.inputs,
      },
      "shop",
      "dev",
      false,
    );
    const { CopyJob } = await import("../../provider/copy-job");
    const args = VALID as unknown as CopyJobArgs;
    // Two types: under two parents of one type, same-named children would have one URN.
    const eu = new pulumi.ComponentResource("my:index:Nightly", "eu");
    const us = new pulumi.ComponentResource("my:index:Weekly", "eu");
    const jobs = [
      new CopyJob("copy", args, { parent: eu }),
      new CopyJob("copy", args, { parent: us }),
      new CopyJob("top", args),
    ];
    await Promise.all(jobs.map((j) => new Promise<void>((resolve) => j.urn.apply(() => resolve()))));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(Object.keys(scopes).sort(), [
      "shop/dev/my:index:Nightly::eu/copy",
      "shop/dev/my:index:Weekly::eu/copy",
      "shop/dev/top",
    ]);
  });
});
