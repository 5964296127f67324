//! Plans: each node's `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`,
//! `dependentSchemas` and references flattened into a small boolean program over the nodes
//! that have rules of their own.
//!
//! When a value starts, the matcher starts one thread per atom of the plan of each schema
//! that applies to it. A thread follows one node's local rules and is alive, dead, or (when
//! the value has ended) passed. The plan's operations then combine the thread states in
//! three-valued logic: a value diverges as soon as its plan evaluates to false, which for
//! `anyOf` means every member dead, for `oneOf` every member dead or two passed, for `not`
//! its schema passed, and for `if` the branch that the condition picks dead (or both
//! branches dead while the condition is still open). A thread passes only once its rules
//! are decided, so negation stays exact: `not` fails at the byte where its schema is
//! known to hold.
//!
//! Building a plan walks the combinator graph. A node shared by two members appears once,
//! so it runs as one thread. A cycle in this graph never descends into a child value and
//! so would never end: it is a compile error.

use std::collections::HashMap;

use super::{Node, NodeId, TypeSet, ValueKind};
use crate::error::{SchemaError, SchemaErrorKind};

/// Longest chain of combinators and references followed while building one plan.
const MAX_PLAN_DEPTH: usize = 512;

/// An input of an operation: a constant, a thread, or an earlier operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    True,
    Atom(u32),
    Op(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpKind {
    All,
    Any,
    One,
    /// One input, negated.
    Not,
    /// Three inputs: a condition, the branch for true and the branch for false.
    Cond,
}

#[derive(Debug)]
pub(crate) struct Op {
    pub kind: OpKind,
    pub inputs: Vec<Slot>,
    /// The node whose keyword this operation is, for the schema path of a failure.
    pub node: NodeId,
}

/// Three-valued truth: a thread or operation is `Unknown` until its value has ended or it
/// has died.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tri {
    False,
    Unknown,
    True,
}

#[derive(Debug)]
pub(crate) struct Plan {
    /// Nodes with local rules; the matcher starts one thread for each, in this order.
    pub atoms: Vec<NodeId>,
    /// Operations in dependency order: each reads only atoms and earlier operations.
    pub ops: Vec<Op>,
    pub result: Slot,
    /// Whether some operation negates its input, so an atom's rules may forbid rather
    /// than allow.
    pub negates: bool,
    /// For a node with `unevaluatedProperties` or `unevaluatedItems`: every node that
    /// applies to the same value through in-place keywords (not through `not`) and has
    /// object or array rules, with the slot that is true when its annotations are kept:
    /// it passed, and so did each schema on the way to it.
    pub closure: Vec<(NodeId, Slot)>,
    /// The value kinds (bits of [`ValueKind::bit`]) for which the plan passes at a value's
    /// first byte with nothing left to check. Such a plan is trivial, or it is one schema
    /// without combinators, with no enumeration, whose type admits the kind and that has
    /// no rules for such a value, like `{"type": "string"}` for a string.
    pub passes_at_start: u8,
}

impl Plan {
    /// Whether the plan holds no rule at all, so any value satisfies it.
    pub(crate) fn is_trivial(&self) -> bool {
        self.result == Slot::True
    }

    /// Evaluates the plan from the state of its atoms. `scratch` is reused between calls.
    /// When a `oneOf` fails because two members passed, its operation index is stored in
    /// `overlap`.
    pub(crate) fn evaluate(
        &self,
        atom: impl Fn(u32) -> Tri,
        scratch: &mut Vec<Tri>,
        overlap: &mut Option<u32>,
    ) -> Tri {
        let read = |slot: Slot, done: &[Tri]| match slot {
            Slot::True => Tri::True,
            Slot::Atom(i) => atom(i),
            Slot::Op(i) => done[i as usize],
        };
        scratch.clear();
        for (index, op) in self.ops.iter().enumerate() {
            let (mut trues, mut unknowns) = (0usize, 0usize);
            for &input in &op.inputs {
                match read(input, scratch) {
                    Tri::True => trues += 1,
                    Tri::Unknown => unknowns += 1,
                    Tri::False => {}
                }
            }
            let total = op.inputs.len();
            let value = match op.kind {
                OpKind::All if trues == total => Tri::True,
                OpKind::All if trues + unknowns < total => Tri::False,
                OpKind::Any if trues > 0 => Tri::True,
                OpKind::Any if unknowns == 0 => Tri::False,
                OpKind::One if trues > 1 => {
                    overlap.get_or_insert(index as u32);
                    Tri::False
                }
                OpKind::One if trues + unknowns == 0 => Tri::False,
                OpKind::One if trues == 1 && unknowns == 0 => Tri::True,
                OpKind::Not => match read(op.inputs[0], scratch) {
                    Tri::True => Tri::False,
                    Tri::False => Tri::True,
                    Tri::Unknown => Tri::Unknown,
                },
                OpKind::Cond => {
                    let then = read(op.inputs[1], scratch);
                    let otherwise = read(op.inputs[2], scratch);
                    match read(op.inputs[0], scratch) {
                        Tri::True => then,
                        Tri::False => otherwise,
                        Tri::Unknown if then == otherwise => then,
                        Tri::Unknown => Tri::Unknown,
                    }
                }
                _ => Tri::Unknown,
            };
            scratch.push(value);
        }
        read(self.result, scratch)
    }
}

