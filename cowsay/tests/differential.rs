//! The differential suite: our cowsay against Debian's `/usr/games/cowsay` 3.03 on the same input,
//! byte for byte under `LC_ALL=C.UTF-8`.
//!
//! * One test per Debian cow: every face option × a corpus of messages (and a few thoughts),
//!   Debian's Perl spawned for each case, ours called in-process.
//! * One test per deliberate difference (see docs/cowsay.md): each asserts what Debian does and what
//!   we do instead, so that a difference can neither appear nor vanish unnoticed.
//!
//! Debian's cowsay must be installed (`apt-get install cowsay`; `scripts/test.sh` does it): without
//! it these tests fail, they never skip. Expected outputs come from running it, never from art
//! kept in this repository.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const DEBIAN: &str = "/usr/games/cowsay";
const DEBIAN_THINK: &str = "/usr/games/cowthink";
const COWS: &str = "/usr/share/cowsay/cows";
const OURS: &str = env!("CARGO_BIN_EXE_cowsay");

/// Where the message comes from.
#[derive(Debug, Clone)]
enum Input {
    /// Message words as arguments (standard input closed).
    Args(Vec<String>),
    /// Standard input's bytes.
    Stdin(Vec<u8>),
}

/// One run: options, then the message.
#[derive(Debug, Clone)]
struct Case {
    options: Vec<String>,
    input: Input,
}

impl Case {
    fn args(&self) -> Vec<String> {
        let mut args = self.options.clone();
        if let Input::Args(words) = &self.input {
            args.extend(words.iter().cloned());
        }
        args
    }

    fn stdin(&self) -> &[u8] {
        match &self.input {
            Input::Args(_) => b"",
            Input::Stdin(bytes) => bytes,
        }
    }
}

fn require_debian() {
    for path in [DEBIAN, COWS] {
        assert!(
            Path::new(path).exists(),
            "Debian's cowsay is needed for the differential suite and {path} is missing: \
             install it with `apt-get install -y cowsay` (scripts/test.sh does it)"
        );
    }
}

/// Runs a program with a clean environment plus `env`, feeding `stdin`.
fn spawn(
    program: &str,
    argv0: Option<&str>,
    args: &[String],
    stdin: &[u8],
    env: &[(&str, &str)],
) -> Output {
    let mut command = Command::new(program);
    #[cfg(unix)]
    if let Some(argv0) = argv0 {
        std::os::unix::process::CommandExt::arg0(&mut command, argv0);
    }
    command
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let mut pipe = child.stdin.take().expect("piped");
    // Ignore a closed pipe: a program given its message as arguments does not read.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("waiting for {program}: {e}"))
}

const UTF8: &[(&str, &str)] = &[("LC_ALL", "C.UTF-8")];

/// Debian's cowsay (or cowthink) under `LC_ALL=C.UTF-8`.
fn run_debian(think: bool, case: &Case) -> Output {
    let program = if think { DEBIAN_THINK } else { DEBIAN };
    spawn(program, None, &case.args(), case.stdin(), UTF8)
}

/// Ours, in-process. Returns standard output and the exit code `main` would give.
fn run_ours(think: bool, case: &Case) -> (Vec<u8>, u8) {
    let program = if think { "cowthink" } else { "cowsay" };
    let args: Vec<OsString> = std::iter::once(program.to_owned())
        .chain(case.args())
        .map(OsString::from)
        .collect();
    let mut out = Vec::new();
    let code = match cowsay::run(args, None, &mut case.stdin(), &mut out) {
        Ok(()) => 0,
        Err(e) => e.exit_code(),
    };
    (out, code)
}

/// Ours as a process (for what only a process shows: its name, locale, exit code, stderr).
fn ours_process(argv0: Option<&str>, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    spawn(OURS, argv0, &args, stdin, env)
}

