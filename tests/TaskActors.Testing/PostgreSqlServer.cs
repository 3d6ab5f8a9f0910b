using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TaskActors.Testing;

/// <summary>
/// A throwaway PostgreSQL server (fsync off: nothing in it must outlive the run) for the tests of this process: started lazily by the first <see cref="CreateDatabase"/>
/// (<c>initdb --no-sync --auth=trust</c> into a temp folder, <c>pg_ctl start</c> on a free loopback port), one fresh
/// database per caller (<c>CREATE DATABASE</c>), stopped when the test process exits, also when it is killed (a watcher
/// process stops the server once the test process's end of its stdin pipe closes).
/// </summary>
/// <remarks>
/// Needs the PostgreSQL server binaries (<c>postgresql-15</c> on Debian, which <c>.ci/run</c> installs); a run without
/// them fails with a message saying what to install, it never skips. <c>initdb</c> and <c>postgres</c> refuse to run as
/// root, so as root the server runs as the <c>postgres</c> user (<c>runuser</c>) in a folder that user owns.
/// <c>TASKACTORS_PG_BIN</c> names another bin folder.
/// </remarks>
public static class PostgreSqlServer
{
    private static readonly Lazy<Instance> Server = new(Instance.Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int s_databases;

    /// <summary>The superuser every connection string uses (<c>initdb -U</c>); trust authentication, no password.</summary>
    public const string User = "postgres";

    /// <summary>How long the server took to start (initdb + start + first connection), for the measurements.</summary>
    public static TimeSpan StartTime => Server.Value.StartTime;

    /// <summary>The bin folder of the server binaries in use.</summary>
    public static string BinDirectory => Server.Value.Bin;

    /// <summary>
    /// Creates an empty database named after <paramref name="purpose"/> (plus a counter) on the server, starting the server
    /// first if this process has none yet, and returns its Npgsql connection string.
    /// </summary>
    public static string CreateDatabase(string purpose)
    {
        var server = Server.Value;
        var name = Sanitize(purpose) + "_" + Interlocked.Increment(ref s_databases).ToString(CultureInfo.InvariantCulture) + "_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using (var connection = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            command.ExecuteNonQuery();
        }

        return server.ConnectionString(name);
    }

    private static string Sanitize(string purpose)
    {
        var chars = purpose.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        var text = new string(chars);
        return text.Length > 40 ? text[..40] : text;
    }

    private sealed class Instance
    {
        private readonly Process _watcher;
        private readonly string _directory;

        private Instance(string bin, int port, string directory, Process watcher, TimeSpan startTime)
        {
            Bin = bin;
            Port = port;
            _directory = directory;
            _watcher = watcher;
            StartTime = startTime;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        }

        public string Bin { get; }

        public int Port { get; }

        public TimeSpan StartTime { get; }

        public string ConnectionString(string database) => ConnectionString(Port, database);

        private static string ConnectionString(int port, string database) => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = User,
            Database = database,
            // Tests start many short-lived systems; a small idle lifetime returns their connections soon.
            ConnectionIdleLifetime = 10,
            // A test server holds nothing secret: errors carry the server's detail (which rows, which lock).
            IncludeErrorDetail = true,
        }.ToString();

        public static Instance Start()
        {
            var started = Stopwatch.StartNew();
            var bin = FindBin();
            var asRoot = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
            var directory = Directory.CreateTempSubdirectory("taskactors-pg-").FullName;
            var data = Path.Combine(directory, "data");
            if (asRoot)
            {
                Run("chown", ["-R", User, directory], asRoot: false);
            }

            Run(Path.Combine(bin, "initdb"), ["--no-sync", "--auth=trust", "-U", User, "-E", "UTF8", "--locale=C", "-D", data], asRoot);
            string? lastError = null;
            for (var round = 0; round < 5; round++)
            {
                var port = FreePort();
                var options = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300";
                try
                {
                    Run(Path.Combine(bin, "pg_ctl"), ["-w", "-D", data, "-l", Path.Combine(directory, "server.log"), "-o", options, "start"], asRoot);
                }
                catch (InvalidOperationException e)
                {
                    lastError = e.Message; // most likely the port was taken between FreePort and the start: try another
                    continue;
                }

                var watcher = StartWatcher(bin, data, asRoot);
                using (var connection = new NpgsqlConnection(ConnectionString(port, "postgres")))
                {
                    connection.Open();
                }

                return new Instance(bin, port, directory, watcher, started.Elapsed);
            }

            throw new InvalidOperationException($"PostgreSQL did not start in {directory}: {lastError}");
        }

        private static string FindBin()
        {
            var candidates = new List<string>();
            if (Environment.GetEnvironmentVariable("TASKACTORS_PG_BIN") is { Length: > 0 } configured)
            {
                candidates.Add(configured);
            }

            if (Directory.Exists("/usr/lib/postgresql"))
            {
                candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")));
            }

            return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                ?? throw new InvalidOperationException(
                    "The PostgreSQL tests need the PostgreSQL server binaries (initdb, pg_ctl, postgres) and found none in " +
                    (candidates.Count == 0 ? "/usr/lib/postgresql/*/bin" : string.Join(", ", candidates)) +
                    ". Install them (Debian: apt-get install postgresql-15; .ci/run does) or set TASKACTORS_PG_BIN to their folder.");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        /// <summary>
        /// A process that waits for end of file on its stdin (held by this process) and then stops the server: the server
        /// goes with this process however it ends.
        /// </summary>
        private static Process StartWatcher(string bin, string data, bool asRoot)
        {
            var script = $"cat >/dev/null; exec '{Path.Combine(bin, "pg_ctl")}' -D '{data}' -m immediate stop >/dev/null 2>&1";
            var info = Info("/bin/sh", ["-c", script], asRoot);
            info.RedirectStandardInput = true;
            return Process.Start(info) ?? throw new InvalidOperationException("the PostgreSQL watcher did not start");
        }

        private void Stop()
        {
            try
            {
                _watcher.StandardInput.Close();
                _watcher.WaitForExit(10_000);
                Directory.Delete(_directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // best effort at process exit
            }
        }

        private static ProcessStartInfo Info(string program, IEnumerable<string> arguments, bool asRoot)
        {
            var info = new ProcessStartInfo(asRoot ? "runuser" : program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = "/",
            };
            if (asRoot)
            {
                foreach (var a in new[] { "-u", User, "--", program })
                {
                    info.ArgumentList.Add(a);
                }
            }

            foreach (var a in arguments)
            {
                info.ArgumentList.Add(a);
            }

            return info;
        }

        private static void Run(string program, IEnumerable<string> arguments, bool asRoot)
        {
            var info = Info(program, arguments, asRoot);
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} did not finish in 120 s");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}");
            }
        }
    }
}
