//! Reading `.cow` files without Perl.
//!
//! A cow file is a tiny Perl program that sets `$the_cow`, nearly always from a here-document
//! interpolating `$thoughts`, `$eyes` and `$tongue`. This module interprets the subset of Perl
//! that cow files use, and refuses the rest with the line it stopped at:
//!
//! * `#` comments; statements ending with `;` (the last one may omit it);
//! * assignments `$var = EXPR` and `$var .= EXPR` (`my`/`our`/`local` allowed and ignored);
//! * expressions: here-documents (`<<EOC`, `<<"EOC"`, `<<'EOC'`), `"…"` and `'…'` strings,
//!   numbers, `$var`, `chop($var)`, concatenation `.`, repetition `x`, parentheses;
//! * interpolation in `"…"` and unquoted or double-quoted here-documents: `$name`, `${name}`,
//!   `\X` → `X` (and `\n`, `\t`, `\r`, `\f`, `\a`, `\e`, `\0`), arrays `@name` (always empty, as
//!   a cow file has no arrays), and Perl's punctuation variables such as `$.` (empty, like Perl's
//!   own when the message came from the arguments). As in Perl, white space may separate `$` from
//!   the name.
//!
//! Nothing is ever executed: there is no way for a cow file to reach the system.

use std::collections::HashMap;
use std::iter::Peekable;
use std::str::CharIndices;

use crate::faces::Face;

/// How deep parentheses may nest.
const MAX_DEPTH: usize = 64;

/// The largest string a cow file may build (`x` could otherwise ask for any amount of memory).
pub const MAX_STRING: usize = 1 << 20;

/// Why a cow file cannot be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CowError {
    pub line: usize,
    pub message: String,
}

