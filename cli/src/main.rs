//! `jsonseam`: validate model output against a JSON Schema from files and pipes.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use jsonseam::{render_snippet, Options, Rejection, Validator};
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
    /// object with `valid`, `bytes` and `divergence`).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    report: ReportFormat,

    /// Feed the input to the validator in chunks of this many bytes (default: as it is
    /// read, up to 64 KiB at a time).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    chunk_size: Option<u64>,

    /// Print nothing on stdout for a valid document; the exit status tells the verdict.
    #[arg(long, short = 'q')]
    quiet: bool,

    /// Deepest nesting of arrays and objects.
    #[arg(long, value_name = "LEVELS", default_value_t = Options::default().max_depth)]
    max_depth: usize,

    /// Reject input longer than this many bytes.
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<u64>,

    /// Longest string in bytes after decoding escapes.
    #[arg(long, value_name = "BYTES", default_value_t = Options::default().max_string_bytes)]
    max_string_bytes: usize,

    /// Accept objects that repeat a key instead of rejecting them.
    #[arg(long)]
    allow_duplicate_keys: bool,

    /// Compile schemas with keywords jsonseam does not enforce, and list them as unchecked
    /// instead of failing.
    #[arg(long)]
    unknown_keywords: bool,
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

fn load_validator(args: &CheckArgs) -> Result<Validator, Fatal> {
    let text = std::fs::read(&args.schema)
        .map_err(|e| Fatal(format!("cannot read schema {}: {e}", args.schema.display())))?;
    let schema: Value = serde_json::from_slice(&text)
        .map_err(|e| Fatal(format!("schema {} is not valid JSON: {e}", args.schema.display())))?;
    let mut options = Options::default();
    options.max_depth = args.max_depth;
    options.max_bytes = args.max_bytes;
    options.max_string_bytes = args.max_string_bytes;
    options.allow_duplicate_keys = args.allow_duplicate_keys;
    options.unknown_keywords = args.unknown_keywords;
    let validator = Validator::with_options(&schema, options)
        .map_err(|e| Fatal(format!("schema {}: {e}", args.schema.display())))?;
    for keyword in validator.unchecked_keywords() {
        eprintln!("jsonseam: warning: keyword at {keyword} is not checked");
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
    start: u64,
}

impl Window {
    fn push(&mut self, chunk: &[u8]) {
        self.bytes.extend_from_slice(chunk);
        if self.bytes.len() > 2 * SNIPPET_WINDOW {
            let drop = self.bytes.len() - SNIPPET_WINDOW;
            self.bytes.drain(..drop);
            self.start += drop as u64;
        }
    }
}

fn run_check(args: &CheckArgs) -> Result<u8, Fatal> {
    let validator = load_validator(args)?;
    let mut input = open_input(args.input.as_deref())?;
    let mut stream = validator.stream();
    let mut window = Window { bytes: Vec::new(), start: 0 };
    let mut buffer = vec![0u8; 64 * 1024];
    let chunk_size = args
        .chunk_size
        .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let mut read_total: u64 = 0;

    let verdict = loop {
        let n = match input.read(&mut buffer) {
            Ok(0) => break stream.finish(),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Fatal(format!("cannot read input: {e}"))),
        };
        read_total += n as u64;
        let arrived = &buffer[..n];
        window.push(arrived);
        if let Some(rejection) = arrived
            .chunks(chunk_size)
            .find_map(|chunk| stream.feed(chunk).err())
        {
            break Err(rejection);
        }
    };

    match verdict {
        Ok(outcome) => {
            if args.report == ReportFormat::Json {
                eprintln!("{}", json!({"valid": true, "bytes": outcome.bytes(), "divergence": null}));
            }
            if !args.quiet {
                let mut stdout = io::stdout().lock();
                let written = stdout
                    .write_all(outcome.text().as_bytes())
                    .and_then(|()| stdout.write_all(b"\n"))
                    .and_then(|()| stdout.flush());
                if let Err(e) = written {
                    return Err(Fatal(format!("cannot write output: {e}")));
                }
            }
            Ok(EXIT_VALID)
        }
        Err(rejection) => {
            report_rejection(args.report, &rejection, &window, read_total);
            Ok(EXIT_REJECTED)
        }
    }
}

fn report_rejection(format: ReportFormat, rejection: &Rejection, window: &Window, read_total: u64) {
    match format {
        ReportFormat::Text => {
            eprintln!("jsonseam: {}", render_snippet(rejection, &window.bytes, window.start));
        }
        ReportFormat::Json => {
            let report = json!({
                "valid": false,
                "bytes": read_total,
                "divergence": {
                    "kind": rejection.kind().as_str(),
                    "offset": rejection.offset(),
                    "instance_path": rejection.instance_path(),
                    "schema_path": rejection.schema_path(),
                    "expected": rejection.expected(),
                    "found": rejection.found(),
                },
            });
            eprintln!("{report}");
        }
    }
}
