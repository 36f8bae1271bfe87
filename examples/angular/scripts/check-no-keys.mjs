// Fails when the production bundle holds a CometChat key: the REST API key (the gateway's secret) or an auth key
// (which lets anyone log in as any user). The app needs neither: the gateway mints the auth tokens.
//   node scripts/check-no-keys.mjs [dist folder]     (default: dist/cometgate-angular-example/browser)
//   node scripts/check-no-keys.mjs --self-test      (plants each kind of key in a temporary bundle: all must be found)
// What counts as a key:
//   - a 40-character hex string: the shape of CometChat's REST API keys and auth keys;
//   - a non-empty string literal assigned to authKey, apiKey, restApiKey or rest-api-key (the UI Kit's own code
//     reads `authKey` from its settings, so the name alone is not a finding, a value is);
//   - the CometChat emulator's development REST key, and the values of COMETCHAT_REST_API_KEY and COMETCHAT_AUTH_KEY
//     when they are set in the environment.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY_SHAPE = /(?<![0-9a-fA-F])[0-9a-fA-F]{40}(?![0-9a-fA-F])/g;
const KEY_LITERAL = /\b(authKey|apiKey|restApiKey|rest[-_]api[-_]key)["']?\s*[:=]\s*(["'`])([^"'`\s]+)\2/gi;
const KNOWN_VALUES = ['dev-rest-api-key-0000000000000000', process.env.COMETCHAT_REST_API_KEY,
  process.env.COMETCHAT_AUTH_KEY].filter((value) => value && value.length >= 8);

export function findKeys(folder) {
  const findings = [];
  for (const file of filesUnder(folder)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(KEY_SHAPE)) {
      findings.push(`${file}: a 40-character hex string at ${match.index}`);
    }
    for (const match of text.matchAll(KEY_LITERAL)) {
      findings.push(`${file}: ${match[1]} set to a literal at ${match.index}`);
    }
    for (const value of KNOWN_VALUES) {
      if (text.includes(value)) {
        findings.push(`${file}: a known key value`);
      }
    }
  }
  return findings; // never the key itself: this output ends up in CI logs
}

function filesUnder(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function selfTest() {
  const plants = {
    'hex.js': `const k="${'ab12'.repeat(10)}";`,
    'auth.js': 'new UIKitSettingsBuilder().setAuthKey(x);const s={authKey:"abc123def"};',
    'rest.js': 'const config = {"apiKey": "sk_live_123456"};',
    'emulator.js': 'x="dev-rest-api-key-0000000000000000"',
  };
  let failed = false;
  for (const [name, content] of Object.entries(plants)) {
    const folder = mkdtempSync(join(tmpdir(), 'check-no-keys-'));
    writeFileSync(join(folder, name), content);
    const found = findKeys(folder).length > 0;
    rmSync(folder, { recursive: true });
    console.log(`${found ? 'found' : 'MISSED'}: the planted key in ${name}`);
    failed ||= !found;
  }
  const clean = mkdtempSync(join(tmpdir(), 'check-no-keys-'));
  writeFileSync(join(clean, 'clean.js'), 'const s=settings.credentials?.authKey; if (authKey) builder.setAuthKey(authKey);');
  const falseAlarm = findKeys(clean).length > 0;
  rmSync(clean, { recursive: true });
  console.log(`${falseAlarm ? 'FALSE ALARM' : 'clean'}: code that only reads an authKey`);
  return failed || falseAlarm ? 1 : 0;
}

if (process.argv[2] === '--self-test') {
  process.exit(selfTest());
}
const folder = process.argv[2] ?? 'dist/cometgate-angular-example/browser';
const findings = findKeys(folder);
if (findings.length > 0) {
  console.error(`Keys in the bundle (${folder}):\n  ${findings.join('\n  ')}`);
  process.exit(1);
}
console.log(`No CometChat REST API key or auth key in ${folder} (${filesUnder(folder).length} files).`);
