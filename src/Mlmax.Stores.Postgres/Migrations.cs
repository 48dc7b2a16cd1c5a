namespace Mlmax.Stores.Postgres;

/// <summary>
/// The schema, as numbered migrations applied in order; version N here is version N of the SQLite store (1 = runs,
/// step runs and artifacts, 2 = the model registry, 3 = what triggered a run, 4 = monitoring checks, 5 = the request log's segment index). Applied versions are rows of <c>mlmax_schema</c>.
/// </summary>
/// <remarks>
/// Keys and names that the store sorts or matches by prefix are <c>COLLATE "C"</c>, so they order byte by byte as in
/// SQLite whatever the database's locale. JSON columns are <c>text</c>, not <c>jsonb</c>, so a definition's canonical
/// JSON (whose hash is its version) and every dictionary come back exactly as written.
/// </remarks>
internal static class Migrations
{
    /// <summary>The table recording which migrations ran.</summary>
    public const string SchemaTable = """
        CREATE TABLE IF NOT EXISTS mlmax_schema (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    public static IReadOnlyList<string> All { get; } =
    [
        """
        CREATE TABLE runs (
            id text COLLATE "C" PRIMARY KEY,
            pipeline text COLLATE "C" NOT NULL,
            definition_version text NOT NULL,
            definition_json text NOT NULL,
            status text NOT NULL,
            parameters_json text NOT NULL,
            inputs_json text NOT NULL,
            environment_json text NOT NULL,
            started_at timestamptz NOT NULL,
            ended_at timestamptz,
            error text,
            owner text NOT NULL
        );
        CREATE INDEX runs_pipeline ON runs (pipeline, started_at);
        CREATE TABLE step_runs (
            run_id text COLLATE "C" NOT NULL REFERENCES runs (id),
            step text COLLATE "C" NOT NULL,
            status text NOT NULL,
            attempts integer NOT NULL,
            started_at timestamptz,
            ended_at timestamptz,
            cache_key text,
            cache_key_parts_json text,
            reused_from text,
            error text,
            log_path text,
            metrics_json text NOT NULL,
            PRIMARY KEY (run_id, step)
        );
        CREATE INDEX step_runs_cache_key ON step_runs (cache_key, status);
        CREATE TABLE artifacts (
            id text COLLATE "C" PRIMARY KEY,
            size bigint NOT NULL,
            file_count integer NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE TABLE artifact_uses (
            run_id text COLLATE "C" NOT NULL,
            step text COLLATE "C" NOT NULL,
            role text COLLATE "C" NOT NULL CHECK (role IN ('input', 'output')),
            name text COLLATE "C" NOT NULL,
            artifact_id text COLLATE "C" NOT NULL REFERENCES artifacts (id),
            PRIMARY KEY (run_id, step, role, name),
            FOREIGN KEY (run_id, step) REFERENCES step_runs (run_id, step) ON DELETE CASCADE
        );
        CREATE INDEX artifact_uses_artifact ON artifact_uses (artifact_id);
        """,
        """
        CREATE TABLE model_versions (
            name text COLLATE "C" NOT NULL,
            version integer NOT NULL,
            bundle_artifact text COLLATE "C" NOT NULL REFERENCES artifacts (id),
            components_json text NOT NULL,
            run_id text COLLATE "C" NOT NULL REFERENCES runs (id),
            metrics_json text NOT NULL,
            created_at timestamptz NOT NULL,
            archived boolean NOT NULL DEFAULT false,
            PRIMARY KEY (name, version)
        );
        CREATE TABLE model_aliases (
            name text COLLATE "C" NOT NULL,
            alias text COLLATE "C" NOT NULL,
            version integer NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (name, alias),
            FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
        );
        CREATE TABLE registry_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text COLLATE "C" NOT NULL,
            action text NOT NULL,
            alias text,
            from_version integer,
            to_version integer,
            who text NOT NULL,
            at timestamptz NOT NULL,
            why text,
            gates_json text NOT NULL
        );
        CREATE INDEX registry_events_name ON registry_events (name, id);
        """,
        """
        ALTER TABLE runs ADD COLUMN trigger_json text, ADD COLUMN trigger_key text COLLATE "C";
        CREATE UNIQUE INDEX runs_trigger_key ON runs (trigger_key);
        """,
        """
        CREATE TABLE monitor_checks (
            id text COLLATE "C" PRIMARY KEY,
            model text COLLATE "C" NOT NULL,
            version integer NOT NULL,
            source_kind text NOT NULL,
            run_id text COLLATE "C",
            step text,
            window_start timestamptz,
            window_end timestamptz,
            metrics_json text,
            checked_at timestamptz NOT NULL,
            drifted boolean NOT NULL,
            drifted_json text NOT NULL,
            worst_psi double precision,
            thresholds_json text NOT NULL,
            report_artifact text COLLATE "C" NOT NULL REFERENCES artifacts (id),
            FOREIGN KEY (model, version) REFERENCES model_versions (name, version)
        );
        CREATE INDEX monitor_checks_model ON monitor_checks (model, checked_at);
        CREATE INDEX monitor_checks_run ON monitor_checks (run_id);
        """,
        """
        CREATE TABLE request_log_segments (
            artifact_id text COLLATE "C" PRIMARY KEY REFERENCES artifacts (id),
            model text COLLATE "C" NOT NULL,
            version integer NOT NULL,
            first_at timestamptz NOT NULL,
            last_at timestamptz NOT NULL,
            row_count bigint NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX request_log_segments_model ON request_log_segments (model, first_at);
        """,
    ];
}
