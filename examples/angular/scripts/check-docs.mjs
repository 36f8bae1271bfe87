// docs/frontend.md shows the app's code: every ```ts block there must be found, as it stands, in a file under src/.
// Fails, naming the block, when the app changed and the page did not.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const doc = readFileSync(new URL('../../../docs/frontend.md', import.meta.url), 'utf8');
const root = new URL('../src', import.meta.url).pathname;
const sources = (function list(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? list(path) : [readFileSync(path, 'utf8')];
  });
})(root);
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1].trim());
const stale = blocks.filter((block) => !sources.some((source) => source.includes(block)));
if (stale.length > 0) {
  console.error(`docs/frontend.md shows code the app no longer has:\n${stale.map((b) => b.split('\n')[0]).join('\n')}`);
  process.exit(1);
}
console.log(`docs/frontend.md: all ${blocks.length} code blocks are the app's own code.`);
