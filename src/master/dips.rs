//! Dips: places in a narration and how many dB to take away there, in; the samples of
//! those places turned down, smoothly, out.
//!
//! A lossy codec does not keep a waveform's peaks: MP3 and Opus ring where the speech
//! is sharp, and a decoded file can peak a dB or more over a ceiling the samples that
//! went in kept. Lowering the whole narration for one such place would cost every
//! other sentence its loudness, so the render turns down only the places where the
//! decoded file went over (found by [`super::decoded`]) and writes the file again. A
//! codec's overshoot at a place grows with the level there, so a dip by the overshoot
//! and a little more mostly brings that place under the ceiling (the render deepens a
//! place that goes over again by twice as much). Each dip spans [`HALF_WIDTH_MS`]
//! either side of its place (more than an MP3 or Opus frame and the codec's look-ahead,
//! over which the ringing spreads), and fades in and out over [`FADE_MS`] with a raised
//! cosine, so that it is not heard as a step. Where dips overlap, the deeper one holds.

/// How far a dip reaches either side of its place at full depth.
pub const HALF_WIDTH_MS: u64 = 60;
/// How long a dip takes to fade in, and out again.
pub const FADE_MS: u64 = 10;

/// One place turned down.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Dip {
    /// The place, in samples of the narration's rate.
    at: u64,
    /// How much is taken away there, in dB (positive).
    db: f64,
}

/// The places of a narration to turn down, at one sample rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Dips {
    rate: u32,
    /// Sorted by place.
    dips: Vec<Dip>,
}

impl Dips {
    /// No dips, for a narration at `rate`.
    pub fn new(rate: u32) -> Dips {
        Dips {
            rate,
            dips: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.dips.is_empty()
    }

    pub fn len(&self) -> usize {
        self.dips.len()
    }

    fn samples(&self, ms: u64) -> u64 {
        ms * u64::from(self.rate) / 1000
    }

    /// Turns the place `seconds` into the narration down by `db` more than it is now.
    pub fn deepen(&mut self, seconds: f64, db: f64) {
        let at = (seconds.max(0.0) * f64::from(self.rate)).round() as u64;
        let db = self.reduction_db(at) + db.max(0.0);
        let i = self.dips.partition_point(|d| d.at < at);
        self.dips.insert(i, Dip { at, db });
    }

    /// How much is taken away at the place `seconds` into the narration, in dB.
    pub fn reduction_db_at(&self, seconds: f64) -> f64 {
        self.reduction_db((seconds.max(0.0) * f64::from(self.rate)).round() as u64)
    }

    /// How much is taken away at sample `at`, in dB.
    fn reduction_db(&self, at: u64) -> f64 {
        let reach = self.samples(HALF_WIDTH_MS + FADE_MS);
        let first = self.dips.partition_point(|d| d.at + reach < at);
        self.dips[first..]
            .iter()
            .take_while(|d| d.at <= at + reach)
            .map(|d| d.db * self.depth(d.at, at))
            .fold(0.0, f64::max)
    }

    /// How far into a dip at `centre` the sample `at` is: 1 at full depth, 0 outside,
    /// a raised cosine between.
    fn depth(&self, centre: u64, at: u64) -> f64 {
        let half = self.samples(HALF_WIDTH_MS);
        let fade = self.samples(FADE_MS).max(1);
        let distance = centre.abs_diff(at);
        if distance <= half {
            1.0
        } else if distance >= half + fade {
            0.0
        } else {
            let x = (distance - half) as f64 / fade as f64;
            0.5 * (1.0 + (std::f64::consts::PI * x).cos())
        }
    }

    /// Turns down the samples of `block`, whose first sample is sample `first` of the
    /// narration.
    pub fn apply(&self, first: u64, block: &mut [f32]) {
        if self.dips.is_empty() {
            return;
        }
        let reach = self.samples(HALF_WIDTH_MS + FADE_MS);
        let last = first + block.len() as u64;
        let from = self.dips.partition_point(|d| d.at + reach < first);
        if self.dips.get(from).is_none_or(|d| d.at > last + reach) {
            return;
        }
        for (i, x) in block.iter_mut().enumerate() {
            let db = self.reduction_db(first + i as u64);
            if db > 0.0 {
                *x *= 10f64.powf(-db / 20.0) as f32;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(x: f32) -> f64 {
        20.0 * f64::from(x).log10()
    }

    #[test]
    fn a_dip_turns_down_its_place_fades_and_leaves_the_rest() {
        let rate = 10_000;
        let mut dips = Dips::new(rate);
        assert!(dips.is_empty());
        dips.deepen(1.0, 2.0);
        let mut block = vec![1.0f32; 2 * rate as usize];
        // In two pieces, to check the offsets.
        let (a, b) = block.split_at_mut(12_345);
        dips.apply(0, a);
        dips.apply(12_345, b);
        // Full depth within 60 ms of the place.
        for at in [10_000, 9_400, 10_600] {
            assert!(
                (db(block[at]) + 2.0).abs() < 1e-4,
                "{at}: {}",
                db(block[at])
            );
        }
        // Half way through the fade, half the depth in amplitude terms of the cosine.
        assert!(
            (db(block[10_650]) + 1.0).abs() < 0.01,
            "{}",
            db(block[10_650])
        );
        // Untouched beyond the fade.
        for at in [0, 9_299, 10_701, 19_999] {
            assert_eq!(block[at], 1.0, "{at}");
        }
        // The fade falls steadily: no step anywhere.
        for w in block[10_600..10_701].windows(2) {
            assert!(w[1] >= w[0] && w[1] - w[0] < 0.01);
        }
    }

    #[test]
    fn deepening_a_place_adds_to_what_is_there_and_the_deeper_dip_holds() {
        let rate = 1_000;
        let mut dips = Dips::new(rate);
        dips.deepen(0.5, 1.0);
        dips.deepen(0.5, 0.5);
        dips.deepen(0.55, 0.25);
        assert_eq!(dips.len(), 3);
        let mut block = vec![1.0f32; 1000];
        dips.apply(0, &mut block);
        // 1.0 + 0.5 at the place; the third dip (1.75 dB) is deeper from 0.55 s on and
        // reaches back to 0.49 s.
        assert!((db(block[500]) + 1.75).abs() < 1e-4, "{}", db(block[500]));
        assert!((db(block[470]) + 1.5).abs() < 1e-4, "{}", db(block[470]));
        assert!((db(block[600]) + 1.75).abs() < 1e-4, "{}", db(block[600]));
        assert!((db(block[620]) + 0.0).abs() < 1e-4, "{}", db(block[620]));
        // Negative depths take nothing away.
        let mut none = Dips::new(rate);
        none.deepen(0.1, -3.0);
        let mut flat = vec![0.5f32; 300];
        none.apply(0, &mut flat);
        assert!(flat.iter().all(|&x| x == 0.5));
    }
}
