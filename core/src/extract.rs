//! The extractor's scanner: finds where the JSON starts in model output, and classifies the
//! bytes around it.
//!
//! The scanner reads the bytes that are not part of a JSON candidate, one at a time, and
//! keeps only the current line's first bytes as memory. Before the document it reports
//! prose, markdown fences (a line that starts with three backticks or tildes, with any
//! language tag), XML-like tags (`<json>`, `</output>`) and a byte-order mark, and it stops
//! at the first byte that can begin the schema's root value: a candidate.
//!
//! A candidate is *anchored* when nothing but wrappers comes before it: the start of the
//! input, a fence or tag, a line that is only the word `json`, or a label that ends in `:`
//! (`Output:`, `Here is the JSON:`). An anchored candidate is the answer, so its divergence
//! is final. Any other candidate sits inside prose, and the stream may abandon it (see
//! [`crate::Stream`]).
//!
//! A reasoning block (`<think>`, `<thinking>` or `<reasoning>` at the start of a line, up to
//! its closing tag) before the document is prose that holds no candidate: a model drafts in
//! it, and the answer follows it. A block left open to the end of input leaves no answer.
//! The tag that opens a reasoning block may carry attributes with values on its line
//! (`<think type="draft">`), and the tag that closes it a space before the `>`
//! (`</think >`). Other tags are a name alone, so `a <b and c> d` and `<think about it>`
//! are prose.
//! A tag wraps what follows it only when it is set apart from the text before it, by
//! whitespace, `:` or another tag. So `"<b>"` is prose.
//!
//! After the document the scanner reports closing fences and tags, and any other content
//! as trailing text, or as an extra value when it starts like JSON.

use crate::report::StrippedKind;

const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
/// Bytes of a line kept to recognize fences, tags and the word `json`.
const LINE_MEMORY: usize = 16;
/// Names of the tags whose content is reasoning, not the answer.
const REASONING_TAGS: [&[u8]; 3] = [b"think", b"thinking", b"reasoning"];
/// Bytes of a tag kept to recognize its name: the longest name and its `/`.
const TAG_MEMORY: usize = 10;
/// Bytes after a reasoning tag's name, attributes and spaces, past which the would-be tag
/// is read as prose: a stray quote must not turn a long text into one tag.
const TAG_ATTRIBUTES_LIMIT: usize = 256;

/// The part of a would-be tag being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagPart {
    /// The name, right after `<` or `</`.
    Name,
    /// Attributes of an opening reasoning tag.
    Attributes(Attribute),
    /// Spaces between a closing reasoning tag's name and its `>`.
    ClosingSpace,
    /// The `/` of a self-closing tag, which only a `>` may follow.
    SelfClosing,
}

/// The position inside an attribute list: `name`, `name=value`, `name="value"` or
/// `name='value'`, separated by spaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attribute {
    /// Spaces before an attribute's name.
    BeforeName,
    Name,
    /// Spaces after a name, before its `=`.
    AfterName,
    /// After `=`, before the value.
    BeforeValue,
    /// Inside a value quoted with this byte.
    Quoted(u8),
    Unquoted,
    /// Right after a quoted value's closing quote.
    AfterValue,
}

/// The effect of a byte after a reasoning tag's name on the tag.
enum TagStep {
    Continue,
    End,
    NotATag,
}

/// What the scanner found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// A byte range that is not part of the document.
    Strip { start: u64, end: u64, kind: StrippedKind },
    /// A candidate starts at this offset.
    Candidate { at: u64, anchored: bool },
    /// A run of whitespace outside the document passed the limit at this offset.
    WhitespaceLimit { at: u64 },
}

/// Which root kinds a candidate may begin.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RootStarts {
    pub object: bool,
    pub array: bool,
    /// Strings, numbers and literals: accepted only as anchored candidates, since prose is
    /// full of words and digits.
    pub scalar: bool,
    /// A string that encodes the document: accepted only as an anchored candidate.
    pub encoded: bool,
}

