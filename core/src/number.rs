//! Exact decimal arithmetic on JSON number text.
//!
//! A JSON number is a decimal, and its bounds are decimals too, so comparing them through
//! `f64` would let `10.000000000000000001` pass `maximum: 10`. A [`Decimal`] keeps the
//! significant digits as written and a base-ten exponent: the value is `digits × 10^exponent`
//! with no leading or trailing zero in `digits`, so every value has one form and equality is
//! structural. Exponents saturate far beyond any value that `f64` can hold, so `1e999999999`
//! still compares above every finite bound.

use std::cmp::Ordering;

use smallvec::SmallVec;

/// Digits kept without a heap allocation: `f64` prints at most 17 significant digits, and
/// model output rarely has more.
type Digits = SmallVec<[u8; 24]>;

fn trim_start_zeros(digits: &[u8]) -> &[u8] {
    let first = digits.iter().position(|&d| d != b'0').unwrap_or(digits.len());
    &digits[first..]
}

fn trim_end_zeros(digits: &[u8]) -> &[u8] {
    let end = digits.iter().rposition(|&d| d != b'0').map_or(0, |last| last + 1);
    &digits[..end]
}

/// Concatenates the two parts of a number's digits. Up to the inline capacity the parts
/// are copied into a stack buffer, which costs far less than `SmallVec`'s growing `extend`.
fn join_digits(head: &[u8], tail: &[u8]) -> Digits {
    let length = head.len() + tail.len();
    let mut inline = [0u8; 24];
    if length > inline.len() {
        let mut digits = Vec::with_capacity(length);
        digits.extend_from_slice(head);
        digits.extend_from_slice(tail);
        return Digits::from_vec(digits);
    }
    inline[..head.len()].copy_from_slice(head);
    inline[head.len()..length].copy_from_slice(tail);
    Digits::from_buf_and_len(inline, length)
}

/// Exponents are clamped to this magnitude; values past it only ever meet bounds that are
/// many orders of magnitude smaller, so the comparison stays right.
const EXPONENT_LIMIT: i64 = 1 << 40;

/// A number written without an exponent, read exactly as `mantissa / 10^scale`, where
/// `scale` is the count of digits after the point. Reading it costs a fraction of a
/// [`Decimal`], and it compares exactly with integer bounds scaled by the same power of ten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlainDecimal {
    pub mantissa: i128,
    pub scale: u32,
}

