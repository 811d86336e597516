//! Attack: cross-site requests. A state-changing request that carries the session cookie but
//! neither `Origin` nor `Sec-Fetch-Site` (an old browser, a plug-in) is refused by the server,
//! not only kept off by the SameSite cookie; and an `Origin` is compared with ours in scheme
//! as well as host.
use crate::helpers::*;
use crate::on_both_databases;
use app::domain::role::Role;

on_both_databases!(a_cookie_without_origin_and_an_origin_of_another_scheme_are_refused);

async fn a_cookie_without_origin_and_an_origin_of_another_scheme_are_refused(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Leuven").await;
    app.user(Role::Nurse, "nurse@leuven.example", Some(centre)).await;
    let response = app.sign_in(&client(), "nurse@leuven.example", PASSWORD).await;
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string();
    let post = |origin: Option<String>| {
        let mut request = api_client()
            .post(app.url("/api/account/time-zone/set"))
            .header("cookie", &cookie)
            .header("accept", "application/json")
            .form(&[("time_zone", "Europe/Paris")]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    let bare = post(None).await.expect("request");
    assert_eq!(bare.status().as_u16(), 403, "a cookie and no origin at all");
    let https = post(Some(app.base.replace("http://", "https://")))
        .await
        .expect("request");
    assert_eq!(https.status().as_u16(), 403, "the same host over another scheme");
    let ours = post(Some(app.base.clone())).await.expect("request");
    assert_eq!(ours.status().as_u16(), 200, "our own origin");
}
