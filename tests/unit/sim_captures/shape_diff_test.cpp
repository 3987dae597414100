// The shape comparison itself: what it reports, so that a comparison that passes means something.
#include "shape_diff.h"

#include <gtest/gtest.h>

namespace pvesim::captures {
namespace {

using Set = std::set<std::string>;

TEST(ShapeDiff, ReportsMissingExtraAndTypeDifferences) {
  const Json capture = {{"data", {{"vmid", "100"}, {"pid", 1}, {"name", "a"}}}};
  const Json sim = {{"data", {{"vmid", 100}, {"name", "b"}, {"memhost", 0}}}};
  EXPECT_EQ(shape_differences(capture, sim, {}),
            (Set{"type data.vmid: string != number", "missing data.pid", "extra data.memhost"}));
}

TEST(ShapeDiff, IntegersAndFractionsAreOneKindValuesDoNotMatter) {
  EXPECT_EQ(shape_differences({{"cpu", 0}}, {{"cpu", 0.25}}, {}), Set{});
  EXPECT_EQ(shape_differences({{"cpu", 0}}, {{"cpu", true}}, {}),
            Set{"type cpu: number != boolean"});
}

TEST(ShapeDiff, ListElementsMeetTheirClosestSameTypeElement) {
  const Json capture = {{"data",
                         {{{"type", "node"}, {"node", "pve"}, {"maxcpu", 4}},
                          {{"type", "qemu"}, {"vmid", 100}, {"template", 0}}}}};
  const Json sim = {{"data",
                     {{{"type", "qemu"}, {"vmid", 100}},
                      {{"type", "qemu"}, {"vmid", 101}, {"template", 0}},
                      {{"type", "node"}, {"node", "pve1"}, {"maxcpu", "4"}}}}};
  EXPECT_EQ(shape_differences(capture, sim, {}), Set{"type data[].maxcpu: number != string"});
  // A type pve-sim has none of meets the closest element of any type.
  const Json storage = {{"data", {{{"type", "storage"}, {"storage", "local"}}}}};
  EXPECT_EQ(shape_differences(storage, sim, {}),
            (Set{"missing data[].storage", "extra data[].vmid"}));
  EXPECT_EQ(shape_differences(capture, Json{{"data", Json::array()}}, {}), Set{"empty data[]"});
  EXPECT_EQ(shape_differences(Json{{"data", Json::array()}}, capture, {}), Set{"extra data[]"});
}

TEST(ShapeDiff, MapsCompareValuesNotKeys) {
  const Json capture = {{"blockstat", {{"virtio0", {{"rd_bytes", 0}, {"idle", 1}}}}}};
  const Json sim = {{"blockstat", {{"scsi0", {{"rd_bytes", 5}}}}}};
  EXPECT_EQ(shape_differences(capture, sim, {.maps = {"blockstat"}, .open = {}}),
            Set{"missing blockstat.*.idle"});
  // Each value meets the closest of pve-sim's; `*` in a place stands for any one key.
  const Json two = {
      {"blockstat", {{"ide2", {{"rd_bytes", 0}}}, {"scsi0", {{"rd_bytes", 1}, {"idle", 2}}}}}};
  EXPECT_EQ(shape_differences(capture, two, {.maps = {"blockstat"}, .open = {}}), Set{});
  const Json cap = {{"cap", {{"vms", {{"VM.Audit", 1}}}}}};
  const Json sim_cap = {{"cap", {{"vms", {{"VM.Allocate", 1}}}}}};
  EXPECT_EQ(shape_differences(cap, sim_cap, {.maps = {"cap.*"}, .open = {}}), Set{});
  EXPECT_EQ(shape_differences(capture, sim, {}),
            (Set{"missing blockstat.virtio0", "extra blockstat.scsi0"}));
}

TEST(ShapeDiff, OpenPlacesCompareOnlyTheKeysBothHave) {
  const Json capture = {{"data", {{"cores", 2}, {"kvm", 0}, {"memory", "512"}}}};
  const Json sim = {{"data", {{"cores", 4}, {"memory", 2048}, {"scsi0", "local-lvm:…"}}}};
  EXPECT_EQ(shape_differences(capture, sim, {.maps = {}, .open = {"data"}}),
            Set{"type data.memory: string != number"});
}

}  // namespace
}  // namespace pvesim::captures
