#!/usr/bin/python3
"""Every frame a real lifeline-command sends or accepts in a duty officer's session conforms to the
JSON Schemas in schema/messages/ (the contract another team writes a client from).
Usage: frames_conform.py LIFELINE_COMMAND SCHEMA_DIR WORK_DIR"""
import base64, json, os, pathlib, shutil, socket, subprocess, sys, time
from jsonschema import Draft202012Validator
from jsonschema.validators import RefResolver

command, schema_dir, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
# A fresh server every run: a second run must not meet the first one's reports and incidents.
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
store = {}
for f in schema_dir.glob("*.schema.json"):
    s = json.loads(f.read_text())
    store[s["$id"]] = s
    store[f.name] = s
def validator(name):
    s = store[name]
    return Draft202012Validator(s, resolver=RefResolver(s["$id"], s, store=store))
by_type = {t: validator(f"{t}.schema.json") for t in ["req", "res", "push", "env", "ack", "hb"]}
bodies = {"auth.login": validator("auth-login.schema.json"), "incident.create": validator("incident-create.schema.json"),
          "task.assign": validator("task-assign.schema.json"), "bus.send": validator("send.schema.json"),
          "consultation.open": validator("consultation-open.schema.json"),
          "consultation.decide": validator("consultation-decide.schema.json"),
          "report.submit": validator("report-submit.schema.json"),
          "warning.import": validator("warning-import.schema.json"), "incident.approve_level": validator("level-approve.schema.json"),
          "warning.approve_level": validator("level-approve.schema.json"), "rules.get": validator("rules-reload.schema.json"),
          "rules.reload": validator("rules-reload.schema.json")}
checked = {"sent": 0, "received": 0}
failures = []
server_envelopes = 0

def check(frame, direction, bad_body=False):
    v = by_type.get(frame.get("type"))
    if v is None:
        failures.append(f"{direction}: no schema for frame type {frame.get('type')!r}")
        return
    for e in v.iter_errors(frame):
        failures.append(f"{direction} {frame.get('type')}: {e.message} at {list(e.path)}: {json.dumps(frame)[:300]}")
    if frame.get("type") == "req" and frame["op"] in bodies and not bad_body:
        for e in bodies[frame["op"]].iter_errors(frame.get("body", {})):
            failures.append(f"body of {frame['op']}: {e.message}")
    if frame.get("type") == "push":
        validator("event.schema.json")  # covered by $ref
    if frame.get("type") == "env" and frame.get("envelope", {}).get("from") == "role:system":
        global server_envelopes
        server_envelopes += 1
    checked[direction] += 1

class Ws:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.send(f"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += self.s.recv(4096)
        self.buf = buf.split(b"\r\n\r\n", 1)[1]
        self.rid = 0
    def send(self, obj, bad_body=False):
        check(obj, "sent", bad_body)
        data = json.dumps(obj).encode()
        mask = os.urandom(4)
        n = len(data)
        hdr = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + n.to_bytes(2, "big"))
        self.s.send(hdr + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))
    def recv(self):
        while True:
            if len(self.buf) >= 2:
                n, off = self.buf[1] & 0x7F, 2
                if n == 126:
                    n, off = int.from_bytes(self.buf[2:4], "big"), 4
                elif n == 127:
                    n, off = int.from_bytes(self.buf[2:10], "big"), 10
                if len(self.buf) >= off + n:
                    frame = json.loads(self.buf[off:off + n])
                    self.buf = self.buf[off + n:]
                    check(frame, "received")
                    return frame
            self.buf += self.s.recv(65536)
    def call(self, op, body=None, bad_body=False):
        self.rid += 1
        self.send({"type": "req", "rid": str(self.rid), "op": op, "body": body or {}}, bad_body)
        while True:
            f = self.recv()
            if f["type"] == "res" and f["rid"] == str(self.rid):
                return f
    def until(self, ftype):
        while True:
            f = self.recv()
            if f["type"] == ftype:
                return f

# A manual clock from Thursday 2026-08-20 09:00 in Shanghai: the run never depends on the wall clock,
# and the test moves time itself to see the server's own envelopes (a missed report's escalation).
CLOCK_START = 1787187600  # 2026-08-20T01:00:00Z
rfc = lambda t: time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t))
# Sessions last two days here: the clock moves 31 hours ahead.
(work / "config.toml").write_text("session_ttl_minutes = 2880\n")
# --password-cost min: demo passwords at argon2id's cheapest cost (the interactive one is 4 s of a start).
proc = subprocess.Popen([command, "--demo", "--port", "0", "--synchronous", "NORMAL", "--password-cost", "min", "--clock", "manual",
                         "--clock-start", rfc(CLOCK_START), "--config", str(work / "config.toml"),
                         "--data-dir", str(work / "data"), "--port-file", str(work / "ports.json")],
                        stdout=open(work / "server.log", "a"), stderr=subprocess.STDOUT)
