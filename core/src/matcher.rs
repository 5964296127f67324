//! The matcher: the compiled schema run as a pushdown automaton over lexer events.
//!
//! # Representation
//!
//! Every open value, containers and the scalar being lexed alike, has a [`Frame`]. A frame
//! owns a contiguous range of *goals* and of *threads* in two arenas shared by all frames,
//! so opening and closing a value pushes and truncates them like a stack and allocates
//! nothing once the arenas have grown.
//!
//! A goal is one schema node that the value must satisfy. The root value has one goal, the
//! root schema. A child value's goals come from the live threads of its parent: the
//! property's, item's or `additionalProperties` schema that each of them demands, without
//! duplicates. A goal whose plan holds no rule is not created at all, so a subtree that no
//! schema constrains costs one frame per level and nothing per thread.
//!
//! A thread follows one node's local rules (type, enumeration, string, number, object and
//! array rules) over the value. Its status is unknown while it may still pass, false once
//! it has failed, and true when the value has ended and every rule held. Each goal's plan
//! combines its threads' statuses; a goal that becomes false kills the parent threads that
//! demanded it, which may make a parent goal false, and so on up. The input diverges when
//! the root goal becomes false.
//!
//! Each failed thread keeps its own [`Failure`]. When a goal becomes false, its plan is
//! walked to the failure that decided it: the first failed member of an `allOf`, the member
//! of an `anyOf` or `oneOf` that failed last, or the overlap of two passing `oneOf` members.
//! Threads that die in one event die in byte order, so the reported failure does not depend
//! on how the input was split into chunks.
//!
//! # Invariants
//!
//! - Frames, goals and threads of an inner value always sit above those of its parent in
//!   their arenas.
//! - A thread's status only moves from unknown to false or true, never back.
//! - The root goal is false exactly when no continuation of the input can be valid for the
//!   keywords that decide early, so a rejection before the end is never premature.

use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

use crate::error::{Rejection, RejectionDetails, RejectionKind};
use crate::number::{Decimal, PlainDecimal};
use crate::options::Options;
use crate::schema::Additional;
use crate::schema::Rest;
use crate::schema::plan::{OpKind, Slot, Tri};
use crate::schema::{NodeId, PatternState, Schema, TypeSet, ValueKind};
use crate::sink::{Sink, ValueSink};

/// Goal index meaning that a parent thread demands nothing of the current child.
const NO_GOAL: u32 = u32::MAX;

/// Thread index meaning that no thread's property names index the keys of an object.
const NO_THREAD: u32 = u32::MAX;

/// Number of keys in one object above which duplicate detection switches from a linear
/// scan to a hash set.
const LINEAR_KEY_SCAN: usize = 16;

#[derive(Debug, Clone, Copy)]
enum Segment {
    Root,
    /// The child of an object: index into `key_spans`.
    Key(u32),
    Index(u64),
}

#[derive(Debug)]
struct Frame {
    kind: ValueKind,
    thread_start: u32,
    goal_start: u32,
    segment: Segment,
    /// Offset of the value's first byte.
    start: u64,
    /// Members of an object, items of an array, or bytes of a string so far.
    count: u64,
    /// Whether some live thread checks string content byte by byte.
    checks_bytes: bool,
    // Objects only.
    /// Whether some thread has `unevaluatedProperties` or `unevaluatedItems`.
    unevaluated: bool,
    /// Whether some thread has `maxProperties`, which each key and comma must check.
    limits_members: bool,
    // Arrays only.
    /// Whether some thread has `maxItems`, or `items: false` after its prefix, which each
    /// comma must check.
    limits_items: bool,
    /// Whether some thread has `contains` or `uniqueItems`, which each item must count.
    counts_items: bool,
    /// A thread whose closed property list, of at most 64 names, indexes `names_seen`, or
    /// `NO_THREAD`. A key among those names repeats exactly when its bit is already set,
    /// which spares comparing it with the keys before it.
    names_thread: u32,
    /// The property names of `names_thread` seen so far in this object, by index.
    names_seen: u64,
    /// First entry of this object's keys in `key_spans`.
    span_start: u32,
    /// Hashes of this object's keys once it has many. Boxed, like `unique`, to keep the
    /// frame small: every value pushes and pops one.
    #[allow(clippy::box_collection)]
    key_hashes: Option<Box<HashSet<u64, BuildHasherDefault<Prehashed>>>>,
    /// Index of the capture that this value feeds, when an enumeration contains
    /// containers or the value is an item under `uniqueItems`.
    capture: Option<usize>,
    /// Arrays under `uniqueItems`: the canonical hashes of the items so far.
    #[allow(clippy::box_collection)]
    unique: Option<Box<HashSet<u128>>>,
}

#[derive(Debug, Clone, Copy)]
struct Goal {
    node: NodeId,
    thread_start: u32,
    status: Tri,
    /// Whether the plan is one schema without combinators, so that the goal's status is
    /// its only thread's. Kept here to spare a plan lookup on every settle.
    single: bool,
}

#[derive(Debug, Clone)]
enum ThreadState {
    None,
    String {
        code_points: u64,
        /// Range of the enumeration's sorted strings that the content still begins with.
        members: (u32, u32),
        pattern: Option<PatternState>,
        /// The decoded string so far, for `format` and backtracking patterns.
        text: Option<Vec<u8>>,
    },
    Object {
        required: Bits,
        /// The names that `dependentRequired` reads that have been seen.
        seen: Bits,
        /// Range of property names the key being written still begins with.
        names: (u32, u32),
        /// Schema demanded of the value of the current key; `None` when unconstrained.
        pending: Option<NodeId>,
        child: u32,
        /// Further schemas demanded of the same value, when `patternProperties` match.
        /// Boxed: few objects need it, and every value writes a thread state.
        more: Option<Box<MoreSchemas>>,
    },
    Array {
        child: u32,
        /// The item's `contains` goal: its result counts, it kills nothing.
        contains_child: u32,
        contains_count: u64,
    },
}

/// The schemas beyond the first that apply to one member's value. Before the value begins
/// they are nodes, and once it has begun they are goals in the value's frame.
#[derive(Debug, Clone, Default)]
struct MoreSchemas {
    pending: Vec<NodeId>,
    children: Vec<u32>,
}

impl ThreadState {
    /// Returns whether the thread demanded goal `goal` (relative to the child frame's first goal)
    /// of its current child, so that the goal's failure is the thread's.
    fn demands(&self, goal: u32) -> bool {
        match self {
            ThreadState::Object { child, more, .. } => *child == goal || more.as_ref().is_some_and(|m| m.children.contains(&goal)),
            ThreadState::Array { child, .. } => *child == goal,
            _ => false,
        }
    }
}

#[derive(Debug, Clone)]
struct Thread {
    node: NodeId,
    status: Tri,
    state: ThreadState,
    /// Why the thread failed, once it has.
    failure: Option<Box<Failure>>,
    /// `unevaluatedProperties` or `unevaluatedItems` of an object or array thread.
    unevaluated: Option<Box<Unevaluated>>,
}

impl Thread {
    /// A thread that has not started, copied from constant data: building it field by
    /// field on the stack and copying that in stalled on every goal.
    const NEW: Self = Self {
        node: 0,
        status: Tri::Unknown,
        state: ThreadState::None,
        failure: None,
        unevaluated: None,
    };
}

/// The state of `unevaluatedProperties` or `unevaluatedItems` over one container.
///
/// A child that no schema around can evaluate must match the keyword's schema outright,
/// like a property's value. A child that some other schema would evaluate if it passes is
/// checked against the keyword's schema without consequence, and when that fails the
/// child is remembered with those schemas; at the end of the container, when every schema
/// has passed or failed, it fails the thread unless one of them kept its annotations.
#[derive(Debug, Clone, Default)]
struct Unevaluated {
    /// The keyword's schema, demanded softly of the current child.
    pending: Option<NodeId>,
    /// Nodes that would evaluate the current child.
    candidates: Vec<NodeId>,
    /// The current child's soft goal.
    child: u32,
    /// Children that failed the keyword's schema: a description, and the nodes of which
    /// one must keep its annotations.
    failures: Vec<(String, Vec<NodeId>)>,
}

/// A hasher for keys that are already hashes, made with the stream's seeded hasher: it
/// passes them through rather than hashing them again.
#[derive(Debug, Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys use this hasher, through `write_u64`. Other input is folded in.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
}

/// A small bit set that spills to the heap past 64 bits.
#[derive(Debug, Clone)]
enum Bits {
    Inline(u64),
    Heap(Vec<u64>),
}

impl Bits {
    fn new(size: usize) -> Self {
        if size <= 64 {
            Self::Inline(0)
        } else {
            Self::Heap(vec![0; size.div_ceil(64)])
        }
    }

    fn set(&mut self, i: usize) {
        match self {
            Self::Inline(word) => *word |= 1 << i,
            Self::Heap(words) => words[i / 64] |= 1 << (i % 64),
        }
    }

    fn get(&self, i: usize) -> bool {
        match self {
            Self::Inline(word) => *word & (1 << i) != 0,
            Self::Heap(words) => words[i / 64] & (1 << (i % 64)) != 0,
        }
    }

    /// Returns the first of bits `0..size` that is not set.
    fn first_unset(&self, size: usize) -> Option<usize> {
        let first = match self {
            Self::Inline(word) => (!word).trailing_zeros() as usize,
            Self::Heap(words) => words
                .iter()
                .position(|&w| w != u64::MAX)
                .map_or(usize::MAX, |i| i * 64 + (!words[i]).trailing_zeros() as usize),
        };
        (first < size).then_some(first)
    }

    /// Counts the bits set.
    fn count(&self) -> usize {
        match self {
            Self::Inline(word) => word.count_ones() as usize,
            Self::Heap(words) => words.iter().map(|w| w.count_ones() as usize).sum(),
        }
    }
}

/// A thread failure found while scanning a fragment, applied later in byte order.
#[derive(Debug)]
struct Death {
    offset: u64,
    thread: usize,
    keyword: &'static str,
    expected: String,
    found: String,
}

/// Where and why a thread failed.
#[derive(Debug, Clone)]
struct Failure {
    offset: u64,
    /// Number of frames whose segments make the instance path.
    depth: usize,
    schema_path: String,
    expected: String,
    found: String,
}

#[derive(Debug)]
struct Capture {
    frame: usize,
    sink: ValueSink,
}

/// Matcher state for one stream.
#[derive(Debug)]
pub(crate) struct Matcher {
    frames: Vec<Frame>,
    goals: Vec<Goal>,
    threads: Vec<Thread>,
    /// Keys of the open objects, end to end.
    keys: Vec<u8>,
    /// `(start, length)` in `keys` of each key of the open objects.
    key_spans: Vec<(u32, u32)>,
    /// Start in `keys` of the key being written.
    key_start: usize,
    captures: Vec<Capture>,
    scratch: Vec<Tri>,
    /// Seeded at random per stream, so crafted keys cannot force collisions.
    hasher: foldhash::fast::RandomState,
    /// The schema of the value at depth 0, when it is not the schema's root.
    root: Option<NodeId>,
    /// A second hasher, for the upper half of the 128-bit item hashes of `uniqueItems`.
    hasher_extra: foldhash::fast::RandomState,
    /// A matcher kept for checking keys against `propertyNames`.
    spare: Option<Box<Matcher>>,
}

