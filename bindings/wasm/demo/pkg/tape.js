// Decoder of the tape that src/tape.rs writes: sink events, which build a JavaScript
// value, then a status record, or an error record thrown by the constructor. The opcodes
// and field layouts must match src/tape.rs, whose header describes them.

const BEGIN_OBJECT = 1;
const END_OBJECT = 2;
const BEGIN_ARRAY = 3;
const END_ARRAY = 4;
const KEY = 5;
const BEGIN_STRING = 6;
const STRING_FRAGMENT = 7;
const END_STRING = 8;
const NUMBER = 9;
const TRUE = 10;
const FALSE = 11;
const NULL = 12;
export const PROGRESS = 13;
export const REJECTED = 14;
export const FINISHED = 15;
export const OPTIONS_ERROR = 16;
export const SCHEMA_ERROR = 17;

// ignoreBOM keeps a leading U+FEFF that is string content; the default would drop it.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

// Decodes bytes that the core has already checked to be complete UTF-8. Short ASCII runs,
// which most keys and numbers are, skip the TextDecoder call.
function decodeUtf8(bytes, start, end) {
  if (end - start <= 32) {
    let text = '';
    for (let i = start; i < end; i++) {
      const byte = bytes[i];
      if (byte >= 0x80) {
        return utf8.decode(bytes.subarray(start, end));
      }
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return utf8.decode(bytes.subarray(start, end));
}

// Length in bytes of the UTF-8 sequence that `lead` begins.
function sequenceLength(lead) {
  if (lead >= 0xf0) {
    return 4;
  }
  if (lead >= 0xe0) {
    return 3;
  }
  if (lead >= 0xc0) {
    return 2;
  }
  return 1;
}

// Returns how many bytes at the end of `bytes[start, end)` begin a UTF-8 character that
// the next fragment completes. Fragments are valid UTF-8 when joined, so only the last
// three bytes need a look.
function incompleteTail(bytes, start, end) {
  for (let back = 1; back <= 3 && end - back >= start; back++) {
    const byte = bytes[end - back];
    if ((byte & 0xc0) !== 0x80) {
      return sequenceLength(byte) > back ? back : 0;
    }
  }
  return 0;
}

// Sets an own data property, also for the key "__proto__", which plain assignment would
// treat as the prototype (JSON.parse creates an own property for it too).
function setMember(object, key, value) {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

// Builds the document's value from tape events. The value only grows: containers gain
// members and items, a string grows at its end, and a key appears only together with the
// first event of its value. The one exception is a repeated key, which the core passes on
// only with allowDuplicateKeys: the later value replaces the earlier one, as in JSON.parse.
export class ValueBuilder {
  constructor(parseNumber) {
    this.parseNumber = parseNumber;
    this.root = undefined;
    // Open containers, innermost last: { container, isArray, key }.
    this.frames = [];
    // The open string value: its frame (null at the root), where it sits, and its text.
    this.stringFrame = null;
    this.stringSlot = undefined;
    this.stringText = '';
    // Bytes of a character that the previous fragment cut.
    this.carry = null;
  }

  // Places a new value in the innermost container and returns the slot it took.
  attach(value) {
    const frame = this.frames.length === 0 ? null : this.frames[this.frames.length - 1];
    if (frame === null) {
      this.root = value;
      return undefined;
    }
    if (frame.isArray) {
      frame.container.push(value);
      return frame.container.length - 1;
    }
    setMember(frame.container, frame.key, value);
    return frame.key;
  }

  writeString() {
    if (this.stringFrame === null) {
      this.root = this.stringText;
    } else if (this.stringFrame.isArray) {
      this.stringFrame.container[this.stringSlot] = this.stringText;
    } else {
      setMember(this.stringFrame.container, this.stringSlot, this.stringText);
    }
  }

  appendString(bytes, start, end) {
    if (this.carry !== null) {
      // A character split between fragments: complete it from this fragment first.
      const need = sequenceLength(this.carry[0]) - this.carry.length;
      const available = Math.min(need, end - start);
      const joined = new Uint8Array(this.carry.length + available);
      joined.set(this.carry);
      joined.set(bytes.subarray(start, start + available), this.carry.length);
      start += available;
      if (available < need) {
        this.carry = joined;
        return;
      }
      this.stringText += utf8.decode(joined);
      this.carry = null;
    }
    const tail = incompleteTail(bytes, start, end);
    if (end - tail > start) {
      this.stringText += decodeUtf8(bytes, start, end - tail);
    }
    if (tail > 0) {
      this.carry = bytes.slice(end - tail, end);
    }
    this.writeString();
  }

  // Applies the events of one tape and returns its status record, decoded.
  apply(tape) {
    const reader = new TapeReader(tape);
    while (!reader.done()) {
      const op = reader.u8();
      switch (op) {
        case BEGIN_OBJECT: {
          const object = {};
          this.attach(object);
          this.frames.push({ container: object, isArray: false, key: undefined });
          break;
        }
        case BEGIN_ARRAY: {
          const array = [];
          this.attach(array);
          this.frames.push({ container: array, isArray: true, key: undefined });
          break;
        }
        case END_OBJECT:
        case END_ARRAY:
          this.frames.pop();
          break;
        case KEY:
          this.frames[this.frames.length - 1].key = reader.string();
          break;
        case BEGIN_STRING:
          this.stringText = '';
          this.carry = null;
          this.stringFrame = this.frames.length === 0 ? null : this.frames[this.frames.length - 1];
          this.stringSlot = this.attach('');
          break;
        case STRING_FRAGMENT: {
          const [start, end] = reader.span();
          this.appendString(tape, start, end);
          break;
        }
        case END_STRING:
          this.stringFrame = null;
          this.stringText = '';
          this.carry = null;
          break;
        case NUMBER:
          this.attach(this.parseNumber(reader.string()));
          break;
        case TRUE:
          this.attach(true);
          break;
        case FALSE:
          this.attach(false);
          break;
        case NULL:
          this.attach(null);
          break;
        default:
          return readRecord(op, reader);
      }
    }
    throw new Error(BUILD_MISMATCH);
  }
}

const BUILD_MISMATCH =
  'jsonseam: the tape from the WebAssembly module is malformed; the JavaScript and .wasm files come from different builds';

// Reads the fields of a tape in order.
class TapeReader {
  constructor(bytes) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = 0;
  }

  done() {
    return this.at >= this.bytes.length;
  }

  u8() {
    return this.bytes[this.at++];
  }

  u32() {
    const value = this.view.getUint32(this.at, true);
    this.at += 4;
    return value;
  }

  f64() {
    const value = this.view.getFloat64(this.at, true);
    this.at += 8;
    return value;
  }

  // The byte range of a string field.
  span() {
    const length = this.u32();
    const start = this.at;
    this.at += length;
    return [start, this.at];
  }

  string() {
    const [start, end] = this.span();
    return decodeUtf8(this.bytes, start, end);
  }
}

// Decodes a status or error record, whose opcode `op` the reader has just read.
function readRecord(op, reader) {
  switch (op) {
    case PROGRESS:
      return { op, offset: reader.f64(), complete: reader.u8() === 1 };
    case REJECTED:
      return {
        op,
        kind: reader.string(),
        offset: reader.f64(),
        instancePath: reader.string(),
        schemaPath: reader.string(),
        expected: reader.string(),
        found: reader.string(),
        message: reader.string(),
      };
    case FINISHED: {
      const text = reader.string();
      const status = reader.string();
      const bytes = reader.f64();
      const stripped = [];
      for (let count = reader.u32(); count > 0; count--) {
        stripped.push({ start: reader.f64(), end: reader.f64(), kind: reader.string() });
      }
      const repairs = [];
      for (let count = reader.u32(); count > 0; count--) {
        repairs.push({
          kind: reader.string(),
          class: reader.string(),
          offset: reader.f64(),
          original: reader.string(),
          written: reader.string(),
        });
      }
      return { op, text, status, bytes, stripped, repairs };
    }
    case OPTIONS_ERROR:
      return { op, message: reader.string() };
    case SCHEMA_ERROR:
      return { op, kind: reader.string(), schemaPath: reader.string(), message: reader.string() };
    default:
      throw new Error(BUILD_MISMATCH);
  }
}

// Decodes the one record of a tape thrown by the module's constructor.
export function readErrorTape(tape) {
  const reader = new TapeReader(tape);
  return readRecord(reader.u8(), reader);
}
