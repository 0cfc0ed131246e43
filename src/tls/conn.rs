//! What client and server share: reading records and reassembling handshake messages,
//! writing (and, after ChangeCipherSpec, protecting) records, the transcript, alerts.

use crate::crypto::aead::Provider;
use crate::crypto::hkdf::TrafficKeys;
use crate::error::{DecodeError, ProtocolError, TlsError};
use crate::event::{Actor, AlertReason, Event, EventKind, EventSink, Layer, Summary};
use crate::tls::keys::KeyBlock;
use crate::tls::record_layer::{CipherState, MAX_FRAGMENT};
use crate::tls::record13::CipherState13;
use crate::wire::alert::Alert;
use crate::wire::change_cipher_spec::ChangeCipherSpec;
use crate::wire::codec::Codec;
use crate::wire::enums::{AlertDescription, AlertLevel, ContentType, ProtocolVersion};
use crate::wire::handshake::{HandshakeJoiner, HandshakeMessage, HandshakePayload};
use crate::wire::record::{RecordHeader, RecordReader};
use sha2::{Digest, Sha256};

/// One unit of input, after record processing.
#[derive(Debug)]
pub enum Incoming {
    /// A complete handshake message (reassembled across records if needed).
    Handshake(HandshakeMessage),
    /// ChangeCipherSpec: from now on the peer's records are protected.
    ChangeCipherSpec,
    /// An alert.
    Alert(Alert),
    /// Decrypted application data.
    ApplicationData(Vec<u8>),
    /// TLS 1.3's middlebox-compatibility ChangeCipherSpec (RFC 8446 §5, §D.4): to be dropped
    /// while the handshake runs.
    CompatChangeCipherSpec,
}

/// How one direction's records are protected.
enum Protection {
    /// TLS 1.2 AES-GCM with an explicit nonce (RFC 5288).
    Tls12(CipherState),
    /// TLS 1.3 AES-GCM with the inner content type (RFC 8446 §5.2).
    Tls13(CipherState13),
}

/// The shared connection core.
pub struct Conn {
    /// Which protocol role this side plays: [`Actor::Client`] or [`Actor::Server`].
    pub role: Actor,
    /// Who this side is in the story (for events): its role, or Mallory playing it.
    pub actor: Actor,
    /// Who the peer is.
    pub peer: Actor,
    reader: RecordReader,
    joiner: HandshakeJoiner,
    read_cipher: Option<Protection>,
    write_cipher: Option<Protection>,
    pending_read: Option<CipherState>,
    pending_write: Option<CipherState>,
    outgoing: Vec<u8>,
    transcript: Vec<u8>,
    /// The suite in use (from ServerHello on).
    pub suite: crate::wire::enums::CipherSuite,
    /// TLS 1.3 was chosen: messages are read in its layouts, and its compatibility
    /// ChangeCipherSpec is passed up to be dropped.
    tls13: bool,
    /// Largest plaintext fragment to send (RFC 8449 record_size_limit, else 2^14).
    pub max_send_fragment: usize,
    /// AES-GCM implementation.
    pub provider: Provider,
    /// Also report what the peer sends (handshake messages, ChangeCipherSpec, alerts) as
    /// events from the peer. Off in the in-memory walk, where the peer's own machine reports
    /// them; on in socket drivers, where the peer is another program.
    pub report_received: bool,
}

impl Conn {
    /// A new connection core in `role`, shown as `actor`, talking to `peer`.
    pub fn new(role: Actor, actor: Actor, peer: Actor, provider: Provider) -> Self {
        Conn {
            role,
            actor,
            peer,
            reader: RecordReader::new(),
            joiner: HandshakeJoiner::new(),
            read_cipher: None,
            write_cipher: None,
            pending_read: None,
            pending_write: None,
            outgoing: Vec::new(),
            transcript: Vec::new(),
            tls13: false,
            suite: crate::wire::enums::CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
            max_send_fragment: MAX_FRAGMENT,
            provider,
            report_received: false,
        }
    }

    /// The peer's protocol role.
    pub fn peer_role(&self) -> Actor {
        if self.role == Actor::Client {
            Actor::Server
        } else {
            Actor::Client
        }
    }

