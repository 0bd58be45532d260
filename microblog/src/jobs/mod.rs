//! The background worker: it runs inside the app (where the Mega-Tutorial needs Redis and an RQ
//! worker process), and the queue is the `tasks` table ([`crate::models::task`]). Each replica
//! runs one worker, which takes one task at a time: woken at once by a task launched on its own
//! replica, and looking every second for the others' and for tasks whose worker died.
//!
//! A task is claimed with a lease that its worker renews as it goes; if the worker dies (a
//! killed container), the lease runs out and any worker takes the task again from the start.
//! A task that fails is tried again after `TASK_RETRY_MS`, three attempts in all; then it is
//! marked failed, and its user's pages say why until they dismiss it or start it again.
//! Stopping the app gives its task back at once (queued again, due now).

/// The export of a user's posts, mailed as JSON.
pub mod export;

use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::now_millis;
use crate::models::task::{self, Claimed};
use crate::state::AppState;
use crate::Error;

/// How many times a task is tried before it is reported failed.
pub const MAX_ATTEMPTS: i64 = 3;

/// How often an idle worker looks for work launched elsewhere or left by a dead worker.
const POLL: Duration = Duration::from_secs(1);

/// How often the worker has the database's planner statistics brought up to date
/// ([`crate::db::Db::optimize`]; a no-op unless a table grew or shrank tenfold).
const OPTIMIZE_EVERY: Duration = Duration::from_secs(60);

/// Why a task did not finish.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Its lease ran out and another worker took it: this one stops without a word.
    #[error("the task was taken over by another worker")]
    Lost,
    /// It failed; `retry` when another attempt may succeed (a mail server that did not answer).
    #[error("{message}")]
    Failed { message: String, retry: bool },
    #[error(transparent)]
    Database(#[from] Error),
}

impl JobError {
    pub fn failed(message: impl Into<String>, retry: bool) -> Self {
        JobError::Failed {
            message: message.into(),
            retry,
        }
    }
}

/// A claimed task as its job sees it: the app's state, and a way to report progress.
pub struct Run<'a> {
    pub state: &'a AppState,
    pub task: &'a Claimed,
    worker: &'a str,
}

impl Run<'_> {
    /// Records progress (0–100; shown on the user's pages) and renews the lease.
    pub async fn progress(&self, progress: i64) -> Result<(), JobError> {
        let lease = lease_ms(self.state);
        match task::advance(&self.state.db, self.task, self.worker, progress, lease).await? {
            true => Ok(()),
            false => Err(JobError::Lost),
        }
    }
}

/// The running worker of this replica.
pub struct Worker {
    stop: watch::Sender<bool>,
    handle: JoinHandle<()>,
}

impl Worker {
    /// Starts the worker on the app's database.
    pub fn spawn(state: AppState) -> Worker {
        let (stop, stopped) = watch::channel(false);
        let handle = tokio::spawn(work(state, stopped));
        Worker { stop, handle }
    }

    /// Stops the worker, giving back the task it was running, and waits until it has.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.handle.await {
            tracing::error!("the task worker ended badly: {e}");
        }
    }
}

fn lease_ms(state: &AppState) -> i64 {
    i64::try_from(state.config.task_lease_ms).unwrap_or(i64::MAX)
}

/// This worker's name in the `tasks` table and the log: host (the container's id in Docker),
/// process and a random part, so that a restarted process is never taken for the one before.
fn worker_name() -> String {
    format!(
        "{}:{}:{}",
        crate::replica::name(),
        std::process::id(),
        crate::signing::random_token(4)
    )
}

async fn work(state: AppState, mut stopped: watch::Receiver<bool>) {
    let worker = worker_name();
    tracing::debug!("task worker {worker} started");
    let lease = lease_ms(&state);
    let mut optimized = Instant::now();
    while !*stopped.borrow() {
        if optimized.elapsed() >= OPTIMIZE_EVERY {
            if let Err(e) = state.db.optimize().await {
                tracing::warn!("cannot update the planner's statistics: {e}");
            }
            optimized = Instant::now();
        }
        match task::claim(&state.db, state.engine, &worker, lease).await {
            Ok(Some(claimed)) => run_claimed(&state, &claimed, &worker, &mut stopped).await,
            Ok(None) => {
                tokio::select! {
                    () = state.wake_worker.notified() => {}
                    () = tokio::time::sleep(POLL) => {}
                    _ = stopped.changed() => {}
                }
            }
            Err(e) => {
                tracing::warn!("task worker: cannot look for tasks: {}", e.chain());
                tokio::select! {
                    () = tokio::time::sleep(POLL) => {}
                    _ = stopped.changed() => {}
                }
            }
        }
    }
    tracing::debug!("task worker {worker} stopped");
}

