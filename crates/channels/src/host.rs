//! Platform addresses people give (a Mastodon server, a Bluesky PDS) are
//! fetched by the server, so they must not point inside the network Lykta
//! runs in: loopback, private, link-local, shared or unspecified addresses
//! are refused unless the installation allows them
//! (`allow_private_channel_hosts`, for tests and the demo's local peers).
//! [`check`] resolves the host when the address is given and checks every
//! address it has; [`client`] checks again at every connection, so a name
//! that later resolves inwards is refused too.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Why an address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HostProblem {
    #[error("the address cannot be read or its host name does not resolve")]
    Unresolvable,
    #[error("the address points at a private, loopback or link-local network")]
    Private,
}

/// Whether `ip` is on the public internet (not loopback, private,
/// link-local, carrier-grade NAT, unique local, multicast, documentation
/// or unspecified; IPv4 inside IPv6 judged as IPv4).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0)
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

/// Check the platform address `url`: its host resolves, and (unless
/// `allow_private`) only to public addresses.
pub async fn check(url: &str, allow_private: bool) -> Result<(), HostProblem> {
    let u = url::Url::parse(url).map_err(|_| HostProblem::Unresolvable)?;
    let host = u.host_str().ok_or(HostProblem::Unresolvable)?;
    let port = u.port_or_known_default().unwrap_or(443);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|_| HostProblem::Unresolvable)?
        .collect();
    if addrs.is_empty() {
        return Err(HostProblem::Unresolvable);
    }
    if !allow_private && addrs.iter().any(|a| !is_public(a.ip())) {
        return Err(HostProblem::Private);
    }
    Ok(())
}

/// Resolves names and refuses any that has a non-public address.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            if addrs.iter().any(|a| !is_public(a.ip())) {
                return Err(
                    Box::new(HostProblem::Private) as Box<dyn std::error::Error + Send + Sync>
                );
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The client for platform requests ([`crate::http_client`]'s timeouts),
/// refusing non-public addresses at connection time unless
/// `allow_private`.
pub fn client(allow_private: bool) -> reqwest::Client {
    let builder = crate::client_builder();
    let builder = if allow_private {
        builder
    } else {
        builder.dns_resolver(Arc::new(PublicOnly))
    };
    builder.build().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_addresses_are_not_public() {
        for inner in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::",
        ] {
            assert!(!is_public(inner.parse().unwrap()), "{inner}");
        }
        for public in ["193.10.1.1", "8.8.8.8", "2a00:1450::1"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[tokio::test]
    async fn loopback_is_refused_unless_allowed() {
        assert_eq!(
            check("http://127.0.0.1:8080", false).await,
            Err(HostProblem::Private)
        );
        assert_eq!(
            check("http://localhost:8080", false).await,
            Err(HostProblem::Private)
        );
        assert_eq!(
            check("http://[::1]:80", false).await,
            Err(HostProblem::Private)
        );
        assert_eq!(check("http://127.0.0.1:8080", true).await, Ok(()));
        assert_eq!(
            check("http://no-such-host.invalid", true).await,
            Err(HostProblem::Unresolvable)
        );
    }
}
