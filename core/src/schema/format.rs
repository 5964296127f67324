//! `format`: checkers for the string formats that JSON Schema defines, used when format
//! assertion is on.
//!
//! Each checker is a small hand-written reader of the format's grammar, and takes the
//! decoded string whole. The grammars: RFC 3339 (dates, times, durations), RFC 5321 and
//! RFC 6531 (e-mail), RFC 1123 with the IDNA2008 rules of RFC 5891 to RFC 5893 (host
//! names), RFC 3986 and RFC 3987 (URIs and IRIs), RFC 6570 (URI templates), RFC 4122
//! (UUIDs), RFC 6901 (JSON Pointers), and ECMA-262 as the `pattern` translator reads it
//! (`regex`).
//!
//! NOTE: IDNA2008 classifies each code point through tables this crate does not carry.
//! The host-name checkers approximate them with the Unicode tables already in the binary
//! for `pattern` (general categories and scripts): a code point is PVALID when it is a
//! lower-case, other or modifier letter, a mark or a decimal digit, and not one of RFC
//! 5892's DISALLOWED exceptions. Case-folding and NFKC stability (RFC 5892 section 2.2),
//! the Virama class and the Bidi classes of RFC 5893 are approximated by short lists and by
//! script, so rare code points can be classed wrongly.

use regex_syntax::hir::{Class, HirKind};

/// Returns whether `name` is a format that [`check`] checks.
pub(crate) fn known(name: &str) -> bool {
    matches!(
        name,
        "date-time"
            | "date"
            | "time"
            | "duration"
            | "email"
            | "idn-email"
            | "hostname"
            | "idn-hostname"
            | "ipv4"
            | "ipv6"
            | "uri"
            | "uri-reference"
            | "iri"
            | "iri-reference"
            | "uri-template"
            | "uuid"
            | "regex"
            | "json-pointer"
            | "relative-json-pointer"
    )
}

/// Returns whether `value` conforms to the format `name`. Every string conforms to a
/// format that [`known`] does not list.
pub(crate) fn check(name: &str, value: &str) -> bool {
    match name {
        "date-time" => date_time(value),
        "date" => full_date(value.as_bytes()),
        "time" => full_time(value.as_bytes()),
        "duration" => duration(value.as_bytes()),
        "email" => email(value, false),
        "idn-email" => email(value, true),
        "hostname" => hostname(value, false),
        "idn-hostname" => hostname(value, true),
        "ipv4" => ipv4(value),
        "ipv6" => ipv6(value),
        "uri" => uri(value, Uri { iri: false, absolute: true }),
        "uri-reference" => uri(value, Uri { iri: false, absolute: false }),
        "iri" => uri(value, Uri { iri: true, absolute: true }),
        "iri-reference" => uri(value, Uri { iri: true, absolute: false }),
        "uri-template" => uri_template(value),
        "uuid" => uuid(value.as_bytes()),
        "regex" => super::pattern::is_valid_ecma(value),
        "json-pointer" => json_pointer(value),
        "relative-json-pointer" => relative_json_pointer(value),
        _ => true,
    }
}

// ---- RFC 3339 dates, times and durations ----

