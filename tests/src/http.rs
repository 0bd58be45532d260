use std::time::{Duration, Instant};

/// An HTTP answer: status and body as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .into()
}

/// `GET url` once: the answer, or the transport error as text.
pub fn try_get(url: &str) -> Result<Answer, String> {
    let mut response = agent().get(url).call().map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("reading the body of {url}: {e}"))?;
    Ok(Answer { status, body })
}

/// `GET url`, retrying transport errors (a server still starting) until `deadline` passes.
pub fn get_within(url: &str, deadline: Duration) -> Answer {
    let start = Instant::now();
    loop {
        match try_get(url) {
            Ok(answer) => return answer,
            Err(e) if start.elapsed() >= deadline => {
                panic!("GET {url} got no answer within {deadline:?}: {e}")
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}
