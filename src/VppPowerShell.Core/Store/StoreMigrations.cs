namespace VppPowerShell.Core.Store;

/// <summary>
/// Forward-only schema migrations. Entry i brings the schema to version i + 1; the version
/// lives in SQLite's <c>user_version</c>. Never edit a published entry: append a new one.
/// </summary>
internal static class StoreMigrations
{
    public static readonly string[] Steps =
    {
        // 1: store identity and location tokens.
        """
        CREATE TABLE store_info (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE tokens (
            token_id               INTEGER PRIMARY KEY AUTOINCREMENT,
            name                   TEXT NOT NULL COLLATE NOCASE UNIQUE,
            organization_name      TEXT NOT NULL,
            apple_id               TEXT NOT NULL,
            country_code           TEXT NOT NULL,
            account_type           TEXT NOT NULL CHECK (account_type IN ('Business', 'Education')),
            automatic_app_updates  INTEGER NOT NULL,
            consent_given_on       TEXT NOT NULL,
            expires_on             TEXT NOT NULL,
            state                  TEXT NOT NULL,
            sync_state             TEXT NOT NULL DEFAULT 'None',
            last_sync_on           TEXT NULL,
            last_sync_error        TEXT NULL,
            secret                 BLOB NOT NULL,
            secret_fingerprint     TEXT NOT NULL UNIQUE,
            created_on             TEXT NOT NULL,
            renewed_on             TEXT NULL
        );
        CREATE INDEX tokens_expires_on ON tokens (expires_on);
        """,
    };

    public static int LatestVersion => Steps.Length;
}