try:
    for _ in range(600):
        if (work / "ports.json").exists():
            break
        time.sleep(0.05)
    port = json.loads((work / "ports.json").read_text())["http"]
    officer, lead, admin = Ws(port), Ws(port), Ws(port)
    assert officer.call("auth.login", {"username": "officer", "password": "lifeline-demo"})["ok"]
    assert admin.call("auth.login", {"username": "admin", "password": "lifeline-demo"})["ok"]
    assert lead.call("auth.login", {"username": "teamlead", "password": "lifeline-demo"})["ok"]
    officer.call("board.subscribe")
    inc = officer.call("incident.create", {"type": "typhoon", "title": "台风登陆", "place": {"name": "石塘镇", "lat": 27.9, "lon": 120.05},
                                           "casualties": {"missing": 1}})
    officer.until("push")
    task = officer.call("task.assign", {"team_id": "T-P0001", "what": "evacuate", "incident_id": inc["result"]["id"],
                                        "precedence": "flash", "note": "转移群众"})
    env = lead.until("env")
    lead.send({"type": "hb"})
    lead.send({"type": "ack", "rid": "a1", "id": env["envelope"]["id"], "level": "device"})
    lead.until("res")
    lead.send({"type": "ack", "rid": "a2", "id": env["envelope"]["id"], "level": "human", "answer": "accept"})
    lead.until("res")
    officer.call("bus.send", {"to": ["team:T-P0001", "team:T-P0007"], "kind": "warning", "precedence": "immediate",
                              "ttl_ms": 60000, "body": {"text": "暴雨红色预警"}})
    # A red typhoon warning as CAP: its events (and what the rules did) are pushed like any other.
    cap = ("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>QX-1</identifier>"
           "<sender>weather@demo-city.example</sender><sent>2026-08-20T09:00:00+08:00</sent><status>Actual</status>"
           "<msgType>Alert</msgType><scope>Public</scope><info><category>Met</category><event>台风</event>"
           "<urgency>Immediate</urgency><severity>Extreme</severity><certainty>Likely</certainty>"
           "<eventCode><valueName>lifeline:warningType</valueName><value>typhoon</value></eventCode>"
           "<area><areaDesc>石塘镇</areaDesc></area></info></alert>")
    assert officer.call("warning.import", {"xml": cap})["ok"]
    assert officer.call("rules.get")["ok"]
    # A joint consultation on the incident with a decision, and today's zero report from a township.
    now = CLOCK_START
    con = officer.call("consultation.open", {"subject": inc["result"]["id"], "title": "台风联合会商", "held": True,
                                             "departments": ["meteorology", "water_resources"], "scheduled_at": rfc(now)})
    assert con["ok"], con
    assert officer.call("consultation.decide", {"id": con["result"]["id"], "text": "转移低洼群众", "owner": "team:T-P0001",
                                                "due_at": rfc(now + 3600)})["ok"]
    assert officer.call("report.submit", {"unit": "P0001", "period": "daily", "zero": True,
                                          "period_start": time.strftime("%Y-%m-%d", time.gmtime(now + 8 * 3600))})["ok"]
    for bad in [("incident.create", {"type": "flood"}), ("task.update_status", {"id": "x", "status": "done"}), ("nope.op", {})]:
        r = officer.call(*bad, bad_body=True)
        assert not r["ok"], bad
    officer.call("bus.deliveries", {"correlation_id": task["result"]["id"]})
    # The server's own envelopes: the next day's report period opens at local midnight, and 1 ms
    # after 16:00 local the townships that sent nothing are escalated to the duty officers, in
    # envelopes from role:system. The officer beats (and a request makes sure the beat was heard)
    # just before each jump, so it counts as reachable over IP at the new time.
    for to in ["2026-08-20T16:00:00.000Z", "2026-08-21T08:00:00.000Z", "2026-08-21T08:00:00.001Z"]:
        officer.send({"type": "hb"})
        officer.call("server.info")
        moved = admin.call("clock.advance", {"to": to})
        assert moved["ok"], moved
    while not server_envelopes:  # the escalation notice (rule notices before it count too)
        officer.recv()
    officer.s.settimeout(0.5)  # drain what is still on its way (pushes of the last commits)
    try:
        while True:
            officer.recv()
    except (TimeoutError, socket.timeout):
        pass
finally:
    proc.terminate()
    proc.wait(10)

print(f"frames checked: {checked['sent']} sent, {checked['received']} received ({server_envelopes} envelopes from "
      f"role:system); failures: {len(failures)}")
for f in failures[:20]:
    print("  " + f)
sys.exit(1 if failures or checked["received"] < 10 or not server_envelopes else 0)