/// Powers of ten that fit `u64`.
const POWERS_OF_TEN: [u64; 20] = {
    let mut powers = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

impl PlainDecimal {
    /// Most digits read, so that the magnitude fits `u64`.
    const MAX_DIGITS: usize = 19;
    /// Most digits after the point, so that an integer bound below 2^64 times `10^scale`
    /// fits `i128` (2^64 × 10^18 < 2^127).
    const MAX_SCALE: usize = 18;

    /// Reads number text of the form `-?digits(.digits)?`, with at most 19 digits in all
    /// and 18 after the point. Returns `None` for anything else, such as an exponent or
    /// more digits, which the caller then reads as a [`Decimal`].
    pub(crate) fn parse(text: &[u8]) -> Option<Self> {
        let (negative, rest) = match text.split_first()? {
            (b'-', rest) => (true, rest),
            _ => (false, text),
        };
        if rest.is_empty() || rest.len() > Self::MAX_DIGITS + 1 {
            return None;
        }
        let mut magnitude: u64 = 0;
        let mut point = None;
        for (i, &b) in rest.iter().enumerate() {
            match b {
                // Twenty digits may wrap, and such a text is declined below.
                b'0'..=b'9' => magnitude = magnitude.wrapping_mul(10).wrapping_add(u64::from(b - b'0')),
                b'.' if point.is_none() && i > 0 && i + 1 < rest.len() => point = Some(i),
                _ => return None,
            }
        }
        let digits = rest.len() - usize::from(point.is_some());
        let scale = point.map_or(0, |point| rest.len() - point - 1);
        if digits > Self::MAX_DIGITS || scale > Self::MAX_SCALE {
            return None;
        }
        let magnitude = i128::from(magnitude);
        Some(Self {
            mantissa: if negative { -magnitude } else { magnitude },
            scale: scale as u32,
        })
    }

    /// Returns whether the value has no fractional part.
    pub(crate) fn is_integer(self) -> bool {
        self.scale == 0 || (self.mantissa.unsigned_abs() as u64).is_multiple_of(POWERS_OF_TEN[self.scale as usize])
    }

    /// Returns `10^scale`, the factor that brings an integer to this value's units.
    pub(crate) fn unit(self) -> i128 {
        i128::from(POWERS_OF_TEN[self.scale as usize])
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Decimal {
    negative: bool,
    /// ASCII digits without leading or trailing zeros; empty for zero.
    digits: Digits,
    exponent: i64,
}

/// Parses the exponent written after `e` or `E`: an optional sign and digits, saturating at
/// [`EXPONENT_LIMIT`].
fn parse_exponent(written: &[u8]) -> Option<i64> {
    let (sign, magnitude) = match written.split_first()? {
        (b'-', m) => (-1, m),
        (b'+', m) => (1, m),
        _ => (1, written),
    };
    if magnitude.is_empty() || !magnitude.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = magnitude
        .iter()
        .fold(0i64, |value, &b| (value * 10 + i64::from(b - b'0')).min(EXPONENT_LIMIT));
    Some(sign * value)
}

impl Decimal {
    /// Parses number text that the lexer has already checked against RFC 8259's grammar.
    /// Returns `None` for text outside that grammar.
    pub(crate) fn parse(text: &[u8]) -> Option<Self> {
        let (negative, rest) = match text.split_first()? {
            (b'-', rest) => (true, rest),
            _ => (false, text),
        };
        // One pass over the mantissa: digits with at most one point, up to the exponent.
        let mut point = None;
        let mut mantissa_end = rest.len();
        for (i, &b) in rest.iter().enumerate() {
            match b {
                b'0'..=b'9' => {}
                b'.' if point.is_none() => point = Some(i),
                b'e' | b'E' => {
                    mantissa_end = i;
                    break;
                }
                _ => return None,
            }
        }
        let (mantissa, exponent_part) = rest.split_at(mantissa_end);
        if mantissa.is_empty() {
            return None;
        }
        let mut exponent = match exponent_part.split_first() {
            Some((_, written)) => parse_exponent(written)?,
            None => 0,
        };

        // The value is the digits without the point, scaled down by the number of digits
        // after it.
        let (integer, fraction) = match point {
            Some(point) => (&mantissa[..point], &mantissa[point + 1..]),
            None => (mantissa, &[][..]),
        };
        exponent = exponent.saturating_sub(fraction.len() as i64);
        // Leading zeros, possibly the whole integer part, carry no value.
        let integer = trim_start_zeros(integer);
        let (head, tail) = if integer.is_empty() { (integer, trim_start_zeros(fraction)) } else { (integer, fraction) };
        // Trailing zeros move into the exponent.
        let trimmed_tail = trim_end_zeros(tail);
        exponent += (tail.len() - trimmed_tail.len()) as i64;
        let trimmed_head = if trimmed_tail.is_empty() { trim_end_zeros(head) } else { head };
        exponent += (head.len() - trimmed_head.len()) as i64;
        if trimmed_head.is_empty() && trimmed_tail.is_empty() {
            return Some(Self::zero());
        }
        Some(Self {
            negative,
            digits: join_digits(trimmed_head, trimmed_tail),
            exponent: exponent.clamp(-EXPONENT_LIMIT, EXPONENT_LIMIT),
        })
    }

    /// Converts a number read from a schema. `serde_json` prints floats in the shortest form
    /// that reads back to the same `f64`, so `0.1` in a schema becomes exactly one tenth.
    /// NOTE: without the `arbitrary_precision` feature of `serde_json`, a schema number with more
    /// digits than an `f64` holds (such as a 23-digit `const`) has already lost them.
    pub(crate) fn from_json(number: &serde_json::Number) -> Option<Self> {
        Self::parse(number.to_string().as_bytes())
    }

    /// Returns the value as an `i128` when it is an integer whose magnitude is below 2^64,
    /// the bounds that [`PlainDecimal`] values compare with exactly.
    pub(crate) fn to_small_integer(&self) -> Option<i128> {
        if self.exponent < 0 || self.digits.len() as i64 + self.exponent > 20 {
            return None;
        }
        let mut value: u128 = 0;
        for &d in &self.digits {
            value = value * 10 + u128::from(d - b'0');
        }
        value *= 10u128.pow(self.exponent as u32);
        let value = i128::from(u64::try_from(value).ok()?);
        Some(if self.negative { -value } else { value })
    }

    fn zero() -> Self {
        Self {
            negative: false,
            digits: Digits::new(),
            exponent: 0,
        }
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    pub(crate) fn is_negative(&self) -> bool {
        self.negative && !self.is_zero()
    }

    /// True for a value without a fractional part: `1.0` and `1e2` are integers.
    pub(crate) fn is_integer(&self) -> bool {
        self.is_zero() || self.exponent >= 0
    }

    /// Position of the most significant digit: the value lies in `[10^(m-1), 10^m)`.
    fn magnitude(&self) -> i64 {
        self.digits.len() as i64 + self.exponent
    }

    fn cmp_abs(&self, other: &Self) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        self.magnitude().cmp(&other.magnitude()).then_with(|| {
            // Same magnitude: the digit strings are aligned at their first digit, and a
            // missing digit is a zero.
            let length = self.digits.len().max(other.digits.len());
            (0..length)
                .map(|i| {
                    let a = self.digits.get(i).copied().unwrap_or(b'0');
                    let b = other.digits.get(i).copied().unwrap_or(b'0');
                    a.cmp(&b)
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        })
    }

    /// True when `self / divisor` is an integer. `divisor` must be positive.
    ///
    /// Exact while the divisor has at most 37 significant digits; past that the check falls
    /// back to `f64` division.
    pub(crate) fn is_multiple_of(&self, divisor: &Self) -> bool {
        if self.is_zero() {
            return true;
        }
        if self.cmp_abs(divisor) == Ordering::Less {
            return false;
        }
        // self = a × 10^p and divisor = b × 10^q with a, b not divisible by ten. When p < q,
        // a would need a factor of ten, which it has not.
        if self.exponent < divisor.exponent {
            return false;
        }
        let Some(modulus) = digits_to_u128(&divisor.digits) else {
            return self.is_multiple_of_approx(divisor);
        };
        let mut remainder: u128 = 0;
        for &d in &self.digits {
            remainder = (remainder * 10 + u128::from(d - b'0')) % modulus;
        }
        let shift = (self.exponent - divisor.exponent).unsigned_abs();
        mul_mod(remainder, pow_mod(10, shift, modulus), modulus) == 0
    }

    fn is_multiple_of_approx(&self, divisor: &Self) -> bool {
        let quotient = self.to_f64() / divisor.to_f64();
        quotient.is_finite() && quotient.fract() == 0.0
    }

    pub(crate) fn to_f64(&self) -> f64 {
        let sign = if self.negative { "-" } else { "" };
        let digits = std::str::from_utf8(&self.digits).unwrap_or("0");
        let digits = if digits.is_empty() { "0" } else { digits };
        format!("{sign}{digits}e{}", self.exponent)
            .parse()
            .unwrap_or(f64::NAN)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.is_negative(), other.is_negative()) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_abs(other),
            (true, true) => other.cmp_abs(self),
        }
    }
}

/// Digits small enough that `remainder * 10 + 9` cannot overflow.
fn digits_to_u128(digits: &[u8]) -> Option<u128> {
    if digits.len() > 37 {
        return None;
    }
    Some(
        digits
            .iter()
            .fold(0u128, |value, &d| value * 10 + u128::from(d - b'0')),
    )
}

/// `a * b mod m` without overflow, for `m < 2^126`.
fn mul_mod(a: u128, b: u128, m: u128) -> u128 {
    let (mut a, mut b, mut result) = (a % m, b % m, 0u128);
    while b > 0 {
        if b & 1 == 1 {
            result = (result + a) % m;
        }
        a = (a << 1) % m;
        b >>= 1;
    }
    result
}

fn pow_mod(base: u128, mut exponent: u64, m: u128) -> u128 {
    let mut result = 1 % m;
    let mut base = base % m;
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = mul_mod(result, base, m);
        }
        base = mul_mod(base, base, m);
        exponent >>= 1;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::Decimal;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text.as_bytes()).unwrap()
    }

    /// Reads number text digit by digit, as `Decimal::parse` once did, to check it against.
    fn parse_by_digit(text: &[u8]) -> Option<(bool, Vec<u8>, i64)> {
        let (negative, rest) = match text.split_first()? {
            (b'-', rest) => (true, rest),
            _ => (false, text),
        };
        let end = rest.iter().position(|&b| b == b'e' || b == b'E').unwrap_or(rest.len());
        let (mantissa, exponent_part) = rest.split_at(end);
        // The exponent is read as `Decimal::parse` reads it; the digits are what differ.
        let mut exponent = match exponent_part.split_first() {
            Some((_, written)) => super::parse_exponent(written)?,
            None => 0,
        };

        let mut digits = Vec::new();
        let mut seen_point = false;
        for &b in mantissa {
            match b {
                b'.' if !seen_point => seen_point = true,
                b'0'..=b'9' => {
                    if seen_point {
                        exponent -= 1;
                    }
                    if !(digits.is_empty() && b == b'0') {
                        digits.push(b);
                    }
                }
                _ => return None,
            }
        }
        if mantissa.is_empty() {
            return None;
        }

        while digits.last() == Some(&b'0') {
            digits.pop();
            exponent += 1;
        }
        if digits.is_empty() {
            return Some((false, Vec::new(), 0));
        }
        Some((negative, digits, exponent.clamp(-super::EXPONENT_LIMIT, super::EXPONENT_LIMIT)))
    }

    #[test]
    fn parse_agrees_with_the_digit_by_digit_reading() {
        let integers = ["", "0", "00", "7", "10", "100", "0012300", "98765432109876543210987654321"];
        let fractions = [None, Some(""), Some("0"), Some("00"), Some("5"), Some("050"), Some("0001200"), Some("123456789012345678901234567")];
        let exponents = ["", "e0", "E+3", "e-5", "e0010", "e-0", "e99999999999999999999", "e-99999999999999999999", "e", "e+", "ex"];
        for sign in ["", "-"] {
            for integer in integers {
                for fraction in fractions {
                    for exponent in exponents {
                        let text = match fraction {
                            Some(f) => format!("{sign}{integer}.{f}{exponent}"),
                            None => format!("{sign}{integer}{exponent}"),
                        };
                        let parsed = Decimal::parse(text.as_bytes()).map(|d| (d.negative, d.digits.to_vec(), d.exponent));
                        assert_eq!(parsed, parse_by_digit(text.as_bytes()), "{text}");
                    }
                }
            }
        }
        for odd in ["1.2.3", "1a", "--1", "", "-", ".", "-.", "1e5.0"] {
            let parsed = Decimal::parse(odd.as_bytes()).map(|d| (d.negative, d.digits.to_vec(), d.exponent));
            assert_eq!(parsed, parse_by_digit(odd.as_bytes()), "{odd}");
        }
    }

    #[test]
    fn equal_values_have_one_form() {
        assert_eq!(d("1000e-2"), d("10"));
        assert_eq!(d("1.50"), d("15e-1"));
        assert_eq!(d("-0"), d("0.0e5"));
        assert_eq!(d("0.001"), d("1E-3"));
    }

    #[test]
    fn ordering_is_exact() {
        assert!(d("10.000000000000000001") > d("10"));
        assert!(d("-1") < d("0"));
        assert!(d("-2") < d("-1.5"));
        assert!(d("1e999999999") > d("1e308"));
        assert!(d("1e-999999999") > d("0"));
        assert!(d("99") < d("100"));
    }

    #[test]
    fn integers() {
        assert!(d("1.0").is_integer());
        assert!(d("1e2").is_integer());
        assert!(d("0").is_integer());
        assert!(!d("1.5").is_integer());
        assert!(d("1.5e1").is_integer());
        assert!(!d("1e-1").is_integer());
    }

    #[test]
    fn multiples() {
        assert!(d("19.99").is_multiple_of(&d("0.01")));
        assert!(!d("19.999").is_multiple_of(&d("0.01")));
        assert!(d("0.0075").is_multiple_of(&d("0.0001")));
        assert!(!d("1e300").is_multiple_of(&d("7e-5")));
        assert!(d("7e300").is_multiple_of(&d("7e-5")));
        assert!(d("4.5").is_multiple_of(&d("1.5")));
        assert!(!d("4.6").is_multiple_of(&d("1.5")));
        assert!(d("0").is_multiple_of(&d("3")));
        assert!(!d("0.5").is_multiple_of(&d("1")));
        assert!(d("-12").is_multiple_of(&d("4")));
        assert!(d("1e30").is_multiple_of(&d("4")));
        assert!(!d("1e30").is_multiple_of(&d("3")));
    }
}
