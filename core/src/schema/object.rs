//! `properties`, `patternProperties`, `additionalProperties`, `propertyNames`, `required`,
//! `dependentRequired`, `minProperties` and `maxProperties`: rules on object values.
//!
//! Property names are kept sorted. Under `additionalProperties: false` without
//! `patternProperties`, a key is narrowed against them byte by byte, so a key that no
//! property name begins with is rejected at the byte that leaves them all; with
//! `patternProperties`, a key is decided when it ends. `propertyNames` is decided when the
//! key ends. `required`, `dependentRequired` and `minProperties` are decided at the closing
//! `}`; `maxProperties` at the comma that would open one member too many. A schema whose
//! only object rule is `required` passes as soon as the last required key ends.

use std::collections::HashMap;

use serde_json::Value;

use super::enumeration::narrow_run;
use super::{read_count, Compiler, Context, NodeId};
use crate::error::{SchemaError, SchemaErrorKind};

/// What `additionalProperties` allows for a key not in `properties`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Additional {
    #[default]
    Any,
    /// `false`: no other key.
    Closed,
    Schema(NodeId),
}

#[derive(Debug, Default)]
pub(crate) struct ObjectRules {
    /// Property names, sorted, with the node for each value.
    pub names: Vec<Box<[u8]>>,
    pub values: Vec<NodeId>,
    /// Whether each of `values` is the schema `false` alone, so that its key fails at once.
    pub value_false: Vec<bool>,
    /// Whether the `additionalProperties` schema is `false` alone, written as a schema.
    pub additional_false: bool,
    /// Required names, sorted and without duplicates.
    pub required: Vec<Box<[u8]>>,
    pub additional: Additional,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    /// `patternProperties`: a pattern (index into the schema's pattern table) and the node
    /// for the values of the keys it matches.
    pub patterns: Vec<(u32, NodeId)>,
    pub property_names: Option<NodeId>,
    /// `dependentRequired`: when the key at the first index into `tracked` is present, the
    /// keys at the other indexes must be too.
    pub dependencies: Vec<(usize, Vec<usize>)>,
    /// Names whose presence `dependencies` reads, sorted and without duplicates.
    pub tracked: Vec<Box<[u8]>>,
    /// `dependentRequired`, or `dependencies` when the schema used the draft-07 keyword.
    pub dependency_keyword: &'static str,
    /// Whether the rules hold as soon as every required key has been seen.
    pub passes_early: bool,
    /// `unevaluatedProperties`, when it constrains anything.
    pub unevaluated: Option<NodeId>,
    /// Whether `additionalProperties` is present, so that every key counts as evaluated.
    pub evaluates_all: bool,
    /// Whether `unevaluatedProperties` is present: to a schema around this one, every key
    /// counts as evaluated.
    pub unevaluated_present: bool,
    unsorted: Vec<(Box<[u8]>, NodeId)>,
    unsorted_dependencies: Vec<(String, Vec<String>)>,
    /// Every name that `properties`, `required` or `dependentRequired` mentions, with its
    /// index in each list, so a key is looked up once with one hash.
    lookup: NameIndex,
    /// The entry of `lookup` for each name of `names`, by index, with the name's length:
    /// reading the length here spares loading the name itself.
    name_info: Vec<(KeyInfo, usize)>,
}

/// The positions of a name in the rules' sorted lists, `u32::MAX` where it is absent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyInfo {
    pub property: u32,
    pub required: u32,
    pub tracked: u32,
    /// For a property name, the end of the run of sorted names that begin with it, which
    /// starts at `property`.
    pub prefixed_end: u32,
}

impl KeyInfo {
    const NONE: Self = Self {
        property: u32::MAX,
        required: u32::MAX,
        tracked: u32::MAX,
        prefixed_end: u32::MAX,
    };

    fn index(slot: u32) -> Option<usize> {
        (slot != u32::MAX).then_some(slot as usize)
    }
}

