use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let interactive = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = dissect::cli::run_on(
        std::env::args_os(),
        &mut out,
        &mut std::io::stderr(),
        interactive,
    );
    let _ = out.flush();
    ExitCode::from(code)
}
