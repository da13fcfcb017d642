//! Sending e-mail over SMTP: plain text, or plain text with an HTML alternative, with
//! optional extra headers (e.g. RFC 8058 `List-Unsubscribe`).
//!
//! [`Mailer::new`] checks the [`MailSettings`] once; [`Mailer::send`] opens a connection per
//! mail (no pool), so a mailer can be kept for the life of the process and cloned freely.
//! Connecting may take 10 s, a whole send 60 s.
//! TLS (`smtps://`, `?tls=required`, `?tls=opportunistic`) goes through rustls with the
//! ring provider and the Mozilla (webpki) root certificates.

#[cfg(feature = "testing")]
pub mod testing;

use std::fmt;
use std::time::Duration;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long opening the connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole send may take. lettre's async transport applies its timeout only to
/// the TCP connect, so a server that accepts and then stays silent would hang forever.
const SEND_TIMEOUT: Duration = Duration::from_secs(60);

/// Where and as whom to send.
#[derive(Clone)]
pub struct MailSettings {
    /// The SMTP server, in lettre's URL syntax: `smtp://127.0.0.1:2525` (plain),
    /// `smtp://user:pass@mail.example.org:587?tls=required` (STARTTLS),
    /// `smtps://mail.example.org:465` (TLS from the start). User and password are
    /// percent-encoded.
    pub smtp_url: String,
    /// The sender: `Lykta <noreply@example.org>` or a bare address.
    pub from: String,
}

impl fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailSettings")
            .field("smtp_url", &redacted(&self.smtp_url))
            .field("from", &self.from)
            .finish()
    }
}

/// One mail to one recipient: plain text, with an HTML alternative when `html` is set.
#[derive(Debug, Clone, Default)]
pub struct Mail {
    /// The recipient's address.
    pub to: String,
    /// The recipient's name; may be empty.
    pub to_name: String,
    /// The subject (any UTF-8).
    pub subject: String,
    /// The body, plain text (any UTF-8, lines of any length).
    pub text: String,
    /// The Message-ID without angle brackets, e.g. `review-12-3@lykta`, so that a retried
    /// send is recognisable as the same mail.
    pub message_id: String,
    /// An HTML version of `text` (sent as `multipart/alternative`); `None`: text only.
    pub html: Option<String>,
    /// Extra headers, `(name, value)`: names of ASCII letters, digits and `-`, values of
    /// printable ASCII (no line breaks), e.g. `List-Unsubscribe: <https://…>`.
    pub headers: Vec<(String, String)>,
}

/// Why a mail could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The [`MailSettings`] are unusable (URL or sender).
    #[error("mail settings: {0}")]
    Config(String),
    /// This mail is unusable: its recipient address or its Message-ID.
    #[error("mail to {to}: {why}")]
    Address {
        /// The recipient as given.
        to: String,
        /// What is wrong.
        why: String,
    },
    /// The SMTP server could not be reached, or refused the mail.
    #[error("SMTP: {0}")]
    Send(String),
}

/// Sends mail through one SMTP server. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The URL with any password replaced, for `Debug` and errors.
    server: String,
    send_timeout: Duration,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// Checks the settings: the URL must be one lettre understands, and `from` a mailbox.
    pub fn new(settings: &MailSettings) -> Result<Mailer, MailError> {
        let server = redacted(&settings.smtp_url);
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|e| MailError::Config(format!("SMTP URL {server}: {}", chain(&e))))?
            .timeout(Some(CONNECT_TIMEOUT))
            .build();
        let from = settings.from.parse::<Mailbox>().map_err(|e| {
            MailError::Config(format!("sender {:?} is not an address: {e}", settings.from))
        })?;
        Ok(Mailer {
            transport,
            from,
            server,
            send_timeout: SEND_TIMEOUT,
        })
    }

    /// Sends one mail; returns once the server has accepted it.
    pub async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let message = self.message(mail)?;
        tokio::time::timeout(self.send_timeout, self.transport.send(message))
            .await
            .map_err(|_| {
                MailError::Send(format!(
                    "{} did not finish within {:?}",
                    self.server, self.send_timeout
                ))
            })?
            .map_err(|e| MailError::Send(chain(&e)))?;
        tracing::debug!(to = %mail.to, message_id = %mail.message_id, "mail sent");
        Ok(())
    }

    fn message(&self, mail: &Mail) -> Result<Message, MailError> {
        let bad = |why: String| MailError::Address {
            to: mail.to.clone(),
            why,
        };
        let address = mail
            .to
            .parse::<Address>()
            .map_err(|e| bad(format!("not an address: {e}")))?;
        let name = (!mail.to_name.trim().is_empty()).then(|| mail.to_name.trim().to_owned());
        let id = &mail.message_id;
        let id_ok = id.contains('@')
            && id
                .chars()
                .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>'));
        if !id_ok {
            return Err(bad(format!(
                "Message-ID {id:?} must be printable ASCII with an @, without <>"
            )));
        }
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(name, address))
            .subject(mail.subject.as_str())
            .message_id(Some(format!("<{id}>")));
        for (name, value) in &mail.headers {
            let name_ok =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            let value_ok = value.chars().all(|c| c.is_ascii_graphic() || c == ' ');
            let header_name = HeaderName::new_from_ascii(name.clone())
                .ok()
                .filter(|_| name_ok && value_ok)
                .ok_or_else(|| bad(format!("header {name:?}: {value:?} is not allowed")))?;
            builder = builder.raw_header(HeaderValue::new(header_name, value.clone()));
        }
        match &mail.html {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.text.clone()),
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                html.clone(),
            )),
        }
        .map_err(|e| bad(e.to_string()))
    }
}

