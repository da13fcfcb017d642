//! Sending to a real SMTP server (aiosmtpd); skipped without `LYKTA_TEST_PYTHON`.

use std::net::{Ipv4Addr, TcpListener};
use std::time::{Duration, Instant};

use lykta_mail::testing::SmtpPeer;
use lykta_mail::{Mail, MailError, MailSettings, Mailer};

fn settings(smtp_url: &str) -> MailSettings {
    MailSettings {
        smtp_url: smtp_url.to_owned(),
        from: "Lykta <noreply@example.org>".to_owned(),
    }
}

#[tokio::test]
async fn mails_arrive_intact() {
    let Some(peer) = SmtpPeer::start().await.expect("start aiosmtpd") else {
        eprintln!("skipped: LYKTA_TEST_PYTHON is not set");
        return;
    };
    let mailer = Mailer::new(&settings(&peer.url())).expect("valid settings");

    let long_line = "Blåbärssylt på smörgås är gott för både älgar och örnar. ".repeat(20);
    let swedish = Mail {
        to: "asa.oberg@example.org".to_owned(),
        to_name: "Åsa Öberg".to_owned(),
        subject: "Granska inlägget “Höstens älgjakt” – åäö ÅÄÖ, en lång rubrik som måste \
                  radbrytas i huvudet eftersom den är längre än sjuttioåtta tecken"
            .to_owned(),
        text: format!("Hej Åsa!\n\n{long_line}\n\nMed vänlig hälsning\nLykta\n"),
        message_id: "review-12-3@lykta".to_owned(),
        ..Mail::default()
    };
    let ascii = Mail {
        to: "bob@example.org".to_owned(),
        to_name: String::new(),
        subject: "Plain".to_owned(),
        text: "Just ASCII.".to_owned(),
        message_id: "review-12-4@lykta".to_owned(),
        ..Mail::default()
    };
    mailer.send(&swedish).await.expect("send the first mail");
    mailer.send(&ascii).await.expect("send the second mail");

    let received = peer.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 2, "{received:#?}");
    let (first, second) = (&received[0], &received[1]);

    assert_eq!(first.to, ["asa.oberg@example.org"]);
    assert_eq!(first.from, "noreply@example.org");
    assert_eq!(first.subject, swedish.subject);
    assert_eq!(first.text.trim_end(), swedish.text.trim_end());
    assert_eq!(first.message_id, "review-12-3@lykta");
    // Headers are 7-bit on the wire, and the long line was wrapped for transport.
    assert!(first.raw.lines().all(|l| l.len() <= 998), "{}", first.raw);
    let headers = first.raw.split("\n\n").next().unwrap_or_default();
    assert!(headers.is_ascii(), "{headers}");
    assert!(first.raw.contains("noreply@example.org"));

    assert_eq!(second.to, ["bob@example.org"]);
    assert_eq!(second.subject, "Plain");
    assert_eq!(second.text.trim_end(), "Just ASCII.");
    assert_eq!(second.message_id, "review-12-4@lykta");
}

#[tokio::test]
async fn a_closed_port_is_a_send_error() {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mailer = Mailer::new(&settings(&format!("smtp://127.0.0.1:{port}"))).expect("settings");
    let mail = Mail {
        to: "anna@example.org".to_owned(),
        to_name: "Anna".to_owned(),
        subject: "Hej".to_owned(),
        text: "Hej".to_owned(),
        message_id: "x-1@lykta".to_owned(),
        ..Mail::default()
    };
    let started = Instant::now();
    let error = mailer.send(&mail).await.expect_err("nobody listens");
    assert!(matches!(error, MailError::Send(_)), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(11), "{error}");
}

#[test]
fn bad_settings_are_config_errors() {
    for (url, from) in [
        ("not a url", "noreply@example.org"),
        ("http://127.0.0.1:25", "noreply@example.org"),
        ("smtp://127.0.0.1:25?tls=sometimes", "noreply@example.org"),
        ("smtp://127.0.0.1:25", "no at sign"),
        ("smtp://127.0.0.1:25", "Lykta <broken"),
        ("smtp://127.0.0.1:25", ""),
    ] {
        let settings = MailSettings {
            smtp_url: url.to_owned(),
            from: from.to_owned(),
        };
        match Mailer::new(&settings) {
            Err(MailError::Config(why)) => eprintln!("{url} / {from}: {why}"),
            other => panic!("{url} / {from}: expected a Config error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_bad_recipient_is_an_address_error() {
    let mailer = Mailer::new(&settings("smtp://127.0.0.1:25")).expect("settings");
    let mail = Mail {
        to: "not an address".to_owned(),
        to_name: String::new(),
        subject: "Hej".to_owned(),
        text: "Hej".to_owned(),
        message_id: "x-2@lykta".to_owned(),
        ..Mail::default()
    };
    let error = mailer.send(&mail).await.expect_err("bad address");
    assert!(
        matches!(&error, MailError::Address { to, .. } if to == "not an address"),
        "{error:?}"
    );
}
