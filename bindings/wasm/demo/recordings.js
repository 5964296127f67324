// The demo's schema and two recorded model answers, cut into token-sized chunks the way a
// model streams them. The browser test imports this file too, to compute what the page
// must show.

export const schema = {
  title: 'Order extracted from a customer email',
  type: 'object',
  properties: {
    customer: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 80 },
        email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$' },
      },
      required: ['name', 'email'],
      additionalProperties: false,
    },
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
          quantity: { type: 'integer', minimum: 1 },
          unit_price: { type: 'number', exclusiveMinimum: 0 },
        },
        required: ['sku', 'quantity', 'unit_price'],
        additionalProperties: false,
      },
    },
    currency: { enum: ['EUR', 'USD', 'GBP'] },
    priority: { enum: ['low', 'normal', 'high'] },
  },
  required: ['customer', 'items', 'currency'],
  additionalProperties: false,
};

const body = (currency) => `{
  "customer": {"name": "Ada Lovelace", "email": "ada@example.org"},
  "items": [
    {"sku": "BOK-0042", "quantity": 2, "unit_price": 18.5},
    {"sku": "PEN-1001", "quantity": 10, "unit_price": 1.25},
  ],
  "currency": "${currency}",
  "priority": "normal"
}`;

export const recordings = {
  // Prose and a fence around the JSON, and a trailing comma: valid after lossless repairs.
  valid: {
    label: 'Valid answer',
    text: `Sure! Here is the order as JSON:\n\n\`\`\`json\n${body('EUR')}\n\`\`\`\n\nLet me know if anything is missing.`,
  },
  // The same answer with a currency the schema does not allow: it diverges at the "C".
  broken: {
    label: 'Broken answer',
    text: `Sure! Here is the order as JSON:\n\n\`\`\`json\n${body('CHF')}\n\`\`\`\n\nLet me know if anything is missing.`,
  },
};

/** Cuts text into chunks of about one token: a word, a number or a punctuation mark, with the whitespace before it. */
export function tokenize(text) {
  return text.match(/\s*(?:[\p{L}_]+|\d+|[^\s\p{L}\d_])|\s+/gu) ?? [];
}
