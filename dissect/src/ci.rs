use serde::Serialize;

use crate::analysis::Analysis;
use crate::units::{format_bytes, format_percent};

/// The `--ci` rules, after dive's `.dive-ci`; `None` turns a rule off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Fail when the efficiency (a ratio from 0 to 1) is below this.
    pub lowest_efficiency: Option<f64>,
    /// Fail when more bytes than this are wasted.
    pub highest_wasted_bytes: Option<u64>,
    /// Fail when the wasted percent (of the bytes above the first layer) is above this.
    pub highest_wasted_percent: Option<f64>,
}

/// The defaults: efficiency at least 0.9, at most 20 MB and 10 % wasted.
pub const DEFAULT_LOWEST_EFFICIENCY: f64 = 0.9;
pub const DEFAULT_HIGHEST_WASTED_BYTES: u64 = 20_000_000;
pub const DEFAULT_HIGHEST_WASTED_PERCENT: f64 = 10.0;

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            lowest_efficiency: Some(DEFAULT_LOWEST_EFFICIENCY),
            highest_wasted_bytes: Some(DEFAULT_HIGHEST_WASTED_BYTES),
            highest_wasted_percent: Some(DEFAULT_HIGHEST_WASTED_PERCENT),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// The rule is turned off.
    Off,
}

/// One rule checked against one image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleOutcome {
    /// The rule's option name, without its dashes.
    pub rule: &'static str,
    pub status: Status,
    pub message: String,
}

/// Every rule checked against one image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CiOutcome {
    pub passed: bool,
    pub rules: Vec<RuleOutcome>,
}

impl CiOutcome {
    pub fn failed(&self) -> usize {
        self.rules
            .iter()
            .filter(|r| r.status == Status::Fail)
            .count()
    }
}

fn rule(rule: &'static str, limit: Option<(bool, String)>) -> RuleOutcome {
    match limit {
        None => RuleOutcome {
            rule,
            status: Status::Off,
            message: "turned off".into(),
        },
        Some((passed, message)) => RuleOutcome {
            rule,
            status: if passed { Status::Pass } else { Status::Fail },
            message,
        },
    }
}

/// Checks `analysis` against every rule of `thresholds`.
pub fn evaluate(analysis: &Analysis, thresholds: &Thresholds) -> CiOutcome {
    let efficiency = analysis.efficiency();
    let wasted = analysis.wasted_bytes;
    let percent = analysis.wasted_percent();
    let rules = vec![
        rule(
            "lowest-efficiency",
            thresholds.lowest_efficiency.map(|lowest| {
                let passed = efficiency >= lowest;
                let verb = if passed { "is at least" } else { "is below" };
                let message = format!(
                    "efficiency {} {verb} the lowest allowed, {}",
                    format_percent(efficiency * 100.0),
                    format_percent(lowest * 100.0)
                );
                (passed, message)
            }),
        ),
        rule(
            "highest-wasted-bytes",
            thresholds.highest_wasted_bytes.map(|highest| {
                let passed = wasted <= highest;
                let verb = if passed { "are at most" } else { "are over" };
                let message = format!(
                    "wasted bytes, {} ({wasted} B), {verb} the highest allowed, {} ({highest} B)",
                    format_bytes(wasted),
                    format_bytes(highest)
                );
                (passed, message)
            }),
        ),
        rule(
            "highest-wasted-percent",
            thresholds.highest_wasted_percent.map(|highest| {
                let passed = percent <= highest;
                let verb = if passed { "is at most" } else { "is over" };
                let message = format!(
                    "wasted share of the layers above the first, {}, {verb} the highest allowed, {}",
                    format_percent(percent),
                    format_percent(highest)
                );
                (passed, message)
            }),
        ),
    ];
    CiOutcome {
        passed: rules.iter().all(|r| r.status != Status::Fail),
        rules,
    }
}
