//! Which push endpoints the server sends to. Any patient can register one, and the server
//! itself then makes the request, so an endpoint must not be a way into this machine or the
//! internal network (server-side request forgery). The rules:
//!
//! | rule | why |
//! |---|---|
//! | the URL is read as the HTTP client reads it (WHATWG), then the address judged | `127.1`, `0x7f.0.0.1`, `169.254.169.254.` are loopback and metadata addresses in disguise |
//! | https, port 443 | a push service needs nothing else |
//! | the host ends with a listed push service's name (on by default) | only browsers' push services are reached |
//! | no internal address, literal or resolved, at subscribe and again at send | a name may point inside, or change to (DNS rebinding) |
//! | no redirects (the client follows none) | a push service never redirects |
//! | test receivers: exact `host:port`, the one exception | tests run receivers on this machine |
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::{
    collections::HashMap,
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
    sync::Arc,
};
use url::{Host, Url};

/// The push services of the major browsers: Chrome and Android (Google), Firefox (Mozilla),
/// Edge (Microsoft), Safari (Apple).
pub const DEFAULT_SERVICE_HOSTS: &str =
    "fcm.googleapis.com,android.googleapis.com,push.services.mozilla.com,notify.windows.com,push.apple.com";

#[derive(Clone, Debug, Default)]
pub struct EndpointPolicy {
    /// Host name suffixes of push services; empty lets any public host in.
    pub service_hosts: Vec<String>,
    /// Exact `host:port` of test receivers, let in over http and on internal addresses.
    pub test_receivers: Vec<String>,
    /// Names the resolver answers without asking DNS (tests: a name that points inside).
    pub resolve_overrides: HashMap<String, Vec<IpAddr>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("not a URL")]
    NotAUrl,
    #[error("not https on port 443")]
    SchemeOrPort,
    #[error("not a known push service")]
    NotAPushService,
    #[error("an address on this machine or an internal network")]
    Internal,
}

impl EndpointPolicy {
    /// Checks the endpoint's text: scheme, port, host, literal address. Names are checked
    /// again once resolved (`resolves_inside`, and the client's resolver at send time).
    pub fn check(&self, endpoint: &str) -> Result<(), Refusal> {
        let url = Url::parse(endpoint.trim()).map_err(|_| Refusal::NotAUrl)?;
        if endpoint.len() > 2000 || !url.username().is_empty() || url.password().is_some() {
            return Err(Refusal::NotAUrl);
        }
        let host = url.host().ok_or(Refusal::NotAUrl)?;
        let port = url.port_or_known_default().ok_or(Refusal::NotAUrl)?;
        if self.is_test_receiver(&host, port) {
            return Ok(());
        }
        if url.scheme() != "https" || port != 443 {
            return Err(Refusal::SchemeOrPort);
        }
        match host {
            Host::Ipv4(ip) if is_internal(IpAddr::V4(ip)) => Err(Refusal::Internal),
            Host::Ipv6(ip) if is_internal(IpAddr::V6(ip)) => Err(Refusal::Internal),
            Host::Ipv4(_) | Host::Ipv6(_) if !self.service_hosts.is_empty() => Err(Refusal::NotAPushService),
            Host::Ipv4(_) | Host::Ipv6(_) => Ok(()),
            Host::Domain(name) => self.check_name(&canonical_name(name)),
        }
    }

    fn check_name(&self, name: &str) -> Result<(), Refusal> {
        let inside = name == "localhost"
            || !name.contains('.')
            || [".localhost", ".local", ".internal", ".lan", ".home.arpa"]
                .iter()
                .any(|suffix| name.ends_with(suffix));
        if inside {
            return Err(Refusal::Internal);
        }
        let listed = self.service_hosts.is_empty()
            || self
                .service_hosts
                .iter()
                .any(|suffix| name == suffix || name.ends_with(&format!(".{suffix}")));
        if listed {
            Ok(())
        } else {
            Err(Refusal::NotAPushService)
        }
    }

    fn is_test_receiver(&self, host: &Host<&str>, port: u16) -> bool {
        let host = match host {
            Host::Domain(name) => canonical_name(name),
            Host::Ipv4(ip) => ip.to_string(),
            Host::Ipv6(ip) => format!("[{ip}]"),
        };
        let wanted = format!("{host}:{port}");
        self.test_receivers.iter().any(|r| r.eq_ignore_ascii_case(&wanted))
    }

    /// Whether the endpoint's name resolves only to internal addresses. A name that does not
    /// resolve now is let in: the resolver checks it again at every send.
    pub async fn resolves_inside(&self, endpoint: &str) -> bool {
        let Ok(url) = Url::parse(endpoint.trim()) else {
            return false;
        };
        let (Some(Host::Domain(name)), Some(port)) = (url.host(), url.port_or_known_default()) else {
            return false;
        };
        if self.is_test_receiver(&Host::Domain(name), port) {
            return false;
        }
        // A slow resolver does not hold the person up: the send checks again anyway.
        let resolved = tokio::time::timeout(
            std::time::Duration::from_secs(2),
            self.resolve_public(&canonical_name(name)),
        )
        .await;
        matches!(resolved, Ok(Err(e)) if e.is::<ResolvedInside>())
    }

    /// The name's addresses that are not internal; an error when none is left.
    async fn resolve_public(&self, name: &str) -> Result<Vec<SocketAddr>, Box<dyn std::error::Error + Send + Sync>> {
        let addresses: Vec<SocketAddr> = match self.resolve_overrides.get(name) {
            Some(ips) => ips.iter().map(|ip| SocketAddr::new(*ip, 0)).collect(),
            None => tokio::net::lookup_host((name, 0)).await?.collect(),
        };
        // A test receiver's name (the resolver is not told the port; `check` holds it to its
        // exact port before any send).
        if self.test_receivers.iter().any(|r| {
            r.rsplit_once(':')
                .is_some_and(|(host, _)| host.eq_ignore_ascii_case(name))
        }) {
            return Ok(addresses);
        }
        let public: Vec<SocketAddr> = addresses.into_iter().filter(|a| !is_internal(a.ip())).collect();
        if public.is_empty() {
            return Err(Box::new(ResolvedInside));
        }
        Ok(public)
    }
}

