//! Story text the HTML reader must keep, one table per class of issue 12, every case a
//! small page written for the issue: extraction that covers the whole story, `<pre>`
//! text, lines written with `<br>` and lists, subheadings written as bold or numbered
//! paragraphs, datelines in an element of their own, the lede under share buttons and an
//! advertisement label, a heading above a picture, and sentences that occur once.
//!
//! Each case is a whole page with chrome around the article (a menu, a footer), so that
//! the selection rules see a page and not a clean document; it names sentences that must
//! be narrated and text that must be dropped, with the reason when one is required.

mod common;

use common::*;
use narrate::pipeline::{Plan, Planner};
use narrate::read::Format;
use narrate::{BlockKind, Reason};

/// What must happen to a sentence (or a block) of a case.
enum Want {
    /// Narrated.
    Kept(&'static str),
    /// Dropped, for this reason.
    Dropped(&'static str, Reason),
    /// A block of the document with exactly this text.
    Block(&'static str),
    /// A block with this text, every sentence of it narrated (however the segmenter
    /// cuts it).
    Read(&'static str),
    /// A heading block with this text, narrated.
    Heading(&'static str),
    /// A paragraph block with this text (not made a heading).
    Paragraph(&'static str),
    /// Dropped, for any reason.
    Gone(&'static str),
}
use Want::*;

struct Case {
    name: &'static str,
    /// The page's `<body>`.
    body: &'static str,
    wants: &'static [Want],
}

/// A page with a head, a site menu before `body` and a footer after it.
fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Page</title></head><body>\n<header class=\"site-header\"><a href=\"/\">The Valley Courier</a><nav><ul><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li><li><a href=\"/opinion\">Opinion</a></li></ul></nav></header>\n<main>{body}</main>\n<footer><p>© 2024 The Valley Courier. All rights reserved.</p><a href=\"/privacy\">Privacy</a></footer>\n</body></html>"
    )
}

fn plan(html: &str) -> Plan {
    Planner::default().plan_input("case.html", html, Format::Html)
}

/// Runs a table: every case's wants, every failure reported at once.
fn run(table: &[Case]) {
    let mut failures = Vec::new();
    for case in table {
        let plan = plan(&page(case.body));
        let kept = kept_sentences(&plan);
        let all: Vec<(String, Option<Reason>)> = plan
            .sentences
            .iter()
            .map(|s| (plan.text(s).to_string(), s.decision.reason()))
            .collect();
        for want in case.wants {
            let ok = match want {
                Kept(text) => kept.iter().any(|k| k == text),
                Dropped(text, reason) => all.iter().any(|(t, r)| t == text && *r == Some(*reason)),
                Gone(text) => all.iter().any(|(t, r)| t == text && r.is_some()),
                Block(text) => plan.document.blocks.iter().any(|b| b.text == *text),
                Read(text) => plan.document.blocks.iter().enumerate().any(|(i, b)| {
                    b.text == *text
                        && plan
                            .sentences
                            .iter()
                            .filter(|s| s.sentence.block == i)
                            .all(|s| s.decision.keep())
                }),
                Paragraph(text) => plan
                    .document
                    .blocks
                    .iter()
                    .any(|b| b.text == *text && b.kind == BlockKind::Paragraph),
                Heading(text) => {
                    kept.iter().any(|k| k == text)
                        && plan
                            .document
                            .blocks
                            .iter()
                            .any(|b| b.text == *text && b.kind == BlockKind::Heading)
                }
            };
            if !ok {
                let (what, text) = match want {
                    Kept(t) => ("narrated", t),
                    Dropped(t, _) => ("dropped for its reason", t),
                    Gone(t) => ("dropped", t),
                    Block(t) => ("a block", t),
                    Read(t) => ("a block read whole", t),
                    Paragraph(t) => ("a paragraph", t),
                    Heading(t) => ("a narrated heading", t),
                };
                failures.push(format!(
                    "{}: not {what}: {text:?}\n  sentences: {all:?}",
                    case.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The extractor's part is widened to the whole story: sections beside the one it
/// chose, the standfirst and lede under the headline, a section it cleaned away.
#[test]
fn extraction_covers_the_whole_story() {
    run(&[
        Case {
            name: "a short last section beside a long one, in sections of different classes",
            body: r##"<div id="report"><h1>How the allotments fared this year</h1>
<div id="summary" class="section level2"><h2>Summary</h2><p>It was a wet spring, a dry summer and a warm autumn, and the allotments had their best potato year since the society began keeping records, though the onions, once again, were a disappointment.</p><p>Forty-two plot holders sent in their figures, which is more than half of the site, and most of them weighed every basket, every sack and every bucket they carried home.</p></div>
<div id="crops" class="section level2 unnumbered"><h2>Crops</h2>
<p>Potatoes did best of all, with an average of nineteen kilos for every row, which is a third more than last year, and hardly any blight, even on the lower plots by the stream.</p>
<p>Runner beans started slowly, because the cold, wet May kept the soil cold for weeks, but they caught up in July and were still cropping well into the first week of October.</p>
<p>Onions, shallots and garlic were poor again, and several holders blamed the white rot that has spread along the eastern path, where the soil stays damp for most of the year.</p>
<p>Tomatoes grown outdoors ripened early, which almost never happens here, and the few holders with greenhouses had so many that they gave them away at the gate, by the bucket, every Saturday.</p>
<p>Squashes, pumpkins and courgettes, as always, produced far more than anyone could eat, and the society sold the surplus at the harvest supper, raising enough to buy a new water butt.</p>
<p>Fruit was mixed: the apples and pears cropped heavily, the plums hardly at all, and the raspberries, which had been moved to the new cage in March, took the whole year to settle in.</p>
<p>Brassicas did well under netting, and badly without it, because the pigeons found the site in February and did not leave until the sprouts, cabbages and kale were all gone, stalk and leaf.</p>
<p>Leeks, parsnips and celeriac, sown late in the cold spring, were small but sound, and most holders said they would sow them under cover next year, in modules, to give them a start.</p>
<p>Sweetcorn, which the society had never been able to grow, ripened on nine plots, and the holders on the top terrace, where it is warmest, picked cobs from the middle of August, which surprised everyone.</p>
<p>Salad crops bolted in the heat of July, as they do, and the holders who sowed little and often, every two weeks or so, had far better lettuces, rocket and radishes than those who sowed it all at once.</p>
</div>
<div id="next-year" class="section level2 tabset"><h2>Next year</h2><p>The committee will ask every holder to record rainfall as well as harvests next year, so that the wet and dry seasons can be compared properly, and it will lend out the society's two rain gauges by the month.</p></div>
</div>"##,
            wants: &[
                Kept("The committee will ask every holder to record rainfall as well as harvests next year, so that the wet and dry seasons can be compared properly, and it will lend out the society's two rain gauges by the month."),
                Kept("It was a wet spring, a dry summer and a warm autumn, and the allotments had their best potato year since the society began keeping records, though the onions, once again, were a disappointment."),
                Kept("Salad crops bolted in the heat of July, as they do, and the holders who sowed little and often, every two weeks or so, had far better lettuces, rocket and radishes than those who sowed it all at once."),
                Heading("Next year"),
            ],
        },
        Case {
            name: "section headings that a table of contents also lists",
            body: r##"<article><h1>The mill on the Wey</h1>
<div id="toc" class="toc"><h2>Contents</h2><ul><li><a href="#history">History</a></li><li><a href="#machinery">Machinery</a></li><li><a href="#today">Today</a></li></ul></div>
<p>The mill on the Wey ground flour for the villages of the valley for more than six hundred years, and its wheel still turns on open days in the summer.</p>
<h2 id="history">History</h2>
<p>A mill is recorded on the site in the Domesday Book, and the present building, of brick and timber, was put up in 1760 after a flood carried the old one away.</p>
<h2 id="machinery">Machinery</h2>
<p>The wheel is an undershot wheel of iron, five metres across, which drives two pairs of stones through a train of wooden gears that a local carpenter renewed in 1998.</p>
<h2 id="today">Today</h2>
<p>Volunteers run the mill.</p>
</article>"##,
            wants: &[
                Heading("History"),
                Heading("Machinery"),
                Heading("Today"),
                Kept("Volunteers run the mill."),
            ],
        },
        Case {
            name: "a reference list is not the story",
            body: r##"<article><h1>The tithe barn at Long Ashby</h1>
<p>The barn was built in the fifteenth century to store the grain paid to the abbey as tithes by the farms of the parish, and it is one of the largest of its kind still standing.</p>
<p>Its roof, of oak beams resting on stone walls a metre thick, was repaired in 1820 and again in 1975, when the old stone slates were taken off, numbered and put back one by one.</p>
<p>Today the barn belongs to a conservation charity, which opens it to visitors on summer weekends and hires it out for concerts, markets and the occasional wedding.</p>
<h2>References</h2>
<ol class="references"><li>Greaves, Thomas (1952). The Barns of the Abbey Estates. Oxford: Clarendon Press. pp. 14–29.</li><li>"Long Ashby barn reopens after repairs". The Valley Courier. 3 May 1976. Retrieved 9 June 2019.</li></ol>
</article>"##,
            wants: &[
                Kept("Today the barn belongs to a conservation charity, which opens it to visitors on summer weekends and hires it out for concerts, markets and the occasional wedding."),
                Gone("References"),
                Gone("Greaves, Thomas (1952)."),
                Gone("Retrieved 9 June 2019."),
            ],
        },
    ]);
}

/// `<pre>` text is read: prose by the plain-text paragraph logic, code dropped as code.
#[test]
fn pre_text_is_read_as_text_or_dropped_as_code() {
    run(&[
        Case {
            name: "a letter kept in a pre, hard-wrapped",
            body: "<article><h1>A letter from the harbour master</h1><p>The harbour master sent this letter to the boat owners of the town on Friday, and it is printed here as she wrote it, with her permission.</p><pre>Dear boat owners,\n\nThe inner basin will be dredged in the first two weeks of\nMarch, and every mooring on the north side must be empty by\nthe last day of February.\n\nBoats left there will be moved at the owner's cost. I am\nsorry for the trouble this will cause.\n\nRuth Ellery\nHarbour Master</pre><p>The dredging is the first in the basin for eleven years, and the council has paid for it from the harbour repair fund, the harbour master said.</p></article>",
            wants: &[
                Kept("The inner basin will be dredged in the first two weeks of March, and every mooring on the north side must be empty by the last day of February."),
                Kept("Boats left there will be moved at the owner's cost."),
                Kept("I am sorry for the trouble this will cause."),
                Read("Dear boat owners,"),
                Read("Ruth Ellery"),
                Read("Harbour Master"),
            ],
        },
        Case {
            name: "code in pre and code",
            body: "<article><h1>Counting words on the command line</h1><p>The simplest way to count the words in a file is a tool that comes with every Unix system, and it needs no installing at all.</p><pre><code>wc -w notes.txt\nwc -w *.txt | sort -n</code></pre><p>The second line counts every text file in the folder and sorts them from the shortest to the longest, which is handy for finding drafts.</p></article>",
            wants: &[
                Dropped("wc -w notes.txt wc -w *.txt | sort -n", Reason::Code),
                Kept("The second line counts every text file in the folder and sorts them from the shortest to the longest, which is handy for finding drafts."),
            ],
        },
        Case {
            name: "code in a highlighter's box",
            body: "<article><h1>Reading a settings file</h1><p>Settings are kept in a small file beside the program, and a few lines of Python are enough to read them into a dictionary.</p><div class=\"highlight-python\"><div class=\"highlight\"><pre><span class=\"k\">import</span> json\n<span class=\"n\">settings</span> = json.load(open(<span class=\"s\">\"settings.json\"</span>))</pre></div></div><p>If the file is missing, the program falls back to its defaults and writes a new file with them when it closes.</p></article>",
            wants: &[
                Dropped("import json settings = json.load(open(\"settings.json\"))", Reason::Code),
                Kept("If the file is missing, the program falls back to its defaults and writes a new file with them when it closes."),
            ],
        },
        Case {
            name: "a shell session in a bare pre",
            body: "<article><h1>Backing up a phone's photos</h1><p>Plug the phone in, open a terminal, and copy the camera folder to the backup disk with one command, which only copies what has changed.</p><pre>$ rsync -av /media/phone/DCIM/ /backup/photos/\nsent 1,204 files\n$ du -sh /backup/photos\n14G /backup/photos</pre><p>Run it once a week and the backup will never be more than a few days behind the phone.</p></article>",
            wants: &[
                Gone("$ rsync -av /media/phone/DCIM/ /backup/photos/ sent 1,204 files $ du -sh /backup/photos 14G /backup/photos"),
                Kept("Run it once a week and the backup will never be more than a few days behind the phone."),
            ],
        },
    ]);
}

/// Lines written with `<br>` are read as lines, lists as items, links as links.
#[test]
fn br_lines_and_lists_are_read_as_lines_and_items() {
    run(&[
        Case {
            name: "a ranking written with br in one paragraph",
            body: "<article><h1>Readers pick the town's best cafés</h1><p>More than two thousand readers voted in this year's poll, and the winner was a surprise to almost everyone, including its owner.</p><p>1. The Blue Door<br>2. Millie's<br>3. Station Kitchen<br>4. The Roastery<br>5. Crumbs<br>6. Tea on the Green<br>7. Harbour Lights</p><p>The Blue Door opened only in March, in the old post office, and its owner said she had expected to finish somewhere near the bottom.</p></article>",
            wants: &[
                Read("1. The Blue Door"),
                Read("4. The Roastery"),
                Read("7. Harbour Lights"),
                Kept("The Blue Door opened only in March, in the old post office, and its owner said she had expected to finish somewhere near the bottom."),
            ],
        },
        Case {
            name: "a sentence broken by br, and a blank line",
            body: "<article><h1>Road closed for resurfacing</h1><div class=\"body\">The high street will be closed to traffic from Monday<br>while the road is resurfaced, the council said.<br><br>Buses will stop on Mill Lane instead, and the market will move to the car park for two weeks.</div></article>",
            wants: &[
                Kept("The high street will be closed to traffic from Monday while the road is resurfaced, the council said."),
                Kept("Buses will stop on Mill Lane instead, and the market will move to the car park for two weeks."),
            ],
        },
        Case {
            name: "a list of short items inside the story",
            body: "<article><h1>What to pack for the coast path</h1><p>The path is rough in places and the weather changes quickly, so the rangers suggest carrying a few things even on a short walk in summer.</p><ul><li>Water</li><li>A waterproof coat</li><li>Sun cream</li><li>A paper map</li></ul><p>Mobile signal is poor between the two headlands, so tell someone where you are going and when you expect to be back.</p></article>",
            wants: &[
                Kept("Water"),
                Kept("A waterproof coat"),
                Kept("A paper map"),
                Kept("Mobile signal is poor between the two headlands, so tell someone where you are going and when you expect to be back."),
            ],
        },
        Case {
            name: "teaser links written with br after the story",
            body: "<article><h1>Library to open on Sundays</h1><p>The central library will open on Sunday afternoons from next month, after a trial last winter brought in more visitors than any other day of the week.</p><p>The council said the extra hours would be staffed by moving shifts, not by hiring, and that no other branch would lose any of its opening hours.</p><p>Read more:<br><a href=\"/a\">Mobile library returns to the villages</a><br><a href=\"/b\">Council budget: what it means for you</a></p></article>",
            wants: &[
                Block("Mobile library returns to the villages"),
                Gone("Mobile library returns to the villages"),
                Gone("Council budget: what it means for you"),
            ],
        },
    ]);
}

/// Subheadings written as bold paragraphs or numbered lines are headings, and read.
#[test]
fn bold_and_numbered_subheadings_are_headings() {
    run(&[
        Case {
            name: "bold paragraphs between sections",
            body: "<article><h1>Getting a garden ready for winter</h1><p>A few hours of work in October saves a great deal of trouble in spring, and most of it can be done on a single dry weekend.</p><p><strong>Clear the beds</strong></p><p>Pull out the spent summer plants and put them on the compost heap, unless they were diseased, in which case they should go in the green bin.</p><p><b>Protect the pots</b></p><p>Move terracotta pots close to the house, where they will stay a little warmer, and raise them on feet so that they do not sit in water.</p></article>",
            wants: &[
                Heading("Clear the beds"),
                Heading("Protect the pots"),
                Kept("Move terracotta pots close to the house, where they will stay a little warmer, and raise them on feet so that they do not sit in water."),
            ],
        },
        Case {
            name: "numbered subheads in a list article",
            body: "<article><h1>Four ways to cut a heating bill</h1><p>Heating is the largest part of most energy bills, and a few small changes can take a noticeable amount off it without making the house any colder.</p><p>1. Turn the thermostat down a degree</p><p>Most people do not notice the difference, and it can save around a tenth of the cost of heating over a whole winter.</p><p>2. Bleed the radiators</p><p>Air trapped at the top of a radiator stops it from heating fully; letting it out takes a key and a few minutes.</p><p>3) Draught-proof the doors</p><p>Brush strips along the bottom of outside doors are cheap, and keep out a surprising amount of cold air on windy days.</p></article>",
            wants: &[
                Heading("1. Turn the thermostat down a degree"),
                Heading("2. Bleed the radiators"),
                Heading("3) Draught-proof the doors"),
                Kept("Air trapped at the top of a radiator stops it from heating fully; letting it out takes a key and a few minutes."),
            ],
        },
        Case {
            name: "a bold lead-in and a numbered sentence stay paragraphs",
            body: "<article><h1>New rules for bonfires</h1><p>The council has changed its rules on garden bonfires after a summer of complaints from residents about smoke drifting into their homes.</p><p><strong>What changes:</strong> bonfires will be allowed only after six in the evening, and never on bank holidays.</p><p>1. Residents who break the rule twice will be sent a warning letter by the council.</p></article>",
            wants: &[
                Kept("What changes: bonfires will be allowed only after six in the evening, and never on bank holidays."),
                Paragraph("What changes: bonfires will be allowed only after six in the evening, and never on bank holidays."),
                Paragraph("1. Residents who break the rule twice will be sent a warning letter by the council."),
            ],
        },
    ]);
}

/// A dateline in an element of its own opens the lede.
#[test]
fn a_dateline_on_its_own_is_joined_to_the_lede() {
    run(&[
        Case {
            name: "a dateline paragraph named by its class",
            body: "<article><h1>Tokyo trains run late after snow</h1><p class=\"dateline\">TOKYO –</p><p>Heavy snow slowed commuter trains across the Japanese capital on Tuesday morning, and some lines ran up to an hour late.</p><p>The weather agency warned that more snow could fall overnight, and asked people to leave extra time for their journeys on Wednesday.</p></article>",
            wants: &[Kept(
                "TOKYO – Heavy snow slowed commuter trains across the Japanese capital on Tuesday morning, and some lines ran up to an hour late.",
            )],
        },
        Case {
            name: "a dateline span inside the lede",
            body: "<article><h1>Senate passes the farm bill</h1><p><span class=\"dateline\">WASHINGTON (AP) —</span> The Senate passed a long-delayed farm bill on Thursday, sending it to the House with only days left before the current law runs out.</p><p>The bill keeps crop insurance at its current level and adds money for conservation programs on private land.</p></article>",
            wants: &[Kept(
                "WASHINGTON (AP) — The Senate passed a long-delayed farm bill on Thursday, sending it to the House with only days left before the current law runs out.",
            )],
        },
        Case {
            name: "a date in an element named a dateline is a timestamp",
            body: "<article><h1>Ice rink opens for the season</h1><div class=\"dateline\">Published 14 November 2023</div><p>The open-air ice rink in the castle gardens opened for the winter on Saturday, a week earlier than last year.</p><p>Skates can be hired at the gate, and sessions for beginners run every morning until the end of the school holidays.</p></article>",
            wants: &[
                Dropped("Published 14 November 2023", Reason::Timestamp),
                Kept("The open-air ice rink in the castle gardens opened for the winter on Saturday, a week earlier than last year."),
            ],
        },
        Case {
            name: "a dateline written as one, in a div",
            body: "<article><h1>Port strike ends after nine days</h1><div>ROTTERDAM, March 3 (Reuters) -</div><p>Dock workers at Europe's largest port returned to work on Monday after their union accepted a new pay offer.</p><p>Hundreds of ships had queued off the coast during the strike, and shipping lines warned that it would take weeks to clear the backlog.</p></article>",
            wants: &[Kept(
                "ROTTERDAM, March 3 (Reuters) - Dock workers at Europe's largest port returned to work on Monday after their union accepted a new pay offer.",
            )],
        },
    ]);
}

/// The lede, the standfirst and the first paragraphs after the headline, share
/// buttons or an advertisement label are story.
#[test]
fn the_lede_after_the_headline_and_chrome_is_story() {
    run(&[
        Case {
            name: "standfirst, byline and lede in a header the extractor leaves out",
            body: r##"<article><div class="story-header"><h1>Market hall to reopen after fire</h1>
<p class="standfirst">Traders will be back under the old roof by Easter, eighteen months after the blaze</p>
<div class="byline">By Carys Lloyd</div>
<p class="lede">The Victorian market hall gutted by fire two winters ago will reopen at Easter, the town council confirmed at its meeting on Wednesday night.</p></div>
<div class="story-body"><p>Twenty-six of the thirty stalls have already been let, most of them to traders who sold in the hall before the fire and have since worked from a car park.</p>
<p>The new roof copies the old iron and glass design, but the floor has been raised to keep out the river, which flooded the hall twice in the last ten years.</p>
<p>The repairs cost four million pounds, of which the insurers paid a little over half and a heritage fund most of the rest, the council's finance officer said.</p>
<p>A fair with music and a brass band will mark the reopening on Easter Saturday, and the stalls will open late that evening for the first time in the hall's history.</p></div></article>"##,
            wants: &[
                Kept("The Victorian market hall gutted by fire two winters ago will reopen at Easter, the town council confirmed at its meeting on Wednesday night."),
                Kept("Traders will be back under the old roof by Easter, eighteen months after the blaze"),
                Dropped("By Carys Lloyd", Reason::Byline),
            ],
        },
        Case {
            name: "standfirst, share buttons, advertisement label, lede",
            body: r##"<article><header><h1>Bridge to close for a year of repairs</h1><p class="standfirst">Engineers found corrosion in the steel supports during a routine inspection in the summer.</p><ul class="social-share"><li><a href="#">Facebook</a></li><li><a href="#">X</a></li><li><a href="#">Email</a></li></ul></header>
<p>Advertisement</p>
<p>The old river bridge will close to all traffic in January and stay shut for twelve months while its supports are replaced, the county council said on Monday.</p>
<p>Drivers will face a detour of about six miles through the next town, and the council will run a free shuttle bus for people on foot and on bicycles.</p>
<p>Businesses near the bridge said they were worried about losing passing trade, and asked the council to put up signs saying that they were still open.</p>
<p>The repairs will cost about nine million pounds, most of it paid by a national fund for the upkeep of old bridges.</p></article>"##,
            wants: &[
                Kept("Engineers found corrosion in the steel supports during a routine inspection in the summer."),
                Kept("The old river bridge will close to all traffic in January and stay shut for twelve months while its supports are replaced, the county council said on Monday."),
                Gone("Advertisement"),
            ],
        },
        Case {
            name: "the first paragraph before an ad slot",
            body: r##"<article><h1>School wins national chess title</h1>
<p>A primary school of ninety pupils has won the national schools chess championship, beating teams from schools ten times its size.</p>
<div class="ad-container"><div class="ad-label">Advertisement</div><div id="ad-slot-1"></div></div>
<p>The team of six, aged between eight and eleven, won all seven of their matches in the final round in Birmingham on Saturday.</p>
<p>Their coach, a retired engineer who volunteers at the school two afternoons a week, said the children had practised every lunchtime since September.</p>
<p>The school will receive a trophy and five hundred pounds for new chess sets, which the head teacher said would go to the younger classes.</p></article>"##,
            wants: &[
                Kept("A primary school of ninety pupils has won the national schools chess championship, beating teams from schools ten times its size."),
                Dropped("Advertisement", Reason::Boilerplate),
            ],
        },
    ]);
}

/// A heading above a picture is read, whatever the picture's alt text or credit.
#[test]
fn a_heading_is_not_a_caption_because_of_its_picture() {
    run(&[Case {
        name: "headings above figures with credits",
        body: r##"<article><h1>Three walks for a winter afternoon</h1><p>Each of these walks takes less than two hours, starts from a car park with a café, and stays on good paths, so boots are not needed.</p>
<h2>The reservoir circuit</h2>
<figure><img src="r.jpg" alt="The reservoir circuit"><figcaption>(Photo: Sam Hale/Valley Courier)</figcaption></figure>
<p>A flat walk around the water on a surfaced path, with views of the hills and plenty of ducks, geese and swans to look at on the way.</p>
<h2>Up to the beacon</h2>
<figure><img src="b.jpg" alt="Up to the beacon"><span class="credit">Getty Images</span></figure>
<p>A steady climb through beech woods to the old beacon, where on a clear day you can see three counties and, some say, the sea.</p></article>"##,
        wants: &[
            Heading("The reservoir circuit"),
            Heading("Up to the beacon"),
            Dropped("(Photo: Sam Hale/Valley Courier)", Reason::Caption),
        ],
    }]);
}

/// A sentence that occurs once on the page is never dropped as a duplicate.
#[test]
fn a_sentence_that_occurs_once_is_not_a_duplicate() {
    run(&[
        Case {
            name: "an end mark after the story's sentence",
            body: "<article><h1>Choir sings for the last time</h1><p>The town's male voice choir gave its final concert on Saturday after eighty-one years, singing to a full church.</p><p>Its eleven remaining members, the youngest of them sixty-eight, said they could no longer find new voices to replace those they had lost.</p><p>The conductor thanked the audience and said the choir's music would be given to the county archive, where anyone could still see it. ■</p><p>The Courier's review of the concert, and a history of the choir in pictures, will be in next week's edition of the paper.</p></article>",
            // The segmenter keeps a piece without words with the sentence before it.
            wants: &[Kept(
                "The conductor thanked the audience and said the choir's music would be given to the county archive, where anyone could still see it. ■",
            )],
        },
        Case {
            name: "a pull quote repeating a sentence before it: the copy in the story is read",
            body: "<article><h1>Lighthouse keeper's diaries found</h1><p>Diaries kept by a lighthouse keeper for thirty years have been found in a loft in the town, and will go on show at the museum next spring.</p><blockquote class=\"pullquote\"><p>The sea was so loud last night that I could not hear my own voice in the lamp room.</p></blockquote><p>The entries describe storms, wrecks and long weeks of fog, and the museum has chosen one from a January night in 1911 for the poster. The sea was so loud last night that I could not hear my own voice in the lamp room.</p><p>The museum's curator said the diaries were the most complete record of life on the rock that anyone had seen.</p></article>",
            wants: &[
                Kept("The sea was so loud last night that I could not hear my own voice in the lamp room."),
                Dropped("The sea was so loud last night that I could not hear my own voice in the lamp room.", Reason::Boilerplate),
            ],
        },
    ]);
}
