#!/usr/bin/env node
/**
 * `npm test`: Jest (unit, property, contract and e2e tests) with the arguments given, e.g.
 * `npm test -- --json --outputFile=.data/jest-results.json`, then the web app's browser tests (Playwright with
 * Debian's chromium) on the freshly built service. Fails when either fails. With a test path among the arguments
 * (`npm test -- test/foo.e2e-spec.ts`), or `--skip-web`, only Jest runs.
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const args = process.argv.slice(2);
/** A Jest test path or pattern (`test/foo.e2e-spec.ts`, `libs/domain`), as opposed to an option or its value. */
const isTestPath = (arg) => !arg.startsWith('-') && /(^|\/)(test|apps|libs|bench)(\/|$)|spec/.test(arg);
const skipWeb = args.includes('--skip-web') || args.some(isTestPath);
const jestArgs = args.filter((arg) => arg !== '--skip-web');

function run(label, command, commandArgs) {
  console.error(`\n== ${label}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: process.env });
  if (result.error) console.error(result.error.message);
  return result.status === 0;
}

const bin = (name) => join(__dirname, '..', 'node_modules', '.bin', name);
const npx = (name, commandArgs) => [process.execPath, [bin(name), ...commandArgs]];

let ok = run('jest', ...npx('jest', ['--runInBand', ...jestArgs]));
if (!skipWeb) {
  const built = run('build the service and the web app', ...npx('nest', ['build', 'api'])) && run('', ...npx('vite', ['build', '-c', 'apps/web/vite.config.mts', '--logLevel', 'warn']));
  ok = built && run('browser tests (Playwright)', ...npx('playwright', ['test', '-c', 'apps/web/playwright.config.ts'])) && ok;
}
process.exit(ok ? 0 : 1);
