// The schema, as numbered migrations applied in order and recorded in `schema_migrations`. The SQL is
// written to mean the same in SQLite and PostgreSQL (SQLite maps BIGINT to INTEGER and BOOLEAN to NUMERIC
// affinity, where the SQLite store binds booleans as 0/1), so both stores run the same list.
// Never edit a released migration: add the next one.

export interface Migration {
  version: number;
  description: string;
  /** The same SQL for both databases, or each its own where they differ (JSON functions, say). */
  sql: string | { sqlite: string; postgres: string };
}

/** A migration's SQL for one database. */
export function migrationSql(migration: Migration, database: "sqlite" | "postgres"): string {
  return typeof migration.sql === "string" ? migration.sql : migration.sql[database];
}

const modelTables = `
CREATE TABLE models (
  uuid TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  install_path TEXT NOT NULL,
  parameters TEXT,
  model_center_uuid TEXT NOT NULL,
  logo TEXT,
  vendor TEXT,
  introduction TEXT,
  version TEXT,
  type TEXT,
  size BIGINT,
  min_gpu_memory BIGINT,
  model_id TEXT,
  version_semver TEXT,
  artifact_checksum TEXT,
  architecture_type TEXT,
  framework_version TEXT,
  required_accelerator TEXT,
  is_latest_version BOOLEAN,
  artifact_size_bytes BIGINT,
  recommended_gpu_memory BIGINT,
  gpu_constraint_description TEXT,
  extra_gpu_mem_request BIGINT,
  create_date BIGINT NOT NULL,
  last_op_date BIGINT NOT NULL,
  details TEXT NOT NULL
);
CREATE INDEX models_create_date ON models (create_date, uuid);
CREATE INDEX models_model_center_create_date ON models (model_center_uuid, create_date, uuid);
CREATE INDEX models_last_op_date ON models (last_op_date, uuid);
CREATE INDEX models_name ON models (name, uuid);

-- Bindings between models and model services (ZStack's ModelServiceRefVO). No foreign keys: \`--references off\`
-- may bind placeholder uuids; deletes of either side remove their bindings themselves.
CREATE TABLE model_service_refs (
  uuid TEXT PRIMARY KEY,
  model_uuid TEXT NOT NULL,
  model_service_uuid TEXT NOT NULL,
  is_default BOOLEAN NOT NULL,
  details TEXT NOT NULL,
  UNIQUE (model_uuid, model_service_uuid)
);
CREATE INDEX model_service_refs_model_service ON model_service_refs (model_service_uuid);
`;

