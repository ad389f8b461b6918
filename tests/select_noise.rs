//! The noise classes of issue 12, one case table each: paywall, app and newsletter
//! calls to action; ad copy written with look-alike letters; bare labels; advertising
//! disclaimers; embedded social posts; citations and reference entries. Every case was
//! written for this issue. Each table has noise lines, which must be dropped for the
//! named reason, and near misses (story sentences that look like the noise), which must
//! be narrated.
//!
//! A case is one or more blocks set between paragraphs of a made-up story, so that the
//! rules judge it in the context a page would give it; the story's own sentences must
//! all be narrated too. A last test shows the one place where form decides for an
//! embedded post: quoted by the markup (a block quote), it is the story's quotation.

use narrate::pipeline::{Plan, Planner};
use narrate::read::Format;
use narrate::Reason;

const TITLE: &str = "Harbour town votes to rebuild its sea wall | The Harbour Gazette";

const BEFORE: &[&str] = &[
    "The town council voted on Tuesday to rebuild the sea wall that storms breached last winter.",
    "Engineers said the new wall would be two metres higher and would take three years to finish.",
];

const AFTER: &[&str] = &[
    "Residents who lost their homes in the floods welcomed the decision at a packed meeting.",
    "The work is expected to cost about forty million pounds, most of it from the national government.",
];

