// Validates Strimzi, KEDA and Prometheus Operator resources against their CRDs' OpenAPI schemas, compiled into
// validators by the kubernetes-models packages (pinned in package-lock.json). Reads a JSON array of objects from
// the file named by the first argument; prints one line per object; exits 1 if any object is invalid or is of a
// custom kind this script has no schema for (so a new kind cannot slip through unchecked).
import { readFileSync } from 'node:fs';

const modules = {
  'kafka.strimzi.io/v1beta2': '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};

const objects = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let failed = 0;
for (const o of objects) {
  const name = `${o.kind}/${o.metadata?.name}`;
  const module = modules[o.apiVersion];
  if (!module) {
    console.log(`${name}: no schema for ${o.apiVersion}`);
    failed++;
    continue;
  }
  const Kind = (await import(module))[o.kind]; // the version's index exports every kind it has
  if (!Kind) {
    console.log(`${name}: no schema for kind ${o.kind} in ${o.apiVersion}`);
    failed++;
    continue;
  }
  try {
    new Kind(o).validate();
    console.log(`${name}: valid`);
  } catch (e) {
    console.log(`${name}: INVALID ${e.message}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
