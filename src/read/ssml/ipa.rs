//! IPA in, espeak-ng's phoneme mnemonics out: the `ph` of an SSML `phoneme` element
//! turned into the `[[…]]` phoneme input both engines read (espeak-ng speaks it; the
//! Piper voices get their phonemes from espeak-ng, which turns it back into IPA).
//!
//! Written by hand: no crate maps IPA to espeak-ng's ASCII mnemonics. The table covers
//! the phonemes of English (General American and Received Pronunciation) and the stress
//! and length marks; a symbol outside it is refused, and the caller reads the element's
//! text instead.

/// IPA symbols (longest first where one is a prefix of another) and espeak-ng's English
/// mnemonic for each.
const TABLE: &[(&str, &str)] = &[
    // Diphthongs and r-coloured vowels, before their first halves.
    ("eɪ", "eI"),
    ("aɪ", "aI"),
    ("ɔɪ", "OI"),
    ("aʊ", "aU"),
    ("oʊ", "oU"),
    ("əʊ", "@U"),
    ("ɪə", "i@"),
    ("eə", "e@"),
    ("ɛə", "e@"),
    ("ʊə", "U@"),
    ("ɑɹ", "A@"),
    ("ɑːɹ", "A@"),
    ("ɔɹ", "O@"),
    ("ɔːɹ", "O@"),
    ("iː", "i:"),
    ("uː", "u:"),
    ("ɑː", "A:"),
    ("ɔː", "O:"),
    ("ɜː", "3:"),
    ("t͡ʃ", "tS"),
    ("d͡ʒ", "dZ"),
    ("tʃ", "tS"),
    ("dʒ", "dZ"),
    ("ʧ", "tS"),
    ("ʤ", "dZ"),
    // Vowels.
    ("i", "i:"),
    ("ɪ", "I"),
    ("ᵻ", "I"),
    ("ɨ", "I"),
    ("e", "E"),
    ("ɛ", "E"),
    ("æ", "a"),
    ("a", "a"),
    ("ɑ", "A:"),
    ("ɒ", "0"),
    ("ɔ", "O:"),
    ("o", "oU"),
    ("ʊ", "U"),
    ("u", "u:"),
    ("ʌ", "V"),
    ("ə", "@"),
    ("ɐ", "@"),
    ("ɚ", "3"),
    ("ɝ", "3:"),
    ("ɜ", "3:"),
    // Consonants.
    ("p", "p"),
    ("b", "b"),
    ("t", "t"),
    ("d", "d"),
    ("k", "k"),
    ("g", "g"),
    ("ɡ", "g"),
    ("f", "f"),
    ("v", "v"),
    ("θ", "T"),
    ("ð", "D"),
    ("s", "s"),
    ("z", "z"),
    ("ʃ", "S"),
    ("ʒ", "Z"),
    ("h", "h"),
    ("m", "m"),
    ("n", "n"),
    ("ŋ", "N"),
    ("l", "l"),
    ("ɫ", "l"),
    ("ɹ", "r"),
    ("r", "r"),
    ("ɾ", "t"),
    ("j", "j"),
    ("w", "w"),
    ("ʍ", "w"),
    ("x", "x"),
    ("ʔ", "?"),
    // Stress, length and boundaries.
    ("ˈ", "'"),
    ("'", "'"),
    ("ˌ", ","),
    ("ː", ":"),
    (".", ""),
    (" ", " "),
];

/// The espeak-ng phoneme input for `ipa`, `[[…]]`; `Err` names the first symbol the
/// table does not have.
pub fn to_espeak(ipa: &str) -> Result<String, String> {
    let ipa = ipa.trim();
    if ipa.is_empty() {
        return Err("it is empty".to_string());
    }
    let mut out = String::from("[[");
    let mut rest = ipa;
    'outer: while !rest.is_empty() {
        // The longest symbol of the table that starts here.
        let mut best: Option<&(&str, &str)> = None;
        for entry in TABLE {
            if rest.starts_with(entry.0) && best.is_none_or(|b| entry.0.len() > b.0.len()) {
                best = Some(entry);
            }
        }
        if let Some((symbol, mnemonic)) = best {
            out.push_str(mnemonic);
            rest = &rest[symbol.len()..];
            continue 'outer;
        }
        // A tie bar or a run of spaces alone: nothing to say.
        let c = rest.chars().next().unwrap_or(' ');
        if c == '\u{361}' || c.is_whitespace() {
            if c.is_whitespace() && !out.ends_with(' ') {
                out.push(' ');
            }
            rest = &rest[c.len_utf8()..];
            continue;
        }
        return Err(format!(
            "it has the symbol '{c}' (U+{:04X}), which narrate cannot give espeak-ng",
            c as u32
        ));
    }
    let inside = out[2..].trim().to_string();
    Ok(format!("[[{inside}]]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_ipa_becomes_espeak_mnemonics() {
        // One case per kind of symbol: diphthongs, long vowels, affricates with and
        // without a tie bar, stress marks, r-coloured vowels, syllable dots.
        let cases = [
            ("təˈmeɪtoʊ", "[[t@'meItoU]]"),
            ("ˈθɪŋk", "[['TINk]]"),
            ("ðə ˈdʒʌŋ.ɡəl", "[[D@ 'dZVN.g@l]]"),
            ("ˈt͡ʃɜːtʃ", "[['tS3:tS]]"),
            ("ˌɪntɚˈnæʃənəl", "[[,Int3'naS@n@l]]"),
            ("ˈfɑːðɚ", "[['fA:D3]]"),
            ("ˈkɔɹnɚ", "[['kO@n3]]"),
            ("ʃuːz", "[[Su:z]]"),
            ("ˈbaʊ.ɪŋ", "[['baUIN]]"),
        ];
        for (ipa, expected) in cases {
            let got = to_espeak(ipa).unwrap();
            assert_eq!(got.replace('.', ""), expected.replace('.', ""), "{ipa}");
        }
    }

    #[test]
    fn unknown_symbols_and_empty_input_are_refused_by_name() {
        let err = to_espeak("ˈbɮa").unwrap_err();
        assert!(err.contains("'ɮ'"), "{err}");
        assert!(to_espeak("  ").is_err());
        // Clicks are not English.
        assert!(to_espeak("ǀa").unwrap_err().contains("U+01C0"));
    }

    #[test]
    fn espeak_reads_the_mnemonics_back_as_the_same_sounds() {
        // Through espeak-ng's own phonemizer: what the table writes comes back as IPA
        // with the same consonants and vowel qualities.
        let cases = [("təˈmeɪtoʊ", ["t", "m", "eɪ"]), ("ˈθɪŋk", ["θ", "ɪ", "ŋ"])];
        for (ipa, sounds) in cases {
            let mnemonics = to_espeak(ipa).unwrap();
            let clauses = crate::synthesize::espeak::phonemize("en-us", &mnemonics).unwrap();
            let heard: String = clauses.iter().map(|c| c.phonemes.as_str()).collect();
            for sound in sounds {
                assert!(heard.contains(sound), "{ipa} → {mnemonics} → {heard}");
            }
        }
    }
}
