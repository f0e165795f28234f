//! Which `Host` a request may name: the preview shows drafts, so it answers only requests
//! addressed to the address it listens on. A web page whose domain an attacker re-points at
//! 127.0.0.1 (DNS rebinding) sends its own domain as the Host and is refused.

use std::net::{IpAddr, SocketAddr};

use axum::http::uri::Authority;

/// The Host values the preview answers to: a name of the address it is bound to, with its port.
#[derive(Debug, Clone, Copy)]
pub struct AllowedHosts {
    bind: IpAddr,
    port: u16,
}

impl AllowedHosts {
    /// The hosts that name `address`, the socket the preview listens on.
    pub fn new(address: SocketAddr) -> Self {
        AllowedHosts {
            bind: address.ip(),
            port: address.port(),
        }
    }

    /// Whether `authority` (a `Host` header, or the authority of an absolute request target)
    /// names this server: `localhost` or a loopback address when it listens on one, the address
    /// it is bound to, or (bound to every interface) any IP address, which no DNS answer can
    /// stand in for; always with the server's port (none means 80).
    pub fn allows(&self, authority: &str) -> bool {
        let Ok(authority) = authority.parse::<Authority>() else {
            return false;
        };
        // A Host has no user part; a request target that has one names someone else's server.
        if authority.as_str().contains('@') || authority.port_u16().unwrap_or(80) != self.port {
            return false;
        }
        let host = authority.host();
        let local = self.bind.is_loopback() || self.bind.is_unspecified();
        if host.eq_ignore_ascii_case("localhost") {
            return local;
        }
        let literal = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        match literal.parse::<IpAddr>() {
            Ok(ip) => ip == self.bind || self.bind.is_unspecified() || (local && ip.is_loopback()),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(address: &str) -> AllowedHosts {
        AllowedHosts::new(address.parse().unwrap())
    }

    #[test]
    fn a_loopback_server_answers_its_loopback_names_with_its_port() {
        let hosts = hosts("127.0.0.1:1111");
        for good in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
        ] {
            assert!(hosts.allows(good), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "127.0.0.1:2222",
            "127.0.0.1",
            "localhost",
            "192.168.1.5:1111",
            "[::1",
            "",
            "user@127.0.0.1:1111",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
    }

    #[test]
    fn a_server_on_every_interface_answers_ip_addresses_but_no_other_name() {
        let hosts = hosts("0.0.0.0:1111");
        for good in ["192.168.1.5:1111", "127.0.0.1:1111", "localhost:1111"] {
            assert!(hosts.allows(good), "{good}");
        }
        assert!(!hosts.allows("laptop.example:1111"));
        let lan = self::hosts("192.168.1.5:80");
        assert!(lan.allows("192.168.1.5"));
        assert!(!lan.allows("localhost"));
        assert!(!lan.allows("10.0.0.1"));
    }
}
