#!/usr/bin/env python3
# Writes the seeds of fuzz/api_call.cpp, byte for byte as its Bytes reader takes them, to
# fuzz/corpus/api_call/ (and the regression input to fuzz/regressions/api_call/). Endpoint
# numbers are indexes into Catalogue::endpoints() of the embedded schema: regenerate the seeds
# when third_party/pve-api/apidata.json changes.
import json, os, struct
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus', 'api_call')

def piece(s):
    b = s.encode() if isinstance(s, str) else s
    assert len(b) < 64
    return bytes([len(b)]) + b
def index(i):  # below(): two bytes, low first
    return bytes([i & 0xFF, i >> 8])
def name(s):   # parameter_name: byte % 8 == 0 → a piece
    return b'\x00' + piece(s)
def text(s):   # value kind 9: a piece
    return b'\x09' + piece(s)
def small(n):  # value kind 1: byte + 90
    return b'\x01' + bytes([n - 90])
def long(unit, which):  # value kind 7: piece repeated to 8191/8192/8193/100000
    return b'\x07' + piece(unit) + bytes([which])
def params(pairs):
    return bytes([len(pairs)]) + b''.join(name(k) + v for k, v in pairs)

def seed(file, elevated, endpoint, method=b'\x00', path=b'\x00', present=0, body=b'',
         total=b'\x02', answer=None):
    data = bytes([elevated]) + index(endpoint) + method + path + bytes([present]) + body + total
    if answer is not None:
        data += json.dumps(answer, ensure_ascii=False).encode()
    with open(os.path.join(OUT, file), 'wb') as f:
        f.write(data)

resources = [{"id": f"qemu/{100 + i}", "vmid": 100 + i, "type": "qemu" if i % 2 else "lxc",
              "name": f"guest-{i}", "node": "pve1", "status": "running"} for i in range(6)]
# GET /cluster/resources: params, fields, a filter, limit 2, cursor 1.
seed('get-resources-paged', 1, 246, present=1 | 4 | 8 | 16 | 32,
     body=params([("type", text("vm"))]) + b'\x02' + name("vmid") + name("name") +
     piece("type=qemu,status!=stopped") + b'\x00\x02' + b'\x01\x01',
     answer=resources)
# POST /nodes/{node}/qemu/{vmid}/snapshot, followed as a task.
seed('post-snapshot-task', 1, 341, present=1,
     body=params([("node", text("pve1")), ("vmid", small(100)), ("snapname", text("s1"))]),
     answer="UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmsnapshot:100:root@pam!mcp:")
# GET /nodes/pve1/tasks (the path filled in) with Proxmox's total.
seed('get-tasks-total', 0, 474, path=b'\x01' + index(9) + b'\x01\x03', present=1,
     body=params([("limit", small(92)), ("start", small(90))]),
     total=b'\x00' + struct.pack('>q', 57),
     answer=[{"upid": "UPID:pve1:1:2:3:qmstart:100:root@pam:", "type": "qmstart"}] * 2)
# PUT /nodes/{node}/qemu/{vmid}/config: a value at the 8192 bound and one past it.
seed('put-config-long-values', 1, 312, present=1,
     body=params([("node", text("pve1")), ("vmid", small(100)),
                  ("description", long("a\"ä", 1)), ("net0", long("virtio,", 2))]),
     answer=None)
# GET /nodes/{node}/storage/{storage}/content/{volume} with the volume "..".
seed('get-volume-dotdot', 1, 505,
     path=b'\x01' + index(6) + b'\x01\x03' + b'\x00' + piece("local") + b'\x01\x01',
     answer={"path": "/x"})
# GET /version answering a value too large for a page: it is cut.
seed('get-version-cut', 0, 666, answer={"description": "ä\"" * 3500, "release": "8.2"})
# DELETE /nodes/{node}/qemu/{vmid} in basic mode: refused.
seed('delete-guest-basic', 0, 256, present=1,
     body=params([("node", text("pve1")), ("vmid", small(100))]), answer=None)
# A parameter name just past the 64-character bound, of three-byte characters.
seed('../../regressions/api_call/long-name-cut-inside-a-character', 0, 666, present=1, body=b'\x01' + b'\x01' + piece("€") + bytes([4]) + text("x"),
     answer={"release": "8.2"})
# A path whose %-escape decodes to a byte that is not UTF-8 ("%FF"): found by the fuzzer, the
# byte reached the answer's text through Proxmox's own refusal of the value.
seed('../../regressions/api_call/path-escape-not-utf8', 0, 474,
     path=b'\x03' + piece("/pools/%FF"), answer=[])
# A number parameter of 8191 nines: beyond a double, which std::stod refused with an exception
# that became an internal error (Perl makes it infinity). Found by the fuzzer in CI.
seed('../../regressions/api_call/number-beyond-a-double', 1, 312, present=1,
     body=params([("node", text("pve1")), ("vmid", small(100)), ("cpulimit", long("9", 0))]),
     answer=None)