/// Builds the plan of every node that can be the schema of a value: the root and every
/// subschema of an object or array keyword.
pub(crate) fn build_all(nodes: &[Node], root: NodeId) -> Result<Vec<Option<Plan>>, SchemaError> {
    let mut plans: Vec<Option<Plan>> = (0..nodes.len()).map(|_| None).collect();
    let mut targets = vec![root, 0];
    for (id, node) in nodes.iter().enumerate() {
        let unevaluated = node.object.as_ref().is_some_and(|o| o.unevaluated.is_some())
            || node.array.as_ref().is_some_and(|a| a.unevaluated.is_some());
        if unevaluated {
            targets.push(id as NodeId);
        }
        if let Some(object) = &node.object {
            targets.extend(&object.values);
            targets.extend(object.patterns.iter().map(|&(_, id)| id));
            targets.extend(object.property_names);
            targets.extend(object.unevaluated);
            if let super::Additional::Schema(id) = object.additional {
                targets.push(id);
            }
        }
        if let Some(array) = &node.array {
            targets.extend(&array.prefix);
            targets.extend(array.contains);
            targets.extend(array.unevaluated);
            if let super::Rest::Schema(id) = array.rest {
                targets.push(id);
            }
        }
    }
    for target in targets {
        if plans[target as usize].is_none() {
            plans[target as usize] = Some(build(nodes, target)?);
        }
    }
    Ok(plans)
}

/// Computes [`Plan::passes_at_start`].
fn passes_at_start(nodes: &[Node], plan: &Plan) -> u8 {
    if plan.is_trivial() {
        return u8::MAX;
    }
    let ([atom], true, Slot::Atom(0)) = (plan.atoms.as_slice(), plan.ops.is_empty(), plan.result) else {
        return 0;
    };
    let node = &nodes[*atom as usize];
    if node.never || node.enumeration.is_some() {
        return 0;
    }
    let no_rules = |kind| match kind {
        ValueKind::String => node.string.is_none(),
        ValueKind::Number => node.number.is_none() && !node.types.is_some_and(TypeSet::integer_only),
        ValueKind::Object => node.object.is_none(),
        ValueKind::Array => node.array.is_none(),
        ValueKind::True | ValueKind::False | ValueKind::Null => true,
    };
    ValueKind::ALL
        .into_iter()
        .filter(|&kind| no_rules(kind) && node.types.is_none_or(|types| types.admits(kind)))
        .fold(0, |kinds, kind| kinds | kind.bit())
}

fn build(nodes: &[Node], node: NodeId) -> Result<Plan, SchemaError> {
    let mut builder = Builder {
        nodes,
        plan: Plan {
            atoms: Vec::new(),
            ops: Vec::new(),
            result: Slot::True,
            negates: false,
            closure: Vec::new(),
            passes_at_start: 0,
        },
        done: HashMap::new(),
        active: Vec::new(),
    };
    builder.plan.result = builder.slot(node)?;
    builder.plan.passes_at_start = passes_at_start(nodes, &builder.plan);
    let root = &nodes[node as usize];
    let unevaluated = root.object.as_ref().is_some_and(|o| o.unevaluated.is_some())
        || root.array.as_ref().is_some_and(|a| a.unevaluated.is_some());
    if unevaluated {
        builder.build_closure(node)?;
    }
    Ok(builder.plan)
}

/// Maximum number of paths kept per node when building a closure. The cap keeps the work
/// linear, and further paths to the same node rarely change which annotations are kept.
/// NOTE: when a node is reached by more paths and only a later one passes, its annotations
/// count as dropped, so `unevaluated*` can reject a child that another validator accepts.
const MAX_PATHS: usize = 4;

struct Builder<'a> {
    nodes: &'a [Node],
    plan: Plan,
    done: HashMap<NodeId, Slot>,
    /// Nodes whose slot is being built, to detect cycles.
    active: Vec<NodeId>,
}

