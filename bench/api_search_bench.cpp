// The API schema catalogue: its first-use build (parse of the embedded schema) and one search.
#include <benchmark/benchmark.h>

#include "apischema/catalogue.h"
#include "apischema/schema_blob.h"
#include "apischema/search.h"

namespace {

// A fresh catalogue each time, as the first use in a process pays it.
void BM_CatalogueFirstUse(benchmark::State& state) {
  const auto text = apischema::embedded_apidata();
  for (auto _ : state) {
    apischema::ApiSchema schema(apischema::Json::parse(text.begin(), text.end()));
    apischema::Catalogue catalogue(schema);
    benchmark::DoNotOptimize(catalogue.endpoints().size());
  }
}
BENCHMARK(BM_CatalogueFirstUse)->Unit(benchmark::kMillisecond);

void BM_ApiSearch(benchmark::State& state, const char* words) {
  const auto& catalogue = apischema::Catalogue::embedded();
  for (auto _ : state) {
    auto page = apischema::search(catalogue, {.words = words});
    benchmark::DoNotOptimize(page.total);
  }
}
BENCHMARK_CAPTURE(BM_ApiSearch, migrate, "migrate")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ApiSearch, firewall_rules_vm, "firewall rules vm")
    ->Unit(benchmark::kMicrosecond);

}  // namespace
