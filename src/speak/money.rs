//! Money read as amounts: "$5" "five dollars", "$5.50" "five dollars and fifty cents",
//! "$1.5 million", "$1.5bn", "$3.2B" "one point five million / billion dollars",
//! "$100K" "one hundred thousand dollars", "£20" "twenty pounds", "€1.5bn" "one point
//! five billion euros", "USD 20" and "US$20" "twenty U-S dollars", "¥100" "one hundred
//! yen". Amounts in words ("50 cents") are left to the number normalizer.

use super::words::{cardinal, number};
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Money;

/// A currency: how it is written before the amount, its name in the singular and
/// plural, and its hundredth (None when amounts are not said with one).
struct Currency {
    signs: &'static [&'static str],
    one: &'static str,
    many: &'static str,
    hundredth: Option<(&'static str, &'static str)>,
}

const CURRENCIES: &[Currency] = &[
    Currency {
        signs: &["US$", "USD"],
        one: "U-S dollar",
        many: "U-S dollars",
        hundredth: Some(("cent", "cents")),
    },
    Currency {
        signs: &["C$", "CAD"],
        one: "Canadian dollar",
        many: "Canadian dollars",
        hundredth: Some(("cent", "cents")),
    },
    Currency {
        signs: &["A$", "AUD"],
        one: "Australian dollar",
        many: "Australian dollars",
        hundredth: Some(("cent", "cents")),
    },
    Currency {
        signs: &["$"],
        one: "dollar",
        many: "dollars",
        hundredth: Some(("cent", "cents")),
    },
    Currency {
        signs: &["£", "GBP"],
        one: "pound",
        many: "pounds",
        hundredth: Some(("penny", "pence")),
    },
    Currency {
        signs: &["€", "EUR"],
        one: "euro",
        many: "euros",
        hundredth: Some(("cent", "cents")),
    },
    Currency {
        signs: &["¥", "JPY"],
        one: "yen",
        many: "yen",
        hundredth: None,
    },
];

/// Scale words and abbreviations after an amount.
const SCALES: &[(&str, &str)] = &[
    ("thousand", "thousand"),
    ("million", "million"),
    ("billion", "billion"),
    ("trillion", "trillion"),
    ("bn", "billion"),
    ("mn", "million"),
    ("tn", "trillion"),
    ("k", "thousand"),
    ("K", "thousand"),
    ("m", "million"),
    ("M", "million"),
    ("b", "billion"),
    ("B", "billion"),
    ("t", "trillion"),
    ("T", "trillion"),
];

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    let mut signs: Vec<&str> = CURRENCIES
        .iter()
        .flat_map(|c| c.signs.iter().copied())
        .collect();
    signs.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let signs: Vec<String> = signs.iter().map(|s| regex::escape(s)).collect();
    let scales: Vec<&str> = SCALES.iter().map(|(s, _)| *s).collect();
    Regex::new(&format!(
        r"(?:\b|^|[^\w])({})\s?([0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.([0-9]+))?(?:\s?({})\b)?",
        signs.join("|"),
        scales.join("|")
    ))
    .expect("the money pattern is valid")
});

fn currency(sign: &str) -> Option<&'static Currency> {
    CURRENCIES.iter().find(|c| c.signs.contains(&sign))
}

/// The spoken amount for a currency, whole part, decimal digits and scale word.
fn amount(
    c: &Currency,
    whole: &str,
    decimals: Option<&str>,
    scale: Option<&str>,
) -> Option<String> {
    let whole_number = match decimals {
        Some(d) => format!("{whole}.{d}"),
        None => whole.to_string(),
    };
    if let Some(scale) = scale {
        return Some(format!("{} {scale} {}", number(&whole_number)?, c.many));
    }
    let units: u64 = whole.replace(',', "").parse().ok()?;
    let name = |n: u64| if n == 1 { c.one } else { c.many };
    match (decimals, c.hundredth) {
        (Some(d), Some((one, many))) if d.len() == 2 => {
            let cents: u64 = d.parse().ok()?;
            let cents_words = format!(
                "{} {}",
                cardinal(cents),
                if cents == 1 { one } else { many }
            );
            Some(match (units, cents) {
                (0, 0) => format!("zero {}", c.many),
                (0, _) => cents_words,
                (_, 0) => format!("{} {}", cardinal(units), name(units)),
                _ => format!("{} {} and {cents_words}", cardinal(units), name(units)),
            })
        }
        (Some(_), _) => Some(format!("{} {}", number(&whole_number)?, c.many)),
        (None, _) => Some(format!("{} {}", cardinal(units), name(units))),
    }
}

