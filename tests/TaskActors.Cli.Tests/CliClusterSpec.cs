using TaskActors.Testing;

namespace TaskActors.Cli.Tests;

/// <summary>
/// End-to-end: two `serve --postgres` processes form a cluster on one PostgreSQL store (the tests' throwaway server);
/// a manifest run through one node's API is answered by the other's, and `--postgres` reads the store directly.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class CliClusterSpec : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskactors-cli-cluster-").FullName;

    [Fact]
    public async Task Two_serve_nodes_on_one_postgres_store_form_a_cluster_and_either_answers_for_every_task()
    {
        var postgres = PostgreSqlServer.CreateDatabase("cli_cluster");
        var (clusterA, clusterB) = (CliHttp.FreePort(), CliHttp.FreePort());
        var (httpA, httpB) = ($"http://127.0.0.1:{CliHttp.FreePort()}", $"http://127.0.0.1:{CliHttp.FreePort()}");
        var manifest = Path.Combine(_directory, "tasks.yaml");
        await File.WriteAllTextAsync(manifest, string.Join("---\n", Enumerable.Range(1, 6).Select(i =>
            $"metadata: {{id: shared-{i}}}\n" +
            $"spec: {{slot: shared-{i}, workload: {{subprocess: {{command: sh, args: [-c, 'echo $TASKACTORS_TASK_ID']}}}}}}\n")));

        using var a = CliProcess.Start(_directory, "serve", "--postgres", postgres, "--cluster-port", clusterA.ToString(System.Globalization.CultureInfo.InvariantCulture), "--node-name", "node-a", "--http", httpA);
        using var b = CliProcess.Start(_directory, "serve", "--postgres", postgres, "--cluster-port", clusterB.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{clusterA}", "--node-name", "node-b", "--http", httpB);
        foreach (var (process, server) in new[] { (a, httpA), (b, httpB) })
        {
            await CliHttp.Eventually(async () => process.HasExited || (await CliProcess.RunAsync(_directory, "list", "--server", server)).ExitCode == 0, $"{server} to answer", seconds: 90);
            Assert.False(process.HasExited, $"serve at {server} exited early");
        }

        var run = await CliProcess.RunAsync(_directory, "run", manifest, "--server", httpA, "--until-done", "-o", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);

        // Node B answers for every task (wherever its entity lives); the store read directly agrees.
        foreach (var i in Enumerable.Range(1, 6))
        {
            using var viaB = await CliHttp.JsonOf(_directory, "get", $"shared-{i}", "--server", httpB, "-o", "json");
            Assert.Equal("succeeded", viaB.RootElement.GetProperty("status").GetProperty("phase").GetString());
            using var direct = await CliHttp.JsonOf(_directory, "get", $"shared-{i}", "--postgres", postgres, "-o", "json");
            Assert.Equal("succeeded", direct.RootElement.GetProperty("status").GetProperty("phase").GetString());
        }

        using (var list = await CliHttp.JsonOf(_directory, "list", "--postgres", postgres, "-o", "json"))
        {
            Assert.Equal(6, list.RootElement.GetArrayLength());
        }

        Assert.Equal(3, (await CliProcess.RunAsync(_directory, "get", "nobody", "--postgres", postgres)).ExitCode);
        Assert.Equal(2, (await CliProcess.RunAsync(_directory, "serve", "--postgres", postgres, "--seed", "nonsense")).ExitCode);

        foreach (var process in new[] { a, b })
        {
            using var stop = System.Diagnostics.Process.Start("kill", ["-TERM", process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await stop.WaitForExitAsync();
            var ended = await process.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(ended.ExitCode == 0, $"serve: exit {ended.ExitCode}\n{ended.Stderr}");
            Assert.Contains("cluster node akka.tcp://taskactors@127.0.0.1:", ended.Stderr, StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