#[derive(Debug)]
pub(crate) struct Scanner {
    roots: RootStarts,
    max_whitespace_run: usize,
    whitespace_run: usize,
    /// Bytes of a byte-order mark matched at the start of the input.
    bom_matched: u64,
    /// The end of the prose range when the current line began, and the line's leading
    /// whitespace, to cut a fence line out of the prose.
    prose_end_at_line_start: Option<u64>,
    line_indent: u64,
    /// Whether the document has ended: the scanner then reads trailing bytes.
    after: bool,
    /// Only whitespace (and a byte-order mark) so far.
    at_start: bool,
    /// A fence, a tag or a `json` line came last, with only whitespace since.
    wrapped: bool,
    last_significant: u8,
    /// Start of the prose range being read, at its first non-whitespace byte, and the end
    /// of its last non-whitespace byte.
    prose: Option<(u64, u64)>,
    line_start: u64,
    line: Vec<u8>,
    /// Start of a `<` that may open a tag, and the tag's first bytes after it.
    tag_start: Option<u64>,
    tag: Vec<u8>,
    tag_part: TagPart,
    /// Bytes read after the tag's name.
    tag_rest_len: usize,
    /// Offset of the tag's last byte that is not whitespace, where its prose ends when it
    /// turns out not to be a tag.
    tag_end: u64,
    /// Whether the tag being read is set apart from the text before it, so that it wraps
    /// what follows, and whether it begins its line.
    tag_apart: bool,
    tag_at_line_start: bool,
    /// The byte before the current one.
    previous: u8,
    /// The name of the reasoning tag whose block is open.
    reasoning: Option<&'static [u8]>,
    /// Kind of the trailing range after the document.
    trailing: StrippedKind,
}

impl Scanner {
    pub(crate) fn new(roots: RootStarts, max_whitespace_run: usize) -> Self {
        Self {
            roots,
            max_whitespace_run,
            whitespace_run: 0,
            bom_matched: 0,
            prose_end_at_line_start: None,
            line_indent: 0,
            after: false,
            at_start: true,
            wrapped: false,
            last_significant: b'\n',
            prose: None,
            line_start: 0,
            line: Vec::with_capacity(LINE_MEMORY),
            tag_start: None,
            tag: Vec::with_capacity(TAG_MEMORY),
            tag_part: TagPart::Name,
            tag_rest_len: 0,
            tag_end: 0,
            tag_apart: false,
            tag_at_line_start: false,
            previous: b'\n',
            reasoning: None,
            trailing: StrippedKind::Trailing,
        }
    }

    /// Switches to reading what follows the document, from `offset` on.
    pub(crate) fn document_ended(&mut self, offset: u64) {
        self.after = true;
        self.whitespace_run = 0;
        self.prose = None;
        self.tag_start = None;
        self.line.clear();
        self.line_start = offset;
        self.line_indent = 0;
        self.prose_end_at_line_start = None;
    }

    /// Closes the prose range before a candidate in prose that is kept.
    pub(crate) fn flush_prose(&mut self, out: &mut Vec<Found>) {
        self.take_prose(out);
    }

    /// Forgets the context before an abandoned candidate's first byte, which is prose.
    pub(crate) fn candidate_abandoned(&mut self, at: u64) {
        self.wrapped = false;
        self.at_start = false;
        self.last_significant = b'{';
        self.extend_prose(at);
    }

    fn extend_prose(&mut self, at: u64) {
        match &mut self.prose {
            Some((_, end)) => *end = at + 1,
            None => self.prose = Some((at, at + 1)),
        }
    }

    fn take_prose(&mut self, out: &mut Vec<Found>) {
        if let Some((start, end)) = self.prose.take() {
            let kind = if self.after { self.trailing } else { StrippedKind::Prose };
            out.push(Found::Strip { start, end, kind });
        }
    }

