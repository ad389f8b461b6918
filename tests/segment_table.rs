//! The segmenter's case table: paragraph text in, the exact sentences expected out.
//!
//! Most inputs are taken from the news bodies in the development set (`tests/data/devdata`) (some shortened);
//! the rest exercise the abbreviation classes the news segmenter must know. A
//! property test then checks, over every devdata article body, that the spans are
//! in order, non-empty, trimmed, and give back the text exactly.

mod common;

use narrate::segment::{NewsSegmenter, Segmenter};
use std::ops::Range;

// CASES-BEGIN
/// (input, expected sentences). The crate evaluation recorded in `src/segment/news.rs`
/// was run on this table (the text between the CASES markers).
const CASES: &[(&str, &[&str])] = &[
    // --- titles and ranks before names ---
    (
        "For the first time since the war began, Chairman of the Joint Chiefs of Staff Gen. Mark Milley spoke on the phone to his Russian counterparts Thursday. The details were kept quiet.",
        &[
            "For the first time since the war began, Chairman of the Joint Chiefs of Staff Gen. Mark Milley spoke on the phone to his Russian counterparts Thursday.",
            "The details were kept quiet.",
        ],
    ),
    (
        "Milley spoke with Valery Gerasimov, Joint Staff spokesperson Col. Dave Butler said in a readout of the call.",
        &["Milley spoke with Valery Gerasimov, Joint Staff spokesperson Col. Dave Butler said in a readout of the call."],
    ),
    (
        "Lt. Col. Alexander Vindman told lawmakers it was his “duty” to report his concerns about the call. He deflected Republican attacks.",
        &[
            "Lt. Col. Alexander Vindman told lawmakers it was his “duty” to report his concerns about the call.",
            "He deflected Republican attacks.",
        ],
    ),
    (
        "Lt. Gen. Scott Berrier testified on Tuesday.",
        &["Lt. Gen. Scott Berrier testified on Tuesday."],
    ),
    (
        "At the time of his 2018 physical, Dr. Ronny Jackson, who was then serving as the President's physician, suggested that the President change his diet. Aside from regular rounds of golf, there is very little public evidence that Trump has taken that advice to heart.",
        &[
            "At the time of his 2018 physical, Dr. Ronny Jackson, who was then serving as the President's physician, suggested that the President change his diet.",
            "Aside from regular rounds of golf, there is very little public evidence that Trump has taken that advice to heart.",
        ],
    ),
    (
        "\"His physical strength and stamina are extraordinary,\" Bornstein wrote of Trump. \"If elected, Mr. Trump, I can state unequivocally, will be the healthiest individual ever elected to the presidency.\"",
        &[
            "\"His physical strength and stamina are extraordinary,\" Bornstein wrote of Trump.",
            "\"If elected, Mr. Trump, I can state unequivocally, will be the healthiest individual ever elected to the presidency.\"",
        ],
    ),
    (
        "Mrs. Clinton declined to comment. Her aides did not respond.",
        &["Mrs. Clinton declined to comment.", "Her aides did not respond."],
    ),
    (
        "Sen. Mitch McConnell and Rep. Nancy Pelosi met at the White House.",
        &["Sen. Mitch McConnell and Rep. Nancy Pelosi met at the White House."],
    ),
    (
        "South Dakota Gov. Kristi Noem (R) is defending the state’s launch of an anti-drug campaign with the slogan “Meth, we’re on it.”",
        &["South Dakota Gov. Kristi Noem (R) is defending the state’s launch of an anti-drug campaign with the slogan “Meth, we’re on it.”"],
    ),
    (
        "The buzz on both national news and social media focused on a new anti-drug ad campaign led by Gov. Kristi Noem.",
        &["The buzz on both national news and social media focused on a new anti-drug ad campaign led by Gov. Kristi Noem."],
    ),
    (
        "Prof. Jane Smith and Ms. Lee spoke. Capt. Ahab did not.",
        &["Prof. Jane Smith and Ms. Lee spoke.", "Capt. Ahab did not."],
    ),
    (
        "A New York man pleaded guilty to charges he threatened to kill Rep. Ilhan Omar (D-Minn.), the U.S. Attorney’s Office for the Western District of New York announced Monday.",
        &["A New York man pleaded guilty to charges he threatened to kill Rep. Ilhan Omar (D-Minn.), the U.S. Attorney’s Office for the Western District of New York announced Monday."],
    ),
    (
        "A New York man pleaded guilty Monday to threatening to kill U.S. Rep. Ilhan Omar, D-Minn., in March, prosecutors said.",
        &["A New York man pleaded guilty Monday to threatening to kill U.S. Rep. Ilhan Omar, D-Minn., in March, prosecutors said."],
    ),
    (
        "Wikileaks editor-in-chief Kristinn Hrafnsson said: \"Let us now focus on the threat Mr Assange has been warning about for years.\"",
        &["Wikileaks editor-in-chief Kristinn Hrafnsson said: \"Let us now focus on the threat Mr Assange has been warning about for years.\""],
    ),
    // --- initials ---
    (
        "Patrick W. Carlineo Jr., 55, of Addison, a village southwest of Ithaca, pleaded guilty. He faces 10 years.",
        &[
            "Patrick W. Carlineo Jr., 55, of Addison, a village southwest of Ithaca, pleaded guilty.",
            "He faces 10 years.",
        ],
    ),
    (
        "Sonya A. Zoghlin, Carlineo’s attorney, told The Hill in a statement that her client did not intend to cause harm to Omar.",
        &["Sonya A. Zoghlin, Carlineo’s attorney, told The Hill in a statement that her client did not intend to cause harm to Omar."],
    ),
    (
        "J.R.R. Tolkien wrote the book. It sold well.",
        &["J.R.R. Tolkien wrote the book.", "It sold well."],
    ),
    (
        "John F. Kennedy was assassinated in Dallas. The nation mourned.",
        &["John F. Kennedy was assassinated in Dallas.", "The nation mourned."],
    ),
    (
        "The patient was low on vitamin D. The doctor prescribed supplements.",
        &["The patient was low on vitamin D.", "The doctor prescribed supplements."],
    ),
    // --- dotted acronyms: U.S., U.K., D.C. ---
    (
        "Head of U.S. European Command and NATO’s Supreme Allied Commander Europe Gen. Tod Wolters said he hopes the talks will help.",
        &["Head of U.S. European Command and NATO’s Supreme Allied Commander Europe Gen. Tod Wolters said he hopes the talks will help."],
    ),
    (
        "Carlineo could face up to 10 years in prison after pleading guilty to threatening to murder a U.S. official. His sentencing is scheduled for Feb. 14, according to the office release.",
        &[
            "Carlineo could face up to 10 years in prison after pleading guilty to threatening to murder a U.S. official.",
            "His sentencing is scheduled for Feb. 14, according to the office release.",
        ],
    ),
    (
        "U.S. President Donald Trump said he would raise tariffs on Chinese imports if no deal is reached with Beijing to end the trade war. The next round of tariffs is due to start in mid-December.",
        &[
            "U.S. President Donald Trump said he would raise tariffs on Chinese imports if no deal is reached with Beijing to end the trade war.",
            "The next round of tariffs is due to start in mid-December.",
        ],
    ),
    (
        "He viewed the delay \"as a U.S. policy problem that we needed to fix internally.\"",
        &["He viewed the delay \"as a U.S. policy problem that we needed to fix internally.\""],
    ),
    (
        "The troops will stay in the U.S. The decision was announced on Friday.",
        &["The troops will stay in the U.S.", "The decision was announced on Friday."],
    ),
    (
        "All political parties are devoting much of their spending to the digital realm as they battle to win the U.K.’s Dec. 12 election.",
        &["All political parties are devoting much of their spending to the digital realm as they battle to win the U.K.’s Dec. 12 election."],
    ),
    (
        "Exports to the U.K. fell sharply. But imports rose.",
        &["Exports to the U.K. fell sharply.", "But imports rose."],
    ),
    (
        "Rep. Alexandria Ocasio-Cortez (D-N.Y.) shortly after the arrest linked the incident to comments by a Fox News host.",
        &["Rep. Alexandria Ocasio-Cortez (D-N.Y.) shortly after the arrest linked the incident to comments by a Fox News host."],
    ),
    (
        "SIOUX FALLS, S.D. – People across the nation are talking about it: South Dakota is on meth.",
        &["SIOUX FALLS, S.D. – People across the nation are talking about it: South Dakota is on meth."],
    ),
    (
        "The rally took place in Washington, D.C. It drew thousands.",
        &["The rally took place in Washington, D.C.", "It drew thousands."],
    ),
    (
        "The U.N. Security Council met on Monday.",
        &["The U.N. Security Council met on Monday."],
    ),
    // --- times ---
    (
        "Webb grabbed the little girl as she and her mother were walking down Fort Worth's 6th Avenue at 6:38 p.m. on Saturday, May 18. Neighborhood surveillance video shows the victim's mother knocked to the ground.",
        &[
            "Webb grabbed the little girl as she and her mother were walking down Fort Worth's 6th Avenue at 6:38 p.m. on Saturday, May 18.",
            "Neighborhood surveillance video shows the victim's mother knocked to the ground.",
        ],
    ),
    (
        "The briefing starts at 10:30 a.m. Eastern time.",
        &["The briefing starts at 10:30 a.m. Eastern time."],
    ),
    (
        "The polls opened at 7 a.m. The meeting started an hour later.",
        &["The polls opened at 7 a.m.", "The meeting started an hour later."],
    ),
    (
        "The vote was held at 4 p.m. He was not present.",
        &["The vote was held at 4 p.m.", "He was not present."],
    ),
    // --- dates ---
    (
        "Joint Chiefs Chairman Gen. Mark Milley listens during a media briefing at the Pentagon, Friday, Jan. 28, 2022, in Washington.",
        &["Joint Chiefs Chairman Gen. Mark Milley listens during a media briefing at the Pentagon, Friday, Jan. 28, 2022, in Washington."],
    ),
    (
        "Fox News Flash top entertainment and celebrity headlines for Nov. 19 are here. Check out what's clicking today in entertainment.",
        &[
            "Fox News Flash top entertainment and celebrity headlines for Nov. 19 are here.",
            "Check out what's clicking today in entertainment.",
        ],
    ),
    (
        "Johnson is under fire for failing to deliver on his vow that Britain would leave the EU on Oct. 31. Critics say he overpromised.",
        &[
            "Johnson is under fire for failing to deliver on his vow that Britain would leave the EU on Oct. 31.",
            "Critics say he overpromised.",
        ],
    ),
    (
        "The new patient from Xilingol in Inner Mongolia hunted and ate a wild rabbit on Nov. 5, according to the state-run Xinhua News Agency.",
        &["The new patient from Xilingol in Inner Mongolia hunted and ate a wild rabbit on Nov. 5, according to the state-run Xinhua News Agency."],
    ),
    (
        "The attacks of Sept. 11, 2001, changed everything. Aug. 31 was the deadline.",
        &["The attacks of Sept. 11, 2001, changed everything.", "Aug. 31 was the deadline."],
    ),
    (
        "A 15 percent tariff that the Trump administration had planned to impose Dec. 15 on another $160 billion of goods may not go into effect.",
        &["A 15 percent tariff that the Trump administration had planned to impose Dec. 15 on another $160 billion of goods may not go into effect."],
    ),
    // --- numbers, decimals, money ---
    (
        "In 2016, the Department of Social Services reported that the number of young people who have used meth was 3.8 percent. The national average was 3 percent.",
        &[
            "In 2016, the Department of Social Services reported that the number of young people who have used meth was 3.8 percent.",
            "The national average was 3 percent.",
        ],
    ),
    (
        "Unemployment rose to 3.5 percent in March.",
        &["Unemployment rose to 3.5 percent in March."],
    ),
    (
        "Japan's Nikkei 225 (N225) declined 0.3%, while South Korea's Kospi Index (KOSPI) fell 0.5%. China's Shanghai Composite (SHCOMP) slumped 0.2%, but recovered those losses and was last trading up 0.4%.",
        &[
            "Japan's Nikkei 225 (N225) declined 0.3%, while South Korea's Kospi Index (KOSPI) fell 0.5%.",
            "China's Shanghai Composite (SHCOMP) slumped 0.2%, but recovered those losses and was last trading up 0.4%.",
        ],
    ),
    (
        "On Wall Street, the Dow Jones Industrial Average .DJI fell 102.2 points, or 0.36%, to 27,934.02, the S&P 500 .SPX lost 1.85 points, or 0.06%, to 3,120.18.",
        &["On Wall Street, the Dow Jones Industrial Average .DJI fell 102.2 points, or 0.36%, to 27,934.02, the S&P 500 .SPX lost 1.85 points, or 0.06%, to 3,120.18."],
    ),
    (
        "The dollar was little changed against a basket of six major currencies. The dollar index .DXY rose 0.05%, with the euro EUR= up 0.05% to $1.1075.",
        &[
            "The dollar was little changed against a basket of six major currencies.",
            "The dollar index .DXY rose 0.05%, with the euro EUR= up 0.05% to $1.1075.",
        ],
    ),
    (
        "Big Machine owes Taylor $7.9 million dollars of unpaid royalties. She wants it paid.",
        &["Big Machine owes Taylor $7.9 million dollars of unpaid royalties.", "She wants it paid."],
    ),
    (
        "The team is ranked No. 1 in the country. No. It is not.",
        &["The team is ranked No. 1 in the country.", "No.", "It is not."],
    ),
    // --- companies and suffixes ---
    (
        "Walt Disney Co. executive Kevin Mayer said overwhelming demand led to widespread problems last week when the company launched Disney+.",
        &["Walt Disney Co. executive Kevin Mayer said overwhelming demand led to widespread problems last week when the company launched Disney+."],
    ),
    (
        "The greenback may be in for some weakness, said Juan Perez, senior foreign exchange trader and strategist at Tempus Inc.",
        &["The greenback may be in for some weakness, said Juan Perez, senior foreign exchange trader and strategist at Tempus Inc."],
    ),
    (
        "Copyright © 2019 CBS Interactive Inc. All rights reserved.",
        &["Copyright © 2019 CBS Interactive Inc.", "All rights reserved."],
    ),
    (
        "Acme Corp. announced layoffs. The shares fell.",
        &["Acme Corp. announced layoffs.", "The shares fell."],
    ),
    (
        "U.S. Attorney James Kennedy Jr. said in the release this case demonstrates that free speech has limits.",
        &["U.S. Attorney James Kennedy Jr. said in the release this case demonstrates that free speech has limits."],
    ),
    (
        "The family moved to St. Louis in 1990. It was a new start.",
        &["The family moved to St. Louis in 1990.", "It was a new start."],
    ),
    // --- Latin and other mid-sentence abbreviations ---
    (
        "(Graphic: Global currencies vs. dollar - here)",
        &["(Graphic: Global currencies vs. dollar - here)"],
    ),
    (
        "Some stocks, e.g. Apple and Microsoft, rose. Others, i.e. the banks, fell.",
        &["Some stocks, e.g. Apple and Microsoft, rose.", "Others, i.e. the banks, fell."],
    ),
    (
        "They sell apples, pears, etc. The shop opens daily.",
        &["They sell apples, pears, etc.", "The shop opens daily."],
    ),
    // --- quotes and parentheses after the final stop ---
    (
        "James Van Der Beek has been eliminated from “ Dancing with the Stars.” The former star, 42, was voted off on Monday.",
        &[
            "James Van Der Beek has been eliminated from “ Dancing with the Stars.”",
            "The former star, 42, was voted off on Monday.",
        ],
    ),
    (
        "“My wife Kimberly and I went through every expecting parent’s worst nightmare. We lost the baby,” Van Der Beek said. “The little soul that we had expected to welcome into our family took a shortcut to whatever lies beyond.”",
        &[
            "“My wife Kimberly and I went through every expecting parent’s worst nightmare.",
            "We lost the baby,” Van Der Beek said.",
            "“The little soul that we had expected to welcome into our family took a shortcut to whatever lies beyond.”",
        ],
    ),
    (
        "In his previous physical, Trump had been diagnosed with a common form of heart disease. (As CNN's chief medical correspondent Dr. Sanjay Gupta noted at the time, the President had a moderate risk of a heart attack in the following 3-5 years.) Aside from golf, there is little evidence of exercise.",
        &[
            "In his previous physical, Trump had been diagnosed with a common form of heart disease.",
            "(As CNN's chief medical correspondent Dr. Sanjay Gupta noted at the time, the President had a moderate risk of a heart attack in the following 3-5 years.)",
            "Aside from golf, there is little evidence of exercise.",
        ],
    ),
    (
        "It ends like this (like this.) Then it goes on.",
        &["It ends like this (like this.)", "Then it goes on."],
    ),
    (
        "Critically, however, it pointed out that it doesn’t have “a role in regulating election campaign content.’’ The commission said so on Monday.",
        &[
            "Critically, however, it pointed out that it doesn’t have “a role in regulating election campaign content.’’",
            "The commission said so on Monday.",
        ],
    ),
    (
        "“I then heard President Trump ask, quote, ‘So he’s going to do the investigation?’” Holmes testified. “Ambassador Sondland replied that ‘He’s going to do it.’”",
        &[
            "“I then heard President Trump ask, quote, ‘So he’s going to do the investigation?’” Holmes testified.",
            "“Ambassador Sondland replied that ‘He’s going to do it.’”",
        ],
    ),
    (
        "\"We got her, we got her!\" officers announced on their radios. \"He's in custody; we have her.\"",
        &[
            "\"We got her, we got her!\" officers announced on their radios.",
            "\"He's in custody; we have her.\"",
        ],
    ),
    (
        "\"So it's fair to say you have not fixed the 'Giuliani problem'?\" Schiff asked.",
        &["\"So it's fair to say you have not fixed the 'Giuliani problem'?\" Schiff asked."],
    ),
    (
        "\"But we must ask: who are we as a nation if we respond to threats of political retribution with retribution ourselves? \" she wrote in her letter. \"The answer to hate is not more hate; it is compassion.\"",
        &[
            "\"But we must ask: who are we as a nation if we respond to threats of political retribution with retribution ourselves? \" she wrote in her letter.",
            "\"The answer to hate is not more hate; it is compassion.\"",
        ],
    ),
    (
        "The tagline? \"Meth. We're on it.\"",
        &["The tagline?", "\"Meth.", "We're on it.\""],
    ),
    // --- plain boundaries, ?, !, ellipses ---
    (
        "It was a routine checkup, he said. Then he left for the golf course.",
        &["It was a routine checkup, he said.", "Then he left for the golf course."],
    ),
    ("Really?! Yes.", &["Really?!", "Yes."]),
    (
        "If it seemed like Trump had written the letter himself, it's because he had! Bornstein told CNN in 2018 that Trump \"dictated that whole letter. I didn't write that letter. I just made it up as I went along.\"",
        &[
            "If it seemed like Trump had written the letter himself, it's because he had!",
            "Bornstein told CNN in 2018 that Trump \"dictated that whole letter.",
            "I didn't write that letter.",
            "I just made it up as I went along.\"",
        ],
    ),
    (
        "“We had some issues ... we had some customer service issues that didn’t make me feel good,” Mayer said.",
        &["“We had some issues ... we had some customer service issues that didn’t make me feel good,” Mayer said."],
    ),
    (
        "He paused… and then went on. It was late.",
        &["He paused… and then went on.", "It was late."],
    ),
    (
        "I don't know... Maybe tomorrow.",
        &["I don't know...", "Maybe tomorrow."],
    ),
    (
        "Which is exactly the problem. Grisham, by her own accounting, has given \"plenty of on-the-record statements that were truthful and accurate.\" Which, of course, means she has given some that, well aren't.",
        &[
            "Which is exactly the problem.",
            "Grisham, by her own accounting, has given \"plenty of on-the-record statements that were truthful and accurate.\"",
            "Which, of course, means she has given some that, well aren't.",
        ],
    ),
    // --- URLs and e-mail addresses ---
    (
        "Who are we as a nation if we respond to threats of political retribution with retribution ourselves? pic.twitter.com/s96jjh8AlD",
        // A lower-case word after "?" continues the sentence, even when it is a link.
        &["Who are we as a nation if we respond to threats of political retribution with retribution ourselves? pic.twitter.com/s96jjh8AlD"],
    ),
    (
        "Read more at example.com. Tips can be sent to tips@example.org or www.example.co.uk.",
        &["Read more at example.com.", "Tips can be sent to tips@example.org or www.example.co.uk."],
    ),
    // --- multi-byte text around stops ---
    (
        "Café owners in Zürich were pleased. Über drivers were not. 🚗 Traffic rose.",
        &["Café owners in Zürich were pleased.", "Über drivers were not.", "🚗 Traffic rose."],
    ),
    ("Done.", &["Done."]),
    (
        "It was 72°F. See the rest.",
        &["It was 72°F.", "See the rest."],
    ),
    (
        "A 5C rise. Then it fell.",
        &["A 5C rise.", "Then it fell."],
    ),
    ("  Leading and trailing space.  ", &["Leading and trailing space."]),
    ("no final stop here", &["no final stop here"]),
];
// CASES-END

