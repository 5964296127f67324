// Generates the model responses of the streaming benchmark: a shopping assistant's product
// list as pretty-printed JSON with a two-space indent, valid against
// product-response.schema.json. The same seed and size always give the same text.

const BRANDS = ['Nordhaus', 'Takumi', 'Voltaire Audio', 'Brückner & Söhne', 'Larkspur', 'Osei Labs'];

const CATEGORIES = {
  keyboard: { prefix: 'KB', nouns: ['mechanical keyboard', 'low-profile keyboard', 'split keyboard'] },
  mouse: { prefix: 'MS', nouns: ['wireless mouse', 'vertical mouse', 'trackball'] },
  headphones: { prefix: 'HP', nouns: ['over-ear headphones', 'noise-cancelling earbuds', 'studio headphones'] },
  monitor: { prefix: 'MN', nouns: ['27-inch monitor', 'ultrawide monitor', 'portable monitor'] },
  webcam: { prefix: 'WC', nouns: ['4K webcam', '1080p webcam'] },
  dock: { prefix: 'DK', nouns: ['USB-C dock', 'Thunderbolt dock'] },
};

const TAGS = ['wireless', 'bluetooth', 'usb-c', 'rgb', 'quiet', 'ergonomic', 'travel', 'hot-swap', 'anc', 'hdr'];

const SENTENCES = [
  'Reviewers praise the build quality and the long battery life.',
  'The companion app is optional; every setting is also stored on the device.',
  'Runs about 40 hours on one charge – roughly a week of office use.',
  'Some buyers report that the stand wobbles at its highest position.',
  'Works with Windows, macOS and Linux without extra drivers.',
  'The case gets warm under load but stays below 45 °C.',
  'A good choice if you share a desk and need something quiet.',
  'Firmware updates have fixed the early connection drop-outs.',
  'The cable is detachable, so a broken one costs little to replace.',
  'Comes with a two-year warranty and a 30-day return window.',
];

// xorshift32: a small deterministic generator, so every run streams the same bytes.
function createRandom(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

function pick(random, items) {
  return items[Math.floor(random() * items.length)];
}

function integerBetween(random, low, high) {
  return low + Math.floor(random() * (high - low + 1));
}

function makeProduct(random, index) {
  const category = pick(random, Object.keys(CATEGORIES));
  const { prefix, nouns } = CATEGORIES[category];
  const brand = pick(random, BRANDS);
  const product = {
    sku: `${prefix}-${String(1000 + index * 37 + integerBetween(random, 0, 36)).padStart(4, '0')}`,
    name: `${brand} ${String.fromCharCode(65 + integerBetween(random, 0, 25))}${integerBetween(random, 1, 9)} ${pick(random, nouns)}`,
    brand,
    category,
    price: Math.round((19 + random() * 580) * 100) / 100,
  };
  if (random() < 0.3) {
    product.discount_percent = integerBetween(random, 5, 40);
  }
  product.rating = Math.round((3 + random() * 2) * 10) / 10;
  product.review_count = integerBetween(random, 0, 25000);
  product.in_stock = random() < 0.8;
  product.ships_in_days = product.in_stock ? integerBetween(random, 1, 5) : null;

  const tags = new Set();
  for (let count = integerBetween(random, 1, 4); tags.size < count; ) {
    tags.add(pick(random, TAGS));
  }
  product.tags = [...tags];

  const sentences = [];
  for (let count = integerBetween(random, 1, 3); sentences.length < count; ) {
    sentences.push(pick(random, SENTENCES));
  }
  product.summary = sentences.join(' ');
  return product;
}

/**
 * Builds a response of at least `minBytes` UTF-8 bytes by adding products until the text
 * reaches that size, so it exceeds `minBytes` by less than one product.
 * Returns `{ text, value, bytes, products }`.
 */
export function generateResponse(minBytes, seed = 20260) {
  const random = createRandom(seed);
  const value = {
    query: 'quiet wireless peripherals for a shared office, under 600 euros',
    currency: 'EUR',
    total_results: 0,
    results: [],
    note: 'Prices include VAT and were checked when this response was written; stock changes quickly.',
  };
  let text = JSON.stringify(value, null, 2);
  while (Buffer.byteLength(text) < minBytes) {
    value.results.push(makeProduct(random, value.results.length));
    value.total_results = value.results.length;
    text = JSON.stringify(value, null, 2);
  }
  return { text, value, bytes: Buffer.byteLength(text), products: value.results.length };
}

/** Splits `text` into chunks of `size` UTF-16 code units. The last chunk may be shorter. */
export function splitIntoChunks(text, size) {
  const chunks = [];
  for (let start = 0; start < text.length; start += size) {
    chunks.push(text.slice(start, start + size));
  }
  return chunks;
}