/// Reads exactly `digits` ASCII digits at the start of `bytes`.
fn number(bytes: &[u8], digits: usize) -> Option<u32> {
    let field = bytes.get(..digits)?;
    field.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn full_date(bytes: &[u8]) -> bool {
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (number(bytes, 4), number(&bytes[5..], 2), number(&bytes[8..], 2)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `partial-time time-offset`. A leap second (`:60`) is valid only at 23:59 UTC.
fn full_time(bytes: &[u8]) -> bool {
    if bytes.len() < 9 || bytes[2] != b':' || bytes[5] != b':' {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (number(bytes, 2), number(&bytes[3..], 2), number(&bytes[6..], 2)) else {
        return false;
    };
    if hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &bytes[8..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    // The offset in minutes east of UTC.
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (Some(h), Some(m)) = (number(&[*h1, *h2], 2), number(&[*m1, *m2], 2)) else {
                return false;
            };
            if h > 23 || m > 59 {
                return false;
            }
            let minutes = (h * 60 + m) as i32;
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return false,
    };
    let utc = ((hour * 60 + minute) as i32 - offset).rem_euclid(24 * 60);
    second != 60 || utc == 23 * 60 + 59
}

fn date_time(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() > 11 && matches!(bytes[10], b'T' | b't') && full_date(&bytes[..10]) && full_time(&bytes[11..])
}

/// RFC 3339 appendix A: `P` then weeks alone, or date units in the order Y, M, D and time
/// units in the order H, M, S after `T`, each run without gaps (`P1Y2D` is invalid).
fn duration(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(b"P") else {
        return false;
    };
    let (date, time) = match rest.iter().position(|&b| b == b'T') {
        Some(t) => (&rest[..t], Some(&rest[t + 1..])),
        None => (rest, None),
    };
    let date_valid = date.is_empty() || units_in_order(date, b"YMD");
    match time {
        Some(time) => date_valid && units_in_order(time, b"HMS"),
        None => !date.is_empty() && (date_valid || units_in_order(date, b"W")),
    }
}

/// Whether `part` is a run of `digits unit` elements whose units are consecutive letters
/// of `order`. An empty `part` counts only as an empty run.
fn units_in_order(part: &[u8], order: &[u8]) -> bool {
    if part.is_empty() {
        return false;
    }
    let mut previous: Option<usize> = None;
    let mut rest = part;
    while !rest.is_empty() {
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let Some(&unit) = rest.get(digits) else {
            return false;
        };
        let Some(index) = order.iter().position(|&u| u == unit) else {
            return false;
        };
        if digits == 0 || previous.is_some_and(|p| index != p + 1) {
            return false;
        }
        previous = Some(index);
        rest = &rest[digits + 1..];
    }
    true
}

// ---- E-mail addresses (RFC 5321, RFC 6531) ----

fn is_atext(c: char, idn: bool) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || (idn && !c.is_ascii())
}

fn email(value: &str, idn: bool) -> bool {
    let (local, domain) = if let Some(quoted) = value.strip_prefix('"') {
        // Quoted-string: printable ASCII but `"` and `\`, or a backslash pair.
        let mut chars = quoted.char_indices();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    end = Some(i);
                    break;
                }
                '\\' => match chars.next() {
                    Some((_, ' '..='~')) => {}
                    _ => return false,
                },
                ' '..='~' => {}
                c if idn && !c.is_ascii() => {}
                _ => return false,
            }
        }
        let Some(end) = end else {
            return false;
        };
        let Some(domain) = quoted[end + 1..].strip_prefix('@') else {
            return false;
        };
        (&value[..end + 2], domain)
    } else {
        let Some((local, domain)) = value.split_once('@') else {
            return false;
        };
        let atoms_valid = local.split('.').all(|atom| !atom.is_empty() && atom.chars().all(|c| is_atext(c, idn)));
        if !atoms_valid {
            return false;
        }
        (local, domain)
    };
    if local.len() > 64 {
        return false;
    }
    if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return match literal.get(..5) {
            Some(tag) if tag.eq_ignore_ascii_case("IPv6:") => ipv6(&literal[5..]),
            _ => ipv4(literal),
        };
    }
    hostname(domain, idn)
}

// ---- Host names (RFC 1123, IDNA2008) ----

/// The label separators of an internationalized host name (RFC 3490 section 3.1).
fn is_label_separator(c: char, idn: bool) -> bool {
    c == '.' || (idn && matches!(c, '\u{3002}' | '\u{FF0E}' | '\u{FF61}'))
}

fn hostname(value: &str, idn: bool) -> bool {
    if value.is_empty() {
        return false;
    }
    let mut labels: Vec<Vec<char>> = Vec::new();
    let mut ascii_length = 0;
    for label in value.split(|c| is_label_separator(c, idn)) {
        let Some((u_label, a_length)) = read_label(label, idn) else {
            return false;
        };
        ascii_length += a_length + 1;
        labels.push(u_label);
    }
    // The name in A-label form, without a trailing dot, is at most 253 octets.
    if ascii_length - 1 > 253 {
        return false;
    }
    // RFC 5893: in a name with a right-to-left label every label obeys the Bidi rule.
    if labels.iter().any(|label| idna::is_rtl_label(label)) {
        return labels.iter().all(|label| idna::bidi_rule(label));
    }
    true
}