impl ObjectRules {
    pub(crate) fn compile_keyword(
        &mut self,
        keyword: &str,
        value: &Value,
        cx: &Context<'_>,
        compiler: &mut Compiler<'_>,
    ) -> Result<(), SchemaError> {
        let invalid = |message: &str| {
            SchemaError::new(SchemaErrorKind::InvalidKeyword, &cx.keyword_path(keyword), message)
        };
        match keyword {
            "properties" => {
                let map = value.as_object().ok_or_else(|| invalid("properties must be an object"))?;
                for name in map.keys() {
                    let node = compiler.subschema(cx.path, keyword, Some(name));
                    self.unsorted.push((name.as_bytes().into(), node));
                }
            }
            "required" => {
                let names = value
                    .as_array()
                    .ok_or_else(|| invalid("required must be an array of strings"))?;
                for name in names {
                    let name = name.as_str().ok_or_else(|| invalid("required must be an array of strings"))?;
                    self.required.push(name.as_bytes().into());
                }
                self.required.sort_unstable();
                self.required.dedup();
            }
            "unevaluatedProperties" => {
                self.unevaluated_present = true;
                self.unevaluated = match value {
                    Value::Bool(true) => None,
                    Value::Object(map) if map.is_empty() => None,
                    Value::Bool(false) | Value::Object(_) => Some(compiler.subschema(cx.path, keyword, None)),
                    _ => return Err(invalid("unevaluatedProperties must be a schema")),
                };
            }
            "additionalProperties" => {
                self.evaluates_all = true;
                self.additional = match value {
                    Value::Bool(true) => Additional::Any,
                    Value::Bool(false) => Additional::Closed,
                    Value::Object(map) if map.is_empty() => Additional::Any,
                    Value::Object(_) => Additional::Schema(compiler.subschema(cx.path, keyword, None)),
                    _ => return Err(invalid("additionalProperties must be a schema")),
                };
            }
            "patternProperties" => {
                let map = value.as_object().ok_or_else(|| invalid("patternProperties must be an object"))?;
                for (source, _) in map {
                    let member_path = super::join_pointer(&cx.keyword_path(keyword), source);
                    let pattern = compiler.add_pattern(source, &member_path)?;
                    let node = compiler.subschema(cx.path, keyword, Some(source));
                    self.patterns.push((pattern, node));
                }
            }
            "propertyNames" => {
                if !(value.is_object() || value.is_boolean()) {
                    return Err(invalid("propertyNames must be a schema"));
                }
                self.property_names = Some(compiler.subschema(cx.path, keyword, None));
            }
            "dependentRequired" | "dependencies" => {
                self.dependency_keyword = if keyword == "dependencies" { "dependencies" } else { "dependentRequired" };
                let map = value.as_object().ok_or_else(|| invalid("dependentRequired must be an object"))?;
                for (name, needed) in map {
                    let needed = needed
                        .as_array()
                        .and_then(|list| list.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>())
                        .ok_or_else(|| invalid("each member of dependentRequired must be an array of strings"))?;
                    self.unsorted_dependencies.push((name.clone(), needed));
                }
            }
            "minProperties" => self.min_properties = Some(read_count(keyword, value, cx)?),
            _ => self.max_properties = Some(read_count(keyword, value, cx)?),
        }
        Ok(())
    }

    /// Adds a required name.
    pub(crate) fn require(&mut self, name: &str) {
        self.required.push(name.as_bytes().into());
        self.required.sort_unstable();
        self.required.dedup();
    }

    pub(crate) fn finish(&mut self) {
        self.unsorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (names, values) = std::mem::take(&mut self.unsorted).into_iter().unzip();
        self.names = names;
        self.values = values;
        let dependencies = std::mem::take(&mut self.unsorted_dependencies);
        let mut tracked: Vec<Box<[u8]>> = dependencies
            .iter()
            .flat_map(|(name, needed)| std::iter::once(name).chain(needed))
            .map(|name| name.as_bytes().into())
            .collect();
        tracked.sort_unstable();
        tracked.dedup();
        let position = |name: &str| tracked.binary_search_by(|t| t.as_ref().cmp(name.as_bytes())).expect("tracked");
        self.dependencies = dependencies
            .iter()
            .filter(|(_, needed)| !needed.is_empty())
            .map(|(name, needed)| (position(name), needed.iter().map(|n| position(n)).collect()))
            .collect();
        self.tracked = tracked;

        let mut entries: Vec<(Box<[u8]>, KeyInfo)> = Vec::new();
        let mut known: HashMap<Box<[u8]>, usize> = HashMap::new();
        let mut entry = |name: &[u8]| -> usize {
            *known.entry(name.into()).or_insert_with(|| {
                entries.push((name.into(), KeyInfo::NONE));
                entries.len() - 1
            })
        };
        let mut positions = Vec::with_capacity(self.names.len());
        for i in 0..self.names.len() {
            positions.push(entry(&self.names[i]));
        }
        let required: Vec<usize> = self.required.iter().map(|name| entry(name)).collect();
        let tracked: Vec<usize> = self.tracked.iter().map(|name| entry(name)).collect();
        for (i, &e) in positions.iter().enumerate() {
            // Sorted, the names that begin with `name` directly follow it.
            let name = &self.names[i];
            let prefixed = self.names[i..].partition_point(|other| other.starts_with(name));
            entries[e].1.property = i as u32;
            entries[e].1.prefixed_end = (i + prefixed) as u32;
        }
        for (i, &e) in required.iter().enumerate() {
            entries[e].1.required = i as u32;
        }
        for (i, &e) in tracked.iter().enumerate() {
            entries[e].1.tracked = i as u32;
        }
        self.name_info = positions.iter().map(|&e| (entries[e].1, entries[e].0.len())).collect();
        self.lookup = NameIndex::new(entries);
    }

