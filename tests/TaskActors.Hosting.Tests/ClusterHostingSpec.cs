using Microsoft.Extensions.Options;
using TaskActors.Client;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Testing;

namespace TaskActors.Hosting.Tests;

/// <summary>
/// <c>AddTaskActors(o =&gt; o.UsePostgreSql(conn).UseCluster(...))</c>: two Generic Hosts in one process form a cluster on
/// one PostgreSQL database (the tests' throwaway server); a task submitted through one host's client is answered by the
/// other's. Bad cluster options stop the start with their appsettings paths.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterHostingSpec
{
    [Fact]
    public async Task Two_hosts_on_one_postgres_store_form_a_cluster_and_each_answers_for_the_other_s_tasks()
    {
        var postgres = PostgreSqlServer.CreateDatabase("hosting_cluster");
        var seedPort = FreePort();
        await using var first = new HostHarness();
        await using var second = new HostHarness();
        await first.StartAsync(o => o.UsePostgreSql(postgres).UseCluster("127.0.0.1", seedPort).NodeName = "host-a");
        await second.StartAsync(o => o.UsePostgreSql(postgres).UseCluster("127.0.0.1", 0, $"127.0.0.1:{seedPort}").NodeName = "host-b");

        var ids = Enumerable.Range(1, 8).Select(i => $"hosted-{i}").ToList();
        foreach (var id in ids)
        {
            Assert.IsType<SubmitResult.Accepted>(await first.Client.SubmitAsync(TaskSpec.Builder("slot-" + id, HandlerWorkload.Create("record")).Build(), id));
        }

        var nodes = new HashSet<string?>();
        foreach (var id in ids)
        {
            await HostHarness.WaitFor(second.Client, id, t => t.Phase == TaskPhase.Succeeded, "Succeeded", TimeSpan.FromSeconds(90));
            var runs = Assert.IsType<RunsResult.Found>(await second.Client.RunsAsync(id));
            nodes.Add(Assert.Single(runs.Runs).Node);
        }

        // Every attempt ran on one of the two hosts (which one is sharding's choice).
        Assert.Subset(new HashSet<string?> { "host-a", "host-b" }, nodes);
    }

    [Fact]
    public async Task Cluster_options_without_a_shared_store_or_with_bad_values_stop_the_start_naming_each()
    {
        await using var harness = new HostHarness();
        using var sqliteCluster = harness.Build(o => o.UseCluster("", 70000, "nohost", "host:0"));
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => sqliteCluster.StartAsync());
        Assert.Contains(failure.Failures, f => f.StartsWith("TaskActors:Cluster: needs a shared store: set TaskActors:PostgreSqlConnectionString", StringComparison.Ordinal));
        Assert.Contains("TaskActors:Cluster:Hostname: is empty (allowed: the host name or address the other nodes reach this node by)", failure.Failures);
        Assert.Contains("TaskActors:Cluster:Port: 70000 is not a port (allowed: 0 to 65535; 0 = any free port)", failure.Failures);
        Assert.Contains("TaskActors:Cluster:SeedNodes: 'nohost' is not host:port (allowed: e.g. 10.0.0.5:4053)", failure.Failures);
        Assert.Contains("TaskActors:Cluster:SeedNodes: 'host:0' is not host:port (allowed: e.g. 10.0.0.5:4053)", failure.Failures);

        using var postgresAlone = harness.Build(o => o.UsePostgreSql("Host=127.0.0.1;Database=x"));
        failure = await Assert.ThrowsAsync<OptionsValidationException>(() => postgresAlone.StartAsync());
        Assert.Contains(failure.Failures, f => f.StartsWith("TaskActors:PostgreSqlConnectionString: a PostgreSQL store is shared by the nodes of one cluster", StringComparison.Ordinal));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
