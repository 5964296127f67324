"""Generated model answers for the streaming benchmark: price quotes valid against
quote.schema.json.

The answers are pretty-printed with two-space indents, as models usually write JSON, and
contain only ASCII, so a chunk of 4 bytes is also a chunk of 4 characters. A seeded
random.Random makes every run generate the same bytes.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parent / "quote.schema.json"

ADJECTIVES = ["compact", "heavy-duty", "foldable", "insulated", "recycled", "waterproof",
              "adjustable", "stackable", "cordless", "ergonomic", "lightweight", "modular"]
PRODUCTS = ["camping chair", "desk lamp", "storage crate", "water bottle", "garden hose",
            "standing desk", "chef's knife", "rain jacket", "extension cord", "plant pot",
            "laptop stand", "thermos", "tool box", "picnic blanket", "whiteboard"]
MATERIALS = ["aluminium", "bamboo", "stainless steel", "recycled polyester", "oak",
             "cast iron", "silicone", "ABS plastic", "canvas", "borosilicate glass"]
FEATURES = ["a five-year warranty", "replaceable parts", "a carrying strap",
            "a non-slip base", "USB-C charging", "a lockable lid", "reinforced corners",
            "a dishwasher-safe finish", "three height settings", "a magnetic mount"]
CUSTOMERS = [("Ingrid Solberg", "ingrid.solberg@example.no", "NO"),
             ("Marcus Weber", "m.weber@example.de", "DE"),
             ("Aisha Khan", "aisha.khan@example.co.uk", "GB"),
             ("Luis Ortega", "luis@example.es", "ES")]
TAGS = ["outdoor", "office", "kitchen", "garden", "eco", "sale", "new", "bulk", "fragile", "gift"]


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def make_line_item(rng: random.Random, index: int) -> dict:
    adjective = rng.choice(ADJECTIVES)
    product = rng.choice(PRODUCTS)
    material = rng.choice(MATERIALS)
    first, second = rng.sample(FEATURES, 2)
    article = "An" if adjective[0] in "aeiou" else "A"
    description = (
        f"{article} {adjective} {product} made of {material}, with {first} and {second}. "
        f"Ships within {rng.randint(1, 9)} working days"
    )
    if rng.random() < 0.5:
        description += f"; orders above {rng.randint(5, 50)} units get free delivery"
    item = {
        "sku": f"{product[:3].upper()}-{rng.randint(0, 9999):04d}",
        "name": f"{adjective.capitalize()} {product} ({material}), model {index + 1}",
        "description": description + ".",
        "quantity": rng.randint(1, 40),
        "unit_price": round(rng.uniform(2, 400), 2),
        "discount_percent": rng.choice([None, 5, 10, 12.5, 20]),
        "tags": rng.sample(TAGS, rng.randint(1, 4)),
        "in_stock": rng.random() < 0.8,
    }
    return item


def make_answer(target_bytes: int, seed: int) -> str:
    """Return a pretty-printed quote with line items added until it reaches `target_bytes`.

    The answer ends within one line item (about 450 bytes) past the target.
    """
    rng = random.Random(seed)
    name, email, country = rng.choice(CUSTOMERS)
    answer = {
        "quote_id": f"Q-{rng.randint(0, 999999):06d}",
        "currency": rng.choice(["EUR", "USD", "GBP", "NOK"]),
        "customer": {"name": name, "email": email, "country": country},
        "line_items": [],
        "subtotal": 0,
        "notes": "Prices include VAT. The quote is valid for 30 days; delivery dates are estimates.",
    }
    while len(json.dumps(answer, indent=2)) < target_bytes:
        answer["line_items"].append(make_line_item(rng, len(answer["line_items"])))
        answer["subtotal"] = round(sum(item["quantity"] * item["unit_price"] for item in answer["line_items"]), 2)
    return json.dumps(answer, indent=2)