    /// Records which value schemas are `false` alone, from `plain_false` indexed by node.
    /// Runs once every node has compiled.
    pub(crate) fn mark_false_values(&mut self, plain_false: &[bool]) {
        self.value_false = self.values.iter().map(|&id| plain_false[id as usize]).collect();
        self.additional_false = matches!(self.additional, Additional::Schema(id) if plain_false[id as usize]);
    }

    /// Looks up the positions of `key` in the property, required and tracked lists.
    #[inline]
    pub(crate) fn key_info(&self, key: &[u8]) -> KeyInfo {
        self.lookup.get(key).unwrap_or(KeyInfo::NONE)
    }

    /// Looks up a complete key whose bytes narrowed the range of names to `names`, when
    /// [`Self::narrows_keys`]: the key is a name exactly when the range's first name has
    /// its length, since a name sorts before the longer names it begins.
    pub(crate) fn narrowed_key_info(&self, key: &[u8], names: (u32, u32)) -> KeyInfo {
        if !self.narrows_keys() {
            return self.key_info(key);
        }
        match self.name_info.get(names.0 as usize) {
            Some(&(info, length)) if names.0 < names.1 && length == key.len() => info,
            _ => KeyInfo::NONE,
        }
    }

    /// Returns whether `required` is the only rule.
    pub(crate) fn only_required(&self) -> bool {
        self.names.is_empty()
            && self.additional == Additional::Any
            && self.min_properties.is_none()
            && self.max_properties.is_none()
            && self.patterns.is_empty()
            && self.property_names.is_none()
            && self.dependencies.is_empty()
            && self.unevaluated.is_none()
    }

    /// Returns whether these rules evaluate `key`, in the sense of `unevaluatedProperties`, when
    /// their schema passes: for the schema's own `unevaluatedProperties` (`outer` false), or
    /// for one in a schema around it (`outer` true).
    pub(crate) fn evaluates(&self, key: &[u8], patterns: &[super::Pattern], outer: bool) -> bool {
        self.evaluates_all
            || (outer && self.unevaluated_present)
            || self.property(key).is_some()
            || self.patterns.iter().any(|&(p, _)| patterns[p as usize].matches_whole(key))
    }

    /// Whether keys must be narrowed byte by byte: only a closed object can reject a key
    /// before it ends, and only by its names when no pattern may admit it.
    pub(crate) fn narrows_keys(&self) -> bool {
        self.additional == Additional::Closed && self.patterns.is_empty()
    }


    pub(crate) fn all_names(&self) -> (u32, u32) {
        (0, self.names.len() as u32)
    }

    /// Narrows `range` in place to the names that continue with `run` after `position`
    /// bytes. When none does, empties it and returns the index of the first byte of `run`
    /// that no name continues with.
    ///
    /// The range is written in place rather than returned. Returned, its two halves went
    /// through the stack and were read back as one word, which perf showed as a stall.
    pub(crate) fn narrow(&self, range: &mut (u32, u32), position: usize, run: &[u8]) -> Result<(), usize> {
        // A key usually arrives whole, as one run that equals a name: one hash lookup then
        // gives the names that begin with it, without a binary search.
        if position == 0 && *range == self.all_names() {
            let info = self.key_info(run);
            if info.property != u32::MAX {
                range.0 = info.property;
                range.1 = info.prefixed_end;
                return Ok(());
            }
        }
        match narrow_run(&self.names, *range, position, run) {
            Ok(narrowed) => {
                *range = narrowed;
                Ok(())
            }
            Err(i) => {
                *range = (0, 0);
                Err(i)
            }
        }
    }

    pub(crate) fn property(&self, key: &[u8]) -> Option<NodeId> {
        KeyInfo::index(self.key_info(key).property).map(|i| self.values[i])
    }


    /// The property names for a message, cut after a few.
    pub(crate) fn describe_names(&self) -> String {
        const SHOWN: usize = 8;
        let mut shown: Vec<String> = self
            .names
            .iter()
            .take(SHOWN)
            .map(|n| format!("{:?}", String::from_utf8_lossy(n)))
            .collect();
        if self.names.len() > SHOWN {
            shown.push(format!("{} more", self.names.len() - SHOWN));
        }
        if shown.is_empty() {
            "no key (additionalProperties is false and there are no properties)".to_owned()
        } else {
            format!("a key among {}", shown.join(", "))
        }
    }
}