/// Checks one label and returns its Unicode form with the length of its ASCII form. An
/// A-label (`xn--...`) must decode to a valid U-label that encodes back to it.
fn read_label(label: &str, idn: bool) -> Option<(Vec<char>, usize)> {
    if !label.is_ascii() {
        if !idn {
            return None;
        }
        let chars: Vec<char> = label.chars().collect();
        let a_length = punycode::encode(&chars)?.len() + 4;
        return (a_length <= 63 && idna::u_label_valid(&chars)).then_some((chars, a_length));
    }
    let ldh = !label.is_empty()
        && label.len() <= 63
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-');
    if !ldh {
        return None;
    }
    if !label.get(..4).is_some_and(|prefix| prefix.eq_ignore_ascii_case("xn--")) {
        return Some((label.chars().collect(), label.len()));
    }
    let encoded = &label[4..];
    let decoded = punycode::decode(encoded)?;
    let canonical = punycode::encode(&decoded).is_some_and(|again| again.eq_ignore_ascii_case(encoded));
    if !canonical || decoded.iter().all(char::is_ascii) || !idna::u_label_valid(&decoded) {
        return None;
    }
    Some((decoded, label.len()))
}

/// Punycode (RFC 3492), the encoding of an A-label's part after `xn--`.
// The short names (`n`, `i`, `k`, `t`, `q`, `m`) are those of the RFC's pseudocode.
#[allow(clippy::many_single_char_names)]
mod punycode {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    const INITIAL_BIAS: u32 = 72;
    const INITIAL_N: u32 = 128;

    fn adapt(delta: u32, points: u32, first: bool) -> u32 {
        let mut delta = if first { delta / DAMP } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
    }

    fn threshold(k: u32, bias: u32) -> u32 {
        k.saturating_sub(bias).clamp(T_MIN, T_MAX)
    }

    pub(super) fn decode(input: &str) -> Option<Vec<char>> {
        let (basic, extended) = match input.rfind('-') {
            Some(i) => (&input[..i], &input[i + 1..]),
            None => ("", input),
        };
        let mut output: Vec<char> = basic.chars().collect();
        let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
        let mut digits = extended.bytes().peekable();
        while digits.peek().is_some() {
            let old_i = i;
            let mut weight = 1u32;
            let mut k = BASE;
            loop {
                let digit = match digits.next()? {
                    b @ b'a'..=b'z' => b - b'a',
                    b @ b'A'..=b'Z' => b - b'A',
                    b @ b'0'..=b'9' => b - b'0' + 26,
                    _ => return None,
                };
                let digit = u32::from(digit);
                i = i.checked_add(digit.checked_mul(weight)?)?;
                let t = threshold(k, bias);
                if digit < t {
                    break;
                }
                weight = weight.checked_mul(BASE - t)?;
                k += BASE;
            }
            let length = output.len() as u32 + 1;
            bias = adapt(i - old_i, length, old_i == 0);
            n = n.checked_add(i / length)?;
            i %= length;
            output.insert(i as usize, char::from_u32(n)?);
            i += 1;
        }
        Some(output)
    }

    pub(super) fn encode(input: &[char]) -> Option<String> {
        let digit = |d: u32| char::from(if d < 26 { b'a' + d as u8 } else { b'0' + (d - 26) as u8 });
        let mut output: String = input.iter().filter(|c| c.is_ascii()).collect();
        let basic = output.len() as u32;
        if basic > 0 {
            output.push('-');
        }
        let (mut n, mut delta, mut bias, mut handled) = (INITIAL_N, 0u32, INITIAL_BIAS, basic);
        while (handled as usize) < input.len() {
            let m = input.iter().map(|&c| c as u32).filter(|&c| c >= n).min()?;
            delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
            n = m;
            for &c in input {
                let c = c as u32;
                if c < n {
                    delta = delta.checked_add(1)?;
                }
                if c == n {
                    let mut q = delta;
                    let mut k = BASE;
                    loop {
                        let t = threshold(k, bias);
                        if q < t {
                            break;
                        }
                        output.push(digit(t + (q - t) % (BASE - t)));
                        q = (q - t) / (BASE - t);
                        k += BASE;
                    }
                    output.push(digit(q));
                    bias = adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled += 1;
                }
            }
            delta += 1;
            n += 1;
        }
        Some(output)
    }
}

