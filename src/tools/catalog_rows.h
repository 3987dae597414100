// The catalogue's rows, in tools/list order; catalog.cpp turns them into tools.
#pragma once

#include <initializer_list>
#include <vector>

#include "tools/tool_row.h"

namespace tools {

std::vector<Row> read_rows();    // catalog_reads.cpp: inventory, status, snapshot/backup/task lists
std::vector<Row> guest_rows();   // catalog_guests.cpp: create, power, clone, resize, delete
std::vector<Row> data_rows();    // catalog_data.cpp: snapshots, backups
std::vector<Row> device_rows();  // catalog_devices.cpp: disks, network, command execution

// Every row, in tools/list order; built once, on first use, and kept for the process's life
// (tools refer to their rows).
const std::vector<Row>& all_rows();

// The rows of `tables`, one table after the other: a long table is written as a few short ones.
std::vector<Row> concat(std::initializer_list<std::vector<Row> (*)()> tables);

}  // namespace tools
