//! An integration reports only on its own products (and its own centre, if it has one).
//! Outside that, an order is answered exactly as an unknown one, and nothing changes.
use crate::helpers::{count, Kind};
use crate::manufacturing_events::{issue, now, send};
use crate::on_both_databases;
use crate::timeline::{start, ward};
use serde_json::{json, Value};

on_both_databases!(
    an_integration_reports_only_on_its_products_and_centre,
    an_integration_needs_known_products_and_a_known_centre,
);

async fn an_integration_reports_only_on_its_products_and_centre(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-SCOPE-1").await.0, 200);
    let other_centre = w.app.centre("Gent").await.to_string();
    let own_centre = w.centre_id.to_string();
    let other_maker = issue(&w, "Other maker", &["tisa-cel", "ide-cel"], "")
        .await
        .expect("made");
    let elsewhere = issue(&w, "Point of care, Gent", &["axi-cel"], &other_centre)
        .await
        .expect("made");
    let here = issue(&w, "Point of care, Leuven", &["axi-cel"], &own_centre)
        .await
        .expect("made");

    let released = json!({ "type": "product_released", "order_reference": "ORD-SCOPE-1", "occurred_at": chrono::Utc::now().to_rfc3339() });
    let unknown = json!({ "type": "product_released", "order_reference": "ORD-NOBODY", "occurred_at": chrono::Utc::now().to_rfc3339() });
    let (status, unknown_answer) = send(&w, &other_maker, "msg_unknown", now(), &unknown).await;
    assert_eq!(status, 404);
    for (secret, id) in [(&other_maker, "msg_product"), (&elsewhere, "msg_centre")] {
        let (status, answer) = send(&w, secret, id, now(), &released).await;
        assert_eq!(
            (status, &answer),
            (404, &unknown_answer),
            "outside the scope looks unknown"
        );
    }
    assert_eq!(count(&w.app, "timeline_changes").await, 0);
    assert_eq!(count(&w.app, "webhook_deliveries").await, 0);

    let (status, body) = send(&w, &here, "msg_here", now(), &released).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("applied")), "{body}");
    assert_eq!(count(&w.app, "timeline_changes").await, 1);
}

async fn an_integration_needs_known_products_and_a_known_centre(kind: Kind) {
    let w = ward(kind).await;
    let problems = |answer: Value| -> Vec<String> {
        answer["problems"]
            .as_array()
            .or_else(|| answer["Invalid"].as_array())
            .map(|list| {
                list.iter()
                    .map(|p| {
                        format!(
                            "{}:{}",
                            p["field"].as_str().unwrap_or("?"),
                            p["problem"].as_str().unwrap_or("?")
                        )
                    })
                    .collect()
            })
            .unwrap_or_else(|| vec![answer.to_string()])
    };
    let none = issue(&w, "No products", &[], "").await.expect_err("refused");
    assert_eq!(problems(none), ["products:Required"]);
    let unknown = issue(&w, "Unknown product", &["axi-cel", "warp-cel"], "")
        .await
        .expect_err("refused");
    assert_eq!(problems(unknown), ["products:ChoiceInvalid"]);
    for centre in ["999999", "Leuven"] {
        let bad = issue(&w, "Unknown centre", &["axi-cel"], centre)
            .await
            .expect_err("refused");
        assert_eq!(problems(bad), ["centre:ChoiceInvalid"], "{centre}");
    }
    let both = issue(&w, "  ", &[], "x").await.expect_err("refused");
    assert_eq!(
        problems(both),
        ["name:Required", "products:Required", "centre:ChoiceInvalid"]
    );
    assert_eq!(count(&w.app, "integrations").await, 0, "nothing was made");
}
