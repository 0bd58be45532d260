//! Background tasks in the database: what the pages launch and show, and what the worker
//! ([`crate::jobs`]) claims, advances and ends. A task is claimed with a lease: its worker
//! renews it as it goes, and a task whose lease ran out (its worker was killed) is claimed
//! again by any worker, on this replica or another.

use serde_json::json;
use sqlx::Any;

use crate::clock::now_millis;
use crate::db::{unique_violation, Db, Engine};
use crate::i18n::Lang;
use crate::models::notification;
use crate::Error;

/// The notification that carries a task's progress to its user's pages.
pub const PROGRESS: &str = "task_progress";

/// A task as its user's pages show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Task {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// `queued`, `running`, `done`, `failed` or `dismissed`.
    pub state: String,
    pub progress: i64,
    /// Why it failed, for a failed task.
    pub error: String,
}

impl Task {
    pub fn failed(&self) -> bool {
        self.state == "failed"
    }
}

/// A task a worker has claimed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub name: String,
    pub user_id: i64,
    /// This attempt's number, from 1.
    pub attempts: i64,
    /// The language of the page that launched it, for what it writes (a mail).
    pub lang: String,
}

/// Queues the task `name` for the user, unless one of that name is queued or running (then
/// `None`: two clicks start one task). A failed one of that name is dismissed by the new one.
pub async fn launch(
    db: &Db,
    user_id: i64,
    name: &str,
    description: &str,
    lang: Lang,
) -> Result<Option<i64>, Error> {
    let now = now_millis();
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "UPDATE tasks SET state = 'dismissed', updated_at = $1 \
         WHERE user_id = $2 AND name = $3 AND state = 'failed'",
    )
    .bind(now)
    .bind(user_id)
    .bind(name)
    .execute(&mut *tx)
    .await?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO tasks (name, description, user_id, lang, run_after, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $5) RETURNING id",
    )
    .bind(name)
    .bind(description)
    .bind(user_id)
    .bind(lang.code())
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if unique_violation(&e).is_some() => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    progress_notification(&mut tx, user_id, id, "queued", 0, "").await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// The tasks the user's pages show: queued, running, or failed and not dismissed; oldest first.
pub async fn open_for(db: &Db, user_id: i64) -> Result<Vec<Task>, Error> {
    Ok(sqlx::query_as::<_, Task>(
        "SELECT id, name, description, state, progress, error FROM tasks \
         WHERE user_id = $1 AND state IN ('queued', 'running', 'failed') ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

/// Dismisses one of the user's failed tasks; whether there was one.
pub async fn dismiss(db: &Db, user_id: i64, task_id: i64) -> Result<bool, Error> {
    let done = sqlx::query(
        "UPDATE tasks SET state = 'dismissed', updated_at = $1 \
         WHERE id = $2 AND user_id = $3 AND state = 'failed'",
    )
    .bind(now_millis())
    .bind(task_id)
    .bind(user_id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The claim, but for the end of its subquery (PostgreSQL locks the row it picks).
macro_rules! claim_sql {
    () => {
        "UPDATE tasks SET state = 'running', worker = $1, attempts = attempts + 1, \
                run_after = $2, updated_at = $3 \
         WHERE id = (SELECT id FROM tasks \
                     WHERE state IN ('queued', 'running') AND run_after <= $3 \
                     ORDER BY run_after, id LIMIT 1"
    };
}

macro_rules! claimed_sql {
    () => {
        "RETURNING id, name, user_id, attempts, lang"
    };
}

/// Claims the next task due, if any, for `worker` until `lease_ms` from now: a queued task
/// whose time has come, or a running one whose worker stopped renewing its lease. On
/// PostgreSQL, replicas claiming at once skip each other's rows (`FOR UPDATE SKIP LOCKED`), so
/// each task goes to one worker; SQLite has one writer at a time, which does the same.
pub async fn claim(
    db: &Db,
    engine: Engine,
    worker: &str,
    lease_ms: i64,
) -> Result<Option<Claimed>, Error> {
    let now = now_millis();
    let sql = match engine {
        Engine::Postgres => concat!(claim_sql!(), " FOR UPDATE SKIP LOCKED) ", claimed_sql!()),
        Engine::Sqlite => concat!(claim_sql!(), ") ", claimed_sql!()),
    };
    Ok(sqlx::query_as::<_, Claimed>(sql)
        .bind(worker)
        .bind(now + lease_ms)
        .bind(now)
        .fetch_optional(db.pool())
        .await?)
}

/// What a worker writes as its task goes: `Ok(false)` when the task is no longer its own (its
/// lease ran out and another worker took it), and it must stop.
pub type StillOurs = Result<bool, Error>;

/// Records the task's progress (0–100), renews the lease and tells the user's pages.
pub async fn advance(
    db: &Db,
    task: &Claimed,
    worker: &str,
    progress: i64,
    lease_ms: i64,
) -> StillOurs {
    let now = now_millis();
    let mut tx = db.pool().begin().await?;
    let updated = sqlx::query(
        "UPDATE tasks SET progress = $1, run_after = $2, updated_at = $3 \
         WHERE id = $4 AND worker = $5 AND state = 'running'",
    )
    .bind(progress)
    .bind(now + lease_ms)
    .bind(now)
    .bind(task.id)
    .bind(worker)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(false);
    }
    progress_notification(&mut tx, task.user_id, task.id, "running", progress, "").await?;
    tx.commit().await?;
    Ok(true)
}

/// Renews the lease of a running task (its job takes long between two progress reports).
pub async fn renew(db: &Db, task: &Claimed, worker: &str, lease_ms: i64) -> StillOurs {
    let now = now_millis();
    let updated = sqlx::query(
        "UPDATE tasks SET run_after = $1 WHERE id = $2 AND worker = $3 AND state = 'running'",
    )
    .bind(now + lease_ms)
    .bind(task.id)
    .bind(worker)
    .execute(db.pool())
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Ends the task: `done`, or `failed` with why. A failure that may pass (`retry_at`, Unix
/// milliseconds) queues the task again for then instead.
pub async fn end(
    db: &Db,
    task: &Claimed,
    worker: &str,
    outcome: Result<(), (String, Option<i64>)>,
) -> StillOurs {
    let now = now_millis();
    let (state, progress, error, run_after) = match &outcome {
        Ok(()) => ("done", 100, String::new(), now),
        Err((error, Some(at))) => ("queued", 0, error.clone(), *at),
        Err((error, None)) => ("failed", 100, error.clone(), now),
    };
    let mut tx = db.pool().begin().await?;
    let updated = sqlx::query(
        "UPDATE tasks SET state = $1, progress = $2, error = $3, run_after = $4, worker = '', \
                updated_at = $5 \
         WHERE id = $6 AND worker = $7 AND state = 'running'",
    )
    .bind(state)
    .bind(progress)
    .bind(&error)
    .bind(run_after)
    .bind(now)
    .bind(task.id)
    .bind(worker)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(false);
    }
    progress_notification(&mut tx, task.user_id, task.id, state, progress, &error).await?;
    tx.commit().await?;
    Ok(true)
}

/// Gives a claimed task back (the app is stopping): queued again, due now, for any worker.
pub async fn release(db: &Db, task: &Claimed, worker: &str) -> StillOurs {
    let now = now_millis();
    let updated = sqlx::query(
        "UPDATE tasks SET state = 'queued', attempts = attempts - 1, run_after = $1, \
                worker = '', updated_at = $1 \
         WHERE id = $2 AND worker = $3 AND state = 'running'",
    )
    .bind(now)
    .bind(task.id)
    .bind(worker)
    .execute(db.pool())
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// The `task_progress` notification: `{task_id, progress, state, error}`.
async fn progress_notification(
    tx: &mut sqlx::Transaction<'_, Any>,
    user_id: i64,
    task_id: i64,
    state: &str,
    progress: i64,
    error: &str,
) -> Result<(), Error> {
    let data = json!({"task_id": task_id, "progress": progress, "state": state, "error": error});
    notification::put(tx, user_id, PROGRESS, &data.to_string()).await
}
