#!/usr/bin/python3
"""A container's life cycle driven by an independent client, Debian's python3-proxmoxer,
against a pve-sim process started here: create, start, snapshot, back up, stop, delete,
following every task to "stopped" with exitstatus "OK". The token session verifies the TLS
certificate against the PEM file pve-sim writes (--cert-out); a second, password (ticket)
session checks the ticket login, cookie and CSRF handling the same way.

Usage: proxmoxer_lifecycle.py PATH/TO/pve-sim
"""
import os
import subprocess
import sys
import tempfile
import time

from proxmoxer import ProxmoxAPI
from proxmoxer.core import ResourceException

NODE = "pve1"
TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"
TASK_TIMEOUT_S = 30


def fail(message):
    raise AssertionError(message)


def start_sim(binary, cert_path):
    proc = subprocess.Popen(
        [binary, "--port", "0", "--seed", "small", "--task-ms", "50", "--cert-out", cert_path],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    settings = {}
    while "PVESIM_ROOT_PASSWORD" not in settings:
        line = proc.stdout.readline()
        if not line:
            proc.wait()
            fail("pve-sim exited before printing its settings (rc %s)" % proc.returncode)
        key, _, value = line.strip().partition("=")
        settings[key] = value
    return proc, settings


def wait_task(api, node, upid):
    deadline = time.monotonic() + TASK_TIMEOUT_S
    while True:
        status = api.nodes(node).tasks(upid).status.get()
        if status["status"] == "stopped":
            if status.get("exitstatus") != "OK":
                fail("task %s ended with %r" % (upid, status.get("exitstatus")))
            log = api.nodes(node).tasks(upid).log.get()
            if not log or not log[-1]["t"].startswith("TASK OK"):
                fail("task %s log does not end with TASK OK: %r" % (upid, log[-1:]))
            return status
        if status["status"] != "running":
            fail("task %s has status %r" % (upid, status["status"]))
        if time.monotonic() > deadline:
            fail("task %s still running after %d s" % (upid, TASK_TIMEOUT_S))
        time.sleep(0.05)


def expect(condition, message):
    if not condition:
        fail(message)


def lifecycle(api, ticket_api):
    vmid = int(api.cluster.nextid.get())
    ct = api.nodes(NODE).lxc(vmid)

    upid = api.nodes(NODE).lxc.post(vmid=vmid, ostemplate=TEMPLATE, hostname="proxmoxer-ct",
                                    memory=512, rootfs="local-lvm:4",
                                    net0="name=eth0,bridge=vmbr0,ip=dhcp")
    expect(upid.startswith("UPID:%s:" % NODE) and ":vzcreate:%d:" % vmid in upid,
           "create returned %r" % upid)
    wait_task(api, NODE, upid)
    config = ct.config.get()
    expect(config.get("hostname") == "proxmoxer-ct", "config after create: %r" % config)
    expect(ct.status.current.get()["status"] == "stopped", "new container is not stopped")

    # Start through the ticket session: a write needs the CSRF token proxmoxer got at login.
    wait_task(api, NODE, ticket_api.nodes(NODE).lxc(vmid).status.start.post())
    expect(ct.status.current.get()["status"] == "running", "container did not start")

    wait_task(api, NODE, ct.snapshot.post(snapname="before_change", description="proxmoxer"))
    names = [s["name"] for s in ct.snapshot.get()]
    expect("before_change" in names and "current" in names, "snapshots: %r" % names)

    wait_task(api, NODE, api.nodes(NODE).vzdump.post(vmid=vmid, storage="local",
                                                     mode="snapshot", compress="zstd"))
    backups = api.nodes(NODE).storage("local").content.get(content="backup", vmid=vmid)
    expect(len(backups) == 1 and backups[0]["volid"].startswith(
        "local:backup/vzdump-lxc-%d-" % vmid), "backups: %r" % backups)

    wait_task(api, NODE, ct.status.stop.post())
    expect(ct.status.current.get()["status"] == "stopped", "container did not stop")

    wait_task(api, NODE, ct.delete())
    try:
        ct.config.get()
        fail("config of CT %d still readable after delete" % vmid)
    except ResourceException as e:
        expect(e.status_code == 500, "after delete: %s" % e)
    return vmid


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        cert = os.path.join(tmp, "pve-sim.pem")
        proc, env = start_sim(sys.argv[1], cert)
        try:
            port = int(env["PROXMOX_PORT"])
            api = ProxmoxAPI("127.0.0.1", port=port, user=env["PROXMOX_USER"],
                             token_name=env["PROXMOX_TOKEN_NAME"],
                             token_value=env["PROXMOX_TOKEN_VALUE"], verify_ssl=cert)
            ticket_api = ProxmoxAPI("127.0.0.1", port=port, user="root@pam",
                                    password=env["PVESIM_ROOT_PASSWORD"], verify_ssl=cert)
            expect(ticket_api.version.get()["release"], "no version over the ticket session")
            vmid = lifecycle(api, ticket_api)
            print("proxmoxer lifecycle OK: CT %d created, started, snapshotted, backed up, "
                  "stopped and deleted" % vmid)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
