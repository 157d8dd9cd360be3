// Parses and validates an AsyncAPI document with the AsyncAPI parser (spec rules and schemas, local $refs
// resolved), then prints its channels' addresses as JSON. Exit 1 with the errors when it is not valid.
// Usage: node validate.mjs <document>
import { Parser, fromFile } from '@asyncapi/parser';
import fs from 'node:fs';
import path from 'node:path';

const file = path.resolve(process.argv[2]);
// the JSON Schemas refer to each other by their $id (urn:io.github.lookernats:looker:<name>:v1): read the file
// in docs/events that declares it
const schemas = path.join(path.dirname(file), 'events');
const byId = new Map(fs.readdirSync(schemas).filter((name) => name.endsWith('.schema.json')).map((name) => {
  const text = fs.readFileSync(path.join(schemas, name), 'utf8');
  return [JSON.parse(text).$id, text];
}));
const parser = new Parser({
  __unstable: {
    resolver: {
      resolvers: [{
        schema: 'urn',
        read: (uri) => {
          const text = byId.get(uri.toString());
          if (text === undefined) throw new Error(`no schema in ${schemas} has $id ${uri}`);
          return text;
        },
      }],
    },
  },
});
const { document, diagnostics } = await fromFile(parser, file).parse();
const errors = diagnostics.filter((d) => d.severity === 0);
if (!document || errors.length > 0) {
  for (const error of errors) {
    console.error(`${error.code}: ${error.message} at ${error.path.join('.')}`);
  }
  process.exit(1);
}
const channels = document.channels().all().map((channel) => ({ id: channel.id(), address: channel.address() }));
console.log(JSON.stringify({ version: document.version(), channels, warnings: diagnostics.filter((d) => d.severity === 1).length }));