/// A piece of an interpolating string.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Var(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Var(String),
    Text(Vec<Piece>),
    Number(String),
    Word(String),
    Sym(&'static str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Expr {
    Var(String),
    Text(Vec<Piece>),
    Chop(String),
    /// `a . b . c`: flat, so that a long chain is no deep tree.
    Concat(Vec<Expr>),
    /// `a x n x m`
    Repeat(Box<Expr>, Vec<Expr>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Statement {
    Assign {
        var: String,
        append: bool,
        value: Expr,
        line: usize,
    },
    Eval {
        value: Expr,
        line: usize,
    },
}

/// A parsed cow file, ready to draw with any face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CowFile {
    statements: Vec<Statement>,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Turns byte offsets into line numbers.
struct Lines<'a>(&'a str);

impl Lines<'_> {
    fn at(&self, offset: usize) -> usize {
        let end = offset.min(self.0.len());
        self.0.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> CowError {
        CowError {
            line: self.at(offset),
            message: message.into(),
        }
    }
}

/// Splits the source into tokens, each with the byte offset where it starts.
struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    /// A here-document's body, to jump over when the line that opened it ends: (newline, resume).
    skip: Option<(usize, usize)>,
    lines: Lines<'a>,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Lexer {
            src,
            pos: 0,
            skip: None,
            lines: Lines(src),
        }
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> CowError {
        self.lines.error(offset, message)
    }

    /// Skips white space and comments, and the bodies of here-documents at the end of their line.
    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some('\n') => {
                    match self.skip.take() {
                        Some((newline, resume)) if newline == self.pos => self.pos = resume,
                        other => {
                            self.skip = other;
                            self.pos += 1;
                        }
                    };
                }
                Some(c) if c.is_whitespace() => self.pos += c.len_utf8(),
                Some('#') => {
                    let len = self.rest().find('\n').unwrap_or(self.rest().len());
                    self.pos += len;
                }
                _ => return,
            }
        }
    }

    fn ident(&mut self) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(is_ident) {
            self.pos += 1;
        }
        &self.src[start..self.pos]
    }

    fn tokens(mut self) -> Result<Vec<(Token, usize)>, CowError> {
        let mut out = Vec::new();
        loop {
            self.skip_blanks();
            let start = self.pos;
            let Some(c) = self.bump() else {
                return Ok(out);
            };
            let token = match c {
                '$' => self.variable(start)?,
                '"' => Token::Text(self.quoted(start, '"')?),
                '\'' => Token::Text(vec![Piece::Literal(self.single_quoted(start)?)]),
                '<' if self.rest().starts_with('<') => {
                    self.pos += 1;
                    Token::Text(self.heredoc(start)?)
                }
                '.' if self.rest().starts_with('=') => {
                    self.pos += 1;
                    Token::Sym(".=")
                }
                '.' => Token::Sym("."),
                '=' => Token::Sym("="),
                ';' => Token::Sym(";"),
                '(' => Token::Sym("("),
                ')' => Token::Sym(")"),
                c if c.is_ascii_digit() => {
                    self.pos = start;
                    let len = self.rest().bytes().take_while(u8::is_ascii_digit).count();
                    self.pos += len;
                    Token::Number(self.src[start..self.pos].to_owned())
                }
                c if is_ident_start(c) => {
                    self.pos = start;
                    Token::Word(self.ident().to_owned())
                }
                '@' => return Err(self.error(start, "arrays (`@`) are not supported")),
                other => {
                    return Err(self.error(start, format!("unexpected `{other}`")));
                }
            };
            out.push((token, start));
        }
    }

    /// After `$` in code: `$name` or `${name}`.
    fn variable(&mut self, start: usize) -> Result<Token, CowError> {
        let braced = self.peek() == Some('{');
        if braced {
            self.pos += 1;
        }
        if !self.peek().is_some_and(is_ident_start) {
            return Err(self.error(start, "expected a variable name after `$`"));
        }
        let name = self.ident().to_owned();
        if braced && self.bump() != Some('}') {
            return Err(self.error(start, "`${` without its `}`"));
        }
        Ok(Token::Var(name))
    }

    /// The body of a `"…"` string, interpolated.
    fn quoted(&mut self, start: usize, close: char) -> Result<Vec<Piece>, CowError> {
        let body_start = self.pos;
        loop {
            match self.bump() {
                None => return Err(self.error(start, "a string that never ends")),
                Some('\\') => {
                    self.bump();
                }
                Some(c) if c == close => break,
                Some(_) => {}
            }
        }
        let body = &self.src[body_start..self.pos - close.len_utf8()];
        interpolate(body, body_start, &self.lines)
    }

    /// The body of a `'…'` string: only `\\` and `\'` are escapes.
    fn single_quoted(&mut self, start: usize) -> Result<String, CowError> {
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error(start, "a string that never ends")),
                Some('\\') if matches!(self.peek(), Some('\\' | '\'')) => {
                    out.extend(self.bump());
                }
                Some('\'') => return Ok(out),
                Some(c) => out.push(c),
            }
        }
    }

    /// After `<<`: the tag, then the body from the next line to the line that is the tag.
    fn heredoc(&mut self, start: usize) -> Result<Vec<Piece>, CowError> {
        let quote = match self.peek() {
            Some(q @ ('"' | '\'')) => {
                self.pos += 1;
                Some(q)
            }
            _ => None,
        };
        let tag = self.ident().to_owned();
        if tag.is_empty() {
            return Err(self.error(start, "a here-document needs a tag such as <<EOC"));
        }
        if let Some(q) = quote {
            if self.bump() != Some(q) {
                return Err(self.error(start, format!("the tag {q}{tag} has no closing {q}")));
            }
        }
        if self.skip.is_some() {
            return Err(self.error(start, "two here-documents on one line"));
        }
        let newline = match self.rest().find('\n') {
            Some(n) => self.pos + n,
            None => return Err(self.error(start, format!("the here-document {tag} is empty"))),
        };
        let body_start = newline + 1;
        let mut line_start = body_start;
        loop {
            if line_start >= self.src.len() {
                let message = format!("the here-document never ends: no line `{tag}`");
                return Err(self.error(start, message));
            }
            let line_end = self.src[line_start..]
                .find('\n')
                .map_or(self.src.len(), |n| line_start + n);
            if self.src[line_start..line_end] == tag {
                let body = &self.src[body_start..line_start];
                self.skip = Some((newline, (line_end + 1).min(self.src.len())));
                return match quote {
                    Some('\'') => Ok(vec![Piece::Literal(body.to_owned())]),
                    _ => interpolate(body, body_start, &self.lines),
                };
            }
            line_start = line_end + 1;
        }
    }
}