impl Matcher {
    pub(crate) fn new() -> Self {
        Self {
            frames: Vec::new(),
            goals: Vec::new(),
            threads: Vec::new(),
            keys: Vec::new(),
            key_spans: Vec::new(),
            key_start: 0,
            captures: Vec::new(),
            scratch: Vec::new(),
            hasher: foldhash::fast::RandomState::default(),
            hasher_extra: foldhash::fast::RandomState::default(),
            root: None,
            spare: None,
        }
    }

    /// Empties the matcher for a new value whose schema is `root`.
    fn reset(&mut self, root: Option<NodeId>) {
        self.frames.clear();
        self.goals.clear();
        self.threads.clear();
        self.keys.clear();
        self.key_spans.clear();
        self.key_start = 0;
        self.captures.clear();
        self.root = root;
    }

    /// The key most recently completed, or being written.
    pub(crate) fn current_key(&self) -> &[u8] {
        &self.keys[self.key_start..]
    }

    // ---- paths and failures -------------------------------------------------------------

    /// JSON Pointer of the value at `depth` (the number of frames below and including it,
    /// less the root).
    fn path_to(&self, depth: usize) -> String {
        let mut path = String::new();
        for frame in self.frames.iter().take(depth + 1).skip(1) {
            self.push_segment(&mut path, frame.segment);
        }
        path
    }

    fn push_segment(&self, path: &mut String, segment: Segment) {
        match segment {
            Segment::Root => {}
            Segment::Key(span) => {
                let (start, length) = self.key_spans[span as usize];
                let key = &self.keys[start as usize..(start + length) as usize];
                path.push('/');
                crate::schema::push_pointer_token(path, &String::from_utf8_lossy(key));
            }
            Segment::Index(index) => {
                path.push('/');
                path.push_str(&index.to_string());
            }
        }
    }

    /// JSON Pointer of the value the lexer is in; with `pending_child`, of the child value
    /// about to begin in the innermost container.
    pub(crate) fn instance_path(&self, pending_child: bool) -> String {
        let mut path = self.path_to(self.frames.len().saturating_sub(1));
        if pending_child {
            if let Some(frame) = self.frames.last() {
                match frame.kind {
                    ValueKind::Object if frame.count > 0 => {
                        self.push_segment(&mut path, Segment::Key(self.key_spans.len() as u32 - 1));
                    }
                    ValueKind::Array => self.push_segment(&mut path, Segment::Index(frame.count)),
                    _ => {}
                }
            }
        }
        path
    }

    fn rejection(&self, failure: Failure) -> Rejection {
        Rejection::from_details(RejectionDetails {
            kind: RejectionKind::Schema,
            offset: failure.offset,
            instance_path: self.path_to(failure.depth),
            schema_path: failure.schema_path,
            expected: failure.expected,
            found: failure.found,
        })
    }
}

/// The matcher bound to its schema and options for the duration of one event.
pub(crate) struct Engine<'a> {
    pub schema: &'a Schema,
    pub options: &'a Options,
    pub m: &'a mut Matcher,
}

