//! The channel inventory: the public list, requests and decisions, health
//! flags, and bad input.

use crate::helpers::{
    assert_conflict, backends, public_text as public, spawn_app, TestApp, ADMIN, AUTHOR,
};
use lykta_domain::ChannelId;
use lykta_domain::ChannelStatus;

/// A URL as the templates write it (they escape `/`).
fn esc(url: &str) -> String {
    url.replace('/', "&#x2f;")
}

async fn channel_id(app: &TestApp, url: &str) -> ChannelId {
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
        // A stale edit is refused; the form comes back with what was typed,
        // the colleague's version beside it, and builds on that version.
        let current = app.state.store.channel(id).await.unwrap().version;
        assert!(current > 1);
        let edit = |version: String, name: &'static str| {
            let app = &app;
            let karin = karin.clone();
            async move {
                app.post(
                    &format!("/admin/channels/{id}"),
                    &[
                        ("version", version.as_str()),
                        ("status", "paused"),
                        ("platform", "instagram"),
                        ("name", name),
                        ("url", "https://www.instagram.com/vc.norrforsen"),
                        ("owners", karin.as_str()),
                    ],
                )
                .await
            }
        };
        let r = edit("1".into(), "Ett namn som inte får försvinna").await;
        assert_conflict(
            r,
            "Ett namn som inte får försvinna",
            "Vårdcentralen Norrforsen",
            current,
        )
        .await;
        assert_eq!(
            app.state.store.channel(id).await.unwrap().name,
            "Vårdcentralen Norrforsen",
            "nothing was saved"
        );
        // Saving the form again (on the version it now carries) keeps the text.
        let r = edit(current.to_string(), "Ett namn som inte får försvinna").await;
        assert_eq!(r.status(), 303, "{backend:?}");
        assert_eq!(
            app.state.store.channel(id).await.unwrap().name,
            "Ett namn som inte får försvinna"
        );
    }
}

#[tokio::test]
async fn health_flags_show_what_needs_looking_at() {
    for backend in backends() {
        let app = spawn_app(backend).await;
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
            group.contains("Ingen aktivitet på 90 dagar")
                && group.contains("Syfte eller mål saknas")
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
}

async fn import(app: &TestApp, bytes: Vec<u8>) -> (u16, String) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes)
            .file_name("kanaler.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    let r = app
        .client
        .post(format!(
            "{}/admin/channels/import?csrf={}",
            app.address,
            app.csrf()
        ))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Press "Spara ändringarna" on the preview page `html`: the file as
/// previewed and the preview's digest go back, as the browser sends them.
async fn confirm(app: &TestApp, html: &str) -> (u16, String) {
    let field = |name: &str| {
        let start = format!("name=\"{name}\" value=\"");
        let at = html
            .find(&start)
            .unwrap_or_else(|| panic!("{name} in {html}"))
            + start.len();
        html[at..at + html[at..].find('"').unwrap()].to_owned()
    };
    let form = reqwest::multipart::Form::new()
        .text("previewed", field("previewed"))
        .text("digest", field("digest"));
    let r = app
        .client
        .post(format!(
            "{}/admin/channels/import?csrf={}",
            app.address,
            app.csrf()
        ))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Upload a file, look at its preview and save it.
async fn import_and_save(app: &TestApp, bytes: Vec<u8>) -> (u16, String) {
    let (status, html) = import(app, bytes).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("Ingenting är sparat än"),
        "a preview first: {html}"
    );
    confirm(app, &html).await
}

/// Windows-1252, as Excel with a Swedish locale saves "CSV (semikolonavgränsad)".
fn cp1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[tokio::test]
async fn the_inventory_exports_as_csv_with_the_acknowledged_guideline_version() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let r = app.get("/admin/channels.csv").await;
        assert_eq!(r.status(), 200, "{backend:?}");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let bytes = r.bytes().await.unwrap();
        assert!(
            bytes.starts_with(b"\xef\xbb\xbf"),
            "a BOM, so Excel reads UTF-8"
        );
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&bytes[3..]);
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "plattform");
        assert_eq!(&headers[2], "adress");
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(
            rows.len(),
            app.state.store.channels(&[]).await.unwrap().len(),
            "every channel, requested and closed too"
        );
        let row = |url: &str| {
            rows.iter()
                .find(|r| &r[2] == url)
                .unwrap_or_else(|| panic!("{url}"))
                .clone()
        };
        let fb = row("https://www.facebook.com/regionalvdal");
        assert_eq!(&fb[0], "Facebook");
        assert_eq!(&fb[3], "Kommunikationsavdelningen");
        assert!(fb[4].contains("anna@alvdal.example") && fb[4].contains("nora@alvdal.example"));
        assert_eq!(&fb[12], "2", "both owners acknowledged version 2");
        assert_eq!(
            &row("https://www.facebook.com/groups/rontgenalvdal")[12],
            "1",
            "Leila has only acknowledged the first version"
        );
        assert_eq!(&row("https://www.tiktok.com/@vardjobbalvdal")[12], "");
        // The same shows in the inventory, with a health flag.
        let html = app.text("/admin/channels").await.1;
        let at = html
            .find(&esc("https://www.facebook.com/groups/rontgenalvdal"))
            .unwrap();
        let group = &html[at..at + html[at..].find("</tr>").unwrap()];
        assert!(group.contains("version 1") && group.contains("inte kvitterat riktlinjerna"));
        // The file (everyone's address) and who has acknowledged are the
        // communicators' to see; so is importing.
        app.sign_in(AUTHOR).await;
        assert_eq!(app.get("/admin/channels.csv").await.status(), 403);
        let html = app.text("/admin/channels").await.1;
        assert!(html.contains("Röntgen på insidan"), "the inventory itself");
        assert!(!html.contains("Riktlinjer kvitterade") && !html.contains("inte kvitterat"));
        let (status, _) = import(&app, b"plattform;namn;adress\n".to_vec()).await;
        assert_eq!(status, 403);
        assert_eq!(app.get("/admin/channels/import").await.status(), 403);
    }
}

