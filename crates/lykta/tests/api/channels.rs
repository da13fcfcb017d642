//! The channel inventory: the public list, requests and decisions, health
//! flags, and bad input.

use crate::helpers::{backends, public_text as public, spawn_app, TestApp, ADMIN, AUTHOR};
use lykta_domain::ChannelStatus;

/// A URL as the templates write it (they escape `/`).
fn esc(url: &str) -> String {
    url.replace('/', "&#x2f;")
}

async fn channel_id(app: &TestApp, url: &str) -> i64 {
    app.state
        .store
        .channels(&[])
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.url == url)
        .unwrap()
        .id
}

#[tokio::test]
async fn the_public_list_shows_the_official_channels_and_every_footer_links_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        assert!(public(&app, "/").await.contains("href=\"/kanaler\""));
        assert!(public(&app, "/rontgenbloggen/")
            .await
            .contains("href=\"/kanaler\""));
        let page = public(&app, "/kanaler").await;
        assert!(
            page.contains("Röntgen på insidan")
                && page.contains(&esc("https://www.linkedin.com/company/region-alvdal"))
        );
        assert!(
            !page.contains("Vårdjobb i Älvdal"),
            "{backend:?}: a request is not official"
        );
        assert!(
            !page.contains("regiondirektoren.alvdal"),
            "a closed channel is not listed"
        );
        assert_eq!(public(&app, "/channels").await, page);
    }
}

#[tokio::test]
async fn units_request_channels_and_communicators_decide_with_a_reason() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let units = app.state.store.units().await.unwrap();
        let unit = units
            .iter()
            .find(|u| u.slug == "primarvarden")
            .unwrap()
            .id
            .to_string();
        let karin = app
            .state
            .store
            .users()
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.email == AUTHOR)
            .unwrap()
            .id
            .to_string();
        app.sign_in(AUTHOR).await;
        let ok = |url: &'static str| {
            vec![
                ("platform", "instagram"),
                ("name", "Vårdcentralen Norrforsen"),
                ("url", url),
                ("unit_id", unit.as_str()),
                ("owners", karin.as_str()),
                ("purpose", "Påminna om vaccinationer"),
                ("goal", "Fler vaccinerade"),
            ]
        };
        // Bad input: a message at each field, nothing saved.
        for (field, value, message) in [
            ("url", "instagram.com/norrforsen", "hela adressen"),
            (
                "url",
                "https://www.instagram.com/regionalvdal",
                "finns redan",
            ),
            ("unit_id", "99999", "Välj en enhet"),
            ("platform", "myspace", "Välj en plattform"),
        ] {
            let mut fields = ok("https://www.instagram.com/vc.norrforsen");
            for f in fields.iter_mut() {
                if f.0 == field {
                    f.1 = value;
                }
            }
            let r = app.post("/admin/channels", &fields).await;
            assert_eq!(r.status(), 422, "{field}={value}");
            assert!(r.text().await.unwrap().contains(message), "{message}");
        }
        let mut no_owner = ok("https://www.instagram.com/vc.norrforsen");
        no_owner.retain(|f| f.0 != "owners");
        assert_eq!(app.post("/admin/channels", &no_owner).await.status(), 422);
        let before = app.state.store.channels(&[]).await.unwrap().len();
        let r = app
            .post(
                "/admin/channels",
                &ok("https://www.instagram.com/vc.norrforsen"),
            )
            .await;
        assert_eq!(r.status(), 303, "{backend:?}");
        assert_eq!(
            app.state.store.channels(&[]).await.unwrap().len(),
            before + 1
        );
        let id = channel_id(&app, "https://www.instagram.com/vc.norrforsen").await;
        assert_eq!(
            app.state.store.channel(id).await.unwrap().status,
            ChannelStatus::Requested
        );
        // Only central communications decide.
        let decision = format!("/admin/channels/{id}/decision");
        assert_eq!(
            app.post(&decision, &[("decision", "approve")])
                .await
                .status(),
            403
        );
        assert_eq!(
            app.get(&format!("/admin/channels/{id}")).await.status(),
            403
        );
        app.sign_in(ADMIN).await;
        assert_eq!(
            app.post(&decision, &[("decision", "decline")])
                .await
                .status(),
            400,
            "a reason"
        );
        let r = app
            .post(
                &decision,
                &[
                    ("decision", "approve"),
                    ("reason", "Bra syfte, två ansvariga behövs."),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            app.post(&decision, &[("decision", "decline"), ("reason", "Nej")])
                .await
                .status(),
            409
        );
        assert!(public(&app, "/kanaler")
            .await
            .contains("Vårdcentralen Norrforsen"));
        // A stale edit is refused.
        let r = app
            .post(
                &format!("/admin/channels/{id}"),
                &[
                    ("version", "1"),
                    ("status", "paused"),
                    ("platform", "instagram"),
                    ("name", "X"),
                    ("url", "https://www.instagram.com/vc.norrforsen"),
                    ("owners", karin.as_str()),
                ],
            )
            .await;
        assert_eq!(r.status(), 409);
    }
}

#[tokio::test]
async fn health_flags_show_what_needs_looking_at() {
    let app = spawn_app(lykta_store::Backend::Sqlite).await;
    app.sign_in(ADMIN).await;
    let (status, html) = app.text("/admin/channels").await;
    assert_eq!(status, 200);
    let row = |url: &str| {
        let i = html.find(&esc(url)).unwrap_or_else(|| panic!("{url}"));
        let end = html[i..].find("</tr>").unwrap() + i;
        html[i..end].to_owned()
    };
    assert!(row("https://www.instagram.com/rontgenalvdal").contains("Färre än två ansvariga"));
    let group = row("https://www.facebook.com/groups/rontgenalvdal");
    assert!(
        group.contains("Ingen aktivitet på 90 dagar") && group.contains("Syfte eller mål saknas")
    );
    assert!(row("https://www.facebook.com/regionalvdal").contains("Inget"));
    app.sign_in(AUTHOR).await;
    assert_eq!(
        app.get("/admin/channels").await.status(),
        200,
        "everyone sees the inventory"
    );
    assert_eq!(
        app.get("/admin/channels/new").await.status(),
        200,
        "and may ask for a channel"
    );
}
