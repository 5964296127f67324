//! `jsonseam`: validate model output against a JSON Schema from files and pipes.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use jsonseam::{
    render_snippet_from_line, Draft, Options, Outcome, Rejection, RepairMode, Report, Resources, SchemaErrorKind, Sink,
    Stream, Validator,
};
use serde_json::{json, Value};

/// Exit status for a document that satisfies the schema.
const EXIT_VALID: u8 = 0;
/// Exit status for a document that cannot satisfy the schema.
const EXIT_REJECTED: u8 = 1;
/// Exit status for a usage error, an invalid schema or an I/O error.
const EXIT_ERROR: u8 = 2;

/// Bytes of recent input kept to render the snippet around a rejection.
const SNIPPET_WINDOW: usize = 64 * 1024;

#[derive(Parser, Debug)]
#[command(name = "jsonseam", version, about = "Validate JSON from a language model against a JSON Schema as it streams in")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate one JSON document against a schema, reading it as it arrives.
    ///
    /// Exits 0 and prints the document as compact JSON on one line when it is valid; exits
    /// 1 and prints the reason with the offending line on stderr as soon as the input can
    /// no longer become valid, without waiting for the rest; exits 2 on a usage error, an
    /// invalid schema or an I/O error.
    Check(CheckArgs),
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// JSON Schema file.
    #[arg(long, short = 's', value_name = "SCHEMA")]
    schema: PathBuf,

    /// Input file; standard input when absent or `-`.
    #[arg(value_name = "INPUT")]
    input: Option<PathBuf>,

    /// Report format on stderr: `text` (a message and a caret snippet) or `json` (one
    /// object with `valid`, `bytes`, `divergence` and `unchecked_keywords`).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    report: ReportFormat,

    /// Feed the input to the validator in chunks of this many bytes (default: as it is
    /// read, up to 64 KiB at a time).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    chunk_size: Option<u64>,

    /// Print nothing on stdout for a valid document, and no warning about unchecked
    /// keywords. The exit status gives the verdict. The document is then not held in
    /// memory.
    #[arg(long, short = 'q')]
    quiet: bool,

    /// Accept only RFC 8259 JSON: no stripping of text around it and no repairs.
    #[arg(long, conflicts_with = "repair")]
    strict: bool,

    /// Repairs allowed: `none`, `lossless` (syntax only: commas, quotes, comments,
    /// literals, escapes) or `lossy` (also closing a document cut off before its end,
    /// writing `undefined` as `null` and dropping `...` placeholders).
    #[arg(long, value_enum, default_value_t = RepairArg::Lossless)]
    repair: RepairArg,

    /// Write `NaN` and `Infinity` as `null` (a lossy repair) instead of rejecting them.
    #[arg(long)]
    allow_non_finite: bool,

    /// Reject a document that needs more than this many repairs.
    #[arg(long, value_name = "COUNT", default_value_t = Options::default().max_repairs)]
    max_repairs: usize,

    /// Reject a run of whitespace longer than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Options::default().max_whitespace_run)]
    max_whitespace_run: usize,

    /// Deepest nesting of arrays and objects.
    #[arg(long, value_name = "LEVELS", default_value_t = Options::default().max_depth)]
    max_depth: usize,

    /// Reject input longer than this many bytes.
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<u64>,

    /// Longest string in bytes after decoding escapes.
    #[arg(long, value_name = "BYTES", default_value_t = Options::default().max_string_bytes)]
    max_string_bytes: usize,

    /// Longest value held whole for an object or array enum or const, and the item hashes
    /// that uniqueItems keeps (16 bytes each).
    #[arg(long, value_name = "BYTES", default_value_t = Options::default().max_buffered_bytes)]
    max_buffered_bytes: usize,

    /// Schema candidates (anyOf members, $ref targets, ...) alive at once over the open
    /// values.
    #[arg(long, value_name = "COUNT", default_value_t = Options::default().max_candidates)]
    max_candidates: usize,

    /// Largest DFA one pattern may compile to; a pattern past it is checked by backtracking
    /// when its string closes, within 16 times this size.
    #[arg(long, value_name = "BYTES", default_value_t = Options::default().max_pattern_bytes)]
    max_pattern_bytes: usize,

    /// Accept objects that repeat a key instead of rejecting them.
    #[arg(long)]
    allow_duplicate_keys: bool,

    /// Compile schemas with keywords jsonseam does not enforce, and list them as unchecked
    /// instead of failing. No keyword needs it today: every keyword of drafts 4 to 2020-12
    /// is enforced, and keywords that no draft defines are always listed as unchecked.
    #[arg(long)]
    unknown_keywords: bool,

    /// JSON Schema draft to read the schema as. Default: the draft that its `$schema`
    /// names, or for a schema without one, 2020-12 that also accepts the unambiguous
    /// draft-04 forms.
    #[arg(long, value_enum, value_name = "DRAFT")]
    draft: Option<DraftArg>,

    /// Check `format` as an assertion: a string that does not conform to a known format
    /// is rejected. Without it `format` is an annotation, as draft 2020-12 specifies.
    #[arg(long)]
    format_assertion: bool,

    /// Register the JSON Schema in FILE under the absolute URI, so that a `$ref` to that
    /// URI resolves to it. Repeatable. Nothing is ever fetched: a `$ref` to another
    /// document that is not registered is a schema error. The URI ends at the last `=`.
    #[arg(long, value_name = "URI=FILE", value_parser = parse_resource)]
    resource: Vec<ResourceArg>,
}

