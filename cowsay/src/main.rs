//! cowsay/cowthink: hands the process's arguments, COWPATH and streams to [`cowsay::run`], and
//! turns its error, if any, into a message and an exit code.

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let cowpath = std::env::var_os("COWPATH");
    let result = cowsay::run(
        args.clone(),
        cowpath.as_deref(),
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let program = args
                .first()
                .and_then(|a| Path::new(a).file_name())
                .map_or("cowsay".into(), |n| n.to_string_lossy().into_owned());
            ExitCode::from(e.report(&program))
        }
    }
}