/// Takes the identifier characters (letters, digits, `_`) that come next.
fn take_ident(chars: &mut Peekable<CharIndices<'_>>) -> String {
    std::iter::from_fn(|| chars.next_if(|&(_, c)| is_ident(c)).map(|(_, c)| c)).collect()
}

/// Interpolates a double-quoted string's body (`offset` is where it starts in the file).
fn interpolate(body: &str, offset: usize, lines: &Lines<'_>) -> Result<Vec<Piece>, CowError> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let Some((_, escaped)) = chars.next() else {
                    literal.push('\\');
                    break;
                };
                literal.push(match escaped {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'f' => '\x0c',
                    'a' => '\x07',
                    'e' => '\x1b',
                    '0' => '\0',
                    'l' | 'u' | 'L' | 'U' | 'Q' | 'E' | 'c' | 'x' | 'N' | 'o' | '1'..='9' => {
                        let message = format!("the escape \\{escaped} is not supported");
                        return Err(lines.error(offset + i, message));
                    }
                    other => other,
                });
            }
            '@' if chars.peek().is_some_and(|&(_, n)| is_ident(n)) => {
                // An array: a cow file has none, so it interpolates as nothing.
                take_ident(&mut chars);
            }
            '$' => {
                while chars.peek().is_some_and(|&(_, n)| n.is_whitespace()) {
                    chars.next();
                }
                let Some(&(j, next)) = chars.peek() else {
                    let message = "a `$` ends the text: write `\\$` for a dollar sign";
                    return Err(lines.error(offset + i, message));
                };
                let name = if next == '{' {
                    chars.next();
                    let name = take_ident(&mut chars);
                    if name.is_empty() || chars.next().map(|(_, n)| n) != Some('}') {
                        return Err(lines.error(offset + j, "expected ${name}"));
                    }
                    Some(name)
                } else if is_ident(next) {
                    let name = take_ident(&mut chars);
                    if let Some(&(k, '[' | '{')) = chars.peek() {
                        let message = format!("`${name}` followed by a subscript is not supported");
                        return Err(lines.error(offset + k, message));
                    }
                    Some(name)
                } else {
                    // A punctuation variable such as `$.`: empty here.
                    chars.next();
                    if next == '^' {
                        chars.next_if(|&(_, n)| n.is_ascii_alphabetic());
                    }
                    None
                };
                if let Some(name) = name {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                    pieces.push(Piece::Var(name));
                }
            }
            other => literal.push(other),
        }
    }
    pieces.push(Piece::Literal(literal));
    pieces.retain(|p| p != &Piece::Literal(String::new()));
    Ok(pieces)
}

