//! The loops the mastering passes run for every sample: blocks of samples in, peaks
//! between samples and K-weighted energy out. Each is built twice, for any CPU and for
//! x86-64 CPUs with AVX2 and FMA (nearly all since 2013), and the second is chosen at
//! run time where the CPU has them: wider vectors and fused multiply-adds make the
//! interpolation filters about three times and the loudness filter about twice as fast,
//! while a build for the baseline x86-64 still runs anywhere.
//!
//! Written by hand: `multiversion` would generate the dispatch, for three functions
//! that the few lines of [`fused`] and one `#[target_feature]` wrapper each cover, and
//! no crate computes these filters over runs of samples.

/// Whether this CPU runs the AVX2 and FMA builds of the kernels (checked once; the
/// standard library caches the answer).
#[inline]
fn fused() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `a * b + c`, rounded once where the build has fused multiply-adds.
#[inline(always)]
fn mad<const FUSED: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FUSED {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

#[inline(always)]
fn mad64<const FUSED: bool>(a: f64, b: f64, c: f64) -> f64 {
    if FUSED {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// Samples an interpolation run covers at most (the stack buffer's size).
const RUN: usize = 64;

/// Raises each `peaks[i]` to the size of every interpolated point `Σ_t w[t] * span[t + i]`,
/// one point for each phase `w` of `phases`: the peaks between samples, of the `n =
/// peaks.len()` samples that `span` (`n + T - 1` long) covers.
pub fn interpolated_peaks<const T: usize>(phases: &[[f32; T]], span: &[f32], peaks: &mut [f32]) {
    assert!(
        span.len() + 1 >= peaks.len() + T,
        "a span too short for its run"
    );
    #[cfg(target_arch = "x86_64")]
    if fused() {
        // SAFETY: the CPU has AVX2 and FMA, checked just above.
        unsafe { interpolated_peaks_fused(phases, span, peaks) };
        return;
    }
    interpolated_peaks_body::<T, false>(phases, span, peaks);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn interpolated_peaks_fused<const T: usize>(phases: &[[f32; T]], span: &[f32], peaks: &mut [f32]) {
    interpolated_peaks_body::<T, true>(phases, span, peaks);
}

#[inline(always)]
fn interpolated_peaks_body<const T: usize, const FUSED: bool>(
    phases: &[[f32; T]],
    span: &[f32],
    peaks: &mut [f32],
) {
    for (r, run) in peaks.chunks_mut(RUN).enumerate() {
        let n = run.len();
        let span = &span[r * RUN..r * RUN + n + T - 1];
        let mut acc = [0f32; RUN];
        for phase in phases {
            let acc = &mut acc[..n];
            acc.fill(0.0);
            for (t, &w) in phase.iter().enumerate() {
                for (a, &x) in acc.iter_mut().zip(&span[t..t + n]) {
                    *a = mad::<FUSED>(w, x, *a);
                }
            }
            for (p, a) in run.iter_mut().zip(acc.iter()) {
                *p = p.max(a.abs());
            }
        }
    }
}

/// A fourth-order filter in direct form II, for a meter, and the energy of its output
/// since it was last taken: its numerator `b`, denominator `a` (with `a[0]` = 1), last
/// four states (newest first), and the squared outputs summed in four lanes by their
/// position in the stream, so that the energy is the same however the stream is cut.
#[derive(Clone, Debug)]
pub struct Filter {
    b: [f64; 5],
    a: [f64; 5],
    state: [f64; 4],
    lanes: [f64; 4],
    /// Samples filtered since the energy was last taken.
    count: usize,
}

/// States a filtering run keeps on the stack before summing their outputs.
const STATES: usize = 256;

impl Filter {
    /// A filter at rest.
    pub fn new(b: [f64; 5], a: [f64; 5]) -> Filter {
        Filter {
            b,
            a,
            state: [0.0; 4],
            lanes: [0.0; 4],
            count: 0,
        }
    }

    /// The energy (the sum of squared outputs) since it was last taken, and starts
    /// summing again from nothing.
    pub fn take_energy(&mut self) -> f64 {
        let [l0, l1, l2, l3] = std::mem::take(&mut self.lanes);
        self.count = 0;
        (l0 + l1) + (l2 + l3)
    }

    /// Filters `samples`, each read through `value`, adding their squared outputs to
    /// the energy.
    pub fn push<S: Copy>(&mut self, samples: &[S], value: impl Fn(S) -> f64 + Copy) {
        #[cfg(target_arch = "x86_64")]
        if fused() {
            // SAFETY: the CPU has AVX2 and FMA, checked just above.
            unsafe { self.push_fused(samples, value) };
            return;
        }
        self.push_body::<S, false>(samples, value);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn push_fused<S: Copy>(&mut self, samples: &[S], value: impl Fn(S) -> f64 + Copy) {
        self.push_body::<S, true>(samples, value);
    }

    /// In two steps a run at a time: the recursion alone, one product and one sum on
    /// the chain from sample to sample, into a buffer; then the numerator and the
    /// squares over the buffer, which no sample waits on and vectors can share.
    #[inline(always)]
    fn push_body<S: Copy, const FUSED: bool>(
        &mut self,
        samples: &[S],
        value: impl Fn(S) -> f64 + Copy,
    ) {
        let [b0, b1, b2, b3, b4] = self.b;
        let [_, a1, a2, a3, a4] = self.a;
        // `states[4 + i]` is the state after sample i of the run; the first four are
        // the run's predecessors, oldest first.
        let mut states = [0f64; STATES + 4];
        let mut lanes = self.lanes;
        for run in samples.chunks(STATES) {
            let [s1, s2, s3, s4] = self.state;
            states[..4].copy_from_slice(&[s4, s3, s2, s1]);
            let (mut s1, mut s2, mut s3, mut s4) = (s1, s2, s3, s4);
            for (state, &x) in states[4..4 + run.len()].iter_mut().zip(run) {
                // What does not wait on the last state first.
                let rest = value(x) - mad64::<FUSED>(a2, s2, mad64::<FUSED>(a3, s3, a4 * s4));
                let s0 = mad64::<FUSED>(-a1, s1, rest);
                (s4, s3, s2, s1) = (s3, s2, s1, s0);
                *state = s0;
            }
            self.state = [s1, s2, s3, s4];
            // y(i) = b0 s(i) + b1 s(i-1) + ... + b4 s(i-4), with s(i) at states[4 + i].
            let output = |i: usize| {
                let s = &states[i..i + 5];
                let tail = mad64::<FUSED>(b2, s[2], mad64::<FUSED>(b3, s[1], b4 * s[0]));
                mad64::<FUSED>(b0, s[4], mad64::<FUSED>(b1, s[3], tail))
            };
            let add = |lanes: &mut [f64; 4], lane: usize, i: usize| {
                let y = output(i);
                lanes[lane] = mad64::<FUSED>(y, y, lanes[lane]);
            };
            // One at a time up to lane 0, then four at a time, then the rest: each
            // sample into the lane of its position in the stream.
            let n = run.len();
            let lead = ((4 - self.count % 4) % 4).min(n);
            for i in 0..lead {
                add(&mut lanes, (self.count + i) % 4, i);
            }
            let whole = lead + (n - lead) / 4 * 4;
            for i in (lead..whole).step_by(4) {
                for lane in 0..4 {
                    add(&mut lanes, lane, i + lane);
                }
            }
            for i in whole..n {
                add(&mut lanes, i - whole, i);
            }
            self.count += n;
        }
        self.lanes = lanes;
        // Denormal states would slow the filter down to a crawl after long silence.
        for s in &mut self.state {
            if s.abs() < f64::MIN_POSITIVE {
                *s = 0.0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic, noisy test signal.
    fn signal(n: usize) -> Vec<f32> {
        let mut state = 12345u32;
        (0..n)
            .map(|i| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let noise = (state >> 8) as f32 / (1u32 << 24) as f32 - 0.5;
                0.6 * (i as f32 * 0.05).sin() + 0.4 * noise
            })
            .collect()
    }

    #[test]
    fn both_builds_of_the_interpolation_agree_with_the_plain_sum() {
        let phases = [
            [0.1f32, -0.2, 0.9, 0.3, -0.05],
            [0.05, 0.4, 0.6, -0.1, 0.02],
        ];
        let span = signal(200 + 4);
        let mut expected = vec![0f32; 200];
        for (i, e) in expected.iter_mut().enumerate() {
            for phase in &phases {
                let y: f32 = (0..5).map(|t| phase[t] * span[t + i]).sum();
                *e = e.max(y.abs());
            }
        }
        let mut plain = vec![0f32; 200];
        interpolated_peaks_body::<5, false>(&phases, &span, &mut plain);
        let mut chosen = vec![0f32; 200];
        interpolated_peaks(&phases, &span, &mut chosen);
        for i in 0..200 {
            assert!((plain[i] - expected[i]).abs() < 1e-6, "plain, sample {i}");
            assert!((chosen[i] - expected[i]).abs() < 1e-6, "chosen, sample {i}");
        }
    }

    #[test]
    fn both_builds_of_the_filter_agree_with_the_sample_by_sample_recursion() {
        let b = [1.5, -2.7, 1.2, 0.1, -0.05];
        // Poles at 0.9, 0.8, 0.7 and 0.6: stable.
        let a = [1.0, -3.0, 3.35, -1.65, 0.3024];
        let x = signal(1000);
        // The textbook recursion, one sample at a time.
        let mut s = [0f64; 4];
        let mut expected = 0.0;
        for &v in &x {
            let s0 = v as f64 - a[1] * s[0] - a[2] * s[1] - a[3] * s[2] - a[4] * s[3];
            let y = b[0] * s0 + b[1] * s[0] + b[2] * s[1] + b[3] * s[2] + b[4] * s[3];
            s = [s0, s[0], s[1], s[2]];
            expected += y * y;
        }
        let fresh = Filter::new(b, a);
        // Whole, and in uneven pieces, so that runs and the four lanes end anywhere:
        // the same energy to the last bit.
        let mut whole = fresh.clone();
        whole.push(&x, |v| v as f64);
        let mut chosen = fresh.clone();
        let mut plain = fresh;
        for piece in x.chunks(333) {
            chosen.push(piece, |v| v as f64);
            plain.push_body::<f32, false>(piece, |v| v as f64);
        }
        assert_eq!(chosen.lanes, whole.lanes);
        for filter in [&mut chosen, &mut plain] {
            for (got, want) in filter.state.iter().zip(&s) {
                assert!((got - want).abs() < 1e-9 * want.abs().max(1.0));
            }
            let e = filter.take_energy();
            assert!(
                (e - expected).abs() < 1e-9 * expected,
                "{e} against {expected}"
            );
            assert_eq!(filter.take_energy(), 0.0);
        }
    }
}