/** A stored binding's uuid, or a new random one (SQLite) when it has none. */
const refUuidOrNew = "COALESCE(json_extract(ref.value, '$.uuid'), lower(hex(randomblob(16))))";

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: "model services, jobs, accounts, sessions",
    sql: `
CREATE TABLE model_services (
  uuid TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  readme TEXT,
  yaml TEXT NOT NULL,
  request_cpu BIGINT NOT NULL,
  request_memory BIGINT NOT NULL,
  model_center_uuid TEXT NOT NULL,
  type TEXT NOT NULL,
  framework TEXT,
  source TEXT NOT NULL,
  size BIGINT,
  system BOOLEAN NOT NULL,
  has_new_version BOOLEAN,
  gpu_compute_capability TEXT,
  install_path TEXT NOT NULL,
  python_version TEXT,
  conda_version TEXT,
  version TEXT,
  start_command TEXT NOT NULL,
  container_command TEXT,
  container_args TEXT,
  support_distributed BOOLEAN NOT NULL,
  create_date BIGINT NOT NULL,
  last_op_date BIGINT NOT NULL,
  details TEXT NOT NULL
);
-- Pages are ordered by (column, uuid) in one direction; each index serves a common filter plus that order.
CREATE INDEX model_services_create_date ON model_services (create_date, uuid);
CREATE INDEX model_services_type_create_date ON model_services (type, create_date, uuid);
CREATE INDEX model_services_model_center_create_date ON model_services (model_center_uuid, create_date, uuid);
CREATE INDEX model_services_last_op_date ON model_services (last_op_date, uuid);
CREATE INDEX model_services_name ON model_services (name, uuid);
CREATE INDEX model_services_request_cpu ON model_services (request_cpu, uuid);

CREATE TABLE jobs (
  uuid TEXT PRIMARY KEY,
  api_name TEXT NOT NULL,
  state TEXT NOT NULL,
  status INTEGER,
  body TEXT,
  created_at BIGINT NOT NULL,
  finished_at BIGINT,
  web_hook TEXT
);
CREATE INDEX jobs_finished_at ON jobs (finished_at);

CREATE TABLE accounts (
  uuid TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL
);

CREATE TABLE sessions (
  uuid TEXT PRIMARY KEY,
  account_uuid TEXT NOT NULL,
  user_uuid TEXT NOT NULL,
  user_type TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  renewed_at BIGINT NOT NULL
);
CREATE INDEX sessions_account_expires_at ON sessions (account_uuid, expires_at);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
`,
  },
  {
    version: 2,
    // ZStack's 5.1.20 inventory has one image per service; 5.3.28 replaced them with modelServiceImages.
    description: "model services: the 5.1.x image fields dockerImage and vmImageUuid",
    sql: `
ALTER TABLE model_services ADD COLUMN docker_image TEXT;
ALTER TABLE model_services ADD COLUMN vm_image_uuid TEXT;
`,
  },
  {
    version: 3,
    description: "access keys",
    sql: `
CREATE TABLE access_keys (
  uuid TEXT PRIMARY KEY,
  description TEXT,
  account_uuid TEXT NOT NULL,
  user_uuid TEXT NOT NULL,
  access_key_id TEXT NOT NULL,
  -- The secret sealed with --secret-key (AES-256-GCM), or in clear without one, as ZStack stores it.
  access_key_secret TEXT NOT NULL,
  state TEXT NOT NULL,
  type TEXT,
  create_date BIGINT NOT NULL,
  last_op_date BIGINT NOT NULL,
  details TEXT NOT NULL
);
-- Every signed request looks its key up by id; ids are unique, as ZStack's.
CREATE UNIQUE INDEX access_keys_access_key_id ON access_keys (access_key_id);
CREATE INDEX access_keys_create_date ON access_keys (create_date, uuid);
`,
  },
  {
    version: 4,
    description: "model centers",
    // `capacity` is computed when answering (sums over models, datasets and model services), never stored.
    sql: `
CREATE TABLE model_centers (
  uuid TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  url TEXT NOT NULL,
  status TEXT NOT NULL,
  parameters TEXT,
  management_ip TEXT NOT NULL,
  management_port BIGINT NOT NULL,
  storage_network_uuid TEXT,
  service_network_uuid TEXT,
  container_registry TEXT,
  container_storage_network TEXT,
  container_network TEXT,
  create_date BIGINT NOT NULL,
  last_op_date BIGINT NOT NULL,
  details TEXT NOT NULL
);
CREATE INDEX model_centers_create_date ON model_centers (create_date, uuid);
CREATE INDEX model_centers_last_op_date ON model_centers (last_op_date, uuid);
CREATE INDEX model_centers_name ON model_centers (name, uuid);
`,
  },
  {
    version: 5,
    description: "datasets",
    // usageScenarios, dataType, token and the tags are kept in `details`: no inventory shows them.
    sql: `
CREATE TABLE datasets (
  uuid TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  url TEXT NOT NULL,
  install_path TEXT,
  model_center_uuid TEXT NOT NULL,
  size BIGINT,
  system BOOLEAN NOT NULL,
  create_date BIGINT NOT NULL,
  last_op_date BIGINT NOT NULL,
  details TEXT NOT NULL
);
CREATE INDEX datasets_create_date ON datasets (create_date, uuid);
CREATE INDEX datasets_model_center_create_date ON datasets (model_center_uuid, create_date, uuid);
CREATE INDEX datasets_last_op_date ON datasets (last_op_date, uuid);
CREATE INDEX datasets_name ON datasets (name, uuid);
`,
  },
  {
    version: 6,
    description: "models; bindings move from model services' details to model_service_refs",
    // Services stored before this kept their bindings in `details`: they become rows, and leave `details`.
    sql: {
      sqlite: `${modelTables}
INSERT OR IGNORE INTO model_service_refs (uuid, model_uuid, model_service_uuid, is_default, details)
  SELECT ${refUuidOrNew}, json_extract(ref.value, '$.modelUuid'),
    s.uuid, CASE WHEN json_extract(ref.value, '$.isDefault') THEN 1 ELSE 0 END, '{}'
  FROM model_services s, json_each(s.details, '$.modelServiceRefs') ref
  WHERE json_extract(ref.value, '$.modelUuid') IS NOT NULL;
UPDATE model_services SET details = json_remove(details, '$.modelServiceRefs')
  WHERE json_type(details, '$.modelServiceRefs') IS NOT NULL;
`,
      postgres: `${modelTables}
INSERT INTO model_service_refs (uuid, model_uuid, model_service_uuid, is_default, details)
  SELECT COALESCE(ref->>'uuid', md5(s.uuid || (ref->>'modelUuid'))), ref->>'modelUuid', s.uuid,
    COALESCE((ref->>'isDefault')::boolean, false), '{}'
  FROM model_services s CROSS JOIN LATERAL jsonb_array_elements(s.details::jsonb -> 'modelServiceRefs') AS ref
  WHERE jsonb_typeof(s.details::jsonb -> 'modelServiceRefs') = 'array' AND ref->>'modelUuid' IS NOT NULL
  ON CONFLICT DO NOTHING;
UPDATE model_services SET details = (details::jsonb - 'modelServiceRefs')::text
  WHERE (details::jsonb -> 'modelServiceRefs') IS NOT NULL;
`,
    },
  },
  {
    version: 7,
    description: "model service instance groups and their instances",
    // A group's deployment in progress (its job, when it began, who holds its lease) is kept in `details`: no
    // inventory shows it. No foreign keys: a deleted model service leaves its groups' model_service_uuid NULL
    // through the delete itself, as ZStack's ON DELETE SET NULL does.
    sql: `
CREATE TABLE model_service_instance_groups (
  uuid TEXT PRIMARY KEY,
  model_service_uuid TEXT,
  model_uuid TEXT,
  name TEXT NOT NULL,
  description TEXT,
  status TEXT NOT NULL,
  model_service_type TEXT,
  type TEXT NOT NULL,
  yaml TEXT,
  export_path TEXT,
  create_date BIGINT NOT NULL,
  last_op_date BIGINT NOT NULL,
  details TEXT NOT NULL
);
CREATE INDEX model_service_instance_groups_create_date ON model_service_instance_groups (create_date, uuid);
CREATE INDEX model_service_instance_groups_model_service
  ON model_service_instance_groups (model_service_uuid, create_date, uuid);
CREATE INDEX model_service_instance_groups_status ON model_service_instance_groups (status, create_date, uuid);
CREATE INDEX model_service_instance_groups_name ON model_service_instance_groups (name, uuid);

CREATE TABLE model_service_instances (
  uuid TEXT PRIMARY KEY,
  name TEXT,
  model_service_group_uuid TEXT NOT NULL,
  yaml TEXT,
  status TEXT NOT NULL,
  url TEXT,
  jupyter_url TEXT,
  internal_url TEXT,
  k8s_resource_yaml TEXT,
  vm_instance_uuid TEXT,
  node_rank BIGINT,
  cluster_id BIGINT,
  namespace TEXT,
  account_uuid TEXT,
  architecture TEXT,
  gpu_vendor TEXT,
  create_date BIGINT NOT NULL,
  last_op_date BIGINT NOT NULL,
  details TEXT NOT NULL
);
CREATE INDEX model_service_instances_group ON model_service_instances (model_service_group_uuid);
`,
  },
];

export const createMigrationsTableSql =
  "CREATE TABLE IF NOT EXISTS schema_migrations " +
  "(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)";
