using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Phantom.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL 15 cluster for the test run: <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on
/// 127.0.0.1 with a free port (unix socket inside the folder, fsync off for speed), stopped and deleted on dispose. Shared by
/// every test in <see cref="PostgresCollection"/>; each test asks for its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <remarks>
/// initdb refuses to run as root, so when the tests run as root the binaries run as the <c>postgres</c> user through
/// <c>runuser</c> and the folder is handed to that user. A machine without PostgreSQL fails the fixture with the
/// package to install; tests are never skipped (test.sh installs <c>postgresql</c>).
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string User = "postgres";
    private static int _databaseCounter;

    private string? _binDirectory;
    private string? _root;
    private bool _running;

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The cluster's folder (data in <c>data/</c>, socket in <c>socket/</c>, log in <c>server.log</c>).</summary>
    public string Root => _root ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>A connection string to the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    public async Task InitializeAsync()
    {
        _binDirectory = FindBinDirectory();
        Port = FreePort();
        _root = Path.Combine(Path.GetTempPath(), "phantom-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(_root, "socket"));
        if (IsRoot) await RunAsync("chown", ["-R", $"{User}:{User}", _root], asPostgres: false).ConfigureAwait(false);
        await RunAsync(Path.Combine(_binDirectory, "initdb"), ["-D", DataDirectory, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], asPostgres: true).ConfigureAwait(false);
        await StartServerAsync().ConfigureAwait(false);
    }

    /// <summary>Starts the (stopped) server again on the same port and data, e.g. after <see cref="StopServerAsync"/> in an outage test.</summary>
    public async Task StartServerAsync()
    {
        var options = $"-p {Port} -k {Path.Combine(Root, "socket")} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200";
        await RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), ["-D", DataDirectory, "-l", Path.Combine(Root, "server.log"), "-o", options, "-w", "-t", "60", "start"], asPostgres: true).ConfigureAwait(false);
        _running = true;
        // Pooled connections from before a restart are dead; drop them so the next test does not trip over one.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>
    /// Stops the server immediately, like a crash, until <see cref="StartServerAsync"/>. Committed data survives: fsync
    /// is off but synchronous commit is on, so every commit reached the OS before it was acknowledged.
    /// </summary>
    public async Task StopServerAsync()
    {
        if (!_running) return;
        await RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asPostgres: true).ConfigureAwait(false);
        _running = false;
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString + ";Pooling=false");
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    /// <summary>A connection string to database <paramref name="database"/> on this server.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Database = database, Pooling = true }.ToString();

    public async Task DisposeAsync()
    {
        if (_root is null) return;
        try
        {
            await StopServerAsync().ConfigureAwait(false);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; failing the run for it is not.
            }
        }
    }

    private string DataDirectory => Path.Combine(Root, "data");

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinDirectory()
    {
        const string preferred = "/usr/lib/postgresql/15/bin";
        if (File.Exists(Path.Combine(preferred, "initdb"))) return preferred;
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var any = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
            if (any is not null) return any;
        }

        throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). Install it with `apt-get install postgresql` "
            + "(test.sh does this); the journal tests need a real server and are not skipped.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && IsRoot)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", User, "--", program }) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = program;
        }

        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        // pg_ctl start leaves the server holding inherited pipes open, so read to the process exit, not to EOF.
        var stdout = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            string output;
            lock (stdout) output = stdout.ToString();
            throw new InvalidOperationException($"`{program} {string.Join(' ', arguments)}` failed with exit code {process.ExitCode}:\n{output}");
        }
    }
}
