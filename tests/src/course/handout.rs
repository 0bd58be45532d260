//! Reading a handout: what a student runs, what they should see, the files they write.
//!
//! A handout is Markdown. What the test does with each part:
//!
//! - a ```` ```sh ```` block is typed as it stands, and must succeed; its info string may add
//!   `skip` (an editor, a browser, a server in the foreground: shown, never run), `fails` (the
//!   command must fail: the lesson is its error), `retry=SECONDS` (run again until the expected
//!   output shows, as a student types `docker ps` again) and `timeout=SECONDS`;
//! - a ```` ```text ```` block right after a command block is what it prints: each of its lines
//!   must show, in order (in any order with `any-order`), spaces counted loosely and `…` standing
//!   for anything;
//! - a ```` ```dockerfile file=PATH ```` block (a step's solution) is written to `PATH` in the
//!   student's copy; with `rung=NAME` its instructions must be those of `Dockerfiles/NAME`;
//! - `<!-- course: check … -->` holds commands the student does not see that must succeed (an
//!   order of sizes, say);
//! - anything else is prose.

use std::path::Path;

/// One thing the test does, in the order of the handout.
#[derive(Debug, Clone)]
pub enum Item {
    Command(Command),
    /// What the command before prints.
    Expect(Expect),
    File(File),
    /// Hidden commands that must succeed.
    Check(String),
}

#[derive(Debug, Clone)]
pub struct Command {
    /// Line of the opening fence, for messages.
    pub line: usize,
    pub text: String,
    pub skip: bool,
    pub fails: bool,
    pub retry: Option<u64>,
    pub timeout: Option<u64>,
}

/// What a command prints: lines that must show, in order unless `any_order`.
#[derive(Debug, Clone)]
pub struct Expect {
    pub text: String,
    /// Lines that may come in any order (`docker diff` sorts nothing).
    pub any_order: bool,
}

impl Expect {
    /// Whether `output` shows what this block promises.
    pub fn shown_in(&self, output: &str) -> bool {
        if self.any_order {
            self.text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .all(|want| output.lines().any(|got| line_matches(want, got)))
        } else {
            shows(&self.text, output)
        }
    }
}

#[derive(Debug, Clone)]
pub struct File {
    pub line: usize,
    pub path: String,
    pub rung: Option<String>,
    pub content: String,
}

/// A handout read from disk.
#[derive(Debug)]
pub struct Handout {
    pub name: String,
    pub items: Vec<Item>,
}

impl Handout {
    /// Reads `docs/course/<lang>/<file>`; panics with the line of anything malformed.
    pub fn read(path: &Path) -> Handout {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let name = path.display().to_string();
        let items = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        Handout { name, items }
    }

    /// What must be the same in every language: commands, outputs, checks, and each file's
    /// instructions (comments are the language's own).
    pub fn skeleton(&self) -> Vec<String> {
        self.items.iter().map(Item::skeleton).collect()
    }

    pub fn commands(&self) -> impl Iterator<Item = &Command> {
        self.items.iter().filter_map(|item| match item {
            Item::Command(command) => Some(command),
            _ => None,
        })
    }
}

impl Item {
    fn skeleton(&self) -> String {
        match self {
            Item::Command(c) => format!(
                "command skip={} fails={} retry={:?} timeout={:?}\n{}",
                c.skip,
                c.fails,
                c.retry,
                c.timeout,
                shell_without_comments(&c.text)
            ),
            Item::Expect(e) => format!("output any_order={}\n{}", e.any_order, e.text),
            Item::File(f) => format!(
                "file {} rung={:?}\n{}",
                f.path,
                f.rung,
                instructions(&f.content).join("\n")
            ),
            Item::Check(text) => format!("check\n{}", shell_without_comments(text)),
        }
    }
}

/// A Dockerfile's instructions, one per line, without comments or blank lines.
pub fn instructions(dockerfile: &str) -> Vec<String> {
    dockerfile
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Shell text without its comments: whole-line ones and those after two spaces.
fn shell_without_comments(text: &str) -> String {
    text.lines()
        .map(|line| line.split_once("  #").map_or(line, |(code, _)| code).trim())
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse(text: &str) -> Result<Vec<Item>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut items = Vec::new();
    // Whether the last thing read, blank lines aside, was a command block.
    let mut after_command = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("<!-- course: check") {
            let mut body = vec![rest.to_owned()];
            while !body.last().is_some_and(|l| l.contains("-->")) {
                i += 1;
                let next = lines
                    .get(i)
                    .ok_or("a `<!-- course: check` never ends with `-->`")?;
                body.push((*next).to_owned());
            }
            let body = body.join("\n");
            let body = body.trim_end().trim_end_matches("-->").trim();
            items.push(Item::Check(body.to_owned()));
            after_command = false;
        } else if let Some(info) = trimmed.strip_prefix("```") {
            let indent = line.len() - trimmed.len();
            let start = i + 1;
            let mut body = Vec::new();
            loop {
                i += 1;
                let next = lines
                    .get(i)
                    .ok_or_else(|| format!("line {start}: a code block never ends"))?;
                if next.trim() == "```" {
                    break;
                }
                let cut = next.len() - next.trim_start().len();
                body.push(&next[cut.min(indent)..]);
            }
            let body = body.join("\n") + "\n";
            let item = block(start, info, body, after_command)?;
            after_command = matches!(item, Some(Item::Command(_)));
            items.extend(item);
        } else if !trimmed.is_empty() {
            after_command = false;
        }
        i += 1;
    }
    Ok(items)
}