impl Engine<'_> {
    fn node_path(&self, node: NodeId) -> &str {
        &self.schema.nodes[node as usize].path
    }

    /// Marks a thread failed and records why.
    fn kill(&mut self, thread: usize, depth: usize, offset: u64, keyword: &str, expected: String, found: String) {
        let node = self.m.threads[thread].node;
        let node_path = self.node_path(node);
        let schema_path = if keyword.is_empty() {
            node_path.to_owned()
        } else {
            crate::schema::join_pointer(node_path, keyword)
        };
        self.m.threads[thread].status = Tri::False;
        self.m.threads[thread].failure = Some(Box::new(Failure {
            offset,
            depth,
            schema_path,
            expected,
            found,
        }));
    }

    /// Returns whether the innermost open value is free: no schema applies to it, and no
    /// capture records it, so its events need no work beyond keeping the path and the keys.
    /// Every value inside a free value is free too, since demands come from threads.
    #[inline]
    fn top_is_free(&self) -> bool {
        self.m.captures.is_empty()
            && self
                .m
                .frames
                .last()
                .is_some_and(|frame| frame.thread_start as usize == self.m.threads.len() && frame.goal_start as usize == self.m.goals.len())
    }

    fn thread_range(&self, depth: usize) -> std::ops::Range<usize> {
        let start = self.m.frames[depth].thread_start as usize;
        let end = self
            .m
            .frames
            .get(depth + 1)
            .map_or(self.m.threads.len(), |f| f.thread_start as usize);
        start..end
    }

    fn goal_range(&self, depth: usize) -> std::ops::Range<usize> {
        let start = self.m.frames[depth].goal_start as usize;
        let end = self
            .m
            .frames
            .get(depth + 1)
            .map_or(self.m.goals.len(), |f| f.goal_start as usize);
        start..end
    }

    /// Re-evaluates the goals of the frame at `depth` and carries failures up the stack.
    /// `at` is the offset of the current event, where a `oneOf` overlap is decided.
    fn settle(&mut self, mut depth: usize, at: u64) -> Result<(), Rejection> {
        loop {
            let mut failed: Vec<(usize, Failure)> = Vec::new();
            for g in self.goal_range(depth) {
                let goal = self.m.goals[g];
                if goal.status != Tri::Unknown {
                    continue;
                }
                let status = self.evaluate_goal(goal);
                self.m.goals[g].status = status;
                if status == Tri::False {
                    let plan = self.schema.plan(goal.node);
                    let failure = self.decisive_failure(goal, plan.result, at, depth);
                    failed.push((g, failure));
                }
            }
            let Some((_, first)) = failed.first() else {
                return Ok(());
            };
            if depth == 0 {
                return Err(self.m.rejection(first.clone()));
            }
            let parent = depth - 1;
            let goal_start = self.m.frames[depth].goal_start as usize;
            for t in self.thread_range(parent) {
                if self.m.threads[t].status != Tri::Unknown {
                    continue;
                }
                let state = &self.m.threads[t].state;
                if let Some((_, failure)) = failed.iter().find(|(g, _)| state.demands((*g - goal_start) as u32)) {
                    self.m.threads[t].status = Tri::False;
                    self.m.threads[t].failure = Some(Box::new(failure.clone()));
                }
            }
            depth = parent;
        }
    }

    #[inline]
    fn evaluate_goal(&mut self, goal: Goal) -> Tri {
        let threads = &self.m.threads;
        let start = goal.thread_start as usize;
        // Most goals are one schema without combinators: the goal is its thread.
        if goal.single {
            return threads[start].status;
        }
        let plan = self.schema.plan(goal.node);
        let mut overlap = None;
        plan.evaluate(|i| threads[start + i as usize].status, &mut self.m.scratch, &mut overlap)
    }

    /// The failure that decided a false slot of a goal's plan. `self.m.scratch` holds the
    /// plan's operation values from the evaluation that found it false.
    fn decisive_failure(&self, goal: Goal, slot: Slot, at: u64, depth: usize) -> Failure {
        // Operations share inputs, so each one's failure is computed once: without this,
        // a chain of `anyOf` over shared references took time exponential in its length.
        let mut known = vec![None; self.schema.plan(goal.node).ops.len()];
        self.failure_of(goal, slot, at, depth, &mut known)
    }

    fn failure_of(&self, goal: Goal, slot: Slot, at: u64, depth: usize, known: &mut [Option<Failure>]) -> Failure {
        if let Slot::Op(i) = slot {
            if let Some(failure) = &known[i as usize] {
                return failure.clone();
            }
            let failure = self.op_failure(goal, i, at, depth, known);
            known[i as usize] = Some(failure.clone());
            return failure;
        }
        match slot {
            Slot::Atom(i) => self.m.threads[goal.thread_start as usize + i as usize]
                .failure
                .as_deref()
                .cloned()
                .expect("a failed thread records its failure"),
            _ => unreachable!("a true slot never fails"),
        }
    }

    fn op_failure(&self, goal: Goal, i: u32, at: u64, depth: usize, known: &mut [Option<Failure>]) -> Failure {
        let plan = self.schema.plan(goal.node);
        let start = goal.thread_start as usize;
        let status = |slot: Slot| match slot {
            Slot::True => Tri::True,
            Slot::Atom(i) => self.m.threads[start + i as usize].status,
            Slot::Op(i) => self.m.scratch[i as usize],
        };
        {
            {
                let op = &plan.ops[i as usize];
                if op.kind == OpKind::One && op.inputs.iter().filter(|&&s| status(s) == Tri::True).count() > 1 {
                    return Failure {
                        offset: at,
                        depth,
                        schema_path: crate::schema::join_pointer(self.node_path(op.node), "oneOf"),
                        expected: "exactly one oneOf member to match".to_owned(),
                        found: "several matching members".to_owned(),
                    };
                }
                match op.kind {
                    OpKind::Not => {
                        let negated = match op.inputs[0] {
                            Slot::Atom(i) => self.node_path(self.m.threads[start + i as usize].node).to_owned(),
                            _ => crate::schema::join_pointer(self.node_path(op.node), "not"),
                        };
                        return Failure {
                            offset: at,
                            depth,
                            schema_path: crate::schema::join_pointer(self.node_path(op.node), "not"),
                            expected: format!("a value that does not match the schema at {negated:?}"),
                            found: "a value that matches it".to_owned(),
                        };
                    }
                    OpKind::Cond => match status(op.inputs[0]) {
                        Tri::True => return self.failure_of(goal, op.inputs[1], at, depth, known),
                        Tri::False => return self.failure_of(goal, op.inputs[2], at, depth, known),
                        Tri::Unknown => {}
                    },
                    _ => {}
                }
                let inputs = if op.kind == OpKind::Cond { &op.inputs[1..] } else { &op.inputs[..] };
                let failed = inputs.iter().copied().filter(|&s| status(s) == Tri::False);
                if op.kind == OpKind::All {
                    let first = failed.clone().next().expect("a false allOf has a false member");
                    return self.failure_of(goal, first, at, depth, known);
                }
                // Every member failed: the last to fail decided it.
                failed
                    .map(|s| self.failure_of(goal, s, at, depth, known))
                    .reduce(|kept, next| if next.offset > kept.offset { next } else { kept })
                    .expect("a false anyOf or oneOf has members")
            }
        }
    }

    /// Index of the innermost open value. An event that needs one when none is open means
    /// the lexer and matcher disagree; it is reported as a rejection, never a panic.
    fn top(&self) -> Result<usize, Rejection> {
        self.m.frames.len().checked_sub(1).ok_or_else(|| {
            Rejection::new(
                RejectionKind::Syntax,
                0,
                "an open value (internal error: the lexer and the matcher disagree)",
                "no open value",
            )
        })
    }

    /// Kills threads that failed inside one fragment, in byte order, settling after each
    /// offset, so the first offset at which the root fails is the one reported.
    #[inline]
    fn apply_deaths(&mut self, depth: usize, deaths: Vec<Death>) -> Result<(), Rejection> {
        if deaths.is_empty() {
            return Ok(());
        }
        self.apply_some_deaths(depth, deaths)
    }

    fn apply_some_deaths(&mut self, depth: usize, mut deaths: Vec<Death>) -> Result<(), Rejection> {
        deaths.sort_by_key(|death| death.offset);
        let mut pending = deaths.into_iter().peekable();
        while let Some(death) = pending.next() {
            let offset = death.offset;
            self.kill(death.thread, depth, offset, death.keyword, death.expected, death.found);
            if pending.peek().is_none_or(|next| next.offset != offset) {
                self.settle(depth, offset)?;
            }
        }
        Ok(())
    }

    // ---- value start --------------------------------------------------------------------

    pub(crate) fn begin_value(&mut self, kind: ValueKind, at: u64) -> Result<(), Rejection> {
        let depth = self.m.frames.len();
        let thread_start = self.m.threads.len() as u32;
        let goal_start = self.m.goals.len() as u32;
        let segment = match self.m.frames.last() {
            None => Segment::Root,
            Some(parent) if parent.kind == ValueKind::Array => Segment::Index(parent.count),
            Some(_) => Segment::Key(self.m.key_spans.len() as u32 - 1),
        };
        let parent_free = self.top_is_free();
        self.m.frames.push(Frame {
            kind,
            thread_start,
            goal_start,
            segment,
            start: at,
            count: 0,
            checks_bytes: false,
            unevaluated: false,
            limits_members: false,
            limits_items: false,
            counts_items: false,
            names_thread: NO_THREAD,
            names_seen: 0,
            span_start: self.m.key_spans.len() as u32,
            key_hashes: None,
            capture: None,
            unique: None,
        });

        if parent_free {
            // Nothing is demanded of a child of a free value: it is free too.
            let parent = &mut self.m.frames[depth - 1];
            if parent.kind == ValueKind::Array {
                parent.count += 1;
            }
            return Ok(());
        }
        if depth == 0 {
            self.add_goal(self.m.root.unwrap_or(self.schema.root));
        } else {
            self.demand_child_goals(depth - 1, kind, at)?;
        }
        let limit = self.options.max_candidates;
        if self.m.threads.len() > limit {
            let mut rejection = Rejection::new(
                RejectionKind::CandidateLimit,
                at,
                format!("at most {limit} schema candidates alive at once (max_candidates)"),
                format!("{} for this value and the values around it", self.m.threads.len()),
            );
            rejection.0.instance_path = self.m.path_to(depth);
            return Err(rejection);
        }

        // Under `uniqueItems`, every item is captured to hash its canonical form.
        let mut needs_capture = depth > 0 && self.wants_unique(depth - 1);
        if needs_capture && self.m.frames[depth - 1].unique.is_none() {
            self.m.frames[depth - 1].unique = Some(Box::default());
        }
        for t in thread_start as usize..self.m.threads.len() {
            needs_capture |= self.start_thread(t, depth, kind, at);
        }
        if needs_capture {
            self.m.captures.push(Capture {
                frame: depth,
                sink: ValueSink::exact(),
            });
            self.m.frames[depth].capture = Some(self.m.captures.len() - 1);
        }
        self.capture_event(|sink| match kind {
            ValueKind::Object => sink.begin_object(),
            ValueKind::Array => sink.begin_array(),
            ValueKind::String => sink.begin_string(),
            _ => {}
        });
        if self.undecided(depth) {
            return Ok(());
        }
        self.settle(depth, at)
    }

    /// Returns whether settling the frame at `depth`, the innermost, would change nothing:
    /// every thread is still undecided and every goal is the result of one thread, so every
    /// goal is undecided too. Most values begin so.
    fn undecided(&self, depth: usize) -> bool {
        let frame = &self.m.frames[depth];
        self.m.threads[frame.thread_start as usize..].iter().all(|t| t.status == Tri::Unknown)
            && self.m.goals[frame.goal_start as usize..].iter().all(|g| g.single)
    }

    /// Creates the goals of a new child of the container at `parent`, from what each of
    /// its live threads demands, and links the threads to them.
    fn demand_child_goals(&mut self, parent: usize, kind: ValueKind, at: u64) -> Result<(), Rejection> {
        let is_array = self.m.frames[parent].kind == ValueKind::Array;
        let index = self.m.frames[parent].count;
        if is_array {
            self.m.frames[parent].count += 1;
        }
        let unevaluated = self.m.frames[parent].unevaluated;
        let counts_items = self.m.frames[parent].counts_items;
        let mut killed = false;
        for t in self.thread_range(parent) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            // Most members have one schema, or none: demand it and link it, and skip the
            // general path below, which also serves patterns and unevaluated keywords.
            if !is_array && !unevaluated {
                if let ThreadState::Object { pending, more, .. } = &self.m.threads[t].state {
                    if more.as_ref().is_none_or(|m| m.pending.is_empty()) {
                        let demand = *pending;
                        let goal = self.add_nontrivial_goal(demand, kind);
                        if let ThreadState::Object { child, more, .. } = &mut self.m.threads[t].state {
                            *child = goal;
                            if let Some(extra) = more {
                                extra.children.clear();
                            }
                        }
                        continue;
                    }
                }
            }
            // Likewise an item of an array without `contains`.
            if is_array && !unevaluated && !counts_items {
                if let Ok(demand) = self.item_schema(t, index) {
                    let goal = self.add_nontrivial_goal(demand, kind);
                    if let ThreadState::Array { child, .. } = &mut self.m.threads[t].state {
                        *child = goal;
                    }
                    continue;
                }
            }
            let (demand, more, contains) = if is_array {
                match self.item_schema(t, index) {
                    Ok(demand) => {
                        let node = &self.schema.nodes[self.m.threads[t].node as usize];
                        (demand, Vec::new(), node.array.as_deref().and_then(|a| a.contains))
                    }
                    Err((keyword, expected)) => {
                        let found = format!("item {index}");
                        self.kill(t, parent, at, keyword, expected, found);
                        killed = true;
                        continue;
                    }
                }
            } else {
                match &mut self.m.threads[t].state {
                    ThreadState::Object { pending, more, .. } => {
                        (*pending, more.as_mut().map(|m| std::mem::take(&mut m.pending)).unwrap_or_default(), None)
                    }
                    _ => (None, Vec::new(), None),
                }
            };
            let (demand, soft) = self.unevaluated_demand(t, index, is_array, demand);
            let soft = self.add_nontrivial_goal(soft, kind);
            if let Some(state) = self.m.threads[t].unevaluated.as_deref_mut() {
                state.child = soft;
            }
            let goal = self.add_nontrivial_goal(demand, kind);
            // Most members match one schema: leave `more` empty without collecting.
            let more: Vec<u32> = if more.is_empty() {
                Vec::new()
            } else {
                more.into_iter()
                    .map(|node| self.add_nontrivial_goal(Some(node), kind))
                    .filter(|&g| g != NO_GOAL)
                    .collect()
            };
            let contains = self.add_nontrivial_goal(contains, kind);
            match &mut self.m.threads[t].state {
                ThreadState::Object { child, more: extra, .. } => {
                    *child = goal;
                    if let Some(extra) = extra {
                        extra.children = more;
                    }
                }
                ThreadState::Array { child, contains_child, .. } => {
                    *child = goal;
                    *contains_child = contains;
                }
                _ => {}
            }
        }
        if killed {
            // The child frame is already pushed; the failure is the parent's.
            self.settle(parent, at)?;
        }
        Ok(())
    }

    /// Whether the value about to begin may not be a string but may be an object or an
    /// array, judged from the local type and enumeration rules of every schema that applies.
    /// Combinators are read loosely: a string allowed by any member counts as allowed.
    pub(crate) fn string_needs_decoding(&self) -> bool {
        let mut demands: Vec<NodeId> = Vec::new();
        match self.m.frames.last() {
            None => demands.push(self.schema.root),
            Some(parent) => {
                let depth = self.m.frames.len() - 1;
                for t in self.thread_range(depth) {
                    if self.m.threads[t].status != Tri::Unknown {
                        continue;
                    }
                    let demand = match (&self.m.threads[t].state, parent.kind) {
                        (ThreadState::Object { pending, .. }, _) => *pending,
                        (_, ValueKind::Array) => self.item_schema(t, parent.count).ok().flatten(),
                        _ => None,
                    };
                    match demand {
                        Some(node) => demands.push(node),
                        // A live parent that demands nothing admits a string.
                        None => return false,
                    }
                }
            }
        }
        let (mut string, mut container) = (false, false);
        for &demand in &demands {
            let plan = self.schema.plan(demand);
            if plan.is_trivial() || plan.negates {
                return false;
            }
            for &atom in &plan.atoms {
                let node = &self.schema.nodes[atom as usize];
                if node.never {
                    continue;
                }
                let admits = |kind| {
                    node.types.is_none_or(|t| t.admits(kind)) && node.enumeration.as_deref().is_none_or(|e| e.admits(kind))
                };
                string |= admits(ValueKind::String);
                container |= admits(ValueKind::Object) || admits(ValueKind::Array);
            }
        }
        container && !string && !demands.is_empty()
    }

    /// The schema an array thread demands of item `index`, or the keyword that forbids it.
    fn item_schema(&self, t: usize, index: u64) -> Result<Option<NodeId>, (&'static str, String)> {
        let node = &self.schema.nodes[self.m.threads[t].node as usize];
        let Some(array) = node.array.as_deref() else {
            return Ok(None);
        };
        if let Some(max) = array.max_items {
            if index >= max {
                return Err(("maxItems", quantity(max, "item", "at most")));
            }
        }
        if let Some(&node) = usize::try_from(index).ok().and_then(|i| array.prefix.get(i)) {
            return Ok(Some(node));
        }
        match array.rest {
            Rest::Any => Ok(None),
            Rest::Closed => Err((
                if array.rest_keyword.is_empty() { "items" } else { array.rest_keyword },
                format!("at most {} items", array.prefix.len()),
            )),
            Rest::Schema(node) => Ok(Some(node)),
        }
    }

    /// What `unevaluatedProperties` or `unevaluatedItems` of thread `t` demands of the
    /// child about to begin in the container at `parent`: the thread's demand for it, with
    /// the keyword's schema in its place when no other schema can evaluate the child, and
    /// the keyword's schema to check softly when one might.
    fn unevaluated_demand(
        &mut self,
        t: usize,
        index: u64,
        is_array: bool,
        demand: Option<NodeId>,
    ) -> (Option<NodeId>, Option<NodeId>) {
        let schema = self.schema;
        let node = self.m.threads[t].node;
        let Some(state) = self.m.threads[t].unevaluated.as_deref_mut() else {
            return (demand, None);
        };
        if !is_array {
            return (demand, state.pending.take());
        }
        let Some(rules) = schema.nodes[node as usize].array.as_deref() else {
            return (demand, None);
        };
        let Some(unevaluated) = rules.unevaluated else {
            return (demand, None);
        };
        if rules.evaluates(index, false) {
            return (demand, None);
        }
        let candidates: Vec<NodeId> = schema
            .plan(node)
            .closure
            .iter()
            .map(|&(id, _)| id)
            .filter(|&id| {
                schema.nodes[id as usize]
                    .array
                    .as_deref()
                    .is_some_and(|a| a.evaluates(index, true) || a.contains.is_some())
            })
            .chain(rules.contains.map(|_| node))
            .collect();
        if candidates.is_empty() {
            (Some(unevaluated), None)
        } else {
            state.candidates = candidates;
            (demand, Some(unevaluated))
        }
    }

    /// Adds a goal for `node` to a new value of `kind`, unless the goal would pass at once
    /// with nothing left to check (see [`Plan::passes_at_start`]), such as a plan with no
    /// rule. Returns the goal's index, or `NO_GOAL`, which every reader takes as passed.
    ///
    /// [`Plan::passes_at_start`]: crate::schema::plan::Plan::passes_at_start
    fn add_nontrivial_goal(&mut self, node: Option<NodeId>, kind: ValueKind) -> u32 {
        match node {
            Some(node) if self.schema.plan(node).passes_at_start & kind.bit() == 0 => self.add_goal(node),
            _ => NO_GOAL,
        }
    }

    /// Adds a goal for `node` to the top frame unless it has one; returns its index
    /// relative to the frame's first goal.
    fn add_goal(&mut self, node: NodeId) -> u32 {
        let frame = self.m.frames.last().expect("a frame is open");
        let goal_start = frame.goal_start as usize;
        if let Some(i) = self.m.goals[goal_start..].iter().position(|g| g.node == node) {
            return i as u32;
        }
        let thread_start = self.m.threads.len() as u32;
        let plan = self.schema.plan(node);
        self.m.threads.reserve(plan.atoms.len());
        self.m.threads.extend(plan.atoms.iter().map(|&atom| Thread { node: atom, ..Thread::NEW }));
        self.m.goals.push(Goal {
            node,
            thread_start,
            status: Tri::Unknown,
            single: plan.ops.is_empty() && plan.result == Slot::Atom(0),
        });
        (self.m.goals.len() - 1 - goal_start) as u32
    }

    /// Applies the rules decided at a value's first byte and prepares the thread for the
    /// rest. Returns whether the value must be captured whole for an enumeration.
    fn start_thread(&mut self, t: usize, depth: usize, kind: ValueKind, at: u64) -> bool {
        let schema = self.schema;
        let node = &schema.nodes[self.m.threads[t].node as usize];
        let found = || format!("{} {}", article(kind.name()), kind.name());
        if node.never {
            self.kill(t, depth, at, "", "no value (the schema is false)".to_owned(), found());
            return false;
        }
        if let Some(types) = node.types {
            if !types.admits(kind) {
                self.kill(t, depth, at, "type", types.describe(), found());
                return false;
            }
        }
        if let Some(enumeration) = node.enumeration.as_deref() {
            if !enumeration.admits(kind) {
                self.kill(t, depth, at, enumeration.keyword, enumeration.describe(), found());
                return false;
            }
        }
        let enumerated = node.enumeration.is_some();
        // A new thread's state is `None`. Only the kinds with per-value state write one, each
        // straight into the thread: a state built apart and copied in cost a store stall
        // on every value.
        let m = &mut *self.m;
        let thread = &mut m.threads[t];
        let pending = match kind {
            ValueKind::String if node.string.is_some() || enumerated => {
                let members = node
                    .enumeration
                    .as_deref()
                    .map_or((0, 0), |e| (0, e.strings.len() as u32));
                let pattern = node
                    .string
                    .as_deref()
                    .and_then(|s| s.pattern)
                    .filter(|&p| schema.patterns[p as usize].is_streaming())
                    .map(|p| schema.patterns[p as usize].start());
                let text = node
                    .string
                    .as_deref()
                    .is_some_and(|s| s.needs_text(&schema.patterns))
                    .then(Vec::new);
                m.frames[depth].checks_bytes = true;
                thread.state = ThreadState::String {
                    code_points: 0,
                    members,
                    pattern,
                    text,
                };
                true
            }
            ValueKind::Number => node.number.is_some() || enumerated || node.types.is_some_and(TypeSet::integer_only),
            ValueKind::Object if node.object.is_some() => {
                let rules = node.object.as_deref().expect("checked above");
                thread.state = ThreadState::Object {
                    required: Bits::new(rules.required.len()),
                    seen: Bits::new(rules.tracked.len()),
                    names: rules.all_names(),
                    pending: None,
                    child: NO_GOAL,
                    more: None,
                };
                let frame = &mut m.frames[depth];
                frame.limits_members |= rules.max_properties.is_some();
                if frame.names_thread == NO_THREAD && rules.narrows_keys() && rules.names.len() <= 64 {
                    frame.names_thread = t as u32;
                }
                true
            }
            ValueKind::Array if node.array.is_some() => {
                let rules = node.array.as_deref().expect("checked above");
                thread.state = ThreadState::Array {
                    child: NO_GOAL,
                    contains_child: NO_GOAL,
                    contains_count: 0,
                };
                let frame = &mut m.frames[depth];
                frame.limits_items |= rules.max_items.is_some() || rules.rest == Rest::Closed;
                frame.counts_items |= rules.unique_items || rules.contains.is_some();
                true
            }
            ValueKind::Object | ValueKind::Array => enumerated,
            _ => false,
        };
        let unevaluated = match kind {
            ValueKind::Object => node.object.as_deref().is_some_and(|o| o.unevaluated.is_some()),
            ValueKind::Array => node.array.as_deref().is_some_and(|a| a.unevaluated.is_some()),
            _ => false,
        };
        if unevaluated {
            m.frames[depth].unevaluated = true;
            thread.unevaluated = Some(Box::new(Unevaluated { child: NO_GOAL, ..Unevaluated::default() }));
        }
        if !pending {
            thread.status = Tri::True;
        }
        enumerated && matches!(kind, ValueKind::Object | ValueKind::Array)
    }

    // ---- strings ------------------------------------------------------------------------

    pub(crate) fn string_bytes(&mut self, bytes: &[u8], at: u64, raw: bool) -> Result<(), Rejection> {
        let depth = self.top()?;
        self.capture_event(|sink| sink.string_fragment(bytes));
        let frame = &self.m.frames[depth];
        if !frame.checks_bytes {
            self.m.frames[depth].count += bytes.len() as u64;
            return Ok(());
        }
        let position = frame.count as usize;
        let offset_of = |i: usize| if raw { at + i as u64 } else { at };
        let mut deaths: Vec<Death> = Vec::new();
        for t in self.thread_range(depth) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            let node = &self.schema.nodes[self.m.threads[t].node as usize];
            let ThreadState::String { code_points, members, pattern, text } = &mut self.m.threads[t].state else {
                continue;
            };
            if let Some(text) = text {
                text.extend_from_slice(bytes);
            }
            let mut failure: Option<(usize, &'static str, String, String)> = None;

            if let Some(enumeration) = node.enumeration.as_deref() {
                match enumeration.narrow(*members, position, bytes) {
                    Ok(range) => *members = range,
                    Err(i) => {
                        *members = (0, 0);
                        let found = format!("a string whose byte {} is {}", position + i, crate::lexer::describe_byte(bytes[i]));
                        failure = Some((i, enumeration.keyword, enumeration.describe(), found));
                    }
                }
            }
            if let Some(rules) = node.string.as_deref() {
                if let Some(max) = rules.max_length {
                    let before = *code_points;
                    *code_points += crate::schema::count_code_points(bytes);
                    if *code_points > max {
                        // The lead byte of code point `max + 1`.
                        let mut seen = before;
                        let index = bytes
                            .iter()
                            .position(|&b| {
                                if b & 0xC0 != 0x80 {
                                    seen += 1;
                                }
                                seen > max
                            })
                            .unwrap_or(0);
                        if failure.as_ref().is_none_or(|f| index < f.0) {
                            failure = Some((
                                index,
                                "maxLength",
                                format!("a string of {}", quantity(max, "character", "at most")),
                                format!("a string of more than {}", quantity(max, "character", "")),
                            ));
                        }
                    }
                } else if rules.min_length.is_some() {
                    *code_points += crate::schema::count_code_points(bytes);
                }
                if let (Some(id), Some(walk)) = (rules.pattern, pattern.as_mut()) {
                    let compiled = &self.schema.patterns[id as usize];
                    if let Err(index) = compiled.step(walk, bytes) {
                        if failure.as_ref().is_none_or(|f| index < f.0) {
                            failure = Some((
                                index,
                                "pattern",
                                format!("a string matching {:?}", compiled.source),
                                "a string that cannot match it".to_owned(),
                            ));
                        }
                    }
                }
            }
            if let Some((index, keyword, expected, found)) = failure {
                deaths.push(Death { offset: offset_of(index), thread: t, keyword, expected, found });
            }
        }
        self.m.frames[depth].count += bytes.len() as u64;
        self.apply_deaths(depth, deaths)
    }

    pub(crate) fn end_string(&mut self, at: u64) -> Result<(), Rejection> {
        let depth = self.top()?;
        if self.top_is_free() {
            return self.end_value(depth, at);
        }
        let length = self.m.frames[depth].count as usize;
        self.capture_event(Sink::end_string);
        for t in self.thread_range(depth) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            let node = &self.schema.nodes[self.m.threads[t].node as usize];
            let ThreadState::String { code_points, members, pattern, text } = &self.m.threads[t].state else {
                self.m.threads[t].status = Tri::True;
                continue;
            };
            let mut failure: Option<(&'static str, String, String)> = None;
            if let Some(enumeration) = node.enumeration.as_deref() {
                if !enumeration.has_exact(*members, length) {
                    failure = Some((enumeration.keyword, enumeration.describe(), "a string that ends too early".to_owned()));
                }
            }
            if let Some(rules) = node.string.as_deref() {
                if let Some(min) = rules.min_length {
                    if *code_points < min && failure.is_none() {
                        failure = Some((
                            "minLength",
                            format!("a string of {}", quantity(min, "character", "at least")),
                            quantity(*code_points, "character", ""),
                        ));
                    }
                }
                if let (Some(id), Some(walk)) = (rules.pattern, pattern) {
                    let compiled = &self.schema.patterns[id as usize];
                    if failure.is_none() && !compiled.finish(*walk) {
                        failure = Some((
                            "pattern",
                            format!("a string matching {:?}", compiled.source),
                            "a string that does not match".to_owned(),
                        ));
                    }
                }
                if let Some(text) = text.as_deref().filter(|_| failure.is_none()) {
                    let text = String::from_utf8_lossy(text);
                    if let Some(id) = rules.pattern.filter(|&p| !self.schema.patterns[p as usize].is_streaming()) {
                        let compiled = &self.schema.patterns[id as usize];
                        match compiled.matches_text(&text) {
                            Ok(true) => {}
                            Ok(false) => {
                                failure = Some((
                                    "pattern",
                                    format!("a string matching {:?}", compiled.source),
                                    "a string that does not match".to_owned(),
                                ));
                            }
                            Err(why) => failure = Some(("pattern", format!("a string matching {:?}", compiled.source), why)),
                        }
                    }
                    if let Some(name) = rules.format.as_deref().filter(|_| failure.is_none()) {
                        if !crate::schema::format::check(name, &text) {
                            failure = Some(("format", format!("a string in the {name:?} format"), excerpt(text.as_bytes())));
                        }
                    }
                }
            }
            match failure {
                Some((keyword, expected, found)) => self.kill(t, depth, at, keyword, expected, found),
                None => self.m.threads[t].status = Tri::True,
            }
        }
        self.end_value(depth, at)
    }

    // ---- numbers and literals -----------------------------------------------------------

    pub(crate) fn end_number(&mut self, text: &[u8], at: u64) -> Result<(), Rejection> {
        let depth = self.top()?;
        if self.top_is_free() {
            return self.end_value(depth, at);
        }
        // Number text is ASCII; it is checked as text only when a capture or a message
        // needs it.
        let written = || std::str::from_utf8(text).unwrap_or("");
        self.capture_event(|sink| sink.number(written()));
        let mut value: Option<Decimal> = None;
        let plain = PlainDecimal::parse(text);
        for t in self.thread_range(depth) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            let node = &self.schema.nodes[self.m.threads[t].node as usize];
            // Most numbers are short and bounded by integers: they pass without a Decimal.
            // Anything else, failures included, goes through the exact checks below.
            if let Some(plain) = plain {
                let integer_ok = !node.types.is_some_and(TypeSet::integer_only) || plain.is_integer();
                let rules_ok = node.number.as_deref().is_none_or(|rules| rules.passes_plain(plain));
                if integer_ok && rules_ok && node.enumeration.is_none() {
                    self.m.threads[t].status = Tri::True;
                    continue;
                }
            }
            let number = value.get_or_insert_with(|| Decimal::parse(text).unwrap_or_else(|| Decimal::parse(b"0").expect("zero parses")));
            let found = || written().to_owned();
            let mut failure: Option<(&'static str, String, String)> = None;
            if node.types.is_some_and(TypeSet::integer_only) && !number.is_integer() {
                failure = Some(("type", "an integer".to_owned(), found()));
            }
            if failure.is_none() {
                if let Some(rules) = node.number.as_deref() {
                    if let Err(f) = rules.check(number) {
                        failure = Some((f.keyword, f.expected, found()));
                    }
                }
            }
            if failure.is_none() {
                if let Some(enumeration) = node.enumeration.as_deref() {
                    if !enumeration.contains_number(number) {
                        failure = Some((enumeration.keyword, enumeration.describe(), found()));
                    }
                }
            }
            match failure {
                Some((keyword, expected, found)) => self.kill(t, depth, at, keyword, expected, found),
                None => self.m.threads[t].status = Tri::True,
            }
        }
        self.end_value(depth, at)
    }

    pub(crate) fn end_literal(&mut self, at: u64) -> Result<(), Rejection> {
        let depth = self.top()?;
        let kind = self.m.frames[depth].kind;
        self.capture_event(|sink| match kind {
            ValueKind::True => sink.boolean(true),
            ValueKind::False => sink.boolean(false),
            _ => sink.null(),
        });
        self.end_value(depth, at)
    }

    // ---- scalars read whole -------------------------------------------------------------

    /// Accepts a complete scalar, read whole, inside the innermost container without opening
    /// a frame for it: `bytes` is a string's content or a number's text, and empty for a
    /// literal. That holds when the container neither counts nor evaluates its children and
    /// every schema its live threads demand of the value has no combinator and passes, so
    /// that the frame path would end with nothing changed around the value.
    ///
    /// Returns `false`, having changed nothing, in every other case: the caller then takes
    /// the frame path, which decides the value and reports any failure at its own offset.
    pub(crate) fn accepts_scalar(&mut self, kind: ValueKind, bytes: &[u8]) -> bool {
        if !self.m.captures.is_empty() {
            return false;
        }
        let Some(depth) = self.m.frames.len().checked_sub(1) else {
            return false;
        };
        let parent = &self.m.frames[depth];
        if parent.unevaluated || parent.counts_items {
            return false;
        }
        let is_array = parent.kind == ValueKind::Array;
        let index = parent.count;
        let threads = self.thread_range(depth);

        // For a value accepted here, the frame path would add at most one thread per live
        // thread of the container, and reject the value if that passed `max_candidates`.
        if self.m.threads.len() + threads.len() > self.options.max_candidates {
            return false;
        }

        for t in threads {
            let thread = &self.m.threads[t];
            if thread.status != Tri::Unknown {
                continue;
            }
            let demand = if is_array {
                match self.item_schema(t, index) {
                    Ok(demand) => demand,
                    Err(_) => return false,
                }
            } else {
                match &thread.state {
                    ThreadState::Object { more: Some(more), .. } if !more.pending.is_empty() => return false,
                    ThreadState::Object { pending, .. } => *pending,
                    _ => None,
                }
            };
            if demand.is_some_and(|node| !self.scalar_passes(node, kind, bytes)) {
                return false;
            }
        }

        if is_array {
            self.m.frames[depth].count += 1;
        }
        true
    }

    /// Returns whether a complete scalar certainly passes `node`: its plan passes the kind
    /// at once, or it is one schema without combinators whose local rules hold. `false`
    /// also means "not decided here".
    fn scalar_passes(&self, node: NodeId, kind: ValueKind, bytes: &[u8]) -> bool {
        let plan = self.schema.plan(node);
        if plan.passes_at_start & kind.bit() != 0 {
            return true;
        }
        if !plan.ops.is_empty() || plan.result != Slot::Atom(0) {
            return false;
        }
        let node = &self.schema.nodes[plan.atoms[0] as usize];
        if node.never || node.types.is_some_and(|types| !types.admits(kind)) {
            return false;
        }
        match kind {
            ValueKind::String => {
                if let Some(enumeration) = node.enumeration.as_deref() {
                    if enumeration.strings.binary_search_by(|member| member[..].cmp(bytes)).is_err() {
                        return false;
                    }
                }
                node.string.as_deref().is_none_or(|rules| self.string_passes(rules, bytes))
            }
            ValueKind::Number => {
                let Some(plain) = PlainDecimal::parse(bytes) else {
                    return false;
                };
                node.enumeration.is_none()
                    && (!node.types.is_some_and(TypeSet::integer_only) || plain.is_integer())
                    && node.number.as_deref().is_none_or(|rules| rules.passes_plain(plain))
            }
            ValueKind::True | ValueKind::False | ValueKind::Null => node.enumeration.is_none(),
            ValueKind::Object | ValueKind::Array => false,
        }
    }

    /// Returns whether a whole string, valid UTF-8 without escapes, passes `rules`.
    fn string_passes(&self, rules: &crate::schema::StringRules, bytes: &[u8]) -> bool {
        if rules.min_length.is_some() || rules.max_length.is_some() {
            let length = crate::schema::count_code_points(bytes);
            if rules.min_length.is_some_and(|min| length < min) || rules.max_length.is_some_and(|max| length > max) {
                return false;
            }
        }
        if let Some(id) = rules.pattern {
            let pattern = &self.schema.patterns[id as usize];
            if !pattern.is_streaming() || !pattern.matches_whole(bytes) {
                return false;
            }
        }
        match rules.format.as_deref() {
            None => true,
            Some(name) => std::str::from_utf8(bytes).is_ok_and(|text| crate::schema::format::check(name, text)),
        }
    }

    // ---- objects ------------------------------------------------------------------------

    pub(crate) fn begin_key(&mut self, at: u64) -> Result<(), Rejection> {
        let depth = self.top()?;
        if self.options.allow_duplicate_keys {
            // Only the current key is needed: drop the previous one of this object.
            let span_start = self.m.frames[depth].span_start as usize;
            if let Some(&(start, _)) = self.m.key_spans.get(span_start) {
                self.m.keys.truncate(start as usize);
                self.m.key_spans.truncate(span_start);
            }
        }
        self.m.key_start = self.m.keys.len();
        // Each live object thread starts a key with all its names and no pending schema:
        // `start_thread` sets them up and `end_key` resets them after each key.
        if !self.m.frames[depth].limits_members {
            return Ok(());
        }
        let count = self.m.frames[depth].count;
        let mut killed = false;
        for t in self.thread_range(depth) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            let node = &self.schema.nodes[self.m.threads[t].node as usize];
            let Some(max) = node.object.as_deref().and_then(|rules| rules.max_properties) else { continue };
            if count >= max {
                self.kill(t, depth, at, "maxProperties", quantity(max, "member", "at most"), format!("member {}", count + 1));
                killed = true;
            }
        }
        if killed {
            self.settle(depth, at)?;
        }
        Ok(())
    }

    /// Does what `begin_key`, `key_bytes` and `end_key` would do with a key read whole,
    /// whose closing quote is at `at`, when the key can only fail as a repeat. That holds
    /// when all of these do:
    ///
    /// - the object has no `maxProperties`, nothing is captured, and repeated keys are
    ///   checked;
    /// - at most one thread is live, and when its schema has object rules, they have no
    ///   `propertyNames`, `patternProperties` or `unevaluatedProperties`;
    /// - that schema admits the key, and the key's value schema is not `false`;
    /// - the key does not complete the required names of a schema that passes with them.
    ///
    /// Returns `Ok(false)`, having changed nothing, in every other case.
    pub(crate) fn ends_whole_key(&mut self, key: &[u8], at: u64) -> Result<bool, Rejection> {
        let Some(depth) = self.m.frames.len().checked_sub(1) else {
            return Ok(false);
        };
        let frame = &self.m.frames[depth];
        if frame.limits_members || self.options.allow_duplicate_keys || !self.m.captures.is_empty() {
            return Ok(false);
        }
        let mut live = None;
        for t in self.thread_range(depth) {
            if self.m.threads[t].status == Tri::Unknown {
                if live.is_some() {
                    return Ok(false);
                }
                live = Some(t);
            }
        }
        // The live thread's new state: its value's schema, and the key's indexes among
        // its required and tracked names.
        let mut update = None;
        let mut known = None;
        let rules = live.and_then(|t| self.schema.nodes[self.m.threads[t].node as usize].object.as_deref());
        if let (Some(t), Some(rules)) = (live, rules) {
            if rules.property_names.is_some() || !rules.patterns.is_empty() || rules.unevaluated.is_some() {
                return Ok(false);
            }
            let info = rules.key_info(key);
            let value = match info.property {
                u32::MAX => match rules.additional {
                    Additional::Any => None,
                    Additional::Schema(node) if !rules.additional_false => Some(node),
                    _ => return Ok(false),
                },
                i if rules.value_false[i as usize] => return Ok(false),
                i => Some(rules.values[i as usize]),
            };
            let ThreadState::Object { required, .. } = &self.m.threads[t].state else {
                return Ok(false);
            };
            if rules.passes_early {
                let new = info.required != u32::MAX && !required.get(info.required as usize);
                if required.count() + usize::from(new) == rules.required.len() {
                    return Ok(false);
                }
            }
            match frame.names_thread {
                NO_THREAD => {}
                n if n as usize == t && info.property != u32::MAX => known = Some(info.property as usize),
                _ => return Ok(false),
            }
            update = Some((t, value, info.required, info.tracked));
        } else if frame.names_thread != NO_THREAD {
            return Ok(false);
        }

        self.m.key_start = self.m.keys.len();
        self.m.keys.extend_from_slice(key);
        self.check_duplicate_of(depth, at, known)?;
        let start = self.m.key_start;
        self.m.key_spans.push((start as u32, key.len() as u32));
        self.m.frames[depth].count += 1;
        if let Some((t, value, required, tracked)) = update {
            // The names were never narrowed: they are all the names, as `end_key` leaves
            // them for the next key.
            if let ThreadState::Object { required: bits, seen, pending, more, .. } = &mut self.m.threads[t].state {
                if required != u32::MAX {
                    bits.set(required as usize);
                }
                if tracked != u32::MAX {
                    seen.set(tracked as usize);
                }
                *pending = value;
                if let Some(more) = more {
                    more.pending.clear();
                }
            }
        }
        Ok(true)
    }

    pub(crate) fn key_bytes(&mut self, bytes: &[u8], at: u64, raw: bool) -> Result<(), Rejection> {
        let depth = self.top()?;
        let position = self.m.keys.len() - self.m.key_start;
        self.m.keys.extend_from_slice(bytes);
        if self.top_is_free() {
            return Ok(());
        }
        let mut deaths: Vec<Death> = Vec::new();
        for t in self.thread_range(depth) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            let node = &self.schema.nodes[self.m.threads[t].node as usize];
            let Some(rules) = node.object.as_deref().filter(|r| r.narrows_keys()) else { continue };
            let ThreadState::Object { names, .. } = &mut self.m.threads[t].state else { continue };
            if let Err(i) = rules.narrow(names, position, bytes) {
                let prefix_end = self.m.key_start + position + i + 1;
                let found = format!(
                    "a key starting {:?}",
                    String::from_utf8_lossy(&self.m.keys[self.m.key_start..prefix_end.min(self.m.keys.len())])
                );
                let expected = rules.describe_names();
                deaths.push(Death {
                    offset: if raw { at + i as u64 } else { at },
                    thread: t,
                    keyword: "additionalProperties",
                    expected,
                    found,
                });
            }
        }
        self.apply_deaths(depth, deaths)
    }

    pub(crate) fn end_key(&mut self, at: u64) -> Result<(), Rejection> {
        let depth = self.top()?;
        self.check_duplicate(depth, at)?;
        let start = self.m.key_start;
        self.m
            .key_spans
            .push((start as u32, (self.m.keys.len() - start) as u32));
        self.m.frames[depth].count += 1;
        if self.top_is_free() {
            return Ok(());
        }

        if !self.m.captures.is_empty() {
            let key = String::from_utf8_lossy(&self.m.keys[start..]).into_owned();
            self.capture_event(|sink| sink.key(&key));
        }

        let mut changed = false;
        for t in self.thread_range(depth) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            let schema = self.schema;
            let node = &schema.nodes[self.m.threads[t].node as usize];
            let Some(rules) = node.object.as_deref() else { continue };
            if let Some(names) = rules.property_names {
                if let Err(failure) = self.check_key(names, start, at) {
                    let expected = format!("a key that matches the schema at {:?}: {}", schema.nodes[names as usize].path, failure.expected());
                    let found = format!("the key {}", excerpt(&self.m.keys[start..]));
                    self.kill(t, depth, at, "propertyNames", expected, found);
                    changed = true;
                    continue;
                }
            }
            let key = &self.m.keys[start..];
            let found = || format!("the key {}", excerpt(key));
            // Every schema that applies to the value: its property's, those of the
            // patterns it matches, or else `additionalProperties`.
            let info = match &self.m.threads[t].state {
                ThreadState::Object { names, .. } => rules.narrowed_key_info(key, *names),
                _ => rules.key_info(key),
            };
            // Whether `first` is a `false` schema, from flags kept with the rules: reading
            // the node itself here cost a cache miss on most keys.
            let plain_false = |id: &NodeId| schema.nodes[*id as usize].is_plain_false();
            let (mut first, mut first_false) = match info.property {
                u32::MAX => (None, false),
                i => (Some(rules.values[i as usize]), rules.value_false[i as usize]),
            };
            let mut more = Vec::new();
            for &(pattern, node) in &rules.patterns {
                if schema.patterns[pattern as usize].matches_whole(key) {
                    match first {
                        None => (first, first_false) = (Some(node), plain_false(&node)),
                        Some(_) => more.push(node),
                    }
                }
            }
            if first.is_none() {
                match rules.additional {
                    Additional::Any => {}
                    Additional::Schema(node) => (first, first_false) = (Some(node), rules.additional_false),
                    Additional::Closed => {
                        let expected = rules.describe_names();
                        let found = found();
                        self.kill(t, depth, at, "additionalProperties", expected, found);
                        changed = true;
                        continue;
                    }
                }
            }
            // A `false` subschema fails as soon as its key is known.
            let false_target = if first_false {
                first
            } else if more.is_empty() {
                None
            } else {
                more.iter().copied().find(plain_false)
            };
            if let Some(target) = false_target.map(|id| &schema.nodes[id as usize]) {
                let failure = Failure {
                    offset: at,
                    depth,
                    schema_path: target.path.clone(),
                    expected: "no such key (its schema is false)".to_owned(),
                    found: found(),
                };
                self.m.threads[t].status = Tri::False;
                self.m.threads[t].failure = Some(Box::new(failure));
                changed = true;
                continue;
            }
            if let Some(unevaluated) = rules.unevaluated {
                if !rules.evaluates(key, &schema.patterns, false) {
                    let candidates: Vec<NodeId> = schema
                        .plan(self.m.threads[t].node)
                        .closure
                        .iter()
                        .map(|&(id, _)| id)
                        .filter(|&id| schema.nodes[id as usize].object.as_deref().is_some_and(|o| o.evaluates(key, &schema.patterns, true)))
                        .collect();
                    if candidates.is_empty() {
                        // No other schema can evaluate this key: its value must match.
                        match first {
                            None => first = Some(unevaluated),
                            Some(_) => more.push(unevaluated),
                        }
                    } else if let Some(state) = self.m.threads[t].unevaluated.as_deref_mut() {
                        state.pending = Some(unevaluated);
                        state.candidates = candidates;
                    }
                }
            }
            let required = (info.required != u32::MAX).then_some(info.required as usize);
            let tracked = (info.tracked != u32::MAX).then_some(info.tracked as usize);
            if let ThreadState::Object { required: bits, seen, names, pending, more: extra, .. } = &mut self.m.threads[t].state {
                *names = rules.all_names();
                if let Some(i) = required {
                    bits.set(i);
                }
                if let Some(i) = tracked {
                    seen.set(i);
                }
                *pending = first;
                if !more.is_empty() {
                    extra.get_or_insert_default().pending = more;
                } else if let Some(extra) = extra {
                    extra.pending.clear();
                }
                if rules.passes_early && bits.count() == rules.required.len() {
                    self.m.threads[t].status = Tri::True;
                    changed = true;
                }
            }
        }
        if changed {
            self.settle(depth, at)?;
        }
        Ok(())
    }

    /// Validates the key at `start` in `keys` against `node`, the schema of
    /// `propertyNames`, with a matcher of its own.
    fn check_key(&mut self, node: NodeId, start: usize, at: u64) -> Result<(), Rejection> {
        let mut sub = self.m.spare.take().unwrap_or_else(|| Box::new(Matcher::new()));
        sub.reset(Some(node));
        let mut engine = Engine {
            schema: self.schema,
            options: self.options,
            m: &mut sub,
        };
        let key = &self.m.keys[start..];
        let result = engine
            .begin_value(ValueKind::String, at)
            .and_then(|()| engine.string_bytes(key, at, false))
            .and_then(|()| engine.end_string(at));
        self.m.spare = Some(sub);
        result
    }

    fn check_duplicate(&mut self, depth: usize, at: u64) -> Result<(), Rejection> {
        if self.options.allow_duplicate_keys {
            return Ok(());
        }
        let known = self.known_name(depth, &self.m.keys[self.m.key_start..]);
        self.check_duplicate_of(depth, at, known)
    }

    /// Checks that the key being ended does not repeat one before it in its object, given
    /// its index among the names of the object's `names_thread`, when it is one of them.
    fn check_duplicate_of(&mut self, depth: usize, at: u64, known: Option<usize>) -> Result<(), Rejection> {
        let start = self.m.key_start;
        let key = &self.m.keys[start..];
        if let Some(index) = known {
            let frame = &mut self.m.frames[depth];
            let bit = 1u64 << index;
            let repeated = frame.names_seen & bit != 0;
            frame.names_seen |= bit;
            return if repeated { Err(self.duplicate_key(depth, at)) } else { Ok(()) };
        }
        let frame = &self.m.frames[depth];
        let spans = &self.m.key_spans[frame.span_start as usize..];
        // Lengths and first bytes settle most comparisons without a call to memcmp. An
        // empty key has no first byte, and the byte at its start belongs to the next key.
        let same = |&(s, l): &(u32, u32)| {
            l as usize == key.len()
                && (l == 0 || (key[0] == self.m.keys[s as usize] && &self.m.keys[s as usize..(s + l) as usize] == key))
        };
        let duplicate = if spans.len() < LINEAR_KEY_SCAN {
            spans.iter().any(same)
        } else {
            let hasher = &self.m.hasher;
            let hash = |bytes: &[u8]| hasher.hash_one(bytes);
            let frame = &mut self.m.frames[depth];
            let hashes = frame.key_hashes.get_or_insert_with(|| {
                let mut set = HashSet::with_capacity_and_hasher(2 * LINEAR_KEY_SCAN, BuildHasherDefault::default());
                set.extend(spans.iter().map(|&(s, l)| hash(&self.m.keys[s as usize..(s + l) as usize])));
                Box::new(set)
            });
            !hashes.insert(hash(key)) && spans.iter().any(same)
        };
        if duplicate {
            return Err(self.duplicate_key(depth, at));
        }
        Ok(())
    }

    /// Returns the index of the key being ended among the property names of the object's
    /// `names_thread`, when it is one of them. A key that is not one of those names cannot
    /// repeat one of them, so keys are compared only with keys outside the names.
    #[inline]
    fn known_name(&self, depth: usize, key: &[u8]) -> Option<usize> {
        let t = self.m.frames[depth].names_thread;
        if t == NO_THREAD {
            return None;
        }
        let thread = &self.m.threads[t as usize];
        let rules = self.schema.nodes[thread.node as usize].object.as_deref()?;
        // A live thread has narrowed its names with the key's bytes, but a dead one has not.
        let info = match &thread.state {
            ThreadState::Object { names, .. } if thread.status == Tri::Unknown => rules.narrowed_key_info(key, *names),
            _ => rules.key_info(key),
        };
        (info.property != u32::MAX).then_some(info.property as usize)
    }

    fn duplicate_key(&self, depth: usize, at: u64) -> Rejection {
        let key = &self.m.keys[self.m.key_start..];
        let mut rejection = Rejection::new(
            RejectionKind::DuplicateKey,
            at,
            "a key not used before in this object (the allow_duplicate_keys option accepts repeats)",
            format!("{:?} again", String::from_utf8_lossy(key)),
        );
        rejection.0.instance_path = self.m.path_to(depth);
        rejection
    }

    pub(crate) fn next_member(&mut self, at: u64) -> Result<(), Rejection> {
        let depth = self.top()?;
        if !self.m.frames[depth].limits_members {
            return Ok(());
        }
        let count = self.m.frames[depth].count;
        let mut killed = false;
        for t in self.thread_range(depth) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            let node = &self.schema.nodes[self.m.threads[t].node as usize];
            let Some(max) = node.object.as_deref().and_then(|r| r.max_properties) else { continue };
            if count >= max {
                self.kill(t, depth, at, "maxProperties", quantity(max, "member", "at most"), format!("a comma opening member {}", count + 1));
                killed = true;
            }
        }
        if killed {
            self.settle(depth, at)?;
        }
        Ok(())
    }

    pub(crate) fn end_object(&mut self, at: u64) -> Result<(), Rejection> {
        let depth = self.top()?;
        if self.top_is_free() {
            return self.end_value(depth, at);
        }
        let count = self.m.frames[depth].count;
        self.capture_event(Sink::end_object);
        for t in self.thread_range(depth) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            let node = &self.schema.nodes[self.m.threads[t].node as usize];
            let mut failure: Option<(&'static str, String, String)> = None;
            // The trigger key of a failed `dependentRequired`, the last token of its path.
            let mut dependency_path: Option<String> = None;
            if let (Some(rules), ThreadState::Object { required, seen, .. }) = (node.object.as_deref(), &self.m.threads[t].state) {
                let unmet = rules.dependencies.iter().find_map(|(trigger, needed)| {
                    let missing = needed.iter().find(|&&i| !seen.get(i))?;
                    seen.get(*trigger).then_some((*trigger, *missing))
                });
                if let Some(missing) = required.first_unset(rules.required.len()) {
                    let name = String::from_utf8_lossy(&rules.required[missing]);
                    failure = Some(("required", format!("the required key {name:?}"), "'}' before it".to_owned()));
                } else if let Some(min) = rules.min_properties.filter(|&min| count < min) {
                    failure = Some(("minProperties", quantity(min, "member", "at least"), quantity(count, "member", "")));
                } else if let Some((trigger, missing)) = unmet {
                    let trigger = String::from_utf8_lossy(&rules.tracked[trigger]).into_owned();
                    let missing = String::from_utf8_lossy(&rules.tracked[missing]);
                    failure = Some((
                        rules.dependency_keyword,
                        format!("the key {missing:?}, required when {trigger:?} is present"),
                        format!("the end of the object without {missing:?}"),
                    ));
                    dependency_path = Some(trigger);
                }
            }
            match failure {
                Some((keyword, expected, found)) => {
                    self.kill(t, depth, at, keyword, expected, found);
                    if let (Some(trigger), Some(failure)) = (dependency_path, self.m.threads[t].failure.as_deref_mut()) {
                        failure.schema_path = crate::schema::join_pointer(&failure.schema_path, &trigger);
                    }
                }
                None => self.check_container_enum(t, depth, at),
            }
        }
        self.decide_unevaluated(depth, at);
        self.end_value(depth, at)
    }

    // ---- arrays -------------------------------------------------------------------------

    pub(crate) fn next_item(&mut self, at: u64) -> Result<(), Rejection> {
        let depth = self.top()?;
        if !self.m.frames[depth].limits_items {
            return Ok(());
        }
        let index = self.m.frames[depth].count;
        let mut killed = false;
        for t in self.thread_range(depth) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            if let Err((keyword, expected)) = self.item_schema(t, index) {
                self.kill(t, depth, at, keyword, expected, format!("a comma opening item {index}"));
                killed = true;
            }
        }
        if killed {
            self.settle(depth, at)?;
        }
        Ok(())
    }

    pub(crate) fn end_array(&mut self, at: u64) -> Result<(), Rejection> {
        let depth = self.top()?;
        if self.top_is_free() {
            return self.end_value(depth, at);
        }
        let count = self.m.frames[depth].count;
        self.capture_event(Sink::end_array);
        for t in self.thread_range(depth) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            let node = &self.schema.nodes[self.m.threads[t].node as usize];
            let rules = node.array.as_deref();
            let min = rules.and_then(|r| r.min_items).filter(|&min| count < min);
            let matched = match &self.m.threads[t].state {
                ThreadState::Array { contains_count, .. } => *contains_count,
                _ => 0,
            };
            let min_contains = rules
                .filter(|r| r.contains.is_some())
                .map(|r| r.min_contains.unwrap_or(1))
                .filter(|&min| matched < min);
            if let Some(min) = min {
                self.kill(t, depth, at, "minItems", quantity(min, "item", "at least"), quantity(count, "item", ""));
            } else if let Some(min) = min_contains {
                let keyword = if rules.and_then(|r| r.min_contains).is_some() { "minContains" } else { "contains" };
                let expected = format!("{} matching contains", quantity(min, "item", "at least"));
                self.kill(t, depth, at, keyword, expected, quantity(matched, "matching item", ""));
            } else {
                self.check_container_enum(t, depth, at);
            }
        }
        self.decide_unevaluated(depth, at);
        self.end_value(depth, at)
    }

    // ---- value end ----------------------------------------------------------------------

    /// Checks an object or array thread's enumeration against the captured value, and
    /// marks the thread passed when it holds.
    fn check_container_enum(&mut self, t: usize, depth: usize, at: u64) {
        let node = &self.schema.nodes[self.m.threads[t].node as usize];
        let deferred = self.m.threads[t].unevaluated.as_deref().is_some_and(|u| !u.failures.is_empty());
        let Some(enumeration) = node.enumeration.as_deref() else {
            if !deferred {
                self.m.threads[t].status = Tri::True;
            }
            return;
        };
        let captured = self.m.frames[depth]
            .capture
            .and_then(|c| self.m.captures.get(c))
            .and_then(|c| c.sink.peek());
        let equal = captured.is_some_and(|value| enumeration.contains_container(value));
        if equal {
            if !deferred {
                self.m.threads[t].status = Tri::True;
            }
        } else {
            let kind = self.m.frames[depth].kind;
            self.kill(t, depth, at, enumeration.keyword, enumeration.describe(), format!("a different {}", kind.name()));
        }
    }

    /// Decides the value at `depth`, which has ended, then closes its frame.
    fn end_value(&mut self, depth: usize, at: u64) -> Result<(), Rejection> {
        // A free value whose container has no threads either changes nothing around it.
        if self.top_is_free() && depth > 0 && self.m.frames[depth - 1].thread_start as usize == self.m.threads.len() {
            self.pop_frame(depth);
            return Ok(());
        }
        let mut failed = false;
        for t in self.thread_range(depth) {
            match self.m.threads[t].status {
                Tri::Unknown => self.m.threads[t].status = Tri::True,
                Tri::False => failed = true,
                Tri::True => {}
            }
        }
        let (unevaluated, counts_items) = match depth.checked_sub(1) {
            Some(parent) => (self.m.frames[parent].unevaluated, self.m.frames[parent].counts_items),
            None => (false, false),
        };
        // With every thread passed and every goal its one thread's result, settling can
        // only mark the goals passed, and nothing reads them before they are dropped
        // unless the container counts or evaluates its children.
        let goals_single = self.m.goals[self.goal_range(depth)].iter().all(|g| g.single);
        if failed || unevaluated || counts_items || !goals_single {
            self.settle(depth, at)?;
        }
        let parent_changed = depth > 0 && {
            let unevaluated = unevaluated && self.note_unevaluated(depth, at);
            let counted = counts_items && self.count_item(depth, at)?;
            unevaluated || counted
        };
        self.pop_frame(depth);
        if parent_changed {
            self.settle(depth - 1, at)?;
        }
        Ok(())
    }

    /// Closes the frame at `depth`, the innermost, with its threads, goals, keys and
    /// capture.
    fn pop_frame(&mut self, depth: usize) {
        let frame = self.m.frames.last().expect("a value is open");
        let (kind, thread_start, goal_start, span_start, captured) =
            (frame.kind, frame.thread_start, frame.goal_start, frame.span_start, frame.capture.is_some());
        self.m.frames.truncate(depth);
        self.m.threads.truncate(thread_start as usize);
        self.m.goals.truncate(goal_start as usize);
        if matches!(kind, ValueKind::Object) {
            if let Some(&(start, _)) = self.m.key_spans.get(span_start as usize) {
                self.m.keys.truncate(start as usize);
            }
            self.m.key_spans.truncate(span_start as usize);
            self.m.key_start = self.m.keys.len();
        }
        if captured {
            self.m.captures.pop();
        }
    }

    /// Reads the soft `unevaluated*` goals of the child at `depth`, which has ended and been
    /// settled, into its container's threads. Returns whether a thread failed.
    fn note_unevaluated(&mut self, depth: usize, at: u64) -> bool {
        let parent = depth - 1;
        let goal_start = self.m.frames[depth].goal_start as usize;
        let is_array = self.m.frames[parent].kind == ValueKind::Array;
        let mut changed = false;
        for t in self.thread_range(parent) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            let Some(state) = self.m.threads[t].unevaluated.as_deref_mut() else { continue };
            let child = std::mem::replace(&mut state.child, NO_GOAL);
            let mut candidates = std::mem::take(&mut state.candidates);
            if child == NO_GOAL || self.m.goals[goal_start + child as usize].status != Tri::False {
                continue;
            }
            let own = self.m.threads[t].node;
            let what = match self.m.frames[depth].segment {
                Segment::Index(index) => {
                    // `contains` evaluates only the items that matched it.
                    candidates.retain(|&id| {
                        let rules = self.schema.nodes[id as usize].array.as_deref();
                        rules.is_some_and(|a| a.evaluates(index, id != own)) || self.contains_matched(parent, goal_start, id)
                    });
                    format!("item {index}")
                }
                Segment::Key(span) => {
                    let (start, length) = self.m.key_spans[span as usize];
                    format!("the key {}", excerpt(&self.m.keys[start as usize..(start + length) as usize]))
                }
                Segment::Root => String::new(),
            };
            if candidates.is_empty() {
                let keyword = if is_array { "unevaluatedItems" } else { "unevaluatedProperties" };
                let expected = format!("no {} that the schema's other keywords do not evaluate, unless it matches {keyword}", if is_array { "item" } else { "member" });
                self.kill(t, parent, at, keyword, expected, what);
                changed = true;
            } else if let Some(state) = self.m.threads[t].unevaluated.as_deref_mut() {
                state.failures.push((what, candidates));
            }
        }
        changed
    }

    /// Returns whether a live or passed thread of node `id` in the array at `parent` found that the
    /// item whose goals start at `goal_start` matched its `contains`.
    fn contains_matched(&self, parent: usize, goal_start: usize, id: NodeId) -> bool {
        self.thread_range(parent).any(|t| {
            let thread = &self.m.threads[t];
            // A failed thread keeps the goal index of an earlier item, and its annotations
            // are dropped anyway.
            thread.node == id
                && thread.status != Tri::False
                && match thread.state {
                    ThreadState::Array { contains_child, .. } => {
                        contains_child == NO_GOAL
                            || self.m.goals.get(goal_start + contains_child as usize).is_some_and(|g| g.status == Tri::True)
                    }
                    _ => false,
                }
        })
    }

    /// Decides the `unevaluated*` keywords of the threads of the container at `depth`, which
    /// is closing, once every other thread there has passed or failed. A remembered child
    /// passes when one of its candidate schemas kept its annotations.
    fn decide_unevaluated(&mut self, depth: usize, at: u64) {
        if !self.m.frames[depth].unevaluated {
            return;
        }
        let deferred: Vec<usize> = self
            .thread_range(depth)
            .filter(|&t| self.m.threads[t].status == Tri::Unknown && self.m.threads[t].unevaluated.as_deref().is_some_and(|u| !u.failures.is_empty()))
            .collect();
        let is_array = self.m.frames[depth].kind == ValueKind::Array;
        let goals = self.goal_range(depth);
        let frame_end = self.thread_range(depth).end;
        // Inner schemas sit after outer ones in a plan, so deciding in reverse order decides
        // an inner `unevaluated*` before an outer one reads its status.
        for t in deferred.into_iter().rev() {
            let goal = goals.clone().rev().map(|g| self.m.goals[g]).find(|g| g.thread_start as usize <= t);
            let Some(goal) = goal else { continue };
            let next = goals
                .clone()
                .map(|g| self.m.goals[g].thread_start as usize)
                .find(|&start| start > goal.thread_start as usize)
                .unwrap_or(frame_end);
            let range = goal.thread_start as usize..next;
            let node = self.m.threads[t].node;
            let plan = self.schema.plan(node);
            let status_of = |id: NodeId| {
                range
                    .clone()
                    .find(|&x| self.m.threads[x].node == id)
                    .map_or(Tri::Unknown, |x| self.m.threads[x].status)
            };
            let mut scratch = Vec::new();
            let mut overlap = None;
            plan.evaluate(|i| status_of(plan.atoms[i as usize]), &mut scratch, &mut overlap);
            let kept = |id: NodeId| {
                plan.closure.iter().find(|&&(c, _)| c == id).is_some_and(|&(_, slot)| match slot {
                    Slot::True => true,
                    Slot::Atom(i) => status_of(plan.atoms[i as usize]) == Tri::True,
                    Slot::Op(i) => scratch[i as usize] == Tri::True,
                })
            };
            let state = self.m.threads[t].unevaluated.as_deref().expect("filtered above");
            // The schema's own `contains` is among the candidates; its annotations are kept.
            let unevaluated = state.failures.iter().find(|(_, candidates)| !candidates.iter().any(|&id| id == node || kept(id)));
            if let Some((what, _)) = unevaluated {
                let what = what.clone();
                let keyword = if is_array { "unevaluatedItems" } else { "unevaluatedProperties" };
                let expected = format!("no {} that the schema's other keywords do not evaluate, unless it matches {keyword}", if is_array { "item" } else { "member" });
                self.kill(t, depth, at, keyword, expected, what);
            } else {
                self.m.threads[t].status = Tri::True;
            }
        }
    }

    /// Returns whether some live thread of the array at `depth` checks `uniqueItems`.
    fn wants_unique(&self, depth: usize) -> bool {
        self.m.frames[depth].counts_items
            && self.thread_range(depth).any(|t| {
                self.m.threads[t].status == Tri::Unknown
                    && self.schema.nodes[self.m.threads[t].node as usize]
                        .array
                        .as_deref()
                        .is_some_and(|a| a.unique_items)
            })
    }

    /// Applies the item at `depth`, which has ended and been settled, to the `contains`
    /// and `uniqueItems` rules of its array's threads. Returns whether a thread failed.
    fn count_item(&mut self, depth: usize, at: u64) -> Result<bool, Rejection> {
        let parent = depth - 1;
        let goal_start = self.m.frames[depth].goal_start as usize;
        let duplicate = match self.m.frames[depth].capture {
            Some(c) if self.m.frames[parent].unique.is_some() => {
                // A value too precise for `serde_json` cannot be hashed; it is let through.
                // NOTE: two such equal items are not caught.
                match self.m.captures[c].sink.peek() {
                    Some(value) => {
                        let hash = canonical_hash(value, &self.m.hasher, &self.m.hasher_extra);
                        let limit = self.options.max_buffered_bytes;
                        let set = self.m.frames[parent].unique.as_mut().expect("checked above");
                        let duplicate = !set.insert(hash);
                        if set.len() * std::mem::size_of::<u128>() > limit {
                            let mut rejection = Rejection::new(
                                RejectionKind::BufferLimit,
                                at,
                                format!("at most {limit} bytes of item hashes for uniqueItems (max_buffered_bytes)"),
                                format!("{} items", set.len()),
                            );
                            rejection.0.instance_path = self.m.path_to(parent);
                            return Err(rejection);
                        }
                        duplicate
                    }
                    None => false,
                }
            }
            _ => false,
        };
        let index = self.m.frames[parent].count - 1;
        let mut changed = false;
        for t in self.thread_range(parent) {
            if self.m.threads[t].status != Tri::Unknown {
                continue;
            }
            let Some(rules) = self.schema.nodes[self.m.threads[t].node as usize].array.as_deref() else { continue };
            if duplicate && rules.unique_items {
                self.kill(t, parent, at, "uniqueItems", "items that are all different".to_owned(), format!("item {index} equal to an earlier item"));
                changed = true;
                continue;
            }
            if rules.contains.is_none() {
                continue;
            }
            let ThreadState::Array { contains_child, contains_count, .. } = &mut self.m.threads[t].state else { continue };
            let matched = *contains_child == NO_GOAL || self.m.goals[goal_start + *contains_child as usize].status == Tri::True;
            if matched {
                *contains_count += 1;
                if let Some(max) = rules.max_contains.filter(|&max| *contains_count > max) {
                    let expected = format!("{} matching contains", quantity(max, "item", "at most"));
                    self.kill(t, parent, at, "maxContains", expected, format!("item {index}, one more"));
                    changed = true;
                }
            }
        }
        Ok(changed)
    }

    /// Sends an event to every open capture, enforcing the buffering limit.
    fn capture_event(&mut self, event: impl Fn(&mut ValueSink)) {
        for capture in &mut self.m.captures {
            event(&mut capture.sink);
        }
    }

    /// Rejects a captured value that has grown past `max_buffered_bytes`.
    #[inline]
    pub(crate) fn check_capture_size(&self, at: u64) -> Result<(), Rejection> {
        match self.m.captures.first() {
            None => Ok(()),
            Some(capture) => self.check_capture_limit(capture, at),
        }
    }

    fn check_capture_limit(&self, capture: &Capture, at: u64) -> Result<(), Rejection> {
        let start = self.m.frames[capture.frame].start;
        let limit = self.options.max_buffered_bytes as u64;
        if at.saturating_sub(start) >= limit {
            let mut rejection = Rejection::new(
                RejectionKind::BufferLimit,
                start + limit,
                format!("a value of at most {limit} bytes to compare with enum or const (max_buffered_bytes)"),
                "a longer value",
            );
            rejection.0.instance_path = self.m.path_to(capture.frame);
            return Err(rejection);
        }
        Ok(())
    }

    pub(crate) fn instance_path(&self, pending_child: bool) -> String {
        self.m.instance_path(pending_child)
    }
}

