// Validates rendered Kubernetes manifests (the output of `kubectl kustomize`), one multi-document YAML file per
// argument:
//   node validate.mjs rendered.yaml [more.yaml ...]
// - built-in kinds against the Kubernetes schemas of the kubernetes-models package; a built-in apiVersion/kind it
//   does not know is an error (a typo in a kind, or an API removed from Kubernetes);
// - ServiceMonitor and PrometheusRule against the prometheus-operator schemas (@kubernetes-models/prometheus-operator);
// - ActiveMQArtemis and CloudNativePG Cluster structurally (schemas/*.schema.json, no registry here ships their
//   CRDs), with their Kubernetes-typed fields (resources, security contexts, probes, ...) against the Kubernetes
//   schemas;
// - any other custom resource is an error: add a schema for it here first.
// Prints one line per document and exits 1 when any document is invalid.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));

const prometheusOperatorKinds = new Set(["ServiceMonitor", "PodMonitor", "PrometheusRule", "Probe"]);

// Custom resources checked structurally: JSON schema file, and where Kubernetes types are embedded in them.
const structural = {
  "broker.amq.io/v1beta1/ActiveMQArtemis": {
    schema: "activemqartemis.schema.json",
    embedded: [
      ["spec.deploymentPlan.resources", "v1/ResourceRequirements"],
      ["spec.deploymentPlan.containerSecurityContext", "v1/SecurityContext"],
      ["spec.deploymentPlan.podSecurityContext", "v1/PodSecurityContext"],
      ["spec.deploymentPlan.startupProbe", "v1/Probe"],
      ["spec.deploymentPlan.livenessProbe", "v1/Probe"],
      ["spec.deploymentPlan.readinessProbe", "v1/Probe"],
      ["spec.deploymentPlan.tolerations[]", "v1/Toleration"],
      ["spec.deploymentPlan.topologySpreadConstraints[]", "v1/TopologySpreadConstraint"],
      ["spec.deploymentPlan.affinity.nodeAffinity", "v1/NodeAffinity"],
      ["spec.deploymentPlan.affinity.podAffinity", "v1/PodAffinity"],
      ["spec.deploymentPlan.affinity.podAntiAffinity", "v1/PodAntiAffinity"],
      ["spec.deploymentPlan.podDisruptionBudget", "policy/v1/PodDisruptionBudgetSpec"],
      ["spec.deploymentPlan.extraVolumes[]", "v1/Volume"],
      ["spec.deploymentPlan.extraVolumeMounts[]", "v1/VolumeMount"],
      ["spec.env[]", "v1/EnvVar"],
    ],
  },
  "postgresql.cnpg.io/v1/Cluster": {
    schema: "cnpg-cluster.schema.json",
    embedded: [
      ["spec.resources", "v1/ResourceRequirements"],
      ["spec.topologySpreadConstraints[]", "v1/TopologySpreadConstraint"],
      ["spec.env[]", "v1/EnvVar"],
      ["spec.envFrom[]", "v1/EnvFromSource"],
      ["spec.seccompProfile", "v1/SeccompProfile"],
    ],
  },
};

// API groups served by Kubernetes itself: the core group ("v1") and the *.k8s.io groups, plus the few unsuffixed ones.
const builtInGroups = new Set(["", "apps", "autoscaling", "batch", "policy"]);
function isBuiltIn(apiVersion) {
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
  return builtInGroups.has(group) || group.endsWith(".k8s.io");
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const compiled = new Map();
function structuralValidator(file) {
  if (!compiled.has(file)) {
    compiled.set(file, ajv.compile(JSON.parse(readFileSync(join(here, "schemas", file), "utf8"))));
  }
  return compiled.get(file);
}

async function modelClass(modulePath, kind) {
  try {
    const module = await import(modulePath);
    return module[kind];
  } catch (e) {
    if (e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED" || e.code === "ERR_MODULE_NOT_FOUND") {
      return undefined;
    }
    throw e;
  }
}

function modelErrors(Model, value) {
  try {
    new Model(value).validate();
    return [];
  } catch (e) {
    return [e.message];
  }
}

// Values at a dotted path; "name[]" steps into every item of a list.
function valuesAt(object, path) {
  let values = [object];
  for (const step of path.split(".")) {
    const each = step.endsWith("[]");
    const key = each ? step.slice(0, -2) : step;
    values = values.flatMap((v) => {
      const next = v == null ? undefined : v[key];
      if (next === undefined) return [];
      return each ? (Array.isArray(next) ? next : [next]) : [next];
    });
  }
  return values;
}

async function validateDocument(doc) {
  const { apiVersion, kind } = doc;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return { how: "-", errors: ["apiVersion and kind are required"] };
  }
  if (!doc.metadata || typeof doc.metadata.name !== "string" || doc.metadata.name === "") {
    return { how: "-", errors: ["metadata.name is required"] };
  }

  if (apiVersion === "monitoring.coreos.com/v1" && prometheusOperatorKinds.has(kind)) {
    const Model = await modelClass(`@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`, kind);
    return { how: "prometheus-operator schema", errors: modelErrors(Model, doc) };
  }

  const custom = structural[`${apiVersion}/${kind}`];
  if (custom) {
    const validate = structuralValidator(custom.schema);
    const errors = validate(doc)
      ? []
      : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
    for (const [path, type] of custom.embedded) {
      const typeName = type.slice(type.lastIndexOf("/") + 1);
      const Model = await modelClass(`kubernetes-models/${type}`, typeName);
      if (!Model) throw new Error(`kubernetes-models has no ${type}`);
      for (const value of valuesAt(doc, path)) {
        errors.push(...modelErrors(Model, value).map((m) => `${path}: ${m}`));
      }
    }
    return { how: "structural + embedded Kubernetes types", errors };
  }

  if (isBuiltIn(apiVersion)) {
    if (apiVersion === "v1" && kind === "Secret" && doc.data) {
      // kustomize wraps long base64 values at 76 characters; the API server's decoder skips those line breaks
      for (const key of Object.keys(doc.data)) doc.data[key] = String(doc.data[key]).replace(/[\r\n]/g, "");
    }
    const Model = await modelClass(`kubernetes-models/${apiVersion}/${kind}`, kind);
    if (!Model) {
      return { how: "-", errors: [`unknown built-in kind ${apiVersion} ${kind}`] };
    }
    return { how: "Kubernetes schema", errors: modelErrors(Model, doc) };
  }

  return { how: "-", errors: [`no schema for custom resource ${apiVersion} ${kind}: add one to validate.mjs`] };
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs RENDERED.yaml [...]");
  process.exit(2);
}

let invalid = 0;
let checked = 0;
for (const file of files) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  for (const document of documents) {
    if (document.errors.length > 0) {
      invalid++;
      console.log(`INVALID ${file}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const doc = document.toJS();
    if (doc == null) continue;
    checked++;
    const { how, errors } = await validateDocument(doc);
    const name = `${doc.apiVersion} ${doc.kind} ${doc.metadata?.name ?? "?"}`;
    if (errors.length > 0) {
      invalid++;
      console.log(`INVALID ${name}:\n  ${errors.join("\n  ")}`);
    } else {
      console.log(`ok      ${name} (${how})`);
    }
  }
}
console.log(`${checked} documents checked, ${invalid} invalid`);
process.exit(invalid > 0 ? 1 : 0);
