//! Units of measure read out after a number: "5 km" "five kilometers", "60 mph" "sixty
//! miles per hour", "1 kg" "one kilogram", "72°F" "seventy-two degrees Fahrenheit",
//! "6 ft 2 in" "six feet two inches", "a 10-ft wall" "a ten-foot wall".
//!
//! A unit is read only right after a number, so "in", "ft" or "mi" elsewhere stay
//! words; "in" only as "12 in." or after feet. Singular for exactly one; a hyphenated
//! measure before a noun is singular too ("a five-kilometer race").

use super::words::number;
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Units;

/// (written unit, singular, plural).
const UNITS: &[(&str, &str, &str)] = &[
    ("km/h", "kilometer per hour", "kilometers per hour"),
    ("kph", "kilometer per hour", "kilometers per hour"),
    ("mph", "mile per hour", "miles per hour"),
    ("km", "kilometer", "kilometers"),
    ("cm", "centimeter", "centimeters"),
    ("mm", "millimeter", "millimeters"),
    ("mi", "mile", "miles"),
    ("sq ft", "square foot", "square feet"),
    ("sq. ft.", "square foot", "square feet"),
    ("ft", "foot", "feet"),
    ("kg", "kilogram", "kilograms"),
    ("mg", "milligram", "milligrams"),
    ("lbs", "pound", "pounds"),
    ("lb", "pound", "pounds"),
    ("oz", "ounce", "ounces"),
    ("ml", "milliliter", "milliliters"),
    ("GB", "gigabyte", "gigabytes"),
    ("MB", "megabyte", "megabytes"),
    ("kWh", "kilowatt-hour", "kilowatt-hours"),
    ("kW", "kilowatt", "kilowatts"),
    ("MW", "megawatt", "megawatts"),
    ("GW", "gigawatt", "gigawatts"),
];

/// A number as written, then a unit.
const NUMBER: &str = r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?";

static MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    let units: Vec<String> = UNITS.iter().map(|(u, _, _)| regex::escape(u)).collect();
    Regex::new(&format!(
        r"(-|−)?\b(?:([0-9][0-9,.]*)\s?[-–]\s?)?{NUMBER}(\s?|-)({})(?:\.|\b)",
        units.join("|")
    ))
    .expect("the unit pattern is valid")
});

/// "6 ft 2 in", "12 in." — the only places "in" is a unit.
static INCHES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(feet|foot) {NUMBER}\s?in\b\.?|\b{NUMBER}\s?in\.([^\w]|$)"
    ))
    .expect("the inches pattern is valid")
});

static DEGREES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(-|−)?\b{NUMBER}\s?°(?:\s?([FC])\b)?"))
        .expect("the degrees pattern is valid")
});

fn spoken(whole: &str, fraction: Option<&str>) -> Option<(String, bool)> {
    let written = format!("{whole}{}", fraction.unwrap_or(""));
    let one = whole == "1" && fraction.is_none();
    Some((number(&written)?, one))
}

/// "minus " for a minus sign that stands alone before the number.
fn minus(sign: Option<regex::Match>, text: &str) -> &'static str {
    match sign {
        Some(m)
            if text[..m.start()]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace) =>
        {
            "minus "
        }
        _ => "",
    }
}

/// "." when the match took an abbreviation's period ("mi.", "in.") that also ends the
/// text, so that the full stop stays.
fn period_kept(matched: &str, after: &str) -> &'static str {
    if matched.trim_end().ends_with('.') && after.trim().is_empty() {
        "."
    } else {
        ""
    }
}

impl Normalizer for Units {
    fn prepare(&self) {
        LazyLock::force(&MEASURE);
        LazyLock::force(&INCHES);
        LazyLock::force(&DEGREES);
    }