/// A `--resource` argument: the URI a schema's `$ref` names, and the file that contains it.
#[derive(Clone, Debug)]
struct ResourceArg {
    uri: String,
    file: PathBuf,
}

/// Splits `URI=FILE` at the last `=`, because a URI may contain `=` in its query but a
/// file can be renamed.
fn parse_resource(argument: &str) -> Result<ResourceArg, String> {
    let (uri, file) = argument
        .rsplit_once('=')
        .ok_or_else(|| format!("expected URI=FILE, found {argument:?}"))?;
    if uri.is_empty() || file.is_empty() {
        return Err(format!("expected a non-empty URI and FILE in URI=FILE, found {argument:?}"));
    }
    if !has_scheme(uri) {
        return Err(format!(
            "the URI {uri:?} is not absolute; give the full URI that the `$ref`s resolve to, such as https://example.com/{uri}"
        ));
    }
    Ok(ResourceArg { uri: uri.to_owned(), file: PathBuf::from(file) })
}

/// Whether `uri` starts with a scheme (RFC 3986: a letter, then letters, digits, `+`, `-`
/// or `.`, then `:`). A `$ref` resolves to an absolute URI, so a resource registered under
/// a relative one could never be found.
fn has_scheme(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else {
        return false;
    };
    let mut characters = scheme.chars();
    characters.next().is_some_and(|first| first.is_ascii_alphabetic())
        && characters.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum DraftArg {
    #[value(name = "4")]
    Draft4,
    #[value(name = "6")]
    Draft6,
    #[value(name = "7")]
    Draft7,
    #[value(name = "2019-09")]
    Draft201909,
    #[value(name = "2020-12")]
    Draft202012,
}

impl From<DraftArg> for Draft {
    fn from(draft: DraftArg) -> Self {
        match draft {
            DraftArg::Draft4 => Draft::Draft4,
            DraftArg::Draft6 => Draft::Draft6,
            DraftArg::Draft7 => Draft::Draft7,
            DraftArg::Draft201909 => Draft::Draft201909,
            DraftArg::Draft202012 => Draft::Draft202012,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum RepairArg {
    None,
    Lossless,
    Lossy,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ReportFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => ExitCode::from(check(&args)),
    }
}

/// A usage, schema or I/O error, printed as one line.
struct Fatal(String);

fn check(args: &CheckArgs) -> u8 {
    match run_check(args) {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("jsonseam: {message}");
            EXIT_ERROR
        }
    }
}

/// Reads and parses a JSON file. `label` names the file's role in the error message.
fn read_json(path: &Path, label: &str) -> Result<Value, Fatal> {
    let text = std::fs::read(path).map_err(|e| Fatal(format!("cannot read {label} {}: {e}", path.display())))?;
    serde_json::from_slice(&text).map_err(|e| Fatal(format!("{label} {} is not valid JSON: {e}", path.display())))
}

fn load_resources(args: &CheckArgs) -> Result<Resources, Fatal> {
    let mut resources = Resources::new();
    for resource in &args.resource {
        let document = read_json(&resource.file, &format!("resource {} from", resource.uri))?;
        resources.add(resource.uri.clone(), document);
    }
    Ok(resources)
}

fn load_validator(args: &CheckArgs) -> Result<Validator, Fatal> {
    let schema = read_json(&args.schema, "schema")?;
    let resources = load_resources(args)?;
    let mut options = if args.strict { Options::strict() } else { Options::default() };
    if !args.strict {
        options.repair = match args.repair {
            RepairArg::None => RepairMode::Strict,
            RepairArg::Lossless => RepairMode::Lossless,
            RepairArg::Lossy => RepairMode::Lossy,
        };
    }
    options.allow_non_finite = args.allow_non_finite;
    options.max_repairs = args.max_repairs;
    options.max_whitespace_run = args.max_whitespace_run;
    options.max_depth = args.max_depth;
    options.max_bytes = args.max_bytes;
    options.max_string_bytes = args.max_string_bytes;
    options.max_buffered_bytes = args.max_buffered_bytes;
    options.max_candidates = args.max_candidates;
    options.max_pattern_bytes = args.max_pattern_bytes;
    options.allow_duplicate_keys = args.allow_duplicate_keys;
    options.unknown_keywords = args.unknown_keywords;
    options.draft = args.draft.map(Draft::from);
    options.format_assertion = args.format_assertion;
    let validator = Validator::with_resources(&schema, options, &resources).map_err(|e| {
        let hint = if e.kind() == SchemaErrorKind::UnresolvedReference {
            "; the flag is --resource URI=FILE"
        } else {
            ""
        };
        Fatal(format!("schema {}: {e}{hint}", args.schema.display()))
    })?;
    // The JSON report carries the list in its `unchecked_keywords` field instead.
    let unchecked = validator.unchecked_keywords();
    if args.report == ReportFormat::Text && !args.quiet && !unchecked.is_empty() {
        eprintln!(
            "jsonseam: warning: these schema keywords are not checked: {}",
            unchecked.join(", ")
        );
    }
    Ok(validator)
}

fn open_input(path: Option<&Path>) -> Result<Box<dyn Read>, Fatal> {
    match path {
        None => Ok(Box::new(io::stdin().lock())),
        Some(p) if p == Path::new("-") => Ok(Box::new(io::stdin().lock())),
        Some(p) => File::open(p)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| Fatal(format!("cannot read input {}: {e}", p.display()))),
    }
}

/// Recent input, kept to render a snippet without holding the whole stream.
struct Window {
    bytes: Vec<u8>,
    /// Offset of `bytes[0]` in the input.
    start: u64,
    /// Newlines in the input before `bytes[0]`, so snippets show real line numbers.
    lines_before: u64,
}

impl Window {
    fn push(&mut self, chunk: &[u8]) {
        self.bytes.extend_from_slice(chunk);
        if self.bytes.len() > 2 * SNIPPET_WINDOW {
            let drop = self.bytes.len() - SNIPPET_WINDOW;
            self.lines_before += memchr::memchr_iter(b'\n', &self.bytes[..drop]).count() as u64;
            self.bytes.drain(..drop);
            self.start += drop as u64;
        }
    }
}

/// The verdict on one input, with the report as it stood when the verdict was reached.
struct Verdict<S> {
    result: Result<Outcome<S>, Rejection>,
    report: Report,
    window: Window,
    read_total: u64,
}

fn run_check(args: &CheckArgs) -> Result<u8, Fatal> {
    let validator = load_validator(args)?;
    let input = open_input(args.input.as_deref())?;
    let unchecked = validator.unchecked_keywords();
    if args.quiet {
        let verdict = drive(validator.stream_with(()), input, args)?;
        finish_check(args, verdict, unchecked, |_| Ok(()))
    } else {
        let verdict = drive(validator.stream(), input, args)?;
        finish_check(args, verdict, unchecked, |outcome| {
            let mut stdout = io::stdout().lock();
            stdout
                .write_all(outcome.text().as_bytes())
                .and_then(|()| stdout.write_all(b"\n"))
                .and_then(|()| stdout.flush())
                .map_err(|e| Fatal(format!("cannot write output: {e}")))
        })
    }
}

/// Feeds the input to the stream as it arrives and stops at the first divergence.
fn drive<S: Sink>(mut stream: Stream<S>, mut input: Box<dyn Read>, args: &CheckArgs) -> Result<Verdict<S>, Fatal> {
    let source = args.input.as_deref().filter(|p| *p != Path::new("-")).map_or_else(
        || "standard input".to_owned(),
        |p| p.display().to_string(),
    );
    let mut window = Window { bytes: Vec::new(), start: 0, lines_before: 0 };
    let mut buffer = vec![0u8; 64 * 1024];
    let chunk_size = args
        .chunk_size
        .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let mut read_total: u64 = 0;
    loop {
        let n = match input.read(&mut buffer) {
            Ok(0) => {
                let report = stream.report().clone();
                let result = stream.finish();
                let report = result.as_ref().map_or(report, |outcome| outcome.report().clone());
                return Ok(Verdict { result, report, window, read_total });
            }
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Fatal(format!("cannot read input {source}: {e}"))),
        };
        read_total += n as u64;
        let arrived = &buffer[..n];
        window.push(arrived);
        if let Some(rejection) = arrived.chunks(chunk_size).find_map(|chunk| stream.feed(chunk).err()) {
            let report = stream.report().clone();
            return Ok(Verdict { result: Err(rejection), report, window, read_total });
        }
    }
}