fn show(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Where two outputs first differ, line by line, for a readable failure.
fn first_difference(ours: &[u8], theirs: &[u8]) -> Option<String> {
    if ours == theirs {
        return None;
    }
    let ours_lines: Vec<&[u8]> = ours.split(|&b| b == b'\n').collect();
    let their_lines: Vec<&[u8]> = theirs.split(|&b| b == b'\n').collect();
    let n = ours_lines.len().max(their_lines.len());
    let line = (0..n)
        .find(|&i| ours_lines.get(i) != their_lines.get(i))
        .unwrap_or(n);
    let at = |lines: &[&[u8]]| {
        lines
            .get(line)
            .map_or("<no line>".into(), |l| format!("{:?}", show(l)))
    };
    Some(format!(
        "first difference at line {}:\n  ours:   {}\n  debian: {}\n--- ours ---\n{}--- debian ---\n{}",
        line + 1,
        at(&ours_lines),
        at(&their_lines),
        show(ours),
        show(theirs)
    ))
}

fn words(text: &str) -> Input {
    Input::Args(text.split(' ').map(String::from).collect())
}

fn arg(text: &str) -> Input {
    Input::Args(vec![text.to_owned()])
}

fn stdin(text: &str) -> Input {
    Input::Stdin(text.as_bytes().to_vec())
}

/// The messages every cow is drawn with, each with the options it needs.
fn messages() -> Vec<(Vec<String>, Input)> {
    let none = Vec::new;
    let opts = |o: &[&str]| o.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let paragraphs = "para one\n\n\n  indented\tand\ttabbed\nlast   line  \n\n";
    let long = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor \
                incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud \
                exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute \
                irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla \
                pariatur.";
    vec![
        // Empty standard input: an empty balloon.
        (none(), stdin("")),
        // One word, and the course's messages.
        (none(), words("Hello")),
        (none(), words("Un éléphant dans un boa.")),
        // Words longer than the width are cut.
        (
            none(),
            words(&format!("{} and {}", "x".repeat(45), "y".repeat(90))),
        ),
        // Runs of spaces, leading and trailing.
        (none(), arg("  Moo    Moo   Moo  ")),
        // Tabs expanded to 8 columns with -n (wrapping turns them into spaces: below).
        (opts(&["-n"]), stdin("a\tb\tc\n12345678\tx\n\ty\n")),
        // Several lines and paragraphs, with and without -n.
        (none(), stdin(paragraphs)),
        (opts(&["-n"]), stdin(paragraphs)),
        // Lines exactly at the width (39 columns at -W 40), and a last line of 40.
        (
            none(),
            words(&format!("{} {}", "a".repeat(39), "b".repeat(39))),
        ),
        (none(), stdin(&"a ".repeat(60))),
        // Narrow and wide wrap columns.
        (opts(&["-W", "10"]), words("this is a thought that wraps")),
        (opts(&["-W", "200"]), words(long)),
    ]
}

/// Every face option, one at a time, plus eyes and tongue given by hand.
fn faces() -> Vec<Vec<String>> {
    let mut faces: Vec<Vec<String>> = vec![Vec::new()];
    faces.extend("bdgpstwy".chars().map(|c| vec![format!("-{c}")]));
    faces.push(vec!["-e".into(), "^x".into(), "-T".into(), "VV".into()]);
    faces.push(vec!["-e".into(), "Q".into(), "-T".into(), "".into()]);
    faces
}

/// Every case for one cow: faces × messages, then a few thoughts.
fn cases(cow: &str) -> Vec<(bool, Case)> {
    let mut cases = Vec::new();
    for face in faces() {
        for (options, input) in messages() {
            let mut all = vec!["-f".to_owned(), cow.to_owned()];
            all.extend(face.iter().cloned());
            all.extend(options);
            cases.push((
                false,
                Case {
                    options: all,
                    input,
                },
            ));
        }
    }
    for input in [
        stdin(""),
        words("Hmm..."),
        words("this is a thought that wraps around"),
    ] {
        let options = vec!["-f".into(), cow.into(), "-W".into(), "12".into()];
        cases.push((true, Case { options, input }));
    }
    cases
}

/// The balloon (down to its bottom border) and the drawing below it.
fn split_balloon(output: &[u8]) -> (&[u8], &[u8]) {
    let mut offset = 0;
    for (i, line) in output.split_inclusive(|&b| b == b'\n').enumerate() {
        offset += line.len();
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let border = line.len() >= 3 && line[0] == b' ' && line[1..].iter().all(|&b| b == b'-');
        if i > 0 && border {
            break;
        }
    }
    output.split_at(offset)
}

/// Difference 2 (asserted on its own below): Debian's calvin draws how many lines standard input
/// had into its art, so the reference for its drawing is Debian's for a message in arguments.
fn calvin_reference(think: bool, case: &Case, theirs: &[u8]) -> Vec<u8> {
    let options = case.options.iter().filter(|o| *o != "-n").cloned();
    let from_args = run_debian(
        think,
        &Case {
            options: options.collect(),
            input: words("x"),
        },
    );
    let (balloon, _) = split_balloon(theirs);
    let (_, drawing) = split_balloon(&from_args.stdout);
    [balloon, drawing].concat()
}

/// Runs every case of a cow, and fails with the first difference and how many cases differ.
fn check_cow(cow: &str) {
    require_debian();
    let mut failures = Vec::new();
    let cases = cases(cow);
    for (think, case) in &cases {
        let mut theirs = run_debian(*think, case);
        if cow == "calvin" && matches!(case.input, Input::Stdin(_)) {
            theirs.stdout = calvin_reference(*think, case, &theirs.stdout);
        }
        let (ours, code) = run_ours(*think, case);
        assert!(
            theirs.status.success(),
            "Debian failed on {case:?}: {}",
            show(&theirs.stderr)
        );
        assert_eq!(code, 0, "ours failed on {case:?}");
        if let Some(diff) = first_difference(&ours, &theirs.stdout) {
            let name = if *think { "cowthink" } else { "cowsay" };
            failures.push(format!(
                "{name} {:?} (stdin {:?}): {diff}",
                case.args(),
                show(case.stdin())
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ for {cow}; the first:\n{}",
        failures.len(),
        cases.len(),
        failures[0]
    );
}

macro_rules! every_cow {
    ($($test:ident => $cow:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_cow($cow);
            }
        )*

        /// The cows tested above are exactly Debian's.
        #[test]
        fn every_debian_cow_has_its_test() {
            require_debian();
            let mut installed: Vec<String> = std::fs::read_dir(COWS)
                .unwrap()
                .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".cow").map(String::from))
                .collect();
            installed.sort();
            let tested: Vec<&str> = vec![$($cow),*];
            assert_eq!(installed, tested);
        }
    };
}

every_cow! {
    cow_apt => "apt",
    cow_bud_frogs => "bud-frogs",
    cow_bunny => "bunny",
    cow_calvin => "calvin",
    cow_cheese => "cheese",
    cow_cock => "cock",
    cow_cower => "cower",
    cow_daemon => "daemon",
    cow_default => "default",
    cow_dragon => "dragon",
    cow_dragon_and_cow => "dragon-and-cow",
    cow_duck => "duck",
    cow_elephant => "elephant",
    cow_elephant_in_snake => "elephant-in-snake",
    cow_eyes => "eyes",
    cow_flaming_sheep => "flaming-sheep",
    cow_fox => "fox",
    cow_ghostbusters => "ghostbusters",
    cow_gnu => "gnu",
    cow_hellokitty => "hellokitty",
    cow_kangaroo => "kangaroo",
    cow_kiss => "kiss",
    cow_koala => "koala",
    cow_kosh => "kosh",
    cow_luke_koala => "luke-koala",
    cow_mech_and_cow => "mech-and-cow",
    cow_milk => "milk",
    cow_moofasa => "moofasa",
    cow_moose => "moose",
    cow_pony => "pony",
    cow_pony_smaller => "pony-smaller",
    cow_ren => "ren",
    cow_sheep => "sheep",
    cow_skeleton => "skeleton",
    cow_snowman => "snowman",
    cow_stegosaurus => "stegosaurus",
    cow_stimpy => "stimpy",
    cow_suse => "suse",
    cow_three_eyes => "three-eyes",
    cow_turkey => "turkey",
    cow_turtle => "turtle",
    cow_tux => "tux",
    cow_unipony => "unipony",
    cow_unipony_smaller => "unipony-smaller",
    cow_vader => "vader",
    cow_vader_koala => "vader-koala",
    cow_www => "www",
}

/// Other options, compared once (on the default cow).
#[test]
fn other_options_match() {
    require_debian();
    let cases = [
        (vec![], words("Coucou !")),
        (vec![], stdin("a\tb\tc\n12345678\tx\n\ty\n")),
        (vec!["-bdgpstwy"], words("all faces: the last in Debian's order wins")),
        (vec!["-L", "-N", "-W", "2"], words("abc de")),
        (vec!["-W3"], words("ab cd efgh i")),
        (vec!["-f", "stegosaurus.cow"], words("by file name")),
        (vec!["-f", "/usr/share/cowsay/cows/tux.cow"], words("by path")),
        (vec!["--"], words("-x - --")),
        (vec![], words("Yo -f stegosaurus")),
        (vec!["-e", "", "-T", "VVV"], words("short eyes, long tongue")),
        (vec![], stdin("\n\nfoo\n\n\n")),
        (vec!["-n"], stdin("\n\nfoo\n\n\n")),
        (vec![], stdin("a\n b\n")),
        (vec![], stdin("x\n \n")),
        (vec![], arg(" ")),
        (vec![], arg("line one\nline two")),
        (vec![], stdin("hello\r\nworld\r\n")),
        (vec![], stdin("e\u{301}té, naïve café, ÀÉÎÕÜ ß")),
        (vec!["-W", "12"], stdin("e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}")),
        (vec![], stdin("non\u{a0}breaking\u{3000}ideographic\u{2003}em spaces")),
        (vec!["-W", "1000"], words(&"word ".repeat(300))),
    ];
    for (options, input) in cases {
        let case = Case {
            options: options.iter().map(|s| s.to_string()).collect(),
            input,
        };
        let theirs = run_debian(false, &case);
        let (ours, _) = run_ours(false, &case);
        if let Some(diff) = first_difference(&ours, &theirs.stdout) {
            panic!("{case:?}: {diff}");
        }
    }
}

#[test]
fn list_matches() {
    require_debian();
    let case = Case {
        options: vec!["-l".into()],
        input: stdin(""),
    };
    let theirs = run_debian(false, &case);
    let (ours, code) = run_ours(false, &case);
    assert_eq!(code, 0);
    assert_eq!(first_difference(&ours, &theirs.stdout), None);
}

#[test]
fn cowpath_is_honoured_like_debian() {
    require_debian();
    let dir = temp_dir("cowpath");
    std::fs::write(
        dir.join("tiny.cow"),
        "$the_cow = <<EOC;\n $thoughts ($eyes)\n  $tongue\nEOC\n",
    )
    .unwrap();
    let cowpath = format!("{}:{COWS}", dir.display());
    let env = [("LC_ALL", "C.UTF-8"), ("COWPATH", cowpath.as_str())];
    for args in [
        &["-f", "tiny", "-d", "hi"][..],
        &["-f", "tux", "hi"],
        &["-l"],
    ] {
        let theirs = spawn(DEBIAN, None, &to_strings(args), b"", &env);
        let ours = ours_process(None, args, b"", &env);
        assert_eq!(
            first_difference(&ours.stdout, &theirs.stdout),
            None,
            "{args:?}"
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

fn to_strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cowsay-diff-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn balloon_text(output: &[u8]) -> Vec<String> {
    show(output)
        .lines()
        .take_while(|l| !l.starts_with(' ') || l.starts_with(" _"))
        .map(String::from)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Deliberate differences, one test each (docs/cowsay.md lists them in the same order).

/// 1. `-W 1` (or 0): Debian prints the text `3` (a Text::Wrap accident); we wrap at one column,
///    which is what Debian itself does at `-W 2`.
#[test]
fn difference_1_narrow_width_wraps_instead_of_printing_3() {
    require_debian();
    for width in ["1", "0"] {
        let case = Case {
            options: vec!["-W".into(), width.into()],
            input: words("abc de"),
        };
        let theirs = run_debian(false, &case);
        assert!(
            show(&theirs.stdout).starts_with(" ___\n< 3 >\n"),
            "Debian: {}",
            show(&theirs.stdout)
        );
        let at_two = run_debian(
            false,
            &Case {
                options: vec!["-W".into(), "2".into()],
                input: words("abc de"),
            },
        );
        assert_eq!(
            first_difference(&run_ours(false, &case).0, &at_two.stdout),
            None
        );
    }
}

/// 2. `calvin`: Debian's art prints how many lines standard input had (Perl's `$.`); ours is
///    always the drawing Debian shows for a message given as arguments.
#[test]
fn difference_2_calvin_does_not_count_input_lines() {
    require_debian();
    let piped = Case {
        options: vec!["-f".into(), "calvin".into()],
        input: stdin("a\nb\nc\n"),
    };
    let args = Case {
        options: piped.options.clone(),
        input: words("a b c"),
    };
    let theirs_piped = run_debian(false, &piped).stdout;
    let theirs_args = run_debian(false, &args).stdout;
    // Debian's two drawings differ in one line, by the count.
    let piped_lines: Vec<String> = show(&theirs_piped).lines().map(String::from).collect();
    let args_lines: Vec<String> = show(&theirs_args).lines().map(String::from).collect();
    assert_eq!(piped_lines.len(), args_lines.len());
    let differing: Vec<(&String, &String)> = piped_lines
        .iter()
        .zip(&args_lines)
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(differing.len(), 1, "{differing:?}");
    assert_eq!(&differing[0].0.replacen('3', "", 1), differing[0].1);
    // Ours, from standard input, is Debian's from arguments.
    let (ours, _) = run_ours(false, &piped);
    assert_eq!(first_difference(&ours, &theirs_args), None);
}

/// 3. Cow files are interpreted, never run: `three-eyes`' code (`chop`, `x`, `.=`) is understood
///    (its drawings are compared above, face by face), and any other code is refused.
#[test]
fn difference_3_cow_files_are_not_executed() {
    require_debian();
    let dir = temp_dir("code");
    let cow = dir.join("loud.cow");
    std::fs::write(&cow, "print \"side effect\\n\";\n$the_cow = \"moo\\n\";\n").unwrap();
    let path = cow.to_str().unwrap();
    let theirs = spawn(DEBIAN, None, &to_strings(&["-f", path, "hi"]), b"", UTF8);
    assert!(
        show(&theirs.stdout).starts_with("side effect\n"),
        "Debian runs the code"
    );
    let ours = ours_process(None, &["-f", path, "hi"], b"", UTF8);
    assert_eq!(ours.status.code(), Some(1));
    assert!(ours.stdout.is_empty());
    assert!(
        show(&ours.stderr).contains("line 1: `print` is not supported"),
        "{}",
        show(&ours.stderr)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// 4. Every error exits with 1 and says what is wrong (Debian: a leftover errno, 2 or 255, or
///    it goes on regardless).
#[test]
fn difference_4_errors_exit_1_with_a_clear_message() {
    require_debian();
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["-f", "stegosorus", "hi"],
            "",
            "Could not find stegosorus cowfile! Did you mean: stegosaurus?",
        ),
        (&["-n", "hi"], "", "-n keeps the lines of standard input"),
        (
            &["-W", "3.7", "hi"],
            "",
            "the wrap column is a whole number",
        ),
        (
            &["-W", "abc", "hi"],
            "",
            "the wrap column is a whole number",
        ),
        (&["-z", "hi"], "", "unexpected argument '-z'"),
    ];
    for (args, input, message) in cases {
        let theirs = spawn(DEBIAN, None, &to_strings(args), input.as_bytes(), UTF8);
        let ours = ours_process(None, args, input.as_bytes(), UTF8);
        assert_eq!(
            ours.status.code(),
            Some(1),
            "{args:?}: {}",
            show(&ours.stderr)
        );
        assert!(ours.stdout.is_empty(), "{args:?}");
        assert!(
            show(&ours.stderr).contains(message),
            "{args:?}: {}",
            show(&ours.stderr)
        );
        // Debian: another code, or success with a drawing (-W abc says "3", -z is ignored).
        assert_ne!(theirs.status.code(), Some(1), "{args:?}");
    }
    // An unreadable or missing cow path: Debian draws the balloon alone and succeeds.
    let args = ["-f", "/nonexistent/moo.cow", "hi"];
    let theirs = spawn(DEBIAN, None, &to_strings(&args), b"", UTF8);
    assert!(theirs.status.success() && show(&theirs.stdout).starts_with(" ____\n< hi >\n"));
    let ours = ours_process(None, &args, b"", UTF8);
    assert_eq!(ours.status.code(), Some(1));
    assert!(show(&ours.stderr).contains("cannot read the cow file /nonexistent/moo.cow"));
    // Usage errors: Debian's status is errno's leftover, never 1.
    let theirs = spawn(DEBIAN, None, &to_strings(&["-n", "hi"]), b"", &[]);
    assert_eq!(theirs.status.code(), Some(255));
}

/// 5. Widths come from Unicode in every locale: under `LC_ALL=C` Debian's balloon for the course's
///    accented message breaks; ours is the one Debian draws under a UTF-8 locale.
#[test]
fn difference_5_aligned_balloon_in_the_c_locale() {
    require_debian();
    let args: Vec<&str> = "-f elephant-in-snake Un éléphant dans un boa."
        .split(' ')
        .collect();
    let c = [("LC_ALL", "C")];
    let theirs_c = spawn(DEBIAN, None, &to_strings(&args), b"", &c);
    assert!(show(&theirs_c.stdout).starts_with(" __\n< Un éléphant dans un boa.  >\n --\n"));
    let theirs_utf8 = spawn(DEBIAN, None, &to_strings(&args), b"", UTF8);
    for env in [&c[..], UTF8, &[]] {
        let ours = ours_process(None, &args, b"", env);
        assert_eq!(
            first_difference(&ours.stdout, &theirs_utf8.stdout),
            None,
            "{env:?}"
        );
    }
}

/// 6. Wide characters wrap by columns (Debian counts characters, so 45 × 日 makes a line of 78
///    columns at -W 40), and emoji sequences are measured as one picture.
#[test]
fn difference_6_wide_characters_wrap_by_columns() {
    require_debian();
    let case = Case {
        options: vec![],
        input: arg(&"日".repeat(45)),
    };
    let theirs = balloon_text(&run_debian(false, &case).stdout);
    assert_eq!(theirs[1], format!("/ {} \\", "日".repeat(39)));
    let ours = balloon_text(&run_ours(false, &case).0);
    assert_eq!(ours[1], format!("/ {} \\", "日".repeat(19)));
    // The top border and three lines of 19, 19 and 7 characters.
    assert_eq!(ours.len(), 4, "{ours:?}");
    // A family emoji is two columns wide for us; Debian adds up its parts (6).
    let family = "👨\u{200d}👩\u{200d}👧";
    let case = Case {
        options: vec![],
        input: words(&format!("{family} hi")),
    };
    assert_eq!(
        balloon_text(&run_debian(false, &case).stdout)[0],
        format!(" {}", "_".repeat(11))
    );
    assert_eq!(
        balloon_text(&run_ours(false, &case).0)[0],
        format!(" {}", "_".repeat(7))
    );
}

/// 7. ANSI colour sequences take no room, for padding too (Debian ignores them for the width
///    but pads coloured lines as if they took room, so their right border moves left).
#[test]
fn difference_7_coloured_lines_are_padded_by_what_shows() {
    require_debian();
    let case = Case {
        options: vec!["-n".into()],
        input: stdin("\x1b[31mred\x1b[0m\nplain text here\n"),
    };
    let theirs = balloon_text(&run_debian(false, &case).stdout);
    assert_eq!(
        theirs[1],
        format!("/ \x1b[31mred\x1b[0m{} \\", " ".repeat(7))
    );
    let ours = balloon_text(&run_ours(false, &case).0);
    assert_eq!(
        ours[1],
        format!("/ \x1b[31mred\x1b[0m{} \\", " ".repeat(12))
    );
    assert_eq!(ours[2], theirs[2]);
}

/// 8. Control characters take no column (Debian counts −1 for each, so with -n a line ending in
///    `\r` gets one space too many).
#[test]
fn difference_8_control_characters_take_no_column() {
    require_debian();
    let case = Case {
        options: vec!["-n".into()],
        input: stdin("hello\r\nworld\n"),
    };
    assert_eq!(
        balloon_text(&run_debian(false, &case).stdout)[1],
        "/ hello\r  \\"
    );
    assert_eq!(balloon_text(&run_ours(false, &case).0)[1], "/ hello\r \\");
}

/// 9. Invalid UTF-8 is drawn with U+FFFD (Debian dies on it in standard input), and a message
///    starting with a combining mark is drawn (Debian dies: "This shouldn't happen").
#[test]
fn difference_9_odd_input_is_drawn_not_fatal() {
    require_debian();
    let case = Case {
        options: vec![],
        input: Input::Stdin(b"caf\xe9 au lait\n".to_vec()),
    };
    let theirs = run_debian(false, &case);
    assert!(!theirs.status.success() && theirs.stdout.is_empty());
    let (ours, code) = run_ours(false, &case);
    assert_eq!(code, 0);
    assert!(
        show(&ours).starts_with(" ______________\n< caf\u{fffd} au lait >\n"),
        "{}",
        show(&ours)
    );
    let case = Case {
        options: vec![],
        input: arg("\u{301}abc"),
    };
    assert!(!run_debian(false, &case).status.success());
    let (ours, code) = run_ours(false, &case);
    assert_eq!(code, 0);
    assert!(
        show(&ours).starts_with(" _____\n< \u{301}abc >\n"),
        "{}",
        show(&ours)
    );
}

/// 10. A cow path without `./` is read from the current directory (Perl no longer searches `.`,
///     so Debian draws no cow).
#[test]
fn difference_10_relative_cow_paths_work() {
    require_debian();
    let args = to_strings(&["-f", "cows/tux.cow", "hi"]);
    let run_in = |program: &str| {
        let out = Command::new(program)
            .args(&args)
            .current_dir("/usr/share/cowsay")
            .env_clear()
            .env("LC_ALL", "C.UTF-8")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        show(&out.stdout)
    };
    assert_eq!(run_in(DEBIAN), " ____\n< hi >\n ----\n");
    let with_path = Case {
        options: to_strings(&["-f", "/usr/share/cowsay/cows/tux.cow"]),
        input: words("hi"),
    };
    assert_eq!(run_in(OURS), show(&run_debian(false, &with_path).stdout));
}

/// 11. `--help`, `-h` and `--version` are clap's, on standard output with status 0 (Debian prints
///     usage on standard error, then, for the long ones, a cow anyway).
#[test]
fn difference_11_help_and_version_are_clap_s() {
    require_debian();
    let theirs = spawn(DEBIAN, None, &to_strings(&["--help"]), b"", UTF8);
    assert!(
        show(&theirs.stdout).contains("<  >"),
        "Debian draws a cow after its help"
    );
    for flag in ["--help", "-h"] {
        let ours = ours_process(None, &[flag], b"", UTF8);
        assert_eq!(ours.status.code(), Some(0));
        assert!(
            show(&ours.stdout).contains("Usage: cowsay"),
            "{}",
            show(&ours.stdout)
        );
        assert!(!show(&ours.stdout).contains("<  >"));
    }
    let ours = ours_process(None, &["--version"], b"", UTF8);
    assert_eq!(
        show(&ours.stdout),
        format!("cowsay {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// 12. A first argument `0` or `""` is the message (Perl took it for "no message" and read
///     standard input).
#[test]
fn difference_12_zero_is_a_message() {
    require_debian();
    let case = Case {
        options: vec![],
        input: words("0 1"),
    };
    let theirs = spawn(DEBIAN, None, &case.args(), b"from stdin\n", UTF8);
    assert!(show(&theirs.stdout).contains("< from stdin >"));
    let ours = ours_process(None, &["0", "1"], b"from stdin\n", UTF8);
    assert!(show(&ours.stdout).starts_with(" _____\n< 0 1 >\n"));
}

/// 13. Thinking depends on the program's file name only (Debian looks at the whole path, so
///     `/tmp/Thinker/cowsay` thinks).
#[test]
fn difference_13_think_by_file_name_only() {
    require_debian();
    let dir = temp_dir("Thinker");
    let script = dir.join("cowsay");
    std::fs::copy(DEBIAN, &script).unwrap();
    let theirs = spawn(
        script.to_str().unwrap(),
        None,
        &to_strings(&["hi"]),
        b"",
        UTF8,
    );
    assert!(
        show(&theirs.stdout).contains("( hi )"),
        "{}",
        show(&theirs.stdout)
    );
    let ours = ours_process(script.to_str(), &["hi"], b"", UTF8);
    assert!(
        show(&ours.stdout).contains("< hi >"),
        "{}",
        show(&ours.stdout)
    );
    let ours = ours_process(Some("cowthink"), &["hi"], b"", UTF8);
    assert!(show(&ours.stdout).contains("( hi )"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// The built-in cows, when the binary has them, are Debian's files unchanged.
#[test]
fn builtin_cows_are_debian_s() {
    require_debian();
    for name in cowsay::cowpath::builtin_names() {
        let on_disk = std::fs::read(Path::new(COWS).join(format!("{name}.cow"))).unwrap();
        assert_eq!(cowsay::cowpath::builtin(name), Some(&on_disk[..]), "{name}");
    }
}