    /// Bytes waiting to be sent.
    pub fn take_outgoing(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.outgoing)
    }

    /// Whether bytes are waiting to be sent.
    pub fn has_outgoing(&self) -> bool {
        !self.outgoing.is_empty()
    }

    /// Buffer bytes received from the peer.
    pub fn push_received(&mut self, bytes: &[u8]) {
        self.reader.push(bytes);
    }

    /// The handshake messages so far, concatenated (type ‖ length ‖ body each).
    pub fn transcript(&self) -> &[u8] {
        &self.transcript
    }

    /// SHA-256 of the handshake messages so far.
    pub fn transcript_hash(&self) -> [u8; 32] {
        Sha256::digest(&self.transcript).into()
    }

    /// Add a received handshake message to the transcript.
    pub fn add_to_transcript(&mut self, msg: &HandshakeMessage) {
        self.transcript.extend_from_slice(&msg.raw);
    }

    /// The hash of the transcript without its last `last` bytes: the messages before the one
    /// just added (for CertificateVerify and Finished in TLS 1.3).
    pub fn transcript_hash_before(&self, last: usize) -> [u8; 32] {
        let end = self.transcript.len().saturating_sub(last);
        Sha256::digest(&self.transcript[..end]).into()
    }

    /// After a HelloRetryRequest (already added, `retry_len` bytes): the first ClientHello is
    /// replaced in the transcript by message_hash ‖ 00 00 20 ‖ Hash(ClientHello1) (RFC 8446
    /// §4.4.1), so the transcript stays a hash's length whatever the first hello held.
    pub fn replace_first_hello(&mut self, retry_len: usize) {
        let split = self.transcript.len().saturating_sub(retry_len);
        let ch1: [u8; 32] = Sha256::digest(&self.transcript[..split]).into();
        let mut t = crate::wire::tls13::message_hash(&ch1);
        t.extend_from_slice(&self.transcript[split..]);
        self.transcript = t;
    }

    /// An ECDHE suite was chosen: read ClientKeyExchange as ECDHE's (RFC 8422 §5.7).
    pub fn expect_ecdh_client_key_exchange(&mut self) {
        self.joiner.set_ecdh_client_key_exchange();
    }

    /// TLS 1.3 was chosen (RFC 8446 §4.1.3): read messages in its layouts from now on.
    pub fn set_tls13(&mut self) {
        self.tls13 = true;
        self.joiner.set_tls13();
    }

    /// Whether TLS 1.3 was chosen.
    pub fn is_tls13(&self) -> bool {
        self.tls13
    }

    /// TLS 1.3: protect the records we send with `keys` from now on (RFC 8446 §7.3).
    pub fn set_write_keys13(&mut self, keys: &TrafficKeys) {
        self.write_cipher = Some(Protection::Tls13(CipherState13::new(self.provider, keys)));
    }

    /// TLS 1.3: open the records we receive with `keys` from now on. A handshake message
    /// half received under the old keys is `unexpected_message` (RFC 8446 §5.1).
    pub fn set_read_keys13(&mut self, keys: &TrafficKeys) -> Result<(), TlsError> {
        if !self.joiner.is_empty() {
            return Err(TlsError::unexpected(ProtocolError::KeyChangeMidMessage));
        }
        self.read_cipher = Some(Protection::Tls13(CipherState13::new(self.provider, keys)));
        Ok(())
    }

    /// TLS 1.3's compatibility ChangeCipherSpec (RFC 8446 §D.4): one plaintext record with
    /// the byte 01, whatever keys are in use.
    pub fn send_compat_change_cipher_spec(&mut self, sink: &mut dyn EventSink) {
        let bytes = ChangeCipherSpec.to_bytes();
        sink.emit(Event {
            actor: self.actor,
            kind: EventKind::Message {
                to: self.peer,
                layer: Layer::Tls,
                name: "ChangeCipherSpec".into(),
                summary: Summary::Tls13(crate::event::Tls13Gist::CompatChangeCipherSpec),
                fields: if sink.wants_detail() {
                    ChangeCipherSpec.fields()
                } else {
                    Vec::new()
                },
                bytes: bytes.clone(),
            },
        });
        let header = RecordHeader {
            content_type: ContentType::CHANGE_CIPHER_SPEC,
            version: ProtocolVersion::TLS1_2,
            length: bytes.len() as u16,
        };
        self.outgoing.extend_from_slice(&header.encode());
        self.outgoing.extend_from_slice(&bytes);
    }

    /// Prepare both directions' keys; they take effect at ChangeCipherSpec.
    pub fn install_keys(&mut self, kb: &KeyBlock) {
        let (write_key, write_iv, read_key, read_iv) = match self.role {
            Actor::Client => (
                &kb.client_write_key,
                kb.client_write_iv,
                &kb.server_write_key,
                kb.server_write_iv,
            ),
            _ => (
                &kb.server_write_key,
                kb.server_write_iv,
                &kb.client_write_key,
                kb.client_write_iv,
            ),
        };
        self.pending_write = Some(CipherState::new(self.provider, write_key, write_iv));
        self.pending_read = Some(CipherState::new(self.provider, read_key, read_iv));
    }

    /// Whether records we send are protected.
    pub fn is_write_protected(&self) -> bool {
        self.write_cipher.is_some()
    }

    /// Frame `payload` as records of `content_type`, protected if the write cipher is active.
    fn write_records(
        &mut self,
        content_type: ContentType,
        payload: &[u8],
        sink: &mut dyn EventSink,
    ) {
        // An empty payload still makes one (empty) record; otherwise one record per fragment.
        let fragments = payload.chunks(self.max_send_fragment.max(1));
        let empty: &[&[u8]] = if payload.is_empty() { &[&[]] } else { &[] };
        for chunk in empty.iter().copied().chain(fragments) {
            match self.write_cipher.as_mut() {
                Some(Protection::Tls12(c)) => {
                    let rec = c.seal(content_type, chunk, self.actor, sink);
                    self.outgoing.extend_from_slice(&rec);
                }
                Some(Protection::Tls13(c)) => {
                    let rec = c.seal(content_type, chunk, self.actor, sink);
                    self.outgoing.extend_from_slice(&rec);
                }
                None => {
                    // Every record tlswalk writes says TLS 1.2 (0x0303), the ClientHello's too.
                    let header = RecordHeader {
                        content_type,
                        version: ProtocolVersion::TLS1_2,
                        length: chunk.len() as u16,
                    };
                    self.outgoing.extend_from_slice(&header.encode());
                    self.outgoing.extend_from_slice(chunk);
                }
            }
        }
    }

    /// Send a handshake message: report it, add it to the transcript, frame it.
    pub fn send_handshake(
        &mut self,
        payload: HandshakePayload,
        sink: &mut dyn EventSink,
    ) -> HandshakeMessage {
        let msg = HandshakeMessage::new(payload);
        self.report_message(&msg, sink);
        self.transcript.extend_from_slice(&msg.raw);
        let raw = msg.raw.clone();
        self.write_records(ContentType::HANDSHAKE, &raw, sink);
        msg
    }

    /// Report a handshake message as a [`EventKind::Message`].
    pub fn report_message(&self, msg: &HandshakeMessage, sink: &mut dyn EventSink) {
        sink.emit(Event {
            actor: self.actor,
            kind: EventKind::Message {
                to: self.peer,
                layer: Layer::Tls,
                name: msg.name().to_string(),
                summary: msg.summary(),
                bytes: msg.raw.clone(),
                fields: if sink.wants_detail() {
                    msg.fields()
                } else {
                    Vec::new()
                },
            },
        });
    }

    /// Send ChangeCipherSpec and switch our writes to the new keys.
    pub fn send_change_cipher_spec(&mut self, sink: &mut dyn EventSink) {
        let bytes = ChangeCipherSpec.to_bytes();
        sink.emit(Event {
            actor: self.actor,
            kind: EventKind::Message {
                to: self.peer,
                layer: Layer::Tls,
                name: "ChangeCipherSpec".into(),
                summary: Summary::ChangeCipherSpec { sender_view: true },
                fields: if sink.wants_detail() {
                    ChangeCipherSpec.fields()
                } else {
                    Vec::new()
                },
                bytes: bytes.clone(),
            },
        });
        self.write_records(ContentType::CHANGE_CIPHER_SPEC, &bytes, sink);
        self.write_cipher = self.pending_write.take().map(Protection::Tls12);
    }

    /// Send an alert (RFC 5246 §7.2), protected if keys are active.
    pub fn send_alert(
        &mut self,
        level: AlertLevel,
        description: AlertDescription,
        reason: AlertReason,
        sink: &mut dyn EventSink,
    ) {
        sink.emit(Event {
            actor: self.actor,
            kind: EventKind::Alert {
                to: self.peer,
                level,
                description,
                reason,
            },
        });
        let bytes = Alert { level, description }.to_bytes();
        self.write_records(ContentType::ALERT, &bytes, sink);
    }

    /// Send application data, fragmented into records of at most `max_send_fragment` bytes.
    pub fn send_application_data(&mut self, data: &[u8], sink: &mut dyn EventSink) {
        self.write_records(ContentType::APPLICATION_DATA, data, sink);
    }

    /// The next unit of input, processing at most what is needed; `None` when more bytes
    /// are needed. ChangeCipherSpec switches the read keys here, in order, so records that
    /// follow it in the same buffer are opened with the new keys.
    pub fn next_incoming(
        &mut self,
        sink: &mut dyn EventSink,
    ) -> Result<Option<Incoming>, TlsError> {
        let incoming = self.next_incoming_quiet(sink)?;
        if let (true, Some(i)) = (self.report_received, &incoming) {
            self.report_incoming(i, sink);
        }
        Ok(incoming)
    }

    /// Report what the peer sent, as an event from the peer.
    fn report_incoming(&self, incoming: &Incoming, sink: &mut dyn EventSink) {
        let (actor, to) = (self.peer, self.actor);
        let kind = match incoming {
            Incoming::Handshake(msg) => EventKind::Message {
                to,
                layer: Layer::Tls,
                name: msg.name().to_string(),
                summary: msg.summary(),
                bytes: msg.raw.clone(),
                fields: if sink.wants_detail() {
                    msg.fields()
                } else {
                    Vec::new()
                },
            },
            Incoming::CompatChangeCipherSpec => EventKind::Message {
                to,
                layer: Layer::Tls,
                name: "ChangeCipherSpec".into(),
                summary: Summary::Tls13(crate::event::Tls13Gist::CompatChangeCipherSpec),
                bytes: ChangeCipherSpec.to_bytes(),
                fields: if sink.wants_detail() {
                    ChangeCipherSpec.fields()
                } else {
                    Vec::new()
                },
            },
            Incoming::ChangeCipherSpec => EventKind::Message {
                to,
                layer: Layer::Tls,
                name: "ChangeCipherSpec".into(),
                summary: Summary::ChangeCipherSpec { sender_view: false },
                bytes: ChangeCipherSpec.to_bytes(),
                fields: if sink.wants_detail() {
                    ChangeCipherSpec.fields()
                } else {
                    Vec::new()
                },
            },
            Incoming::Alert(a) => EventKind::Alert {
                to,
                level: a.level,
                description: a.description,
                reason: AlertReason::Received {
                    from: self.peer_role(),
                },
            },
            // Application data is reported by the driver, which knows what it means.
            Incoming::ApplicationData(_) => return,
        };
        sink.emit(Event { actor, kind });
    }

    fn next_incoming_quiet(
        &mut self,
        sink: &mut dyn EventSink,
    ) -> Result<Option<Incoming>, TlsError> {
        loop {
            if let Some(msg) = self.joiner.next_message()? {
                return Ok(Some(Incoming::Handshake(msg)));
            }
            let Some(record) = self.reader.next_record()? else {
                return Ok(None);
            };
            let mut ct = record.header.content_type;
            // RFC 8446 §5: a plaintext change_cipher_spec of the one byte 01 may come at any
            // time in a TLS 1.3 handshake and is dropped; any other is unexpected_message.
            if self.tls13 && ct == ContentType::CHANGE_CIPHER_SPEC {
                ChangeCipherSpec::from_bytes(&record.payload)?;
                return Ok(Some(Incoming::CompatChangeCipherSpec));
            }
            let payload = match self.read_cipher.as_mut() {
                Some(Protection::Tls12(c)) => {
                    c.open(ct, record.header.version, &record.payload, self.actor, sink)?
                }
                Some(Protection::Tls13(c)) => {
                    // §5.2: every protected record says application_data on the outside.
                    if ct != ContentType::APPLICATION_DATA {
                        return Err(TlsError::unexpected(ProtocolError::UnexpectedContentType {
                            content_type: ct,
                        }));
                    }
                    let (inner, content) = c.open(&record.payload, self.actor, sink)?;
                    ct = inner;
                    content
                }
                None => {
                    // RFC 5246 §6.2.1: TLSPlaintext.length MUST NOT exceed 2^14.
                    record.check_plaintext_len()?;
                    record.payload
                }
            };
            match ct {
                ContentType::HANDSHAKE => {
                    if payload.is_empty() {
                        // RFC 5246 §6.2.1: zero-length fragments of handshake type MUST NOT be sent.
                        return Err(TlsError::decode(DecodeError::EmptyHandshakeRecord));
                    }
                    self.joiner.push_fragment(&payload);
                }
                ContentType::CHANGE_CIPHER_SPEC => {
                    ChangeCipherSpec::from_bytes(&payload)?;
                    if !self.joiner.is_empty() {
                        return Err(TlsError::unexpected(ProtocolError::Interleaved {
                            content_type: ct,
                        }));
                    }
                    if self.read_cipher.is_some() {
                        return Err(TlsError::unexpected(ProtocolError::SecondChangeCipherSpec));
                    }
                    match self.pending_read.take() {
                        Some(c) => self.read_cipher = Some(Protection::Tls12(c)),
                        None => {
                            return Err(TlsError::unexpected(ProtocolError::EarlyChangeCipherSpec));
                        }
                    }
                    return Ok(Some(Incoming::ChangeCipherSpec));
                }
                ContentType::ALERT => {
                    if !self.joiner.is_empty() {
                        return Err(TlsError::unexpected(ProtocolError::Interleaved {
                            content_type: ct,
                        }));
                    }
                    let alert = Alert::from_bytes(&payload)?;
                    // RFC 5246 §7.2 defines warning(1) and fatal(2) only. Another level is a
                    // well-formed byte with a value the field cannot take: illegal_parameter
                    // (§7.2.2: "A field ... was out of range"), as OpenSSL, BoringSSL and
                    // rustls answer; taking it as a warning would let 00 00 pass as
                    // close_notify.
                    if alert.level != AlertLevel::WARNING && alert.level != AlertLevel::FATAL {
                        return Err(TlsError::illegal(ProtocolError::UndefinedAlertLevel {
                            level: alert.level,
                            description: alert.description,
                        }));
                    }
                    return Ok(Some(Incoming::Alert(alert)));
                }
                ContentType::APPLICATION_DATA => {
                    if self.read_cipher.is_none() {
                        return Err(TlsError::unexpected(ProtocolError::EarlyApplicationData));
                    }
                    if !self.joiner.is_empty() {
                        return Err(TlsError::unexpected(ProtocolError::Interleaved {
                            content_type: ct,
                        }));
                    }
                    return Ok(Some(Incoming::ApplicationData(payload)));
                }
                other => {
                    return Err(TlsError::unexpected(ProtocolError::UnexpectedContentType {
                        content_type: other,
                    }));
                }
            }
        }
    }
}

