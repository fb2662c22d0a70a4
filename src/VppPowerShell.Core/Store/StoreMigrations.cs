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

        // 2: where each token talks to Apple, the location it stands for, and Apple's data (a cache of Apple's truth).
        """
        ALTER TABLE tokens ADD COLUMN service_url TEXT NOT NULL DEFAULT 'https://vpp.itunes.apple.com/mdm/v2/';
        ALTER TABLE tokens ADD COLUMN location_uid TEXT NULL;
        ALTER TABLE tokens ADD COLUMN location_name TEXT NULL;
        ALTER TABLE tokens ADD COLUMN external_mdm TEXT NULL;
        ALTER TABLE tokens ADD COLUMN assignments_version TEXT NULL;
        ALTER TABLE tokens ADD COLUMN users_version TEXT NULL;
        ALTER TABLE tokens ADD COLUMN sync_generation INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tokens ADD COLUMN names_country TEXT NULL;
        CREATE INDEX tokens_location_uid ON tokens (location_uid);
        CREATE TABLE assets (
            token_id            INTEGER NOT NULL REFERENCES tokens (token_id) ON DELETE CASCADE,
            adam_id             TEXT NOT NULL,
            pricing_param       TEXT NOT NULL,
            product_type        TEXT NOT NULL,
            name                TEXT NULL,
            bundle_id           TEXT NULL,
            total_count         INTEGER NOT NULL,
            assigned_count      INTEGER NOT NULL,
            available_count     INTEGER NOT NULL,
            retired_count       INTEGER NOT NULL,
            device_assignable   INTEGER NOT NULL,
            revocable           INTEGER NOT NULL,
            supported_platforms TEXT NOT NULL,
            confirmed_on        TEXT NOT NULL,
            PRIMARY KEY (token_id, adam_id, pricing_param)
        ) WITHOUT ROWID;
        CREATE TABLE assignments (
            token_id        INTEGER NOT NULL REFERENCES tokens (token_id) ON DELETE CASCADE,
            adam_id         TEXT NOT NULL,
            pricing_param   TEXT NOT NULL,
            client_user_id  TEXT NOT NULL DEFAULT '',
            serial_number   TEXT NOT NULL DEFAULT '',
            generation      INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (token_id, adam_id, pricing_param, client_user_id, serial_number)
        ) WITHOUT ROWID;
        CREATE INDEX assignments_serial ON assignments (serial_number, token_id) WHERE serial_number <> '';
        CREATE INDEX assignments_user ON assignments (client_user_id, token_id) WHERE client_user_id <> '';
        CREATE TABLE users (
            token_id        INTEGER NOT NULL REFERENCES tokens (token_id) ON DELETE CASCADE,
            client_user_id  TEXT NOT NULL,
            email           TEXT NULL,
            status          TEXT NOT NULL,
            invite_code     TEXT NULL,
            id_hash         TEXT NULL,
            managed_here    INTEGER NOT NULL DEFAULT 0,
            generation      INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (token_id, client_user_id)
        ) WITHOUT ROWID;
        """,

        // 3: what the admin wants (desired assignments, groups, devices) and the jobs that make it so;
        // legacy VPP tokens (Apple's v1 service) beside location tokens.
        """
        ALTER TABLE tokens ADD COLUMN legacy INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE devices (
            serial_number    TEXT PRIMARY KEY,
            platform         TEXT NULL,
            ownership        TEXT NULL,
            supervised       INTEGER NULL,
            kiosk            INTEGER NULL,
            user_enrollment  INTEGER NULL,
            primary_user     TEXT NULL,
            updated_on       TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE groups (
            group_id     INTEGER PRIMARY KEY AUTOINCREMENT,
            name         TEXT NOT NULL COLLATE NOCASE UNIQUE,
            member_type  TEXT NOT NULL CHECK (member_type IN ('User', 'Device')),
            created_on   TEXT NOT NULL
        );
        CREATE TABLE group_members (
            group_id  INTEGER NOT NULL REFERENCES groups (group_id) ON DELETE CASCADE,
            member    TEXT NOT NULL,
            added_on  TEXT NOT NULL,
            PRIMARY KEY (group_id, member)
        ) WITHOUT ROWID;
        CREATE TABLE desired (
            token_id       INTEGER NOT NULL REFERENCES tokens (token_id) ON DELETE CASCADE,
            adam_id        TEXT NOT NULL,
            pricing_param  TEXT NOT NULL,
            target_type    TEXT NOT NULL CHECK (target_type IN ('User', 'Device', 'Group')),
            target         TEXT NOT NULL,
            license_type   TEXT NOT NULL CHECK (license_type IN ('User', 'Device')),
            intent         TEXT NOT NULL CHECK (intent IN ('Available', 'Required', 'Uninstall')),
            updated_on     TEXT NOT NULL,
            PRIMARY KEY (token_id, adam_id, pricing_param, target_type, target)
        ) WITHOUT ROWID;
        CREATE TABLE target_status (
            token_id       INTEGER NOT NULL REFERENCES tokens (token_id) ON DELETE CASCADE,
            adam_id        TEXT NOT NULL,
            pricing_param  TEXT NOT NULL,
            license_type   TEXT NOT NULL,
            target         TEXT NOT NULL,
            status         TEXT NOT NULL,
            error_id       TEXT NULL,
            reason         TEXT NULL,
            job_id         TEXT NULL,
            updated_on     TEXT NOT NULL,
            PRIMARY KEY (token_id, adam_id, pricing_param, license_type, target)
        ) WITHOUT ROWID;
        CREATE TABLE jobs (
            job_id        TEXT PRIMARY KEY,
            kind          TEXT NOT NULL,
            token_id      INTEGER NULL REFERENCES tokens (token_id) ON DELETE SET NULL,
            description   TEXT NOT NULL,
            state         TEXT NOT NULL,
            owner         TEXT NULL,
            heartbeat_on  TEXT NULL,
            created_on    TEXT NOT NULL,
            updated_on    TEXT NOT NULL,
            error         TEXT NULL
        );
        CREATE TABLE job_targets (
            job_id         TEXT NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
            seq            INTEGER NOT NULL,
            adam_id        TEXT NOT NULL,
            pricing_param  TEXT NOT NULL,
            license_type   TEXT NOT NULL,
            target         TEXT NOT NULL,
            action         TEXT NOT NULL,
            batch_no       INTEGER NULL,
            outcome        TEXT NOT NULL,
            error_id       TEXT NULL,
            reason         TEXT NULL,
            PRIMARY KEY (job_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX job_targets_batch ON job_targets (job_id, batch_no, target);
        CREATE TABLE job_batches (
            job_id        TEXT NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
            batch_no      INTEGER NOT NULL,
            operation     TEXT NOT NULL,
            license_type  TEXT NOT NULL,
            assets        TEXT NOT NULL,
            targets       TEXT NOT NULL,
            state         TEXT NOT NULL,
            event_id      TEXT NULL,
            submitted_on  TEXT NULL,
            applied_on    TEXT NULL,
            PRIMARY KEY (job_id, batch_no)
        ) WITHOUT ROWID;
        """,

        // 4: which process runs a token's sync, so a sync whose process died reads as Interrupted.
        """
        ALTER TABLE tokens ADD COLUMN sync_owner TEXT NULL;
        """,
    };

    public static int LatestVersion => Steps.Length;
}
