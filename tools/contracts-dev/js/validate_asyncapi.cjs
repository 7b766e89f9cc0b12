// Validates an AsyncAPI document with the official @asyncapi/parser and compiles every regular
// expression pattern in it with ajv (JSON Schema 2020-12, unicode regexps), which proves each
// pattern is ECMA-262. Prints one JSON object {parser_errors, parser_warnings, patterns,
// pattern_errors, schemas_compiled, schema_errors} and exits 1 when any error is found.
//
// Usage: node validate_asyncapi.cjs <node_modules parent dir> <asyncapi.json> [schema.json ...]
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");

const [modulesRoot, documentPath, ...schemaPaths] = process.argv.slice(2);
const requireInstalled = createRequire(path.join(path.resolve(modulesRoot), "package.json"));
const { Parser } = requireInstalled("@asyncapi/parser");
const Ajv2020 = requireInstalled("ajv/dist/2020").default;
const addFormats = requireInstalled("ajv-formats").default;

const ERROR = 0;
const WARNING = 1;

function patternsIn(node, at, found) {
  if (Array.isArray(node)) {
    node.forEach((item, index) => patternsIn(item, `${at}/${index}`, found));
  } else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "pattern" && typeof value === "string") found.push({ at: `${at}/pattern`, pattern: value });
      patternsIn(value, `${at}/${key}`, found);
    }
  }
  return found;
}

function newAjv() {
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

function compilePatterns(documents) {
  const ajv = newAjv();
  const errors = [];
  let count = 0;
  for (const [name, document] of documents) {
    for (const { at, pattern } of patternsIn(document, "#", [])) {
      count += 1;
      try {
        ajv.compile({ type: "string", pattern });
      } catch (error) {
        errors.push({ document: name, at, pattern, message: error.message });
      }
    }
  }
  return { count, errors };
}

function compileSchemas(schemaFiles) {
  const ajv = newAjv();
  const errors = [];
  for (const [name, schema] of schemaFiles) {
    try {
      ajv.compile(schema);
    } catch (error) {
      errors.push({ document: name, message: error.message });
    }
  }
  return errors;
}

async function main() {
  const text = fs.readFileSync(documentPath, "utf8");
  const { diagnostics } = await new Parser().parse(text);
  const describe = (d) => ({ code: d.code, path: d.path.join("."), message: d.message });
  const parserErrors = diagnostics.filter((d) => d.severity === ERROR).map(describe);
  const parserWarnings = diagnostics.filter((d) => d.severity === WARNING).map(describe);
  const schemaFiles = schemaPaths.map((p) => [path.basename(p), JSON.parse(fs.readFileSync(p, "utf8"))]);
  const patterns = compilePatterns([[path.basename(documentPath), JSON.parse(text)], ...schemaFiles]);
  const schemaErrors = compileSchemas(schemaFiles);
  const report = {
    parser_errors: parserErrors,
    parser_warnings: parserWarnings,
    patterns: patterns.count,
    pattern_errors: patterns.errors,
    schemas_compiled: schemaFiles.length - schemaErrors.length,
    schema_errors: schemaErrors,
  };
  process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
  const failed = parserErrors.length + patterns.errors.length + schemaErrors.length;
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exitCode = 2;
});