/// A hash table from the names that a schema mentions to their [`KeyInfo`], built once
/// when the schema compiles.
///
/// Keys are short and the table is small, so it hashes a key from its length and at most
/// two words of its bytes, and compares whole words. The names come from the schema, not
/// from the input, so the clusters that a lookup walks have a length fixed at compile time
/// whatever key it looks up.
#[derive(Debug, Default)]
struct NameIndex {
    /// Indexes into `entries` plus one, zero for an empty slot. The length is a power of
    /// two, at least twice the number of entries.
    slots: Vec<u32>,
    entries: Vec<NameEntry>,
}

/// A name in a [`NameIndex`]. Its length and first and last eight bytes are kept inline,
/// so that comparing a key of up to 16 bytes reads no memory beyond the entry.
#[derive(Debug)]
struct NameEntry {
    head: u64,
    tail: u64,
    length: usize,
    name: Box<[u8]>,
    info: KeyInfo,
}

impl NameIndex {
    fn new(names: Vec<(Box<[u8]>, KeyInfo)>) -> Self {
        if names.is_empty() {
            return Self::default();
        }
        let entries: Vec<NameEntry> = names
            .into_iter()
            .map(|(name, info)| {
                let (head, tail) = head_and_tail(&name);
                NameEntry { head, tail, length: name.len(), name, info }
            })
            .collect();
        let size = (2 * entries.len()).next_power_of_two().max(8);
        let mut slots = vec![0u32; size];
        for (i, entry) in entries.iter().enumerate() {
            let mut slot = name_hash(entry.head, entry.tail, entry.length) as usize & (size - 1);
            while slots[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            slots[slot] = i as u32 + 1;
        }
        Self { slots, entries }
    }

    #[inline]
    fn get(&self, key: &[u8]) -> Option<KeyInfo> {
        if self.slots.is_empty() {
            return None;
        }
        let (head, tail) = head_and_tail(key);
        let mask = self.slots.len() - 1;
        let mut slot = name_hash(head, tail, key.len()) as usize & mask;
        loop {
            let entry = *self.slots.get(slot)?;
            if entry == 0 {
                return None;
            }
            let entry = &self.entries[entry as usize - 1];
            // Up to 16 bytes, the two words cover the whole name.
            if entry.length == key.len()
                && entry.head == head
                && entry.tail == tail
                && (key.len() <= 16 || entry.name[8..key.len() - 8] == key[8..key.len() - 8])
            {
                return Some(entry.info);
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// Returns the words of a name's first and last eight bytes, which are the same word when
/// the name has at most eight.
#[inline]
fn head_and_tail(name: &[u8]) -> (u64, u64) {
    (word(name), word(&name[name.len().saturating_sub(8)..]))
}

/// Packs the first eight bytes into a word, or all of them when there are fewer. Two
/// slices of the same length up to eight bytes are equal exactly when their words are.
/// Shorter slices are read as overlapping pieces, which avoids a copy of variable length.
#[inline]
fn word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    if n >= 8 {
        u64::from_le_bytes(bytes[..8].try_into().expect("eight bytes"))
    } else if n >= 4 {
        let low = u32::from_le_bytes(bytes[..4].try_into().expect("four bytes"));
        let high = u32::from_le_bytes(bytes[n - 4..].try_into().expect("four bytes"));
        u64::from(low) | u64::from(high) << 32
    } else if n > 0 {
        u64::from(bytes[0]) | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]) << 16
    } else {
        0
    }
}

/// Hashes a name from its length and the words of its first and last eight bytes.
#[inline]
fn name_hash(head: u64, tail: u64, length: usize) -> u64 {
    let mixed = (head ^ tail.rotate_left(31) ^ ((length as u64) << 57)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    mixed ^ (mixed >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_index_finds_each_name_and_nothing_else() {
        let names: Vec<Vec<u8>> = ["", "a", "ab", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq", "id", "id_str", "ID"]
            .iter()
            .map(|n| n.as_bytes().to_vec())
            .chain((0..40).map(|i| format!("property_{i}").into_bytes()))
            .collect();
        let entries = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone().into_boxed_slice(), KeyInfo { property: i as u32, ..KeyInfo::NONE }))
            .collect();
        let index = NameIndex::new(entries);
        for (i, name) in names.iter().enumerate() {
            assert_eq!(index.get(name).map(|info| info.property), Some(i as u32), "{:?}", String::from_utf8_lossy(name));
        }
        for absent in ["b", "abcdefgi", "abcdefghj", "abcdefghijklmnoq", "abcdefghijklmnopr", "id_st", "property_40", "\0", "a\0"] {
            assert!(index.get(absent.as_bytes()).is_none(), "{absent}");
        }
        assert!(NameIndex::new(Vec::new()).get(b"a").is_none());
    }
}