fn sentences<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
    ranges.iter().map(|r| &text[r.clone()]).collect()
}

#[test]
fn case_table() {
    let seg = NewsSegmenter;
    let mut failures = Vec::new();
    for (input, expected) in CASES {
        let got = sentences(input, &seg.split(input));
        if got != *expected {
            failures.push(format!(
                "input:    {input:?}\nexpected: {expected:#?}\ngot:      {got:#?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn table_is_large_enough() {
    assert!(CASES.len() >= 60, "only {} cases", CASES.len());
}

/// Checks the span contract: in order, non-overlapping, non-empty, trimmed, and the
/// text between spans is white space only.
fn assert_reconstructs(text: &str, ranges: &[Range<usize>]) {
    let mut rebuilt = String::new();
    let mut pos = 0;
    for r in ranges {
        assert!(r.start >= pos, "span {r:?} overlaps or is out of order");
        assert!(r.start < r.end, "empty span {r:?}");
        let gap = &text[pos..r.start];
        assert!(
            gap.chars().all(char::is_whitespace),
            "non-space text lost between spans: {gap:?}"
        );
        let s = &text[r.clone()];
        assert_eq!(s, s.trim(), "span not trimmed: {s:?}");
        rebuilt.push_str(gap);
        rebuilt.push_str(s);
        pos = r.end;
    }
    let tail = &text[pos..];
    assert!(tail.chars().all(char::is_whitespace), "tail lost: {tail:?}");
    rebuilt.push_str(tail);
    assert_eq!(rebuilt, text);
}

/// Paragraphs of every devdata article body, whitespace collapsed as the reader does.
fn devdata_paragraphs() -> Vec<String> {
    let data = common::devdata_file("gold.jsonl");
    let mut out = Vec::new();
    for line in data.lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if let Some(body) = value.get("articleBody").and_then(|b| b.as_str()) {
            for para in body.split('\n') {
                let joined = para.split_whitespace().collect::<Vec<_>>().join(" ");
                if !joined.is_empty() {
                    out.push(joined);
                }
            }
            // The raw body too, with its line breaks and runs of spaces.
            out.push(body.to_string());
        }
    }
    out
}

#[test]
fn spans_reconstruct_devdata_and_table() {
    let seg = NewsSegmenter;
    let mut texts = devdata_paragraphs();
    texts.extend(CASES.iter().map(|(input, _)| input.to_string()));
    for text in &texts {
        assert_reconstructs(text, &seg.split(text));
    }
}

#[test]
fn awkward_unicode_does_not_panic() {
    let seg = NewsSegmenter;
    let long = "word ".repeat(1000) + "end.";
    let texts = [
        "",
        " ",
        ".",
        "...",
        "?!",
        "“”",
        "é. É. ü.",
        "日本語の文。次の文。",
        "Emoji 😀. Next 👍🏽. And 🇺🇸.",
        "a.\u{00A0}B",
        ". . . . .",
        "Mr.",
        "U.S.",
        "e.g.",
        "\u{2026}\u{2026}",
        "(.)",
        "“.” ’ ‘.",
        "x.é. y",
        "Dr.😀 Smith. Hello",
        "Rep.\u{200B} X",
        long.as_str(),
    ];
    for text in texts {
        assert_reconstructs(text, &seg.split(text));
    }
}

#[test]
fn long_sentence_is_one_span() {
    let seg = NewsSegmenter;
    let text = "word ".repeat(1000) + "end.";
    assert_eq!(seg.split(&text), vec![0..text.len()]);
}

/// A 20,000-word text in well under the budget (about 1 ms per 13k words in release;
/// the bound is loose so that a busy debug build cannot make it flaky).
#[test]
fn fast_enough() {
    let seg = NewsSegmenter;
    let para = "Gen. Mark Milley met U.S. officials at 10:30 a.m. on Jan. 28, 2022. \
                \"Is it over?\" he asked. The talks, e.g. on trade, went on... It rose 3.5 percent. ";
    let text = para.repeat(20_000 / para.split(' ').count() + 1);
    let started = std::time::Instant::now();
    let n = seg.split(&text).len();
    let elapsed = started.elapsed();
    assert!(n > 1000, "{n} sentences");
    assert!(elapsed.as_millis() < 1000, "took {elapsed:?}");
}

/// Pseudo-random strings over an alphabet rich in stops, quotes, brackets, spaces and
/// multi-byte characters: the span contract holds and nothing panics.
#[test]
fn random_texts_keep_the_span_contract() {
    const ALPHABET: &[char] = &[
        'a', 'A', 'I', 'T', 'h', 'e', 'U', 'S', 'm', 'p', '.', '.', '.', '?', '!', '…', ' ', ' ',
        ' ', '\u{a0}', '\n', '"', '\'', '“', '”', '‘', '’', '(', ')', ',', ':', '1', 'é', 'É', 'ß',
        '日', '😀', '\u{200b}', '-', '—',
    ];
    let seg = NewsSegmenter;
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 60) as usize;
        let text: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        assert_reconstructs(&text, &seg.split(&text));
    }
    // Known words around stops, so that the abbreviation paths are taken too.
    const WORDS: &[&str] = &[
        "Gen.",
        "U.S.",
        "a.m.",
        "The",
        "No.",
        "1",
        "Inc.",
        "F.",
        "\"Why?\"",
        "he",
        "said.",
        "Schiff",
        "asked.",
        "“Yes.”",
        "(ok.)",
        "e.g.",
        "…",
        "Zürich.",
        "😀.",
    ];
    for _ in 0..3000 {
        let len = (next() % 12) as usize;
        let text = (0..len)
            .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ");
        assert_reconstructs(&text, &seg.split(&text));
    }
}
