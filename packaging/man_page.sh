#!/bin/sh
# Writes proxmox-mcp(1) in roff from the binary's own --help, so that the manual can never
# disagree with the flags the binary takes. Usage: man_page.sh BINARY VERSION OUT
set -eu
binary=$1 version=$2 out=$3
# The help first, on its own: a pipe would hide the binary's failure (sh has no pipefail).
help=$(mktemp)
trap 'rm -f "$help"' EXIT
"$binary" --help >"$help"
grep -q '^  -' "$help" || { echo "man_page.sh: $binary --help lists no option" >&2; exit 1; }
awk -v version="$version" '
  # roff: a backslash is escaped, a hyphen is a minus sign, a line may not start with a dot.
  function roff(text) {
    gsub(/\\/, "\\e", text)
    gsub(/-/, "\\-", text)
    sub(/^[.'"'"']/, "\\\\\\&&", text)
    return text
  }
  BEGIN {
    print ".TH PROXMOX\\-MCP 1 \"\" \"proxmox-mcp " version "\" \"User Commands\""
    print ".SH NAME"
    print "proxmox\\-mcp \\- an MCP server for Proxmox VE (stdio, or HTTP with \\-\\-http)"
    print ".SH SYNOPSIS"
    print ".B proxmox\\-mcp"
    print "[\\fIOPTIONS\\fR]"
    print ".br"
    print ".B proxmox\\-mcp bootstrap"
    print "\\-\\-tier read\\-only|operator|admin"
    print ".br"
    print ".B proxmox\\-mcp doctor"
    print ".SH OPTIONS"
    section = "options"
  }
  NR <= 3 { next }                         # the title, the usage line and "Options:"
  section == "options" && /^  -/ {
    # "  --host HOST   Proxmox host name ..." : the flag and its value, then the text
    line = $0
    sub(/^  +/, "", line)
    split(line, parts, /  +/)
    flag = parts[1]
    text = substr(line, length(flag) + 1)
    sub(/^ +/, "", text)
    print ".TP"
    n = split(flag, words, " ")
    printf "\\fB%s\\fR", roff(words[1])
    for (i = 2; i <= n; i++) printf " \\fI%s\\fR", roff(words[i])
    printf "\n%s\n", roff(text)
    next
  }
  section == "options" && /^$/ { section = "blank"; next }
  section == "blank" && /^$/ { next }
  section == "blank" { section = "description"; print ".SH DESCRIPTION" }
  section == "description" && /^$/ { print ".PP"; next }
  section == "description" { print roff($0) }
  END {
    print ".SH FILES"
    print ".TP"
    print "/etc/proxmox\\-mcp/proxmox\\-mcp.env"
    print "The settings of the proxmox\\-mcp service (HTTP mode), read by its systemd unit."
    print ".TP"
    print "/usr/share/doc/proxmox\\-mcp/examples/proxmox\\-mcp.env"
    print "An example of them, each setting explained."
    print ".SH SEE ALSO"
    print "/usr/share/doc/proxmox\\-mcp/README.md"
  }
' "$help" >"$out.tmp"
mv "$out.tmp" "$out"