/// Runs a claimed task to its end, renewing its lease while it runs; gives it back if the app
/// stops first.
async fn run_claimed(
    state: &AppState,
    claimed: &Claimed,
    worker: &str,
    stopped: &mut watch::Receiver<bool>,
) {
    tracing::info!(
        "task {} ({}) for user {}: attempt {}",
        claimed.id,
        claimed.name,
        claimed.user_id,
        claimed.attempts
    );
    let run = Run {
        state,
        task: claimed,
        worker,
    };
    let outcome = tokio::select! {
        outcome = run_job(&run) => outcome,
        () = keep_lease(&run) => Err(JobError::Lost),
        _ = stopped.changed() => {
            crate::telemetry::job_ended(&claimed.name, "given_back");
            match task::release(&state.db, claimed, worker).await {
                Ok(_) => tracing::info!("task {} given back: the app is stopping", claimed.id),
                Err(e) => tracing::warn!("task {} not given back ({}): it resumes when its lease ends", claimed.id, e.chain()),
            }
            return;
        }
    };
    let ended = match outcome {
        Ok(()) => Ok(()),
        Err(JobError::Lost) => {
            crate::telemetry::job_ended(&claimed.name, "lost");
            tracing::warn!("task {}: {}", claimed.id, JobError::Lost);
            return;
        }
        Err(JobError::Failed { message, retry }) => Err((message, retry)),
        Err(JobError::Database(e)) => Err((format!("the database failed: {}", e.chain()), true)),
    };
    let ended = ended.map_err(|(message, retry)| {
        let again = retry && claimed.attempts < MAX_ATTEMPTS;
        let at = again
            .then(|| now_millis() + i64::try_from(state.config.task_retry_ms).unwrap_or(i64::MAX));
        match at {
            Some(_) => tracing::warn!(
                "task {} failed (attempt {} of {MAX_ATTEMPTS}), tried again later: {message}",
                claimed.id,
                claimed.attempts
            ),
            None => tracing::error!("task {} failed: {message}", claimed.id),
        }
        (message, at)
    });
    let outcome = match &ended {
        Ok(()) => "done",
        Err((_, Some(_))) => "retry",
        Err((_, None)) => "failed",
    };
    crate::telemetry::job_ended(&claimed.name, outcome);
    let done = ended.is_ok();
    match task::end(&state.db, claimed, worker, ended).await {
        Ok(true) if done => tracing::info!("task {} done", claimed.id),
        Ok(true) => {}
        Ok(false) => tracing::warn!("task {}: {}", claimed.id, JobError::Lost),
        Err(e) => tracing::error!(
            "task {}: cannot record its end ({}); it runs again when its lease ends",
            claimed.id,
            e.chain()
        ),
    }
}

/// The job of a task, by its name.
async fn run_job(run: &Run<'_>) -> Result<(), JobError> {
    match run.task.name.as_str() {
        export::NAME => export::run(run).await,
        other => Err(JobError::failed(format!("no such task: {other}"), false)),
    }
}

/// Renews the lease a third of the way through it, for as long as the job runs; ends when the
/// task is no longer this worker's.
async fn keep_lease(run: &Run<'_>) {
    let lease = lease_ms(run.state);
    let every = Duration::from_millis(u64::try_from(lease / 3).unwrap_or(1).max(1));
    loop {
        tokio::time::sleep(every).await;
        match task::renew(&run.state.db, run.task, run.worker, lease).await {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => tracing::warn!(
                "task {}: cannot renew its lease: {}",
                run.task.id,
                e.chain()
            ),
        }
    }
}
