//! Waits for a child process with bounds that a busy machine does not trip and a hang does.
//! A wall-clock limit cannot tell the two apart: a large build on two cores shared with other
//! tests may take minutes. So the process's own CPU time (from `/proc/<pid>/stat`, all its
//! threads) is watched instead: it is killed when it has run [`Limits::cpu`] of CPU (a loop that
//! never ends), or used none for [`Limits::idle`] (blocked for good, on a pipe say), and in any
//! case after [`Limits::wall`].

use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

/// When to give up on a process.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// CPU time it may use in all.
    pub cpu: Duration,
    /// Longest time it may use no CPU at all.
    pub idle: Duration,
    /// Longest time it may run, busy or not.
    pub wall: Duration,
}

/// Linux reports CPU times in ticks of 1/100 s (`USER_HZ`, fixed by its ABI).
const TICK: Duration = Duration::from_millis(10);
const POLL: Duration = Duration::from_millis(10);

/// The CPU time the process `pid` has used (user and system, all threads), when known.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name in parentheses may hold spaces: the fields start after the last ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u32>().ok();
    // Fields 14 and 15 of stat(5), utime and stime, are the 12th and 13th after the name.
    Some(TICK * (ticks(11)? + ticks(12)?))
}

/// Waits for `child`; kills it when it breaks a limit, and then says which.
pub fn wait(child: &mut Child, limits: Limits) -> (ExitStatus, Option<String>) {
    let started = Instant::now();
    let mut last_cpu = Duration::ZERO;
    let mut last_progress = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            return (status, None);
        }
        let now = Instant::now();
        let cpu = cpu_time(child.id());
        if let Some(cpu) = cpu
            && cpu > last_cpu
        {
            last_cpu = cpu;
            last_progress = now;
        }
        let why = if last_cpu > limits.cpu {
            Some(format!("used more than {:?} of CPU time", limits.cpu))
        } else if cpu.is_some() && now - last_progress > limits.idle {
            Some(format!("used no CPU for {:?}: blocked", limits.idle))
        } else if now - started > limits.wall {
            Some(format!("still running after {:?}", limits.wall))
        } else {
            None
        };
        if let Some(why) = why {
            let _ = child.kill();
            return (child.wait().expect("wait for the child"), Some(why));
        }
        std::thread::sleep(POLL);
    }
}