/// The IDNA2008 label rules (RFC 5891 section 5.4, RFC 5892, RFC 5893), approximated as the
/// module documentation says.
mod idna {
    use super::{unicode_set, UnicodeSet};

    /// Unicode sets read once from the tables `regex-syntax` carries.
    struct Sets {
        pvalid_category: UnicodeSet,
        mark: UnicodeSet,
        nonspacing: UnicodeSet,
        greek: UnicodeSet,
        hebrew: UnicodeSet,
        kana_han: UnicodeSet,
        right_to_left: UnicodeSet,
        arabic_letter: UnicodeSet,
        joining: UnicodeSet,
    }

    fn sets() -> &'static Sets {
        static SETS: std::sync::OnceLock<Sets> = std::sync::OnceLock::new();
        SETS.get_or_init(|| Sets {
            pvalid_category: unicode_set(r"[\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Mc}\p{Nd}]"),
            mark: unicode_set(r"\p{M}"),
            nonspacing: unicode_set(r"[\p{Mn}\p{Me}]"),
            greek: unicode_set(r"\p{sc=Greek}"),
            hebrew: unicode_set(r"\p{sc=Hebrew}"),
            kana_han: unicode_set(r"[\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Han}]"),
            right_to_left: unicode_set(r"[\p{sc=Hebrew}\p{sc=Nko}\p{sc=Samaritan}\p{sc=Mandaic}]"),
            arabic_letter: unicode_set(r"[\p{sc=Arabic}\p{sc=Syriac}\p{sc=Thaana}]"),
            joining: unicode_set(r"[\p{sc=Arabic}\p{sc=Syriac}\p{sc=Nko}\p{sc=Mongolian}]"),
        })
    }

    /// Code points whose canonical combining class is Virama (9), in the scripts where
    /// ZERO WIDTH (NON-)JOINER follows one.
    /// NOTE: a subset of the Unicode list, for the Indic, Southeast Asian and Tibetan scripts.
    const VIRAMAS: &[char] = &[
        '\u{094D}', '\u{09CD}', '\u{0A4D}', '\u{0ACD}', '\u{0B4D}', '\u{0BCD}', '\u{0C4D}', '\u{0CCD}',
        '\u{0D3B}', '\u{0D3C}', '\u{0D4D}', '\u{0DCA}', '\u{0E3A}', '\u{0EBA}', '\u{0F84}', '\u{1039}',
        '\u{103A}', '\u{1714}', '\u{1715}', '\u{1734}', '\u{17D2}', '\u{1A60}', '\u{1B44}', '\u{1BAA}',
        '\u{1BAB}', '\u{1BF2}', '\u{1BF3}', '\u{2D7F}', '\u{A806}', '\u{A8C4}', '\u{A953}', '\u{A9C0}',
        '\u{AAF6}', '\u{ABED}',
    ];

    /// Whether `label` (not empty, any ASCII letters in either case) is a valid U-label.
    pub(super) fn u_label_valid(label: &[char]) -> bool {
        let sets = sets();
        if label.first() == Some(&'-') || label.last() == Some(&'-') || label.get(2..4) == Some(&['-', '-']) {
            return false;
        }
        if label.first().is_some_and(|&c| sets.mark.contains(c)) {
            return false;
        }
        for (i, &c) in label.iter().enumerate() {
            let before = i.checked_sub(1).map(|b| label[b]);
            let after = label.get(i + 1).copied();
            let valid = match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '-' => true,
                // RFC 5892 section 2.6: exceptions that are PVALID and DISALLOWED.
                '\u{00DF}' | '\u{03C2}' | '\u{06FD}' | '\u{06FE}' | '\u{0F0B}' | '\u{3007}' => true,
                '\u{0640}' | '\u{07FA}' | '\u{302E}' | '\u{302F}' | '\u{3031}'..='\u{3035}' | '\u{303B}' => false,
                // RFC 5892 appendix A: the CONTEXTJ and CONTEXTO rules.
                '\u{200C}' => before.is_some_and(|b| VIRAMAS.contains(&b)) || joins_around(label, i),
                '\u{200D}' => before.is_some_and(|b| VIRAMAS.contains(&b)),
                '\u{00B7}' => before == Some('l') && after == Some('l'),
                '\u{0375}' => after.is_some_and(|a| sets.greek.contains(a)),
                '\u{05F3}' | '\u{05F4}' => before.is_some_and(|b| sets.hebrew.contains(b)),
                '\u{30FB}' => label.iter().any(|&x| x != '\u{30FB}' && sets.kana_han.contains(x)),
                '\u{0660}'..='\u{0669}' => !label.iter().any(|x| ('\u{06F0}'..='\u{06F9}').contains(x)),
                '\u{06F0}'..='\u{06F9}' => !label.iter().any(|x| ('\u{0660}'..='\u{0669}').contains(x)),
                c if c.is_ascii() => false,
                // NOTE: upper-case and title-case letters are unstable under case folding
                // and so DISALLOWED; letters that only NFKC changes are not caught.
                c => sets.pvalid_category.contains(c),
            };
            if !valid {
                return false;
            }
        }
        true
    }

    /// The ZERO WIDTH NON-JOINER rule by joining type: a joining letter, optional
    /// transparent marks, the ZWNJ at `at`, optional marks, a joining letter.
    /// NOTE: joining types are approximated by script (Arabic, Syriac, N'Ko, Mongolian).
    fn joins_around(label: &[char], at: usize) -> bool {
        let sets = sets();
        let joins = |c: &char| sets.joining.contains(*c) && !sets.nonspacing.contains(*c);
        let left = label[..at].iter().rev().find(|c| !sets.nonspacing.contains(**c));
        let right = label[at + 1..].iter().find(|c| !sets.nonspacing.contains(**c));
        left.is_some_and(joins) && right.is_some_and(joins)
    }

    /// The Bidi classes that RFC 5893 distinguishes.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Bidi {
        L,
        R,
        ArabicLetter,
        ArabicNumber,
        EuropeanNumber,
        NonspacingMark,
        Other,
    }

    /// NOTE: approximated: right-to-left scripts give R or AL, the Arabic-Indic digits AN,
    /// ASCII and Extended Arabic-Indic digits EN, and other letters L.
    fn bidi_class(c: char) -> Bidi {
        let sets = sets();
        match c {
            '0'..='9' | '\u{06F0}'..='\u{06F9}' => Bidi::EuropeanNumber,
            '\u{0600}'..='\u{0605}' | '\u{0660}'..='\u{0669}' | '\u{066B}' | '\u{066C}' | '\u{06DD}' => Bidi::ArabicNumber,
            '-' => Bidi::Other,
            c if sets.nonspacing.contains(c) => Bidi::NonspacingMark,
            c if sets.right_to_left.contains(c) => Bidi::R,
            c if sets.arabic_letter.contains(c) => Bidi::ArabicLetter,
            c if c.is_alphabetic() => Bidi::L,
            _ => Bidi::Other,
        }
    }

    pub(super) fn is_rtl_label(label: &[char]) -> bool {
        label
            .iter()
            .any(|&c| matches!(bidi_class(c), Bidi::R | Bidi::ArabicLetter | Bidi::ArabicNumber))
    }

    /// RFC 5893 section 2, rules 1 to 6.
    pub(super) fn bidi_rule(label: &[char]) -> bool {
        let classes: Vec<Bidi> = label.iter().map(|&c| bidi_class(c)).collect();
        let last = classes.iter().rev().find(|&&c| c != Bidi::NonspacingMark).copied();
        match classes.first() {
            Some(Bidi::R | Bidi::ArabicLetter) => {
                let no_l = !classes.contains(&Bidi::L);
                let both_numbers = classes.contains(&Bidi::EuropeanNumber) && classes.contains(&Bidi::ArabicNumber);
                let end = matches!(last, Some(Bidi::R | Bidi::ArabicLetter | Bidi::EuropeanNumber | Bidi::ArabicNumber));
                no_l && !both_numbers && end
            }
            Some(Bidi::L) => {
                let only_ltr = !classes.iter().any(|c| matches!(c, Bidi::R | Bidi::ArabicLetter | Bidi::ArabicNumber));
                only_ltr && matches!(last, Some(Bidi::L | Bidi::EuropeanNumber))
            }
            _ => false,
        }
    }
}