fn block(
    line: usize,
    info: &str,
    body: String,
    after_command: bool,
) -> Result<Option<Item>, String> {
    let mut words = info.split_whitespace();
    let lang = words.next().unwrap_or_default();
    let attrs: Vec<&str> = words.collect();
    let seconds = |value: &str| {
        value
            .parse::<u64>()
            .map_err(|_| format!("line {line}: `{value}` is not a number of seconds"))
    };
    match lang {
        "sh" | "bash" => {
            let mut command = Command {
                line,
                text: body,
                skip: false,
                fails: false,
                retry: None,
                timeout: None,
            };
            for attr in attrs {
                match attr.split_once('=') {
                    None if attr == "skip" => command.skip = true,
                    None if attr == "fails" => command.fails = true,
                    Some(("retry", value)) => command.retry = Some(seconds(value)?),
                    Some(("timeout", value)) => command.timeout = Some(seconds(value)?),
                    _ => return Err(format!("line {line}: unknown `{attr}` on a command block")),
                }
            }
            Ok(Some(Item::Command(command)))
        }
        "text" if after_command => {
            let any_order = match attrs.as_slice() {
                [] => false,
                ["any-order"] => true,
                _ => {
                    return Err(format!(
                        "line {line}: unknown `{}` on an output",
                        attrs.join(" ")
                    ))
                }
            };
            Ok(Some(Item::Expect(Expect {
                text: body,
                any_order,
            })))
        }
        "dockerfile" if !attrs.is_empty() => {
            let mut path = None;
            let mut rung = None;
            for attr in attrs {
                match attr.split_once('=') {
                    Some(("file", value)) => path = Some(value.to_owned()),
                    Some(("rung", value)) => rung = Some(value.to_owned()),
                    _ => return Err(format!("line {line}: unknown `{attr}` on a Dockerfile")),
                }
            }
            let path = path.ok_or_else(|| format!("line {line}: `rung=` without `file=`"))?;
            Ok(Some(Item::File(File {
                line,
                path,
                rung,
                content: body,
            })))
        }
        _ => Ok(None),
    }
}

/// Whether `line` shows `pattern`: spaces counted loosely, `…` for anything.
pub fn line_matches(pattern: &str, line: &str) -> bool {
    let pattern = squeeze(pattern);
    let line = squeeze(line);
    let parts: Vec<&str> = pattern.split('…').map(str::trim).collect();
    let (first, rest) = parts.split_first().expect("split gives one part at least");
    let Some(mut remaining) = line.strip_prefix(first) else {
        return false;
    };
    if rest.is_empty() {
        return remaining.is_empty();
    }
    for (n, part) in rest.iter().enumerate() {
        let last = n == rest.len() - 1;
        if last {
            return remaining.ends_with(part);
        }
        match remaining.find(part) {
            Some(at) => remaining = &remaining[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Whether every line of `expected` shows in `output`, in order. A line that is only `…` says
/// that more may come there, none or many: lines between the others are skipped anyway (the
/// order of `docker image ls`, newest first, decides whether there are any).
pub fn shows(expected: &str, output: &str) -> bool {
    let mut lines = output.lines();
    expected
        .lines()
        .filter(|l| !l.trim().is_empty() && l.trim() != "…")
        .all(|want| lines.any(|got| line_matches(want, got)))
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_line_of_only_an_ellipsis_may_stand_for_no_line() {
        let expected = "REPOSITORY   TAG   SIZE\n…\nmicroblog slim …MB\n";
        let newest_first = "REPOSITORY TAG SIZE\nmicroblog slim 84.7MB\nmicroblog latest 2.24GB\n";
        let oldest_first = "REPOSITORY TAG SIZE\nmicroblog latest 2.24GB\nmicroblog slim 84.7MB\n";
        assert!(shows(expected, newest_first));
        assert!(shows(expected, oldest_first));
        assert!(!shows(
            expected,
            "REPOSITORY TAG SIZE\nmicroblog latest 2.24GB\n"
        ));
    }

    use super::*;

    #[test]
    fn blocks_become_items() {
        let text = "Intro\n\n```sh\ndocker ps  # list\n```\n\n```text\nCONTAINER ID …\n```\n\n\
                    ```sh skip\ncode .\n```\n\n```text\nnot an output: prose between\n```\n\
                    <!-- course: check\ntest 1 -lt 2\n-->\n\
                    <details>\n\n```dockerfile file=Dockerfile rung=03-slim\n# a comment\nFROM x\n```\n";
        let items = parse(text).unwrap();
        let kinds: Vec<String> = items
            .iter()
            .map(|i| i.skeleton().lines().next().unwrap().to_owned())
            .collect();
        assert_eq!(
            kinds,
            [
                "command skip=false fails=false retry=None timeout=None",
                "output any_order=false",
                "command skip=true fails=false retry=None timeout=None",
                "output any_order=false",
                "check",
                "file Dockerfile rung=Some(\"03-slim\")",
            ]
        );
        assert!(items[0].skeleton().ends_with("\ndocker ps"));
        assert!(items[5].skeleton().ends_with("\nFROM x"));
        assert!(parse("```sh sometimes\nx\n```\n").is_err());
    }

    #[test]
    fn outputs_match_loosely() {
        assert!(line_matches(
            "uid=10001(microblog) …",
            "uid=10001(microblog) gid=10001"
        ));
        assert!(line_matches(
            "microblog  slim  …  84.1MB",
            "microblog   slim   abc123   2 minutes ago   84.1MB"
        ));
        assert!(!line_matches("microblog", "microblog2"));
        assert!(line_matches(
            "… (healthy) …",
            "abc x Up 5 seconds (healthy) y"
        ));
        assert!(shows("a\nc\n", "a\nb\nc\n"));
        assert!(!shows("c\na\n", "a\nb\nc\n"));
    }
}