    /// Reads bytes from `bytes[0]` at `base` on, until a candidate starts. Returns the
    /// number of bytes read; a candidate's first byte is not read.
    pub(crate) fn scan(&mut self, bytes: &[u8], base: u64, out: &mut Vec<Found>) -> usize {
        for (i, &b) in bytes.iter().enumerate() {
            let at = base + i as u64;
            if self.at_start && !self.after && at < 3 && self.bom_matched == at {
                if b == BOM[at as usize] {
                    self.bom_matched += 1;
                    if at == 2 {
                        out.push(Found::Strip { start: 0, end: 3, kind: StrippedKind::Bom });
                        self.line_start = 3;
                    }
                    continue;
                }
                if at > 0 {
                    // The first bytes looked like a byte-order mark but were not one.
                    self.extend_prose(0);
                }
            }
            let previous = std::mem::replace(&mut self.previous, b);
            if super::lexer::is_whitespace(b) {
                self.whitespace_run += 1;
                if self.whitespace_run > self.max_whitespace_run {
                    out.push(Found::WhitespaceLimit { at });
                    return i;
                }
            } else {
                self.whitespace_run = 0;
            }
            if b == b'\n' {
                self.end_line(at, out);
                continue;
            }
            if self.line.is_empty() && super::lexer::is_whitespace(b) {
                self.line_indent += 1;
            } else if self.line.len() < LINE_MEMORY {
                self.line.push(b);
            }
            // The bytes after a reasoning tag's name belong to the tag until it ends. If it
            // turns out not to be a tag, the byte that showed it may begin a candidate.
            if let (Some(start), false) = (self.tag_start, self.tag_part == TagPart::Name) {
                match self.tag_rest_byte(b, at) {
                    TagStep::Continue => continue,
                    TagStep::End => {
                        self.end_tag(start, at, out);
                        self.at_start = false;
                        self.last_significant = b;
                        continue;
                    }
                    TagStep::NotATag => {
                        // The would-be tag's bytes before this one are prose, and this byte is
                        // read as any other: it may open a tag or begin a candidate.
                        self.tag_start = None;
                        self.extend_prose(start);
                        self.extend_prose(self.tag_end);
                        self.wrapped = false;
                        self.at_start = false;
                    }
                }
            }
            if super::lexer::is_whitespace(b) {
                if self.tag_start.is_some() && self.tag_opens_attributes() {
                    continue;
                }
                // Other tags have no spaces: `a < b and c > d` is prose.
                if let Some(start) = self.tag_start.take() {
                    // The would-be tag's bytes up to here are prose.
                    self.extend_prose(start);
                    self.extend_prose(self.tag_end);
                }
                continue;
            }
            // An object where the answer belongs is the answer even when the schema wants
            // another type: taking a value from inside it would change what the model said.
            let answer_position = self.at_start || self.wrapped || self.last_significant == b':';
            // A fence line's info string is not JSON: the whole line is the fence.
            let fence_line = self.line.starts_with(b"```") || self.line.starts_with(b"~~~");
            let reasoning = self.reasoning.is_some();
            if !self.after && !fence_line && !reasoning && (self.begins_candidate(b) || (b == b'{' && answer_position)) {
                // A string is the document it encodes only at the start or in a wrapper.
                let encoded_only = b == b'"' && !self.roots.scalar;
                let anchored = self.at_start || self.wrapped || (self.last_significant == b':' && !encoded_only);
                // A candidate in prose leaves the prose range open: if the candidate is
                // abandoned the range goes on, and if not, `flush_prose` closes it.
                if anchored || b == b'{' || b == b'[' {
                    // A tag cannot hold a candidate: `</think{` is prose, not the start of a
                    // tag that the candidate's bytes would later overlap.
                    if let Some(start) = self.tag_start.take() {
                        self.extend_prose(start);
                        self.extend_prose(self.tag_end);
                    }
                    if anchored {
                        self.take_prose(out);
                    }
                    out.push(Found::Candidate { at, anchored });
                    return i;
                }
            }
            if self.after && self.prose.is_none() && (b == b'{' || b == b'[') {
                self.trailing = StrippedKind::ExtraValue;
            } else if self.after && self.prose.is_none() {
                self.trailing = StrippedKind::Trailing;
            }
            self.track_tag(b, at, previous, out);
            self.at_start = false;
            self.last_significant = b;
        }
        bytes.len()
    }

    fn begins_candidate(&self, b: u8) -> bool {
        match b {
            b'{' => self.roots.object,
            b'[' => self.roots.array,
            b'"' => self.roots.scalar || self.roots.encoded,
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => self.roots.scalar,
            _ => false,
        }
    }

