namespace Mlmax.Stores.Sqlite;

/// <summary>The schema, as numbered migrations applied in order; the applied version is kept in <c>PRAGMA user_version</c>.</summary>
internal static class Migrations
{
    public static IReadOnlyList<string> All { get; } =
    [
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            pipeline TEXT NOT NULL,
            definition_version TEXT NOT NULL,
            definition_json TEXT NOT NULL,
            status TEXT NOT NULL,
            parameters_json TEXT NOT NULL,
            inputs_json TEXT NOT NULL,
            environment_json TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            error TEXT,
            owner TEXT NOT NULL
        );
        CREATE INDEX runs_pipeline ON runs (pipeline, started_at);
        CREATE TABLE step_runs (
            run_id TEXT NOT NULL REFERENCES runs (id),
            step TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            started_at TEXT,
            ended_at TEXT,
            cache_key TEXT,
            cache_key_parts_json TEXT,
            reused_from TEXT,
            error TEXT,
            log_path TEXT,
            metrics_json TEXT NOT NULL,
            PRIMARY KEY (run_id, step)
        );
        CREATE INDEX step_runs_cache_key ON step_runs (cache_key, status);
        CREATE TABLE artifacts (
            id TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            file_count INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE artifact_uses (
            run_id TEXT NOT NULL,
            step TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('input', 'output')),
            name TEXT NOT NULL,
            artifact_id TEXT NOT NULL REFERENCES artifacts (id),
            PRIMARY KEY (run_id, step, role, name),
            FOREIGN KEY (run_id, step) REFERENCES step_runs (run_id, step) ON DELETE CASCADE
        );
        CREATE INDEX artifact_uses_artifact ON artifact_uses (artifact_id);
        """,
        """
        CREATE TABLE model_versions (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            bundle_artifact TEXT NOT NULL REFERENCES artifacts (id),
            components_json TEXT NOT NULL,
            run_id TEXT NOT NULL REFERENCES runs (id),
            metrics_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (name, version)
        );
        CREATE TABLE model_aliases (
            name TEXT NOT NULL,
            alias TEXT NOT NULL,
            version INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (name, alias),
            FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
        );
        CREATE TABLE registry_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            action TEXT NOT NULL,
            alias TEXT,
            from_version INTEGER,
            to_version INTEGER,
            who TEXT NOT NULL,
            at TEXT NOT NULL,
            why TEXT,
            gates_json TEXT NOT NULL
        );
        CREATE INDEX registry_events_name ON registry_events (name, id);
        """,
        """
        ALTER TABLE runs ADD COLUMN trigger_json TEXT;
        ALTER TABLE runs ADD COLUMN trigger_key TEXT;
        CREATE UNIQUE INDEX runs_trigger_key ON runs (trigger_key);
        """,
        """
        CREATE TABLE monitor_checks (
            id TEXT PRIMARY KEY,
            model TEXT NOT NULL,
            version INTEGER NOT NULL,
            source_kind TEXT NOT NULL,
            run_id TEXT,
            step TEXT,
            window_start TEXT,
            window_end TEXT,
            metrics_json TEXT,
            checked_at TEXT NOT NULL,
            drifted INTEGER NOT NULL,
            drifted_json TEXT NOT NULL,
            worst_psi REAL,
            thresholds_json TEXT NOT NULL,
            report_artifact TEXT NOT NULL REFERENCES artifacts (id),
            FOREIGN KEY (model, version) REFERENCES model_versions (name, version)
        );
        CREATE INDEX monitor_checks_model ON monitor_checks (model, checked_at);
        CREATE INDEX monitor_checks_run ON monitor_checks (run_id);
        """,
        """
        CREATE TABLE request_log_segments (
            artifact_id TEXT PRIMARY KEY REFERENCES artifacts (id),
            model TEXT NOT NULL,
            version INTEGER NOT NULL,
            first_at TEXT NOT NULL,
            last_at TEXT NOT NULL,
            row_count INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX request_log_segments_model ON request_log_segments (model, first_at);
        """,
    ];
}
