//! A running `redflag serve` for tests: the process on 127.0.0.1 (`--port 0`), started the way
//! its users start it (inside the site folder, no `--root`), HTTP requests to it, its event
//! stream and its output. Every wait is on an event, bounded by [`TIMEOUT`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The longest any wait on the server may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// A `redflag serve` process, killed when dropped.
pub struct Server {
    child: Child,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    /// Its standard error, line by line, from after the line that names its address.
    lines: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `redflag serve --port 0` inside the site folder `site`, with no `--root`, as the
    /// README says to.
    pub fn start(site: &Path) -> Server {
        Server::start_in(site, &[])
    }

    /// Starts `redflag serve --port 0` with `args` (e.g. `--root ../site`) in the folder `cwd`.
    pub fn start_in(cwd: &Path, args: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_redflag"));
        command
            .current_dir(cwd)
            .args(["serve", "--port", "0"])
            .args(args);
        Server::spawn(command)
    }

    /// Starts `redflag serve --port 0` inside the site folder `site` with at most `files` open
    /// file descriptors (a shell's `ulimit -n`; macOS's default is 256).
    pub fn start_with_file_limit(site: &Path, files: u32) -> Server {
        let mut command = Command::new("sh");
        command
            .current_dir(site)
            .arg("-c")
            .arg(format!(
                "ulimit -S -n {files} && exec \"$0\" serve --port 0"
            ))
            .arg(env!("CARGO_BIN_EXE_redflag"));
        Server::spawn(command)
    }

    /// Runs `command` and waits for the line that names the server's address.
    fn spawn(mut command: Command) -> Server {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start redflag serve");
        let stderr = child.stderr.take().expect("stderr");
        let (port_tx, port_rx) = mpsc::channel();
        let (lines_tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            // Reads every line (so the server never blocks on a full pipe): keeps those before
            // the address (for the panic if it never comes), reports the port, passes on the rest.
            let mut before = String::new();
            let mut serving = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if serving {
                    let _ = lines_tx.send(line);
                } else if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    let _ = port_tx.send(Ok(digits.parse::<u16>().expect("port")));
                    serving = true;
                } else {
                    before.push_str(&line);
                    before.push('\n');
                }
            }
            let _ = port_tx.send(Err(before));
        });
        let port = match port_rx.recv_timeout(TIMEOUT) {
            Ok(Ok(port)) => port,
            Ok(Err(output)) => panic!("redflag serve ended before serving:\n{output}"),
            Err(_) => panic!("redflag serve printed no address within {TIMEOUT:?}"),
        };
        Server { child, port, lines }
    }

    /// The lines the server printed after its address up to and including the first that
    /// satisfies `wanted`; panics when none does within [`TIMEOUT`].
    pub fn lines_until(&self, wanted: impl Fn(&str) -> bool) -> Vec<String> {
        let deadline = Instant::now() + TIMEOUT;
        let mut lines = Vec::new();
        loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .unwrap_or_default();
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no such line within {TIMEOUT:?}; printed: {lines:#?}"));
            let done = wanted(&line);
            lines.push(line);
            if done {
                return lines;
            }
        }
    }

    /// Resident memory of the server process, in kB.
    pub fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("read /proc status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in /proc status")
    }
}

/// One HTTP/1.1 request with a raw request target, addressed to `127.0.0.1:<port>` as a
/// browser would; returns the status and the body.
pub fn request(port: u16, method: &str, target: &str) -> std::io::Result<(u16, Vec<u8>)> {
    request_to(port, &format!("127.0.0.1:{port}"), method, target)
}

/// One HTTP/1.1 request to the server on `port` with `host` as its `Host` header.
pub fn request_to(
    port: u16,
    host: &str,
    method: &str,
    target: &str,
) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&response[..split]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    Ok((status, response[split + 4..].to_vec()))
}

/// A connection to the preview's event stream (Server-Sent Events).
pub struct Events(mpsc::Receiver<(String, String)>);

impl Events {
    /// Connects to the event stream of the server on `port`; the events are read in a thread.
    pub fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect events");
        write!(
            stream,
            "GET /__redflag/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("request events");
        let mut reader = BufReader::new(stream);
        let mut first = String::new();
        reader.read_line(&mut first).expect("status line");
        assert!(first.contains("200"), "{first}");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in reader.lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event:") {
                    event = name.trim().to_owned();
                } else if let Some(data) = line.strip_prefix("data:") {
                    let _ = tx.send((event.clone(), data.trim().to_owned()));
                }
            }
        });
        Events(rx)
    }

    /// The data of the next event named `name` (others are skipped), or `None` when none
    /// arrives within `timeout`.
    pub fn next_named(&self, name: &str, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let (event, data) = self.0.recv_timeout(left).ok()?;
            if event == name {
                return Some(data);
            }
        }
    }

    /// The data of the next reload event (the paths to reload); panics after [`TIMEOUT`].
    pub fn reload(&self) -> String {
        self.next_named("reload", TIMEOUT)
            .expect("a reload event within the timeout")
    }
}
