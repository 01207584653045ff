/**
 * Loaded by mocha before any spec (.mocharc.json): tests make SDK clients of their own (against the emulator),
 * and on Node < 22 the first of them would print the AWS SDK's seven-line NodeVersionSupportWarning at the
 * top of the test output. The SDK's documented switch turns it off for the test process and what it spawns;
 * tests/unit/node-warning.spec.ts checks, without it, that the provider's own clients stay quiet too.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