fn finish_check<S>(
    args: &CheckArgs,
    verdict: Verdict<S>,
    unchecked: &[String],
    write: impl FnOnce(&Outcome<S>) -> Result<(), Fatal>,
) -> Result<u8, Fatal> {
    let Verdict { result, report, window, read_total } = verdict;
    match args.report {
        ReportFormat::Json => eprintln!("{}", json_report(&result, &report, read_total, unchecked)),
        ReportFormat::Text => {
            for line in describe_report(&report) {
                eprintln!("jsonseam: {line}");
            }
            if let Err(rejection) = &result {
                eprintln!(
                    "jsonseam: {}",
                    render_snippet_from_line(rejection, &window.bytes, window.start, window.lines_before + 1)
                );
            }
        }
    }
    match result {
        Ok(outcome) => {
            write(&outcome)?;
            Ok(EXIT_VALID)
        }
        Err(_) => Ok(EXIT_REJECTED),
    }
}

/// One line for each stripped range and each repair, for the text report.
fn describe_report(report: &Report) -> Vec<String> {
    let stripped = report
        .stripped
        .iter()
        .map(|s| format!("stripped {} at bytes {}..{}", s.kind, s.start, s.end));
    let repairs = report.repairs.iter().map(|r| {
        format!(
            "repaired {} ({}) at byte {}: {:?} became {:?}",
            r.kind,
            r.kind.class().as_str(),
            r.offset,
            r.original,
            r.written
        )
    });
    stripped.chain(repairs).collect()
}

