//! URI references as JSON Schema uses them for `$id` and `$ref`: resolution against a base
//! (RFC 3986, section 5.2) and splitting off the fragment. Only the syntax that resolution
//! needs is parsed; nothing is ever fetched.

/// The five components of a URI reference, borrowed from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn parse(text: &str) -> Parts<'_> {
    let (rest, fragment) = match text.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (text, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (rest, None),
    };
    // A scheme is letters, digits, `+`, `-` and `.` before the first `:`, starting with a
    // letter, and the `:` must come before any `/`.
    let scheme_end = rest.find(':').filter(|&colon| {
        let scheme = &rest[..colon];
        !scheme.is_empty()
            && scheme.as_bytes()[0].is_ascii_alphabetic()
            && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    });
    let (scheme, rest) = match scheme_end {
        Some(colon) => (Some(&rest[..colon]), &rest[colon + 1..]),
        None => (None, rest),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            (Some(&after[..end]), &after[end..])
        }
        None => (None, rest),
    };
    Parts {
        scheme,
        authority,
        path,
        query,
        fragment,
    }
}

/// Removes `.` and `..` segments from a path (RFC 3986, section 5.2.4).
fn remove_dot_segments(path: &str) -> String {
    let mut output: Vec<&str> = Vec::new();
    let absolute = path.starts_with('/');
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    let mut trailing_slash = false;
    for (i, segment) in segments.iter().enumerate() {
        if i == 0 && absolute {
            continue;
        }
        match *segment {
            "." => trailing_slash = i == last,
            ".." => {
                output.pop();
                trailing_slash = i == last;
            }
            other => {
                output.push(other);
                trailing_slash = false;
            }
        }
    }
    let mut out = String::with_capacity(path.len());
    if absolute {
        out.push('/');
    }
    out.push_str(&output.join("/"));
    if trailing_slash && !out.ends_with('/') {
        out.push('/');
    }
    out
}

fn merge(base: &Parts<'_>, reference_path: &str) -> String {
    if base.authority.is_some() && base.path.is_empty() {
        return format!("/{reference_path}");
    }
    match base.path.rfind('/') {
        Some(slash) => format!("{}{}", &base.path[..=slash], reference_path),
        None => reference_path.to_owned(),
    }
}

fn compose(parts: &Parts<'_>, path: &str) -> String {
    let mut out = String::new();
    if let Some(scheme) = parts.scheme {
        out.push_str(scheme);
        out.push(':');
    }
    if let Some(authority) = parts.authority {
        out.push_str("//");
        out.push_str(authority);
    }
    out.push_str(path);
    if let Some(query) = parts.query {
        out.push('?');
        out.push_str(query);
    }
    if let Some(fragment) = parts.fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Resolves `reference` against the absolute URI `base`.
pub(crate) fn resolve(base: &str, reference: &str) -> String {
    let r = parse(reference);
    let b = parse(base);
    let target = if r.scheme.is_some() {
        r
    } else if r.authority.is_some() {
        Parts { scheme: b.scheme, ..r }
    } else if r.path.is_empty() {
        Parts {
            scheme: b.scheme,
            authority: b.authority,
            path: b.path,
            query: r.query.or(b.query),
            fragment: r.fragment,
        }
    } else {
        Parts {
            scheme: b.scheme,
            authority: b.authority,
            path: "",
            query: r.query,
            fragment: r.fragment,
        }
    };
    let path = if r.scheme.is_some() || r.authority.is_some() {
        remove_dot_segments(r.path)
    } else if r.path.is_empty() {
        b.path.to_owned()
    } else if r.path.starts_with('/') {
        remove_dot_segments(r.path)
    } else {
        remove_dot_segments(&merge(&b, r.path))
    };
    compose(&target, &path)
}

/// Returns whether `uri` is absolute: it starts with a scheme such as `https:` or `urn:`.
pub(crate) fn is_absolute(uri: &str) -> bool {
    parse(uri).scheme.is_some()
}

/// Splits a URI into the part before the fragment and the fragment (empty when absent).
pub(crate) fn split_fragment(uri: &str) -> (&str, &str) {
    uri.split_once('#').unwrap_or((uri, ""))
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn resolves_the_rfc_examples() {
        let base = "http://a/b/c/d;p?q";
        for (reference, expected) in [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("g;x=1/../y", "http://a/b/c/y"),
        ] {
            assert_eq!(resolve(base, reference), expected, "{reference}");
        }
    }

    #[test]
    fn resolves_against_urns_and_fragments() {
        assert_eq!(resolve("urn:uuid:deadbeef", "#/$defs/a"), "urn:uuid:deadbeef#/$defs/a");
        assert_eq!(resolve("http://x/y.json", "z.json#foo"), "http://x/z.json#foo");
        assert_eq!(resolve("http://localhost:1234/tree", "node"), "http://localhost:1234/node");
    }
}