#[tokio::test]
async fn an_excel_file_imports_whole_or_not_at_all_with_row_and_column_messages() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let before = app.state.store.channels(&[]).await.unwrap();
        let header =
            "Plattform;Namn;Adress;Enhet;Ansvariga;Syfte;Mål;Läge;Startad;Senaste aktivitet\r\n";
        let good = [
            "Instagram;Vårdcentralen Åsen;https://www.instagram.com/vc.asen;Primärvården;karin@alvdal.example, johan@alvdal.example;Påminna om vaccinationer;Fler vaccinerade;Aktiv;2023-04-01;2026-11-20",
            "facebook;Region Älvdal (ny text);https://www.facebook.com/regionalvdal;Kommunikationsavdelningen;anna@alvdal.example;Nyheter och dialog;Förtroende;vilande;;",
        ];
        // Every kind of problem, each named by row and column; nothing saved.
        let bad = [
            "MySpace;Gammalt;https://myspace.com/alvdal;;anna@alvdal.example;;;;;",
            "Instagram;Okänd enhet;https://www.instagram.com/okand;Ekonomiavdelningen;anna@alvdal.example;;;;;",
            "Instagram;Fel datum;https://www.instagram.com/datum;;anna@alvdal.example;;;;3/14/2024;",
            "Instagram;Dubblett;https://www.instagram.com/vc.asen;;anna@alvdal.example;;;;;",
            "Instagram;Okänd person;https://www.instagram.com/person;;ingen@alvdal.example;;;;;",
            "Instagram;Ingen adress;instagram.com/x;;anna@alvdal.example;;;;;",
        ];
        let file = format!("{header}{}\r\n{}\r\n", good.join("\r\n"), bad.join("\r\n"));
        let (status, html) = import(&app, cp1252(&file)).await;
        assert_eq!(status, 422, "{backend:?}");
        for (row, column, message) in [
            (4, "Plattform", "Okänd plattform"),
            (5, "Enhet", "ingen enhet med det namnet"),
            (6, "Startad", "ÅÅÅÅ-MM-DD"),
            (7, "Adress", "Samma adress står redan på rad 2"),
            (8, "Ansvariga", "Ingen person har den e-postadressen"),
            (9, "Adress", "hela adressen"),
        ] {
            let line = format!("Rad {row}, kolumn ”{column}”:");
            let at = html
                .find(&line)
                .unwrap_or_else(|| panic!("{line} in {html}"));
            let item = &html[at..at + html[at..].find("</li>").unwrap()];
            assert!(item.contains(message), "{item}");
        }
        assert!(html.contains("Ingenting har sparats") && html.contains("windows-1252"));
        let after = app.state.store.channels(&[]).await.unwrap();
        assert_eq!(after.len(), before.len(), "nothing half-imported");
        assert!(after.iter().all(|c| c.name != "Region Älvdal (ny text)"));
        // Wrong columns are named too.
        let (status, html) = import(&app, cp1252("Plattform;Namn;Färg\r\nX;Y;Z\r\n")).await;
        assert_eq!(status, 422);
        assert!(html.contains("Kolumnen ”Färg” känns inte igen"), "{html}");
        let (status, html) = import(&app, b"Plattform;Namn\r\nX;Y\r\n".to_vec()).await;
        assert_eq!(status, 422);
        assert!(html.contains("Kolumnen ”adress” saknas"), "{html}");
        // The good rows alone: one added, one updated, in Windows-1252.
        let file = format!("{header}{}\r\n", good.join("\r\n"));
        let (status, html) = import_and_save(&app, cp1252(&file)).await;
        assert_eq!(status, 200, "{html}");
        assert!(
            html.contains("1 kanal tillagd, 1 uppdaterad, 0 oförändrade"),
            "{html}"
        );
        let after = app.state.store.channels(&[]).await.unwrap();
        assert_eq!(after.len(), before.len() + 1);
        let asen = after
            .iter()
            .find(|c| c.url == "https://www.instagram.com/vc.asen")
            .unwrap();
        assert_eq!(asen.name, "Vårdcentralen Åsen");
        assert_eq!(asen.unit_name.as_deref(), Some("Primärvården"));
        assert_eq!(asen.owners.len(), 2);
        assert_eq!(asen.status, ChannelStatus::Active);
        assert_eq!(
            lykta_domain::iso_date(lykta_domain::stockholm_date(asen.created_at)),
            "2023-04-01"
        );
        let fb = after
            .iter()
            .find(|c| c.url == "https://www.facebook.com/regionalvdal")
            .unwrap();
        assert_eq!(fb.name, "Region Älvdal (ny text)");
        assert_eq!(fb.status, ChannelStatus::Paused);
        assert_eq!(fb.owners.len(), 1);
        // A name that Excel would run as a formula is defused in the file.
        let anna = app.state.store.users().await.unwrap()[0].id.to_string();
        let r = app
            .post(
                "/admin/channels",
                &[
                    ("platform", "other"),
                    ("name", "=HYPERLINK(\"https://evil.example\";\"Klicka\")"),
                    ("url", "https://forum.example/alvdal"),
                    ("owners", &anna),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let after = app.state.store.channels(&[]).await.unwrap();
        // An export imports again unchanged (UTF-8 with BOM this time).
        let exported = app.get("/admin/channels.csv").await.bytes().await.unwrap();
        let text = String::from_utf8_lossy(&exported);
        assert!(
            text.contains("'=HYPERLINK"),
            "a leading quote keeps it text"
        );
        let (status, html) = import(&app, exported.to_vec()).await;
        assert_eq!(status, 200, "{html}");
        assert!(
            html.contains(&format!(
                "0 kanaler läggs till, 0 ändras, {} är oförändrade",
                after.len()
            )) && html.contains("det finns inget att spara"),
            "a file that changes nothing says so: {html}"
        );
        let versions: Vec<i64> = after.iter().map(|c| c.version).collect();
        let kept: Vec<i64> = app
            .state
            .store
            .channels(&[])
            .await
            .unwrap()
            .iter()
            .map(|c| c.version)
            .collect();
        assert_eq!(versions, kept, "nothing was written");
        let again = app.state.store.channels(&[]).await.unwrap();
        assert_eq!(again.len(), after.len());
        assert!(
            again.iter().any(|c| c.name.starts_with("=HYPERLINK")),
            "and the quote is taken off on the way back in"
        );
    }
}

