"""An independent DNS parser for tests/dns_wire.rs: dnspython (https://www.dnspython.org/).

    python3 dns_check.py parse HEX...   each message, parsed by dnspython, as one JSON line
    python3 dns_check.py make           messages dnspython writes (compressed), one hex per line
"""
import json
import sys

import dns.flags
import dns.message
import dns.rdatatype
import dns.rrset


def section(rrsets):
    out = []
    for rrset in rrsets:
        for rd in rrset:
            out.append([rrset.name.to_text(), rrset.ttl, rrset.rdclass, rrset.rdtype, rd.to_text()])
    return out


def parse(hexes):
    for h in hexes:
        m = dns.message.from_wire(bytes.fromhex(h))
        print(json.dumps({
            "id": m.id,
            "flags": m.flags,
            "rcode": m.rcode(),
            "question": [[q.name.to_text(), q.rdtype, q.rdclass] for q in m.question],
            "answer": section(m.answer),
            "authority": section(m.authority),
            "additional": section(m.additional),
            # EDNS(0)'s OPT record is not a section entry to dnspython: its payload size.
            "edns_payload": m.payload if m.edns >= 0 else None,
        }))


def make():
    q = dns.message.make_query("www.example.com.", "A", id=4660)
    print(q.to_wire().hex())
    r = dns.message.make_response(q)
    r.flags |= dns.flags.AA | dns.flags.RA
    r.answer.append(dns.rrset.from_text("www.example.com.", 300, "IN", "CNAME", "web.example.com."))
    r.answer.append(dns.rrset.from_text("web.example.com.", 300, "IN", "A", "192.0.2.80"))
    r.authority.append(dns.rrset.from_text("example.com.", 86400, "IN", "NS", "ns1.example.com."))
    r.additional.append(dns.rrset.from_text("ns1.example.com.", 86400, "IN", "AAAA", "2001:db8::53"))
    print(r.to_wire().hex())
    n = dns.message.make_response(dns.message.make_query("nope.example.com.", "A", id=7))
    n.set_rcode(3)
    n.authority.append(dns.rrset.from_text(
        "example.com.", 3600, "IN", "SOA", "ns1.example.com. admin.example.com. 1 7200 3600 1209600 300"))
    print(n.to_wire().hex())


if __name__ == "__main__":
    if sys.argv[1] == "parse":
        parse(sys.argv[2:])
    else:
        make()
