use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = dissect::cli::run(std::env::args_os(), &mut out, &mut std::io::stderr());
    let _ = out.flush();
    ExitCode::from(code)
}
