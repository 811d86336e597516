//! The wasm's way to the encrypted store on the phone (public/offline-store.js, loaded on
//! every page as `self.VtvOffline`): the plan kept for use without signal, and answers kept
//! until they can be sent. On the server there is no phone: nothing is kept, nothing found.
use crate::api::{checkins::Submission, offline::OfflinePlan};

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
}
