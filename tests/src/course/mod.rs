//! The course's handouts (`docs/course/`) followed as a student would, command by command.

/// A copy of the repository and a handout followed in it.
pub mod classroom;
/// Reading a handout: commands, expected outputs, solution files, hidden checks.
pub mod handout;
/// What the `course-docker` binary rewrites so that a handout runs beside other tests.
pub mod shim;

pub use classroom::Classroom;
pub use handout::Handout;