impl Builder<'_> {
    fn slot(&mut self, id: NodeId) -> Result<Slot, SchemaError> {
        if let Some(&slot) = self.done.get(&id) {
            return Ok(slot);
        }
        let node = &self.nodes[id as usize];
        if self.active.contains(&id) {
            return Err(SchemaError::new(
                SchemaErrorKind::ReferenceCycle,
                &node.path,
                "this schema refers back to itself through $ref or combinators without descending into a property or item",
            ));
        }
        if self.active.len() >= MAX_PLAN_DEPTH {
            return Err(SchemaError::new(
                SchemaErrorKind::DepthLimit,
                &node.path,
                format!("more than {MAX_PLAN_DEPTH} nested combinators and references apply to one value"),
            ));
        }
        self.active.push(id);

        let mut parts = Vec::new();
        if node.has_local_rules() {
            parts.push(Slot::Atom(self.plan.atoms.len() as u32));
            self.plan.atoms.push(id);
        }
        for &member in node.all_of.iter().chain(&node.references) {
            parts.push(self.slot(member)?);
        }
        for (kind, members) in [(OpKind::Any, &node.any_of), (OpKind::One, &node.one_of)] {
            if members.is_empty() {
                continue;
            }
            let inputs = members
                .iter()
                .map(|&m| self.slot(m))
                .collect::<Result<Vec<_>, _>>()?;
            if kind == OpKind::Any && inputs.contains(&Slot::True) {
                continue;
            }
            parts.push(self.push_op(kind, inputs, id));
        }
        if let Some(negated) = node.not {
            let input = self.slot(negated)?;
            parts.push(self.push_op(OpKind::Not, vec![input], id));
        }
        let conditions = node
            .condition
            .iter()
            .map(|c| (c.test, c.then, c.otherwise))
            .chain(node.dependent_schemas.iter().map(|&(test, then)| (test, Some(then), None)));
        for (test, then, otherwise) in conditions {
            let test = self.slot(test)?;
            let then = then.map_or(Ok(Slot::True), |n| self.slot(n))?;
            let otherwise = otherwise.map_or(Ok(Slot::True), |n| self.slot(n))?;
            parts.push(self.push_op(OpKind::Cond, vec![test, then, otherwise], id));
        }
        parts.retain(|&slot| slot != Slot::True);
        let slot = match parts.len() {
            0 => Slot::True,
            1 => parts[0],
            _ => self.push_op(OpKind::All, parts, id),
        };

        self.active.pop();
        self.done.insert(id, slot);
        Ok(slot)
    }

    /// Fills `plan.closure` for `root` (see [`Plan::closure`]).
    fn build_closure(&mut self, root: NodeId) -> Result<(), SchemaError> {
        let mut kept: HashMap<NodeId, Vec<Slot>> = HashMap::new();
        let mut order: Vec<NodeId> = Vec::new();
        let mut stack: Vec<(NodeId, Slot)> = vec![(root, Slot::True)];
        while let Some((id, kept_if)) = stack.pop() {
            let node = &self.nodes[id as usize];
            let mut children: Vec<(NodeId, Vec<Slot>)> = Vec::new();
            for &member in node.all_of.iter().chain(&node.references).chain(&node.any_of).chain(&node.one_of) {
                children.push((member, vec![self.slot(member)?]));
            }
            if let Some(c) = node.condition {
                let test = self.slot(c.test)?;
                children.push((c.test, vec![test]));
                if let Some(then) = c.then {
                    children.push((then, vec![test, self.slot(then)?]));
                }
                if let Some(otherwise) = c.otherwise {
                    let failed = self.push_op(OpKind::Not, vec![test], id);
                    children.push((otherwise, vec![failed, self.slot(otherwise)?]));
                }
            }
            for &(test, then) in &node.dependent_schemas {
                children.push((then, vec![self.slot(test)?, self.slot(then)?]));
            }
            for (child, mut conditions) in children {
                let paths = kept.entry(child).or_default();
                if paths.len() >= MAX_PATHS {
                    continue;
                }
                conditions.push(kept_if);
                conditions.retain(|&s| s != Slot::True);
                let slot = match conditions.len() {
                    0 => Slot::True,
                    1 => conditions[0],
                    _ => self.push_op(OpKind::All, conditions, child),
                };
                let paths = kept.entry(child).or_default();
                if paths.is_empty() {
                    order.push(child);
                }
                paths.push(slot);
                stack.push((child, slot));
            }
        }
        for id in order {
            let node = &self.nodes[id as usize];
            if id == root || (node.object.is_none() && node.array.is_none()) {
                continue;
            }
            let mut paths = kept.remove(&id).unwrap_or_default();
            let slot = if paths.len() == 1 { paths[0] } else if paths.contains(&Slot::True) { Slot::True } else {
                paths.dedup();
                self.push_op(OpKind::Any, paths, id)
            };
            self.plan.closure.push((id, slot));
        }
        Ok(())
    }

    fn push_op(&mut self, kind: OpKind, inputs: Vec<Slot>, node: NodeId) -> Slot {
        self.plan.negates |= matches!(kind, OpKind::Not | OpKind::Cond);
        self.plan.ops.push(Op { kind, inputs, node });
        Slot::Op(self.plan.ops.len() as u32 - 1)
    }
}