/// A recursive-descent parser over the tokens.
struct Parser<'a> {
    tokens: Vec<(Token, usize)>,
    next: usize,
    lines: Lines<'a>,
    end: usize,
    /// How many parentheses are open: each costs a level of recursion.
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.next).map_or(self.end, |&(_, o)| o)
    }

    fn eat(&mut self, sym: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Sym(s)) if *s == sym);
        if found {
            self.next += 1;
        }
        found
    }

    fn error(&self, message: impl Into<String>) -> CowError {
        self.lines.error(self.offset(), message)
    }

    fn expect(&mut self, sym: &str) -> Result<(), CowError> {
        if self.eat(sym) {
            Ok(())
        } else {
            Err(self.error(format!("expected `{sym}`")))
        }
    }

    fn program(&mut self) -> Result<Vec<Statement>, CowError> {
        let mut statements = Vec::new();
        while self.peek().is_some() {
            if self.eat(";") {
                continue;
            }
            statements.push(self.statement()?);
            if self.peek().is_some() {
                self.expect(";")?;
            }
        }
        Ok(statements)
    }

    fn statement(&mut self) -> Result<Statement, CowError> {
        if matches!(self.peek(), Some(Token::Word(w)) if matches!(w.as_str(), "my" | "our" | "local"))
        {
            self.next += 1;
        }
        let line = self.lines.at(self.offset());
        let value = self.expr()?;
        let append = match self.peek() {
            Some(Token::Sym("=")) => false,
            Some(Token::Sym(".=")) => true,
            _ => return Ok(Statement::Eval { value, line }),
        };
        let Expr::Var(var) = value else {
            return Err(self.error("only a `$variable` can be assigned to"));
        };
        self.next += 1;
        let value = self.expr()?;
        Ok(Statement::Assign {
            var,
            append,
            value,
            line,
        })
    }

    /// `term ('.' term)*`
    fn expr(&mut self) -> Result<Expr, CowError> {
        let mut terms = vec![self.term()?];
        while self.eat(".") {
            terms.push(self.term()?);
        }
        Ok(match terms.len() {
            1 => terms.pop().expect("one term"),
            _ => Expr::Concat(terms),
        })
    }

    /// `primary ('x' primary)*`: repetition binds tighter than concatenation.
    fn term(&mut self) -> Result<Expr, CowError> {
        let first = self.primary()?;
        let mut counts = Vec::new();
        while matches!(self.peek(), Some(Token::Word(w)) if w == "x") {
            self.next += 1;
            counts.push(self.primary()?);
        }
        Ok(match counts.is_empty() {
            true => first,
            false => Expr::Repeat(Box::new(first), counts),
        })
    }

    fn primary(&mut self) -> Result<Expr, CowError> {
        let Some((token, _)) = self.tokens.get(self.next).cloned() else {
            return Err(self.error("the file ends in the middle of a statement"));
        };
        self.next += 1;
        match token {
            Token::Var(name) => Ok(Expr::Var(name)),
            Token::Text(pieces) => Ok(Expr::Text(pieces)),
            Token::Number(n) => Ok(Expr::Text(vec![Piece::Literal(n)])),
            Token::Sym("(") => {
                if self.depth == MAX_DEPTH {
                    return Err(self.error(format!("more than {MAX_DEPTH} nested parentheses")));
                }
                self.depth += 1;
                let inner = self.expr()?;
                self.depth -= 1;
                self.expect(")")?;
                Ok(inner)
            }
            Token::Word(w) if w == "chop" => {
                let parens = self.eat("(");
                let Some(Token::Var(name)) = self.peek().cloned() else {
                    return Err(self.error("chop takes a `$variable`"));
                };
                self.next += 1;
                if parens {
                    self.expect(")")?;
                }
                Ok(Expr::Chop(name))
            }
            Token::Word(w) => {
                self.next -= 1;
                Err(self.error(format!("`{w}` is not supported in a cow file")))
            }
            Token::Sym(s) => {
                self.next -= 1;
                Err(self.error(format!("unexpected `{s}`")))
            }
        }
    }
}

/// Perl's idea of a string's number, as `x` needs it: leading digits, else 0.
fn count(s: &str) -> usize {
    let s = s.trim_start();
    let digits = s.strip_prefix('+').unwrap_or(s);
    let len = digits.bytes().take_while(u8::is_ascii_digit).count();
    digits[..len]
        .parse()
        .unwrap_or(if len > 0 { usize::MAX } else { 0 })
}

struct Machine {
    vars: HashMap<String, String>,
}

impl Machine {
    fn get(&self, name: &str) -> &str {
        self.vars.get(name).map_or("", String::as_str)
    }

