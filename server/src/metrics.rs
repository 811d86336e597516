//! The Prometheus metrics (OpenMetrics text), served apart from the public address
//! (`VTV_METRICS_ADDR`). Counters and histograms are this instance's own (Prometheus sums
//! them over instances); the queue and flag gauges are read from the shared database at
//! each scrape, so every instance reports the same figures (alert on any one, or `max`).
use crate::storage::{monitoring, Db};
use prometheus_client::{
    encoding::{text::encode, EncodeLabelSet},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{exponential_buckets, Histogram},
    },
    registry::Registry,
};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// 1 ms to about 16 s, doubling.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    push: Family<OutcomeLabels, Counter>,
    queue_due: Gauge,
    queue_lag: Gauge,
    urgent_open: Gauge,
    urgent_oldest: Gauge,
    pool: Family<PoolLabels, Gauge>,
    pool_max: Gauge,
    database_up: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let m = Metrics {
            registry: Registry::with_prefix("vtv"),
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_histogram as fn() -> Histogram),
            push: Family::default(),
            queue_due: Gauge::default(),
            queue_lag: Gauge::default(),
            urgent_open: Gauge::default(),
            urgent_oldest: Gauge::default(),
            pool: Family::default(),
            pool_max: Gauge::default(),
            database_up: Gauge::default(),
        };
        m.registered()
    }

    fn registered(mut self) -> Metrics {
        let r = &mut self.registry;
        r.register(
            "http_requests",
            "Requests answered, by method, route (the route's pattern, never the address asked) and status",
            self.requests.clone(),
        );
        r.register(
            "http_request_duration_seconds",
            "Time from the request's arrival to its answer's headers, by route",
            self.latency.clone(),
        );
        r.register(
            "push_attempts",
            "Push requests sent by this instance, by what the push service's answer meant (sent, gone, too_large, retry, error)",
            self.push.clone(),
        );
        r.register(
            "reminders_due",
            "Reminders due now or earlier and not yet sent (shared: the same on every instance)",
            self.queue_due.clone(),
        );
        r.register(
            "reminders_lag_seconds",
            "How far the oldest unsent due reminder is behind its time (0 when none is waiting)",
            self.queue_lag.clone(),
        );
        r.register(
            "urgent_flags_open",
            "Urgent flags not yet resolved (shared)",
            self.urgent_open.clone(),
        );
        r.register(
            "urgent_flag_oldest_unacknowledged_seconds",
            "Age of the oldest urgent flag no nurse has acknowledged (0 when none)",
            self.urgent_oldest.clone(),
        );
        r.register(
            "db_pool_connections",
            "This instance's database connections, idle or in use",
            self.pool.clone(),
        );
        r.register(
            "database_up",
            "1 when this scrape could read the shared figures from the database, else 0 (they keep their last values)",
            self.database_up.clone(),
        );
        r.register(
            "db_pool_max_connections",
            "The most connections this instance's pool opens",
            self.pool_max.clone(),
        );
        self
    }

    pub fn observe_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_string(),
                route: route.to_string(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_string(),
            })
            .observe(seconds);
    }

    pub fn count_push(&self, outcome: &str) {
        self.push
            .get_or_create(&OutcomeLabels {
                outcome: outcome.to_string(),
            })
            .inc();
    }

    /// Reads the shared figures and the pool, then writes every metric out. A database that
    /// does not answer within 2 s leaves the shared figures as they were and says so in
    /// `vtv_database_up`: the scrape itself still answers, so that an alert sees the outage.
    pub async fn render(&self, db: &Db, now: i64) -> String {
        let read = tokio::time::timeout(std::time::Duration::from_secs(2), monitoring::snapshot(db, now)).await;
        match read {
            Ok(Ok(s)) => {
                self.database_up.set(1);
                self.queue_due.set(s.queue_due);
                self.queue_lag
                    .set(s.queue_oldest_due_at.map_or(0, |at| (now - at).max(0)));
                self.urgent_open.set(s.urgent_open);
                self.urgent_oldest
                    .set(s.urgent_oldest_unacknowledged_at.map_or(0, |at| (now - at).max(0)));
            }
            Ok(Err(error)) => {
                tracing::error!(%error, "metrics: the database did not answer");
                self.database_up.set(0);
            }
            Err(_) => {
                tracing::error!("metrics: the database did not answer within 2 s");
                self.database_up.set(0);
            }
        }
        let size = i64::from(db.pool.size());
        let idle = i64::try_from(db.pool.num_idle()).unwrap_or(i64::MAX);
        self.pool.get_or_create(&PoolLabels { state: "idle" }).set(idle);
        self.pool
            .get_or_create(&PoolLabels { state: "in_use" })
            .set((size - idle).max(0));
        self.pool_max.set(i64::from(db.pool.options().get_max_connections()));
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut text, &self.registry);
        text
    }
}
