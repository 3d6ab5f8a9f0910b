using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using TaskActors.AspNetCore.Client;
using TaskActors.Client;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.AspNetCore.Tests;

/// <summary>
/// The web sample (samples/TaskActors.Samples.Web) started as its own process and probed over HTTP, and README's
/// embedding snippet kept identical to the sample's Program.cs.
/// </summary>
public sealed partial class SampleWebSpec : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskactors-web-sample-").FullName;

    [Fact]
    public async Task The_web_sample_serves_health_the_API_the_dashboard_and_exports_its_spans()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(SamplePath())!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { SamplePath(), "--urls", url, "--TaskActors:StorePath", Path.Combine(_directory, "sample.db") })
        {
            start.ArgumentList.Add(argument);
        }

        using var sample = Process.Start(start) ?? throw new InvalidOperationException("could not start the web sample");
        var output = sample.StandardOutput.ReadToEndAsync();
        var errors = sample.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url + "/") };
            await EventuallyAsync(async () => sample.HasExited || await HealthyAsync(http), "the sample to report Healthy on /healthz");
            Assert.False(sample.HasExited, "the sample exited early");

            var client = new HttpTaskClient(http);
            var spec = TaskSpec.Builder("invoices", HandlerWorkload.Create("send-invoice", new { id = 42 }))
                .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 50, 50, 1)).Build();
            Assert.IsType<SubmitResult.Accepted>(await client.SubmitAsync(spec, "invoice-42"));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await foreach (var change in client.WatchAsync("invoice-42", 0, deadline.Token))
            {
                // A failed attempt and its retry are written together but watched one by one: the task itself says when it is settled.
                if (change.Task.IsSettled && await client.GetAsync("invoice-42", deadline.Token) is GetResult.Found { Task: { IsSettled: true } settled })
                {
                    Assert.Equal(TaskPhase.Succeeded, settled.Phase);
                    Assert.Equal(2, settled.Status.Attempt);   // the sample's mail server refuses each invoice once
                    break;
                }
            }

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("taskactors/")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/openapi/taskactors.json")).StatusCode);
        }
        finally
        {
            using (var stop = Process.Start("kill", ["-TERM", sample.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await stop.WaitForExitAsync();
            }

            await sample.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }

        var text = await output;
        Assert.True(sample.ExitCode == 0, $"exit {sample.ExitCode}\n{text}\n{await errors}");
        Assert.Contains("TaskActors started: store " + Path.Combine(_directory, "sample.db"), text, StringComparison.Ordinal);
        Assert.Contains("taskactors.attempt", text, StringComparison.Ordinal);   // the console exporter printed the attempt spans
    }

    [Fact]
    public void README_shows_the_web_sample_s_Program_cs_line_for_line()
    {
        var repository = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(repository, "README.md"));
        var match = SnippetPattern().Match(readme);
        Assert.True(match.Success, "README.md has no ```csharp block right after <!-- snippet: samples/TaskActors.Samples.Web/Program.cs -->");
        var program = File.ReadAllLines(Path.Combine(repository, "samples", "TaskActors.Samples.Web", "Program.cs"));

        // The sample's Program.cs from its first `using` on is exactly the README's block (the comment above it says how to run it).
        var code = program.SkipWhile(l => !l.StartsWith("using ", StringComparison.Ordinal)).ToArray();
        var shown = match.Groups["code"].Value.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        Assert.Equal(code.Select(l => l.TrimEnd()), shown.Select(l => l.TrimEnd()));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans temp folders
        }
    }

    [GeneratedRegex(@"<!-- snippet: samples/TaskActors.Samples.Web/Program.cs -->\s*```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SnippetPattern();

    private static async Task<bool> HealthyAsync(HttpClient http)
    {
        try
        {
            return await http.GetStringAsync("healthz") == "Healthy";
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited 60 s for {what}");
            }

            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        // tests/TaskActors.AspNetCore.Tests/bin/<Configuration>/net10.0/ -> the repository
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
    }

    private static string SamplePath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var sample = Path.Combine(RepositoryRoot(), "samples", "TaskActors.Samples.Web", "bin", output.Parent!.Name, output.Name, "TaskActors.Samples.Web.dll");
        return File.Exists(sample) ? sample : throw new FileNotFoundException("build the web sample first", sample);
    }
}
