// Command copy-program is a Go program using the SDK generated from the native plugin's schema (backupcopy),
// run through Pulumi's Go Automation API as an inline program: the API serves the program from its own
// language server, so no pulumi-language-go host is needed. tests/yaml/go-sdk.spec.ts builds and runs it
// against the emulator.
//
// Input (environment): COPY_ARGS (JSON: recoveryPointArn, sourceBackupVaultName, destinationBackupVaultArn,
// iamRoleArn), STACK, WORK_DIR, PULUMI_ROOT (a directory with bin/pulumi), and the CLI environment (backend,
// PULUMI_HOME, passphrase, emulator endpoint, PATH with the plugin's folder). Output: one JSON line, last, with
// each up's resource changes and the stack's outputs.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/pulumi-backup-copy/pulumi-backup-copy/sdk/go/backupcopy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type copyArgs struct {
	RecoveryPointArn          string `json:"recoveryPointArn"`
	SourceBackupVaultName     string `json:"sourceBackupVaultName"`
	DestinationBackupVaultArn string `json:"destinationBackupVaultArn"`
	IamRoleArn                string `json:"iamRoleArn"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	var a copyArgs
	if err := json.Unmarshal([]byte(os.Getenv("COPY_ARGS")), &a); err != nil {
		return err
	}
	program := func(ctx *pulumi.Context) error {
		copyJob, err := backupcopy.NewCopyJob(ctx, "copy", &backupcopy.CopyJobArgs{
			RecoveryPointArn:          pulumi.String(a.RecoveryPointArn),
			SourceBackupVaultName:     pulumi.String(a.SourceBackupVaultName),
			DestinationBackupVaultArn: pulumi.String(a.DestinationBackupVaultArn),
			IamRoleArn:                pulumi.String(a.IamRoleArn),
			Lifecycle:                 &backupcopy.LifecycleArgs{DeleteAfterDays: pulumi.IntPtr(120)},
			Polling: &backupcopy.PollingArgs{
				MinDelaySeconds: pulumi.Float64Ptr(0.02),
				MaxDelaySeconds: pulumi.Float64Ptr(0.2),
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("copyJobId", copyJob.CopyJobId)
		ctx.Export("state", copyJob.State)
		return nil
	}

	env := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "COPY_ARGS", "STACK", "WORK_DIR", "PULUMI_ROOT":
		default:
			env[k] = v
		}
	}
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: os.Getenv("PULUMI_ROOT")})
	if err != nil {
		return err
	}
	ctx := context.Background()
	stack, err := auto.UpsertStackInlineSource(ctx, os.Getenv("STACK"), "go-sdk", program,
		auto.Pulumi(cmd),
		auto.WorkDir(os.Getenv("WORK_DIR")),
		auto.EnvVars(env),
		auto.Project(workspace.Project{Name: "go-sdk", Runtime: workspace.NewProjectRuntimeInfo("go", nil)}),
	)
	if err != nil {
		return err
	}
	var ups []map[string]int
	for i := 0; i < 2; i++ { // the second up must change nothing
		result, err := stack.Up(ctx, optup.ProgressStreams(os.Stdout))
		if err != nil {
			return err
		}
		ups = append(ups, *result.Summary.ResourceChanges)
	}
	outs, err := stack.Outputs(ctx)
	if err != nil {
		return err
	}
	outputs := map[string]any{}
	for k, v := range outs {
		outputs[k] = v.Value
	}
	line, err := json.Marshal(map[string]any{"ups": ups, "outputs": outputs})
	if err != nil {
		return err
	}
	fmt.Println(string(line))
	return nil
}