#[tokio::test]
async fn a_file_with_fewer_columns_changes_only_what_it_has() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let before = app.state.store.channels(&[]).await.unwrap();
        let old = |url: &str| before.iter().find(|c| c.url == url).unwrap().clone();
        let closed = old("https://www.facebook.com/regiondirektoren.alvdal");
        let insta = old("https://www.instagram.com/regionalvdal");
        // Names only: units, owners, purposes and statuses stay as they are.
        let file = "Plattform;Namn;Adress\n\
            Facebook;Regiondirektören (stängd);https://www.facebook.com/regiondirektoren.alvdal\n\
            Instagram;Region Älvdal på Instagram;https://www.instagram.com/regionalvdal\n";
        let (status, html) = import_and_save(&app, file.as_bytes().to_vec()).await;
        assert_eq!(status, 200, "{backend:?}: {html}");
        let after = app.state.store.channels(&[]).await.unwrap();
        let new = |url: &str| after.iter().find(|c| c.url == url).unwrap().clone();
        let c = new(&closed.url);
        assert_eq!(c.name, "Regiondirektören (stängd)");
        assert_eq!(c.status, ChannelStatus::Closed, "still closed");
        assert_eq!(c.unit_id, closed.unit_id);
        let i = new(&insta.url);
        assert_eq!(i.owners.len(), insta.owners.len());
        assert_eq!(
            (i.purpose.as_str(), i.goal.as_str()),
            (insta.purpose.as_str(), insta.goal.as_str())
        );
        assert_eq!(i.last_activity_at, insta.last_activity_at);
        assert!(!public(&app, "/kanaler")
            .await
            .contains("Regiondirektören (stängd)"));
        // A new channel needs its responsible persons; the column is named.
        let (status, html) = import(
            &app,
            "Plattform;Namn;Adress\nLinkedIn;Ny sida;https://www.linkedin.com/company/ny\n"
                .as_bytes()
                .to_vec(),
        )
        .await;
        assert_eq!(status, 422);
        assert!(html.contains("Rad 2, kolumn ”ansvariga”:"), "{html}");
        assert!(!html.contains("inga rader utöver"), "there are rows");
    }
}

