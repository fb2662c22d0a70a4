<#
    The PostgreSQL test server for the Pester files: VPP_TEST_POSTGRES, a connection string to a database
    the tests may create schemas in. Dot-source this file after importing the module. Each shared store a
    test needs is a new, empty schema, so tests stay independent without creating a database each.

    No PostgreSQL client is installed for the tests: the schema is created through the module's own copy
    of Npgsql, loaded by name in the module's private load context (PowerShell 7.4+).
#>

# Why tests of a shared store are skipped, or nothing when the test server is set.
function Get-TestPostgresSkipReason {
    if ($env:VPP_TEST_POSTGRES) { return $null }
    # In CI the server is required: its cases run, and fail, rather than pass unnoticed.
    if ($env:VPP_TEST_POSTGRES_REQUIRED -eq '1' -or $env:CI -eq 'true') { return $null }
    'No PostgreSQL test server: set VPP_TEST_POSTGRES to a connection string (Host=...;Port=...;Username=...;Database=...).'
}

# The connection string of a new, empty schema of the test server.
function New-TestPostgresStore {
    $server = $env:VPP_TEST_POSTGRES
    if (-not $server) { throw (Get-TestPostgresSkipReason) }
    $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'VppPowerShell' | Select-Object -First 1
    if (-not $context) { throw 'The module has no private load context: import the laid-out module first.' }
    $npgsql = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('Npgsql'))

    $schema = 't_' + [guid]::NewGuid().ToString('N').Substring(0, 20)
    $connection = $npgsql.GetType('Npgsql.NpgsqlConnection', $true)::new($server)
    try {
        $connection.Open()
        $command = $connection.CreateCommand()
        $command.CommandText = "CREATE SCHEMA $schema;"
        $null = $command.ExecuteNonQuery()
        $command.Dispose()
    }
    finally {
        $connection.Dispose()
    }

    $builder = $npgsql.GetType('Npgsql.NpgsqlConnectionStringBuilder', $true)::new($server)
    $builder.SearchPath = $schema
    $builder.ConnectionString
}
