use narrate::pipeline::Planner;
use narrate::synthesize::piper::{Arrangement, Piper, PiperVoiceFiles};
use narrate::synthesize::Voice;
use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string("examples/article.txt").unwrap();
    let plan = Planner::default().plan_text("seed", &text);
    let threads: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().unwrap())
        .unwrap_or(2);
    let t = Instant::now();
    let joe = Piper::open(
        &PiperVoiceFiles::from_model_path(
            "/work/main/.narrate/voices/en_US-joe-medium.onnx".as_ref(),
        ),
        &Default::default(),
        Arrangement {
            sessions: 1,
            threads,
        },
    )
    .unwrap();
    println!("open {:?}", t.elapsed());
    let (mut ph, mut tot, mut audio) = (0.0, 0.0, 0.0);
    for (_, s) in plan.narrated() {
        let text = s.spoken.as_deref().unwrap();
        let t = Instant::now();
        let ids = joe.phoneme_ids(text).unwrap();
        ph += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let c = joe.synthesize(text).unwrap();
        tot += t.elapsed().as_secs_f64();
        audio += c.duration();
        println!(
            "{} ids {:.2}s audio {:.3}s",
            ids.iter().map(|v| v.len()).sum::<usize>(),
            c.duration(),
            t.elapsed().as_secs_f64()
        );
    }
    println!(
        "phonemes {ph:.3}s synth {tot:.2}s audio {audio:.1}s RTF {:.4}",
        tot / audio
    );
}
