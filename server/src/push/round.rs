//! What one round of the dispatcher did, worked out from where each device stood and what
//! each request answered: pure, so the rules read as one list (compare `delivery.rs`).
use super::{
    delivery::{self, Outcome},
    send::Sent,
};
use crate::storage::outbox::{Attempt, Claimed, Finish, Round};

/// Where one device stands for one reminder in this round.
pub enum Pending {
    /// An earlier round finished with it (reached it, or it refused for good).
    Done { reached: bool },
    /// Its push service asked to wait until then.
    Waiting(i64),
    /// Sent to this round.
    Sending(i64),
}

/// A claimed reminder and where each of its recipient's devices stands.
pub type Plan<'c> = (&'c Claimed, Vec<Pending>);

/// The round to record: each reminder finished (sent, failed or to retry), every attempt,
/// and the devices reached or gone.
pub fn round_of(plans: &[Plan<'_>], results: Vec<Sent>, now: i64) -> Round {
    let mut round = Round::default();
    for (c, pending) in plans {
        let expired = delivery::ttl(now, c.expires_at).is_none();
        let (reached, wait) = standing(c, pending, &results);
        if expired && !reached && pending.iter().all(|p| !matches!(p, Pending::Done { .. })) {
            round.attempts.push(Attempt {
                reminder_id: c.id,
                subscription_id: None,
                status: None,
                outcome: "error",
                detail: Some("expired before it could be sent".into()),
                retry_at: None,
            });
        }
        let finish = match wait {
            Some(at) if !expired && at < c.expires_at => Finish::RetryAt(at),
            _ if reached || pending.is_empty() && !expired => Finish::Sent,
            _ => Finish::Failed,
        };
        round.finished.push((c.id, finish));
    }
    for sent in results {
        round
            .attempts
            .push(attempt_of(sent, &mut round.reached, &mut round.gone));
    }
    round.reached.sort_unstable();
    round.reached.dedup();
    round.gone.sort_unstable();
    round.gone.dedup();
    round
}

/// Whether some device has the reminder now, and the earliest time one asked to be tried
/// again.
fn standing(c: &Claimed, pending: &[Pending], results: &[Sent]) -> (bool, Option<i64>) {
    let mut reached = false;
    let mut wait: Option<i64> = None;
    let mut keep_waiting = |at: i64| wait = Some(wait.map_or(at, |w: i64| w.min(at)));
    for p in pending {
        match p {
            Pending::Done { reached: r } => reached |= r,
            Pending::Waiting(until) => keep_waiting(*until),
            Pending::Sending(device) => {
                match results
                    .iter()
                    .find(|s| s.reminder == c.id && s.device == *device)
                    .map(|s| &s.outcome)
                {
                    Some(Outcome::Sent) => reached = true,
                    Some(Outcome::Retry { at }) => keep_waiting(*at),
                    _ => {}
                }
            }
        }
    }
    (reached, wait)
}

/// One request's attempt as recorded; a device reached or gone is noted besides.
fn attempt_of(s: Sent, reached: &mut Vec<i64>, gone: &mut Vec<i64>) -> Attempt {
    let (outcome, retry_at) = match &s.outcome {
        Outcome::Sent => {
            reached.push(s.device);
            ("sent", None)
        }
        Outcome::Gone => {
            gone.push(s.device);
            ("gone", None)
        }
        Outcome::TooLarge => ("too_large", None),
        Outcome::Retry { at } => ("retry", Some(*at)),
        Outcome::GiveUp(_) => ("error", None),
    };
    let detail = match s.outcome {
        Outcome::GiveUp(why) => Some(why),
        _ => s.detail,
    };
    Attempt {
        reminder_id: s.reminder,
        subscription_id: Some(s.device),
        status: s.status,
        outcome,
        detail,
        retry_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claimed(id: i64, expires_at: i64) -> Claimed {
        Claimed {
            id,
            user_id: 1,
            rule: "temperature".into(),
            params: "{}".into(),
            url: "/".into(),
            kind: "temperature".into(),
            expires_at,
            rounds: 1,
        }
    }

    fn sent(reminder: i64, device: i64, outcome: Outcome) -> Sent {
        Sent {
            device,
            reminder,
            status: None,
            outcome,
            detail: None,
        }
    }

    #[test]
    fn each_reminder_finishes_by_what_its_devices_answered() {
        let now = 1_000;
        let (a, b, c, d, e) = (
            claimed(1, 5_000),
            claimed(2, 5_000),
            claimed(3, 5_000),
            claimed(4, 900),
            claimed(5, 5_000),
        );
        let plans: Vec<Plan<'_>> = vec![
            // One device took it, another asked to wait: tried again then, for that one.
            (&a, vec![Pending::Sending(10), Pending::Sending(11)]),
            // The only device asked to wait: tried again then.
            (&b, vec![Pending::Sending(20)]),
            // The device is gone: failed.
            (&c, vec![Pending::Sending(30)]),
            // Expired before anyone could take it: failed, with an attempt saying so.
            (&d, vec![]),
            // No device at all: the inbox alone has it.
            (&e, vec![]),
        ];
        let results = vec![
            sent(1, 10, Outcome::Sent),
            sent(1, 11, Outcome::Retry { at: 1_200 }),
            sent(2, 20, Outcome::Retry { at: 1_300 }),
            sent(3, 30, Outcome::Gone),
        ];
        let round = round_of(&plans, results, now);
        let finished: Vec<(i64, Finish)> = round.finished;
        assert_eq!(
            finished,
            vec![
                (1, Finish::RetryAt(1_200)),
                (2, Finish::RetryAt(1_300)),
                (3, Finish::Failed),
                (4, Finish::Failed),
                (5, Finish::Sent)
            ]
        );
        assert_eq!(round.reached, vec![10]);
        assert_eq!(round.gone, vec![30]);
        let outcomes: Vec<(i64, &str)> = round.attempts.iter().map(|a| (a.reminder_id, a.outcome)).collect();
        assert_eq!(
            outcomes,
            vec![(4, "error"), (1, "sent"), (1, "retry"), (2, "retry"), (3, "gone")]
        );
    }
}
