// pulumi-sdkgen writes an SDK for a Pulumi package schema with the code generators of
// github.com/pulumi/pulumi/pkg/v3 (codegen/nodejs, codegen/python, codegen/go): the same generators the
// Node.js, Python and Go language hosts run for `pulumi package gen-sdk`. It exists because those hosts are
// not served by the Go module proxy here, and `pulumi package gen-sdk --language L` refuses to run without
// pulumi-language-L. scripts/pulumi-gen-sdk.sh builds it at the CLI's own version and uses it only when the
// language host is missing.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-sdkgen"

func main() {
	language := flag.String("language", "", "nodejs, python or go")
	schemaPath := flag.String("schema", "", "the package schema (JSON), as `pulumi package get-schema` prints it")
	out := flag.String("out", "", "the directory to write the SDK into")
	flag.Parse()
	if *language == "" || *schemaPath == "" || *out == "" {
		fail(fmt.Errorf("usage: %s -language nodejs|python|go -schema schema.json -out DIR", tool))
	}
	text, err := os.ReadFile(*schemaPath)
	if err != nil {
		fail(err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		fail(fmt.Errorf("%s: %w", *schemaPath, err))
	}
	respectSchemaVersion(&spec, *language)
	// BindSpec validates the schema against Pulumi's metaschema, as gen-sdk does before generating. The schema
	// references no other package, so a loader that refuses every load is enough.
	pkg, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{})
	if err != nil {
		fail(err)
	}
	if diags.HasErrors() {
		fail(diags)
	}
	var files map[string][]byte
	switch *language {
	case "nodejs":
		files, err = nodejsgen.GeneratePackage(tool, pkg, nil, nil, false, nil)
	case "python":
		files, err = pythongen.GeneratePackage(tool, pkg, nil, nil)
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	default:
		err = fmt.Errorf("language %q: this tool generates nodejs, python and go; use `pulumi package gen-sdk` "+
			"with pulumi-language-%s installed for others", *language, *language)
	}
	if err != nil {
		fail(err)
	}
	for name, content := range files {
		file := filepath.Join(*out, name)
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(file, content, 0o644); err != nil {
			fail(err)
		}
	}
	fmt.Printf("%d files for %s in %s\n", len(files), *language, *out)
}

// respectSchemaVersion makes the SDK carry the schema's version (its package.json, setup.py, pulumi-plugin.json)
// instead of the ${VERSION} placeholder a release pipeline fills in: the engine then asks for the plugin at the
// version the SDK was generated from.
func respectSchemaVersion(spec *schema.PackageSpec, language string) {
	if spec.Version == "" {
		return
	}
	info := map[string]any{}
	if raw, ok := spec.Language[language]; ok {
		if err := json.Unmarshal(raw, &info); err != nil {
			fail(fmt.Errorf("language.%s: %w", language, err))
		}
	}
	if _, set := info["respectSchemaVersion"]; !set {
		info["respectSchemaVersion"] = true
	}
	raw, err := json.Marshal(info)
	if err != nil {
		fail(err)
	}
	if spec.Language == nil {
		spec.Language = map[string]schema.RawMessage{}
	}
	spec.Language[language] = raw
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
	os.Exit(1)
}
