"""The UDP-versus-TCP table of book/src/udp-tcp.md, filled in from one `tlswalk dns` run.

    python3 book/udp-tcp-table.py en|zh RUN.jsonl RUN.pcap > generated/udp-tcp-table.md

RUN.jsonl is `tlswalk dns NAME --seed N --format json` and RUN.pcap the same run's `--pcap`:
the datagrams and segments of the JSON events are the pcap's frames, in the same order. The UDP
column is the cached lookup (its question and answer between the stub and the resolver), the TCP
column the big answer's TCP connection. Sizes are read from the capture's frames, times and
counts from the events; only the row names and the words around the numbers are written here.
"""
import json
import struct
import sys

WORDS = {
    "en": {
        "head": ("", "UDP: the cached lookup", "TCP: the big answer after TC=1"),
        "before": "Packets before the question can go",
        "before_udp": "0: the first datagram is the question",
        "before_tcp": "{n}: SYN, SYN-ACK, ACK",
        "header": "Transport header",
        "bytes": "{n} bytes",
        "bytes_syn": "{n} bytes ({syn} on a SYN, with MSS)",
        "packets": "Packets for the question and its answer",
        "packets_tcp": "{n}: {open} to open, {data} with the messages, {acks} ACKs, {close} to close",
        "wire": "Bytes on the wire (IP packets) for them",
        "answer": "Bytes of the DNS answer",
        "time": "From the first packet to the answer (as sent)",
        "ms": "{n} ms",
        "bounds": "Message boundaries",
        "bounds_udp": "kept: one datagram, one DNS message",
        "bounds_tcp": "none: a {n}-byte length before each message",
        "order": "Ordering, loss",
        "order_udp": "none in UDP: the stub asks again after its timeout",
        "order_tcp": "sequence numbers, acknowledgments, retransmission",
    },
    "zh": {
        "head": ("", "UDP：来自缓存的那次查询", "TCP：TC=1之后取那个大回答"),
        "before": "发出问题之前要先发几个包",
        "before_udp": "0：第一个数据报就是问题",
        "before_tcp": "{n}：SYN、SYN-ACK、ACK",
        "header": "传输层首部",
        "bytes": "{n}字节",
        "bytes_syn": "{n}字节（SYN带MSS选项时{syn}字节）",
        "packets": "问题和回答一共几个包",
        "packets_tcp": "{n}：建立连接{open}个，带报文的{data}个，ACK {acks}个，关闭连接{close}个",
        "wire": "这些包在线路上的字节数（IP包）",
        "answer": "DNS回答的字节数",
        "time": "从第一个包到回答发出",
        "ms": "{n}毫秒",
        "bounds": "报文边界",
        "bounds_udp": "保留：一个数据报就是一个DNS报文",
        "bounds_tcp": "没有：每个报文前面加{n}字节的长度",
        "order": "顺序、丢失",
        "order_udp": "UDP不管：存根解析器超时后自己再问",
        "order_tcp": "序号、确认号、重传",
    },
}


def frames(path):
    """Each frame of a classic pcap: (IP total length, IP protocol, transport header length)."""
    data = open(path, "rb").read()
    at, out = 24, []
    while at < len(data):
        incl = struct.unpack_from("<I", data, at + 8)[0]
        frame = data[at + 16 : at + 16 + incl]
        at += 16 + incl
        ip = frame[14:]
        ihl = (ip[0] & 0x0F) * 4
        total = struct.unpack_from(">H", ip, 2)[0]
        proto = ip[9]
        header = 8 if proto == 17 else (ip[ihl + 12] >> 4) * 4
        out.append((total, proto, header))
    return out


def main():
    lang, jsonl, pcap = sys.argv[1:4]
    w = WORDS[lang]
    events = [json.loads(line) for line in open(jsonl, encoding="utf-8")]
    packets = frames(pcap)
    phase, udp, tcp = None, [], []
    on_wire = iter(packets)
    for e in events:
        if e["kind"] == "phase":
            phase = e["topic"]
        if e["kind"] in ("datagram", "segment"):
            frame = next(on_wire)
            stub = "client" in (e["actor"], e["to"])
            if phase == "cached_lookup" and e["kind"] == "datagram" and stub:
                udp.append((e, frame))
            if phase == "big_answer" and e["kind"] == "segment":
                tcp.append((e, frame))
        if e["kind"] == "message" and phase == "big_answer" and e["fields"][0]["name"] == "length":
            prefix = e["fields"][0]["end"] - e["fields"][0]["start"]
            answer_tcp = len(bytes.fromhex(e["bytes"])) - prefix
    assert next(on_wire, None) is None, "more frames than events"
    assert len(udp) == 2, udp

    syn = [f for e, f in tcp if "SYN" in e["flags"]]
    data = [(e, f) for e, f in tcp if e["payload"]]
    fins = [i for i, (e, _) in enumerate(tcp) if "FIN" in e["flags"]]
    before = next(i for i, (e, _) in enumerate(tcp) if e["payload"])
    opened, closing = 3, len(tcp) - fins[0]
    acks = len(tcp) - opened - len(data) - closing
    ms = lambda us: f"{us / 1000:g}"
    udp_time = udp[1][0]["time_us"] - udp[0][0]["time_us"]
    tcp_time = data[-1][0]["time_us"] - tcp[0][0]["time_us"]
    udp_header = {f[2] for _, f in udp}
    tcp_header = sorted({f[2] for _, f in tcp})
    answer_udp = len(bytes.fromhex(udp[1][0]["payload"]))

    rows = [
        (w["before"], w["before_udp"], w["before_tcp"].format(n=before)),
        (
            w["header"],
            w["bytes"].format(n=udp_header.pop()),
            w["bytes_syn"].format(n=tcp_header[0], syn=tcp_header[-1]),
        ),
        (
            w["packets"],
            str(len(udp)),
            w["packets_tcp"].format(n=len(tcp), open=opened, data=len(data), acks=acks, close=closing),
        ),
        (
            w["wire"],
            w["bytes"].format(n=sum(f[0] for _, f in udp)),
            w["bytes"].format(n=sum(f[0] for _, f in tcp)),
        ),
        (w["answer"], w["bytes"].format(n=answer_udp), w["bytes"].format(n=answer_tcp)),
        (w["time"], w["ms"].format(n=ms(udp_time)), w["ms"].format(n=ms(tcp_time))),
        (w["bounds"], w["bounds_udp"], w["bounds_tcp"].format(n=prefix)),
        (w["order"], w["order_udp"], w["order_tcp"]),
    ]
    print("| " + " | ".join(w["head"]) + " |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    assert len(syn) == 2


if __name__ == "__main__":
    main()
