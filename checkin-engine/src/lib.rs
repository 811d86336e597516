//! The domain's [`assess`] behind one JSON-in, JSON-out call, for `public/checkin-form.js`.
//! The wasm's whole interface is four functions over its memory: the page asks for room
//! (`engine_alloc`), writes the request there, calls `engine_assess`, and reads the answer
//! at `engine_output` (its length is what `engine_assess` returned).
use app::domain::{
    checkins::{
        form_fields::{assess, Assessment, Fields},
        Questionnaire,
    },
    triage::TriageRules,
};
use serde::{Deserialize, Serialize};
use std::{cell::RefCell, sync::OnceLock};

/// What the page sends: the questionnaire it drew, the fields as they are, the centre's fever
/// threshold, and whether the person pressed "Send".
#[derive(Deserialize)]
pub struct Request {
    pub questionnaire: Questionnaire,
    pub fields: Fields,
    #[serde(default)]
    pub fever_threshold_c: Option<f64>,
    #[serde(default)]
    pub sending: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    Ok(Assessment),
    /// The request could not be read, or the shipped rules not parsed: the page then says
    /// that the answers could not be checked, with the numbers to call.
    Error(String),
}

fn rules() -> Result<&'static TriageRules, String> {
    static RULES: OnceLock<Result<TriageRules, String>> = OnceLock::new();
    RULES
        .get_or_init(|| TriageRules::builtin().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// The whole engine as a Rust function: a request's JSON in, the reply's JSON out.
pub fn answer(request: &[u8]) -> String {
    let reply = serde_json::from_slice::<Request>(request)
        .map_err(|e| e.to_string())
        .and_then(|r| {
            let rules = rules()?;
            Ok(assess(
                &r.questionnaire,
                &r.fields,
                rules,
                r.fever_threshold_c,
                r.sending,
            ))
        });
    let reply = match reply {
        Ok(assessment) => Reply::Ok(assessment),
        Err(error) => Reply::Error(error),
    };
    serde_json::to_string(&reply).unwrap_or_else(|_| r#"{"error":"not serialisable"}"#.to_string())
}

thread_local! {
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Room for a request of `len` bytes, which `engine_assess` takes back.
#[no_mangle]
pub extern "C" fn engine_alloc(len: usize) -> *mut u8 {
    // A boxed slice is exactly `len` long, as `engine_assess` takes it back.
    Box::into_raw(vec![0u8; len].into_boxed_slice()).cast::<u8>()
}

/// Reads the request written at `at` (from `engine_alloc(len)`, freed here) and returns the
/// reply's length; the reply stays at `engine_output()` until the next call.
///
/// # Safety
/// `at` must come from `engine_alloc(len)`, with `len` bytes written, and not be used again.
#[no_mangle]
pub unsafe extern "C" fn engine_assess(at: *mut u8, len: usize) -> usize {
    // SAFETY: per the contract above, `at` is the boxed slice of `len` bytes `engine_alloc` made.
    let request: Box<[u8]> = unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(at, len)) };
    let reply = answer(&request).into_bytes();
    let len = reply.len();
    OUTPUT.with(|output| *output.borrow_mut() = reply);
    len
}

/// Where the last reply is.
#[no_mangle]
pub extern "C" fn engine_output() -> *const u8 {
    OUTPUT.with(|output| output.borrow().as_ptr())
}

#[cfg(test)]
mod tests;