/// `n` and the noun, plural unless `n` is 1, after an optional qualifier: `at most 1 item`.
fn quantity(n: u64, noun: &str, qualifier: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    if qualifier.is_empty() {
        format!("{n} {noun}{plural}")
    } else {
        format!("{qualifier} {n} {noun}{plural}")
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Computes a 128-bit hash of the canonical form of `value`: object keys in sorted order, numbers
/// by their exact value (so `1` and `1.0` hash alike).
fn canonical_hash(value: &serde_json::Value, low: &impl BuildHasher, high: &impl BuildHasher) -> u128 {
    let mut a = low.build_hasher();
    let mut b = high.build_hasher();
    write_canonical(value, &mut a);
    write_canonical(value, &mut b);
    (u128::from(b.finish()) << 64) | u128::from(a.finish())
}

fn write_canonical(value: &serde_json::Value, h: &mut impl Hasher) {
    use serde_json::Value;
    match value {
        Value::Null => h.write_u8(0),
        Value::Bool(b) => h.write_u8(1 + u8::from(*b)),
        Value::Number(n) => {
            h.write_u8(3);
            match Decimal::from_json(n) {
                Some(decimal) => decimal.hash(h),
                None => n.to_string().hash(h),
            }
        }
        Value::String(text) => {
            h.write_u8(4);
            text.hash(h);
        }
        Value::Array(items) => {
            h.write_u8(5);
            h.write_usize(items.len());
            for item in items {
                write_canonical(item, h);
            }
        }
        Value::Object(map) => {
            h.write_u8(6);
            h.write_usize(map.len());
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|x, y| x.0.cmp(y.0));
            for (key, member) in entries {
                key.hash(h);
                write_canonical(member, h);
            }
        }
    }
}

/// Maximum number of characters of a key or string quoted in a message. Longer text is cut.
const EXCERPT_CHARS: usize = 64;

/// `bytes` quoted for a message, cut after [`EXCERPT_CHARS`] characters with the full length
/// given, so a megabyte key cannot make a megabyte message.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}... ({} bytes)", &text[..cut], bytes.len()),
    }
}