    fn eval(&mut self, expr: &Expr, line: usize) -> Result<String, CowError> {
        let too_big = || CowError {
            line,
            message: format!("a string of more than {MAX_STRING} bytes"),
        };
        Ok(match expr {
            Expr::Var(name) => self.get(name).to_owned(),
            Expr::Text(pieces) => pieces
                .iter()
                .map(|p| match p {
                    Piece::Literal(s) => s.as_str(),
                    Piece::Var(name) => self.get(name),
                })
                .collect(),
            Expr::Chop(name) => match self.vars.get_mut(name) {
                Some(value) => value.pop().map(String::from).unwrap_or_default(),
                None => String::new(),
            },
            Expr::Concat(terms) => {
                let mut s = String::new();
                for term in terms {
                    s.push_str(&self.eval(term, line)?);
                    if s.len() > MAX_STRING {
                        return Err(too_big());
                    }
                }
                s
            }
            Expr::Repeat(first, counts) => {
                let mut s = self.eval(first, line)?;
                for n in counts {
                    let n = count(&self.eval(n, line)?);
                    if !s.is_empty() && n > MAX_STRING / s.len() {
                        return Err(too_big());
                    }
                    s = s.repeat(n);
                }
                s
            }
        })
    }
}

impl CowFile {
    /// Parses a cow file's text.
    pub fn parse(source: &str) -> Result<CowFile, CowError> {
        let tokens = Lexer::new(source).tokens()?;
        let mut parser = Parser {
            tokens,
            next: 0,
            lines: Lines(source),
            end: source.len(),
            depth: 0,
        };
        Ok(CowFile {
            statements: parser.program()?,
        })
    }