/// Words after which an amount is not describing the next word.
const NOT_NOUNS: &[&str] = &[
    "a", "an", "and", "at", "each", "for", "from", "in", "less", "more", "of", "on", "or", "per",
    "than", "the", "to", "worth", "dollars", "dollar", "apiece", "in", "into",
];

/// Whether an amount stands between "a"/"an" and a noun: "a $250,000 fine".
pub(super) fn attributive(before: &str, after: &str) -> bool {
    let article = before
        .trim_end()
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an"));
    let next = after
        .strip_prefix(' ')
        .and_then(|rest| rest.split(|c: char| !c.is_alphabetic()).next())
        .unwrap_or("");
    article && next.starts_with(|c: char| c.is_lowercase()) && !NOT_NOUNS.contains(&next)
}

impl Normalizer for Money {
    fn prepare(&self) {
        LazyLock::force(&AMOUNT);
    }

    fn normalize(&self, text: &str) -> String {
        rewrite(text, &AMOUNT, |caps, text| {
            let whole = caps.get(0)?;
            let sign = caps.get(1)?;
            // Keep whatever non-word character the match began with.
            let lead = &whole.as_str()[..sign.start() - whole.start()];
            let c = currency(sign.as_str())?;
            let scale = caps
                .get(4)
                .and_then(|s| SCALES.iter().find(|(w, _)| *w == s.as_str()))
                .map(|(_, spoken)| *spoken);
            let mut spoken = amount(c, &caps[2], caps.get(3).map(|m| m.as_str()), scale)?;
            let after = &text[whole.end()..];
            // "a $250,000 fine": an amount before a noun is said in the singular.
            if attributive(&text[..whole.start() + lead.len()], after) && c.one != c.many {
                if let Some(stem) = spoken.strip_suffix(c.many) {
                    if !spoken.contains(" and ") {
                        spoken = format!("{stem}{}", c.one);
                    }
                }
            }
            // "$7.9 million dollars": the currency is written out already.
            for name in [c.many, c.one] {
                let written = after
                    .strip_prefix(' ')
                    .and_then(|rest| rest.strip_prefix(name))
                    .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric));
                if written && spoken.ends_with(name) {
                    spoken.truncate(spoken.len() - name.len());
                    spoken = spoken.trim_end().to_string();
                    break;
                }
            }
            Some(format!("{lead}{spoken}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Money.normalize(s)
    }

    #[test]
    fn dollars_and_cents() {
        assert_eq!(speak("cost $5."), "cost five dollars.");
        assert_eq!(speak("just $1"), "just one dollar");
        assert_eq!(speak("$5.50 each"), "five dollars and fifty cents each");
        assert_eq!(speak("$0.50"), "fifty cents");
        assert_eq!(
            speak("up to a $250,000 fine"),
            "up to a two hundred fifty thousand dollar fine"
        );
        assert_eq!(
            speak("a $5 or $10 bill"),
            "a five dollars or ten dollars bill"
        );
        assert_eq!(
            speak("$7.9 million dollars"),
            "seven point nine million dollars"
        );
        assert_eq!(speak("$2,500"), "two thousand five hundred dollars");
    }

    #[test]
    fn scales_and_currencies() {
        assert_eq!(speak("$1.5 million"), "one point five million dollars");
        assert_eq!(
            speak("a $1.5bn deal"),
            "a one point five billion dollar deal"
        );
        assert_eq!(speak("$3.2B"), "three point two billion dollars");
        assert_eq!(speak("$100K"), "one hundred thousand dollars");
        assert_eq!(speak("£20"), "twenty pounds");
        assert_eq!(speak("€1.5bn"), "one point five billion euros");
        assert_eq!(speak("USD 20"), "twenty U-S dollars");
        assert_eq!(speak("US$5"), "five U-S dollars");
        assert_eq!(speak("¥100"), "one hundred yen");
    }

    #[test]
    fn lookalikes_stay() {
        assert_eq!(speak("50 cents"), "50 cents");
        assert_eq!(speak("the $ sign"), "the $ sign");
        assert_eq!(speak("$5 mangoes"), "five dollars mangoes");
    }
}