    /// Recognizes `<name>` and `</name>` tags; other bytes are prose.
    fn track_tag(&mut self, b: u8, at: u64, previous: u8, out: &mut Vec<Found>) {
        // A fence line's info string may hold `<` and `>`, but the whole line is the fence.
        let fence_line = self.line.starts_with(b"```") || self.line.starts_with(b"~~~");
        match (self.tag_start, b) {
            (_, b'<') if !fence_line => {
                if let Some(start) = self.tag_start {
                    // `<<`: the first `<` and what followed it are prose.
                    self.extend_prose(start);
                    self.extend_prose(self.tag_end);
                }
                self.tag_start = Some(at);
                self.tag_end = at;
                self.tag.clear();
                self.tag_part = TagPart::Name;
                self.tag_rest_len = 0;
                self.tag_apart = self.at_start || super::lexer::is_whitespace(previous) || matches!(previous, b'>' | b':');
                // The line holds only this `<` so far.
                self.tag_at_line_start = self.line.len() == 1;
                return;
            }
            (Some(start), b'>') if at > start + 1 => return self.end_tag(start, at, out),
            (Some(_), b) if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-') => {
                self.tag_end = at;
                if self.tag.len() < TAG_MEMORY {
                    self.tag.push(b.to_ascii_lowercase());
                } else {
                    // Longer than any name this scanner looks for.
                    self.tag.clear();
                    self.tag.push(b'-');
                }
                return;
            }
            (Some(start), _) => {
                // Not a tag after all: its bytes are prose.
                self.tag_start = None;
                self.extend_prose(start);
            }
            (None, _) => {}
        }
        self.extend_prose(at);
        self.wrapped = false;
    }

    /// Reports the tag from `start` to its `>` at `at`.
    fn end_tag(&mut self, start: u64, at: u64, out: &mut Vec<Found>) {
        self.tag_start = None;
        // The tag's own bytes were not added to the prose range.
        self.take_prose(out);
        out.push(Found::Strip { start, end: at + 1, kind: StrippedKind::Tag });
        // The end of a reasoning block wraps the answer even when the reasoning runs up to
        // it: `... so the answer is 7.</think>`.
        // A self-closing tag (`<think />`) opens no block.
        let self_closing = self.tag_part == TagPart::SelfClosing;
        let closed_reasoning = !self_closing && self.track_reasoning();
        if self.tag_apart || closed_reasoning {
            self.wrapped = !self.after;
        }
    }

    /// Returns whether a whitespace byte after the tag's name begins attributes or spaces
    /// that the tag may carry. An opening reasoning tag takes attributes at the start of
    /// a line, with no block open, before the document. The closing tag of the open block
    /// takes spaces before its `>`. Any other tag with a space is prose, as `I <think so>`
    /// is.
    fn tag_opens_attributes(&mut self) -> bool {
        if self.after {
            return false;
        }
        let part = match (self.reasoning, self.tag.strip_prefix(b"/")) {
            (Some(open), Some(closing)) if closing == open => TagPart::ClosingSpace,
            (None, None) if self.tag_at_line_start && REASONING_TAGS.contains(&self.tag.as_slice()) => {
                TagPart::Attributes(Attribute::BeforeName)
            }
            _ => return false,
        };
        self.tag_part = part;
        self.tag_rest_len = 1;
        true
    }

    /// Reads a byte after a reasoning tag's name. Each attribute needs a value, so
    /// `<think about it>` stays prose. A `{`, or a `[` when the root may be an array, ends
    /// the would-be tag even inside a quoted value, because a tag must not hide where a
    /// candidate begins.
    fn tag_rest_byte(&mut self, b: u8, at: u64) -> TagStep {
        use Attribute::{AfterName, AfterValue, BeforeName, BeforeValue, Name, Quoted, Unquoted};

        self.tag_rest_len += 1;
        if self.tag_rest_len > TAG_ATTRIBUTES_LIMIT || b == b'{' || (b == b'[' && self.roots.array) {
            return TagStep::NotATag;
        }
        let space = super::lexer::is_whitespace(b);
        let name_byte = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.');
        // As in HTML, an unquoted value is any run of bytes but spaces, quotes, `=`, `<`,
        // `>` and backticks.
        let value_byte = !space && !matches!(b, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`');
        let next = match (self.tag_part, b) {
            (TagPart::ClosingSpace, _) if space => TagPart::ClosingSpace,
            (TagPart::ClosingSpace, b'>') => return TagStep::End,
            (TagPart::SelfClosing, b'>') => return TagStep::End,
            (TagPart::Attributes(Quoted(quote)), _) if b == quote => TagPart::Attributes(AfterValue),
            (TagPart::Attributes(Quoted(quote)), _) => TagPart::Attributes(Quoted(quote)),
            (TagPart::Attributes(BeforeValue), b'"' | b'\'') => TagPart::Attributes(Quoted(b)),
            (TagPart::Attributes(BeforeValue), _) if space => TagPart::Attributes(BeforeValue),
            (TagPart::Attributes(BeforeValue | Unquoted), _) if value_byte => TagPart::Attributes(Unquoted),
            (TagPart::Attributes(BeforeName | Name), _) if name_byte => TagPart::Attributes(Name),
            (TagPart::Attributes(Name | AfterName), b'=') => TagPart::Attributes(BeforeValue),
            (TagPart::Attributes(Name | AfterName), _) if space => TagPart::Attributes(AfterName),
            (TagPart::Attributes(BeforeName | Unquoted | AfterValue), _) if space => TagPart::Attributes(BeforeName),
            (TagPart::Attributes(BeforeName | Unquoted | AfterValue), b'>') => return TagStep::End,
            (TagPart::Attributes(BeforeName | AfterValue), b'/') => TagPart::SelfClosing,
            _ => return TagStep::NotATag,
        };
        self.tag_part = next;
        if !space {
            self.tag_end = at;
        }
        TagStep::Continue
    }

    /// Returns the name of the reasoning tag whose block is still open.
    pub(crate) fn open_reasoning(&self) -> Option<&'static [u8]> {
        self.reasoning
    }

    /// Opens or closes a reasoning block at the tag that just ended, whose name is in `tag`.
    /// Returns whether it closed one.
    fn track_reasoning(&mut self) -> bool {
        if self.after {
            return false;
        }
        match (self.reasoning, self.tag.strip_prefix(b"/")) {
            (None, None) if self.tag_at_line_start => {
                self.reasoning = REASONING_TAGS.iter().copied().find(|name| *name == self.tag.as_slice());
                false
            }
            (Some(open), Some(closing)) if closing == open => {
                self.reasoning = None;
                true
            }
            _ => false,
        }
    }

    fn end_line(&mut self, at: u64, out: &mut Vec<Found>) {
        let line = std::mem::take(&mut self.line);
        let fence = line.starts_with(b"```") || line.starts_with(b"~~~");
        if fence {
            // The fence line's bytes may sit in the prose range: cut it where it stood when
            // the line began.
            if let Some((start, _)) = self.prose {
                self.prose = match self.prose_end_at_line_start {
                    Some(end) if start < self.line_start => Some((start, end)),
                    _ => None,
                };
            }
            self.take_prose(out);
            let start = self.line_start + self.line_indent;
            out.push(Found::Strip { start, end: at + 1, kind: StrippedKind::Fence });
            self.wrapped = !self.after;
        } else if line.eq_ignore_ascii_case(b"json") || line.eq_ignore_ascii_case(b"json\r") {
            self.wrapped = true;
        }
        if let Some(start) = self.tag_start.take() {
            // A tag cut by the line end is prose, up to its last byte before the line end.
            self.extend_prose(start);
            self.extend_prose(self.tag_end);
            self.wrapped = false;
        }
        self.line = line;
        self.line.clear();
        self.line_start = at + 1;
        self.line_indent = 0;
        self.prose_end_at_line_start = self.prose.map(|(_, end)| end);
    }

    /// Reports what is open at the end of input.
    pub(crate) fn finish(&mut self, end: u64, out: &mut Vec<Found>) {
        if self.line.starts_with(b"```") || self.line.starts_with(b"~~~") {
            self.end_line(end.saturating_sub(1), out);
            if let Some(Found::Strip { end: fence_end, .. }) = out.last_mut() {
                *fence_end = end;
            }
        }
        if let Some(start) = self.tag_start.take() {
            self.extend_prose(start);
            if let Some((_, prose_end)) = &mut self.prose {
                *prose_end = end;
            }
        }
        self.take_prose(out);
    }
}
