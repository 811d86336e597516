use app::{domain::role::Role, i18n::Locale};
use reqwest::{redirect::Policy, Client, Response};
use server::{
    auth::{password, tokens},
    clock::ShiftedClock,
    config::Config,
    push::dispatcher::Dispatcher,
    startup::Application,
    storage::{
        accounts::{self, NewPatient, NewUser},
        centres::{self, NewCentre},
        Db,
    },
};
use sqlx::{Connection, Executor, PgConnection};
use std::sync::{Arc, OnceLock};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// Generates one test per database from an `async fn(Kind)`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    super::$name($crate::helpers::Kind::Sqlite).await
                }
                #[tokio::test]
                async fn postgres() {
                    super::$name($crate::helpers::Kind::Postgres).await
                }
            }
        )*
    };
}

pub const PASSWORD: &str = "correct horse battery";
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// A client for machine-to-machine calls (no cookies, no browser headers).
pub fn api_client() -> Client {
    Client::builder().timeout(REQUEST_TIMEOUT).build().expect("http client")
}

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub database_url: String,
    /// Sends due reminders when a test says so (the background loop is off unless asked).
    pub dispatcher: Arc<Dispatcher>,
    /// Sends the hospital webhooks when a test asks (`run_until_idle`).
    pub hospital: Arc<server::hospital_webhooks::dispatcher::HospitalDispatcher>,
    /// The server's clock: tests move it forward to make reminders due.
    pub clock: Arc<ShiftedClock>,
    /// The server's services: tests run scheduled jobs (the silence watch) through them.
    pub services: Arc<server::services::Services>,
    /// `/metrics` on its own address, when the test asked for one.
    pub metrics: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

/// The push receivers started so far in this test binary (`host:port`): a server started
/// after them lets them in (`VTV_PUSH_TEST_RECEIVERS`), and nothing else on this machine.
static TEST_RECEIVERS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

pub fn allow_test_receiver(host_port: &str) {
    TEST_RECEIVERS.lock().expect("receivers").push(host_port.to_string());
}

pub fn test_receivers() -> Vec<String> {
    TEST_RECEIVERS.lock().expect("receivers").clone()
}

/// A fresh empty PostgreSQL database on the server named by VTV_TEST_POSTGRES_URL.
pub async fn fresh_postgres_url() -> String {
    let admin_url = std::env::var("VTV_TEST_POSTGRES_URL")
        .expect("VTV_TEST_POSTGRES_URL is not set: run the README's test command, which starts or finds PostgreSQL");
    let name = format!("vtv_test_{}", tokens::new_invitation_code().to_lowercase());
    let mut admin = PgConnection::connect(&admin_url)
        .await
        .expect("connect to the test PostgreSQL");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a test database");
    let (base, _) = admin_url.rsplit_once('/').expect("a database URL with a database name");
    format!("{base}/{name}")
}

pub async fn database_url(kind: Kind) -> (String, Option<tempfile::TempDir>) {
    match kind {
        Kind::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary folder");
            (format!("sqlite://{}/test.db", dir.path().display()), Some(dir))
        }
        Kind::Postgres => (fresh_postgres_url().await, None),
    }
}

pub async fn spawn(kind: Kind) -> TestApp {
    spawn_with(kind, |_| {}).await
}

pub async fn spawn_with(kind: Kind, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let (url, dir) = database_url(kind).await;
    spawn_on(&url, dir, adjust).await
}

/// A server on a database of the test's choosing: several instances may share one.
pub async fn spawn_on(url: &str, dir: Option<tempfile::TempDir>, adjust: impl FnOnce(&mut Config)) -> TestApp {
    server::telemetry::init(false);
    let mut config = Config::for_database(url);
    config.dispatcher = false;
    // The tests' push receivers run on this machine, each let in by its host and port.
    config.push_test_receivers = test_receivers();
    adjust(&mut config);
    let database_url = config.database_url.clone();
    let clock = Arc::new(ShiftedClock::default());
    let app = Application::build_with_clock(config, clock.clone())
        .await
        .expect("the server starts");
    let base = format!("http://{}", app.local_addr());
    let metrics = app.metrics_addr().map(|addr| format!("http://{addr}/metrics"));
    let db = app.db.clone();
    let dispatcher = app.dispatcher.clone();
    let hospital = app.hospital_dispatcher.clone();
    let services = app.services.clone();
    tokio::spawn(app.run_until(std::future::pending()));
    TestApp {
        base,
        db,
        database_url,
        dispatcher,
        hospital,
        clock,
        services,
        metrics,
        _dir: dir,
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
pub fn client() -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "accept",
        reqwest::header::HeaderValue::from_static("text/html,application/xhtml+xml,*/*;q=0.8"),
    );
    // As a browser says of a request the page itself makes.
    headers.insert(
        "sec-fetch-site",
        reqwest::header::HeaderValue::from_static("same-origin"),
    );
    Client::builder()
        .cookie_store(true)
        // A request that hangs fails the test with its URL instead of stalling the run.
        .timeout(REQUEST_TIMEOUT)
        .redirect(Policy::none())
        .default_headers(headers)
        .build()
        .expect("http client")
}

