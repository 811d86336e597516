//! `vein-to-vein fhir-client`: the hospital's IT registers a system to read the FHIR API,
//! lists them, or revokes one (its tokens end at once). A registration names the centres
//! and the kinds of resource the system may read, and its public keys as a JWK Set file.
//! Each change is audit-logged, in the operator's name as the command line has no other.
use crate::services::fhir_client_assertion::usable;
use crate::storage::{audit::Entry, centres, fhir_clients, Db, StorageError};
use app::domain::fhir_api::Kind;

#[derive(clap::Args, Debug)]
pub struct FhirClientArgs {
    /// The client's id, as its assertions name it (`iss`): letters, digits, `.`, `_`, `-`.
    #[arg(long)]
    pub client_id: Option<String>,
    /// What the system is, for the people reading the audit log.
    #[arg(long)]
    pub name: Option<String>,
    /// A centre whose patients it may read (by id; repeat for several).
    #[arg(long = "centre")]
    pub centres: Vec<i64>,
    /// The kinds it may read, comma-separated; all five when absent.
    #[arg(long)]
    pub types: Option<String>,
    /// A file holding its public keys, a JWK Set (RS384 or ES384 keys).
    #[arg(long)]
    pub jwks: Option<std::path::PathBuf>,
    /// Revoke the client named by --client-id.
    #[arg(long)]
    pub revoke: bool,
    /// List the clients.
    #[arg(long)]
    pub list: bool,
}

const MAX_JWKS_BYTES: u64 = 64 * 1024;

/// Runs the command; answers what to print.
pub async fn run(db: &Db, public_url: &str, args: &FhirClientArgs) -> Result<String, String> {
    let now = crate::storage::now();
    let entry = |action| Entry::new(action, "command line");
    if args.list {
        return list(db).await.map_err(|e| e.to_string());
    }
    let client_id = args
        .client_id
        .as_deref()
        .map(str::trim)
        .ok_or("--client-id is required")?;
    if args.revoke {
        return match fhir_clients::revoke(db, client_id, now, entry("fhir_client.revoked")).await {
            Ok(true) => Ok(format!("FHIR client {client_id} revoked; its tokens no longer work.")),
            Ok(false) => Err(format!("no FHIR client {client_id} is registered and not revoked")),
            Err(e) => Err(e.to_string()),
        };
    }
    let checked = checked(db, client_id, args).await?;
    let new = fhir_clients::NewClient {
        client_id,
        name: &checked.name,
        jwks: &checked.jwks,
        resource_types: &checked.types.iter().map(|k| k.name()).collect::<Vec<_>>().join(" "),
        centres: &args.centres,
    };
    match fhir_clients::register(db, &new, now, entry("fhir_client.registered")).await {
        Ok(_) => Ok(format!(
            "FHIR client {client_id} registered: centres {:?}, reading {}.\nToken address: {public_url}/fhir/auth/token\nAPI: {public_url}/fhir",
            args.centres, new.resource_types
        )),
        Err(StorageError::NameTaken) => Err(format!("the client id {client_id} is taken")),
        Err(e) => Err(e.to_string()),
    }
}

struct Checked {
    name: String,
    jwks: String,
    types: Vec<Kind>,
}

/// Everything a registration needs, checked: a refusal names what to mend.
async fn checked(db: &Db, client_id: &str, args: &FhirClientArgs) -> Result<Checked, String> {
    let id_ok = (1..=64).contains(&client_id.len())
        && client_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !id_ok {
        return Err("--client-id: 1 to 64 letters, digits, '.', '_' or '-'".into());
    }
    let name = args.name.as_deref().map(str::trim).unwrap_or_default().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return Err("--name: 1 to 100 characters".into());
    }
    if args.centres.is_empty() {
        return Err("--centre: at least one centre's id".into());
    }
    for centre in &args.centres {
        if centres::profile(db, *centre)
            .await
            .map_err(|e| e.to_string())?
            .is_none()
        {
            return Err(format!("--centre {centre}: no such centre"));
        }
    }
    let types = match &args.types {
        None => Kind::ALL.to_vec(),
        Some(list) => list
            .split(',')
            .map(|t| Kind::parse(t.trim()).ok_or(format!("--types: {t} is not one of the kinds served")))
            .collect::<Result<Vec<_>, _>>()?,
    };
    let path = args
        .jwks
        .as_ref()
        .ok_or("--jwks: the file of the client's public keys is required")?;
    let size = std::fs::metadata(path)
        .map_err(|e| format!("--jwks {}: {e}", path.display()))?
        .len();
    if size > MAX_JWKS_BYTES {
        return Err("--jwks: larger than 64 KB".into());
    }
    let jwks = std::fs::read_to_string(path).map_err(|e| format!("--jwks {}: {e}", path.display()))?;
    if !usable(&jwks) {
        return Err("--jwks: no RS384 or ES384 (P-384) public key in it".into());
    }
    Ok(Checked { name, jwks, types })
}

async fn list(db: &Db) -> Result<String, StorageError> {
    let clients = fhir_clients::all(db).await?;
    if clients.is_empty() {
        return Ok("No FHIR clients are registered.".into());
    }
    Ok(clients
        .iter()
        .map(|c| {
            let state = if c.revoked_at.is_some() { "revoked" } else { "active" };
            format!(
                "{}\t{}\t{state}\tcentres {:?}\t{}",
                c.client_id, c.name, c.centres, c.resource_types
            )
        })
        .collect::<Vec<_>>()
        .join("\n"))
}
