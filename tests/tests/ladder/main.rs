//! The microblog image ladder (`Dockerfiles/01-naive` … `07-static`), rung by rung: what each
//! rung adds is tested in its own module, what every rung must do in `every_rung`.
//!
//! Images are built once per test run, one at a time (they share their build stage), with the
//! classic builder; `every_rung::builds_with_buildkit_too` builds them with BuildKit as well.

mod rungs;

mod every_rung;

mod r01_naive;
mod r02_cache;
mod r03_slim;
mod r04_nonroot;
mod r05_healthcheck;
mod r06_distroless;
mod r07_static;
