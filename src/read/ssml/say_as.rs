//! SSML `say-as` in English: the element's text and its `interpret-as` (and `format`)
//! in, the words a newsreader says out, made with the speak stage's number words
//! ([`crate::speak::words`]) so that a script's numbers sound like an article's.
//!
//! Letters read one by one are written as the speak stage writes them ("F-B-I"):
//! capitals joined by hyphens, which espeak-ng reads letter by letter.

use crate::speak::dates::MONTH_NAMES as MONTHS;
use crate::speak::words;

/// The `interpret-as` values narrate reads.
pub const KINDS: [&str; 7] = [
    "characters",
    "cardinal",
    "ordinal",
    "digits",
    "date",
    "time",
    "telephone",
];

/// The spoken form of `text` read as `kind` (one of [`KINDS`]; `spell-out` and
/// `number` are taken as their synonyms `characters` and `cardinal`); `Err` says why
/// the text cannot be read so.
pub fn spoken(kind: &str, format: Option<&str>, text: &str) -> Result<String, String> {
    let text = text.trim();
    match kind {
        "characters" | "spell-out" | "verbatim" => characters(text),
        "cardinal" | "number" => cardinal(text),
        "ordinal" => ordinal(text),
        "digits" => digit_by_digit(text),
        "date" => date(text, format.unwrap_or("ymd")),
        "time" => time(text),
        "telephone" => telephone(text),
        other => Err(format!(
            "interpret-as \"{other}\" is not one narrate reads (it reads {})",
            KINDS.join(", ")
        )),
    }
}

/// Letters and digits one by one: letters as capitals joined by hyphens, digits as
/// words, other marks left out.
fn characters(text: &str) -> Result<String, String> {
    let mut out: Vec<String> = Vec::new();
    let mut letters = String::new();
    let flush = |letters: &mut String, out: &mut Vec<String>| {
        if !letters.is_empty() {
            out.push(std::mem::take(letters));
        }
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            if !letters.is_empty() {
                letters.push('-');
            }
            letters.extend(c.to_uppercase());
        } else if let Some(d) = c.to_digit(10) {
            flush(&mut letters, &mut out);
            out.push(words::cardinal(u64::from(d)));
        } else if !c.is_whitespace() {
            flush(&mut letters, &mut out);
        }
    }
    flush(&mut letters, &mut out);
    if out.is_empty() {
        return Err("it has no letters or digits to spell".to_string());
    }
    Ok(out.join(" "))
}

/// An integer, digits grouped with commas or not, maybe negative.
fn integer(text: &str) -> Result<(bool, u64), String> {
    let (negative, digits) = match text.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let digits: String = digits.chars().filter(|c| *c != ',').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("\"{text}\" is not a whole number"));
    }
    digits
        .parse::<u64>()
        .map(|n| (negative, n))
        .map_err(|_| format!("\"{text}\" is too large a number"))
}

fn cardinal(text: &str) -> Result<String, String> {
    if let Some(spoken) = text
        .contains('.')
        .then(|| words::number(&text.replace(',', "")))
        .flatten()
    {
        return Ok(spoken);
    }
    let (negative, n) = integer(text)?;
    let words = words::cardinal(n);
    Ok(if negative {
        format!("minus {words}")
    } else {
        words
    })
}

fn ordinal(text: &str) -> Result<String, String> {
    // "3rd", "21st" as well as "3".
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let (negative, n) = integer(digits)?;
    if negative {
        return Err(format!("\"{text}\" is a negative ordinal"));
    }
    Ok(words::ordinal(n))
}

fn digit_by_digit(text: &str) -> Result<String, String> {
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("\"{text}\" has no digits"));
    }
    if let Some(c) = text
        .chars()
        .find(|c| !c.is_ascii_digit() && !c.is_whitespace() && !"-.,".contains(*c))
    {
        return Err(format!("\"{text}\" has '{c}', not a digit"));
    }
    Ok(words::digits(text))
}

/// A date in the field order `format` gives (`ymd`, `mdy`, `dmy`, `ym`, `my`, `md`,
/// `dm`, `y`, `m`, `d`), its fields separated by `-`, `/` or `.`; the month may be a
/// number or a name. Read "December twenty-fifth, twenty twenty-four".
fn date(text: &str, format: &str) -> Result<String, String> {
    let fields: Vec<&str> = text
        .split(['-', '/', '.', ' '])
        .filter(|f| !f.is_empty())
        .collect();
    let order: Vec<char> = format.chars().collect();
    if order.is_empty() || order.len() != fields.len() || !order.iter().all(|c| "ymd".contains(*c))
    {
        return Err(format!(
            "\"{text}\" does not have the fields of format \"{format}\""
        ));
    }
    let (mut year, mut month, mut day) = (None, None, None);
    for (field, which) in fields.iter().zip(&order) {
        match which {
            'y' => year = Some(integer(field)?.1),
            'd' => day = Some(integer(field)?.1).filter(|d| (1..=31).contains(d)),
            _ => {
                month = match integer(field) {
                    Ok((_, m)) if (1..=12).contains(&m) => Some(m as usize - 1),
                    _ => MONTHS.iter().position(|name| {
                        field.len() >= 3 && name.to_lowercase().starts_with(&field.to_lowercase())
                    }),
                };
                if month.is_none() {
                    return Err(format!("\"{field}\" is not a month"));
                }
            }
        }
    }
    if order.contains(&'d') && day.is_none() {
        return Err(format!("\"{text}\" has no day of the month in 1 to 31"));
    }
    let mut out = Vec::new();
    match (month, day) {
        (Some(m), Some(d)) => out.push(format!("{} {}", MONTHS[m], words::ordinal(d))),
        (Some(m), None) => out.push(MONTHS[m].to_string()),
        (None, Some(d)) => out.push(format!("the {}", words::ordinal(d))),
        (None, None) => {}
    }
    if let Some(y) = year {
        let y = words::year(y);
        match out.last_mut() {
            Some(last) if day.is_some() => last.push(','),
            _ => {}
        }
        out.push(y);
    }
    Ok(out.join(" "))
}