fn json_report<S>(result: &Result<Outcome<S>, Rejection>, report: &Report, read_total: u64, unchecked: &[String]) -> Value {
    let stripped: Vec<Value> = report
        .stripped
        .iter()
        .map(|s| json!({"start": s.start, "end": s.end, "kind": s.kind.as_str()}))
        .collect();
    let repairs: Vec<Value> = report
        .repairs
        .iter()
        .map(|r| {
            json!({
                "kind": r.kind.as_str(),
                "class": r.kind.class().as_str(),
                "offset": r.offset,
                "original": r.original,
                "written": r.written,
            })
        })
        .collect();
    match result {
        Ok(outcome) => json!({
            "valid": true,
            "status": outcome.status().as_str(),
            "bytes": outcome.bytes(),
            "stripped": stripped,
            "repairs": repairs,
            "divergence": null,
            "unchecked_keywords": unchecked,
        }),
        Err(rejection) => json!({
            "valid": false,
            "status": "rejected",
            "bytes": read_total,
            "stripped": stripped,
            "repairs": repairs,
            "divergence": {
                "kind": rejection.kind().as_str(),
                "offset": rejection.offset(),
                "instance_path": rejection.instance_path(),
                "schema_path": rejection.schema_path(),
                "expected": rejection.expected(),
                "found": rejection.found(),
            },
            "unchecked_keywords": unchecked,
        }),
    }
}