/// The URL with its password (if any) replaced; an unparsable URL is not shown at all.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut url) => {
            if url.password().is_some() && url.set_password(Some("REDACTED")).is_err() {
                return "<URL with password>".to_owned();
            }
            url.to_string()
        }
        Err(_) => "<unparsable URL>".to_owned(),
    }
}

/// An error with its sources, `outer: inner: innermost`.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let inner_text = inner.to_string();
        if !text.contains(&inner_text) {
            text.push_str(": ");
            text.push_str(&inner_text);
        }
        source = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> MailSettings {
        MailSettings {
            smtp_url: url.to_owned(),
            from: "Lykta <noreply@example.org>".to_owned(),
        }
    }

    #[test]
    fn debug_never_shows_the_password() {
        let settings = settings("smtp://user:hemligt@mail.example.org:587?tls=required");
        let mailer = Mailer::new(&settings).expect("valid settings");
        for text in [format!("{settings:?}"), format!("{mailer:?}")] {
            assert!(!text.contains("hemligt"), "{text}");
            assert!(text.contains("mail.example.org"), "{text}");
        }
    }

    #[test]
    fn tls_urls_are_accepted() {
        for url in [
            "smtps://mail.example.org:465",
            "smtp://mail.example.org:587?tls=required",
            "smtp://mail.example.org?tls=opportunistic",
        ] {
            Mailer::new(&settings(url)).expect(url);
        }
    }

    #[test]
    fn bad_message_ids_are_refused() {
        let mailer = Mailer::new(&settings("smtp://127.0.0.1:25")).expect("valid settings");
        for id in ["", "no-at-sign", "<a@b>", "a b@c", "a@b\r\nBcc: x@y"] {
            let mail = Mail {
                to: "anna@example.org".to_owned(),
                to_name: String::new(),
                subject: "s".to_owned(),
                text: "t".to_owned(),
                message_id: id.to_owned(),
                ..Mail::default()
            };
            assert!(
                matches!(mailer.message(&mail), Err(MailError::Address { .. })),
                "{id:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_silent_server_times_out() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("smtp://{}", listener.local_addr().expect("address"));
        // Accept and hold the connection, never greeting.
        let server = tokio::spawn(async move { listener.accept().await });
        let mut mailer = Mailer::new(&settings(&url)).expect("valid settings");
        mailer.send_timeout = Duration::from_millis(300);
        let mail = Mail {
            to: "anna@example.org".to_owned(),
            to_name: String::new(),
            subject: "s".to_owned(),
            text: "t".to_owned(),
            message_id: "a@b".to_owned(),
            ..Mail::default()
        };
        let error = mailer.send(&mail).await.expect_err("no greeting");
        assert!(
            matches!(&error, MailError::Send(why) if why.contains("within")),
            "{error}"
        );
        server.abort();
    }

    #[test]
    fn extra_headers_cannot_inject_lines() {
        let mailer = Mailer::new(&settings("smtp://127.0.0.1:25")).expect("valid settings");
        for (name, value) in [
            ("List-Unsubscribe", "<https://a.example/u>\r\nBcc: x@y"),
            ("Bcc: x@y\r\nX", "v"),
            ("", "v"),
        ] {
            let mail = Mail {
                to: "anna@example.org".to_owned(),
                message_id: "a@b".to_owned(),
                headers: vec![(name.to_owned(), value.to_owned())],
                ..Mail::default()
            };
            assert!(
                matches!(mailer.message(&mail), Err(MailError::Address { .. })),
                "{name:?}: {value:?}"
            );
        }
    }

    #[test]
    fn html_goes_as_an_alternative_with_the_headers() {
        let mailer = Mailer::new(&settings("smtp://127.0.0.1:25")).expect("valid settings");
        let mail = Mail {
            to: "anna@example.org".to_owned(),
            subject: "s".to_owned(),
            text: "plain".to_owned(),
            html: Some("<p>rich</p>".to_owned()),
            message_id: "a@b".to_owned(),
            headers: vec![(
                "List-Unsubscribe-Post".to_owned(),
                "List-Unsubscribe=One-Click".to_owned(),
            )],
            ..Mail::default()
        };
        let raw =
            String::from_utf8(mailer.message(&mail).expect("message").formatted()).expect("utf-8");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(
            raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{raw}"
        );
        assert!(
            raw.contains("text/html") && raw.contains("text/plain"),
            "{raw}"
        );
    }

    #[test]
    fn mailer_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Mailer>();
    }
}