/// One block of a case and what must happen to it: dropped for this reason, or
/// narrated (`None`).
type Line = (&'static str, Option<Reason>);

const KEEP: Option<Reason> = None;
const PROMO: Option<Reason> = Some(Reason::Promo);
const BOILERPLATE: Option<Reason> = Some(Reason::Boilerplate);
const SOCIAL: Option<Reason> = Some(Reason::Social);
const REFERENCE: Option<Reason> = Some(Reason::Reference);
const CROSS_LINK: Option<Reason> = Some(Reason::CrossLink);

/// The page for a case: the title, two story paragraphs, the case's blocks, two more.
fn page(case: &[Line]) -> String {
    let mut blocks = vec![TITLE];
    blocks.extend(BEFORE);
    blocks.extend(case.iter().map(|(text, _)| *text));
    blocks.extend(AFTER);
    blocks.join("\n\n") + "\n"
}

/// The decisions for the sentences of the block whose text is `text`.
fn block_fates(plan: &Plan, text: &str) -> Option<Vec<Option<Reason>>> {
    let block = plan
        .document
        .blocks
        .iter()
        .position(|b| b.text.trim() == text)?;
    Some(
        plan.sentences
            .iter()
            .filter(|s| s.sentence.block == block)
            .map(|s| s.decision.reason())
            .collect(),
    )
}

/// Runs every case of a table and fails with the list of cases that went wrong.
fn check(table: &[&[Line]]) {
    let planner = Planner::default();
    let mut wrong = Vec::new();
    for case in table {
        let plan = planner.plan_text("case.txt", &page(case));
        let story = BEFORE.iter().chain(AFTER).map(|t| (*t, KEEP));
        for (text, expected) in case.iter().copied().chain(story) {
            match block_fates(&plan, text) {
                None => wrong.push(format!("no block reads {text:?}")),
                Some(fates) if fates.is_empty() => wrong.push(format!("no sentence in {text:?}")),
                Some(fates) => {
                    if fates.iter().any(|f| *f != expected) {
                        wrong.push(format!("{text:?}: expected {expected:?}, got {fates:?}"));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn paywall_app_and_newsletter_calls() {
    check(&[
        // Paywalls and sign-in.
        &[("Subscribe to read the whole story.", PROMO)],
        &[("You have reached your limit of free articles this month.", PROMO)],
        &[("Already a member? Log in.", PROMO)],
        &[("Unlock full access for $1 a week.", PROMO)],
        &[("This is your last free article.", PROMO)],
        &[("You've read 4 of 5 free stories this month.", PROMO)],
        &[("Already a subscriber? Sign in to continue reading.", PROMO)],
        &[("To keep reading, create a free account or log in.", PROMO)],
        &[("Not a subscriber yet? Join today for just £1 a month.", PROMO)],
        &[("This story is available to subscribers only.", PROMO)],
        &[("Please log in to leave a comment.", PROMO)],
        &[("Just $2.99 per month. Cancel anytime.", PROMO)],
        &[("Enjoy unlimited access to every article for 99p a week.", PROMO)],
        &[("Get 3 months for $1, then $4 a week.", PROMO)],
        &[("Start your 30-day free trial today.", PROMO)],
        // Apps.
        &[("Get our apps for iOS and Android.", PROMO)],
        &[("Download the free app and take the news with you.", PROMO)],
        &[("Scan the code to install the Harbour Gazette app.", PROMO)],
        &[("Tap here to turn on notifications for the latest updates.", PROMO)],
        // Newsletters, podcasts, membership.
        &[("Sign up to our newsletter so you never miss a story.", PROMO)],
        &[("The best of our reporting, delivered to your inbox every morning.", PROMO)],
        &[("Want the headlines before breakfast? Get the morning briefing.", PROMO)],
        &[("Stay informed with breaking news alerts on your phone.", PROMO)],
        &[("Listen to our daily podcast wherever you get your podcasts.", PROMO)],
        &[("Support independent journalism: become a member today.", PROMO)],
        &[("Become a member and read without limits.", PROMO)],
        &[("Give a gift subscription this holiday season.", PROMO)],
        &[("Your support keeps our newsroom independent.", PROMO)],
        &[("By signing up you agree to our terms and privacy policy.", PROMO)],
        &[("Enter your email address", PROMO)],
        &[("Follow us on Instagram for pictures from behind the scenes.", PROMO)],
        &[("Don't miss out: get the Harbour Gazette in your inbox.", PROMO)],
        &[("Never miss a beat: get the Gazette's evening edition free.", PROMO)],
        &[("Your first month is on us. Start reading today.", PROMO)],
        &[("Subscribe for as little as $1.50 per week.", PROMO)],
        &[("Try 4 weeks for £1", PROMO)],
        &[("Members enjoy an ad-free experience and exclusive events.", PROMO)],
        &[("Don't have an account? Register for free.", PROMO)],
        &[("You are currently reading a free preview.", PROMO)],
        &[("Have you considered subscribing? It costs less than a coffee a week.", PROMO)],
        &[("Join 50,000 readers who get our morning email.", PROMO)],
        &[("Make a contribution to keep our journalism free for everyone.", PROMO)],
        &[("Please disable your ad blocker to continue.", PROMO)],
        &[("We'd love to hear from you: email us your tips.", PROMO)],
        &[("Follow @harbourgazette", PROMO)],
        // A promo box that describes a show before asking.
        &[(
            "Every Friday our reporters take you round the harbour's oldest pubs. Click to subscribe!",
            PROMO,
        )],
        // Near misses: the story's own sentences about apps, sign-ups and prices.
        &[("The company's new app lets drivers pay for parking without coins.", KEEP)],
        &[("More than two million people downloaded the ferry operator's app in its first week.", KEEP)],
        &[(
            "Commuters who subscribe to the rail service's text alerts were warned about the delays on Monday.",
            KEEP,
        )],
        &[(
            "Streaming subscriptions now cost the average household $40 a month, a survey found.",
            KEEP,
        )],
        &[("The ferry company raised the price of its season ticket to $95 a month.", KEEP)],
        &[("Sign-ups for the flood insurance scheme doubled after the storm.", KEEP)],
        &[("Log in details for the council's flood portal were sent to every household.", KEEP)],
        &[(
            "In a post on the council's page, the harbour master said: \"Sign up for updates at the town hall.\"",
            KEEP,
        )],
        &[("You can still visit the old lighthouse, which reopens in May.", KEEP)],
        &[("Download speeds in the harbour area remain among the slowest in the county.", KEEP)],
        &[("Get out of the water when the siren sounds, the coastguard warned.", KEEP)],
        &[("Users can stream music or download the app for listening offline.", KEEP)],
        &[("Customers can download the bank's app to check their balance.", KEEP)],
        &[("The council's newsletter was delivered to 40,000 homes in March.", KEEP)],
        &[("Join the queue for the ferry early, because the boats are full by nine.", KEEP)],
        &[("A month's pass costs $30 for adults and $15 for children.", KEEP)],
        &[("Follow the signs to the new car park behind the station.", KEEP)],
        &[("Residents can sign up for sandbags at the town hall until Friday.", KEEP)],
        &[("Members of the public can register to speak at the next meeting.", KEEP)],
    ]);
}

#[test]
fn look_alike_letters() {
    check(&[
        // Cyrillic о, а, е, с, і and Greek ο mixed into Latin words.
        &[("Dосtоrs hаte this оne simple trick", BOILERPLATE)],
        &[("Сlick hеre to claim your prize", BOILERPLATE)],
        &[("Wіn а frее phone before midnight!", BOILERPLATE)],
        &[("Lοse weight fast with this οne fruit", BOILERPLATE)],
        &[("Fгее shipping оn аll оrdеrs", BOILERPLATE)],
        &[(
            "Local mum reveals how she pays nо mоre than £10 a month for her energy bills, and the suppliers are furious.",
            BOILERPLATE,
        )],
        // Near misses: words wholly in another script, units, names.
        &[("The Russian foreign minister, Сергей Лавров, said the talks had failed.", KEEP)],
        &[("Residents of Одеса have been without power since the strike on Tuesday.", KEEP)],
        &[("Each volunteer received a dose of 5 μg in the first week of the trial.", KEEP)],
        &[("The Greek word θάλασσα, meaning sea, is carved above the harbour gate.", KEEP)],
        &[("The word \"сосок\" is not English, and neither is \"Москва\".", KEEP)],
    ]);
}

#[test]
fn bare_labels() {
    check(&[
        &[("Posted in:", BOILERPLATE)],
        &[("Filed under:", BOILERPLATE)],
        &[("Location:", BOILERPLATE)],
        &[("Source:", BOILERPLATE)],
        &[("Share this article:", BOILERPLATE)],
        // A label whose value was dropped as a credit: it introduces nothing.
        &[
            ("Image sources:", BOILERPLATE),
            ("Getty Images", Some(Reason::Credit)),
        ],
        // The site's name in capitals: the title ends with it, or it is a domain.
        &[("THE HARBOUR GAZETTE", BOILERPLATE)],
        &[("HARBOURGAZETTE.COM", BOILERPLATE)],
        // Near misses: a line that introduces the next paragraph, a subheading in
        // capitals, a one-word sentence of the story.
        &[
            ("He told the council:", KEEP),
            (
                "We cannot face another winter like the last one without a proper wall.",
                KEEP,
            ),
        ],
        &[
            ("Key findings:", KEEP),
            (
                "The survey found that one in five homes on the seafront had flooded since 2015.",
                KEEP,
            ),
        ],
        &[("WHAT HAPPENS NEXT", KEEP)],
        &[("Silence.", KEEP)],
        &[(
            "Tags on the boats show where each one was registered.",
            KEEP,
        )],
        &[("Sources: the mayor's office and the harbour board.", KEEP)],
    ]);
}

#[test]
fn advertising_disclaimers() {
    check(&[
        &[(
            "This article contains affiliate links, which means we may earn a small commission.",
            BOILERPLATE,
        )],
        &[("We may earn a commission when you buy through links on our site.", BOILERPLATE)],
        &[("Sponsored content", BOILERPLATE)],
        &[("Paid for by Friends of Jane Doe", BOILERPLATE)],
        &[("Advertiser content from Harbour Bank", BOILERPLATE)],
        &[(
            "This feature was produced in partnership with the Coastal Tourism Board.",
            BOILERPLATE,
        )],
        &[("Our editors independently select every product we recommend.", BOILERPLATE)],
        &[("The views expressed in this column are the author's own.", BOILERPLATE)],
        &[("In partnership with Seaview Hotels", BOILERPLATE)],
        &[("This post may contain affiliate links.", BOILERPLATE)],
        &[("Disclosure: We are reader-supported and may earn a commission.", BOILERPLATE)],
        &[(
            "This article is for informational purposes only and does not constitute financial advice.",
            BOILERPLATE,
        )],
        // Near misses.
        &[("The broker may earn a commission of 2% on each trade, the filing showed.", KEEP)],
        &[("Sponsored by the local MP, the bill to fund the wall passed its first reading.", KEEP)],
        &[(
            "The campaign's leaflets were paid for by a developer who wants to build flats on the seafront.",
            KEEP,
        )],
        &[("Affiliate marketing has become a big business for travel websites.", KEEP)],
        &[("The ferry line is sponsored by the county and runs twice a day.", KEEP)],
        &[("Presented with the evidence, the contractor admitted the work was late.", KEEP)],
    ]);
}

#[test]
fn embedded_social_posts() {
    check(&[
        &[
            ("Waves over the wall again this morning pic.twitter.com/Xy12Ab34Cd", SOCIAL),
            ("— Harbour Watch (@harbourwatch) January 12, 2024", SOCIAL),
        ],
        &[
            ("View this post on Instagram", SOCIAL),
            ("Storm light over the old pier tonight. #harbour #storm", SOCIAL),
            ("A post shared by Coastal Photos (@coastalphotos) on Jan 12, 2024 at 9:15pm PST", SOCIAL),
        ],
        &[("Finally some good news for the seafront! https://t.co/AbCdEf123", SOCIAL)],
        &[("1,204 people are talking about this", SOCIAL)],
        &[("See more of Harbour Watch on Facebook", SOCIAL)],
        &[("A post shared by Harbour Swimmers (@harbourswim)", SOCIAL)],
        // Near misses: posts reported in prose, a dash that opens a sentence.
        &[(
            "The mayor wrote on Twitter on January 12, 2024, that the wall would be finished by 2027.",
            KEEP,
        )],
        &[(
            "A video shared on Instagram by a local photographer showed waves breaking over the promenade.",
            KEEP,
        )],
        &[("Residents used the hashtag #SaveOurSeafront to organise the protest.", KEEP)],
        &[("A post shared widely on social media showed the wall collapsing into the sea.", KEEP)],
        &[("— and that, the engineers said, was only the beginning of the repairs.", KEEP)],
    ]);
}

#[test]
fn citations_and_references() {
    check(&[
        &[("Retrieved 3 May 2019.", REFERENCE)],
        &[("Archived from the original on 14 June 2020. Retrieved 2 July 2021.", REFERENCE)],
        &[(
            "\"Storm breaches harbour wall\". Coast Gazette. 12 January 2024. Retrieved 13 January 2024.",
            REFERENCE,
        )],
        &[(
            "Marsh, E. (2011). Walls against the sea: a history of coastal defence. Tidewater Press. pp. 45–61. ISBN 978-0-00-000000-2.",
            REFERENCE,
        )],
        &[(
            "Okafor, Ngozi; Lind, Peter (2018). \"Wave loading on vertical sea walls\". Journal of Coastal Engineering. 12 (3): 201–219. doi:10.1000/jce.2018.0123.",
            REFERENCE,
        )],
        &[("^ Harbour Board minutes, vol. 4, p. 112.", REFERENCE)],
        &[("Accessed 12 March 2021.", REFERENCE)],
        &[("Archived 2020-06-14 at the Wayback Machine", REFERENCE)],
        &[("\"Harbour wall repair bill tops £40m\". BBC News. 4 February 2022.", REFERENCE)],
        &[(
            "Brown, T.; Green, L. (2019). \"Storm surge modelling\". Coastal Review 8: 14–29.",
            REFERENCE,
        )],
        &[
            ("References", REFERENCE),
            (
                "Lind, P. (2015). Sea walls of the north coast. Harbour Press. pp. 9–30.",
                REFERENCE,
            ),
        ],
        &[("Main article: Great storm of 1953", CROSS_LINK)],
        &[("Further information: Coastal defence in England", CROSS_LINK)],
        // Near misses: a study or a date in a story sentence.
        &[(
            "Divers retrieved the last of the sunken boats on 3 May 2019, the harbour master said.",
            KEEP,
        )],
        &[(
            "A 2018 study in the Journal of Coastal Engineering found that vertical walls fail first at the base.",
            KEEP,
        )],
        &[(
            "Marsh, the historian who wrote the town's history, said the wall had been rebuilt three times.",
            KEEP,
        )],
        &[("See the council's report for the full figures on the cost of each option.", KEEP)],
        &[("Archived footage shows the wall being built in 1953, before the great storm.", KEEP)],
        &[("Notes from the meeting show the vote was close, with two councillors abstaining.", KEEP)],
        &[("Notes and references", KEEP)],
    ]);
}

#[test]
fn a_post_the_markup_quotes_is_read() {
    // The same post, once as a Markdown block quote of the story, once in a text dump.
    let post = "Waves over the wall again this morning pic.twitter.com/Xy12Ab34Cd";
    let signature = "— Harbour Watch (@harbourwatch) January 12, 2024";
    let markdown = format!(
        "# {TITLE}\n\n{}\n\n{}\n\n> {post}\n>\n> {signature}\n\n{}\n\n{}\n",
        BEFORE[0], BEFORE[1], AFTER[0], AFTER[1]
    );
    let plan = Planner::default().plan_input("case.md", &markdown, Format::Markdown);
    for text in [post, signature] {
        assert_eq!(
            block_fates(&plan, text),
            Some(vec![None]),
            "quoted in Markdown: {text}"
        );
    }
    let plan =
        Planner::default().plan_text("case.txt", &page(&[(post, SOCIAL), (signature, SOCIAL)]));
    for text in [post, signature] {
        assert_eq!(
            block_fates(&plan, text),
            Some(vec![SOCIAL]),
            "dumped: {text}"
        );
    }
}