    fn normalize(&self, text: &str) -> String {
        let text = rewrite(text, &DEGREES, |caps, text| {
            let (n, one) = spoken(&caps[2], caps.get(3).map(|m| m.as_str()))?;
            let degrees = if one { "degree" } else { "degrees" };
            let scale = match caps.get(4).map(|m| m.as_str()) {
                Some("F") => " Fahrenheit",
                Some("C") => " Celsius",
                _ => "",
            };
            let sign = minus(caps.get(1), text);
            let kept = if sign.is_empty() {
                caps.get(1).map_or("", |m| m.as_str())
            } else {
                ""
            };
            Some(format!("{kept}{sign}{n} {degrees}{scale}"))
        });
        let text = rewrite(&text, &MEASURE, |caps, text| {
            let whole = caps.get(0)?;
            let (mut n, one) = spoken(&caps[3], caps.get(4).map(|m| m.as_str()))?;
            let joiner = &caps[5];
            let unit = UNITS.iter().find(|(u, _, _)| *u == &caps[6])?;
            // "40-50 mph": a range of the unit.
            // A first number that is none ("0.0.0-5 km") stays as written.
            let mut written_range = "";
            let one = match caps.get(2) {
                Some(low) => match number(low.as_str()) {
                    Some(low) => {
                        n = format!("{low} to {n}");
                        false
                    }
                    None => {
                        let first = caps.get(1).unwrap_or(low);
                        written_range = &text[first.start()..caps.get(3)?.start()];
                        one
                    }
                },
                None => one,
            };
            // "a 5km run": a measure between "a" and a noun is singular too.
            let attributive =
                super::money::attributive(&text[..whole.start()], &text[whole.end()..]);
            let name = if one || joiner == "-" || attributive {
                unit.1
            } else {
                unit.2
            };
            let sign = minus(caps.get(1), text);
            let kept = if sign.is_empty() {
                caps.get(1).map_or("", |m| m.as_str())
            } else {
                ""
            };
            let joiner = if joiner == "-" { "-" } else { " " };
            let end = period_kept(whole.as_str(), &text[whole.end()..]);
            if !written_range.is_empty() {
                return Some(format!("{written_range}{n}{joiner}{name}{end}"));
            }
            Some(format!("{kept}{sign}{n}{joiner}{name}{end}"))
        });
        rewrite(&text, &INCHES, |caps, text| {
            let whole = caps.get(0)?;
            let end = period_kept(whole.as_str(), &text[whole.end()..]);
            if let Some(feet) = caps.get(1) {
                let (n, one) = spoken(&caps[2], caps.get(3).map(|m| m.as_str()))?;
                let inches = if one { "inch" } else { "inches" };
                return Some(format!("{} {n} {inches}{end}", feet.as_str()));
            }
            let (n, one) = spoken(&caps[4], caps.get(5).map(|m| m.as_str()))?;
            let inches = if one { "inch" } else { "inches" };
            let space = caps.get(6).map_or("", |m| m.as_str());
            Some(format!("{n} {inches}{end}{space}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Units.normalize(s)
    }

    #[test]
    fn measures() {
        assert_eq!(speak("a 5 km run"), "a five kilometer run");
        assert_eq!(speak("a 5km run"), "a five kilometer run");
        assert_eq!(speak("ran 5km in"), "ran five kilometers in");
        assert_eq!(speak("a 5km of"), "a five kilometers of");
        assert_eq!(speak("at 60 mph"), "at sixty miles per hour");
        assert_eq!(speak("1 kg"), "one kilogram");
        assert_eq!(
            speak("gusts of 40-50 mph"),
            "gusts of forty to fifty miles per hour"
        );
        assert_eq!(speak("reached 12 in."), "reached twelve inches.");
        // Whatever follows the period ("@", later "at") does not change the reading.
        assert_eq!(speak("0in.@ "), "zero inches@ ");
        assert_eq!(
            speak("it was 72°F"),
            "it was seventy-two degrees Fahrenheit"
        );
        assert_eq!(speak("-5 °C"), "minus five degrees Celsius");
        assert_eq!(speak("a 10-ft wall"), "a ten-foot wall");
        assert_eq!(speak("6 ft 2 in tall"), "six feet two inches tall");
        assert_eq!(speak("a 12 in. screen"), "a twelve inches screen");
        assert_eq!(speak("1,200 sq ft"), "one thousand two hundred square feet");
        assert_eq!(speak("ran 3.1 mi."), "ran three point one miles.");
    }

    #[test]
    fn lookalikes_stay() {
        assert_eq!(speak("in 5 in the morning"), "in 5 in the morning");
        assert_eq!(speak("5 kms"), "5 kms");
        assert_eq!(speak("the ft of"), "the ft of");
    }
}