#[tokio::test]
async fn big_tables_are_refused_with_their_limit_and_nothing_is_saved() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(crate::helpers::ADMIN).await;
        let before = app.state.store.channels(&[]).await.unwrap().len();
        let header = "Plattform;Namn;Adress;Enhet;Ansvariga\n";
        // 100 000 rows: larger than a file may be.
        let mut huge = String::from(header);
        for n in 0..100_000 {
            huge.push_str(&format!(
                "Facebook;Sida {n};https://www.facebook.com/sida{n};;anna@alvdal.example\n"
            ));
        }
        let (status, html) = import(&app, huge.into_bytes()).await;
        assert_eq!(status, 413);
        assert!(html.contains("Filen är större än 1 MB"), "{html}");
        // Within the size but over the row limit.
        let mut many = String::from(header);
        for n in 0..5_001 {
            many.push_str(&format!("Facebook;S{n};https://f.se/{n};;a\n"));
        }
        let (status, html) = import(&app, many.into_bytes()).await;
        assert_eq!(status, 422);
        assert!(html.contains("fler än 5 000 rader"), "{html}");
        assert_eq!(app.state.store.channels(&[]).await.unwrap().len(), before);
    }
}

#[tokio::test]
async fn an_import_shows_what_will_change_and_saves_exactly_that_when_confirmed() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let before = app.state.store.channels(&[]).await.unwrap();
        let insta = before
            .iter()
            .find(|c| c.url == "https://www.instagram.com/regionalvdal")
            .unwrap()
            .clone();
        let fb = before
            .iter()
            .find(|c| c.url == "https://www.facebook.com/regionalvdal")
            .unwrap()
            .clone();
        let file = format!(
            "Plattform;Namn;Adress;Ansvariga;Läge\n\
             Instagram;Nytt namn på Instagram;{};anna@alvdal.example;Vilande\n\
             Facebook;{};{};{};\n\
             LinkedIn;Region Älvdal på LinkedIn;https://www.linkedin.com/company/alvdal;anna@alvdal.example;\n",
            insta.url,
            fb.name,
            fb.url,
            fb.owners
                .iter()
                .map(|o| o.email.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        let (status, html) = import(&app, file.clone().into_bytes()).await;
        assert_eq!(status, 200, "{backend:?}: {html}");
        assert!(
            html.contains("1 kanal läggs till, 1 ändras, 1 är oförändrad"),
            "{html}"
        );
        let row = |n: usize| {
            let at = html
                .find(&format!("<td>{n}</td>"))
                .unwrap_or_else(|| panic!("row {n} in {html}"));
            html[at..at + html[at..].find("</tr>").unwrap()].to_owned()
        };
        let changed = row(2);
        assert!(changed.contains("Ändras"), "{changed}");
        assert!(
            changed.contains(&format!(
                "<strong>Namn</strong>: från ”{}” till ”Nytt namn på Instagram”",
                insta.name
            )),
            "which field, old and new: {changed}"
        );
        assert!(
            changed.contains("<strong>Läge</strong>: från ”Aktiv” till ”Vilande”"),
            "{changed}"
        );
        assert!(
            !changed.contains("Syfte"),
            "a column the file lacks is kept"
        );
        assert!(row(3).contains("Oförändrad"));
        let added = row(4);
        assert!(added.contains("Läggs till") && added.contains("Region Älvdal på LinkedIn"));
        assert!(html.contains("Spara ändringarna"));
        assert_eq!(
            app.state.store.channels(&[]).await.unwrap().len(),
            before.len(),
            "nothing saved by the preview"
        );

        // A colleague changes a channel of the file in between: nothing is
        // saved, and the preview is shown again as it stands now.
        let mut edit = app.state.store.channel(insta.id).await.unwrap();
        edit.purpose = "Ändrat av en kollega".into();
        let version = edit.version.to_string();
        let owners: Vec<String> = edit.owners.iter().map(|o| o.user_id.to_string()).collect();
        let mut form = vec![
            ("version", version.as_str()),
            ("status", "paused"),
            ("platform", "instagram"),
            ("name", "Kollegans namn"),
            ("url", edit.url.as_str()),
            ("purpose", edit.purpose.as_str()),
        ];
        form.extend(owners.iter().map(|o| ("owners", o.as_str())));
        assert_eq!(
            app.post(&format!("/admin/channels/{}", insta.id), &form)
                .await
                .status(),
            303
        );
        let (status, again) = confirm(&app, &html).await;
        assert_eq!(status, 409, "{backend:?}: {again}");
        assert!(
            again.contains("Någon har ändrat kanalförteckningen"),
            "{again}"
        );
        assert!(
            again.contains("från ”Kollegans namn” till ”Nytt namn på Instagram”"),
            "the preview as it stands now: {again}"
        );
        let now = app.state.store.channels(&[]).await.unwrap();
        assert_eq!(now.len(), before.len(), "{backend:?}: nothing saved");
        assert_eq!(
            app.state.store.channel(insta.id).await.unwrap().name,
            "Kollegans namn"
        );
        // Saving the new preview saves exactly it.
        let (status, done) = confirm(&app, &again).await;
        assert_eq!(status, 200, "{done}");
        assert!(
            done.contains("1 kanal tillagd, 1 uppdaterad, 1 oförändrad"),
            "{done}"
        );
        let c = app.state.store.channel(insta.id).await.unwrap();
        assert_eq!(
            (c.name.as_str(), c.status, c.purpose.as_str()),
            (
                "Nytt namn på Instagram",
                ChannelStatus::Paused,
                "Ändrat av en kollega"
            )
        );
        assert_eq!(
            app.state.store.channels(&[]).await.unwrap().len(),
            before.len() + 1
        );
        // A tampered or stale digest saves nothing either.
        let (status, _) = confirm(&app, &again).await;
        assert_eq!(status, 409, "the same preview twice");
    }
}
