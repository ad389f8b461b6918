//! Two threads for one mastering pass: a producer's blocks of samples in, handed to a
//! consumer on the calling thread, in order. The spool's reader and the limiter (and
//! the resampler) produce on a thread of their own while the meter and the encoder
//! consume on the caller's, so a pass takes about the time of the slower side rather
//! than of both: mastering runs after synthesis, when the other cores are idle.
//!
//! Written by hand on `std::sync::mpsc` and scoped threads: the pass is one producer and
//! one consumer with blocks recycled between them, a few lines that a channel or
//! pipeline crate would not shorten.

use std::io;
use std::sync::mpsc;

/// Where a pass hands its samples, in pieces of any size.
pub type Sink<'a> = dyn FnMut(&[f32]) -> io::Result<()> + 'a;

/// Samples per block handed over.
const BLOCK: usize = 8192;
/// Blocks that may wait for the consumer before the producer waits in turn.
const WAITING: usize = 4;

/// Runs `produce`, which hands its samples to the function it is given, and gives every
/// sample to `consume` in the same order: on two threads when `threads` is true, else
/// on this one alone. The first error of either side ends the pass and is returned (the
/// consumer's first); a panic of the producer is resumed here.
pub fn relay<T: Send>(
    threads: bool,
    produce: impl FnOnce(&mut Sink) -> io::Result<T> + Send,
    consume: &mut Sink,
) -> io::Result<T> {
    if !threads {
        return produce(consume);
    }
    let (full_tx, full_rx) = mpsc::sync_channel::<Vec<f32>>(WAITING);
    let (empty_tx, empty_rx) = mpsc::channel::<Vec<f32>>();
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            let stopped = || io::Error::other("the consumer of the mastering pass stopped");
            let mut block = Vec::with_capacity(BLOCK);
            let produced = produce(&mut |samples| {
                let mut rest = samples;
                while !rest.is_empty() {
                    let k = (BLOCK - block.len()).min(rest.len());
                    block.extend_from_slice(&rest[..k]);
                    rest = &rest[k..];
                    if block.len() == BLOCK {
                        let next = empty_rx
                            .try_recv()
                            .unwrap_or_else(|_| Vec::with_capacity(BLOCK));
                        full_tx
                            .send(std::mem::replace(&mut block, next))
                            .map_err(|_| stopped())?;
                    }
                }
                Ok(())
            })?;
            if !block.is_empty() {
                full_tx.send(block).map_err(|_| stopped())?;
            }
            Ok(produced)
        });
        let mut consumed = Ok(());
        while let Ok(mut block) = full_rx.recv() {
            consumed = consume(&block);
            if consumed.is_err() {
                break;
            }
            block.clear();
            // The producer may be done and gone: then the block is not needed.
            let _ = empty_tx.send(block);
        }
        // A consumer that stopped early lets the producer's next hand-over fail.
        drop(full_rx);
        let produced = producer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        consumed.and(produced)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Produces `n` samples numbered from 0, in pieces of `piece`.
    fn numbers(n: usize, piece: usize) -> impl FnOnce(&mut Sink) -> io::Result<usize> + Send {
        move |out| {
            let all: Vec<f32> = (0..n).map(|i| i as f32).collect();
            for p in all.chunks(piece) {
                out(p)?;
            }
            Ok(n)
        }
    }

    #[test]
    fn every_sample_arrives_in_order_on_either_path() {
        for threads in [false, true] {
            for (n, piece) in [(0, 1), (1, 1), (BLOCK * 3 + 17, 1000), (50_000, 8192)] {
                let mut got = Vec::new();
                let made = relay(threads, numbers(n, piece), &mut |b| {
                    got.extend_from_slice(b);
                    Ok(())
                })
                .unwrap();
                assert_eq!(made, n);
                assert_eq!(got.len(), n, "threads {threads}, {n} in pieces of {piece}");
                assert!(got.iter().enumerate().all(|(i, &x)| x == i as f32));
            }
        }
    }

    #[test]
    fn a_failing_consumer_ends_the_pass_with_its_error() {
        let mut seen = 0;
        let result = relay(true, numbers(BLOCK * 50, 100), &mut |b| {
            seen += b.len();
            if seen > BLOCK * 2 {
                Err(io::Error::other("disk full"))
            } else {
                Ok(())
            }
        });
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert!(seen < BLOCK * 50);
    }

    #[test]
    fn a_failing_producer_ends_the_pass_with_its_error() {
        let result: io::Result<()> = relay(
            true,
            |out| {
                out(&[0.0; 100])?;
                Err(io::Error::other("spool unreadable"))
            },
            &mut |_| Ok(()),
        );
        assert_eq!(result.unwrap_err().to_string(), "spool unreadable");
    }
}
