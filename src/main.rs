//! The `redflag` binary: flags → library calls → exit code. 0 success, 1 content or
//! configuration errors, 2 usage or I/O errors.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use redflag::build::BuildOptions;
use redflag::check::{CheckOptions, ExternalOptions};
use redflag::cli::{Cli, Command};
use redflag::cms::Backend;
use redflag::poster::Selection;
use redflag::serve::ServeOptions;

mod cmd;

use cmd::wait_unless;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let today = jiff::Zoned::now().date();
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            drafts,
            no_wait,
        } => cmd::build::run(BuildOptions {
            root,
            out,
            base_url,
            drafts,
            today,
            wait: wait_unless(no_wait),
        }),
        Command::Serve {
            root,
            bind,
            port,
            open,
            poll,
        } => cmd::serve::run(ServeOptions {
            root,
            bind,
            port,
            open,
            poll,
        }),
        Command::Check {
            root,
            format,
            deny_warnings,
            external,
            external_timeout,
            external_limit,
        } => {
            let options = CheckOptions {
                root,
                today,
                external: external.then(|| ExternalOptions {
                    timeout: Duration::from_secs(external_timeout),
                    max_links: external_limit,
                    ..ExternalOptions::default()
                }),
            };
            cmd::check::run(&options, format, deny_warnings)
        }
        Command::Posters {
            root,
            out,
            institution,
            lang,
            size,
            advisories,
            no_wait,
        } => {
            let selection = Selection {
                institution,
                languages: lang,
                sizes: size,
                advisories,
            };
            cmd::posters::run(&root, &out, &selection, wait_unless(no_wait))
        }
        Command::Translations {
            action: Some(action),
            ..
        } => cmd::translations::run_action(action),
        Command::Translations { root, format, .. } => cmd::translations::run(&root, format),
        Command::Cms {
            root,
            out,
            repo,
            backend,
            branch,
            no_wait,
        } => {
            let backend = Backend {
                name: backend,
                repo,
                branch,
            };
            cmd::cms::run(&root, &out, &backend, wait_unless(no_wait))
        }
        Command::New { slug, lang, root } => {
            cmd::scaffold::new(&root, &slug, lang.as_deref(), today)
        }
        Command::Init {
            dir,
            ci,
            release_from,
        } => cmd::scaffold::init(&dir, ci, release_from.as_deref()),
        Command::Schema { name, out } => cmd::scaffold::schema(name.as_deref(), &out),
    }
}
