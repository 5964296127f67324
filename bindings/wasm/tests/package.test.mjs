// The built package as a consumer gets it: its file list, its exports map under the name
// `jsonseam`, its web entry, its TypeScript declarations and the .wasm size budget.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { pkgDir, wasmDir } from './helpers.mjs';

const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

// A project that depends on the package through node_modules/jsonseam.
const consumer = mkdtempSync(path.join(tmpdir(), 'jsonseam-consumer-'));
mkdirSync(path.join(consumer, 'node_modules'));
symlinkSync(pkgDir, path.join(consumer, 'node_modules', 'jsonseam'), 'dir');
writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
after(() => rmSync(consumer, { recursive: true, force: true }));

function runNode(source) {
  const file = path.join(consumer, `script-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, source);
  return execFileSync(process.execPath, [file], { cwd: consumer, encoding: 'utf8' });
}

describe('package', () => {
  test('npm pack includes every listed file', () => {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkgDir, encoding: 'utf8' });
    const packed = JSON.parse(output)[0].files.map((file) => file.path);
    for (const file of manifest.files) {
      assert.ok(packed.includes(file), `${file} is missing from the package: ${packed.join(', ')}`);
    }
    assert.ok(packed.includes('package.json'));
  });

  test('name resolves to the Node entry', () => {
    const output = runNode(`
      import { Validator, JsonseamError } from 'jsonseam';
      const validator = new Validator({ type: 'array', items: { type: 'integer' } });
      console.log(validator.validate('[1, 2]').text);
      try { validator.validate('[1, "x"]'); } catch (error) { console.log(error instanceof JsonseamError, error.offset); }
    `);
    assert.equal(output, '[1,2]\ntrue 4\n');
  });

  test('web entry works after init with the module bytes', () => {
    const output = runNode(`
      import { readFileSync } from 'node:fs';
      import init, { Validator } from 'jsonseam/web';
      let early;
      try { new Validator(true); } catch (error) { early = error.message; }
      await init(readFileSync(new URL(import.meta.resolve('jsonseam/web/jsonseam_wasm_bg.wasm'))));
      await init();
      console.log(early);
      console.log(new Validator(true).validate('{"a": [true]}').text);
    `);
    assert.equal(output, 'jsonseam is not initialized: call init() and await it before creating a Validator\n{"a":[true]}\n');
  });

  test('type declarations compile against a usage example', () => {
    const usage = `
      import init, { JsonseamError, SchemaError, Validator, consumeReadableStream } from 'jsonseam';
      import type { JsonValue, ValidationResult, ValidatorOptions } from 'jsonseam';

      await init();
      const options: ValidatorOptions = { repair: 'lossless', extract: true, maxDepth: 128, allowDuplicateKeys: false, maxBytes: null };
      const drafts: ValidatorOptions = {
        draft: '2019-09',
        formatAssertion: true,
        resources: { 'https://example.com/a.json': { type: 'string' }, 'https://example.com/b.json': '{"type": "integer"}' },
      };
      const byUri: ValidatorOptions = { draft: 'http://json-schema.org/draft-04/schema#' };
      console.log(drafts, byUri);
      const validator = new Validator({ type: 'object' }, options);
      const result: ValidationResult = validator.validate('{}');
      const value: JsonValue = result.value;
      const status: 'valid' | 'repaired' | 'truncated' = result.status;
      const offsets: number[] = result.repairs.map((repair) => repair.offset).concat(result.stripped.map((range) => range.start));

      const stream = validator.stream();
      const progress = stream.feed(new Uint8Array([123]));
      const done: boolean = progress.complete;
      const partial: JsonValue | undefined = stream.partial;

      const exact = new Validator('{"type": "integer"}', { parseNumber: (text) => BigInt(text) });
      const big: bigint = exact.validate('12345678901234567890').value as bigint;

      try {
        validator.validate('[');
      } catch (error) {
        if (error instanceof JsonseamError) {
          const where: string = \`\${error.kind} \${error.offset} \${error.instancePath} \${error.schemaPath} \${error.expected} \${error.found}\`;
          console.log(where);
        } else if (error instanceof SchemaError) {
          console.log(error.kind, error.schemaPath);
        }
      }

      const fromStream: Promise<ValidationResult> = consumeReadableStream(validator, new Response('{}').body!, {
        onProgress: (current) => console.log(current.partial, current.offset),
      });
      console.log(value, status, offsets, done, partial, big, fromStream);

      // @ts-expect-error: repair takes only the three documented modes.
      new Validator(true, { repair: 'aggressive' });
    `;
    writeFileSync(path.join(consumer, 'usage.ts'), usage);
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          lib: ['es2022', 'dom'],
          types: [],
        },
        files: ['usage.ts'],
      }),
    );
    const tsc = path.join(wasmDir, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', consumer], { encoding: 'utf8' });
    } catch (error) {
      assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
    }
  });

  test('gzipped .wasm within the size budget', () => {
    const budget = Number(process.env.JSONSEAM_WASM_MAX_GZIP_BYTES ?? 307200);
    const file = path.join(pkgDir, 'web', 'jsonseam_wasm_bg.wasm');
    const wasm = readFileSync(file);
    // GNU gzip, as build.sh measures: Node's zlib at level 9 compresses this module about
    // 5% worse, so the two numbers would disagree. -n leaves the file name out of the header.
    const gzipped = execFileSync('gzip', ['-9', '-n', '-c', file], { maxBuffer: 16 << 20 }).length;
    assert.ok(gzipped <= budget, `${gzipped} bytes gzipped, budget ${budget}`);
    assert.deepEqual(readFileSync(path.join(pkgDir, 'node', 'jsonseam_wasm_bg.wasm')), wasm, 'web and Node builds ship the same module');
  });
});