/// A clock time: `H:MM` or `H:MM:SS`, with `am`/`pm` (any case, dotted or not) or a
/// 24-hour hour. "3:05 pm" is "three oh five p-m", "15:00" "fifteen hundred".
fn time(text: &str) -> Result<String, String> {
    let lower = text.to_lowercase().replace('.', "");
    let (clock, meridiem) = match lower.trim().strip_suffix("am") {
        Some(c) => (c.trim(), Some("a-m")),
        None => match lower.trim().strip_suffix("pm") {
            Some(c) => (c.trim(), Some("p-m")),
            None => (lower.trim(), None),
        },
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let number = |s: &str, max: u64| -> Result<u64, String> {
        s.parse::<u64>()
            .ok()
            .filter(|n| *n <= max && !s.is_empty() && s.len() <= 2)
            .ok_or_else(|| format!("\"{text}\" is not a time"))
    };
    let (hour, minute, second) = match parts[..] {
        [h] if meridiem.is_some() => (number(h, 12)?, 0, None),
        [h, m] => (number(h, 23)?, number(m, 59)?, None),
        [h, m, s] => (number(h, 23)?, number(m, 59)?, Some(number(s, 59)?)),
        _ => return Err(format!("\"{text}\" is not a time")),
    };
    let mut out = vec![words::cardinal(hour)];
    match (minute, meridiem) {
        (0, Some(_)) => {}
        (0, None) => out.push("hundred".to_string()),
        (1..=9, _) => out.push(format!("oh {}", words::cardinal(minute))),
        _ => out.push(words::cardinal(minute)),
    }
    if let Some(s) = second {
        out.push(format!(
            "and {} {}",
            words::cardinal(s),
            if s == 1 { "second" } else { "seconds" }
        ));
    }
    if let Some(m) = meridiem {
        out.push(m.to_string());
    }
    Ok(out.join(" "))
}

/// A telephone number: digit by digit, its groups (split at spaces, dashes, dots and
/// brackets) separated by commas so that the voice pauses between them; a leading `+`
/// read "plus".
fn telephone(text: &str) -> Result<String, String> {
    let mut groups: Vec<String> = Vec::new();
    let plus = text.trim_start().starts_with('+');
    for group in text.split(|c: char| !c.is_ascii_digit()) {
        if !group.is_empty() {
            groups.push(words::digits(group));
        }
    }
    if let Some(c) = text
        .chars()
        .find(|c| !c.is_ascii_digit() && !" -.()+/".contains(*c))
    {
        return Err(format!(
            "\"{text}\" has '{c}', which a telephone number has not"
        ));
    }
    if groups.is_empty() {
        return Err(format!("\"{text}\" has no digits"));
    }
    let joined = groups.join(", ");
    Ok(if plus {
        format!("plus {joined}")
    } else {
        joined
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_reads_its_text_in_words() {
        let cases = [
            ("characters", None, "NASA", "N-A-S-A"),
            ("characters", None, "b2b", "B two B"),
            ("spell-out", None, "ok", "O-K"),
            ("cardinal", None, "1,204", "one thousand two hundred four"),
            ("cardinal", None, "-7", "minus seven"),
            ("ordinal", None, "21", "twenty-first"),
            ("ordinal", None, "3rd", "third"),
            ("digits", None, "2049", "two zero four nine"),
            (
                "date",
                Some("ymd"),
                "2024-12-25",
                "December twenty-fifth, twenty twenty-four",
            ),
            (
                "date",
                Some("mdy"),
                "7/4/1976",
                "July fourth, nineteen seventy-six",
            ),
            (
                "date",
                Some("dmy"),
                "01.02.2003",
                "February first, two thousand three",
            ),
            ("date", Some("my"), "Mar-2019", "March twenty nineteen"),
            ("date", Some("md"), "11-9", "November ninth"),
            ("date", Some("y"), "1905", "nineteen oh five"),
            ("time", None, "3:05 pm", "three oh five p-m"),
            ("time", None, "11 a.m.", "eleven a-m"),
            ("time", None, "15:00", "fifteen hundred"),
            ("time", None, "9:30:15", "nine thirty and fifteen seconds"),
            (
                "telephone",
                None,
                "(555) 010-4477",
                "five five five, zero one zero, four four seven seven",
            ),
            (
                "telephone",
                None,
                "+44 20 7946",
                "plus four four, two zero, seven nine four six",
            ),
        ];
        for (kind, format, text, expected) in cases {
            assert_eq!(
                spoken(kind, format, text).as_deref(),
                Ok(expected),
                "{kind} {text}"
            );
        }
    }

    #[test]
    fn text_that_is_not_of_its_kind_is_refused_with_why() {
        let cases = [
            ("cardinal", None, "twelve"),
            ("ordinal", None, "-3"),
            ("digits", None, "12a"),
            ("date", Some("ymd"), "2024-13-01"),
            ("date", Some("dmy"), "2024-12"),
            ("date", Some("mdy"), "02/32/2020"),
            ("time", None, "25:00"),
            ("time", None, "noonish"),
            ("telephone", None, "call me"),
            ("characters", None, "--"),
            ("currency", None, "$5"),
        ];
        for (kind, format, text) in cases {
            assert!(spoken(kind, format, text).is_err(), "{kind} {text}");
        }
    }
}