    /// Runs the cow file with this face and `$thoughts`, and returns `$the_cow`.
    pub fn render(&self, face: &Face, thoughts: &str) -> Result<String, CowError> {
        let vars = [
            ("eyes", face.eyes.as_str()),
            ("tongue", face.tongue.as_str()),
            ("thoughts", thoughts),
        ];
        let mut machine = Machine {
            vars: vars
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        };
        for statement in &self.statements {
            match statement {
                Statement::Assign {
                    var,
                    append,
                    value,
                    line,
                } => {
                    let value = machine.eval(value, *line)?;
                    let slot = machine.vars.entry(var.clone()).or_default();
                    if *append {
                        if slot.len() + value.len() > MAX_STRING {
                            return Err(CowError {
                                line: *line,
                                message: format!("a string of more than {MAX_STRING} bytes"),
                            });
                        }
                        slot.push_str(&value);
                    } else {
                        *slot = value;
                    }
                }
                Statement::Eval { value, line } => {
                    machine.eval(value, *line)?;
                }
            }
        }
        Ok(machine.get("the_cow").to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(source: &str) -> Result<String, CowError> {
        CowFile::parse(source)?.render(&Face::default(), "\\")
    }

    fn face(eyes: &str) -> Face {
        Face {
            eyes: eyes.into(),
            tongue: "U ".into(),
        }
    }

    #[test]
    fn heredoc_with_the_three_variables() {
        let cow = "## a comment\n$the_cow = <<EOC;\n $thoughts ($eyes)\n  $tongue|\nEOC\n";
        assert_eq!(render(cow).unwrap(), " \\ (oo)\n    |\n");
    }

    #[test]
    fn every_heredoc_opener() {
        for opener in ["<<EOC;", "<<\"EOC\";", "<<EOC"] {
            let cow = format!("$the_cow = {opener}\n$thoughts x\nEOC\n");
            assert_eq!(render(&cow).unwrap(), "\\ x\n", "{opener}");
        }
        let cow = "$the_cow = <<EOF\n${thoughts}y\nEOF\n";
        assert_eq!(render(cow).unwrap(), "\\y\n");
        let cow = "$the_cow = <<'EOC';\n$eyes\\\\\nEOC\n";
        assert_eq!(render(cow).unwrap(), "$eyes\\\\\n");
    }

    #[test]
    fn escapes_drop_the_backslash() {
        let cow = "$the_cow = <<EOC;\n\\\\ \\$ \\@ \\_ \\/ \\.\nEOC\n";
        assert_eq!(render(cow).unwrap(), "\\ $ @ _ / .\n");
    }

    #[test]
    fn arrays_and_punctuation_variables_are_empty() {
        // Perl reads `$` + newline + spaces + `.` as the variable `$.`.
        let cow = "$the_cow = <<EOC;\n  @9@mm$\n  .M\n@ a\nEOC\n";
        assert_eq!(render(cow).unwrap(), "  M\n@ a\n");
    }

    #[test]
    fn white_space_may_follow_the_dollar() {
        let cow = "$the_cow = <<EOC;\n[$ eyes]\nEOC\n";
        assert_eq!(render(cow).unwrap(), "[oo]\n");
    }

    #[test]
    fn trailing_spaces_in_the_art_are_kept() {
        let cow = "$the_cow = <<EOC;\n  x   \nEOC\n";
        assert_eq!(render(cow).unwrap(), "  x   \n");
    }

    #[test]
    fn code_before_the_heredoc_with_chop_repeat_and_append() {
        let cow =
            "$extra = chop($eyes);\n$eyes .= ($extra x 2);\n$the_cow = <<EOC;\n($eyes)\nEOC\n";
        let file = CowFile::parse(cow).unwrap();
        assert_eq!(file.render(&Face::default(), "\\").unwrap(), "(ooo)\n");
        assert_eq!(file.render(&face("^x"), "\\").unwrap(), "(^xx)\n");
        assert_eq!(file.render(&face("Q"), "\\").unwrap(), "(QQ)\n");
        assert_eq!(file.render(&face(""), "\\").unwrap(), "()\n");
    }

    #[test]
    fn strings_numbers_and_concatenation() {
        let cow = "my $a = 'x\\'y' . \"-$eyes\" x 2; $the_cow = $a . 3;";
        assert_eq!(render(cow).unwrap(), "x'y-oo-oo3");
    }

    #[test]
    fn no_the_cow_draws_nothing() {
        assert_eq!(render("# nothing\n").unwrap(), "");
    }

    #[test]
    fn code_outside_the_subset_is_refused_with_its_line() {
        let err = render("# hello\nsystem(\"touch /tmp/pwned\");\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("`system` is not supported"), "{err}");
        assert!(render("print \"moo\";").is_err());
        assert!(render("@a = (1);").is_err());
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        let broken = [
            "$the_cow = <<EOC;\nno end\n",
            "$the_cow = <<EOC;",
            "$the_cow = \"open",
            "$the_cow = ",
            "$the_cow = <<;\n\n",
            "$ = 1;",
            "$the_cow = \"$\";",
            "$the_cow = \"\\x41\";",
            "$the_cow = \"$eyes[0]\";",
            "$the_cow = <<A . <<B;\nA\nB\n",
            "$x = chop(1);",
            "$x = (1;",
        ];
        for source in broken {
            assert!(render(source).is_err(), "{source:?} should be refused");
        }
    }

    #[test]
    fn long_chains_and_deep_nesting_do_not_overflow_the_stack() {
        let chain = format!("$the_cow = 'a'{};", " . 'a'".repeat(200_000));
        assert_eq!(render(&chain).unwrap().len(), 200_001);
        let nested = format!(
            "$the_cow = {}'a'{};",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        let err = render(&nested).unwrap_err();
        assert!(err.message.contains("nested parentheses"), "{err}");
        let ok = format!(
            "$the_cow = {}'a'{} x 2 x 3;",
            "(".repeat(64),
            ")".repeat(64)
        );
        assert_eq!(render(&ok).unwrap(), "aaaaaa");
    }

    #[test]
    fn huge_strings_are_refused() {
        let err = render("$the_cow = 'moo' x 99999999999999999999999;").unwrap_err();
        assert!(err.message.contains("more than"), "{err}");
        let err = render("$a = 'a' x 1000000; $a .= $a; $a .= $a;").unwrap_err();
        assert!(err.message.contains("more than"), "{err}");
    }
}
