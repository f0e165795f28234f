//! Typesetting many documents side by side (posters, share images): one thread per core, each
//! taking the next document when it is done with one.
//!
//! Not a rayon pool: typst's PDF writer waits for its own background work with
//! `rayon::yield_now`, which on a pool thread runs any other pending job first, so each
//! poster's export would start the next poster inside it. Nested that way a run keeps every
//! poster's layout alive until the last one is done and its stack grows with the site. On
//! these threads typst's own parallel work goes to rayon's global pool instead.

use std::panic::resume_unwind;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// Stack size of the threads: typesetting recurses deeply (more so in debug builds).
const STACK: usize = 64 * 1024 * 1024;

/// `work` applied to every job, on as many threads as rayon would use, in `jobs`' order.
pub fn typeset_each<J: Sync, R: Send>(jobs: &[J], work: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let take_jobs = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(index) else {
                return done;
            };
            done.push((index, work(job)));
        }
    };
    let threads = rayon::current_num_threads().clamp(1, jobs.len().max(1));
    let mut done: Vec<(usize, R)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .filter_map(|_| {
                thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(scope, take_jobs)
                    .ok()
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_else(|panic| resume_unwind(panic)))
            .collect()
    });
    // Jobs no thread took (none could be started) are done here.
    done.extend(take_jobs());
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::typeset_each;

    #[test]
    fn every_job_is_done_once_and_the_results_keep_the_jobs_order() {
        let jobs: Vec<u64> = (0..500).collect();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let squares = typeset_each(&jobs, |n| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            n * n
        });
        assert_eq!(squares, jobs.iter().map(|n| n * n).collect::<Vec<_>>());
        assert_eq!(calls.into_inner(), jobs.len());
        assert!(typeset_each(&Vec::<u64>::new(), |n| *n).is_empty());
    }

    #[test]
    fn jobs_run_outside_rayons_pools() {
        // On a pool thread typst's PDF writer, waiting for its own work, would run other jobs.
        let jobs = [1, 2, 3, 4];
        let pools = typeset_each(&jobs, |_| rayon::current_thread_index());
        assert_eq!(pools, vec![None; jobs.len()]);
    }

    #[test]
    fn a_job_that_panics_fails_the_run() {
        let jobs = [1, 2, 3];
        let outcome = std::panic::catch_unwind(|| typeset_each(&jobs, |&n| assert_ne!(n, 2)));
        assert!(outcome.is_err());
    }
}
