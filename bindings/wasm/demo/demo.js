// The demo page: replays a recorded answer through consumeReadableStream and renders the
// partial value, the report and the divergence. `?delay=N` sets the milliseconds between
// chunks (default 45).

import init, { JsonseamError, Validator, consumeReadableStream } from './pkg/web/index.js';
import { recordings, schema, tokenize } from './recordings.js';

const delay = Number(new URLSearchParams(location.search).get('delay') ?? 45);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const elements = {
  state: document.getElementById('state'),
  progress: document.getElementById('progress'),
  output: document.getElementById('output'),
  value: document.getElementById('value'),
  report: document.getElementById('report'),
  schema: document.getElementById('schema'),
  buttons: [...document.querySelectorAll('button[data-recording]')],
};

function setState(state, text) {
  elements.state.dataset.state = state;
  elements.state.textContent = text;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

/** Creates a chunk source that hands out one chunk per `delay` milliseconds and records how far it got. */
function replay(chunks) {
  const record = { sent: 0, cancelled: false };
  const stream = new ReadableStream(
    {
      async pull(controller) {
        if (record.sent === chunks.length) {
          controller.close();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        controller.enqueue(chunks[record.sent]);
        record.sent += 1;
      },
      cancel() {
        record.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, record };
}

// Appends `key` to the JSON Pointer `path`, escaped as RFC 6901 requires.
const pointer = (path, key) => `${path}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** Renders a value as nested tables. Every scalar cell carries its JSON Pointer in data-path. */
function renderValue(value, path = '') {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return element('span', { class: 'empty', 'data-path': path }, '[ ]');
    }
    const table = element('table', { class: 'array', 'data-path': path });
    value.forEach((item, index) => {
      table.append(element('tr', {}, element('th', { scope: 'row' }, `#${index + 1}`), element('td', {}, renderValue(item, pointer(path, index)))));
    });
    return table;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      return element('span', { class: 'empty', 'data-path': path }, '{ }');
    }
    const table = element('table', { class: 'object', 'data-path': path });
    for (const key of keys) {
      table.append(element('tr', {}, element('th', { scope: 'row' }, key), element('td', {}, renderValue(value[key], pointer(path, key)))));
    }
    return table;
  }
  const kind = value === null ? 'null' : typeof value;
  return element('span', { class: `scalar ${kind}`, 'data-path': path }, value === null ? 'null' : String(value));
}

function renderPartial(partial) {
  elements.value.replaceChildren(partial === undefined ? element('p', { class: 'meta' }, 'Waiting for the JSON to start…') : renderValue(partial));
}

/** Shows the received text. With a divergence, it marks that byte and strikes out the text after it. */
function renderOutput(received, divergence) {
  if (divergence === undefined) {
    elements.output.replaceChildren(decoder.decode(received));
    return;
  }
  const bytes = received;
  const before = decoder.decode(bytes.subarray(0, divergence.offset));
  const rest = decoder.decode(bytes.subarray(divergence.offset));
  // The byte at the offset starts a character: the input was valid UTF-8 up to there.
  const marked = [...rest][0] ?? '␄';
  const after = rest.slice(marked.length);
  const marker = element(
    'mark',
    { class: 'divergence', 'data-offset': String(divergence.offset), title: divergence.message },
    marked,
  );
  const label = element('span', { class: 'divergence-label' }, ` ✗ byte ${divergence.offset}: ${divergence.kind} `);
  elements.output.replaceChildren(before, marker, label, element('s', { class: 'after-divergence' }, after));
}

function renderReport(result) {
  const rows = [
    ...result.stripped.map((range) =>
      element('tr', { class: 'stripped' }, element('td', {}, 'stripped'), element('td', {}, range.kind), element('td', {}, `bytes ${range.start}..${range.end}`), element('td', {}, ''))),
    ...result.repairs.map((repair) =>
      element(
        'tr',
        { class: 'repair' },
        element('td', {}, `repaired (${repair.class})`),
        element('td', {}, repair.kind),
        element('td', {}, `byte ${repair.offset}`),
        element('td', {}, element('code', {}, JSON.stringify(repair.original)), ' → ', element('code', {}, JSON.stringify(repair.written))),
      )),
  ];
  const summary = element('p', { class: `status ${result.status}` }, `Status: ${result.status} · ${result.bytes} bytes · canonical JSON ${result.text.length} characters`);
  const table = element('table', { class: 'report' }, element('tr', {}, element('th', {}, 'entry'), element('th', {}, 'kind'), element('th', {}, 'where'), element('th', {}, 'change')), ...rows);
  elements.report.replaceChildren(summary, rows.length === 0 ? element('p', { class: 'meta' }, 'Nothing stripped or repaired.') : table);
}

function renderRejection(error, record, total) {
  const fields = [
    ['kind', error.kind],
    ['offset', String(error.offset)],
    ['instancePath', error.instancePath || '(root)'],
    ['schemaPath', error.schemaPath || '(none)'],
    ['expected', error.expected],
    ['found', error.found],
  ];
  const table = element('table', { class: 'error-fields' }, ...fields.map(([name, value]) => element('tr', {}, element('th', { scope: 'row' }, name), element('td', { 'data-field': name }, value))));
  const stopped = element('p', { class: 'meta', id: 'stopped' }, `Reading stopped after ${record.sent} of ${total} chunks; the source was ${record.cancelled ? '' : 'not '}cancelled.`);
  elements.report.replaceChildren(element('p', { class: 'status rejected' }, 'Rejected: ', error.message), table, stopped);
}

async function play(name) {
  const recording = recordings[name];
  const chunks = tokenize(recording.text);
  const validator = new Validator(schema);
  const { stream, record } = replay(chunks);
  let received = new Uint8Array(0);

  for (const button of elements.buttons) {
    button.disabled = true;
  }
  setState('playing', `Replaying the ${recording.label.toLowerCase()}…`);
  elements.report.replaceChildren(element('p', { class: 'meta' }, 'The report appears when the answer ends.'));
  renderPartial(undefined);
  renderOutput(received);

  // The text the validator saw, kept for display; the validator itself keeps none.
  const source = stream.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        const bytes = encoder.encode(chunk);
        const joined = new Uint8Array(received.length + bytes.length);
        joined.set(received);
        joined.set(bytes, received.length);
        received = joined;
        controller.enqueue(chunk);
      },
    }),
  );

  try {
    const result = await consumeReadableStream(validator, source, {
      onProgress(progress) {
        renderOutput(received);
        renderPartial(progress.partial);
        elements.progress.textContent = `${progress.offset} bytes accepted · chunk ${record.sent} of ${chunks.length}${progress.complete ? ' · document complete' : ''}`;
      },
    });
    renderOutput(received);
    renderPartial(result.value);
    renderReport(result);
    setState('accepted', `Accepted: ${result.status}.`);
  } catch (error) {
    if (!(error instanceof JsonseamError)) {
      setState('failed', `Failed: ${error.message}`);
      throw error;
    }
    renderOutput(received, error);
    renderRejection(error, record, chunks.length);
    setState('rejected', `Diverged at byte ${error.offset}.`);
  } finally {
    validator.free();
    for (const button of elements.buttons) {
      button.disabled = false;
    }
  }
}

elements.schema.textContent = JSON.stringify(schema, null, 2);
for (const button of elements.buttons) {
  button.addEventListener('click', () => play(button.dataset.recording));
}

try {
  await init();
  for (const button of elements.buttons) {
    button.disabled = false;
  }
  setState('ready', 'Ready: pick an answer to replay.');
} catch (error) {
  setState('failed', `Could not load the WebAssembly module: ${error.message}`);
}
