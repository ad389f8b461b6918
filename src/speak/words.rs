//! Number words of US English: digits in, the words a newsreader says out
//! (cardinals, ordinals, years, decades, decimals, digit by digit).
//!
//! Every normalizer that reads a number goes through here, so the whole stage says
//! numbers one way. Written by hand: the one well-kept crate for this, `num2words`,
//! reads the British way ("one hundred and five"), reads decimals through a float
//! (losing "2.50"'s last zero) and unwraps on large inputs; US newsroom style needs
//! none of that and the rules fit in a page.

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

const SCALES: [&str; 7] = [
    "",
    "thousand",
    "million",
    "billion",
    "trillion",
    "quadrillion",
    "quintillion",
];

/// Words for 0..=999.
fn below_thousand(n: u64, out: &mut Vec<String>) {
    let hundreds = n / 100;
    let rest = n % 100;
    if hundreds > 0 {
        out.push(format!("{} hundred", UNITS[hundreds as usize]));
    }
    if rest > 0 || hundreds == 0 {
        if rest < 20 {
            out.push(UNITS[rest as usize].to_string());
        } else if rest.is_multiple_of(10) {
            out.push(TENS[(rest / 10) as usize].to_string());
        } else {
            out.push(format!(
                "{}-{}",
                TENS[(rest / 10) as usize],
                UNITS[(rest % 10) as usize]
            ));
        }
    }
}

/// "2022" → "two thousand twenty-two" (US style: no "and").
pub fn cardinal(n: u64) -> String {
    if n == 0 {
        return "zero".to_string();
    }
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 1000);
        rest /= 1000;
    }
    let mut words = Vec::new();
    for (scale, &group) in groups.iter().enumerate().rev() {
        if group == 0 {
            continue;
        }
        below_thousand(group, &mut words);
        if scale > 0 {
            words.push(SCALES[scale].to_string());
        }
    }
    words.join(" ")
}

/// The ordinal form of a cardinal's last word: "twenty-two" → "twenty-second".
fn ordinal_word(word: &str) -> String {
    let irregular = [
        ("one", "first"),
        ("two", "second"),
        ("three", "third"),
        ("five", "fifth"),
        ("eight", "eighth"),
        ("nine", "ninth"),
        ("twelve", "twelfth"),
    ];
    if let Some((_, o)) = irregular.iter().find(|(c, _)| *c == word) {
        return o.to_string();
    }
    if let Some(stem) = word.strip_suffix('y') {
        return format!("{stem}ieth");
    }
    format!("{word}th")
}

/// "22" → "twenty-second".
pub fn ordinal(n: u64) -> String {
    let words = cardinal(n);
    let (head, last) = match words.rfind([' ', '-']) {
        Some(i) => words.split_at(i + 1),
        None => ("", words.as_str()),
    };
    format!("{head}{}", ordinal_word(last))
}

/// A year as it is said: 1949 "nineteen forty-nine", 2005 "two thousand five",
/// 1900 "nineteen hundred", 2022 "twenty twenty-two", 1066 "ten sixty-six",
/// 800 "eight hundred".
pub fn year(n: u64) -> String {
    if !(1000..10000).contains(&n) {
        return cardinal(n);
    }
    let high = n / 100;
    let low = n % 100;
    if n % 1000 < 10 && high.is_multiple_of(10) {
        // 2000, 2005, 1000, 3001: "two thousand five".
        return cardinal(n);
    }
    match low {
        0 => format!("{} hundred", cardinal(high)),
        1..=9 => format!("{} oh {}", cardinal(high), UNITS[low as usize]),
        _ => format!("{} {}", cardinal(high), cardinal(low)),
    }
}

/// The plural of a number said as a word: "ninety" → "nineties", "six" → "sixes",
/// "nineteen hundred" → "nineteen hundreds".
pub fn plural(words: &str) -> String {
    if let Some(stem) = words.strip_suffix('y') {
        format!("{stem}ies")
    } else if words.ends_with('x') {
        format!("{words}es")
    } else {
        format!("{words}s")
    }
}

/// A decade: 1990 "nineteen nineties", 2000 "two thousands", 1900 "nineteen hundreds".
pub fn decade(n: u64) -> String {
    plural(&year(n))
}

/// Each digit as a word: "07" → "zero seven".
pub fn digits(text: &str) -> String {
    text.chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| UNITS[d as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A written number: digits with optional thousands separators and an optional
/// decimal part ("2,022", "1.5", "0.25", "3.50"). None when it is not one, or too
/// large to say.
pub fn number(text: &str) -> Option<String> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let whole_digits: String = whole.chars().filter(|&c| c != ',').collect();
    if whole_digits.is_empty() && fraction.is_none() {
        return None;
    }
    // Its size is what it says: leading zeros ("007.5") add nothing to say.
    let significant = whole_digits.trim_start_matches('0');
    if !significant.chars().all(|c| c.is_ascii_digit()) || significant.len() > 18 {
        return None;
    }
    let mut words = if significant.is_empty() {
        "zero".to_string()
    } else {
        cardinal(significant.parse().ok()?)
    };
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        words.push_str(" point ");
        words.push_str(&digits(fraction));
    }
    Some(words)
}

/// A denominator's word: 2 "half", 4 "quarter", 3 "third", 10 "tenth".
pub fn denominator(n: u64, plural: bool) -> String {
    let word = match n {
        2 if plural => return "halves".to_string(),
        2 => "half".to_string(),
        4 => "quarter".to_string(),
        _ => ordinal(n),
    };
    if plural {
        format!("{word}s")
    } else {
        word
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cardinals() {
        assert_eq!(cardinal(0), "zero");
        assert_eq!(cardinal(7), "seven");
        assert_eq!(cardinal(42), "forty-two");
        assert_eq!(cardinal(105), "one hundred five");
        assert_eq!(cardinal(2022), "two thousand twenty-two");
        assert_eq!(cardinal(1_000_000), "one million");
        assert_eq!(
            cardinal(3_400_019),
            "three million four hundred thousand nineteen"
        );
        assert_eq!(cardinal(u64::MAX).split(' ').next(), Some("eighteen"));
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal(1), "first");
        assert_eq!(ordinal(22), "twenty-second");
        assert_eq!(ordinal(30), "thirtieth");
        assert_eq!(ordinal(12), "twelfth");
        assert_eq!(ordinal(100), "one hundredth");
        assert_eq!(ordinal(103), "one hundred third");
    }

    #[test]
    fn years() {
        assert_eq!(year(1949), "nineteen forty-nine");
        assert_eq!(year(2022), "twenty twenty-two");
        assert_eq!(year(2005), "two thousand five");
        assert_eq!(year(1900), "nineteen hundred");
        assert_eq!(year(2000), "two thousand");
        assert_eq!(year(1066), "ten sixty-six");
        assert_eq!(year(1905), "nineteen oh five");
        assert_eq!(year(2010), "twenty ten");
    }

    #[test]
    fn decades_and_numbers() {
        assert_eq!(decade(1990), "nineteen nineties");
        assert_eq!(decade(2000), "two thousands");
        assert_eq!(number("2,022").as_deref(), Some("two thousand twenty-two"));
        assert_eq!(number("3.50").as_deref(), Some("three point five zero"));
        assert_eq!(number(".5").as_deref(), Some("zero point five"));
        assert_eq!(number("1.2.3"), None);
        assert_eq!(denominator(4, true), "quarters");
        assert_eq!(denominator(3, false), "third");
    }
}