/// Lower case, without the trailing dot that makes a name fully qualified (`localhost.`).
fn canonical_name(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// The push client's resolver: only public addresses come out of it.
pub struct GuardedResolver(pub Arc<EndpointPolicy>);

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.0.clone();
        let name = canonical_name(name.as_str());
        Box::pin(async move {
            let public = policy.resolve_public(&name).await?;
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

/// The resolver's refusal, found again in the client's error to record why a send stopped.
#[derive(Debug, thiserror::Error)]
#[error("the push endpoint's name resolves only to internal addresses")]
pub struct ResolvedInside;

/// Whether an error (a send's) came from the resolver's refusal.
pub fn refused_by_resolver(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(error);
    while let Some(current) = source {
        if current.is::<ResolvedInside>() {
            return true;
        }
        source = current.source();
    }
    false
}

/// Loopback, private, link-local, shared (CGNAT), multicast, reserved and the like; for
/// IPv6 also the forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4), judged
/// by the address they carry.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_internal_v4(ip),
        IpAddr::V6(ip) => match embedded_v4(ip) {
            Some(v4) => is_internal_v4(v4),
            None => is_internal_v6(ip),
        },
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (b & 0xc0) == 64)
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b & 0xfe) == 18)
        || a >= 240
}

fn is_internal_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first & 0xffc0) == 0xfec0
        // 64:ff9b:1::/48, local-use NAT64; 2001:db8::/32, documentation.
        || (first == 0x0064 && ip.segments()[1] == 0xff9b)
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
}

/// The IPv4 address inside an IPv6 one: mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`,
/// NAT64 `64:ff9b::a.b.c.d`, and 6to4 `2002:aabb:ccdd::`.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if let Some(mapped) = ip.to_ipv4_mapped() {
        return Some(mapped);
    }
    if s[..6] == [0; 6] && !ip.is_loopback() && !ip.is_unspecified() {
        return Some(low);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(low);
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_policy() -> EndpointPolicy {
        EndpointPolicy {
            service_hosts: DEFAULT_SERVICE_HOSTS.split(',').map(str::to_string).collect(),
            ..EndpointPolicy::default()
        }
    }

    #[test]
    fn disguised_internal_addresses_are_refused_as_the_client_would_read_them() {
        let open = EndpointPolicy::default();
        for endpoint in [
            "https://127.1/",
            "https://0x7f.0.0.1/",
            "https://2130706433/",
            "https://169.254.169.254./",
            "https://localhost./",
            "https://[::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[::127.0.0.1]/",
            "https://[64:ff9b::a9fe:a9fe]/",
            "https://[2002:7f00:1::]/",
            "https://[fd00::1]/",
            "https://10.0.0.8/",
            "https://100.64.1.1/",
            "https://printer.local/",
            "https://intranet/",
        ] {
            assert_eq!(open.check(endpoint), Err(Refusal::Internal), "{endpoint}");
        }
        assert_eq!(open.check("https://93.184.215.14/push"), Ok(()));
        assert_eq!(
            open.check("https://[64:ff9b::5db8:d70e]/"),
            Ok(()),
            "NAT64 of a public address"
        );
    }

    #[test]
    fn only_https_on_443_to_a_listed_push_service() {
        let policy = default_policy();
        assert_eq!(policy.check("https://fcm.googleapis.com/fcm/send/abc"), Ok(()));
        assert_eq!(policy.check("https://FCM.googleapis.com./fcm/send/abc"), Ok(()));
        assert_eq!(policy.check("https://web.push.apple.com/QGz"), Ok(()));
        assert_eq!(
            policy.check("https://wns2-par02p.notify.windows.com/w/?token=x"),
            Ok(())
        );
        assert_eq!(
            policy.check("https://fcm.googleapis.com:8443/x"),
            Err(Refusal::SchemeOrPort)
        );
        assert_eq!(policy.check("http://fcm.googleapis.com/x"), Err(Refusal::SchemeOrPort));
        assert_eq!(
            policy.check("https://evilfcm.googleapis.com.attacker.example/x"),
            Err(Refusal::NotAPushService)
        );
        assert_eq!(
            policy.check("https://notfcm.googleapis.com.example/x"),
            Err(Refusal::NotAPushService)
        );
        assert_eq!(
            policy.check("https://93.184.215.14/push"),
            Err(Refusal::NotAPushService)
        );
        assert_eq!(policy.check("https://user@fcm.googleapis.com/x"), Err(Refusal::NotAUrl));
        assert_eq!(policy.check("not a url"), Err(Refusal::NotAUrl));
    }

    #[test]
    fn a_test_receiver_is_let_in_by_its_exact_host_and_port() {
        let policy = EndpointPolicy {
            test_receivers: vec!["127.0.0.1:4100".into()],
            ..default_policy()
        };
        assert_eq!(policy.check("http://127.0.0.1:4100/push/a"), Ok(()));
        assert_eq!(policy.check("http://127.1:4100/push/a"), Ok(()), "the same address");
        assert_eq!(policy.check("http://127.0.0.1:4101/push/a"), Err(Refusal::SchemeOrPort));
        assert_eq!(policy.check("https://127.0.0.1/push/a"), Err(Refusal::Internal));
    }
}
