//! English for `handshake --layers`: one frame, header by header.

use crate::narrator::LayersText;
use crate::render::layers::Layer;

/// A text of the layers view.
pub fn layers(t: LayersText) -> String {
    match t {
        LayersText::Title { bytes } => format!(
            "The frame that carries the HTTP request: {bytes} bytes on the wire, each layer's \
             header inside the one before (the same bytes as the pcap's frame)"
        ),
        LayersText::Heading {
            layer,
            header,
            carries,
        } => match layer {
            Layer::Ethernet => {
                format!("Ethernet II (link layer): {header}-byte header, carrying {carries} bytes")
            }
            Layer::Ipv4 => {
                format!("IPv4 (internet layer): {header}-byte header, carrying {carries} bytes")
            }
            Layer::Tcp => {
                format!("TCP (transport layer): {header}-byte header, carrying {carries} bytes")
            }
            Layer::TlsRecord => format!(
                "TLS record: {header} bytes of header and explicit nonce, then {carries} bytes: \
                 the encrypted HTTP request and the 16-byte tag"
            ),
            Layer::Http => format!(
                "HTTP (application layer), decrypted: the request line and {carries} bytes more"
            ),
        },
        LayersText::Models => "In the four-layer TCP/IP model (RFC 1122) Ethernet is the link \
             layer, IPv4 the internet layer, TCP the transport layer, and TLS and HTTP both \
             belong to the application layer. Textbooks' five-layer model splits the link layer \
             into physical and data link; OSI's seven layers put HTTP in the application layer \
             and TLS, which fits none of them well, is usually drawn between TCP and HTTP (the \
             session or presentation layer). Whatever the drawing, TLS runs on top of TCP: its \
             records are bytes TCP carries, and HTTPS is HTTP inside those records."
            .into(),
    }
}