/// Hashed once per test binary: argon2 is slow on purpose.
fn hashed_password() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        std::thread::spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
            runtime.block_on(password::hash(PASSWORD.to_string())).expect("hash")
        })
        .join()
        .expect("hashing thread")
    })
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn centre(&self, name: &str) -> i64 {
        centres::create(
            &self.db.pool,
            &NewCentre {
                name,
                country: "BE",
                time_zone: "Europe/Brussels",
                hotline: "+32 16 33 22 11",
                is_demo: false,
            },
        )
        .await
        .expect("centre")
    }

    /// An account with PASSWORD; patients also get their enrolment record.
    pub async fn user(&self, role: Role, email: &str, centre_id: Option<i64>) -> i64 {
        let id = accounts::create_user(
            &self.db.pool,
            &NewUser {
                role,
                email,
                display_name: email,
                centre_id,
                locale: Locale::En,
                time_zone: None,
                is_demo: false,
            },
        )
        .await
        .expect("user");
        accounts::set_password_hash(&self.db.pool, id, hashed_password())
            .await
            .expect("password");
        if role == Role::Patient {
            let centre = centre_id.expect("a patient belongs to a centre");
            accounts::create_patient(
                &self.db.pool,
                id,
                centre,
                &NewPatient {
                    full_name: &format!("Patient {email}"),
                    date_of_birth: "1971-03-04",
                    sex: "female",
                    phone: "+32 470 12 34 56",
                    enrolled_by: None,
                },
            )
            .await
            .expect("patient");
        }
        id
    }

    pub async fn signed_in_demo(&self) -> Client {
        let client = client();
        let response = self
            .sign_in(&client, "nurse@demo.example", server::demo::DEMO_PASSWORD)
            .await;
        assert_eq!(location(&response), "/", "the demo nurse signs in in demo mode");
        client
    }

    pub async fn sign_in(&self, client: &Client, email: &str, password: &str) -> Response {
        client
            .post(self.url("/auth/login"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("sign-in request")
    }

    /// Signs in and checks it worked; answers the signed-in client.
    pub async fn signed_in(&self, email: &str) -> Client {
        let client = client();
        let response = self.sign_in(&client, email, PASSWORD).await;
        assert_eq!(location(&response), "/", "sign-in of {email} should succeed");
        client
    }
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Calls a server function as the browser's form would; answers status and body.
pub async fn call(client: &Client, app: &TestApp, endpoint: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .expect("server function request");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// The code in an `IssuedCode` answer.
pub fn issued_code(body: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    value["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no code in {body}"))
        .to_string()
}

pub async fn redeem(app: &TestApp, code: &str, password: &str) -> String {
    let response = client()
        .post(app.url("/auth/invitation"))
        .form(&[("code", code), ("password", password), ("confirmation", password)])
        .send()
        .await
        .expect("redeem request");
    location(&response)
}

/// How many audit entries record `action`.
pub async fn audited(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&app.db.pool)
        .await
        .expect("audit count")
}

/// How many audit entries record `action` about this patient.
pub async fn audited_about(app: &TestApp, action: &str, patient_id: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND patient_id = $2")
        .bind(action)
        .bind(patient_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("audit count")
}

pub async fn count(app: &TestApp, table: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .get("n")
}

/// A server function answering a JSON list, called with no arguments; asserts 200.
/// A page's HTML as this client gets it.
pub async fn page_text(client: &Client, app: &TestApp, path: &str) -> String {
    client
        .get(app.url(path))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html")
}

pub async fn call_list(client: &Client, app: &TestApp, endpoint: &str) -> Vec<serde_json::Value> {
    let (status, body) = call(client, app, endpoint, &[]).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str::<serde_json::Value>(&body)
        .expect("JSON")
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Runs `server/tests/api/{script}` with the pinned Python tools (`.ci/.venv`), `input` on
/// its stdin, and reads the JSON it prints. A script that exits non-zero fails the test with
/// what it said on stderr.
pub fn python_check(script: &str, input: &[u8]) -> serde_json::Value {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join(".ci/.venv/bin/python");
    assert!(
        python.exists(),
        "run .ci/setup.sh's python_tools first (the test command does)"
    );
    let mut child = Command::new(python)
        .arg(root.join("server/tests/api").join(script))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python");
    child.stdin.take().expect("stdin").write_all(input).expect("written");
    let output = child.wait_with_output().expect("ran");
    assert!(
        output.status.success(),
        "{script} refused it: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON from the script")
}