/// A set of code points as sorted, disjoint, inclusive ranges.
struct UnicodeSet(Vec<(char, char)>);

impl UnicodeSet {
    fn contains(&self, c: char) -> bool {
        self.0
            .binary_search_by(|&(start, end)| {
                if end < c {
                    std::cmp::Ordering::Less
                } else if start > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// Reads a Unicode class such as `\p{Ll}` through `regex-syntax`, whose tables the binary
/// already carries for `pattern`.
fn unicode_set(class: &str) -> UnicodeSet {
    let hir = regex_syntax::Parser::new()
        .parse(class)
        .unwrap_or_else(|error| panic!("class {class:?} is valid with the enabled Unicode tables: {error}"));
    match hir.kind() {
        HirKind::Class(Class::Unicode(set)) => UnicodeSet(set.ranges().iter().map(|r| (r.start(), r.end())).collect()),
        _ => panic!("class {class:?} parses to a Unicode class"),
    }
}

// ---- IP addresses ----

/// A dotted-quad IPv4 address with decimal octets and no leading zeros.
fn ipv4(value: &str) -> bool {
    let mut octets = 0;
    for octet in value.split('.') {
        octets += 1;
        let valid = !octet.is_empty()
            && octet.len() <= 3
            && octet.bytes().all(|b| b.is_ascii_digit())
            && (octet == "0" || !octet.starts_with('0'))
            && octet.parse::<u16>().is_ok_and(|n| n <= 255);
        if !valid {
            return false;
        }
    }
    octets == 4
}

/// An IPv6 address in the text forms of RFC 4291 section 2.2, without a zone or prefix.
fn ipv6(value: &str) -> bool {
    // Counts the 16-bit groups of a `:`-separated run; an IPv4 tail counts as two.
    fn groups(part: &str, ipv4_tail: bool) -> Option<usize> {
        if part.is_empty() {
            return Some(0);
        }
        let pieces: Vec<&str> = part.split(':').collect();
        let mut count = 0;
        for (i, piece) in pieces.iter().enumerate() {
            if ipv4_tail && i == pieces.len() - 1 && piece.contains('.') {
                count += if ipv4(piece) { 2 } else { return None };
            } else if (1..=4).contains(&piece.len()) && piece.bytes().all(|b| b.is_ascii_hexdigit()) {
                count += 1;
            } else {
                return None;
            }
        }
        Some(count)
    }
    match value.split_once("::") {
        Some((head, tail)) => {
            !tail.contains("::")
                && matches!((groups(head, false), groups(tail, true)), (Some(h), Some(t)) if h + t <= 7)
        }
        None => groups(value, true) == Some(8),
    }
}

// ---- URIs and IRIs (RFC 3986, RFC 3987) ----

#[derive(Clone, Copy)]
struct Uri {
    /// Accept the non-ASCII characters of RFC 3987 (`ucschar`, and `iprivate` in queries).
    iri: bool,
    /// Require a scheme (`URI`, `IRI`), not only a reference.
    absolute: bool,
}

fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

fn is_sub_delim(c: char) -> bool {
    matches!(c, '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | ';' | '=')
}

/// RFC 3987 `ucschar`.
fn is_ucschar(c: char) -> bool {
    let c = c as u32;
    matches!(c, 0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF)
        || ((0x10000..=0xEFFFD).contains(&c) && c & 0xFFFE != 0xFFFE)
}

/// RFC 3987 `iprivate`.
fn is_iprivate(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF_0000..=0xF_FFFD | 0x10_0000..=0x10_FFFD)
}

/// Whether every character of `text` is `unreserved`, `sub-delims`, one of `extra`, a
/// `%XX` triplet, or (for an IRI) a `ucschar`.
fn uri_chars(text: &str, extra: &str, iri: bool, private: bool) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let valid = match c {
            '%' => chars.next().is_some_and(|h| h.is_ascii_hexdigit()) && chars.next().is_some_and(|h| h.is_ascii_hexdigit()),
            c if c.is_ascii() => is_unreserved(c) || is_sub_delim(c) || extra.contains(c),
            c => iri && (is_ucschar(c) || (private && is_iprivate(c))),
        };
        if !valid {
            return false;
        }
    }
    true
}

fn uri(value: &str, kind: Uri) -> bool {
    let iri = kind.iri;
    let (rest, fragment) = value.split_once('#').unwrap_or((value, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !uri_chars(fragment, ":@/?", iri, false) || !uri_chars(query, ":@/?", iri, true) {
        return false;
    }
    // A `:` in the first segment makes it a scheme; a relative reference has none there.
    let first_segment = rest.split('/').next().unwrap_or("");
    let hier = match first_segment.split_once(':') {
        Some((scheme, _)) => {
            let mut letters = scheme.chars();
            let scheme_valid = letters.next().is_some_and(|c| c.is_ascii_alphabetic())
                && letters.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
            if !scheme_valid {
                return false;
            }
            &rest[scheme.len() + 1..]
        }
        None if kind.absolute => return false,
        None => rest,
    };
    let path = match hier.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            if !authority(&after[..end], iri) {
                return false;
            }
            &after[end..]
        }
        None => hier,
    };
    uri_chars(path, ":@/", iri, false)
}

/// `[ userinfo "@" ] host [ ":" port ]`.
fn authority(text: &str, iri: bool) -> bool {
    let (userinfo, host_port) = match text.split_once('@') {
        Some((userinfo, host_port)) => (Some(userinfo), host_port),
        None => (None, text),
    };
    if userinfo.is_some_and(|u| !uri_chars(u, ":", iri, false)) {
        return false;
    }
    let (host, port) = if let Some(literal) = host_port.strip_prefix('[') {
        let Some((inside, after)) = literal.split_once(']') else {
            return false;
        };
        if !ip_literal(inside) {
            return false;
        }
        match after {
            "" => return true,
            _ => match after.strip_prefix(':') {
                Some(port) => ("", port),
                None => return false,
            },
        }
    } else {
        host_port.split_once(':').unwrap_or((host_port, ""))
    };
    uri_chars(host, "", iri, false) && port.bytes().all(|b| b.is_ascii_digit())
}

/// The inside of `[...]`: an IPv6 address or `v<hex digits>.<text>` (`IPvFuture`).
fn ip_literal(text: &str) -> bool {
    if let Some(future) = text.strip_prefix(['v', 'V']) {
        return match future.split_once('.') {
            Some((version, rest)) => {
                !version.is_empty()
                    && version.bytes().all(|b| b.is_ascii_hexdigit())
                    && !rest.is_empty()
                    && rest.chars().all(|c| is_unreserved(c) || is_sub_delim(c) || c == ':')
            }
            None => false,
        };
    }
    ipv6(text)
}

/// RFC 6570 level 4 templates. Literals take the characters of a URI reference, its
/// `%XX` triplets, and the non-ASCII characters of an IRI; an expression takes an operator
/// of levels 2 and 3 and a list of variables.
fn uri_template(value: &str) -> bool {
    let mut rest = value;
    while !rest.is_empty() {
        let literal_end = rest.find(['{', '}']).unwrap_or(rest.len());
        let literal = &rest[..literal_end];
        if !uri_chars(literal, ":/?#[]@", true, true) {
            return false;
        }
        rest = &rest[literal_end..];
        let Some(expression) = rest.strip_prefix('{') else {
            if rest.is_empty() {
                break;
            }
            return false;
        };
        let Some((inside, after)) = expression.split_once('}') else {
            return false;
        };
        let variables = inside.strip_prefix(['+', '#', '.', '/', ';', '?', '&']).unwrap_or(inside);
        if !variables.split(',').all(varspec) {
            return false;
        }
        rest = after;
    }
    true
}

/// `varname [ ":" max-length / "*" ]`, where a name is `varchar`s with single dots
/// between them.
fn varspec(spec: &str) -> bool {
    let (name, modifier) = match spec.find([':', '*']) {
        Some(i) => (&spec[..i], &spec[i..]),
        None => (spec, ""),
    };
    let name_valid = name.split('.').all(|part| {
        let mut bytes = part.bytes();
        let mut varchars = 0;
        while let Some(b) = bytes.next() {
            let valid = match b {
                b'%' => bytes.next().is_some_and(|h| h.is_ascii_hexdigit()) && bytes.next().is_some_and(|h| h.is_ascii_hexdigit()),
                _ => b.is_ascii_alphanumeric() || b == b'_',
            };
            if !valid {
                return false;
            }
            varchars += 1;
        }
        varchars > 0
    });
    let modifier_valid = match modifier {
        "" | "*" => true,
        _ => modifier.strip_prefix(':').is_some_and(|length| {
            (1..=4).contains(&length.len()) && !length.starts_with('0') && length.bytes().all(|b| b.is_ascii_digit())
        }),
    };
    name_valid && modifier_valid
}

// ---- UUIDs and JSON Pointers ----

/// The 8-4-4-4-12 hexadecimal form of RFC 4122, any version and variant.
fn uuid(bytes: &[u8]) -> bool {
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// RFC 6901: empty, or `/`-prefixed tokens where `~` is followed by `0` or `1`.
fn json_pointer(value: &str) -> bool {
    if !(value.is_empty() || value.starts_with('/')) {
        return false;
    }
    let mut bytes = value.bytes();
    while let Some(b) = bytes.next() {
        if b == b'~' && !matches!(bytes.next(), Some(b'0' | b'1')) {
            return false;
        }
    }
    true
}

/// A non-negative integer without leading zeros, then `#` or a JSON Pointer.
fn relative_json_pointer(value: &str) -> bool {
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (digits > 1 && value.starts_with('0')) {
        return false;
    }
    let rest = &value[digits..];
    rest == "#" || json_pointer(rest)
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    use serde_json::Value;

    use super::{check, known};

    #[test]
    fn dates_and_times() {
        assert!(check("date-time", "2024-02-29T23:59:60Z"));
        assert!(!check("date-time", "2023-02-29T12:00:00Z"));
        assert!(check("time", "00:29:60-23:30"));
        assert!(!check("time", "12:00:00"));
        assert!(check("duration", "P1Y2M3DT4H5M6S"));
        assert!(check("duration", "PT36H"));
        assert!(!check("duration", "P1Y2D"));
        assert!(!check("duration", "PT"));
        assert!(!check("duration", "P1WT1H"));
    }

    #[test]
    fn hosts_and_addresses() {
        assert!(check("hostname", "xn--4gbwdl.xn--wgbh1c"));
        assert!(!check("hostname", "xn--X"));
        assert!(check("idn-hostname", "실례.테스트"));
        assert!(!check("idn-hostname", "a\u{05d0}"));
        assert!(check("email", "\"joe@bloggs\"@example.com"));
        assert!(!check("email", "te..st@example.com"));
        assert!(check("ipv6", "::ffff:192.168.0.1"));
        assert!(!check("ipv6", "1::d6::42"));
    }

    #[test]
    fn uris_and_pointers() {
        assert!(check("uri", "ldap://[2001:db8::7]/c=GB?objectClass?one"));
        assert!(!check("uri", "//foo.bar/?baz=qux#quux"));
        assert!(check("uri-reference", "./this:that"));
        assert!(!check("uri-reference", "1:b"));
        assert!(check("uri-template", "{+var}/{x,y*}"));
        assert!(!check("uri-template", "{v:01}"));
        assert!(check("relative-json-pointer", "0#"));
        assert!(!check("json-pointer", "/~2"));
        assert!(check("regex", "(?<=a+)b") || !cfg!(feature = "backtracking"));
        assert!(!check("regex", "(?i)abc"));
    }

    /// Every string case of the official suite's `optional/format` files, all five drafts.
    #[test]
    fn official_format_suite() {
        let tests = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/JSON-Schema-Test-Suite/tests");
        let (mut checked, mut failures) = (0, Vec::new());
        for draft in ["draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"] {
            let dir = tests.join(draft).join("optional/format");
            let mut files: Vec<PathBuf> = fs::read_dir(&dir)
                .unwrap_or_else(|error| panic!("{} is readable: {error}", dir.display()))
                .map(|entry| entry.unwrap().path())
                .collect();
            files.sort();
            for file in files {
                let groups: Vec<Value> = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
                for group in &groups {
                    let Some(format) = group["schema"]["format"].as_str().filter(|f| known(f)) else {
                        continue;
                    };
                    for test in group["tests"].as_array().unwrap() {
                        let Some(text) = test["data"].as_str() else {
                            continue;
                        };
                        checked += 1;
                        let expected = test["valid"].as_bool().unwrap();
                        if check(format, text) != expected {
                            failures.push(format!("{draft} {format} {text:?}: expected {expected} ({})", test["description"]));
                        }
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{} of {checked} failed:\n{}", failures.len(), failures.join("\n"));
        assert!(checked > 1000, "checked only {checked} cases");
    }
}
