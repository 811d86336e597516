// The migrations are embedded by `sqlx::migrate!`, which cargo does not know reads them: a new
// migration file would otherwise leave an old binary (what sqlx's documentation advises).
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
