//! Dense, sortable tables for the nurses' desk: on a wide screen a table that uses the width,
//! on a phone the same rows stacked as cards (`table.dense` in `style/main.css`). Sorting is a
//! link (`?sort=key&desc=1`), so it works before the page's code has loaded, and the header
//! says which column sorts the rows (`aria-sort`).
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The sort asked for in the address: the column's key and whether it runs backwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortBy {
    pub key: String,
    pub descending: bool,
}

/// The address's sort, or `default` ascending.
pub fn use_sort(default: &'static str) -> Memo<SortBy> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        SortBy {
            key: q
                .get("sort")
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| default.to_string()),
            descending: q.get("desc").as_deref() == Some("1"),
        }
    })
}

/// A column header that sorts by `key`; a second tap reverses it. `keep` are other query
/// parameters the link carries (the board's search and filters), already encoded.
#[component]
pub fn SortHeader(
    key: &'static str,
    label: &'static str,
    sort: Memo<SortBy>,
    #[prop(optional, into)] keep: Signal<String>,
) -> impl IntoView {
    let state = move || {
        let s = sort.get();
        (s.key == key).then_some(s.descending)
    };
    let href = move || {
        let reverse = state() == Some(false);
        let extra = keep.get();
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!("&{extra}")
        };
        format!("?sort={key}{}{extra}", if reverse { "&desc=1" } else { "" })
    };
    let aria = move || match state() {
        Some(false) => "ascending",
        Some(true) => "descending",
        None => "none",
    };
    view! {
        <th scope="col" aria-sort=aria>
            <a href=href>{label}{move || match state() {
                Some(false) => " ▲",
                Some(true) => " ▼",
                None => "",
            }}</a>
        </th>
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}