/// What an alert from the peer means for us (RFC 5246 §7.2).
pub(crate) enum AlertMeaning {
    /// close_notify after the handshake: the peer will send nothing more.
    CloseNotify,
    /// close_notify before the handshake finished: the handshake is over; RFC 5246 §7.2.1
    /// asks for a close_notify in answer, then the connection closes.
    ClosedDuringHandshake(TlsError),
    /// A fatal alert (or any alert during the handshake): the connection is over.
    Fatal(TlsError),
    /// A warning after the handshake (e.g. no_renegotiation): noted, the connection goes on.
    Ignore,
}

/// Classify an alert received from `peer`.
pub(crate) fn alert_meaning(alert: &Alert, peer: Actor, handshaking: bool) -> AlertMeaning {
    if alert.description == AlertDescription::CLOSE_NOTIFY && handshaking {
        AlertMeaning::ClosedDuringHandshake(TlsError::new(
            alert.description,
            ProtocolError::ClosedDuringHandshake { from: peer },
        ))
    } else if alert.description == AlertDescription::CLOSE_NOTIFY {
        AlertMeaning::CloseNotify
    } else if alert.level == AlertLevel::FATAL || handshaking {
        AlertMeaning::Fatal(TlsError::new(
            alert.description,
            ProtocolError::PeerAlert {
                from: peer,
                level: alert.level,
                description: alert.description,
            },
        ))
    } else {
        AlertMeaning::Ignore
    }
}
