// Compiles a JSON Schema with ajv in strict mode (draft 2020-12): unknown keywords, ignored
// keywords and loose types are errors. Exit 1 with ajv's message when it does not compile.
import fs from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const file = process.argv[2];
const ajv = new Ajv2020({ strict: true, allErrors: true });
try {
  const validate = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
  for (const doc of process.argv.slice(3)) {
    if (!validate(JSON.parse(fs.readFileSync(doc, 'utf8')))) {
      console.log(`${doc}: ${ajv.errorsText(validate.errors)}`);
      process.exit(1);
    }
  }
  console.log(`${file}: compiles under ajv strict`);
} catch (e) {
  console.log(`${file}: ${e.message}`);
  process.exit(1);
}
