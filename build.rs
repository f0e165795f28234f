//! Build script: a digest of redflag's own code (`src/`, the patched crates in `vendor/`,
//! `Cargo.toml` and `Cargo.lock`) for `identity`. What a build reuses from the previous output
//! (search indexes, pages) is keyed by it, so a binary built from changed code under the same
//! version number never reuses what an older one made, while the same code always gives the
//! same digest (and the same output).

use std::hash::Hasher;
use std::path::{Path, PathBuf};

const INPUTS: [&str; 4] = ["src", "vendor", "Cargo.toml", "Cargo.lock"];

fn main() {
    let mut files = Vec::new();
    for input in INPUTS {
        println!("cargo::rerun-if-changed={input}");
        collect(Path::new(input), &mut files);
    }
    files.sort();
    // SipHash with fixed keys: the same bytes give the same digest with this compiler.
    let mut hasher = std::hash::DefaultHasher::new();
    for file in &files {
        let bytes = std::fs::read(file).expect("read a source file");
        for part in [file.to_string_lossy().as_bytes(), &bytes[..]] {
            hasher.write_usize(part.len());
            hasher.write(part);
        }
    }
    println!(
        "cargo::rustc-env=REDFLAG_SOURCE_DIGEST={:016x}",
        hasher.finish()
    );
}

/// Every file at or below `path`.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).expect("read a source folder");
        for entry in entries {
            collect(&entry.expect("a folder entry").path(), files);
        }
    } else if path.is_file() {
        files.push(path.to_path_buf());
    }
}
