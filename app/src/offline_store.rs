//! The wasm's way to the encrypted store on the phone (public/offline-store.js, loaded on
//! every page as `self.VtvOffline`): the plan kept for use without signal, and answers kept
//! until they can be sent. On the server there is no phone: nothing is kept, nothing found.
use crate::{
    api::{checkins::Submission, offline::OfflinePlan},
    domain::checkins::form_fields::Fields,
};

/// The plan kept on this phone, if the person chose to keep one and it has not expired.
pub async fn kept_plan() -> Option<OfflinePlan> {
    let text = glue::load_plan().await?;
    serde_json::from_str(&text)
        .map_err(|error| leptos::logging::warn!("the plan kept on this phone could not be read: {error}"))
        .ok()
}

/// A new client id for a set of answers (a random UUID from the browser's WebCrypto), made
/// once per form, so that saving twice keeps one copy.
pub fn new_client_id() -> Option<String> {
    glue::new_client_id()
}

/// Keeps an answer encrypted on the phone, to be sent when the phone is back online (and
/// its owner signed in). Its client id and the time it was given are filled in if missing.
pub async fn keep_answer(submission: &Submission) -> Result<(), String> {
    let text = serde_json::to_string(submission).map_err(|e| e.to_string())?;
    glue::queue_answer(&text).await
}

/// A check-in half filled in, by linkId, kept sealed under the account's draft key: the same
/// record (and key) as the plain form's script keeps (`public/checkin-form.js`), so that a
/// draft begun in either form is resumed in the other.
pub async fn keep_draft(owner: i64, key: &str, fields: &Fields) -> Result<(), String> {
    let text = serde_json::to_string(fields).map_err(|e| e.to_string())?;
    glue::keep_draft(owner, key, &text).await
}

/// The fields kept for this check-in, if any (none when stale or unreadable).
pub async fn take_draft(owner: i64, key: &str) -> Option<Fields> {
    #[derive(serde::Deserialize)]
    struct Kept {
        fields: Fields,
    }
    let text = glue::take_draft(owner, key).await?;
    serde_json::from_str::<Kept>(&text).ok().map(|kept| kept.fields)
}

pub async fn drop_draft(owner: i64, key: &str) {
    glue::drop_draft(owner, key).await;
}

/// As the plain form's script names a draft: patient, questionnaire, and whom it is about.
pub fn draft_key(patient_id: i64, questionnaire: &str, about_myself: bool) -> String {
    let about = if about_myself { "self" } else { "about" };
    format!("{patient_id}/{questionnaire}/{about}")
}

#[cfg(feature = "hydrate")]
mod glue {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = VtvOffline, js_name = loadPlan, catch)]
        async fn load_plan_js() -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_namespace = VtvOffline, js_name = queueAnswer, catch)]
        async fn queue_answer_js(submission: JsValue) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_namespace = VtvOffline, js_name = newClientId, catch)]
        fn new_client_id_js() -> Result<String, JsValue>;
        #[wasm_bindgen(js_namespace = VtvOffline, js_name = keepDraft, catch)]
        async fn keep_draft_js(owner: f64, key: &str, fields: JsValue) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_namespace = VtvOffline, js_name = takeDraft, catch)]
        async fn take_draft_js(owner: f64, key: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_namespace = VtvOffline, js_name = dropDraft, catch)]
        async fn drop_draft_js(owner: f64, key: &str) -> Result<JsValue, JsValue>;
    }

    // Account ids are numbers in the store, as the plain form's script gives them.
    pub async fn keep_draft(owner: i64, key: &str, json: &str) -> Result<(), String> {
        let value = js_sys::JSON::parse(json).map_err(|e| format!("{e:?}"))?;
        keep_draft_js(owner as f64, key, value)
            .await
            .map(|_| ())
            .map_err(|e| format!("{e:?}"))
    }

    pub async fn take_draft(owner: i64, key: &str) -> Option<String> {
        let kept = take_draft_js(owner as f64, key).await.ok()?;
        if kept.is_null() || kept.is_undefined() {
            return None;
        }
        js_sys::JSON::stringify(&kept).ok()?.as_string()
    }

    pub async fn drop_draft(owner: i64, key: &str) {
        let _ = drop_draft_js(owner as f64, key).await;
    }

    pub fn new_client_id() -> Option<String> {
        new_client_id_js().ok()
    }

    pub async fn load_plan() -> Option<String> {
        load_plan_js().await.ok()?.as_string()
    }

    pub async fn queue_answer(json: &str) -> Result<(), String> {
        let value = js_sys::JSON::parse(json).map_err(|e| format!("{e:?}"))?;
        queue_answer_js(value).await.map(|_| ()).map_err(|e| format!("{e:?}"))
    }
}

#[cfg(not(feature = "hydrate"))]
mod glue {
    pub async fn load_plan() -> Option<String> {
        None
    }

    pub fn new_client_id() -> Option<String> {
        None
    }

    pub async fn queue_answer(_json: &str) -> Result<(), String> {
        Err("no phone on the server".into())
    }

    pub async fn keep_draft(_owner: i64, _key: &str, _json: &str) -> Result<(), String> {
        Err("no phone on the server".into())
    }

    pub async fn take_draft(_owner: i64, _key: &str) -> Option<String> {
        None
    }

    pub async fn drop_draft(_owner: i64, _key: &str) {}
}
