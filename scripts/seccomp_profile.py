"""Writes app/grading/seccomp.json, the sandbox's seccomp profile: every system call the kernel
headers name is allowed except the ones below, which a graded app never needs and which have
been ways out of, or into the kernel past, a container: io_uring (its own syscall surface,
denied by newer Docker releases), keys, BPF, perf, namespaces, mounts, modules, ptrace and
cross-process memory, clocks, reboot. clone may not create namespaces; clone3 answers ENOSYS
(so libc falls back to clone, whose flags can be checked); sockets are Unix, IP and netlink
but netlink audit. Unknown names are skipped by runc, so the list is safe on older kernels.

    python3 scripts/seccomp_profile.py [/usr/include/x86_64-linux-gnu/asm/unistd_64.h]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HEADER = Path("/usr/include/x86_64-linux-gnu/asm/unistd_64.h")
OUT = Path(__file__).resolve().parents[1] / "app" / "grading" / "seccomp.json"
EPERM, ENOSYS = 1, 38

DENIED = sorted("""
io_uring_setup io_uring_enter io_uring_register
add_key keyctl request_key bpf perf_event_open userfaultfd fanotify_init
unshare setns mount umount2 pivot_root chroot fsopen fsconfig fsmount fspick move_mount
open_tree mount_setattr quotactl quotactl_fd
init_module finit_module delete_module create_module get_kernel_syms query_module
kexec_load kexec_file_load reboot swapon swapoff acct syslog vhangup
ptrace process_vm_readv process_vm_writev kcmp pidfd_getfd process_madvise
name_to_handle_at open_by_handle_at lookup_dcookie
clock_adjtime clock_settime settimeofday adjtimex
iopl ioperm modify_ldt
mbind set_mempolicy get_mempolicy move_pages migrate_pages set_mempolicy_home_node
nfsservctl sysfs _sysctl uselib ustat vm86 vm86old afs_syscall tuxcall security
putpmsg getpmsg epoll_ctl_old epoll_wait_old
memfd_secret
clone clone3 personality socket
""".split())
# Allowed only with the arguments below (rules added after the denial list is applied).
CLONE_NAMESPACE_FLAGS = 0x7E020000  # CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET
PERSONALITIES = (0x0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF)
AF_NETLINK, NETLINK_AUDIT = 16, 9
SOCKET_DOMAINS = (1, 2, 10)  # AF_UNIX, AF_INET, AF_INET6


def syscall_names(header: Path) -> list[str]:
    names = re.findall(r"^#define __NR_(\w+)\s+\d+", header.read_text(), re.M)
    return sorted(set(names))


def profile(names: list[str]) -> dict:
    allowed = [n for n in names if n not in DENIED]
    rules: list[dict] = [{"names": allowed, "action": "SCMP_ACT_ALLOW"}]
    rules.append({"names": ["clone"], "action": "SCMP_ACT_ALLOW",
                  "args": [{"index": 0, "value": CLONE_NAMESPACE_FLAGS, "valueTwo": 0,
                            "op": "SCMP_CMP_MASKED_EQ"}]})
    rules.append({"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": ENOSYS})
    rules += [{"names": ["personality"], "action": "SCMP_ACT_ALLOW",
               "args": [{"index": 0, "value": v, "op": "SCMP_CMP_EQ"}]} for v in PERSONALITIES]
    # socket(): Unix, IPv4 and IPv6 sockets, and netlink but for its audit protocol. Rules of
    # one name are OR-ed and the conditions inside a rule AND-ed, but runc splits conditions on
    # the same argument into rules of their own (OR), so each rule tests an argument once.
    rules += [{"names": ["socket"], "action": "SCMP_ACT_ALLOW",
               "args": [{"index": 0, "value": domain, "op": "SCMP_CMP_EQ"}]}
              for domain in SOCKET_DOMAINS]
    rules.append({"names": ["socket"], "action": "SCMP_ACT_ALLOW",
                  "args": [{"index": 0, "value": AF_NETLINK, "op": "SCMP_CMP_EQ"},
                           {"index": 2, "value": NETLINK_AUDIT, "op": "SCMP_CMP_NE"}]})
    return {
        "defaultAction": "SCMP_ACT_ERRNO",
        "defaultErrnoRet": EPERM,
        "archMap": [
            {"architecture": "SCMP_ARCH_X86_64",
             "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
            {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]},
        ],
        "syscalls": rules,
    }


def main() -> None:
    header = Path(sys.argv[1]) if len(sys.argv) > 1 else HEADER
    OUT.write_text(json.dumps(profile(syscall_names(header)), indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
