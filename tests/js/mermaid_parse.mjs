// Parses each Mermaid file given with mermaid's own parser (mermaid.parse, the one GitHub's
// renderer runs); jsdom provides the DOM mermaid's sanitizer needs. Exit 1 if any is refused.
import fs from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

let refused = 0;
for (const file of process.argv.slice(2)) {
  try {
    await mermaid.parse(fs.readFileSync(file, 'utf8'));
    console.log(`${file}: ok`);
  } catch (e) {
    refused++;
    console.log(`${file}: refused: ${String(e.message || e).split('\n').slice(0, 3).join(' | ')}`);
  }
}
process.exit(refused ? 1 : 0);
